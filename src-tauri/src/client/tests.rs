use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::*;

fn racine() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn config() -> ts_rs::Config {
    ts_rs::Config::new().with_large_int("number")
}

fn types_connus() -> BTreeSet<String> {
    schematic_api::bindings::fichiers().into_iter().map(|(nom, _)| nom.trim_end_matches(".ts").to_string()).collect()
}

fn ecrire_si_demande(chemin: &Path, contenu: &str) {
    if std::env::var_os("SCHEMATIC_ECRIRE_BINDINGS").is_some() {
        fs::write(chemin, contenu).unwrap();
    }
}

#[test]
fn the_committed_client_and_capability_are_what_the_list_gives() {
    let liste = crate::commandes::liste(&config());
    let dossier = racine().join(DOSSIER);
    let attendus = modules(&liste, &types_connus());
    if std::env::var_os("SCHEMATIC_ECRIRE_BINDINGS").is_some() {
        if dossier.exists() {
            fs::remove_dir_all(&dossier).unwrap();
        }
        fs::create_dir_all(&dossier).unwrap();
    }
    for (nom, contenu) in &attendus {
        ecrire_si_demande(&dossier.join(nom), contenu);
    }
    let capacite_attendue = capacite(&liste, crate::commandes::PERMISSIONS_GREFFONS);
    ecrire_si_demande(&racine().join(CAPACITE), &capacite_attendue);

    let mut perimes: Vec<String> = attendus
        .iter()
        .filter(|(nom, contenu)| fs::read_to_string(dossier.join(nom)).ok().as_deref() != Some(contenu.as_str()))
        .map(|(nom, _)| nom.clone())
        .collect();
    if fs::read_to_string(racine().join(CAPACITE)).ok() != Some(capacite_attendue) {
        perimes.push(CAPACITE.into());
    }
    let mut en_trop: Vec<String> = fs::read_dir(&dossier)
        .map(|d| d.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    en_trop.retain(|n| !attendus.iter().any(|(a, _)| a == n));
    assert!(
        perimes.is_empty() && en_trop.is_empty(),
        "stale: {perimes:?}, unexpected files in {DOSSIER}: {en_trop:?} — run `cargo xtask codegen`"
    );
}

/// Read from the committed files, as the page and Tauri's access control
/// will: what the client calls, what the window may call and what the
/// handler answers must be the same set of commands.
#[test]
fn the_client_calls_exactly_the_commands_the_window_may_call_and_the_app_answers() {
    let liste = crate::commandes::liste(&config());
    let noms: BTreeSet<String> = liste.iter().map(|c| c.nom.to_string()).collect();
    assert_eq!(noms.len(), liste.len(), "a command is declared twice");

    let mut appelees = BTreeSet::new();
    for entree in fs::read_dir(racine().join(DOSSIER)).unwrap() {
        let texte = fs::read_to_string(entree.unwrap().path()).unwrap();
        for appel in texte.split("return appeler<").skip(1) {
            let nom = appel.split_once(">(\"").and_then(|(_, r)| r.split('"').next()).unwrap();
            appelees.insert(nom.to_string());
        }
    }
    assert_eq!(appelees, noms, "the TypeScript client and the list differ");

    let capacite: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(racine().join(CAPACITE)).unwrap()).unwrap();
    let permises: BTreeSet<String> = capacite["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .filter(|p| !crate::commandes::PERMISSIONS_GREFFONS.contains(&p.as_str()))
        .collect();
    let attendues: BTreeSet<String> = noms.iter().map(|n| permission(n)).collect();
    assert_eq!(permises, attendues, "the capability and the list differ");

    // The handler is generated from the same list as the commands: its
    // source names each of them once, through `generate_handler!`.
    let source = fs::read_to_string(racine().join("src-tauri/src/commandes.rs")).unwrap();
    assert!(source.contains("tauri::generate_handler![$($($nom),*),*]"));
    assert!(source.contains("avec_commandes!(generer);"));
}

/// Nothing on the page calls Rust but the generated client, through
/// `appel.ts`: a command cannot be called around the list.
#[test]
fn the_page_calls_rust_only_through_the_generated_client() {
    fn parcourir(dossier: &Path, fichiers: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dossier).unwrap() {
            let chemin = e.unwrap().path();
            if chemin.is_dir() {
                parcourir(&chemin, fichiers);
            } else if chemin.extension().is_some_and(|x| x == "ts" || x == "svelte") {
                fichiers.push(chemin);
            }
        }
    }
    let mut fichiers = Vec::new();
    parcourir(&racine().join("ui/src"), &mut fichiers);
    let autorise = racine().join("ui/src/lib/appel.ts");
    let generes = racine().join(DOSSIER);
    let fautifs: Vec<String> = fichiers
        .iter()
        .filter(|f| **f != autorise && !f.starts_with(&generes))
        .filter(|f| {
            let texte = fs::read_to_string(f).unwrap();
            texte.contains("invoke") || texte.contains("appeler")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(fautifs.is_empty(), "these files call Rust around the generated client: {fautifs:?}");
}

#[test]
fn arguments_are_named_as_tauri_names_them_and_never_a_reserved_word() {
    assert_eq!(camel("mot_de_passe"), "motDePasse");
    assert_eq!(camel("a_partir_du"), "aPartirDu");
    assert_eq!(camel("annee"), "annee");
    for c in crate::commandes::liste(&config()) {
        for (nom, _) in c.arguments.iter().chain(c.canal.iter()) {
            assert!(!MOTS_RESERVES.contains(&camel(nom).as_str()), "{}: argument {nom}", c.nom);
        }
    }
}

#[test]
fn levels_states_and_formats_cross_as_enums() {
    let liste = crate::commandes::liste(&config());
    let argument = |commande: &str, nom: &str| {
        let c = liste.iter().find(|c| c.nom == commande).unwrap();
        c.arguments.iter().find(|(n, _)| *n == nom).unwrap().1.clone()
    };
    assert_eq!(argument("repondre", "niveau"), "Reponse");
    assert_eq!(argument("voter", "niveau"), "Reponse | null");
    assert_eq!(argument("definir_consensus", "niveau"), "Reponse");
    assert_eq!(argument("exporter_synthese", "format"), "FormatSynthese");
    let connus = types_connus();
    for t in ["Reponse", "StatutDiagnostic", "StatutAction", "FormatSynthese", "StatutImport"] {
        assert!(connus.contains(t), "{t} has no TypeScript binding");
    }
}
