//! Referential texts held by the installation, and diagnostics created with
//! what they carry over or moved to another referential version: the writes
//! that depend on which version a diagnostic is on.

use rusqlite::{Connection, OptionalExtension, params};
use schematic_core::{AnneeScolaire, Referentiel, Statut};

use super::{DiagnosticEnregistre, ReponseEnregistree, Reprise, Store, colonnes, corrompu, cycle_de};
use crate::error::StoreError;

impl Store {
    // ---- referentials -----------------------------------------------------

    /// The referential a diagnostic was made with, as it was then.
    pub fn referentiel(&self, empreinte: &str) -> Result<Referentiel, StoreError> {
        let contenu: String = self
            .conn
            .query_row("SELECT contenu FROM referentiel WHERE empreinte = ?1", [empreinte], |r| r.get(0))
            .optional()?
            .ok_or_else(|| corrompu(&format!("référentiel {empreinte} absent")))?;
        Referentiel::depuis_json(&contenu).map_err(|e| corrompu(&e.to_string()))
    }

    /// Every referential text this installation holds: those its diagnostics
    /// used and those imported, oldest version first.
    pub fn referentiels_enregistres(&self) -> Result<Vec<Referentiel>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT contenu FROM referentiel")?;
        let textes = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        let mut tous = textes
            .iter()
            .map(|t| Referentiel::depuis_json(t).map_err(|e| corrompu(&e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        tous.sort_by_key(|r| (r.id.clone(), schematic_core::referentiel::cle_version(&r.version)));
        Ok(tous)
    }

    /// Keeps a referential text (imported, or about to be used). `false` when
    /// the same text was already there; a text is never replaced.
    pub fn enregistrer_referentiel(&mut self, referentiel: &Referentiel) -> Result<bool, StoreError> {
        Ok(inserer_referentiel(&self.conn, referentiel)? > 0)
    }

    /// Creates a brouillon for a school year, with what it starts from
    /// (answers and actions carried over from last year), in one transaction.
    /// The referential is stored with it. Every carried answer and action
    /// must name an item of `referentiel`: nothing is dropped here.
    pub fn creer_diagnostic(
        &mut self,
        annee: AnneeScolaire,
        referentiel: &Referentiel,
        reprise: &Reprise,
        maintenant: &str,
    ) -> Result<DiagnosticEnregistre, StoreError> {
        verifier_items(referentiel, reprise)?;
        let empreinte = referentiel.empreinte();
        let tx = self.debuter()?;
        let existe: Option<i64> = tx
            .query_row(
                "SELECT id FROM diagnostic WHERE annee_debut = ?1 AND referentiel_id = ?2",
                params![annee.debut(), referentiel.id],
                |r| r.get(0),
            )
            .optional()?;
        if existe.is_some() {
            return Err(StoreError::Existe(format!(
                "Un diagnostic existe déjà pour l’année scolaire {annee} : reprenez-le plutôt que d’en créer un autre."
            )));
        }
        inserer_referentiel(&tx, referentiel)?;
        tx.execute(
            "INSERT INTO diagnostic (annee_debut, referentiel_id, referentiel_empreinte, revision, statut, cree_le, modifie_le)
             VALUES (?1, ?2, ?3, 1, 'brouillon', ?4, ?4)",
            params![annee.debut(), referentiel.id, empreinte, maintenant],
        )?;
        let id = tx.last_insert_rowid();
        inserer_reponses(&tx, id, &reprise.reponses, maintenant)?;
        crate::plan::copier_actions(&tx, id, &reprise.actions, maintenant)?;
        crate::store::valider(tx)?;
        self.diagnostic_par_id(id)
    }

    /// Moves a diagnostic to another version of its referential, with the
    /// answers already read through the correspondence: every answer is
    /// replaced, carried actions move to their new item and level, the others
    /// are removed (the caller listed them to the user). A finalised
    /// diagnostic, or a revision already written to a signed file, is never
    /// changed: the move makes the next revision, a brouillon.
    pub fn changer_version(
        &mut self,
        diagnostic_id: i64,
        referentiel: &Referentiel,
        reprise: &Reprise,
        actions_retirees: &[i64],
        maintenant: &str,
    ) -> Result<DiagnosticEnregistre, StoreError> {
        verifier_items(referentiel, reprise)?;
        let tx = self.debuter()?;
        let mut cycle = cycle_de(&tx, diagnostic_id)?;
        let exportee: Option<u32> =
            tx.query_row("SELECT revision_exportee FROM diagnostic WHERE id = ?1", [diagnostic_id], |r| r.get(0))?;
        if cycle.statut == Statut::Finalise {
            cycle.rouvrir()?;
        } else if exportee == Some(cycle.revision) {
            cycle.revision += 1;
        }
        inserer_referentiel(&tx, referentiel)?;
        tx.execute(
            "UPDATE diagnostic SET referentiel_empreinte = ?2, statut = ?3, revision = ?4, finalise_le = NULL, modifie_le = ?5
              WHERE id = ?1",
            params![diagnostic_id, referentiel.empreinte(), cycle.statut.code(), cycle.revision, maintenant],
        )?;
        tx.execute("DELETE FROM reponse WHERE diagnostic_id = ?1", [diagnostic_id])?;
        inserer_reponses(&tx, diagnostic_id, &reprise.reponses, maintenant)?;
        crate::plan::deplacer_actions(&tx, diagnostic_id, &reprise.actions, actions_retirees, maintenant)?;
        crate::store::valider(tx)?;
        self.diagnostic_par_id(diagnostic_id)
    }

    /// Records that `revision` of a diagnostic was written to a signed file.
    pub fn marquer_exporte(&mut self, diagnostic_id: i64, revision: u32) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE diagnostic SET revision_exportee = max(coalesce(revision_exportee, 0), ?2) WHERE id = ?1",
            params![diagnostic_id, revision],
        )?;
        Ok(())
    }
}

pub(super) fn inserer_referentiel(conn: &Connection, referentiel: &Referentiel) -> Result<usize, StoreError> {
    let contenu = serde_json::to_string(referentiel).map_err(|e| StoreError::Base(e.to_string()))?;
    Ok(conn.execute(
        "INSERT OR IGNORE INTO referentiel (empreinte, id, version, contenu) VALUES (?1, ?2, ?3, ?4)",
        params![referentiel.empreinte(), referentiel.id, referentiel.version, contenu],
    )?)
}

pub(super) fn inserer_reponses(
    conn: &Connection,
    diagnostic_id: i64,
    reponses: &[ReponseEnregistree],
    maintenant: &str,
) -> Result<(), StoreError> {
    let mut inserer = conn.prepare(
        "INSERT INTO reponse (diagnostic_id, item_id, niveau, non_applicable, a_revoir, commentaire, modifie_le)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for r in reponses.iter().filter(|r| r.reponse.est_renseignee() || r.commentaire.is_some()) {
        let (niveau, non_applicable) = colonnes(r.reponse);
        inserer.execute(params![
            diagnostic_id,
            r.item_id,
            niveau,
            non_applicable,
            r.a_revoir && r.reponse.est_renseignee(),
            r.commentaire,
            maintenant
        ])?;
    }
    Ok(())
}

/// Carried answers and actions must all name items of the referential they
/// go to: a caller's mistake is an error, never a silent drop.
pub(super) fn verifier_items(referentiel: &Referentiel, reprise: &Reprise) -> Result<(), StoreError> {
    let ids = reprise.reponses.iter().map(|r| &r.item_id).chain(reprise.actions.iter().map(|a| &a.item_id));
    for id in ids {
        if referentiel.item(id).is_none() {
            return Err(StoreError::Base(format!(
                "l’item {id} n’existe pas dans le référentiel {} {} : rien n’a été enregistré.",
                referentiel.id, referentiel.version
            )));
        }
    }
    Ok(())
}
