//! Territorial references imported from the DANE, one per school year.

use rusqlite::{OptionalExtension, params};

use crate::error::StoreError;
use crate::store::Store;

/// A publication as kept: when the DANE published it, the hash of its
/// payload, and the file's exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReperesGardes {
    pub annee_scolaire: String,
    pub publie_le: String,
    pub empreinte: String,
    pub enveloppe: Vec<u8>,
    pub importe_le: String,
}

fn lire(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReperesGardes> {
    Ok(ReperesGardes {
        annee_scolaire: r.get(0)?,
        publie_le: r.get(1)?,
        empreinte: r.get(2)?,
        enveloppe: r.get(3)?,
        importe_le: r.get(4)?,
    })
}

const COLONNES: &str = "annee_scolaire, publie_le, empreinte, enveloppe, importe_le";

impl Store {
    /// The references kept for a school year.
    pub fn reperes(&self, annee: &str) -> Result<Option<ReperesGardes>, StoreError> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {COLONNES} FROM reperes WHERE annee_scolaire = ?1"), [annee], lire)
            .optional()?)
    }

    /// Every year's references, the most recent year first.
    pub fn tous_reperes(&self) -> Result<Vec<ReperesGardes>, StoreError> {
        let mut q = self.conn.prepare(&format!("SELECT {COLONNES} FROM reperes ORDER BY annee_scolaire DESC"))?;
        let lignes = q.query_map([], lire)?.collect::<Result<Vec<_>, _>>()?;
        Ok(lignes)
    }

    /// Keeps `r` as its year's references, in place of any earlier ones.
    pub fn garder_reperes(&mut self, r: &ReperesGardes) -> Result<(), StoreError> {
        self.conn.execute(
            &format!(
                "INSERT INTO reperes ({COLONNES}) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (annee_scolaire) DO UPDATE SET publie_le = excluded.publie_le,
                 empreinte = excluded.empreinte, enveloppe = excluded.enveloppe, importe_le = excluded.importe_le"
            ),
            params![r.annee_scolaire, r.publie_le, r.empreinte, r.enveloppe, r.importe_le],
        )?;
        Ok(())
    }
}
