//! The schema's migrations on PostgreSQL, in order, append-only like the
//! SQLite ones. Applied in one transaction under an advisory lock, so that
//! several advisers opening a new server at once apply them once.

use postgres::Client;
use schematic_dane_store::StockageError;

use crate::erreur;

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_espace_dane.sql"),
    include_str!("../migrations/0002_publication.sql"),
    include_str!("../migrations/0003_copie.sql"),
    include_str!("../migrations/0004_cle_dane.sql"),
    include_str!("../migrations/0005_compression_lz4.sql"),
];

/// The read-only role of dashboard tools.
pub const ROLE_LECTURE: &str = "schematic_lecture";

/// Creates the read-only role if it does not exist and this user may, and
/// grants it the published views and nothing else. Run at every connection
/// (the role may be created by an administrator later); a user that may do
/// neither leaves things as they are.
const DROITS_LECTURE: &str = "
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'schematic_lecture') THEN
        BEGIN
            CREATE ROLE schematic_lecture NOLOGIN;
        EXCEPTION WHEN insufficient_privilege OR duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'schematic_lecture') THEN
        BEGIN
            GRANT USAGE ON SCHEMA publication TO schematic_lecture;
            GRANT SELECT ON ALL TABLES IN SCHEMA publication TO schematic_lecture;
        EXCEPTION WHEN insufficient_privilege THEN NULL;
        END;
    END IF;
END
$$";

/// The schema version this code writes.
pub const VERSION: usize = MIGRATIONS.len();

const VERROU_MIGRATION: i64 = 0x5343_4845_4D41_0001;

pub(crate) fn migrer(client: &mut Client) -> Result<(), StockageError> {
    let mut tx = client.transaction().map_err(erreur)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&VERROU_MIGRATION]).map_err(erreur)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schematic_schema (
             version     integer PRIMARY KEY,
             appliquee_le timestamptz NOT NULL DEFAULT now()
         )",
    )
    .map_err(erreur)?;
    let actuelle: i32 =
        tx.query_one("SELECT coalesce(max(version), 0) FROM schematic_schema", &[]).map_err(erreur)?.get(0);
    let actuelle = usize::try_from(actuelle).unwrap_or(0);
    if actuelle > VERSION {
        return Err(StockageError::TropRecente { trouve: actuelle, connu: VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(actuelle) {
        tx.batch_execute(sql).map_err(erreur)?;
        let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
        tx.execute("INSERT INTO schematic_schema (version) VALUES ($1)", &[&version]).map_err(erreur)?;
    }
    tx.batch_execute(DROITS_LECTURE).map_err(erreur)?;
    tx.commit().map_err(erreur)
}
