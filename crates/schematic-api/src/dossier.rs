//! The one place that knows where an installation's data lives. The CLI and
//! the app must find the same database, so both ask here.

use std::path::PathBuf;

use crate::error::{ApiError, ErrorKind};

/// The app identifier; Tauri's `app_data_dir` is `dirs::data_dir()/<this>`.
pub const IDENTIFIANT: &str = "fr.schematic.app";
/// Environment variable that overrides the data directory.
pub const VARIABLE: &str = "SCHEMATIC_DATA_DIR";
/// File name of the database inside the data directory.
pub const BASE: &str = "schematic.sqlite";

/// The data directory: `explicite` (from `--data-dir`) if given, else
/// `$SCHEMATIC_DATA_DIR` if set and not empty, else the platform's data
/// directory (`~/.local/share/fr.schematic.app`, `%APPDATA%\fr.schematic.app`).
pub fn resoudre(explicite: Option<PathBuf>) -> Result<PathBuf, ApiError> {
    if let Some(d) = explicite.filter(|d| !d.as_os_str().is_empty()) {
        return Ok(d);
    }
    if let Some(d) = std::env::var_os(VARIABLE).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    dirs::data_dir().map(|d| d.join(IDENTIFIANT)).ok_or_else(|| {
        ApiError::new(
            ErrorKind::Fichier,
            format!("Le dossier de données de l’utilisateur est introuvable : indiquez-en un avec --data-dir ou la variable {VARIABLE}."),
        )
    })
}
