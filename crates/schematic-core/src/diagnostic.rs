//! A diagnostic: one per establishment × school year × referential. It holds one
//! answer per item and moves from `brouillon` to `finalise`; reopening a
//! finalised diagnostic starts a new revision.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::annee::AnneeScolaire;
use crate::error::CoreError;
use crate::referentiel::Referentiel;

/// The answer to one item. *Aucun niveau atteint* is a real answer, distinct
/// from *non renseigné* (not answered yet). *Non applicable* is an answer too,
/// allowed only where the referential says so for the item; it counts as
/// answered but in no mean and no minimum.
///
/// Across the app's IPC it is its [`Reponse::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Reponse {
    #[default]
    #[serde(rename = "non-renseigne")]
    NonRenseigne,
    #[serde(rename = "aucun")]
    AucunNiveau,
    #[serde(rename = "1")]
    Niveau1,
    #[serde(rename = "2")]
    Niveau2,
    #[serde(rename = "3")]
    Niveau3,
    #[serde(rename = "na")]
    NonApplicable,
}

impl Reponse {
    /// The level as a number, as scoring reads it: `None` when not answered
    /// or not applicable, `Some(0)` for *aucun niveau atteint*, `Some(1..=3)`
    /// otherwise.
    pub fn valeur(self) -> Option<u8> {
        match self {
            Self::NonRenseigne | Self::NonApplicable => None,
            Self::AucunNiveau => Some(0),
            Self::Niveau1 => Some(1),
            Self::Niveau2 => Some(2),
            Self::Niveau3 => Some(3),
        }
    }

    pub fn depuis_valeur(valeur: Option<u8>) -> Option<Self> {
        match valeur {
            None => Some(Self::NonRenseigne),
            Some(0) => Some(Self::AucunNiveau),
            Some(1) => Some(Self::Niveau1),
            Some(2) => Some(Self::Niveau2),
            Some(3) => Some(Self::Niveau3),
            Some(_) => None,
        }
    }

    /// Answered: a level, *aucun niveau atteint* or *non applicable*.
    pub fn est_renseignee(self) -> bool {
        self != Self::NonRenseigne
    }

    /// The code used on the command line and in exports: `1`, `2`, `3`,
    /// `aucun`, `na` (and `non-renseigne`, which is never typed).
    pub fn code(self) -> &'static str {
        match self {
            Self::NonRenseigne => "non-renseigne",
            Self::AucunNiveau => "aucun",
            Self::Niveau1 => "1",
            Self::Niveau2 => "2",
            Self::Niveau3 => "3",
            Self::NonApplicable => "na",
        }
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Self::NonRenseigne => "Non renseigné",
            Self::AucunNiveau => "Aucun niveau atteint",
            Self::Niveau1 => "Niveau 1",
            Self::Niveau2 => "Niveau 2",
            Self::Niveau3 => "Niveau 3",
            Self::NonApplicable => "Non applicable",
        }
    }
}

impl fmt::Display for Reponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.libelle())
    }
}

impl FromStr for Reponse {
    type Err = CoreError;

    /// Parses what a user types as a level; *non renseigné* is not typed (it is
    /// what clearing an answer gives).
    fn from_str(saisie: &str) -> Result<Self, Self::Err> {
        match saisie.trim().to_lowercase().as_str() {
            "1" | "n1" => Ok(Self::Niveau1),
            "2" | "n2" => Ok(Self::Niveau2),
            "3" | "n3" => Ok(Self::Niveau3),
            "aucun" | "0" | "aucun-niveau" => Ok(Self::AucunNiveau),
            "na" | "n/a" | "non-applicable" | "non applicable" => Ok(Self::NonApplicable),
            _ => Err(CoreError::ReponseInvalide(format!(
                "Le niveau « {} » n’est pas valide : attendu 1, 2, 3, « aucun » (aucun niveau atteint) ou « na » (non applicable, là où l’item le prévoit).",
                saisie.trim()
            ))),
        }
    }
}

/// Answers of a diagnostic by item id; an absent item is *non renseigné*.
pub type Reponses = BTreeMap<String, Reponse>;

/// Upper bound of a comment, in characters.
pub const COMMENTAIRE_MAX: usize = 1000;

/// A non-empty comment of at most [`COMMENTAIRE_MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commentaire(String);

impl Commentaire {
    /// `Ok(None)` for an empty or blank text: clearing the comment.
    pub fn parse(saisie: &str) -> Result<Option<Self>, CoreError> {
        let texte = saisie.trim();
        if texte.is_empty() {
            return Ok(None);
        }
        let longueur = texte.chars().count();
        if longueur > COMMENTAIRE_MAX {
            return Err(CoreError::ReponseInvalide(format!(
                "Le commentaire fait {longueur} caractères : {COMMENTAIRE_MAX} au plus sont acceptés."
            )));
        }
        Ok(Some(Self(texte.to_string())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Across the app's IPC it is its [`Statut::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "StatutDiagnostic"))]
#[serde(rename_all = "lowercase")]
pub enum Statut {
    Brouillon,
    Finalise,
}

impl Statut {
    pub fn code(self) -> &'static str {
        match self {
            Self::Brouillon => "brouillon",
            Self::Finalise => "finalise",
        }
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Self::Brouillon => "Brouillon",
            Self::Finalise => "Finalisé",
        }
    }

    pub fn depuis_code(code: &str) -> Option<Self> {
        match code {
            "brouillon" => Some(Self::Brouillon),
            "finalise" => Some(Self::Finalise),
            _ => None,
        }
    }
}

/// The lifecycle of a diagnostic, independent of where it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub annee: AnneeScolaire,
    pub statut: Statut,
    /// Starts at 1; each reopening adds one.
    pub revision: u32,
}

impl Cycle {
    pub fn nouveau(annee: AnneeScolaire) -> Self {
        Self { annee, statut: Statut::Brouillon, revision: 1 }
    }

    /// Answers can change only in a brouillon.
    pub fn verifier_modifiable(&self) -> Result<(), CoreError> {
        match self.statut {
            Statut::Brouillon => Ok(()),
            Statut::Finalise => Err(CoreError::Etat(format!(
                "Le diagnostic {} est finalisé (révision {}) : ses réponses ne peuvent plus changer. Rouvrez-le pour créer une révision {} modifiable.",
                self.annee,
                self.revision,
                self.revision + 1
            ))),
        }
    }

    /// Locks the answers. Every item must be answered (possibly with *aucun
    /// niveau atteint*), so that a finalised diagnostic never hides a gap,
    /// and no answer carried from another version may be left unconfirmed
    /// (`a_revoir`).
    pub fn finaliser(
        &mut self,
        referentiel: &Referentiel,
        reponses: &Reponses,
        a_revoir: &[String],
    ) -> Result<(), CoreError> {
        if self.statut == Statut::Finalise {
            return Err(CoreError::Etat(format!(
                "Le diagnostic {} est déjà finalisé (révision {}).",
                self.annee, self.revision
            )));
        }
        let manquants: Vec<&str> = referentiel
            .items()
            .filter(|i| !reponses.get(&i.id).copied().unwrap_or_default().est_renseignee())
            .map(|i| i.id.as_str())
            .collect();
        if !manquants.is_empty() {
            let pluriel = if manquants.len() > 1 { "s" } else { "" };
            return Err(CoreError::Etat(format!(
                "Le diagnostic {} ne peut pas être finalisé : {} item{pluriel} non renseigné{pluriel} ({}). Répondez-y, au besoin par « aucun niveau atteint ».",
                self.annee,
                manquants.len(),
                manquants.join(", ")
            )));
        }
        if !a_revoir.is_empty() {
            let pluriel = if a_revoir.len() > 1 { "s" } else { "" };
            return Err(CoreError::Etat(format!(
                "Le diagnostic {} ne peut pas être finalisé : {} réponse{pluriel} reprise{pluriel} d’une autre version du référentiel {} à revoir ({}). Confirmez-les ou changez-les.",
                self.annee,
                a_revoir.len(),
                if a_revoir.len() > 1 { "sont" } else { "est" },
                a_revoir.join(", ")
            )));
        }
        self.statut = Statut::Finalise;
        Ok(())
    }

    /// Makes a finalised diagnostic editable again, as a new revision.
    pub fn rouvrir(&mut self) -> Result<(), CoreError> {
        if self.statut == Statut::Brouillon {
            return Err(CoreError::Etat(format!(
                "Le diagnostic {} n’est pas finalisé : il est déjà modifiable (révision {}).",
                self.annee, self.revision
            )));
        }
        self.statut = Statut::Brouillon;
        self.revision += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_and_statuses_cross_the_ipc_as_their_codes() {
        use Reponse::*;
        for r in [NonRenseigne, AucunNiveau, Niveau1, Niveau2, Niveau3, NonApplicable] {
            let json = serde_json::to_value(r).unwrap();
            assert_eq!(json, serde_json::Value::from(r.code()));
            assert_eq!(serde_json::from_value::<Reponse>(json).unwrap(), r);
        }
        for s in [Statut::Brouillon, Statut::Finalise] {
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::Value::from(s.code()));
            assert_eq!(Statut::depuis_code(s.code()), Some(s));
        }
        assert!(serde_json::from_str::<Reponse>("\"4\"").is_err());
    }

    fn annee() -> AnneeScolaire {
        "2025-2026".parse().unwrap()
    }

    fn toutes_repondues(r: &Referentiel) -> Reponses {
        r.items().map(|i| (i.id.clone(), Reponse::Niveau2)).collect()
    }

    #[test]
    fn levels_parse_from_what_users_type() {
        assert_eq!("1".parse::<Reponse>().unwrap(), Reponse::Niveau1);
        assert_eq!(" AUCUN ".parse::<Reponse>().unwrap(), Reponse::AucunNiveau);
        let err = "4".parse::<Reponse>().unwrap_err().to_string();
        assert!(err.contains("« 4 » n’est pas valide : attendu 1, 2, 3, « aucun »"), "{err}");
        assert_eq!("NA".parse::<Reponse>().unwrap(), Reponse::NonApplicable);
        assert_eq!(Reponse::NonApplicable.valeur(), None);
        assert!(Reponse::NonApplicable.est_renseignee());
        assert!("non-renseigne".parse::<Reponse>().is_err());
    }

    #[test]
    fn stored_value_round_trips() {
        for r in [Reponse::NonRenseigne, Reponse::AucunNiveau, Reponse::Niveau1, Reponse::Niveau2, Reponse::Niveau3] {
            assert_eq!(Reponse::depuis_valeur(r.valeur()), Some(r));
        }
        assert_eq!(Reponse::depuis_valeur(Some(4)), None);
    }

    #[test]
    fn comment_is_bounded_in_characters_not_bytes() {
        assert_eq!(Commentaire::parse("  ").unwrap(), None);
        assert!(Commentaire::parse(&"é".repeat(1000)).unwrap().is_some());
        let err = Commentaire::parse(&"é".repeat(1001)).unwrap_err().to_string();
        assert!(err.contains("1001 caractères : 1000 au plus"), "{err}");
    }

    #[test]
    fn finalise_then_reopen_increments_revision() {
        let r = Referentiel::publie("ecole", "2026.1").unwrap();
        let mut c = Cycle::nouveau(annee());
        c.verifier_modifiable().unwrap();
        c.finaliser(r, &toutes_repondues(r), &[]).unwrap();
        assert_eq!(c.statut, Statut::Finalise);
        let err = c.verifier_modifiable().unwrap_err().to_string();
        assert!(err.contains("est finalisé (révision 1)") && err.contains("révision 2"), "{err}");
        assert!(c.finaliser(r, &toutes_repondues(r), &[]).is_err());
        c.rouvrir().unwrap();
        assert_eq!((c.statut, c.revision), (Statut::Brouillon, 2));
        assert!(c.rouvrir().is_err());
    }

    #[test]
    fn finalising_requires_every_item_answered() {
        let r = Referentiel::publie("eple", "2026.1").unwrap();
        let mut reponses = toutes_repondues(r);
        reponses.remove("FOR-2");
        reponses.insert("INF-4".into(), Reponse::NonRenseigne);
        reponses.insert("PIL-1".into(), Reponse::AucunNiveau);
        let mut c = Cycle::nouveau(annee());
        let err = c.finaliser(r, &reponses, &[]).unwrap_err().to_string();
        assert!(err.contains("2 items non renseignés (FOR-2, INF-4)"), "{err}");
        assert_eq!(c.statut, Statut::Brouillon);
        let err = c.finaliser(r, &toutes_repondues(r), &["PIL-3".into(), "PIL-5".into()]).unwrap_err().to_string();
        assert!(
            err.contains("2 réponses reprises d’une autre version du référentiel sont à revoir (PIL-3, PIL-5)"),
            "{err}"
        );
        assert_eq!(c.statut, Statut::Brouillon);
    }
}
