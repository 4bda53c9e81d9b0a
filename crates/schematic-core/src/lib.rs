//! The SchémaTIC domain: what a referential is, who the establishment is, what a
//! diagnostic holds and how it is scored.
//!
//! This crate does no IO and reads no clock: dates and times are passed in by the
//! caller. That keeps every rule here testable on hand-computed cases and usable
//! unchanged by the CLI, the desktop app and (later) the DANE side.

pub mod annee;
pub mod annuaire;
pub mod atelier;
pub mod diagnostic;
pub mod error;
pub mod etablissement;
pub mod import;
pub mod json;
pub mod plan_action;
pub mod radar;
pub mod referentiel;
pub mod reperes;
pub mod resultats;
pub mod secret;
pub mod synthese;
pub mod territoire;
pub mod uai;

pub use annee::AnneeScolaire;
pub use diagnostic::{Commentaire, Reponse, Statut};
pub use error::CoreError;
pub use etablissement::{Etablissement, TypeEtablissement};
pub use referentiel::{Degre, Referentiel};
pub use uai::Uai;
