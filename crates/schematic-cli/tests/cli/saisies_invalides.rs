//! Each bad input gets one clear French sentence, a non-zero exit code, and
//! leaves the data directory byte-for-byte as it was.

use super::commun::college_avec_deux_annees;

fn refuse(args: &[&str], code: i32, attendu: &str) {
    let d = college_avec_deux_annees();
    let avant = d.contenu();
    let sortie = d.cmd(args).output().unwrap();
    let erreur = String::from_utf8_lossy(&sortie.stderr);
    assert_eq!(sortie.status.code(), Some(code), "schematic {args:?}: {erreur}");
    assert!(erreur.contains(attendu), "schematic {args:?}: expected « {attendu} » in: {erreur}");
    assert_eq!(erreur.trim().lines().count(), 1, "one sentence: {erreur}");
    assert!(sortie.stdout.is_empty());
    assert!(d.contenu() == avant, "schematic {args:?} changed the data directory");
}

#[test]
fn invalid_uai_names_the_expected_letter() {
    refuse(
        &["etablissement", "definir", "--uai", "0330021V", "--nom", "Collège", "--type", "college"],
        3,
        "la lettre attendue est U",
    );
}

#[test]
fn unknown_establishment_type_lists_the_valid_ones() {
    refuse(
        &["etablissement", "definir", "--uai", "0330021U", "--nom", "X", "--type", "fac"],
        3,
        "types acceptés : ecole-maternelle",
    );
}

#[test]
fn unknown_item_suggests_the_closest_ids() {
    refuse(&["diagnostic", "repondre", "PIL-9", "2"], 3, "identifiants les plus proches : PIL-1, PIL-2, PIL-3");
}

#[test]
fn level_out_of_range_is_refused() {
    refuse(&["diagnostic", "repondre", "PIL-2", "4"], 3, "attendu 1, 2, 3, « aucun » (aucun niveau atteint) ou « na »");
}

#[test]
fn malformed_year_is_refused() {
    refuse(&["diagnostic", "creer", "--annee", "2025/2026"], 3, "par exemple 2025-2026");
    refuse(&["diagnostic", "creer", "--annee", "2026-2028"], 3, "deux années consécutives");
}

#[test]
fn answering_a_finalised_diagnostic_is_refused() {
    refuse(&["diagnostic", "repondre", "PIL-1", "3", "--annee", "2024-2025"], 7, "est finalisé (révision 1)");
    refuse(&["diagnostic", "effacer", "PIL-1", "--annee", "2024-2025"], 7, "est finalisé");
}

#[test]
fn too_long_comment_is_refused() {
    let long = "é".repeat(1001);
    refuse(&["diagnostic", "repondre", "PIL-2", "1", "--commentaire", &long], 3, "1001 caractères : 1000 au plus");
}

#[test]
fn existing_year_missing_year_and_incomplete_finalisation_are_refused() {
    refuse(&["diagnostic", "creer", "--annee", "2025-2026"], 6, "existe déjà");
    refuse(
        &["diagnostic", "afficher", "--annee", "2019-2020"],
        5,
        "Aucun diagnostic n’existe pour l’année scolaire 2019-2020",
    );
    refuse(&["diagnostic", "finaliser"], 7, "18 items non renseignés");
    refuse(&["diagnostic", "rouvrir"], 7, "n’est pas finalisé");
}

#[test]
fn changing_the_uai_of_an_installation_with_diagnostics_is_refused() {
    refuse(
        &["etablissement", "definir", "--uai", "0951099D", "--nom", "Autre", "--type", "college"],
        7,
        "son code UAI ne peut pas changer",
    );
}

#[test]
fn command_line_mistakes_exit_with_2() {
    refuse(&["diagnostic", "repondre", "PIL-1"], 2, "il manque");
    refuse(&["diagnostic", "repondre", "PIL-1", "2", "--niveau", "3"], 2, "l’option « --niveau » n’existe pas");
}
