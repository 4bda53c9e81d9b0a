//! Declares the app's own commands to Tauri's access control, so that the
//! window may call exactly those listed in capabilities/default.json.

const COMMANDES: &[&str] = &[
    "etablissement",
    "definir_etablissement",
    "verifier_uai",
    "types_etablissement",
    "annee_en_cours",
    "diagnostics",
    "creer_diagnostic",
    "apercu_creation",
    "apercu_changement_version",
    "changer_version",
    "importer_referentiel",
    "imprimer_referentiel",
    "diagnostic",
    "referentiel_du_diagnostic",
    "repondre",
    "commenter",
    "effacer",
    "finaliser",
    "rouvrir",
    "plan_action",
    "enregistrer_action",
    "supprimer_action",
    "preferences",
    "definir_preferences",
    "a_propos",
    "cle",
    "dossier_export_par_defaut",
    "exporter",
    "demande_enrolement",
    "importer_certificat",
    "certificat",
    "options_plan",
    "base_dane",
    "definir_base_dane",
    "migrer_espace_dane",
    "etat_dane",
    "cle_dane",
    "exporter_cle_dane",
    "examiner_demande",
    "enroler",
    "revoquer",
    "importer_annuaire",
    "importer_diagnostics",
    "exporter_rapport_import",
    "synthese",
    "exporter_synthese",
    "radar_territoire",
    "etablissement_dane",
    "roles_participant",
    "atelier",
    "ajouter_participant",
    "supprimer_participant",
    "purger_prenoms",
    "voter",
    "definir_consensus",
    "exporter_contribution",
    "importer_contribution",
];

/// Plugin permissions the window needs: only the native file and folder pickers.
const PERMISSIONS_GREFFONS: &[&str] = &["dialog:allow-open"];

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
        "capabilities/default.json must allow exactly the commands and plugin permissions of build.rs"
    );
    println!("cargo:rerun-if-changed=capabilities/default.json");
}

fn main() {
    verifier_capacite();
    let attributs = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDES));
    tauri_build::try_build(attributs).expect("Tauri build configuration is valid");
}
