//! Helpers: a temporary installation and a way to run the binary in it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;

pub struct Dossier {
    pub temp: tempfile::TempDir,
    /// The database of the DANE space, when it is on PostgreSQL.
    pub postgres: Option<String>,
}

/// The engine of a DANE space's store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moteur {
    Sqlite,
    Postgres,
}

/// The DANE tables, for comparing a store before and after.
const TABLES_DANE: &[&str] = &[
    "dane_enrolement",
    "dane_annuaire",
    "dane_circonscription",
    "dane_referentiel",
    "dane_diagnostic",
    "dane_enveloppe",
    "dane_reception",
    "dane_ecarte",
    "dane_import",
    "dane_import_fichier",
];

impl Dossier {
    pub fn nouveau() -> Self {
        Self { temp: tempfile::tempdir().unwrap(), postgres: None }
    }

    /// A data folder whose DANE space is on `m` (PostgreSQL: a new database
    /// on the tests' server, chosen with `schematic dane base`).
    pub fn dane(m: Moteur) -> Self {
        let mut d = Self::nouveau();
        if m == Moteur::Postgres {
            let url = schematic_postgres_essai::nouvelle_base(&schematic_postgres_essai::serveur_des_tests()).unwrap();
            let sortie = d.ok(&["dane", "base", &url]);
            assert!(sortie.contains("L’espace DANE utilise désormais : PostgreSQL, base dane_"), "{sortie}");
            d.postgres = Some(url);
        }
        d
    }

    /// How many rows a table of the DANE space holds, whatever the engine.
    pub fn lignes_dane(&self, table: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM {table}");
        match &self.postgres {
            Some(url) => schematic_postgres_essai::psql(url, &sql).unwrap().trim().parse().unwrap(),
            None => rusqlite::Connection::open(self.base_dane()).unwrap().query_row(&sql, [], |r| r.get(0)).unwrap(),
        }
    }

    pub fn chemin(&self) -> &Path {
        self.temp.path()
    }

    pub fn base(&self) -> PathBuf {
        self.chemin().join("schematic.sqlite")
    }

    /// The DANE space's store (SQLite, the default).
    pub fn base_dane(&self) -> PathBuf {
        self.chemin().join("dane.sqlite")
    }

    /// `schematic --data-dir <this> args…`, with no inherited data directory.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(binaire());
        c.env_remove("SCHEMATIC_DATA_DIR").arg("--data-dir").arg(self.chemin()).args(args);
        c
    }

    /// Runs and asserts success, returning stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let sortie = self.cmd(args).output().unwrap();
        assert!(sortie.status.success(), "schematic {args:?} failed: {}", String::from_utf8_lossy(&sortie.stderr));
        String::from_utf8(sortie.stdout).unwrap()
    }

    /// `dane importer DOSSIER --rapport RAPPORT`, asserting the exit code;
    /// returns what it printed.
    pub fn importer(&self, dossier: &Path, rapport: &Path, code: i32) -> String {
        let sortie = self
            .cmd(&["dane", "importer", dossier.to_str().unwrap(), "--rapport", rapport.to_str().unwrap()])
            .assert()
            .code(code)
            .get_output()
            .stdout
            .clone();
        String::from_utf8(sortie).unwrap()
    }

    /// Every file of the data directory with its bytes, sorted by name.
    pub fn contenu(&self) -> Vec<(String, Vec<u8>)> {
        let mut fichiers: Vec<(String, Vec<u8>)> = std::fs::read_dir(self.chemin())
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let nom = e.file_name().into_string().unwrap();
                let octets = if e.path().is_file() { std::fs::read(e.path()).unwrap() } else { Vec::new() };
                (nom, octets)
            })
            .collect();
        fichiers.sort();
        // A store on a server is compared through a digest of every table.
        if let Some(url) = &self.postgres {
            let sql: Vec<String> = TABLES_DANE
                .iter()
                .map(|t| {
                    format!("SELECT '{t}', md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM {t} x")
                })
                .collect();
            fichiers.push((
                "postgres".into(),
                schematic_postgres_essai::psql(url, &sql.join(" UNION ALL ")).unwrap().into_bytes(),
            ));
        }
        fichiers
    }
}

pub fn binaire() -> PathBuf {
    cargo_bin("schematic")
}

/// A college with a finalised 2024-2025 and a 2025-2026 draft with two answers.
pub fn college_avec_deux_annees() -> Dossier {
    let d = Dossier::nouveau();
    d.ok(&["etablissement", "definir", "--uai", "0330021U", "--nom", "Collège Jean Moulin", "--type", "college"]);
    d.ok(&["diagnostic", "creer", "--annee", "2024-2025"]);
    for domaine in ["PIL", "FOR", "IMP", "PED", "INF"] {
        for n in 1..=4 {
            d.ok(&["diagnostic", "repondre", &format!("{domaine}-{n}"), "1", "--annee", "2024-2025"]);
        }
    }
    d.ok(&["diagnostic", "finaliser", "--annee", "2024-2025"]);
    d.ok(&["diagnostic", "creer", "--annee", "2025-2026"]);
    d.ok(&["diagnostic", "repondre", "PIL-1", "2", "--commentaire", "Volet voté en CA"]);
    d.ok(&["diagnostic", "repondre", "INF-3", "aucun"]);
    d
}

/// Runs a poppler-utils program and returns its output.
pub fn outil(programme: &str, args: &[&str]) -> String {
    let sortie = std::process::Command::new(programme)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{programme} (poppler-utils) is needed: `cargo xtask test` installs it ({e})"));
    assert!(sortie.status.success(), "{programme} {args:?}: {}", String::from_utf8_lossy(&sortie.stderr));
    String::from_utf8_lossy(&sortie.stdout).into_owned()
}

/// Declares each `fn nom(m: Moteur)` listed as two tests, `sqlite::nom` and
/// `postgres::nom`.
#[macro_export]
macro_rules! sur_les_deux_moteurs {
    ($($nom:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $nom() { super::$nom(super::Moteur::Sqlite) })*
        }
        mod postgres {
            $(#[test] fn $nom() { super::$nom(super::Moteur::Postgres) })*
        }
    };
}
