//! What a publication says about the cells statistical secrecy hid (the
//! rule itself is `schematic_core::secret`), and the synthesis as
//! spreadsheet tables (CSV, XLSX).

use schematic_core::Referentiel;
use schematic_core::secret::{Case, Colonne, Masque, SEUIL_SECRET, TableauTerritoires};
use schematic_exchange::tableur::{Cellule, Feuille};

use super::MARQUE_SECRET;
use crate::dto::{LigneTerritoireDto, SyntheseDto, ValeurDto};

/// What a publication's notes say about the cells secrecy hid: the rule,
/// each territory whose count is hidden and why, and how many means and
/// item cells are hidden.
pub(super) fn notes_du_secret(
    tableau: &TableauTerritoires,
    libelles: &[String],
    items: &[(&Referentiel, usize, Vec<Case>)],
) -> Vec<String> {
    let mut notes = vec![format!(
        "Secret statistique : une case construite à partir de moins de {SEUIL_SECRET} établissements est masquée (« {MARQUE_SECRET} ») ; quand une seule case d’une colonne ou d’une ligne l’est, une seconde l’est aussi pour qu’on ne puisse pas la retrouver par différence avec le total."
    )];
    let mut raisons: Vec<(&str, Masque)> =
        libelles.iter().zip(&tableau.lignes).map(|(l, cases)| (l.as_str(), cases[0].masque)).collect();
    raisons.push(("Total", tableau.total[0].masque));
    for (libelle, m) in raisons {
        match m {
            Masque::Visible => {}
            Masque::Primaire => notes.push(format!(
                "« {libelle} » : moins de {SEUIL_SECRET} établissements avec un diagnostic (secret primaire)."
            )),
            Masque::Secondaire => notes.push(format!(
                "« {libelle} » : masqué pour qu’une case cachée ne puisse pas être recalculée à partir du total (secret secondaire)."
            )),
        }
    }
    let moyennes: Vec<usize> =
        tableau.colonnes.iter().enumerate().skip(2).filter(|(_, c)| **c == Colonne::Base).map(|(k, _)| k).collect();
    let moyennes_masquees = tableau
        .lignes
        .iter()
        .flat_map(|l| moyennes.iter().map(move |&k| l[k]))
        .filter(|c| c.masque != Masque::Visible)
        .count();
    if moyennes_masquees > 0 {
        notes.push(format!(
            "{moyennes_masquees} moyenne{} de domaine masquée{} : moins de {SEUIL_SECRET} établissements ont répondu dans ce domaine, ou secret secondaire.",
            if moyennes_masquees > 1 { "s" } else { "" },
            if moyennes_masquees > 1 { "s" } else { "" }
        ));
    }
    let items_masques = items.iter().flat_map(|(_, _, c)| c).filter(|c| c.masque != Masque::Visible).count();
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
