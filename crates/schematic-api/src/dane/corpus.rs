//! A generated corpus for the DANE space's tests and benchmarks: M
//! establishments in an annuaire CSV, N signed diagnostics from them shared
//! out over Y school years (folders `diagnostics/<année>/<département>/`), signed by per-establishment keys and carrying enrolment
//! certificates issued by the DANE key of a data directory. Deterministic for
//! a given seed. (`cargo xtask gen-dane-corpus` runs it.)

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use schematic_core::diagnostic::{Reponse, Reponses};
use schematic_core::uai::lettre_de_controle;
use schematic_core::{AnneeScolaire, Degre, Referentiel, territoire};
use schematic_exchange::enrolement::{DemandeV1, emettre};
use schematic_exchange::format_diagnostic::{
    ChargeDiagnostic, EtablissementCharge, FORMAT, InfoDiagnosticCharge, ReferentielCharge, VERSION_FORMAT,
};
use schematic_exchange::{CleInstallation, Enveloppe};

use crate::dane::EspaceDane;
use crate::error::{ApiError, ErrorKind};
use schematic_exchange::format_diagnostic::reponses_charge;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parametres {
    pub diagnostics: usize,
    pub etablissements: usize,
    pub annees: usize,
    /// Last school year generated starts in this year.
    pub derniere_annee: u16,
    pub graine: u64,
}

/// Where the corpus was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corpus {
    pub annuaire: PathBuf,
    pub circonscriptions: PathBuf,
    pub diagnostics: PathBuf,
    pub fichiers: usize,
}

/// A small deterministic generator (SplitMix64).
#[derive(Debug)]
struct Hasard(u64);

impl Hasard {
    fn suivant(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn sous(&mut self, n: u64) -> u64 {
        self.suivant() % n
    }
}

/// A made-up establishment: its UAI, family, département and key.
#[derive(Debug, Clone)]
pub struct Fictif {
    pub uai: String,
    /// `ecole`, `college` or `lycee`.
    pub famille: &'static str,
    pub departement: &'static territoire::Departement,
    graine: [u8; 32],
}

impl Fictif {
    /// Establishment `numero` (0 to 9,999) of a metropolitan département.
    pub fn nouveau(departement: &str, numero: usize, famille: &'static str, graine: u64) -> Option<Self> {
        let d =
            territoire::departement(departement).filter(|d| d.code.len() == 2 && d.code != "2A" && d.code != "2B")?;
        let sept = format!("0{}{:04}", d.code, numero % 10_000);
        let uai = format!("{sept}{}", lettre_de_controle(&sept));
        Some(Self { graine: graine_cle(graine, &uai), uai, famille, departement: d })
    }

    /// The installation key of this establishment.
    pub fn cle(&self) -> CleInstallation {
        CleInstallation::depuis_graine(self.graine)
    }

    /// The annuaire's type label.
    pub fn type_libelle(&self) -> &'static str {
        match self.famille {
            "ecole" => "Ecole",
            "college" => "Collège",
            _ => "Lycée",
        }
    }

    /// An enrolment certificate for this establishment's key.
    pub fn certificat(&self, cle_dane: &CleInstallation, numero: &str, du: &str, au: &str) -> Enveloppe {
        let demande = DemandeV1 {
            format: "schematic.demande-enrolement".into(),
            version_format: 1,
            uai: self.uai.clone(),
            cle: self.cle().publique().keyid(),
            date: format!("{du}T08:00:00Z"),
            application: "SchémaTIC (corpus)".into(),
        };
        emettre(&demande, numero, du, au, cle_dane, &format!("{du}T08:00:00Z"))
    }

    /// A diagnostic of this establishment on the newest embedded version of
    /// its referential.
    pub fn diagnostic(
        &self,
        annee: AnneeScolaire,
        revision: u32,
        genere_le: &str,
        reponses: &Reponses,
        certificat: Option<Enveloppe>,
    ) -> ChargeDiagnostic {
        self.diagnostic_sur(self.referentiel(), annee, revision, genere_le, reponses, certificat)
    }

    /// The newest embedded referential of this establishment's degree.
    pub fn referentiel(&self) -> &'static Referentiel {
        Referentiel::pour_degre(if self.famille == "ecole" { Degre::Premier } else { Degre::Second })
    }

    /// A diagnostic of this establishment answered on `referentiel` (format 2).
    pub fn diagnostic_sur(
        &self,
        referentiel: &Referentiel,
        annee: AnneeScolaire,
        revision: u32,
        genere_le: &str,
        reponses: &Reponses,
        certificat: Option<Enveloppe>,
    ) -> ChargeDiagnostic {
        let (niveaux, non_renseignes, resultats) = reponses_charge(referentiel, reponses);
        ChargeDiagnostic {
            format: FORMAT.into(),
            version_format: VERSION_FORMAT,
            application: "SchémaTIC (corpus)".into(),
            genere_le: genere_le.into(),
            cle: self.cle().publique().keyid(),
            referentiel: ReferentielCharge {
                id: referentiel.id.clone(),
                version: referentiel.version.clone(),
                empreinte: referentiel.empreinte(),
            },
            etablissement: EtablissementCharge {
                uai: self.uai.clone(),
                type_etablissement: if self.famille == "ecole" { "ecole-primaire" } else { self.famille }.into(),
                academie: self.departement.academie.into(),
                departement: self.departement.code.into(),
                circonscription: None,
            },
            annee_scolaire: annee.to_string(),
            diagnostic: InfoDiagnosticCharge { id: 1, revision, statut: "finalise".into() },
            reponses: niveaux,
            non_renseignes,
            resultats,
            plan_action: Vec::new(),
            participants: BTreeMap::new(),
            commentaires: None,
            certificat,
        }
    }

    /// This establishment's line of an annuaire CSV (see [`ENTETE_ANNUAIRE`]).
    pub fn ligne_annuaire(&self, nom: &str) -> String {
        let d = self.departement;
        format!(
            "{};{nom};{};Public;{}000;Commune;0{};{};00;{};OUVERT\n",
            self.uai,
            self.type_libelle(),
            d.code,
            d.code,
            d.nom,
            d.academie
        )
    }
}

/// The header of the annuaire CSV written by the corpus (label form).
pub const ENTETE_ANNUAIRE: &str = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;Nom_commune;Code_departement;Libelle_departement;Code_academie;Libelle_academie;etat\n";

/// The generated establishment number `i`, spread over metropolitan départements.
/// The `i`-th establishment of a corpus made with `graine` (its key depends on
/// `graine`, its UAI does not).
pub fn etablissement(i: usize, graine: u64) -> Fictif {
    let metropole: Vec<&territoire::Departement> = territoire::DEPARTEMENTS
        .iter()
        .filter(|d| d.code.len() == 2 && d.code.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let famille = match i % 10 {
        0..=6 => "ecole",
        7 | 8 => "college",
        _ => "lycee",
    };
    let d = metropole[i % metropole.len()];
    Fictif::nouveau(d.code, i / metropole.len(), famille, graine).expect("metropolitan département")
}

fn graine_cle(graine: u64, uai: &str) -> [u8; 32] {
    let mut h = Hasard(
        graine ^ uai.bytes().fold(0xcbf2_9ce4_8422_2325u64, |a, b| (a ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)),
    );
    let mut octets = [0u8; 32];
    for morceau in octets.chunks_mut(8) {
        morceau.copy_from_slice(&h.suivant().to_le_bytes());
    }
    octets
}

/// Generates the corpus into `sortie`, with certificates issued by the DANE
/// key of `dane` (created if needed).
pub fn generer(dane: &mut EspaceDane, sortie: &Path, p: Parametres) -> Result<Corpus, ApiError> {
    generer_avec_versions(dane, sortie, p, &[])
}

/// The same, with every other establishment whose referential has a version
/// in `autres` answering on that version (its « non applicable » items
/// answered so one time in ten): a corpus that mixes versions.
pub fn generer_avec_versions(
    dane: &mut EspaceDane,
    sortie: &Path,
    p: Parametres,
    autres: &[Referentiel],
) -> Result<Corpus, ApiError> {
    if p.etablissements == 0 || p.annees == 0 || p.etablissements > 500_000 {
        return Err(ApiError::new(
            ErrorKind::SaisieInvalide,
            "Il faut de 1 à 500 000 établissements et au moins une année scolaire.",
        ));
    }
    let echec = |e: std::io::Error| ApiError::new(ErrorKind::Fichier, format!("Écriture du corpus impossible : {e}."));
    let cle_dane = dane.cle_privee_dane()?;
    let dossier = sortie.join("diagnostics");
    fs::create_dir_all(&dossier).map_err(echec)?;

    let mut annuaire = String::from(ENTETE_ANNUAIRE);
    let mut circonscriptions = String::from("uai;circonscription\n");
    let etablissements: Vec<Fictif> = (0..p.etablissements).map(|i| etablissement(i, p.graine)).collect();
    for (i, e) in etablissements.iter().enumerate() {
        annuaire.push_str(&e.ligne_annuaire(&format!("{} n° {i}", e.type_libelle())));
        if e.famille == "ecole" {
            let _ = writeln!(circonscriptions, "{};{}-{}", e.uai, e.departement.code, i % 5 + 1);
        }
    }
    let chemin_annuaire = sortie.join("annuaire.csv");
    let chemin_circ = sortie.join("circonscriptions.csv");
    fs::write(&chemin_annuaire, annuaire).map_err(echec)?;
    fs::write(&chemin_circ, circonscriptions).map_err(echec)?;

    let derniere = AnneeScolaire::commencant_en(p.derniere_annee)?;
    let premiere = derniere.debut() - u16::try_from(p.annees - 1).unwrap_or(0);
    let (du, au) = (format!("{premiere}-09-01"), format!("{}-08-31", derniere.debut() + 1));
    let mut hasard = Hasard(p.graine);
    let mut certificats: BTreeMap<usize, Enveloppe> = BTreeMap::new();
    // The diagnostics are shared out evenly over the years; within a year,
    // establishments in order, then again as second revisions if there are
    // more diagnostics than establishments.
    let par_annee = p.diagnostics.div_ceil(p.annees).max(1);
    for n in 0..p.diagnostics {
        let an = n / par_annee;
        let i = (n % par_annee) % p.etablissements;
        let revision = u32::try_from((n % par_annee) / p.etablissements).unwrap_or(0) + 1;
        let e = &etablissements[i];
        let annee = AnneeScolaire::commencant_en(premiere + u16::try_from(an).unwrap_or(0))?;
        let certificat = certificats
            .entry(i)
            .or_insert_with(|| e.certificat(&cle_dane, &format!("SCH-{premiere}-{:05}", i + 1), &du, &au))
            .clone();
        let referentiel = match autres.iter().find(|r| r.id == e.referentiel().id) {
            Some(autre) if i % 2 == 1 => autre,
            _ => e.referentiel(),
        };
        // Levels drift upwards with the years; about one item in ten left
        // unanswered; « non applicable » one time in ten where allowed.
        let reponses: Reponses = referentiel
            .items()
            .filter_map(|item| {
                let tirage = hasard.sous(100);
                if item.non_applicable.is_some() && tirage >= 90 {
                    return Some((item.id.clone(), Reponse::NonApplicable));
                }
                let v = if tirage < 10 { None } else { Some(((tirage + an as u64 * 7) % 4) as u8) };
                Some((item.id.clone(), Reponse::depuis_valeur(v)?))
            })
            .collect();
        let genere_le = format!("{}-05-{:02}T10:{:02}:00Z", annee.debut() + 1, 1 + revision.min(27), n % 60);
        let charge = e.diagnostic_sur(referentiel, annee, revision, &genere_le, &reponses, Some(certificat));
        let sous_dossier = dossier.join(annee.to_string()).join(e.departement.code);
        if n % par_annee < p.etablissements {
            fs::create_dir_all(&sous_dossier).map_err(echec)?;
        }
        fs::write(sous_dossier.join(charge.nom_fichier()), charge.signer(&e.cle()).octets()).map_err(echec)?;
    }
    Ok(Corpus {
        annuaire: chemin_annuaire,
        circonscriptions: chemin_circ,
        diagnostics: dossier,
        fichiers: p.diagnostics,
    })
}
