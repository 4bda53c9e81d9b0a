//! RFC 8785 (JSON Canonicalization Scheme): every signed payload must be its
//! own canonical serialisation, so that one content has exactly one byte
//! string and one hash. The check parses the bytes, serialises them again the
//! RFC's way and compares.
//!
//! Numbers follow the RFC: each is an IEEE-754 double written as ECMAScript
//! writes it. An integer a double cannot hold exactly (above 2^53) therefore
//! never reads back as itself, and its text is not canonical.

use serde_json::{Number, Value};

/// Parses `octets` as JSON and tells whether they are their own RFC 8785 form.
pub fn lire(octets: &[u8]) -> Result<(Value, bool), serde_json::Error> {
    let valeur: Value = serde_json::from_slice(octets)?;
    let canonique = if a_des_grands_entiers(&valeur) {
        let mut doubles = valeur.clone();
        en_doubles(&mut doubles);
        ecrire(&doubles) == octets
    } else {
        ecrire(&valeur) == octets
    };
    Ok((valeur, canonique))
}

/// The RFC 8785 bytes of a value.
pub fn ecrire(valeur: &Value) -> Vec<u8> {
    serde_json_canonicalizer::to_vec(valeur).expect("a JSON value always serialises")
}

/// serde_json keeps integers exact; the serialiser writes them as they are,
/// which is the RFC's form only up to 2^53.
fn a_des_grands_entiers(v: &Value) -> bool {
    const LIMITE: u64 = 1 << 53;
    match v {
        Value::Number(n) => {
            n.as_u64().is_some_and(|x| x > LIMITE) || n.as_i64().is_some_and(|x| x.unsigned_abs() > LIMITE)
        }
        Value::Array(a) => a.iter().any(a_des_grands_entiers),
        Value::Object(o) => o.values().any(a_des_grands_entiers),
        _ => false,
    }
}

fn en_doubles(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(d) = n.as_f64().and_then(Number::from_f64) {
                *n = d;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(en_doubles),
        Value::Object(o) => o.values_mut().for_each(en_doubles),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonique(texte: &str) -> bool {
        lire(texte.as_bytes()).unwrap().1
    }

    #[test]
    fn only_the_rfc_8785_form_is_canonical() {
        assert!(canonique(r#"{"a":1,"b":[true,null,"é"],"c":{"d":-2}}"#));
        assert!(!canonique(r#"{"b":1,"a":2}"#), "keys out of order");
        assert!(!canonique(r#"{"a":1, "b":2}"#), "whitespace");
        assert!(!canonique(r#"{"a":1,"a":1}"#), "duplicate key");
        assert!(!canonique(r#"{"a":1.0}"#), "1.0 is written 1");
        assert!(!canonique(r#"{"a":1e2}"#), "1e2 is written 100");
        assert!(!canonique(r#"{"a":"\u00e9"}"#), "escapes that are not needed");
        assert!(canonique(r#"{"a":1.5}"#));
        assert!(!canonique("{\"a\":1}\n"), "a final newline");
    }

    #[test]
    fn integers_beyond_2_pow_53_are_not_canonical_unless_a_double_holds_them() {
        assert!(canonique(r#"{"a":9007199254740991}"#));
        assert!(canonique(r#"{"a":9007199254740992}"#), "2^53 is exact");
        assert!(!canonique(r#"{"a":9007199254740993}"#), "2^53 + 1 reads back as 2^53");
        assert!(!canonique(r#"{"a":1152921504606846976}"#), "ECMAScript writes 2^60 as 1152921504606847000");
        assert!(canonique(r#"{"a":1152921504606847000}"#));
        assert!(!canonique(r#"{"a":18446744073709551616}"#));
        assert!(!canonique(r#"{"a":-9007199254740993}"#));
    }
}
