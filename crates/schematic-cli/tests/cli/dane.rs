//! The DANE space's first part: its key, enrolment from requests, revocation —
//! and the whole circle with an establishment's installation.

use std::fs;

use predicates::prelude::*;

use super::commun::{Dossier, Moteur, binaire, college_avec_deux_annees};

crate::sur_les_deux_moteurs!(
    dane_enrols_an_establishment_whose_exports_then_verify_as_enrolled,
    bad_requests_and_dates_are_refused_without_writing,
    dane_imports_a_folder_and_publishes_figures,
    a_file_that_is_not_the_annuaire_changes_nothing,
);

fn dane_enrols_an_establishment_whose_exports_then_verify_as_enrolled(m: Moteur) {
    let etablissement = college_avec_deux_annees();
    let dane = Dossier::dane(m);
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

fn bad_requests_and_dates_are_refused_without_writing(m: Moteur) {
    let dane = Dossier::dane(m);
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

const ENTETE: &str = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_departement;Libelle_departement;Libelle_academie;etat\n";

/// The DANE side on the command line: annuaire, import with its report and
/// exit code, synthesis, publication, exports, the public key file.
fn dane_imports_a_folder_and_publishes_figures(m: Moteur) {
    let etablissement = college_avec_deux_annees();
    let dane = Dossier::dane(m);
    let boite = etablissement.chemin().join("boite");
    etablissement.ok(&["cle", "demande-enrolement", "--sortie", boite.to_str().unwrap()]);
    dane.ok(&[
        "dane",
        "enroler",
        boite.join("demande-enrolement_0330021U.json").to_str().unwrap(),
        "--sortie",
        boite.to_str().unwrap(),
    ]);
    etablissement.ok(&[
        "cle",
        "importer-certificat",
        boite.join("certificat-enrolement_0330021U.json").to_str().unwrap(),
    ]);
    let depot = dane.chemin().join("depot");
    for annee in ["2024-2025", "2025-2026"] {
        etablissement.ok(&["exporter", "--annee", annee, "--json", "--pdf", "--sortie", depot.to_str().unwrap()]);
    }

    // Importing before the annuaire is refused, with what to do.
    dane.cmd(&["dane", "importer", depot.to_str().unwrap()])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("Importez d’abord l’annuaire"));

    // An annuaire whose names a spreadsheet would run as formulas.
    let annuaire = dane.chemin().join("annuaire.csv");
    fs::write(
        &annuaire,
        format!(
            "{ENTETE}0330021U;\"=HYPERLINK(\"\"http://x\"\";\"\"clic\"\")\";Collège;033;Gironde;Bordeaux;OUVERT\n0331500B;+33 école;Ecole;033;Gironde;Bordeaux;OUVERT\n0331600K;-1 école;Ecole;033;Gironde;Bordeaux;OUVERT\n0331601L;@SUM(A1);Ecole;033;Gironde;Bordeaux;OUVERT\n0331602X;UAI faux;Ecole;033;Gironde;Bordeaux;OUVERT\n"
        ),
    )
    .unwrap();
    let sortie = dane.ok(&["dane", "annuaire", "importer", annuaire.to_str().unwrap()]);
    assert!(
        sortie
            .contains("Annuaire importé : 4 établissements (5 lignes lues, 1 ignorée, 0 en double ; encodage UTF-8)."),
        "{sortie}"
    );
    // Reviewing a request names the establishment from the annuaire.
    let examen = dane.ok(&["dane", "examiner", boite.join("demande-enrolement_0330021U.json").to_str().unwrap()]);
    assert!(
        examen.contains("0330021U — =HYPERLINK") && examen.contains("Déjà enrôlée (certificat n° SCH-"),
        "{examen}"
    );
    assert!(sortie.contains("Lignes non reprises, par exemple :") && sortie.contains("ligne 6 :"), "{sortie}");

    // The folder: two JSON, two PDF (same payloads), one stray file.
    fs::write(depot.join("lisez-moi.txt"), "rien").unwrap();
    let rapport = dane.chemin().join("rapport.csv");
    let sortie = dane.importer(&depot, &rapport, 10);
    assert!(sortie.contains("Import n° 1 : 5 fichiers."), "{sortie}");
    assert!(sortie.contains("       2  importé") && sortie.contains("       2  déjà importé"), "{sortie}");
    assert!(sortie.contains("lisez-moi.txt — format non reconnu"), "{sortie}");
    let csv = fs::read_to_string(&rapport).unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.matches("\r\n").count() == 6, "{csv}");
    // Again: nothing new, nothing refused but the stray file.
    let encore = dane
        .cmd(&["dane", "importer", depot.join("SchemaTIC_0330021U_2025-2026_r1.pdf").to_str().unwrap()])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(encore).unwrap().contains("1  déjà importé"));

    let reverifie = dane.ok(&["dane", "reverifier"]);
    assert!(reverifie.contains("2 diagnostics importés vérifiés de nouveau : 2 valides, 0 anomalies."), "{reverifie}");

    // Synthesis (internal) as text and JSON; the drill-down.
    let texte = dane.ok(&["dane", "synthese", "--par", "departement", "--annee", "2025-2026"]);
    assert!(texte.contains("33 — Gironde") && texte.contains("25,0 %"), "{texte}");
    let json: serde_json::Value =
        serde_json::from_str(&dane.ok(&["dane", "synthese", "--par", "academie", "--format", "json"])).unwrap();
    assert_eq!(json["annee"], "2025-2026");
    assert_eq!(json["total"]["diagnostics"]["valeur"], 1.0);
    let detail = dane.ok(&["dane", "etablissement", "0330021U"]);
    assert!(detail.contains("2025-2026 — révision 1") && detail.contains("2024-2025"), "{detail}");

    // Publication: one establishment only, so everything is hidden.
    let publie = dane.ok(&["dane", "publier", "--par", "departement"]);
    assert!(publie.contains("moins de 5 établissements"), "{publie}");
    let xlsx = dane.chemin().join("publication.xlsx");
    dane.ok(&["dane", "publier", "--format", "xlsx", "--sortie", xlsx.to_str().unwrap()]);
    assert!(fs::read(&xlsx).unwrap().starts_with(b"PK"));
    dane.cmd(&["dane", "publier", "--par", "etablissement"]).assert().code(3);
    dane.cmd(&["dane", "synthese", "--format", "csv"]).assert().code(3).stderr(predicate::str::contains("--sortie"));

    // Per-establishment table as CSV: names that look like formulas are neutralised.
    let table = dane.chemin().join("etablissements.csv");
    dane.ok(&["dane", "synthese", "--par", "etablissement", "--format", "csv", "--sortie", table.to_str().unwrap()]);
    let texte = fs::read_to_string(&table).unwrap();
    for neutralise in ["\"'=HYPERLINK(\"\"http://x\"\";\"\"clic\"\")\";", "'+33 école", "'-1 école", "'@SUM(A1)"] {
        assert!(texte.contains(neutralise), "{neutralise} in {texte}");
    }
    assert!(!texte.contains(";=") && !texte.contains(";+") && !texte.contains(";@"), "{texte}");

    // The DANE public key as a file, usable by any verifier.
    let cle = dane.chemin().join("cle-dane.pub");
    dane.ok(&["dane", "cle", "--exporter", cle.to_str().unwrap()]);
    assert_cmd::Command::new(binaire())
        .args([
            "verifier",
            depot.join("SchemaTIC_0330021U_2025-2026_r1.pdf").to_str().unwrap(),
            "--cle-dane",
            cle.to_str().unwrap(),
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("valide — enrôlé"));

    // Territorial references: one collège only, so every figure is hidden;
    // the collège imports them (checked with its certificate's DANE key) and
    // is told so.
    let reperes = dane.chemin().join("reperes");
    fs::create_dir_all(&reperes).unwrap();
    let sortie =
        dane.ok(&["dane", "reperes", "publier", "--annee", "2025-2026", "--sortie", reperes.to_str().unwrap()]);
    assert!(
        sortie.contains("Repères territoriaux 2025-2026 publiés : 2 groupes d’établissements semblables (académie de Bordeaux), 1 établissement compté."),
        "{sortie}"
    );
    let fichier = reperes.join("SchemaTIC_reperes_2025-2026.json");
    assert_cmd::Command::new(binaire())
        .args(["verifier", fichier.to_str().unwrap(), "--cle-dane", cle.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Repères territoriaux valides : signés par la clé DANE de confiance."));
    let mut falsifie = fs::read(&fichier).unwrap();
    let k = falsifie.len() / 2;
    falsifie[k] = if falsifie[k] == b'A' { b'B' } else { b'A' };
    let faux = reperes.join("falsifie.json");
    fs::write(&faux, falsifie).unwrap();
    let avant = etablissement.contenu();
    etablissement
        .cmd(&["reperes", "importer", faux.to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("Ce fichier de repères territoriaux est refusé."));
    assert!(etablissement.contenu() == avant, "nothing written");
    etablissement
        .cmd(&["reperes", "comparer", "--annee", "2025-2026"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("Aucun repère territorial n’est importé pour cette année"));
    assert!(etablissement.ok(&["reperes", "lister"]).contains("Aucun repère territorial n’est importé"));
    let importe = etablissement.ok(&["reperes", "importer", fichier.to_str().unwrap()]);
    assert!(importe.contains("Repères territoriaux 2025-2026 importés : publiés le "), "{importe}");
    let liste = etablissement.ok(&["reperes", "lister"]);
    assert!(liste.starts_with("2025-2026 : publiés le ") && liste.contains("académie de Bordeaux"), "{liste}");
    let compare = etablissement.ok(&["reperes", "comparer", "--annee", "2025-2026"]);
    assert!(
        compare.contains("2025-2026 : votre établissement à côté des collèges — Gironde (33) (nombre caché par le secret statistique)."),
        "{compare}"
    );
    assert!(compare.contains("Autres territoires publiés : --echelon academie."), "{compare}");
    let json: serde_json::Value =
        serde_json::from_str(&etablissement.ok(&["reperes", "comparer", "--annee", "2025-2026", "--json"])).unwrap();
    // The 2025-2026 draft answers one item of PIL and one of INF: those two
    // domains have a hidden mean, the others none.
    let domaines = json["domaines"].as_array().unwrap();
    let secrets: Vec<&str> =
        domaines.iter().filter(|d| d["secret"] == true).map(|d| d["domaineId"].as_str().unwrap()).collect();
    assert_eq!(secrets, ["PIL", "INF"]);
    assert!(domaines.iter().all(|d| d["groupe"].is_null()));
    // The PDF report gains the references page, naming the file.
    let pdf_dir = etablissement.chemin().join("pdf-reperes");
    fs::create_dir_all(&pdf_dir).unwrap();
    etablissement.ok(&["exporter", "--annee", "2025-2026", "--pdf", "--sortie", pdf_dir.to_str().unwrap()]);
    let texte = super::commun::outil(
        "pdftotext",
        &[pdf_dir.join("SchemaTIC_0330021U_2025-2026_r1.pdf").to_str().unwrap(), "-"],
    );
    assert!(texte.contains("Repères territoriaux"), "{texte}");
    assert!(
        texte.contains("Votre établissement à côté des collèges — Gironde (33), nombre caché par le secret"),
        "{texte}"
    );
    assert!(texte.contains("Repères territoriaux publiés par la DANE le "), "{texte}");
}

fn a_file_that_is_not_the_annuaire_changes_nothing(m: Moteur) {
    let dane = Dossier::dane(m);
    let faux = dane.chemin().join("liste.csv");
    fs::write(&faux, "uai;nom\n0330021U;Collège\n").unwrap();
    dane.ok(&["dane", "cle"]);
    let avant = dane.contenu();
    dane.cmd(&["dane", "annuaire", "importer", faux.to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("n’est pas l’annuaire de l’éducation"));
    dane.cmd(&["dane", "annuaire", "importer", dane.chemin().join("absent.csv").to_str().unwrap()]).assert().code(8);
    assert!(dane.contenu() == avant, "nothing written");
}
