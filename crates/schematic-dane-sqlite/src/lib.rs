//! The DANE store in SQLite: one file (`dane.sqlite`) in the installation's
//! data folder, nothing to install. Opened like every SchémaTIC database
//! (`schematic_store::base`: WAL or rollback journal, `synchronous = FULL`,
//! backup before migrations); `BEGIN IMMEDIATE` serialises writers, also
//! across processes.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};
use schematic_dane_store::StockageError;
use schematic_store::StoreError;
use schematic_store::base::{self, ModeJournal, Schema};

mod annuaire;
mod copie;
mod enrolement;
mod import;
mod publication;
mod reprise;
mod stockage;
mod territoire;

pub use reprise::reprendre_installation;

const LISTE: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_espace_dane.sql")),
    M::up(include_str!("../migrations/0002_publication.sql")),
    M::up(include_str!("../migrations/0003_copie.sql")),
    M::up(include_str!("../migrations/0004_cle_dane.sql")),
    M::up(include_str!("../migrations/0005_annuaire_couvrant.sql")),
];
const MIGRATIONS: Migrations<'static> = Migrations::from_slice(LISTE);

/// The DANE store's schema.
pub const SCHEMA: Schema = Schema { migrations: &MIGRATIONS, version: LISTE.len(), nom_sauvegarde: "dane" };

/// SQLite's page cache for the DANE store, in KiB (allocated only as pages are read).
const CACHE_KIO: i64 = 64 * 1024;

/// The DANE store in one SQLite file.
#[derive(Debug)]
pub struct StockageSqlite {
    conn: Connection,
    chemin: Option<PathBuf>,
}

impl StockageSqlite {
    /// Opens (or creates) the store at `chemin`, migrating it.
    pub fn ouvrir(chemin: &Path, journal: ModeJournal) -> Result<Self, StockageError> {
        let conn = base::ouvrir(Some(chemin), journal, SCHEMA).map_err(erreur_store)?;
        // The territory queries read the annuaire and an index of the
        // diagnostics (tens of MB nationally): SQLite's default page cache
        // (2 MB) would read them again from the system at every query.
        conn.pragma_update(None, "cache_size", -CACHE_KIO).map_err(erreur)?;
        Ok(Self { conn, chemin: Some(chemin.to_path_buf()) })
    }

    /// A private in-memory store (tests).
    pub fn en_memoire() -> Result<Self, StockageError> {
        Ok(Self { conn: base::ouvrir(None, ModeJournal::Wal, SCHEMA).map_err(erreur_store)?, chemin: None })
    }

    pub fn chemin(&self) -> Option<&Path> {
        self.chemin.as_deref()
    }
}

pub(crate) fn erreur_store(e: StoreError) -> StockageError {
    match e {
        StoreError::TropRecente { trouve, connu } => StockageError::TropRecente { trouve, connu },
        StoreError::Introuvable(m) => StockageError::Introuvable(m),
        StoreError::Existe(m) => StockageError::Existe(m),
        autre => StockageError::Base(autre.to_string()),
    }
}

#[allow(clippy::needless_pass_by_value, reason = "called through `map_err`, which hands the error over")]
pub(crate) fn erreur(e: rusqlite::Error) -> StockageError {
    StockageError::Base(e.to_string())
}

/// A stored value that does not read back (a hand-edited file).
pub(crate) fn corrompu(quoi: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, quoi.to_string().into())
}
