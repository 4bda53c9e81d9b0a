//! The trust rules an import applies to a payload after its verification
//! (docs/format/import-dane.md): plausible dates, and the establishment as
//! the annuaire describes it.

use chrono::{DateTime, Datelike, Duration, Utc};
use schematic_core::{AnneeScolaire, Degre, Referentiel, TypeEtablissement};
use schematic_dane_store::FicheAnnuaire;
use schematic_exchange::format_diagnostic::ChargeDiagnostic;
use schematic_exchange::texte::nettoyer;

/// No school year before this one is plausible (SchémaTIC did not exist).
pub const PREMIERE_ANNEE_SCOLAIRE: u16 = 2020;

/// How far in the future of the DANE's clock a signing time may be (clocks
/// of school PCs drift).
const AVANCE_TOLEREE_HEURES: i64 = 24;

/// The plausibility rules on dates: signed no later than the DANE received
/// it (give or take a day of clock drift), for a school year no later than
/// the one following the signing date and no earlier than SchémaTIC.
pub(super) fn dates_invraisemblables(d: &ChargeDiagnostic, maintenant: DateTime<Utc>) -> Option<String> {
    let signe = DateTime::parse_from_rfc3339(&d.genere_le).ok()?.with_timezone(&Utc);
    let jour = |t: DateTime<Utc>| t.format("%d/%m/%Y").to_string();
    if signe > maintenant + Duration::hours(AVANCE_TOLEREE_HEURES) {
        return Some(format!(
            "Le fichier se dit signé le {}, après sa réception par la DANE le {} : l’horloge de l’ordinateur de l’établissement est fausse ; qu’il exporte de nouveau une fois l’heure corrigée.",
            jour(signe),
            jour(maintenant)
        ));
    }
    let annee: AnneeScolaire = d.annee_scolaire.parse().ok()?;
    let courante = AnneeScolaire::en_cours(signe.year(), signe.month()).ok()?;
    if annee.debut() > courante.debut() + 1 {
        return Some(format!(
            "Année scolaire {annee} trop lointaine pour un diagnostic signé le {} : au plus l’année scolaire suivante ({}).",
            jour(signe),
            courante.suivante().map(|a| a.to_string()).unwrap_or_default()
        ));
    }
    if annee.debut() < PREMIERE_ANNEE_SCOLAIRE {
        return Some(format!(
            "Année scolaire {annee} antérieure à SchémaTIC : {PREMIERE_ANNEE_SCOLAIRE}-{} au plus tôt.",
            PREMIERE_ANNEE_SCOLAIRE + 1
        ));
    }
    None
}

/// Lower case, without accents or punctuation: « Aix-Marseille » and
/// « AIX MARSEILLE » are the same académie.
fn comparable(texte: &str) -> String {
    texte
        .chars()
        .filter_map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'à' | 'â' | 'ä' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'î' | 'ï' => Some('i'),
            'ô' | 'ö' => Some('o'),
            'ù' | 'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// How the establishment described in the payload disagrees with the
/// annuaire (type family, degree of the referential, département,
/// académie), if it does. What the annuaire leaves blank is not compared.
pub(super) fn ecarts_annuaire(d: &ChargeDiagnostic, fiche: &FicheAnnuaire, referentiel: &Referentiel) -> Vec<String> {
    let mut ecarts = Vec::new();
    let famille = fiche.famille.as_str();
    let libelle = schematic_core::annuaire::libelle_famille(famille);
    if famille != "autre" {
        let type_etablissement = d.etablissement.type_etablissement.parse::<TypeEtablissement>().ok();
        let familles: &[&str] = match type_etablissement {
            Some(
                TypeEtablissement::EcoleMaternelle
                | TypeEtablissement::EcoleElementaire
                | TypeEtablissement::EcolePrimaire,
            ) => &["ecole"],
            Some(TypeEtablissement::College) => &["college"],
            Some(TypeEtablissement::Lycee | TypeEtablissement::LyceeProfessionnel) => &["lycee"],
            Some(TypeEtablissement::Erea) => &["erea"],
            Some(TypeEtablissement::CiteScolaire) => &["college", "lycee"],
            None => &[],
        };
        if !familles.contains(&famille) {
            ecarts.push(format!(
                "type « {} » pour un établissement « {libelle} »",
                nettoyer(&d.etablissement.type_etablissement)
            ));
        }
        let degre = if famille == "ecole" { Degre::Premier } else { Degre::Second };
        if referentiel.degre != degre {
            ecarts.push(format!("référentiel « {} » pour un établissement « {libelle} »", referentiel.id));
        }
    }
    if !fiche.departement.is_empty() && fiche.departement != d.etablissement.departement {
        ecarts.push(format!("département {} au lieu de {}", nettoyer(&d.etablissement.departement), fiche.departement));
    }
    if !fiche.academie.is_empty() && comparable(&fiche.academie) != comparable(&d.etablissement.academie) {
        ecarts.push(format!(
            "académie « {} » au lieu de « {} »",
            nettoyer(&d.etablissement.academie),
            nettoyer(&fiche.academie)
        ));
    }
    ecarts
}
