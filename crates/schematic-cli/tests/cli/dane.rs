//! The DANE space's first part: its key, enrolment from requests, revocation —
//! and the whole circle with an establishment's installation.

use std::fs;

use predicates::prelude::*;

use super::commun::{Dossier, binaire, college_avec_deux_annees};

#[test]
fn dane_enrols_an_establishment_whose_exports_then_verify_as_enrolled() {
    let etablissement = college_avec_deux_annees();
    let dane = Dossier::nouveau();
    let boite = etablissement.chemin().join("boite");
    etablissement.ok(&["cle", "demande-enrolement", "--sortie", boite.to_str().unwrap()]);
    let demande = boite.join("demande-enrolement_0330021U.json");

    let cle_dane: serde_json::Value = serde_json::from_str(&dane.ok(&["dane", "cle", "--json"])).unwrap();
    let sortie = dane.ok(&["dane", "enroler", demande.to_str().unwrap(), "--sortie", boite.to_str().unwrap()]);
    assert!(sortie.contains("0330021U : clé") && sortie.contains("certificat n° SCH-"), "{sortie}");
    let again = dane.ok(&["dane", "enroler", demande.to_str().unwrap(), "--sortie", boite.to_str().unwrap()]);
    assert!(again.contains("déjà enrôlée"), "{again}");

    let certificat = boite.join("certificat-enrolement_0330021U.json");
    etablissement.ok(&["cle", "importer-certificat", certificat.to_str().unwrap()]);
    etablissement.ok(&["exporter", "--annee", "2024-2025", "--sortie", boite.to_str().unwrap()]);
    let export = boite.join("SchemaTIC_0330021U_2024-2025_r1.json");
    assert_cmd::Command::new(binaire())
        .args(["verifier", export.to_str().unwrap(), "--cle-dane", cle_dane["publique"].as_str().unwrap()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("valide — enrôlé"));

    let sortie = dane.ok(&["dane", "revoquer", "0330021u", "--a-partir-du", "2026-12-01"]);
    assert!(sortie.contains("1 certificat révoqué pour l’établissement 0330021U"), "{sortie}");
    dane.cmd(&["dane", "enroler", demande.to_str().unwrap(), "--sortie", boite.to_str().unwrap()])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("a été révoquée à partir du 2026-12-01"));
    dane.cmd(&["dane", "revoquer", "0330021U"]).assert().code(5).stderr(predicate::str::contains("Aucune clé enrôlée"));
}

#[test]
fn bad_requests_and_dates_are_refused_without_writing() {
    let dane = Dossier::nouveau();
    dane.ok(&["dane", "cle"]);
    let faux = dane.chemin().join("demande.json");
    fs::write(&faux, br#"{"payload":"","payloadType":"x","signatures":[]}"#).unwrap();
    let avant = dane.contenu();
    dane.cmd(&["dane", "enroler", faux.to_str().unwrap(), "--sortie", dane.chemin().to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("n’est pas une demande d’enrôlement"));
    dane.cmd(&["dane", "revoquer", "0330021U", "--a-partir-du", "01/12/2026"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("La date de révocation « 01/12/2026 » n’est pas une date valide"));
    dane.cmd(&["dane", "revoquer", "0330021V"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("lettre attendue est U"));
    assert!(dane.contenu() == avant, "nothing written");
}
