//! The error that crosses to the shells: `{ kind, message }`. Shells decide
//! what to do from `kind` (exit code, retry button); they show `message`, a
//! complete French sentence, and never match on it.

use schematic_core::CoreError;
use schematic_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// The closed list of error kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// What the user typed is not valid (UAI, year, level, item id, file content).
    SaisieInvalide,
    /// The establishment of this installation is not defined yet.
    EtablissementAbsent,
    /// The diagnostic (or other thing) asked for does not exist.
    Introuvable,
    /// It already exists (a diagnostic for that year).
    ExisteDeja,
    /// The current state forbids it (finalised diagnostic, incomplete answers).
    EtatIncompatible,
    /// A file could not be read or written.
    Fichier,
    /// The database failed or belongs to a newer version.
    BaseDeDonnees,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        let kind = match e {
            CoreError::Etat(_) => ErrorKind::EtatIncompatible,
            CoreError::ItemInconnu(_)
            | CoreError::UaiInvalide(_)
            | CoreError::AnneeInvalide(_)
            | CoreError::EtablissementInvalide(_)
            | CoreError::ReferentielInvalide(_)
            | CoreError::ReponseInvalide(_)
            | CoreError::ActionInvalide(_)
            | CoreError::ParticipantInvalide(_) => ErrorKind::SaisieInvalide,
        };
        Self::new(kind, e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Domaine(c) => c.into(),
            StoreError::Introuvable(m) => Self::new(ErrorKind::Introuvable, m),
            StoreError::Existe(m) => Self::new(ErrorKind::ExisteDeja, m),
            autre @ (StoreError::TropRecente { .. } | StoreError::Base(_)) => {
                Self::new(ErrorKind::BaseDeDonnees, autre.to_string())
            }
        }
    }
}

/// A system error as one French clause, without the system's English text
/// (« l’accès est refusé (droits insuffisants) »).
pub fn phrase_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "il n’existe pas (ou plus)".into(),
        K::AlreadyExists => "un fichier de ce nom existe déjà".into(),
        K::ReadOnlyFilesystem => "le disque est en lecture seule".into(),
        K::StorageFull => "le disque est plein".into(),
        K::QuotaExceeded => "le quota de disque est atteint".into(),
        K::PermissionDenied => "l’accès est refusé (droits insuffisants)".into(),
        K::IsADirectory => "c’est un dossier".into(),
        K::NotADirectory => "un élément du chemin n’est pas un dossier".into(),
        K::InvalidFilename => "son nom est trop long ou invalide".into(),
        K::Interrupted | K::WouldBlock | K::TimedOut => "il n’a pas pu être lu à temps".into(),
        K::UnexpectedEof => "il a été tronqué pendant sa lecture".into(),
        K::OutOfMemory => "la mémoire a manqué pour le lire".into(),
        K::InvalidInput => "ce n’est pas un fichier ordinaire (tube nommé, périphérique ou socket)".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("le système a refusé de le lire (erreur n° {code})"),
            None => "le système a refusé de le lire".into(),
        },
    }
}
