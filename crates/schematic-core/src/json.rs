//! serde_json's errors told in French, for files users hand to SchémaTIC.

/// One French clause describing why JSON text was refused, with where.
pub fn erreur_en_francais(e: &serde_json::Error) -> String {
    let lieu = format!("ligne {}, colonne {}", e.line(), e.column());
    let brut = e.to_string();
    let champ = |prefixe: &str| brut.strip_prefix(prefixe).and_then(|r| r.split('`').next()).map(str::to_string);
    if e.is_eof() {
        format!("le texte s’arrête avant la fin : fichier coupé ({lieu})")
    } else if e.is_syntax() {
        format!("le texte n’est pas du JSON bien formé ({lieu})")
    } else if let Some(c) = champ("unknown field `") {
        format!("le champ « {c} » n’est pas prévu par le format ({lieu})")
    } else if let Some(c) = champ("missing field `") {
        format!("le champ « {c} » manque ({lieu})")
    } else if let Some(c) = champ("duplicate field `") {
        format!("le champ « {c} » apparaît deux fois ({lieu})")
    } else if let Some(reste) = brut.strip_prefix("unknown variant `") {
        // "unknown variant `x`, expected one of `a`, `b`" (or "expected `a`")
        let (valeur, attendu) = reste.split_once("`, expected ").unwrap_or((reste, ""));
        let valeur: String = valeur.chars().take(40).filter(|c| !c.is_control()).collect();
        // The expected values are the back-quoted words that follow.
        let attendu: Vec<&str> = attendu.split('`').skip(1).step_by(2).collect();
        if attendu.is_empty() {
            format!("la valeur « {valeur} » n’est pas parmi celles prévues ({lieu})")
        } else {
            format!("la valeur « {valeur} » n’est pas prévue : attendu {} ({lieu})", attendu.join(", "))
        }
    } else if brut.starts_with("recursion limit") {
        format!("le texte imbrique trop de niveaux ({lieu})")
    } else {
        format!("un champ n’a pas le type attendu ({lieu})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn erreur(texte: &str) -> String {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct S {
            a: u8,
        }
        erreur_en_francais(&serde_json::from_str::<S>(texte).unwrap_err())
    }

    #[test]
    fn each_kind_of_json_error_reads_in_french() {
        assert!(erreur("{\"a\":").starts_with("le texte s’arrête avant la fin"));
        assert!(erreur("{a}").starts_with("le texte n’est pas du JSON bien formé"));
        assert!(erreur("{\"a\":1,\"b\":2}").starts_with("le champ « b » n’est pas prévu"));
        assert!(erreur("{}").starts_with("le champ « a » manque"));
        assert!(erreur("{\"a\":1,\"a\":2}").starts_with("le champ « a » apparaît deux fois"));
        assert!(erreur("{\"a\":\"x\"}").starts_with("un champ n’a pas le type attendu"));
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum E {
            #[serde(rename = "un")]
            Un,
            #[serde(rename = "deux")]
            Deux,
        }
        let e = erreur_en_francais(&serde_json::from_str::<E>("\"trois\"").unwrap_err());
        assert!(e.starts_with("la valeur « trois » n’est pas prévue : attendu un, deux (ligne 1"), "{e}");
        assert!(erreur(&format!("{}1{}", "[".repeat(200), "]".repeat(200))).contains("ligne 1"));
    }
}
