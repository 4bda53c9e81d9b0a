//! School years, written `2025-2026` as everywhere in the Éducation nationale.

use std::fmt;
use std::str::FromStr;

use crate::error::CoreError;

/// A school year, identified by the calendar year in which it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AnneeScolaire {
    debut: u16,
}

/// Years outside this range are certainly typing mistakes.
const PREMIERE: u16 = 2000;
const DERNIERE: u16 = 2099;

/// Days of month `mois` (1 to 12) of calendar year `annee` (Gregorian);
/// `None` for a month that does not exist.
pub fn jours_du_mois(annee: u32, mois: u32) -> Option<u32> {
    let bissextile = (annee.is_multiple_of(4) && !annee.is_multiple_of(100)) || annee.is_multiple_of(400);
    match mois {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if bissextile => Some(29),
        2 => Some(28),
        _ => None,
    }
}

impl AnneeScolaire {
    pub fn commencant_en(debut: u16) -> Result<Self, CoreError> {
        if !(PREMIERE..=DERNIERE).contains(&debut) {
            return Err(CoreError::AnneeInvalide(format!(
                "L’année scolaire doit commencer entre {PREMIERE} et {DERNIERE} ; {debut} n’est pas accepté."
            )));
        }
        Ok(Self { debut })
    }

    /// The school year in progress on a date: it starts on 1 September.
    pub fn en_cours(annee_civile: i32, mois: u32) -> Result<Self, CoreError> {
        let debut = if mois >= 9 { annee_civile } else { annee_civile - 1 };
        let debut = u16::try_from(debut)
            .map_err(|_| CoreError::AnneeInvalide(format!("L’année {annee_civile} n’est pas une année valide.")))?;
        Self::commencant_en(debut)
    }

    pub fn debut(self) -> u16 {
        self.debut
    }

    pub fn precedente(self) -> Option<Self> {
        Self::commencant_en(self.debut - 1).ok()
    }

    pub fn suivante(self) -> Option<Self> {
        Self::commencant_en(self.debut + 1).ok()
    }
}

impl FromStr for AnneeScolaire {
    type Err = CoreError;

    fn from_str(saisie: &str) -> Result<Self, Self::Err> {
        let texte = saisie.trim();
        let malformee = || {
            CoreError::AnneeInvalide(format!(
                "L’année scolaire « {texte} » est mal écrite : attendu deux années consécutives séparées par un tiret, par exemple 2025-2026."
            ))
        };
        let (a, b) = texte.split_once('-').ok_or_else(malformee)?;
        let chiffres = |s: &str| s.len() == 4 && s.bytes().all(|c| c.is_ascii_digit());
        if !chiffres(a) || !chiffres(b) {
            return Err(malformee());
        }
        let (a, b): (u16, u16) = (a.parse().map_err(|_| malformee())?, b.parse().map_err(|_| malformee())?);
        if b != a + 1 {
            return Err(CoreError::AnneeInvalide(format!(
                "L’année scolaire « {texte} » doit réunir deux années consécutives : après {a} vient {}, donc {a}-{}.",
                a + 1,
                a + 1
            )));
        }
        Self::commencant_en(a)
    }
}

impl fmt::Display for AnneeScolaire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.debut, self.debut + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays_consecutive_years() {
        let a: AnneeScolaire = "2025-2026".parse().unwrap();
        assert_eq!(a.debut(), 2025);
        assert_eq!(a.to_string(), "2025-2026");
        assert_eq!(a.precedente().unwrap().to_string(), "2024-2025");
        assert_eq!(" 2030-2031 ".parse::<AnneeScolaire>().unwrap().debut(), 2030);
    }

    #[test]
    fn rejects_non_consecutive_years_with_the_expected_form() {
        let err = "2025-2027".parse::<AnneeScolaire>().unwrap_err().to_string();
        assert!(err.contains("2025-2026"), "{err}");
        assert!("2026-2025".parse::<AnneeScolaire>().is_err());
    }

    #[test]
    fn rejects_malformed_text() {
        for saisie in ["2025", "2025/2026", "25-26", "2025-26", "abcd-efgh", "", "2025-2026-2027", "+202-2026"] {
            let err = saisie.parse::<AnneeScolaire>().unwrap_err().to_string();
            assert!(err.contains("par exemple 2025-2026") || err.contains("consécutives"), "{saisie}: {err}");
        }
        assert!("1850-1851".parse::<AnneeScolaire>().is_err());
    }

    #[test]
    fn school_year_starts_in_september() {
        assert_eq!(AnneeScolaire::en_cours(2026, 8).unwrap().to_string(), "2025-2026");
        assert_eq!(AnneeScolaire::en_cours(2026, 9).unwrap().to_string(), "2026-2027");
        assert_eq!(AnneeScolaire::en_cours(2026, 1).unwrap().to_string(), "2025-2026");
    }
}
