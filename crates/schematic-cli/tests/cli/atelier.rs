//! Workshop contributions on the command line: a member exports, the
//! facilitator imports; the same file twice and a bad role are refused.

use predicates::prelude::*;

use super::commun::college_avec_deux_annees;

#[test]
fn a_members_contribution_becomes_votes_in_the_facilitators_workshop() {
    let animateur = college_avec_deux_annees();
    let membre = college_avec_deux_annees();
    let boite = membre.chemin().join("boite");
    let sortie = membre.ok(&[
        "contribution",
        "exporter",
        "--annee",
        "2025-2026",
        "--role",
        "cpe",
        "--sortie",
        boite.to_str().unwrap(),
    ]);
    assert!(sortie.contains("aucun nom"), "{sortie}");
    let fichier = boite.join("SchemaTIC_contribution_0330021U_2025-2026_cpe.json");
    assert!(fichier.exists());
    membre
        .cmd(&["contribution", "exporter", "--role", "proviseur"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("Le rôle « proviseur » est inconnu"));

    let avant = animateur.contenu();
    let sortie = animateur.ok(&["contribution", "importer", fichier.to_str().unwrap()]);
    assert!(sortie.contains("2 votes de « CPE »"), "{sortie}");
    assert!(animateur.contenu() != avant);
    let avant = animateur.contenu();
    animateur
        .cmd(&["contribution", "importer", fichier.to_str().unwrap()])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("déjà importée"));
    assert!(animateur.contenu() == avant, "a refused import writes nothing");

    let atelier = animateur.ok(&["atelier", "afficher", "--annee", "2025-2026"]);
    assert!(atelier.contains("1 participants") && atelier.contains("CPE (contribution)"), "{atelier}");
    assert!(atelier.contains("PIL-1   votes aucun/1/2/3 : 0/0/1/0"), "{atelier}");
    let purge = animateur.ok(&["atelier", "purger-prenoms"]);
    assert!(purge.contains("0 prénom effacé"), "{purge}");
}
