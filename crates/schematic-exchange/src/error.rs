//! The exchange crate's error type; messages are French sentences for users.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ExchangeError {
    /// The key file is missing, unreadable or malformed.
    #[error("{0}")]
    Cle(String),
    /// The bytes are not a document of the expected format.
    #[error("{0}")]
    Format(String),
    /// Too big, or built to exhaust whoever reads it (bombs, millions of objects).
    #[error("{0}")]
    TropGros(String),
    /// The signature does not match the content or the key.
    #[error("{0}")]
    Signature(String),
}
