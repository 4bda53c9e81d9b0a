//! The action plan: what the team decides to do on chosen items, by whom
//! (a role, never a person's name) and by when. Unlike answers, the plan stays
//! editable after the diagnostic is finalised: it is followed during the year.

use crate::error::CoreError;

/// Across the app's IPC it is its [`StatutAction::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum StatutAction {
    AFaire,
    EnCours,
    Fait,
    Abandonne,
}

impl StatutAction {
    pub const TOUS: [Self; 4] = [Self::AFaire, Self::EnCours, Self::Fait, Self::Abandonne];

    pub fn code(self) -> &'static str {
        match self {
            Self::AFaire => "a-faire",
            Self::EnCours => "en-cours",
            Self::Fait => "fait",
            Self::Abandonne => "abandonne",
        }
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Self::AFaire => "À faire",
            Self::EnCours => "En cours",
            Self::Fait => "Fait",
            Self::Abandonne => "Abandonné",
        }
    }

    pub fn depuis_code(code: &str) -> Result<Self, CoreError> {
        Self::TOUS.into_iter().find(|s| s.code() == code.trim()).ok_or_else(|| {
            CoreError::ActionInvalide(format!(
                "Le statut « {} » est inconnu : attendu a-faire, en-cours, fait ou abandonne.",
                code.trim()
            ))
        })
    }

    /// Unfinished actions follow the establishment into next year's diagnostic.
    pub fn se_reporte(self) -> bool {
        matches!(self, Self::AFaire | Self::EnCours)
    }
}

/// Roles proposed for the person in charge of an action. Only these leave the
/// machine in an export; anything else typed by the user is exported as
/// [`ROLE_AUTRE`], so that no personal name can travel in a file.
pub const ROLES: [&str; 12] = [
    "Chef d’établissement",
    "Adjoint",
    "Directeur d’école",
    "Référent numérique",
    "RUPN",
    "ERUN",
    "Équipe enseignante",
    "CPE",
    "Professeur documentaliste",
    "Conseil pédagogique",
    "Conseil des maîtres",
    "Collectivité (commune, département, région)",
];

pub const ROLE_AUTRE: &str = "Autre rôle";

/// The role as it may be exported: one of [`ROLES`] (compared without case or
/// surrounding spaces), else [`ROLE_AUTRE`].
pub fn role_exportable(responsable: &str) -> &'static str {
    let r = responsable.trim().to_lowercase();
    ROLES.iter().copied().find(|role| role.to_lowercase() == r).unwrap_or(ROLE_AUTRE)
}

pub const ACTION_MAX: usize = 500;
pub const RESPONSABLE_MAX: usize = 100;

/// A checked action (its item id is checked against the referential by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub item_id: String,
    pub niveau_cible: u8,
    pub action: String,
    /// A role (« référent numérique », « direction »…), not a name.
    pub responsable: String,
    /// `AAAA-MM-JJ`.
    pub echeance: String,
    pub statut: StatutAction,
}

impl Action {
    pub fn valider(
        item_id: &str,
        niveau_cible: u8,
        action: &str,
        responsable: &str,
        echeance: &str,
        statut: &str,
    ) -> Result<Self, CoreError> {
        if !(1..=3).contains(&niveau_cible) {
            return Err(CoreError::ActionInvalide(format!(
                "Le niveau visé doit être 1, 2 ou 3 ; {niveau_cible} n’est pas possible."
            )));
        }
        Ok(Self {
            item_id: item_id.to_string(),
            niveau_cible,
            action: texte(action, "L’action à mener", ACTION_MAX, true)?,
            responsable: texte(responsable, "Le rôle du responsable", RESPONSABLE_MAX, false)?,
            echeance: date(echeance, "L’échéance")?,
            statut: StatutAction::depuis_code(statut)?,
        })
    }
}

fn texte(saisie: &str, quoi: &str, max: usize, lignes: bool) -> Result<String, CoreError> {
    let t = saisie.trim();
    if t.is_empty() {
        return Err(CoreError::ActionInvalide(format!("{quoi} est obligatoire.")));
    }
    let n = t.chars().count();
    if n > max {
        return Err(CoreError::ActionInvalide(format!("{quoi} fait {n} caractères : {max} au plus.")));
    }
    if t.chars().any(|c| c.is_control() && !(lignes && c == '\n')) {
        return Err(CoreError::ActionInvalide(format!("{quoi} contient un caractère de contrôle.")));
    }
    Ok(t.to_string())
}

/// Checks a calendar date written `AAAA-MM-JJ`; `quoi` names it in the error
/// (« L’échéance »).
pub fn date(saisie: &str, quoi: &str) -> Result<String, CoreError> {
    let t = saisie.trim();
    let erreur = || {
        CoreError::ActionInvalide(format!(
            "{quoi} « {t} » n’est pas une date valide : attendu AAAA-MM-JJ, par exemple 2026-06-30."
        ))
    };
    let parties: Vec<&str> = t.split('-').collect();
    let [a, m, j] = parties.as_slice() else { return Err(erreur()) };
    if a.len() != 4 || m.len() != 2 || j.len() != 2 {
        return Err(erreur());
    }
    let (a, m, j): (u32, u32, u32) =
        (a.parse().map_err(|_| erreur())?, m.parse().map_err(|_| erreur())?, j.parse().map_err(|_| erreur())?);
    let jours = crate::annee::jours_du_mois(a, m).ok_or_else(erreur)?;
    if !(2000..=2099).contains(&a) || j == 0 || j > jours {
        return Err(erreur());
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_cross_the_ipc_as_their_codes() {
        for s in StatutAction::TOUS {
            let json = serde_json::to_value(s).unwrap();
            assert_eq!(json, serde_json::Value::from(s.code()));
            assert_eq!(serde_json::from_value::<StatutAction>(json).unwrap(), s);
        }
    }

    #[test]
    fn a_complete_action_is_accepted_and_trimmed() {
        let a =
            Action::valider("PIL-2", 2, "  Rencontrer le département  ", "Direction", "2026-06-30", "a-faire").unwrap();
        assert_eq!((a.action.as_str(), a.statut), ("Rencontrer le département", StatutAction::AFaire));
    }

    #[test]
    fn each_field_is_checked() {
        let err = |r: Result<Action, CoreError>| r.unwrap_err().to_string();
        assert!(err(Action::valider("X", 4, "a", "b", "2026-06-30", "fait")).contains("1, 2 ou 3"));
        assert!(
            err(Action::valider("X", 2, " ", "b", "2026-06-30", "fait")).contains("L’action à mener est obligatoire")
        );
        assert!(err(Action::valider("X", 2, "a", "", "2026-06-30", "fait")).contains("rôle du responsable"));
        assert!(err(Action::valider("X", 2, "a", "b", "30/06/2026", "fait")).contains("AAAA-MM-JJ"));
        assert!(err(Action::valider("X", 2, "a", "b", "2026-06-30", "fini")).contains("statut « fini »"));
        assert!(err(Action::valider("X", 2, &"x".repeat(501), "b", "2026-06-30", "fait")).contains("501 caractères"));
    }

    #[test]
    fn dates_follow_the_calendar() {
        let d = |s: &str| date(s, "La date");
        assert!(d("2028-02-29").is_ok());
        assert!(d("2027-02-29").is_err());
        assert!(d("2026-04-31").is_err());
        assert!(d("2026-13-01").is_err());
        assert!(d("1999-12-31").unwrap_err().to_string().starts_with("La date « 1999-12-31 »"));
        assert!(d("2026-6-30").is_err());
    }

    #[test]
    fn only_listed_roles_leave_the_machine() {
        assert_eq!(role_exportable(" référent numérique "), "Référent numérique");
        assert_eq!(role_exportable("Mme Dupont"), ROLE_AUTRE);
    }

    #[test]
    fn only_unfinished_actions_carry_over() {
        let reportees: Vec<_> = StatutAction::TOUS.into_iter().filter(|s| s.se_reporte()).collect();
        assert_eq!(reportees, [StatutAction::AFaire, StatutAction::EnCours]);
    }
}
