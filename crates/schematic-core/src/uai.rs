//! The UAI (Unité Administrative Immatriculée, formerly RNE): seven digits and a
//! check letter. The letter is `ALPHABET[n mod 23]` where `n` is the number made
//! of the seven digits; I, O and Q are not used.

use std::fmt;

use crate::error::CoreError;
use crate::territoire::{self, Departement};

const ALPHABET: &[u8; 23] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

/// A validated UAI, always upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uai(String);

impl Uai {
    /// Parses and checks a UAI typed by a user (surrounding spaces and lower case
    /// are accepted).
    pub fn parse(saisie: &str) -> Result<Self, CoreError> {
        let texte = saisie.trim().to_uppercase();
        let chars: Vec<char> = texte.chars().collect();
        if chars.len() != 8 {
            return Err(CoreError::UaiInvalide(format!(
                "Le code UAI « {} » doit compter 8 caractères (7 chiffres puis une lettre, par exemple 0330021U) ; il en compte {}.",
                saisie.trim(),
                chars.len()
            )));
        }
        if !chars[..7].iter().all(char::is_ascii_digit) {
            return Err(CoreError::UaiInvalide(format!(
                "Le code UAI « {} » doit commencer par 7 chiffres (par exemple 0330021U).",
                saisie.trim()
            )));
        }
        let attendue = lettre_de_controle(&texte[..7]);
        let lettre = chars[7];
        if !lettre.is_ascii_alphabetic() {
            return Err(CoreError::UaiInvalide(format!(
                "Le code UAI « {} » doit se terminer par une lettre de contrôle : pour {} c’est la lettre {}.",
                saisie.trim(),
                &texte[..7],
                attendue
            )));
        }
        if lettre != attendue {
            return Err(CoreError::UaiInvalide(format!(
                "La lettre de contrôle du code UAI « {} » est incorrecte : pour {} la lettre attendue est {} (code complet : {}{}).",
                saisie.trim(),
                &texte[..7],
                attendue,
                &texte[..7],
                attendue
            )));
        }
        Ok(Self(texte))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The département the UAI belongs to, when its first three digits name one
    /// this table knows (metropolitan France, Corsica and the five DROM).
    pub fn departement(&self) -> Option<&'static Departement> {
        territoire::departement_du_prefixe(&self.0[..3])
    }
}

impl fmt::Display for Uai {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The check letter expected for seven digits.
pub fn lettre_de_controle(sept_chiffres: &str) -> char {
    let n: u64 = sept_chiffres.parse().unwrap_or(0);
    ALPHABET[(n % 23) as usize] as char
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_examples_are_valid() {
        for code in ["0951099D", "0330021U", "7200009X", "6200001G"] {
            assert_eq!(Uai::parse(code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn lower_case_and_spaces_are_normalised() {
        assert_eq!(Uai::parse(" 0330021u ").unwrap().as_str(), "0330021U");
    }

    #[test]
    fn wrong_check_letter_names_the_expected_letter() {
        let err = Uai::parse("0330021V").unwrap_err().to_string();
        assert!(err.contains("la lettre attendue est U"), "{err}");
        assert!(err.contains("0330021U"), "{err}");
    }

    #[test]
    fn wrong_length_and_non_digits_are_rejected() {
        assert!(Uai::parse("033002U").unwrap_err().to_string().contains("8 caractères"));
        assert!(Uai::parse("03300A1U").unwrap_err().to_string().contains("7 chiffres"));
        assert!(Uai::parse("03300211").unwrap_err().to_string().contains("lettre U"));
        assert!(Uai::parse("").is_err());
    }

    #[test]
    fn departement_is_derived_from_the_prefix() {
        let d = Uai::parse("0330021U").unwrap().departement().unwrap();
        assert_eq!((d.code, d.nom, d.academie), ("33", "Gironde", "Bordeaux"));
        let corse = Uai::parse("7200009X").unwrap().departement().unwrap();
        assert_eq!((corse.code, corse.academie), ("2B", "Corse"));
        let val_d_oise = Uai::parse("0951099D").unwrap().departement().unwrap();
        assert_eq!(val_d_oise.academie, "Versailles");
    }
}
