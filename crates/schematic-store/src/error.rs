//! The store's error type. Domain refusals are carried unchanged so that their
//! French message reaches the user.

use schematic_core::CoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A rule of the domain refused the change (finalised diagnostic...).
    #[error(transparent)]
    Domaine(#[from] CoreError),
    /// The thing asked for does not exist; the message says what.
    #[error("{0}")]
    Introuvable(String),
    /// The thing to create already exists; the message says what.
    #[error("{0}")]
    Existe(String),
    /// The database belongs to a newer version of the application.
    #[error(
        "Cette base de données a été créée par une version plus récente de SchémaTIC (schéma {trouve}, cette version connaît le schéma {connu}) : installez la dernière version de l’application."
    )]
    TropRecente { trouve: usize, connu: usize },
    /// SQLite or the file system failed.
    #[error("Erreur de la base de données : {0}")]
    Base(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Base(e.to_string())
    }
}

impl From<rusqlite::types::FromSqlError> for StoreError {
    fn from(e: rusqlite::types::FromSqlError) -> Self {
        Self::Base(e.to_string())
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(e: rusqlite_migration::Error) -> Self {
        Self::Base(format!("migration du schéma impossible : {e}"))
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        Self::Base(e.to_string())
    }
}
