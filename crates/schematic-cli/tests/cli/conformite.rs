//! `schematic verifier` against the published vectors: every line of
//! `vecteurs.tsv` (exit code and motif), the files SchémaTIC 0.1.0 wrote, and
//! the proof that what our exporter writes is canonical and follows the
//! published schemas.

use std::fs;
use std::path::{Path, PathBuf};

use schematic_exchange::canonique;
use schematic_exchange::verification::{Document, ouvrir};

use super::commun::{binaire, college_avec_deux_annees};

fn format_v1() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/format-v1")
}

fn verifier(dossier: &Path, cle_dane: &str, fichier: &str) -> (Option<i32>, serde_json::Value) {
    let mut c = assert_cmd::Command::new(binaire());
    c.current_dir(dossier).args(["verifier", "--json"]);
    if cle_dane != "-" {
        c.args(["--cle-dane", cle_dane]);
    }
    let sortie = c.arg(fichier).output().unwrap();
    let json = serde_json::from_slice(&sortie.stdout).unwrap_or(serde_json::Value::Null);
    (sortie.status.code(), json)
}

#[test]
fn every_published_vector_gets_its_exit_code_and_motif() {
    let dossier = format_v1().join("vecteurs");
    let index = fs::read_to_string(dossier.join("vecteurs.tsv")).unwrap();
    let mut lignes = 0;
    for ligne in index.lines().filter(|l| !l.starts_with('#')) {
        let [fichier, cle_dane, code, motif, regle] = ligne.split('\t').collect::<Vec<_>>()[..] else {
            panic!("malformed line {ligne}")
        };
        let (obtenu, json) = verifier(&dossier, cle_dane, fichier);
        assert_eq!(obtenu, Some(code.parse().unwrap()), "{fichier} ({regle}): {json}");
        if motif != "-" {
            assert_eq!(json[0]["motif"], motif, "{fichier} ({regle})");
            assert_eq!(json[0]["codeSortie"], code.parse::<u8>().unwrap(), "{fichier}");
        }
        lignes += 1;
    }
    assert!(lignes >= 100, "{lignes} lines");
}

/// The specification shows the vectors' DANE key file as it is.
#[test]
fn the_specification_s_key_file_example_is_the_vector() {
    let spec = fs::read_to_string(format_v1().join("../../../docs/format/diagnostic-v1.md")).unwrap();
    let fichier = fs::read_to_string(format_v1().join("vecteurs/cle-dane.pub")).unwrap();
    assert!(spec.contains(&format!("```\n{fichier}```")), "docs/format/diagnostic-v1.md shows another key file");
}

/// Files written by 0.1.0 keep their verdict: they were canonical and
/// followed the (now stricter) schemas by construction.
#[test]
fn files_written_by_version_0_1_0_keep_their_verdict() {
    let dossier = format_v1().join("v0.1.0");
    for (fichier, code) in [
        ("diagnostic-non-enrole.json", 10),
        ("diagnostic-enrole-commentaires-atelier.json", 0),
        ("diagnostic-enrole-commentaires-atelier.pdf", 0),
        ("diagnostic-finalise-enrole.json", 0),
        ("demande-enrolement.json", 10),
        ("certificat-enrolement.json", 0),
        ("contribution.json", 10),
    ] {
        let (obtenu, json) = verifier(&dossier, "cle-dane.pub", fichier);
        assert_eq!(obtenu, Some(code), "{fichier}: {json}");
    }
}

/// What today's exporter writes (a full diagnostic, comments, a workshop
/// contribution) is canonical and passes every rule.
#[test]
fn our_exports_are_canonical_and_follow_the_schemas() {
    let d = college_avec_deux_annees();
    let sortie = d.chemin().join("export");
    d.ok(&["exporter", "--annee", "2024-2025", "--commentaires", "--sortie", sortie.to_str().unwrap()]);
    d.ok(&["exporter", "--annee", "2025-2026", "--sortie", sortie.to_str().unwrap()]);
    d.ok(&["contribution", "exporter", "--annee", "2025-2026", "--role", "cpe", "--sortie", sortie.to_str().unwrap()]);
    let mut vus = 0;
    for entree in fs::read_dir(&sortie).unwrap() {
        let octets = fs::read(entree.unwrap().path()).unwrap();
        let o = ouvrir(&octets).unwrap_or_else(|r| panic!("{}", r.detail));
        let (_, est_canonique) = canonique::lire(&o.charge).unwrap();
        assert!(est_canonique);
        assert!(matches!(o.document, Document::Diagnostic(_) | Document::Contribution(_)));
        vus += 1;
    }
    assert_eq!(vus, 3);
}
