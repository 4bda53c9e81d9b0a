//! A DANE team on one PostgreSQL server (issue 15): several advisers' processes
//! importing, enrolling and reading at once, and the server stopped in the
//! middle of an import.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use schematic_api::Installation;
use schematic_api::dane::corpus::{Parametres, generer};
use schematic_postgres_essai::{Serveur, psql};

use super::commun::{Dossier, Moteur, binaire};

/// `schematic --data-dir DOSSIER args…` started in the background.
fn lancer(dossier: &Path, args: &[&str]) -> Child {
    Command::new(binaire())
        .env_remove("SCHEMATIC_DATA_DIR")
        .arg("--data-dir")
        .arg(dossier)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn attendre(p: Child, quoi: &str) -> String {
    let sortie = p.wait_with_output().unwrap();
    assert!(
        sortie.status.success() || sortie.status.code() == Some(10),
        "{quoi}: {}\n{}",
        sortie.status,
        String::from_utf8_lossy(&sortie.stderr)
    );
    String::from_utf8(sortie.stdout).unwrap()
}

/// A corpus of `n` signed diagnostics for one school year (2025-2026), `m`
/// establishments (diagnostics beyond `m` are second revisions), certified
/// by the DANE key of `dane`; the annuaire imported. Returns the files by
/// name.
fn corpus(dane: &Dossier, racine: &Path, n: usize, m: usize) -> BTreeMap<String, PathBuf> {
    let mut espace = Installation::ouvrir(dane.chemin()).unwrap().espace_dane().unwrap();
    let p = Parametres { diagnostics: n, etablissements: m, annees: 1, derniere_annee: 2025, graine: 15 };
    let c = generer(&mut espace, racine, p).unwrap();
    drop(espace);
    dane.ok(&["dane", "annuaire", "importer", c.annuaire.to_str().unwrap()]);
    let mut fichiers = BTreeMap::new();
    let mut pile = vec![c.diagnostics];
    while let Some(d) = pile.pop() {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                pile.push(p);
            } else {
                fichiers.insert(p.file_name().unwrap().to_string_lossy().into_owned(), p);
            }
        }
    }
    assert_eq!(fichiers.len(), n);
    fichiers
}

fn deposer(dossier: &Path, fichiers: &[&PathBuf]) {
    fs::create_dir_all(dossier).unwrap();
    for f in fichiers {
        fs::copy(f, dossier.join(f.file_name().unwrap())).unwrap();
    }
}

/// The statuses of a CSV import report, by file name.
fn statuts(rapport: &Path) -> HashMap<String, String> {
    let texte = fs::read_to_string(rapport).unwrap();
    texte
        .trim_start_matches('\u{feff}')
        .lines()
        .skip_while(|l| !l.starts_with("Fichier;"))
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut champs = l.split(';');
            let chemin = champs.next().unwrap().trim_matches('"');
            let statut = champs.next().unwrap().trim_matches('"');
            (Path::new(chemin).file_name().unwrap().to_string_lossy().into_owned(), statut.to_string())
        })
        .collect()
}

fn nombre(url: &str, sql: &str) -> i64 {
    psql(url, sql).unwrap().trim().parse().unwrap()
}

/// Two importers on overlapping folders of more than 2,000 files each, an
/// adviser enrolling three establishments from three processes, and one
/// reading the territory view, all at once on one server: one diagnostic per
/// establishment and year (the latest revision), every file's statuses
/// coherent across both reports, serial numbers unique, nobody blocked.
#[test]
fn a_team_imports_enrols_and_reads_at_once_on_one_server() {
    let dane = Dossier::dane(Moteur::Postgres);
    let url = dane.postgres.clone().unwrap();
    let racine = tempfile::tempdir().unwrap();
    // 2,800 establishments; the first 200 also sent a second revision.
    let fichiers = corpus(&dane, racine.path(), 3000, 2800);
    let (r1, r2): (Vec<&PathBuf>, Vec<&PathBuf>) =
        fichiers.values().partition(|p| p.to_string_lossy().ends_with("_r1.json"));
    assert_eq!((r1.len(), r2.len()), (2800, 200));
    let a: Vec<&PathBuf> = r1[..2100].iter().chain(&r2[..100]).copied().collect();
    let b: Vec<&PathBuf> = r1[700..].iter().chain(&r1[..200]).chain(&r2).copied().collect();
    let (dossier_a, dossier_b) = (racine.path().join("a"), racine.path().join("b"));
    deposer(&dossier_a, &a);
    deposer(&dossier_b, &b);
    assert!(a.len() >= 2000 && b.len() >= 2000);

    // Three establishments asking to be enrolled.
    let mut demandes = Vec::new();
    for (uai, nom) in [("0330021U", "Collège A"), ("0331500B", "École B"), ("0400007R", "Lycée C")] {
        let e = Dossier::nouveau();
        let type_ = if nom.starts_with("École") {
            "ecole-elementaire"
        } else if nom.starts_with("Lycée") {
            "lycee"
        } else {
            "college"
        };
        e.ok(&["etablissement", "definir", "--uai", uai, "--nom", nom, "--type", type_]);
        e.ok(&["cle", "demande-enrolement", "--sortie", racine.path().to_str().unwrap()]);
        demandes.push(racine.path().join(format!("demande-enrolement_{uai}.json")));
        std::mem::forget(e);
    }

    let debut = Instant::now();
    let rapport_a = racine.path().join("rapport-a.csv");
    let rapport_b = racine.path().join("rapport-b.csv");
    let import_a = lancer(
        dane.chemin(),
        &["dane", "importer", dossier_a.to_str().unwrap(), "--rapport", rapport_a.to_str().unwrap()],
    );
    let import_b = lancer(
        dane.chemin(),
        &["dane", "importer", dossier_b.to_str().unwrap(), "--rapport", rapport_b.to_str().unwrap()],
    );
    // Meanwhile: enrolments from three processes, and the territory view read again and again.
    std::thread::sleep(Duration::from_millis(300));
    let certificats = racine.path().join("certificats");
    fs::create_dir_all(&certificats).unwrap();
    let enrolements: Vec<Child> = demandes
        .iter()
        .map(|d| {
            lancer(dane.chemin(), &["dane", "enroler", d.to_str().unwrap(), "--sortie", certificats.to_str().unwrap()])
        })
        .collect();
    let mut lectures = 0;
    let (mut import_a, mut import_b) = (Some(import_a), Some(import_b));
    while import_a.as_mut().is_some_and(|p| p.try_wait().unwrap().is_none())
        || import_b.as_mut().is_some_and(|p| p.try_wait().unwrap().is_none())
    {
        let vue = lancer(
            dane.chemin(),
            &["dane", "synthese", "--par", "academie", "--annee", "2025-2026", "--format", "json"],
        );
        let sortie = vue.wait_with_output().unwrap();
        assert!(sortie.status.success(), "{}", String::from_utf8_lossy(&sortie.stderr));
        serde_json::from_slice::<serde_json::Value>(&sortie.stdout).unwrap();
        lectures += 1;
        assert!(debut.elapsed() < Duration::from_secs(600), "the imports did not finish: a deadlock?");
    }
    attendre(import_a.take().unwrap(), "importer A");
    attendre(import_b.take().unwrap(), "importer B");
    for e in enrolements {
        attendre(e, "enrolment");
    }
    assert!(lectures >= 1);

    // One diagnostic per establishment and year, the latest revision.
    assert_eq!(nombre(&url, "SELECT count(*) FROM dane_diagnostic"), 2800);
    assert_eq!(nombre(&url, "SELECT count(*) FROM dane_diagnostic WHERE revision = 2"), 200);
    assert_eq!(nombre(&url, "SELECT count(*) FROM dane_enveloppe"), 2800);
    assert_eq!(nombre(&url, "SELECT count(*) FROM dane_ecarte"), 0);
    // Every file's statuses across both reports.
    let (sa, sb) = (statuts(&rapport_a), statuts(&rapport_b));
    assert_eq!((sa.len(), sb.len()), (a.len(), b.len()));
    for nom in fichiers.keys() {
        let lignes: Vec<&str> = [sa.get(nom), sb.get(nom)].into_iter().flatten().map(String::as_str).collect();
        let importes = lignes.iter().filter(|s| **s == "importé").count();
        let derniere = nom.ends_with("_r2.json") || !fichiers.contains_key(&nom.replace("_r1.json", "_r2.json"));
        for s in &lignes {
            assert!(["importé", "déjà importé", "révision plus ancienne ignorée"].contains(s), "{nom}: {s}");
        }
        if derniere {
            assert_eq!(importes, 1, "{nom}: {lignes:?}");
            assert!(!lignes.contains(&"révision plus ancienne ignorée"), "{nom}: {lignes:?}");
        } else {
            assert!(importes <= 1, "{nom}: {lignes:?}");
        }
        if lignes.len() == 2 && importes == 1 && derniere {
            assert!(lignes.contains(&"déjà importé"), "{nom}: {lignes:?}");
        }
    }
    // Serial numbers unique across the processes.
    let numeros = psql(&url, "SELECT numero FROM dane_enrolement ORDER BY numero").unwrap();
    let numeros: Vec<&str> = numeros.lines().collect();
    assert_eq!(numeros.len(), 3, "{numeros:?}");
    let mut uniques = numeros.clone();
    uniques.dedup();
    assert_eq!(uniques, numeros);
    assert_eq!(fs::read_dir(&certificats).unwrap().count(), 3);
}

/// The server stopped at once in the middle of an import: the importer
/// says so in one French sentence and fails; what was written is whole
/// batches with their report lines; once the server is back, importing
/// again gives the state a clean import gives.
#[test]
fn a_server_stopped_mid_import_leaves_whole_batches_and_an_import_that_can_be_run_again() {
    let racine = tempfile::tempdir().unwrap();
    let mut serveur = Serveur::demarrer(&racine.path().join("serveur")).unwrap();
    let admin = serveur.url("postgres");
    let url = schematic_postgres_essai::nouvelle_base(&admin).unwrap();
    let propre = schematic_postgres_essai::nouvelle_base(&admin).unwrap();
    let dane = Dossier::nouveau();
    dane.ok(&["dane", "base", &url]);
    let fichiers = corpus(&dane, &racine.path().join("corpus"), 6000, 6000);
    let depot = fichiers.values().next().unwrap().parent().unwrap().parent().unwrap().to_path_buf();

    let import = lancer(dane.chemin(), &["dane", "importer", depot.to_str().unwrap()]);
    let debut = Instant::now();
    while nombre(&url, "SELECT count(*) FROM dane_diagnostic") == 0 {
        assert!(debut.elapsed() < Duration::from_secs(300), "no batch was ever written");
        std::thread::sleep(Duration::from_millis(20));
    }
    serveur.couper().unwrap();
    let sortie = import.wait_with_output().unwrap();
    let erreur = String::from_utf8_lossy(&sortie.stderr).into_owned();
    assert!(!sortie.status.success(), "the import went on without its server: {erreur}");
    assert_eq!(erreur.lines().count(), 1, "{erreur}");
    assert!(erreur.contains("La connexion au serveur PostgreSQL de l’espace DANE a été perdue"), "{erreur}");
    assert!(!erreur.contains("panicked"), "{erreur}");

    serveur.relancer().unwrap();
    let stockes = nombre(&url, "SELECT count(*) FROM dane_diagnostic");
    let lignes = nombre(&url, "SELECT count(*) FROM dane_import_fichier");
    assert!(stockes < 6000, "the server was stopped after the import ended");
    assert_eq!(stockes % 1024, 0, "whole batches only");
    assert_eq!(lignes, stockes, "each batch's report lines with its diagnostics");

    // Again, to the end; and a clean import into another database.
    dane.ok(&["dane", "importer", depot.to_str().unwrap()]);
    let temoin = Dossier::nouveau();
    temoin.ok(&["dane", "base", &propre]);
    fs::copy(dane.chemin().join("cle-dane.ed25519"), temoin.chemin().join("cle-dane.ed25519")).unwrap();
    let annuaire = racine.path().join("corpus").join("annuaire.csv");
    temoin.ok(&["dane", "annuaire", "importer", annuaire.to_str().unwrap()]);
    temoin.ok(&["dane", "importer", depot.to_str().unwrap()]);
    let etat = |url: &str| {
        psql(
            url,
            "SELECT (SELECT count(*) FROM dane_diagnostic), (SELECT count(*) FROM dane_diagnostic WHERE enrole),
                    (SELECT count(*) FROM dane_enveloppe), (SELECT count(*) FROM dane_ecarte),
                    (SELECT count(*) FROM dane_reception),
                    (SELECT md5(string_agg(empreinte || niveaux, ',' ORDER BY empreinte)) FROM dane_diagnostic)",
        )
        .unwrap()
    };
    assert_eq!(etat(&url), etat(&propre));
    for par in ["academie", "departement", "type"] {
        let synthese =
            |d: &Dossier| d.ok(&["dane", "synthese", "--par", par, "--annee", "2025-2026", "--format", "json"]);
        assert_eq!(synthese(&dane), synthese(&temoin), "par {par}");
        let publication =
            |d: &Dossier| d.ok(&["dane", "publier", "--par", par, "--annee", "2025-2026", "--format", "json"]);
        assert_eq!(publication(&dane), publication(&temoin), "par {par}");
    }
}

/// One DANE, one key, shared on purpose: an adviser's PC without the key
/// reads and imports but cannot enrol until it installs the backup made by
/// the one who holds it; a PC with another key is refused, and so is a copy
/// of its space into the team's server.
#[test]
fn the_dane_key_is_shared_on_purpose_never_by_accident() {
    let a = Dossier::dane(Moteur::Postgres);
    let url = a.postgres.clone().unwrap();
    let cle_a: serde_json::Value = serde_json::from_str(&a.ok(&["dane", "cle", "--json"])).unwrap();

    // Establishments' requests.
    let boite = tempfile::tempdir().unwrap();
    let mut demandes = Vec::new();
    for uai in ["0330021U", "0331500B", "0400007R"] {
        let e = Dossier::nouveau();
        e.ok(&["etablissement", "definir", "--uai", uai, "--nom", "Établissement", "--type", "college"]);
        e.ok(&["cle", "demande-enrolement", "--sortie", boite.path().to_str().unwrap()]);
        demandes.push(boite.path().join(format!("demande-enrolement_{uai}.json")).to_string_lossy().into_owned());
    }

    // B joins the server: it sees the team's key, and may not enrol without it.
    let b = Dossier::nouveau();
    b.ok(&["dane", "base", &url]);
    let cle_b: serde_json::Value = serde_json::from_str(&b.ok(&["dane", "cle", "--json"])).unwrap();
    assert_eq!(cle_b["publique"], cle_a["publique"]);
    assert!(!b.chemin().join("cle-dane.ed25519").exists(), "no key made by accident");
    let sortie = boite.path().to_str().unwrap();
    b.cmd(&["dane", "enroler", &demandes[0], "--sortie", sortie])
        .assert()
        .code(7)
        .stderr(predicates::str::contains("Ce poste n’a pas la clé de la DANE"));

    // A saves its key on purpose; B installs it and enrols.
    let sauvegarde = boite.path().join("cle-dane-sauvegarde");
    a.ok(&["dane", "cle", "--sauvegarder", sauvegarde.to_str().unwrap()]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(fs::metadata(&sauvegarde).unwrap().permissions().mode() & 0o777, 0o600);
    }
    b.ok(&["dane", "cle", "--importer", sauvegarde.to_str().unwrap()]);
    b.ok(&["dane", "enroler", &demandes[0], "--sortie", sortie]);
    a.ok(&["dane", "enroler", &demandes[1], "--sortie", sortie]);
    for uai in ["0330021U", "0331500B"] {
        let certificat = boite.path().join(format!("certificat-enrolement_{uai}.json"));
        assert_cmd::Command::new(binaire())
            .args(["verifier", certificat.to_str().unwrap(), "--cle-dane", cle_a["publique"].as_str().unwrap()])
            .assert()
            .code(0);
    }

    // C had a DANE key of its own: refused on the server, and its key is never replaced.
    let c = Dossier::nouveau();
    c.ok(&["dane", "cle"]);
    c.cmd(&["dane", "migrer", "--vers", &url])
        .assert()
        .code(7)
        .stderr(predicates::str::contains("Le serveur tient l’espace d’une autre clé de DANE"));
    c.ok(&["dane", "base", &url]);
    c.cmd(&["dane", "enroler", &demandes[2], "--sortie", sortie])
        .assert()
        .code(7)
        .stderr(predicates::str::contains("n’est pas celle de l’espace partagé"));
    c.cmd(&["dane", "cle", "--importer", sauvegarde.to_str().unwrap()])
        .assert()
        .stderr(predicates::str::contains("est déjà dans"));
    assert_eq!(psql(&url, "SELECT count(*) FROM dane_enrolement").unwrap().trim(), "2");
}
