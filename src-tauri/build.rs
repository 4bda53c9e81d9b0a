//! Declares the app's own commands, read from the one list of
//! src/liste_commandes.rs, to Tauri's access control, and checks that the
//! window may call exactly those (capabilities/default.json).

include!("src/liste_commandes.rs");

/// The names of the commands of the list, in its order.
macro_rules! noms {
    ($(
        $domaine:ident {$(
            $(#[doc = $doc:literal])*
            $genre:ident fn $nom:ident ($($p:tt)*) $([$($canal:tt)*])? -> $ret:ty $corps:block
        )*}
    )*) => {
        const COMMANDES: &[&str] = &[$($(stringify!($nom)),*),*];
    };
}

avec_commandes!(noms);

/// The capability must allow exactly the declared commands: a command added
/// here without its permission (or a permission left behind) fails the build.
fn verifier_capacite() {
    let texte = std::fs::read_to_string("capabilities/default.json").expect("capabilities/default.json is readable");
    let capacite: serde_json::Value = serde_json::from_str(&texte).expect("capabilities/default.json is JSON");
    let mut permises: Vec<String> = capacite["permissions"]
        .as_array()
        .expect("permissions is a list")
        .iter()
        .map(|p| p.as_str().expect("permission is a string").to_string())
        .collect();
    let mut attendues: Vec<String> = COMMANDES
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain(PERMISSIONS_GREFFONS.iter().map(|p| (*p).to_string()))
        .collect();
    permises.sort();
    attendues.sort();
    assert_eq!(
        permises, attendues,
        "capabilities/default.json must allow exactly the commands and plugin permissions of src/liste_commandes.rs — run `cargo xtask codegen`"
    );
    println!("cargo:rerun-if-changed=capabilities/default.json");
    println!("cargo:rerun-if-changed=src/liste_commandes.rs");
}

fn main() {
    verifier_capacite();
    let attributs = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDES));
    tauri_build::try_build(attributs).expect("Tauri build configuration is valid");
}
