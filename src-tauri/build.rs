//! Declares the app's own commands to Tauri's access control, so that the
//! window may call exactly those listed in capabilities/default.json.

const COMMANDES: &[&str] = &["etablissement", "diagnostics", "dossier_donnees"];

fn main() {
    let attributs = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDES));
    tauri_build::try_build(attributs).expect("Tauri build configuration is valid");
}
