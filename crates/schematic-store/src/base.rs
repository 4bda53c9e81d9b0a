//! Opening a SQLite database of SchémaTIC the way every one of them is
//! opened — the establishment's (`Store`) and the DANE space's
//! (`schematic-dane-sqlite`): journal mode, `synchronous = FULL`, busy
//! timeout, foreign keys, migrations after a backup copy, a newer schema
//! refused untouched; and the write transactions that wait out passing
//! failures.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, SchemaVersion};

use crate::error::StoreError;

/// How long a write waits for another process (the CLI beside the app) to
/// release the database before giving up.
const ATTENTE_VERROU: Duration = Duration::from_secs(5);

/// Folder, beside the database, where copies are taken before migrations.
pub const DOSSIER_SAUVEGARDES: &str = "sauvegardes";

/// How often, and how far apart, a write hit by a passing failure (another
/// process holding the file, an antivirus scanner opening the journal) is
/// tried again before the error reaches the user: about one second in all.
const ESSAIS_PASSAGERS: u32 = 20;
const PAUSE_PASSAGERE: Duration = Duration::from_millis(50);

/// How SQLite keeps the journal of the database. WAL (the default) lets the
/// CLI read while the app writes; it needs shared memory between processes,
/// which a network folder does not give, so a database there uses the
/// classic rollback journal (DELETE) instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeJournal {
    Wal,
    Delete,
}

impl ModeJournal {
    /// SQLite's name of the mode (`PRAGMA journal_mode`).
    pub fn nom(self) -> &'static str {
        match self {
            Self::Wal => "wal",
            Self::Delete => "delete",
        }
    }
}

/// A database's schema: its migrations, and the name its backup copies
/// start with (`schematic` gives `schematic-schema-v<N>-<UTC time>.sqlite`).
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub migrations: &'static Migrations<'static>,
    pub version: usize,
    pub nom_sauvegarde: &'static str,
}

/// Opens (or creates) the database at `chemin` (`None`: a private
/// in-memory one) and migrates it to `schema`. An existing database is first
/// copied into `sauvegardes/` beside it when a migration is about to run.
pub fn ouvrir(chemin: Option<&Path>, journal: ModeJournal, schema: Schema) -> Result<Connection, StoreError> {
    let (mut conn, existait) = match chemin {
        Some(chemin) => {
            if let Some(dossier) = chemin.parent() {
                fs::create_dir_all(dossier)?;
            }
            let existait = fs::metadata(chemin).map(|m| m.len() > 0).unwrap_or(false);
            (Connection::open(chemin)?, existait)
        }
        None => (Connection::open_in_memory()?, false),
    };
    configurer(&conn, chemin.is_some(), journal)?;
    migrer(&mut conn, chemin, existait, schema)?;
    Ok(conn)
}

fn configurer(conn: &Connection, fichier: bool, journal: ModeJournal) -> Result<(), StoreError> {
    conn.busy_timeout(ATTENTE_VERROU)?;
    // Switching a new database to WAL needs it to itself, and SQLite does
    // not wait for that (no busy handler): when several processes open a
    // new data folder at once, the switch is tried again for a while.
    let debut = std::time::Instant::now();
    let demande = format!("PRAGMA journal_mode = {}", journal.nom());
    let mode: String = loop {
        match conn.query_row(&demande, [], |r| r.get(0)) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && debut.elapsed() < ATTENTE_VERROU =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            autre => break autre?,
        }
    };
    if fichier && !mode.eq_ignore_ascii_case(journal.nom()) {
        return Err(StoreError::Base(format!(
            "le mode de journal {} n’a pas pu être activé (mode {mode}).",
            journal.nom().to_uppercase()
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// The schema version of the database, 0 for a new one.
pub fn version(conn: &Connection, schema: Schema) -> Result<usize, StoreError> {
    Ok(match schema.migrations.current_version(conn)? {
        SchemaVersion::Outside(v) => return Err(StoreError::TropRecente { trouve: v.get(), connu: schema.version }),
        SchemaVersion::Inside(v) => v.get(),
        SchemaVersion::NoneSet => 0,
    })
}

fn migrer(conn: &mut Connection, chemin: Option<&Path>, existait: bool, schema: Schema) -> Result<(), StoreError> {
    let actuelle = version(conn, schema)?;
    if actuelle == schema.version {
        return Ok(());
    }
    // A database at version 0 holds nothing yet (a new one, maybe being
    // created by another process at this very moment): nothing to save.
    if existait
        && actuelle > 0
        && let Some(chemin) = chemin
    {
        sauvegarder(conn, chemin, &format!("{}-schema-v{actuelle}", schema.nom_sauvegarde))?;
    }
    match schema.migrations.to_version(conn, schema.version) {
        Ok(()) => Ok(()),
        // Another process opening the same new or older database may
        // have migrated it meanwhile (its transaction won, ours was
        // rolled back whole): then the schema is the current one.
        Err(_) if version(conn, schema)? == schema.version => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Copies the database into `sauvegardes/<nom>-<UTC time>.sqlite` beside it.
pub fn sauvegarder(conn: &Connection, chemin: &Path, nom: &str) -> Result<PathBuf, StoreError> {
    let dossier = chemin.parent().unwrap_or(Path::new(".")).join(DOSSIER_SAUVEGARDES);
    fs::create_dir_all(&dossier)?;
    let horodatage = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    // Another process may be saving the same database at the same
    // second: a name taken meanwhile is not an error, the next is tried.
    let mut n = 1;
    loop {
        let copie = if n == 1 {
            dossier.join(format!("{nom}-{horodatage}.sqlite"))
        } else {
            dossier.join(format!("{nom}-{horodatage}-{n}.sqlite"))
        };
        let texte = copie.to_str().ok_or_else(|| StoreError::Base("chemin de sauvegarde non UTF-8".into()))?;
        match conn.execute("VACUUM INTO ?1", [texte]) {
            Ok(_) => return Ok(copie),
            Err(_) if copie.exists() && n < 100 => n += 1,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Begins a write transaction (`BEGIN IMMEDIATE`), trying again for a while
/// when the database is held by a passing failure (see [`valider`]).
pub fn debuter(conn: &mut Connection) -> Result<Transaction<'_>, StoreError> {
    let mut essai = 0;
    loop {
        match Transaction::new_unchecked(conn, TransactionBehavior::Immediate) {
            Err(e) if est_passagere(&e) && essai < ESSAIS_PASSAGERS => {
                essai += 1;
                std::thread::sleep(PAUSE_PASSAGERE);
            }
            autre => return Ok(autre?),
        }
    }
}

/// Commits a write transaction. A COMMIT refused because another process
/// still reads (SQLITE_BUSY) leaves the transaction open and is tried again
/// for a while; any other failure rolls it back and is returned, so nothing
/// is reported saved that is not on disk.
#[allow(
    clippy::needless_pass_by_value,
    reason = "the transaction ends here: committed, or rolled back as it is dropped"
)]
pub fn valider(tx: Transaction<'_>) -> Result<(), StoreError> {
    let mut essai = 0;
    loop {
        match tx.execute_batch("COMMIT") {
            // Committed: dropping the transaction then does nothing.
            Ok(()) => return Ok(()),
            Err(e) if est_passagere(&e) && !tx.is_autocommit() && essai < ESSAIS_PASSAGERS => {
                essai += 1;
                std::thread::sleep(PAUSE_PASSAGERE);
            }
            // Dropped here: rolled back if SQLite left it open.
            Err(e) => return Err(e.into()),
        }
    }
}

/// A failure that goes away by itself: the database held by another process
/// (busy, locked) or a file briefly held by a scanner (I/O error).
pub fn est_passagere(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked | rusqlite::ErrorCode::SystemIoFailure
            )
    )
}
