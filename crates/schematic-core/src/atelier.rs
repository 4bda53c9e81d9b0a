//! The équipe-relais workshop: participants (a role, and a first name that
//! never leaves the computer), their votes on each item, and what the votes
//! say: distribution, median, spread, strong disagreement. The team's
//! consensus is then the diagnostic's answer. Rules in ARCHITECTURE.md
//! (« Atelier »), tested on hand-computed cases below.

use crate::error::CoreError;

/// The roles a participant can have: (code, label). Only the role ever leaves
/// the machine.
pub const ROLES_PARTICIPANT: [(&str, &str); 13] = [
    ("chef-etablissement", "Chef d’établissement"),
    ("adjoint", "Adjoint"),
    ("directeur-ecole", "Directeur d’école"),
    ("referent-numerique", "Référent numérique"),
    ("rupn", "RUPN"),
    ("erun", "ERUN"),
    ("enseignant", "Enseignant"),
    ("cpe", "CPE"),
    ("professeur-documentaliste", "Professeur documentaliste"),
    ("agent", "Agent"),
    ("parent", "Parent"),
    ("eleve", "Élève"),
    ("autre", "Autre"),
];

/// Votes this far apart (or more) on one item are a strong disagreement.
pub const ECART_DESACCORD: u8 = 2;

/// Upper bound of a first name, in characters.
pub const PRENOM_MAX: usize = 40;

/// Upper bound of a debate note, in characters.
pub const NOTE_MAX: usize = 1000;

/// Checks a role code (`enseignant`…); the message lists the codes.
pub fn role(code: &str) -> Result<&'static str, CoreError> {
    let c = code.trim().to_lowercase();
    ROLES_PARTICIPANT.iter().map(|(k, _)| *k).find(|k| *k == c).ok_or_else(|| {
        CoreError::ParticipantInvalide(format!(
            "Le rôle « {} » est inconnu : attendu {}.",
            code.trim(),
            ROLES_PARTICIPANT.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
        ))
    })
}

/// The label of a role code.
pub fn libelle_role(code: &str) -> &'static str {
    ROLES_PARTICIPANT.iter().find(|(k, _)| *k == code).map_or("Autre", |(_, l)| l)
}

/// Checks an optional first name: trimmed, at most [`PRENOM_MAX`] characters,
/// no control characters; empty means none.
pub fn prenom(saisie: &str) -> Result<Option<String>, CoreError> {
    let p = saisie.trim();
    if p.is_empty() {
        return Ok(None);
    }
    if p.chars().count() > PRENOM_MAX {
        return Err(CoreError::ParticipantInvalide(format!(
            "Le prénom compte {} caractères : {PRENOM_MAX} au plus.",
            p.chars().count()
        )));
    }
    if p.chars().any(char::is_control) {
        return Err(CoreError::ParticipantInvalide("Le prénom contient un caractère invisible.".into()));
    }
    Ok(Some(p.to_string()))
}

/// Checks a debate note: at most [`NOTE_MAX`] characters; empty means none.
pub fn note(saisie: &str) -> Result<Option<String>, CoreError> {
    let n = saisie.trim();
    if n.chars().count() > NOTE_MAX {
        return Err(CoreError::ParticipantInvalide(format!(
            "La note du débat compte {} caractères : {NOTE_MAX} au plus.",
            n.chars().count()
        )));
    }
    Ok((!n.is_empty()).then(|| n.to_string()))
}

/// The votes on one item: how many at aucun niveau (0), 1, 2 and 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Votes {
    pub comptes: [u32; 4],
}

impl Votes {
    pub fn depuis(niveaux: impl IntoIterator<Item = u8>) -> Self {
        let mut v = Self::default();
        for n in niveaux {
            if let Some(c) = v.comptes.get_mut(usize::from(n)) {
                *c += 1;
            }
        }
        v
    }

    pub fn total(&self) -> u32 {
        self.comptes.iter().sum()
    }

    pub fn minimum(&self) -> Option<u8> {
        (0u8..4).find(|&n| self.comptes[usize::from(n)] > 0)
    }

    pub fn maximum(&self) -> Option<u8> {
        (0u8..4).rev().find(|&n| self.comptes[usize::from(n)] > 0)
    }

    /// The median in half levels (0 to 6), so that it stays exact: with an
    /// even number of votes it is the mean of the two middle ones (1 and 2
    /// give 3, i.e. 1.5).
    pub fn mediane_demis(&self) -> Option<u8> {
        let n = self.total();
        if n == 0 {
            return None;
        }
        let rang = |k: u32| -> u8 {
            // The k-th vote (0-based) in increasing order.
            let mut cumul = 0;
            for niveau in 0u8..4 {
                cumul += self.comptes[usize::from(niveau)];
                if k < cumul {
                    return niveau;
                }
            }
            3
        };
        Some(if n % 2 == 1 { 2 * rang(n / 2) } else { rang(n / 2 - 1) + rang(n / 2) })
    }

    /// Highest vote minus lowest.
    pub fn ecart(&self) -> Option<u8> {
        Some(self.maximum()? - self.minimum()?)
    }

    /// Votes [`ECART_DESACCORD`] levels apart or more.
    pub fn desaccord_fort(&self) -> bool {
        self.ecart().is_some_and(|e| e >= ECART_DESACCORD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_give_distribution_median_and_spread() {
        let v = Votes::depuis([1, 2, 2, 3]);
        assert_eq!(v.comptes, [0, 1, 2, 1]);
        assert_eq!((v.total(), v.minimum(), v.maximum()), (4, Some(1), Some(3)));
        assert_eq!(v.mediane_demis(), Some(4), "median of 1 2 2 3 is 2");
        assert_eq!(v.ecart(), Some(2));
        assert!(v.desaccord_fort());

        let v = Votes::depuis([1, 2]);
        assert_eq!(v.mediane_demis(), Some(3), "median of 1 2 is 1.5");
        assert!(!v.desaccord_fort());
        let v = Votes::depuis([0, 3, 3]);
        assert_eq!((v.mediane_demis(), v.ecart()), (Some(6), Some(3)));
        let v = Votes::depuis([2, 2, 2, 2]);
        assert_eq!((v.ecart(), v.desaccord_fort()), (Some(0), false));
        let aucun = Votes::default();
        assert_eq!((aucun.mediane_demis(), aucun.ecart(), aucun.desaccord_fort()), (None, None, false));
        assert_eq!(Votes::depuis([4, 9]).total(), 0, "out-of-range levels are not votes");
    }

    #[test]
    fn roles_first_names_and_notes_are_checked() {
        assert_eq!(role(" Enseignant ").unwrap(), "enseignant");
        let e = role("principal").unwrap_err().to_string();
        assert!(e.contains("« principal » est inconnu") && e.contains("referent-numerique"), "{e}");
        assert_eq!(libelle_role("eleve"), "Élève");
        assert_eq!(prenom("  Camille ").unwrap().as_deref(), Some("Camille"));
        assert_eq!(prenom("   ").unwrap(), None);
        assert!(prenom(&"a".repeat(41)).is_err());
        assert!(prenom("Cam\u{0}ille").is_err());
        assert_eq!(note("").unwrap(), None);
        assert!(note(&"x".repeat(1001)).is_err());
    }
}
