//! Persistence of an establishment's diagnostics in SQLite. The only crate that
//! knows SQL.
//!
//! Durability rule: every write runs in its own transaction and returns only
//! after it is committed with `synchronous = FULL` (WAL mode, or the rollback
//! journal on a network folder), passing failures being tried again briefly, so a change the
//! caller reports as saved survives a crash or a power cut.

mod atelier;
pub mod base;
mod error;
mod plan;
mod preferences;
mod reperes;
mod schema;
mod store;

pub use atelier::{IssueContribution, ParticipantEnregistre, VoteEnregistre};
pub use base::ModeJournal;
pub use error::StoreError;
pub use plan::ActionEnregistree;
pub use reperes::ReperesGardes;
pub use schema::{MIGRATIONS, VERSION_AVEC_DANE, VERSION_SCHEMA};
pub use store::{
    ActionReprise, ChangementCommentaire, DiagnosticEnregistre, EtablissementEnregistre, ReponseEnregistree, Reprise,
    RevisionFinalisee, Store,
};
