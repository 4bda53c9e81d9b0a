//! The action plan of a diagnostic. It stays editable once the diagnostic is
//! finalised (the plan is followed during the year); unfinished actions are
//! carried into the next school year's diagnostic when it is created.

use rusqlite::{OptionalExtension, params};
use schematic_core::plan_action::{Action, StatutAction};

use crate::error::StoreError;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionEnregistree {
    pub id: i64,
    pub diagnostic_id: i64,
    pub action: Action,
    /// School year (start) it was carried over from.
    pub reportee_de: Option<u16>,
    pub cree_le: String,
    pub modifie_le: String,
}

const SELECT: &str = "SELECT id, diagnostic_id, item_id, niveau_cible, action, responsable, echeance, statut,
                             reportee_de, cree_le, modifie_le
                        FROM action";

fn ligne(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ActionEnregistree, String)> {
    let statut: String = r.get(7)?;
    Ok((
        ActionEnregistree {
            id: r.get(0)?,
            diagnostic_id: r.get(1)?,
            action: Action {
                item_id: r.get(2)?,
                niveau_cible: r.get(3)?,
                action: r.get(4)?,
                responsable: r.get(5)?,
                echeance: r.get(6)?,
                statut: StatutAction::AFaire,
            },
            reportee_de: r.get(8)?,
            cree_le: r.get(9)?,
            modifie_le: r.get(10)?,
        },
        statut,
    ))
}

fn avec_statut((mut a, statut): (ActionEnregistree, String)) -> Result<ActionEnregistree, StoreError> {
    a.action.statut = StatutAction::depuis_code(&statut)
        .map_err(|_| StoreError::Base(format!("statut d’action enregistré illisible « {statut} »")))?;
    Ok(a)
}

impl Store {
    /// The actions of a diagnostic, in the order they were created.
    pub fn actions(&self, diagnostic_id: i64) -> Result<Vec<ActionEnregistree>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} WHERE diagnostic_id = ?1 ORDER BY id"))?;
        let lignes = stmt.query_map([diagnostic_id], ligne)?;
        lignes.map(|l| avec_statut(l?)).collect()
    }

    pub fn action(&self, id: i64) -> Result<ActionEnregistree, StoreError> {
        let trouve = self.conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], ligne).optional()?;
        avec_statut(trouve.ok_or_else(|| StoreError::Introuvable(format!("L’action n° {id} n’existe pas.")))?)
    }

    pub fn ajouter_action(
        &mut self,
        diagnostic_id: i64,
        a: &Action,
        maintenant: &str,
    ) -> Result<ActionEnregistree, StoreError> {
        self.conn.execute(
            "INSERT INTO action (diagnostic_id, item_id, niveau_cible, action, responsable, echeance, statut, cree_le, modifie_le)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![diagnostic_id, a.item_id, a.niveau_cible, a.action, a.responsable, a.echeance, a.statut.code(), maintenant],
        )?;
        self.action(self.conn.last_insert_rowid())
    }

    pub fn modifier_action(&mut self, id: i64, a: &Action, maintenant: &str) -> Result<ActionEnregistree, StoreError> {
        let n = self.conn.execute(
            "UPDATE action SET item_id = ?2, niveau_cible = ?3, action = ?4, responsable = ?5, echeance = ?6,
                               statut = ?7, modifie_le = ?8
              WHERE id = ?1",
            params![id, a.item_id, a.niveau_cible, a.action, a.responsable, a.echeance, a.statut.code(), maintenant],
        )?;
        if n == 0 {
            return Err(StoreError::Introuvable(format!("L’action n° {id} n’existe pas.")));
        }
        self.action(id)
    }

    pub fn supprimer_action(&mut self, id: i64) -> Result<(), StoreError> {
        if self.conn.execute("DELETE FROM action WHERE id = ?1", [id])? == 0 {
            return Err(StoreError::Introuvable(format!("L’action n° {id} n’existe pas.")));
        }
        Ok(())
    }
}

/// Copies actions into another diagnostic (a new school year), each onto its
/// item and target level there, marked with the school year it comes from.
pub(crate) fn copier_actions(
    conn: &rusqlite::Connection,
    vers: i64,
    actions: &[crate::store::ActionReprise],
    maintenant: &str,
) -> Result<(), StoreError> {
    let mut copier = conn.prepare(
        "INSERT INTO action (diagnostic_id, item_id, niveau_cible, action, responsable, echeance, statut,
                             reportee_de, cree_le, modifie_le)
         SELECT ?1, ?2, ?3, a.action, a.responsable, a.echeance, a.statut,
                coalesce(a.reportee_de, d.annee_debut), ?5, ?5
           FROM action a JOIN diagnostic d ON d.id = a.diagnostic_id
          WHERE a.id = ?4",
    )?;
    for a in actions {
        if copier.execute(params![vers, a.item_id, a.niveau_cible, a.source, maintenant])? != 1 {
            return Err(StoreError::Introuvable(format!("L’action n° {} n’existe plus.", a.source)));
        }
    }
    Ok(())
}

/// Moves a diagnostic's actions onto their items in another referential
/// version, and removes those that could not move.
pub(crate) fn deplacer_actions(
    conn: &rusqlite::Connection,
    diagnostic_id: i64,
    actions: &[crate::store::ActionReprise],
    retirees: &[i64],
    maintenant: &str,
) -> Result<(), StoreError> {
    let mut deplacer = conn.prepare(
        "UPDATE action SET item_id = ?3, niveau_cible = ?4, modifie_le = ?5 WHERE id = ?1 AND diagnostic_id = ?2",
    )?;
    for a in actions {
        if deplacer.execute(params![a.source, diagnostic_id, a.item_id, a.niveau_cible, maintenant])? != 1 {
            return Err(StoreError::Introuvable(format!("L’action n° {} n’existe plus.", a.source)));
        }
    }
    let mut retirer = conn.prepare("DELETE FROM action WHERE id = ?1 AND diagnostic_id = ?2")?;
    for id in retirees {
        retirer.execute(params![id, diagnostic_id])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use schematic_core::{AnneeScolaire, Referentiel};

    use super::*;
    use crate::Reprise;

    fn action(item: &str, statut: &str) -> Action {
        Action::valider(
            item,
            2,
            "Présenter le volet numérique en conseil pédagogique",
            "Direction",
            "2026-06-30",
            statut,
        )
        .unwrap()
    }

    #[test]
    fn actions_are_added_changed_removed_and_carried_over() {
        let mut store = Store::en_memoire().unwrap();
        let r = Referentiel::publie("eple", "2026.1").unwrap();
        let a1: AnneeScolaire = "2025-2026".parse().unwrap();
        let d1 = store.creer_diagnostic(a1, r, &Reprise::default(), "t0").unwrap();
        let faite = store.ajouter_action(d1.id, &action("PIL-1", "a-faire"), "t0").unwrap();
        let en_cours = store.ajouter_action(d1.id, &action("INF-2", "en-cours"), "t0").unwrap();
        let abandon = store.ajouter_action(d1.id, &action("FOR-1", "a-faire"), "t0").unwrap();
        store.modifier_action(faite.id, &action("PIL-1", "fait"), "t1").unwrap();
        store.modifier_action(abandon.id, &action("FOR-1", "abandonne"), "t1").unwrap();
        assert_eq!(store.action(faite.id).unwrap().action.statut, StatutAction::Fait);

        let reprise = Reprise {
            reponses: Vec::new(),
            actions: vec![crate::ActionReprise { source: en_cours.id, item_id: "INF-2".into(), niveau_cible: 2 }],
        };
        let d2 = store.creer_diagnostic(a1.suivante().unwrap(), r, &reprise, "t2").unwrap();
        let reportees = store.actions(d2.id).unwrap();
        assert_eq!(reportees.len(), 1);
        assert_eq!((reportees[0].action.item_id.as_str(), reportees[0].reportee_de), ("INF-2", Some(2025)));
        assert_eq!(reportees[0].action.statut, StatutAction::EnCours);

        store.supprimer_action(en_cours.id).unwrap();
        assert_eq!(store.actions(d1.id).unwrap().len(), 2);
        assert!(store.supprimer_action(en_cours.id).unwrap_err().to_string().contains("n’existe pas"));
    }
}
