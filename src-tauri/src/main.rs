//! The SchémaTIC desktop application: a Tauri 2 shell over `schematic-api`.
//! Commands are one-line adapters; errors cross as `{ kind, message }`.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[cfg(test)]
mod client;
mod commandes;
mod demarrage;
mod webkit;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use demarrage::EchecDemarrage;
use schematic_api::{EspaceDane, Installation, dossier};

/// The installation opened at start-up, and its DANE space once used.
#[derive(Debug)]
pub struct Etat {
    installation: Mutex<Installation>,
    dane: Mutex<Option<EspaceDane>>,
}

/// `--data-dir DIR` on the command line wins over `SCHEMATIC_DATA_DIR` and the
/// default folder, as for the CLI.
fn dossier_demande() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(valeur) = a.to_str().and_then(|s| s.strip_prefix("--data-dir=")) {
            return Some(PathBuf::from(valeur));
        }
    }
    None
}

fn main() -> ExitCode {
    match demarrer() {
        Ok(()) => ExitCode::SUCCESS,
        Err(echec) => echec.signaler(),
    }
}

/// Opens the data, then the window. What fails before the window shows is
/// returned, to be told to the user (see `demarrage`).
fn demarrer() -> Result<(), EchecDemarrage> {
    demarrage::verifier_webview()?;
    let installation = dossier::resoudre(dossier_demande())
        .and_then(|d| Installation::ouvrir(&d))
        .map_err(EchecDemarrage::Installation)?;
    demarrage::prevenir_en_cas_de_panique();
    let application = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Etat { installation: Mutex::new(installation), dane: Mutex::new(None) })
        .setup(|app| {
            webkit::sobriete(app);
            Ok(())
        })
        .invoke_handler(commandes::gestionnaire())
        .build(tauri::generate_context!())
        .map_err(|e| EchecDemarrage::Fenetre(e.to_string()))?;
    application.run(|_, _| {});
    Ok(())
}
