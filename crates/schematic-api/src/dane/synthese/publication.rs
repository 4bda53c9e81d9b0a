//! What a publication shows: statistical secrecy applied to a synthesis
//! (see `schematic_core::synthese::secret`), and the synthesis as
//! spreadsheet tables (CSV, XLSX).

use std::collections::HashMap;

use schematic_core::synthese::{Agregat, COLONNES_NIVEAUX, Masque, SEUIL_SECRET, secret};
use schematic_exchange::tableur::{Cellule, Feuille};

use super::{MARQUE_SECRET, masquer};
use crate::dto::{DomaineSyntheseDto, ItemSyntheseDto, LigneTerritoireDto, SyntheseDto, ValeurDto};

/// Applies statistical secrecy column by column (see
/// `schematic_core::synthese::secret`) and returns the notes saying what was
/// hidden and why.
#[allow(clippy::too_many_arguments)]
pub(super) fn appliquer_secret(
    lignes: &mut [LigneTerritoireDto],
    total: &mut LigneTerritoireDto,
    items: &mut [ItemSyntheseDto],
    territoires: &[schematic_dane_store::Territoire],
    actuels: &HashMap<String, Agregat>,
    anciens: &HashMap<String, Agregat>,
    domaines: &[DomaineSyntheseDto],
    vide: &Agregat,
) -> Vec<String> {
    let agregat = |t: &schematic_dane_store::Territoire| actuels.get(&t.code).unwrap_or(vide);
    let mut notes = Vec::new();
    let mut raisons: Vec<(String, Masque)> = Vec::new();

    // Establishments with a diagnostic (and the rate computed from it).
    let bases: Vec<u32> = territoires.iter().map(|t| agregat(t).diagnostics).collect();
    for (i, m) in secret(&bases).into_iter().enumerate() {
        masquer(&mut lignes[i].diagnostics, m);
        masquer(&mut lignes[i].taux, m);
        if m != Masque::Visible {
            raisons.push((lignes[i].libelle.clone(), m));
        }
    }
    let n_total: u32 = bases.iter().sum();
    if n_total > 0 && n_total < SEUIL_SECRET {
        masquer(&mut total.diagnostics, Masque::Primaire);
        masquer(&mut total.taux, Masque::Primaire);
        raisons.push(("Total".into(), Masque::Primaire));
    }
    // Each domain's mean, from the establishments that answered in it; the
    // change since last year also needs last year's base.
    for (k, d) in domaines.iter().enumerate() {
        let bases: Vec<u32> = territoires.iter().map(|t| agregat(t).moyenne(&d.id).etablissements).collect();
        for (i, m) in secret(&bases).into_iter().enumerate() {
            masquer(&mut lignes[i].moyennes[k], m);
            let avant = anciens.get(&territoires[i].code).map_or(0, |a| a.moyenne(&d.id).etablissements);
            let m_evolution =
                if m == Masque::Visible && avant > 0 && avant < SEUIL_SECRET { Masque::Primaire } else { m };
            masquer(&mut lignes[i].evolutions[k], m_evolution);
        }
        let base_totale: u32 = bases.iter().sum();
        if base_totale > 0 && base_totale < SEUIL_SECRET {
            masquer(&mut total.moyennes[k], Masque::Primaire);
            masquer(&mut total.evolutions[k], Masque::Primaire);
        }
        let avant_total: u32 = anciens.values().map(|a| a.moyenne(&d.id).etablissements).sum();
        if avant_total > 0 && avant_total < SEUIL_SECRET {
            masquer(&mut total.evolutions[k], Masque::Primaire);
        }
    }
    for l in lignes.iter_mut() {
        l.non_enroles = 0;
    }
    total.non_enroles = 0;
    // Item distributions: each row's cells add up to the row's total.
    let mut items_masques = 0;
    for item in items.iter_mut() {
        let bases: Vec<u32> = item.comptes.iter().map(|c| c.valeur.unwrap_or(0.0) as u32).collect();
        for (c, m) in item.comptes.iter_mut().zip(secret(&bases)) {
            if m != Masque::Visible {
                items_masques += 1;
            }
            masquer(c, m);
        }
        debug_assert_eq!(bases.len(), COLONNES_NIVEAUX);
    }

    notes.push(format!(
        "Secret statistique : une case construite à partir de moins de {SEUIL_SECRET} établissements est masquée (« {MARQUE_SECRET} ») ; quand une seule case d’une colonne ou d’une ligne l’est, une seconde l’est aussi pour qu’on ne puisse pas la retrouver par différence avec le total."
    ));
    for (libelle, m) in raisons {
        notes.push(match m {
            Masque::Primaire => format!("« {libelle} » : moins de {SEUIL_SECRET} établissements avec un diagnostic (secret primaire)."),
            _ => format!(
                "« {libelle} » : masqué pour qu’une case cachée ne puisse pas être recalculée à partir du total (secret secondaire)."
            ),
        });
    }
    let moyennes_masquees = lignes.iter().flat_map(|l| l.moyennes.iter()).filter(|v| v.masque.is_some()).count();
    if moyennes_masquees > 0 {
        notes.push(format!(
            "{moyennes_masquees} moyenne{} de domaine masquée{} : moins de {SEUIL_SECRET} établissements ont répondu dans ce domaine, ou secret secondaire.",
            if moyennes_masquees > 1 { "s" } else { "" },
            if moyennes_masquees > 1 { "s" } else { "" }
        ));
    }
    if items_masques > 0 {
        notes.push(format!(
            "Répartition par item : {items_masques} case{} masquée{} (moins de {SEUIL_SECRET} établissements, ou secret secondaire).",
            if items_masques > 1 { "s" } else { "" },
            if items_masques > 1 { "s" } else { "" }
        ));
    }
    notes
}

fn valeur(v: &ValeurDto, decimales: u8) -> Cellule {
    match (v.valeur, &v.masque) {
        (_, Some(_)) => Cellule::Masque(MARQUE_SECRET),
        (None, None) => Cellule::Vide,
        (Some(x), None) if decimales == 0 => Cellule::Entier(x as i64),
        (Some(x), None) => Cellule::Decimal(x, decimales),
    }
}

/// The tables of a synthesis, for CSV and XLSX.
pub fn feuilles(s: &SyntheseDto) -> Vec<Feuille> {
    let mut entetes = vec!["Code".to_string(), s.libelle_par.clone(), "Établissements (annuaire)".into()];
    entetes.push("Avec un diagnostic".into());
    if !s.publication {
        entetes.push("Dont non enrôlés".into());
    }
    entetes.push("Participation (%)".into());
    for d in &s.domaines {
        entetes.push(format!("Maturité — {}", d.titre));
    }
    for d in &s.domaines {
        entetes.push(format!("Évolution depuis {} — {}", s.annee_precedente, d.titre));
    }
    let ligne = |l: &LigneTerritoireDto| {
        let mut c =
            vec![Cellule::texte(&l.code), Cellule::texte(&l.libelle), Cellule::Entier(i64::from(l.etablissements))];
        c.push(valeur(&l.diagnostics, 0));
        if !s.publication {
            c.push(Cellule::Entier(i64::from(l.non_enroles)));
        }
        c.push(valeur(&l.taux, 1));
        c.extend(l.moyennes.iter().map(|v| valeur(v, 2)));
        c.extend(l.evolutions.iter().map(|v| valeur(v, 2)));
        c
    };
    let mut lignes: Vec<Vec<Cellule>> = s.territoires.iter().map(ligne).collect();
    lignes.push(ligne(&s.total));
    let mut entete_notes = vec![format!(
        "SchémaTIC — {} {} — année scolaire {}{}",
        if s.publication { "publication" } else { "synthèse interne" },
        s.libelle_par.to_lowercase(),
        s.annee,
        s.perimetre.as_ref().map(|p| format!(" — {p}")).unwrap_or_default()
    )];
    entete_notes.extend(s.notes.iter().cloned());
    let territoires = Feuille { nom: "Territoires".into(), entetes, lignes, notes: entete_notes.clone() };
    let items = Feuille {
        nom: "Items".into(),
        entetes: [
            "Référentiel",
            "Version",
            "Item",
            "Intitulé",
            "Aucun niveau",
            "Niveau 1",
            "Niveau 2",
            "Niveau 3",
            "Non applicable",
            "Non renseigné",
        ]
        .map(String::from)
        .to_vec(),
        lignes: s
            .items
            .iter()
            .map(|i| {
                let mut c = vec![
                    Cellule::texte(&i.referentiel),
                    Cellule::texte(&i.version),
                    Cellule::texte(&i.item),
                    Cellule::texte(&i.titre),
                ];
                c.extend(i.comptes.iter().map(|v| valeur(v, 0)));
                c
            })
            .collect(),
        notes: entete_notes,
    };
    vec![territoires, items]
}
