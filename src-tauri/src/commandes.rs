//! Tauri commands: each is a one-line adapter over an `Installation` method.
//! Mirrored on the UI side by `ui/src/lib/backend.ts`.

#![allow(clippy::needless_pass_by_value, reason = "Tauri hands `State` to commands by value")]

use schematic_api::dto::{DiagnosticResume, EtablissementDto};
use schematic_api::{ApiError, ErrorKind, Installation};
use tauri::State;

use crate::Etat;

fn avec<T>(etat: &Etat, f: impl FnOnce(&mut Installation) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let verrou = etat.0.as_ref().map_err(Clone::clone)?;
    let mut installation = verrou.lock().map_err(|_| {
        ApiError::new(ErrorKind::BaseDeDonnees, "Une opération précédente a échoué : redémarrez l’application.")
    })?;
    f(&mut installation)
}

#[tauri::command]
pub fn etablissement(etat: State<'_, Etat>) -> Result<Option<EtablissementDto>, ApiError> {
    avec(&etat, |i| i.etablissement())
}

#[tauri::command]
pub fn diagnostics(etat: State<'_, Etat>) -> Result<Vec<DiagnosticResume>, ApiError> {
    avec(&etat, |i| i.diagnostics())
}

#[tauri::command]
pub fn dossier_donnees(etat: State<'_, Etat>) -> Result<String, ApiError> {
    avec(&etat, |i| Ok(i.dossier().display().to_string()))
}
