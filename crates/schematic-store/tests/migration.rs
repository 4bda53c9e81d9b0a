//! A database created by the first schema version opens with the current code:
//! its data is intact, it was copied before migrating, and finalised
//! diagnostics got their revision snapshot.

use std::fs;
use std::path::Path;

use rusqlite::{Connection, params};
use schematic_core::{AnneeScolaire, Referentiel, Reponse, Statut};
use schematic_store::{Store, VERSION_SCHEMA};

const SCHEMA_V1: &str = include_str!("../../../tests/fixtures/schema-v1.sql");

fn base_v1(chemin: &Path) {
    let conn = Connection::open(chemin).unwrap();
    conn.execute_batch(SCHEMA_V1).unwrap();
    let r = Referentiel::publie("ecole", "2026.1").unwrap();
    conn.execute(
        "INSERT INTO etablissement VALUES (1, '0951099D', 'École du Parc', 'ecole-primaire', 'Versailles', '95', 'Cergy', 'Cergy', 't0', 't0')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO referentiel VALUES (?1, 'ecole', ?2, ?3)",
        params![r.empreinte(), r.version, serde_json::to_string(r).unwrap()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO diagnostic VALUES (1, 2024, 'ecole', ?1, 1, 'finalise', 't0', 't1', 't1')",
        [r.empreinte()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO diagnostic VALUES (2, 2025, 'ecole', ?1, 1, 'brouillon', 't2', 't2', NULL)",
        [r.empreinte()],
    )
    .unwrap();
    for (i, item) in r.items().enumerate() {
        conn.execute("INSERT INTO reponse VALUES (1, ?1, ?2, NULL, 't1')", params![item.id, (i % 4) as i64]).unwrap();
    }
    conn.execute("INSERT INTO reponse VALUES (2, 'PIL-1', 2, 'Projet voté', 't2')", []).unwrap();
}

fn user_version(chemin: &Path) -> usize {
    let v: i64 = Connection::open(chemin).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    usize::try_from(v).unwrap()
}

#[test]
fn version_1_database_opens_with_current_code() {
    let dossier = tempfile::tempdir().unwrap();
    let chemin = dossier.path().join("schematic.sqlite");
    base_v1(&chemin);

    let store = Store::ouvrir(&chemin).unwrap();
    assert_eq!(store.verifier_integrite().unwrap(), "ok");
    let e = store.etablissement().unwrap().unwrap().etablissement;
    assert_eq!((e.uai.as_str(), e.nom.as_str()), ("0951099D", "École du Parc"));

    let diagnostics = store.diagnostics().unwrap();
    assert_eq!(diagnostics.len(), 2);
    assert_eq!(diagnostics[1].cycle.statut, Statut::Finalise);
    assert_eq!(diagnostics[1].repondus, 20);
    let courant = store.diagnostic(AnneeScolaire::commencant_en(2025).unwrap(), "ecole").unwrap().unwrap();
    let r = &store.reponses(courant.id).unwrap()[0];
    assert_eq!((r.reponse, r.commentaire.as_deref()), (Reponse::Niveau2, Some("Projet voté")));

    let revisions = store.revisions_finalisees(diagnostics[1].id).unwrap();
    assert_eq!(revisions.len(), 1, "the finalised v1 diagnostic got its snapshot");
    assert_eq!(revisions[0].reponses.len(), 20);
    assert_eq!(revisions[0].reponses["PIL-2"], Reponse::Niveau1);
    drop(store);
    assert_eq!(user_version(&chemin), VERSION_SCHEMA);

    let sauvegardes: Vec<_> = fs::read_dir(dossier.path().join("sauvegardes")).unwrap().collect();
    assert_eq!(sauvegardes.len(), 1, "a copy is taken before migrating");
    let copie = sauvegardes[0].as_ref().unwrap().path();
    assert!(copie.file_name().unwrap().to_str().unwrap().starts_with("schematic-schema-v1-"));
    let n: i64 = Connection::open(&copie).unwrap().query_row("SELECT count(*) FROM reponse", [], |r| r.get(0)).unwrap();
    assert_eq!((user_version(&copie), n), (1, 21), "the copy is the version-1 database");
}

#[test]
fn opening_an_up_to_date_database_takes_no_copy() {
    let dossier = tempfile::tempdir().unwrap();
    let chemin = dossier.path().join("schematic.sqlite");
    drop(Store::ouvrir(&chemin).unwrap());
    drop(Store::ouvrir(&chemin).unwrap());
    assert!(!dossier.path().join("sauvegardes").exists());
}

#[test]
fn database_from_a_newer_version_is_refused_untouched() {
    let dossier = tempfile::tempdir().unwrap();
    let chemin = dossier.path().join("schematic.sqlite");
    drop(Store::ouvrir(&chemin).unwrap());
    Connection::open(&chemin).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let avant = fs::read(&chemin).unwrap();
    let err = Store::ouvrir(&chemin).unwrap_err().to_string();
    assert!(err.contains("version plus récente de SchémaTIC"), "{err}");
    assert_eq!(fs::read(&chemin).unwrap(), avant);
}

/// A DANE space of schema version 6 that stored two diagnostics for one
/// establishment and year (one per referential): after migration one stays
/// (the enrolled one), the other is set aside with its envelope, and the
/// diagnostics already there count as received when they were imported.
/// (Checked at schema 9, the last to hold the DANE space: the tables then
/// move to the DANE store, see schematic-api's `dane_versions` tests.)
#[test]
fn version_6_dane_space_keeps_one_diagnostic_per_establishment_and_year() {
    let dossier = tempfile::tempdir().unwrap();
    let chemin = dossier.path().join("schematic.sqlite");
    {
        let mut conn = Connection::open(&chemin).unwrap();
        schematic_store::MIGRATIONS.to_version(&mut conn, 6).unwrap();
        for (empreinte, referentiel, enrole, genere_le) in [
            ("e1", "eple", 1, "2026-03-01T10:00:00Z"),
            ("e2", "ecole", 0, "2026-04-01T10:00:00Z"),
            ("e3", "eple", 1, "2025-03-01T10:00:00Z"),
        ] {
            let annee = if empreinte == "e3" { "2024-2025" } else { "2025-2026" };
            conn.execute(
                "INSERT INTO dane_diagnostic VALUES (?1, '0330021U', ?2, ?3, ?4, '1111', '2026.1', 1, ?5, 'finalise', 'cle', NULL, 'f.json', '2026-05-01T08:00:00Z')",
                params![empreinte, annee, referentiel, enrole, genere_le],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO dane_enveloppe VALUES (?1, ?2)",
                params![empreinte, format!("octets {empreinte}").into_bytes()],
            )
            .unwrap();
        }
    }
    Store::migrer_jusqu_a(&chemin, schematic_store::ModeJournal::Wal, schematic_store::VERSION_AVEC_DANE).unwrap();
    let conn = Connection::open(&chemin).unwrap();
    let gardes: Vec<String> = conn
        .prepare("SELECT empreinte FROM dane_diagnostic ORDER BY empreinte")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(gardes, ["e1", "e3"]);
    let (ecarte, octets): (String, Vec<u8>) =
        conn.query_row("SELECT empreinte, octets FROM dane_ecarte", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((ecarte.as_str(), octets.as_slice()), ("e2", b"octets e2".as_slice()));
    let recus: i64 = conn
        .query_row("SELECT count(*) FROM dane_reception WHERE recu_le = '2026-05-01T08:00:00Z'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(recus, 3);
    assert!(
        conn.execute("INSERT INTO dane_diagnostic SELECT 'e4', uai, annee, 'ecole', enrole, niveaux, version_referentiel, revision, genere_le, statut, cle, certificat, fichier, importe_le FROM dane_diagnostic WHERE empreinte = 'e1'", []).is_err(),
        "one diagnostic per establishment and year"
    );
}
