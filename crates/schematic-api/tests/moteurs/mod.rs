//! The two engines of the DANE space's store, for tests that run against
//! both: SQLite (the file beside the installation's database) and
//! PostgreSQL (a fresh database on the server `cargo xtask test` starts,
//! named by `SCHEMATIC_TEST_POSTGRES`). A test written once as
//! `fn nom(m: Moteur)` is declared for both by [`sur_les_deux_moteurs!`].

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use schematic_api::Installation;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moteur {
    Sqlite,
    Postgres,
}

static BASES: AtomicU32 = AtomicU32::new(0);

/// The server of `cargo xtask test` (its `postgres` database).
pub fn serveur() -> String {
    std::env::var(schematic_postgres_essai::VARIABLE_URL).unwrap_or_else(|_| {
        panic!(
            "{} is not set: the PostgreSQL tests need the server that `cargo xtask test` starts",
            schematic_postgres_essai::VARIABLE_URL
        )
    })
}

/// A new empty database on the test server; returns its URL.
pub fn nouvelle_base() -> String {
    let admin = serveur();
    let nom = format!("dane_{}_{}", std::process::id(), BASES.fetch_add(1, Ordering::SeqCst));
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("the test server answers");
    client.batch_execute(&format!("CREATE DATABASE {nom}")).expect("a test database can be created");
    let (debut, _) = admin.rsplit_once('/').expect("the server URL names a database");
    format!("{debut}/{nom}")
}

impl Moteur {
    /// Puts the DANE space of the installation in `dossier` on this engine.
    pub fn preparer(self, dossier: &Path) {
        if self == Self::Postgres {
            let url = nouvelle_base();
            let espace = Installation::ouvrir(dossier).unwrap().definir_base_dane(Some(&url), None).unwrap();
            assert!(espace.description_stockage().starts_with("PostgreSQL, base dane_"), "{}", espace.description_stockage());
        }
    }
}

/// Declares each `fn nom(m: Moteur)` listed as two tests, `sqlite::nom` and
/// `postgres::nom`.
#[macro_export]
macro_rules! sur_les_deux_moteurs {
    ($($nom:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $nom() { super::$nom(super::moteurs::Moteur::Sqlite) })*
        }
        mod postgres {
            $(#[test] fn $nom() { super::$nom(super::moteurs::Moteur::Postgres) })*
        }
    };
}
