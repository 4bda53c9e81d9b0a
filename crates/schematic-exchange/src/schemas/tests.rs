//! The published schema files are this module's values, and the validator
//! judges the schema corpus as the corpus says (the same corpus ajv judges in
//! `tests/e2e/format.test.mjs`).

use std::fs;
use std::path::PathBuf;

use super::*;

fn docs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/format")
}

/// `cargo xtask codegen` (or `SCHEMATIC_ECRIRE_SCHEMAS=1`) rewrites them.
#[test]
fn published_schemas_are_the_code_s() {
    let ecrire = std::env::var_os("SCHEMATIC_ECRIRE_SCHEMAS").is_some();
    for (nom, schema) in publies() {
        let mut attendu = serde_json::to_string_pretty(&schema).unwrap();
        attendu.push('\n');
        let chemin = docs().join(nom);
        if ecrire {
            fs::write(&chemin, &attendu).unwrap();
        } else {
            let publie = fs::read_to_string(&chemin).unwrap_or_default();
            assert!(publie == attendu, "{nom} is stale: run cargo xtask codegen");
        }
    }
}

#[test]
fn every_published_schema_compiles_with_the_keywords_implemented() {
    for (_, schema) in publies() {
        Schema::compiler(&schema);
    }
}

#[test]
fn the_schema_corpus_is_judged_as_it_says() {
    let texte = fs::read_to_string(crate::vecteurs::dossier().join("corpus-schemas.json")).unwrap();
    let cas: Vec<Value> = serde_json::from_str(&texte).unwrap();
    assert!(cas.len() >= 60, "{} cases", cas.len());
    let schemas: Vec<(&str, Schema)> = publies().iter().map(|(n, s)| (*n, Schema::compiler(s))).collect();
    for c in &cas {
        let schema = &schemas.iter().find(|(n, _)| *n == c["schema"]).unwrap().1;
        let resultat = schema.valider(&c["document"]);
        assert_eq!(resultat.is_ok(), c["accepte"] == true, "{}: {resultat:?}", c["nom"]);
    }
}

#[test]
fn messages_name_the_field_and_what_is_expected() {
    let schema = Schema::compiler(&diagnostic());
    let mut d = serde_json::to_value(crate::vecteurs::diagnostic(&crate::vecteurs::etablissement())).unwrap();
    d["genere_le"] = json!("hier");
    let e = schema.valider(&d).unwrap_err();
    assert_eq!(e.chemin, "genere_le");
    assert!(
        e.message.starts_with("le champ « genere_le » vaut « hier » : attendu une date et heure RFC 3339"),
        "{}",
        e.message
    );
    d["genere_le"] = json!("2026-03-12T10:00:00Z");
    d["plan_action"][0]["echeance"] = json!("2027-02-29");
    let e = schema.valider(&d).unwrap_err();
    assert_eq!(e.chemin, "plan_action[0].echeance");
    d["plan_action"][0]["echeance"] = json!("2027-02-28");
    d["etablissement"]["nom"] = json!("Collège");
    assert_eq!(schema.valider(&d).unwrap_err().message, "le champ « etablissement.nom » n’est pas prévu par le format");
}

#[test]
fn real_calendar_dates_only() {
    for (date, reelle) in [
        ("2024-02-29", true),
        ("2100-02-29", false),
        ("2000-02-29", true),
        ("2026-04-31", false),
        ("2026-13-01", false),
        ("2026-00-10", false),
        ("2026-01-00", false),
        ("2026-1-01", false),
        ("+026-01-01", false),
    ] {
        assert_eq!(validation::date_reelle(date), reelle, "{date}");
    }
}
