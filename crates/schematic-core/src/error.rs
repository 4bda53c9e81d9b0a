//! The one error type of the domain. Every message is a complete French sentence
//! meant for the user: it says what is wrong and what is expected.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CoreError {
    #[error("{0}")]
    UaiInvalide(String),
    #[error("{0}")]
    AnneeInvalide(String),
    #[error("{0}")]
    EtablissementInvalide(String),
    #[error("{0}")]
    ReferentielInvalide(String),
    #[error("{0}")]
    ReponseInvalide(String),
    #[error("{0}")]
    ItemInconnu(String),
    #[error("{0}")]
    ActionInvalide(String),
    #[error("{0}")]
    ParticipantInvalide(String),
    /// The diagnostic's state forbids the operation (finalised, incomplete...).
    #[error("{0}")]
    Etat(String),
}
