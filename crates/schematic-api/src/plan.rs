//! Operations on the action plan of a diagnostic. The plan stays editable after
//! the diagnostic is finalised: it is what the team follows during the year.

use schematic_core::plan_action::{Action, ROLES, StatutAction};

use crate::dto::{ActionDto, OptionsPlanDto, SaisieActionDto, StatutActionDto};
use crate::error::{ApiError, ErrorKind};
use crate::installation::Installation;

impl Installation {
    /// The roles and statuses the action-plan form offers (one list, here).
    pub fn options_plan() -> OptionsPlanDto {
        OptionsPlanDto {
            roles: ROLES.iter().map(|r| (*r).to_string()).collect(),
            statuts: StatutAction::TOUS
                .iter()
                .map(|s| StatutActionDto { code: *s, libelle: s.libelle().into() })
                .collect(),
        }
    }

    pub fn plan_action(&self, annee: Option<&str>) -> Result<Vec<ActionDto>, ApiError> {
        let d = self.cible(annee)?;
        Ok(self.store.actions(d.id)?.iter().map(Into::into).collect())
    }

    /// Adds an action (no `id`) or replaces one of this diagnostic's actions.
    pub fn enregistrer_action(&mut self, annee: Option<&str>, saisie: &SaisieActionDto) -> Result<ActionDto, ApiError> {
        let d = self.cible(annee)?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let item_id = referentiel.item_saisi(&saisie.item_id)?.id.clone();
        let action = Action::valider(
            &item_id,
            saisie.niveau_cible,
            &saisie.action,
            &saisie.responsable,
            &saisie.echeance,
            saisie.statut.code(),
        )?;
        let maintenant = self.horodatage();
        let enregistree = match saisie.id {
            None => self.store.ajouter_action(d.id, &action, &maintenant)?,
            Some(id) => {
                self.verifier_appartenance(id, d.id)?;
                self.store.modifier_action(id, &action, &maintenant)?
            }
        };
        Ok((&enregistree).into())
    }

    pub fn supprimer_action(&mut self, annee: Option<&str>, id: i64) -> Result<(), ApiError> {
        let d = self.cible(annee)?;
        self.verifier_appartenance(id, d.id)?;
        Ok(self.store.supprimer_action(id)?)
    }

    fn verifier_appartenance(&self, action_id: i64, diagnostic_id: i64) -> Result<(), ApiError> {
        if self.store.action(action_id)?.diagnostic_id != diagnostic_id {
            return Err(ApiError::new(
                ErrorKind::Introuvable,
                format!("L’action n° {action_id} n’appartient pas à ce diagnostic."),
            ));
        }
        Ok(())
    }
}
