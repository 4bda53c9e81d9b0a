//! What leaves or enters a SchémaTIC installation, and how it is trusted:
//! the installation key, the DSSE envelope, the diagnostic export format v1 and
//! its verification. No IO beyond the key file; no SQL; no clock (times are
//! passed in).
//!
//! The export format is a stability boundary: it is specified in
//! `docs/format/diagnostic-v1.md`, and `tests/fixtures/format-v1/` holds test
//! vectors that this code must reproduce byte for byte.

pub mod annuaire;
pub mod canonique;
pub mod cles;
pub mod contribution;
pub mod dsse;
pub mod enrolement;
mod error;
pub mod format_diagnostic;
pub mod grille;
mod mise_en_page;
pub mod papier;
pub mod pdf;
pub mod rapport;
pub mod reperes;
pub mod schemas;
pub mod tableur;
pub mod texte;
pub mod verification;

#[cfg(test)]
mod vecteurs;

pub use cles::{CleInstallation, ClePublique, TrousseauCles, TrousseauFichier};
pub use dsse::Enveloppe;
pub use error::ExchangeError;
