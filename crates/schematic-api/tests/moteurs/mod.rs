//! The two engines of the DANE space's store, for tests that run against
//! both: SQLite (the file beside the installation's database) and
//! PostgreSQL (a fresh database on the server `cargo xtask test` starts,
//! named by `SCHEMATIC_TEST_POSTGRES`). A test written once as
//! `fn nom(m: Moteur)` is declared for both by [`sur_les_deux_moteurs!`].

use std::path::Path;

use schematic_api::Installation;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moteur {
    Sqlite,
    Postgres,
}

impl Moteur {
    /// Puts the DANE space of the installation in `dossier` on this engine;
    /// returns the database's URL on PostgreSQL.
    pub fn preparer(self, dossier: &Path) -> Option<String> {
        if self == Self::Postgres {
            let url = schematic_postgres_essai::nouvelle_base(&schematic_postgres_essai::serveur_des_tests()).unwrap();
            let espace = Installation::ouvrir(dossier).unwrap().definir_base_dane(Some(&url), None).unwrap();
            assert!(
                espace.description_stockage().starts_with("PostgreSQL, base dane_"),
                "{}",
                espace.description_stockage()
            );
            return Some(url);
        }
        None
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
