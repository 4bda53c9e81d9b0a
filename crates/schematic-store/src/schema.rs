//! The schema's migrations, in order. They are append-only: a released migration
//! is never edited, a change is a new file. The migration test opens a database
//! made by version 1 (tests/fixtures) with the current code.

use rusqlite_migration::{M, Migrations};

const LISTE: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_initial.sql")),
    M::up(include_str!("../migrations/0002_revision_finalisee.sql")),
    M::up(include_str!("../migrations/0003_plan_action_preferences.sql")),
    M::up(include_str!("../migrations/0004_dane_enrolements.sql")),
    M::up(include_str!("../migrations/0005_dane_annuaire_diagnostics.sql")),
    M::up(include_str!("../migrations/0006_atelier.sql")),
    M::up(include_str!("../migrations/0007_dane_regles_de_confiance.sql")),
    M::up(include_str!("../migrations/0008_reponses_versions.sql")),
    M::up(include_str!("../migrations/0009_dane_versions.sql")),
    M::up(include_str!("../migrations/0010_espace_dane_a_part.sql")),
    M::up(include_str!("../migrations/0011_reperes.sql")),
];

pub const MIGRATIONS: Migrations<'static> = Migrations::from_slice(LISTE);

/// The schema version this code writes.
pub const VERSION_SCHEMA: usize = LISTE.len();

/// The establishment's database.
pub const SCHEMA: crate::base::Schema =
    crate::base::Schema { migrations: &MIGRATIONS, version: VERSION_SCHEMA, nom_sauvegarde: "schematic" };

/// The last schema that held the DANE space's tables.
pub const VERSION_AVEC_DANE: usize = 9;
