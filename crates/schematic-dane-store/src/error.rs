//! The DANE store's error type, the same for every engine.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StockageError {
    /// The thing asked for does not exist; the message says what.
    #[error("{0}")]
    Introuvable(String),
    /// The thing to create already exists; the message says what.
    #[error("{0}")]
    Existe(String),
    /// The store belongs to a newer version of the application.
    #[error(
        "La base de l’espace DANE a été créée par une version plus récente de SchémaTIC (schéma {trouve}, cette version connaît le schéma {connu}) : installez la dernière version de l’application."
    )]
    TropRecente { trouve: usize, connu: usize },
    /// The server cannot be reached, refused the connection, or the
    /// connection was lost: the message says which, in one sentence.
    #[error("{0}")]
    Connexion(String),
    /// The engine failed.
    #[error("Erreur de la base de l’espace DANE : {0}")]
    Base(String),
}
