//! The workshop's participants, votes and debate notes. Votes and
//! participants of a finalised diagnostic are locked like its answers (the
//! check runs inside the write's transaction). First names never leave this
//! module except to the screen: no export reads them.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::error::StoreError;
use schematic_core::Reponse;

use crate::store::{Store, conclure_ecriture, cycle_de};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantEnregistre {
    pub id: i64,
    pub diagnostic_id: i64,
    /// A code of `schematic_core::atelier::ROLES_PARTICIPANT`.
    pub role: String,
    pub prenom: Option<String>,
    /// Payload hash of the contribution its votes came from, if any.
    pub contribution: Option<String>,
    pub cree_le: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteEnregistre {
    pub participant_id: i64,
    pub item_id: String,
    pub niveau: u8,
}

/// What importing a contribution did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueContribution {
    /// A new participant holds the votes.
    Nouvelle { participant_id: i64 },
    /// The same computer had sent votes before: they are replaced.
    Remplace { participant_id: i64 },
}

fn modifiable(tx: &Transaction<'_>, diagnostic_id: i64) -> Result<(), StoreError> {
    Ok(cycle_de(tx, diagnostic_id)?.verifier_modifiable()?)
}

fn diagnostic_du_participant(tx: &Transaction<'_>, participant_id: i64) -> Result<i64, StoreError> {
    tx.query_row("SELECT diagnostic_id FROM participant WHERE id = ?1", [participant_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Introuvable(format!("Le participant n° {participant_id} n’existe pas.")))
}

fn ecrire_note(tx: &Transaction<'_>, diagnostic_id: i64, item_id: &str, note: Option<&str>) -> Result<(), StoreError> {
    match note {
        Some(n) => tx.execute(
            "INSERT INTO debat (diagnostic_id, item_id, note) VALUES (?1, ?2, ?3)
             ON CONFLICT (diagnostic_id, item_id) DO UPDATE SET note = excluded.note",
            params![diagnostic_id, item_id, n],
        )?,
        None => {
            tx.execute("DELETE FROM debat WHERE diagnostic_id = ?1 AND item_id = ?2", params![diagnostic_id, item_id])?
        }
    };
    Ok(())
}

impl Store {
    pub fn participants(&self, diagnostic_id: i64) -> Result<Vec<ParticipantEnregistre>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, diagnostic_id, role, prenom, contribution, cree_le FROM participant
              WHERE diagnostic_id = ?1 ORDER BY id",
        )?;
        let lignes = stmt.query_map([diagnostic_id], |r| {
            Ok(ParticipantEnregistre {
                id: r.get(0)?,
                diagnostic_id: r.get(1)?,
                role: r.get(2)?,
                prenom: r.get(3)?,
                contribution: r.get(4)?,
                cree_le: r.get(5)?,
            })
        })?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    pub fn ajouter_participant(
        &mut self,
        diagnostic_id: i64,
        role: &str,
        prenom: Option<&str>,
        maintenant: &str,
    ) -> Result<i64, StoreError> {
        let tx = self.debuter()?;
        modifiable(&tx, diagnostic_id)?;
        tx.execute(
            "INSERT INTO participant (diagnostic_id, role, prenom, cree_le) VALUES (?1, ?2, ?3, ?4)",
            params![diagnostic_id, role, prenom, maintenant],
        )?;
        let id = tx.last_insert_rowid();
        crate::store::valider(tx)?;
        Ok(id)
    }

    /// Removes a participant and their votes.
    pub fn supprimer_participant(&mut self, id: i64) -> Result<(), StoreError> {
        let tx = self.debuter()?;
        modifiable(&tx, diagnostic_du_participant(&tx, id)?)?;
        tx.execute("DELETE FROM participant WHERE id = ?1", [id])?;
        crate::store::valider(tx)?;
        Ok(())
    }

    /// Erases every first name of every diagnostic (finalised ones too:
    /// forgetting names is always allowed). Returns how many were erased.
    pub fn purger_prenoms(&mut self) -> Result<usize, StoreError> {
        Ok(self.conn.execute("UPDATE participant SET prenom = NULL WHERE prenom IS NOT NULL", [])?)
    }

    /// Records (`Some`) or withdraws (`None`) a participant's vote on an item.
    pub fn voter(
        &mut self,
        participant_id: i64,
        item_id: &str,
        niveau: Option<u8>,
        maintenant: &str,
    ) -> Result<(), StoreError> {
        let tx = self.debuter()?;
        modifiable(&tx, diagnostic_du_participant(&tx, participant_id)?)?;
        match niveau {
            Some(n) => tx.execute(
                "INSERT INTO vote (participant_id, item_id, niveau, vote_le) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (participant_id, item_id) DO UPDATE SET niveau = excluded.niveau, vote_le = excluded.vote_le",
                params![participant_id, item_id, n, maintenant],
            )?,
            None => tx.execute(
                "DELETE FROM vote WHERE participant_id = ?1 AND item_id = ?2",
                params![participant_id, item_id],
            )?,
        };
        crate::store::valider(tx)?;
        Ok(())
    }

    pub fn votes(&self, diagnostic_id: i64) -> Result<Vec<VoteEnregistre>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT v.participant_id, v.item_id, v.niveau FROM vote v JOIN participant p ON p.id = v.participant_id
              WHERE p.diagnostic_id = ?1 ORDER BY v.participant_id, v.item_id",
        )?;
        let lignes = stmt.query_map([diagnostic_id], |r| {
            Ok(VoteEnregistre { participant_id: r.get(0)?, item_id: r.get(1)?, niveau: r.get(2)? })
        })?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    /// Sets (`Some`) or removes (`None`) the note of an item's debate.
    pub fn noter_debat(&mut self, diagnostic_id: i64, item_id: &str, note: Option<&str>) -> Result<(), StoreError> {
        let tx = self.debuter()?;
        modifiable(&tx, diagnostic_id)?;
        ecrire_note(&tx, diagnostic_id, item_id, note)?;
        crate::store::valider(tx)?;
        Ok(())
    }

    /// The team's consensus on an item: the diagnostic's answer and the note
    /// of the debate (`None` removes it), in one transaction.
    pub fn definir_consensus(
        &mut self,
        diagnostic_id: i64,
        item_id: &str,
        reponse: Reponse,
        note: Option<&str>,
        maintenant: &str,
    ) -> Result<(), StoreError> {
        let tx = self.debuter()?;
        modifiable(&tx, diagnostic_id)?;
        let (niveau, non_applicable) = crate::store::colonnes(reponse);
        tx.execute(
            "INSERT INTO reponse (diagnostic_id, item_id, niveau, non_applicable, commentaire, modifie_le)
             VALUES (?1, ?2, ?3, ?5, NULL, ?4)
             ON CONFLICT (diagnostic_id, item_id) DO UPDATE SET niveau = excluded.niveau,
                 non_applicable = excluded.non_applicable, a_revoir = 0, modifie_le = excluded.modifie_le",
            params![diagnostic_id, item_id, niveau, maintenant, non_applicable],
        )?;
        ecrire_note(&tx, diagnostic_id, item_id, note)?;
        conclure_ecriture(tx, diagnostic_id, item_id, maintenant)
    }

    /// The debate notes of a diagnostic: (item, note).
    pub fn debats(&self, diagnostic_id: i64) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt =
            self.conn.prepare("SELECT item_id, note FROM debat WHERE diagnostic_id = ?1 ORDER BY item_id")?;
        let lignes = stmt.query_map([diagnostic_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    /// Stores the votes of a contribution as one participant. The same payload
    /// twice is refused; a newer contribution signed by the same key replaces
    /// that computer's votes.
    pub fn importer_contribution(
        &mut self,
        diagnostic_id: i64,
        role: &str,
        empreinte: &str,
        cle: &str,
        votes: &[(String, u8)],
        maintenant: &str,
    ) -> Result<IssueContribution, StoreError> {
        let tx = self.debuter()?;
        modifiable(&tx, diagnostic_id)?;
        let deja: Option<i64> = tx
            .query_row("SELECT diagnostic_id FROM participant WHERE contribution = ?1", [empreinte], |r| r.get(0))
            .optional()?;
        if deja.is_some() {
            return Err(StoreError::Existe("Cette contribution est déjà importée.".into()));
        }
        let precedent: Option<i64> = tx
            .query_row(
                "SELECT id FROM participant WHERE diagnostic_id = ?1 AND cle = ?2",
                params![diagnostic_id, cle],
                |r| r.get(0),
            )
            .optional()?;
        let issue = match precedent {
            Some(id) => {
                tx.execute(
                    "UPDATE participant SET role = ?2, contribution = ?3, cree_le = ?4 WHERE id = ?1",
                    params![id, role, empreinte, maintenant],
                )?;
                tx.execute("DELETE FROM vote WHERE participant_id = ?1", [id])?;
                IssueContribution::Remplace { participant_id: id }
            }
            None => {
                tx.execute(
                    "INSERT INTO participant (diagnostic_id, role, contribution, cle, cree_le) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![diagnostic_id, role, empreinte, cle, maintenant],
                )?;
                IssueContribution::Nouvelle { participant_id: tx.last_insert_rowid() }
            }
        };
        let participant_id = match issue {
            IssueContribution::Nouvelle { participant_id } | IssueContribution::Remplace { participant_id } => {
                participant_id
            }
        };
        {
            let mut inserer =
                tx.prepare("INSERT INTO vote (participant_id, item_id, niveau, vote_le) VALUES (?1, ?2, ?3, ?4)")?;
            for (item, niveau) in votes {
                inserer.execute(params![participant_id, item, niveau, maintenant])?;
            }
        }
        crate::store::valider(tx)?;
        Ok(issue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_avec_diagnostic() -> (Store, i64) {
        let mut s = Store::en_memoire().unwrap();
        let eple = schematic_core::Referentiel::publie("eple", "2026.1").unwrap();
        let d = s.creer_diagnostic("2025-2026".parse().unwrap(), eple, &crate::Reprise::default(), "t").unwrap();
        (s, d.id)
    }

    #[test]
    fn participants_vote_and_names_are_purged() {
        let (mut s, d) = store_avec_diagnostic();
        let a = s.ajouter_participant(d, "enseignant", Some("Camille"), "t").unwrap();
        let b = s.ajouter_participant(d, "cpe", None, "t").unwrap();
        s.voter(a, "PIL-1", Some(1), "t").unwrap();
        s.voter(b, "PIL-1", Some(3), "t").unwrap();
        s.voter(a, "PIL-1", Some(2), "t").unwrap();
        s.voter(b, "PIL-2", Some(0), "t").unwrap();
        s.voter(b, "PIL-2", None, "t").unwrap();
        let v = s.votes(d).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].participant_id, v[0].niveau), (a, 2));
        s.noter_debat(d, "PIL-1", Some("Vu différemment selon les cycles")).unwrap();
        assert_eq!(s.debats(d).unwrap().len(), 1);
        assert_eq!(s.purger_prenoms().unwrap(), 1);
        assert!(s.participants(d).unwrap().iter().all(|p| p.prenom.is_none()));
        s.supprimer_participant(b).unwrap();
        assert_eq!(s.votes(d).unwrap().len(), 1, "votes go with their participant");
    }

    #[test]
    fn contributions_are_unique_and_replace_the_same_computers_votes() {
        let (mut s, d) = store_avec_diagnostic();
        let votes = vec![("PIL-1".to_string(), 2), ("PIL-2".to_string(), 3)];
        let i = s.importer_contribution(d, "enseignant", "h1", "ed25519:k", &votes, "t").unwrap();
        assert!(matches!(i, IssueContribution::Nouvelle { .. }));
        assert!(matches!(
            s.importer_contribution(d, "enseignant", "h1", "ed25519:k", &votes, "t"),
            Err(StoreError::Existe(_))
        ));
        let i = s.importer_contribution(d, "cpe", "h2", "ed25519:k", &votes[..1], "t").unwrap();
        assert!(matches!(i, IssueContribution::Remplace { .. }));
        assert_eq!(s.participants(d).unwrap().len(), 1);
        assert_eq!(s.votes(d).unwrap().len(), 1);
    }
}
