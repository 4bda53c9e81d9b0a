//! The verdict table of the specification is the code's, row for row.

use std::fs;
use std::path::PathBuf;

use super::*;

fn specification() -> String {
    fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/format/verdicts.md")).unwrap()
}

/// The rows of the table between the two markers of `docs/format/verdicts.md`.
fn lignes(texte: &str, debut: &str) -> Vec<Vec<String>> {
    let apres = texte.split(debut).nth(1).expect("table marker");
    apres
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| l.trim_matches('|').split(" | ").map(|c| c.trim().trim_matches('`').to_string()).collect())
        .collect()
}

#[test]
fn the_specification_s_verdict_table_is_the_code_s() {
    let spec = specification();
    let verdicts = lignes(&spec, "<!-- verdicts -->");
    let attendus: Vec<Vec<String>> = Verdict::TOUS
        .iter()
        .map(|v| vec![v.code_sortie().to_string(), v.libelle().to_string(), v.code().to_string()])
        .collect();
    assert_eq!(verdicts, attendus, "verdicts");
    let motifs = lignes(&spec, "<!-- motifs -->");
    let attendus: Vec<Vec<String>> = Motif::TOUS
        .iter()
        .map(|m| vec![m.code().to_string(), m.verdict().code_sortie().to_string(), m.phrase().to_string()])
        .collect();
    assert_eq!(motifs, attendus, "motifs");
}

#[test]
fn every_refusal_message_starts_with_its_motif_s_sentence() {
    let r = Refus::new(Motif::ChargeNonConforme, "le champ « x » manque");
    assert_eq!(r.detail, "Le contenu signé ne suit pas le schéma publié de son format. Le champ « x » manque.");
    assert_eq!(Refus::new(Motif::SignatureInvalide, "").detail, Motif::SignatureInvalide.phrase());
}
