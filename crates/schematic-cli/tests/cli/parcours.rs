//! The journey: define → create → answer → finalise → reopen → show.

use predicates::prelude::*;

use super::commun::{Dossier, college_avec_deux_annees};

#[test]
fn journey_define_create_answer_finalise_reopen_show() {
    let d = Dossier::nouveau();
    let sortie = d.ok(&[
        "etablissement",
        "definir",
        "--uai",
        "0861234z",
        "--nom",
        "École du Marais",
        "--type",
        "ecole-primaire",
        "--circonscription",
        "Poitiers Nord",
    ]);
    assert!(sortie.contains("Établissement enregistré : École du Marais (0861234Z)"), "{sortie}");
    assert!(sortie.contains("Académie        : Poitiers"), "{sortie}");
    assert!(sortie.contains("86 — Vienne"), "{sortie}");

    let sortie = d.ok(&["diagnostic", "creer", "--annee", "2025-2026"]);
    assert!(sortie.contains("Diagnostic 2025-2026 créé (référentiel ecole"), "{sortie}");

    let sortie = d.ok(&["diagnostic", "repondre", "pil-1", "3", "--commentaire", "Bilan présenté en conseil d’école"]);
    assert!(sortie.contains("PIL-1 → Niveau 3, avec commentaire"), "{sortie}");
    for domaine in ["PIL", "FOR", "IMP", "PED", "INF"] {
        for n in 2..=4 {
            d.ok(&["diagnostic", "repondre", &format!("{domaine}-{n}"), "2"]);
        }
    }
    d.cmd(&["diagnostic", "finaliser"])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("4 items non renseignés (FOR-1, IMP-1, PED-1, INF-1)"));
    for item in ["FOR-1", "IMP-1", "PED-1"] {
        d.ok(&["diagnostic", "repondre", item, "1"]);
    }
    d.ok(&["diagnostic", "repondre", "INF-1", "aucun"]);
    let sortie = d.ok(&["diagnostic", "finaliser"]);
    assert!(sortie.contains("Diagnostic 2025-2026 finalisé (révision 1)"), "{sortie}");

    let sortie = d.ok(&["diagnostic", "rouvrir"]);
    assert!(sortie.contains("révision 2 modifiable"), "{sortie}");
    d.ok(&["diagnostic", "repondre", "INF-1", "1"]);
    let sortie = d.ok(&["diagnostic", "effacer", "PIL-1"]);
    assert!(sortie.contains("PIL-1 est revenu à « non renseigné » ; son commentaire a été supprimé aussi"), "{sortie}");

    let sortie = d.ok(&["diagnostic", "afficher"]);
    assert!(sortie.contains("Diagnostic 2025-2026 — Brouillon (révision 2), référentiel ecole"), "{sortie}");
    assert!(sortie.contains("PIL — Pilotage                                 3/4"), "{sortie}");
    assert!(sortie.contains("INF-1  Niveau 1"), "{sortie}");
    assert!(sortie.contains("PIL-1  Non renseigné"), "{sortie}");

    let json: serde_json::Value = serde_json::from_str(&d.ok(&["diagnostic", "afficher", "--json"])).unwrap();
    assert_eq!(json["resume"]["revision"], 2);
    assert_eq!(json["resume"]["statut"], "brouillon");
    assert_eq!(json["resultats"]["repondus"], 19);
    // PIL: 2,2,2 → 200; FOR 1,2,2,2 → 175; IMP 175; PED 175; INF 1,2,2,2 → 175
    let centiemes: Vec<i64> = json["resultats"]["domaines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["maturiteCentiemes"].as_i64().unwrap())
        .collect();
    assert_eq!(centiemes, [200, 175, 175, 175, 175]);

    let liste = d.ok(&["diagnostic", "lister"]);
    assert!(liste.contains("2025-2026  Brouillon         2    19/20  95 %"), "{liste}");
}

#[test]
fn new_year_can_start_from_last_year_and_shows_the_change() {
    let d = college_avec_deux_annees();
    let sortie = d.ok(&["diagnostic", "creer", "--annee", "2026-2027", "--reprendre-annee-precedente"]);
    assert!(sortie.contains("2 items repris sur 20"), "{sortie}");
    d.ok(&["diagnostic", "repondre", "PIL-1", "3"]);
    let sortie = d.ok(&["diagnostic", "afficher", "--annee", "2025-2026"]);
    assert!(sortie.contains("Évolution depuis 2024-2025"), "{sortie}");
    assert!(sortie.contains("PIL-1 N1→N2"), "{sortie}");
    assert!(sortie.contains("INF-3 N1→aucun"), "{sortie}");
    assert!(sortie.contains("« Volet voté en CA »"), "{sortie}");
}

#[test]
fn referentials_are_listed_shown_and_checked() {
    let d = Dossier::nouveau();
    let liste = d.ok(&["referentiel", "lister"]);
    assert!(liste.contains("ecole") && liste.contains("eple") && liste.contains("20 items"), "{liste}");
    let eple = d.ok(&["referentiel", "afficher", "eple"]);
    assert!(eple.contains("IMP-1  Référent pour les usages pédagogiques du numérique (RUPN)"), "{eple}");
    let json = d.ok(&["referentiel", "afficher", "ecole", "--json"]);
    let fichier = d.chemin().join("ecole.json");
    let valeur: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(valeur["domaines"].as_array().unwrap().len(), 5);

    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/referentiels/ecole-2026.1.json");
    std::fs::copy(source, &fichier).unwrap();
    let sortie = d.ok(&["referentiel", "verifier", fichier.to_str().unwrap()]);
    assert!(sortie.contains("Référentiel valide") && sortie.contains("20 items"), "{sortie}");

    let mut casse: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(source).unwrap()).unwrap();
    casse["domaines"][2]["items"][0]["niveaux"].as_array_mut().unwrap().pop();
    std::fs::write(&fichier, casse.to_string()).unwrap();
    d.cmd(&["referentiel", "verifier", fichier.to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("l’item IMP-1 doit avoir exactement 3 niveaux ; il en a 2"));
}

#[test]
fn demo_installs_two_years_in_an_empty_folder() {
    let d = Dossier::nouveau();
    let sortie = d.ok(&["demo"]);
    assert!(sortie.contains("Collège Les Tilleuls (démonstration)"), "{sortie}");
    assert!(sortie.contains("Finalisé") && sortie.contains("Brouillon"), "{sortie}");
    d.cmd(&["demo"]).assert().code(7).stderr(predicate::str::contains("dossier vide"));
}

#[test]
fn environment_variable_selects_the_data_directory() {
    let d = Dossier::nouveau();
    let mut c = assert_cmd::Command::new(super::commun::binaire());
    c.env("SCHEMATIC_DATA_DIR", d.chemin()).args([
        "etablissement",
        "definir",
        "--uai",
        "0330021U",
        "--nom",
        "X",
        "--type",
        "lycee",
    ]);
    c.assert().success();
    assert!(d.base().exists());
    assert!(d.ok(&["etablissement", "afficher"]).contains("Lycée"));
}

#[test]
fn help_lists_exit_codes_in_french() {
    let d = Dossier::nouveau();
    let aide = d.ok(&["--help"]);
    assert!(aide.contains("Codes de sortie") && aide.contains("7  opération impossible"), "{aide}");
    d.cmd(&["diagnostic", "supprimer"]).assert().code(2).stderr(predicate::str::contains("n’existe pas"));
}
