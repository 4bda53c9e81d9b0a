//! The TypeScript bindings committed in ui/ match the Rust DTOs. When this
//! fails, run `cargo xtask codegen` (this test with `SCHEMATIC_ECRIRE_BINDINGS=1`,
//! which rewrites the folder) and commit the result.

use std::fs;
use std::path::Path;

#[test]
fn committed_typescript_bindings_are_fresh() {
    let dossier = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(schematic_api::bindings::DOSSIER);
    let attendus = schematic_api::bindings::fichiers();
    if std::env::var_os("SCHEMATIC_ECRIRE_BINDINGS").is_some() {
        if dossier.exists() {
            fs::remove_dir_all(&dossier).unwrap();
        }
        fs::create_dir_all(&dossier).unwrap();
        for (nom, contenu) in &attendus {
            fs::write(dossier.join(nom), contenu).unwrap();
        }
    }
    let mut perimes = Vec::new();
    for (nom, contenu) in &attendus {
        if fs::read_to_string(dossier.join(nom)).ok().as_deref() != Some(contenu.as_str()) {
            perimes.push(nom.clone());
        }
    }
    let mut presents: Vec<String> = fs::read_dir(&dossier)
        .map(|d| d.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    presents.retain(|n| !attendus.iter().any(|(a, _)| a == n));
    assert!(
        perimes.is_empty() && presents.is_empty(),
        "stale TypeScript bindings in {}: {perimes:?}, unexpected files: {presents:?} — run `cargo xtask codegen`",
        dossier.display()
    );
}
