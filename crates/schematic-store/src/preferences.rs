//! Preferences and settings of the installation (large type, the DANE
//! space's store…), kept in the database so they follow the data directory
//! and survive a restart.

use rusqlite::{OptionalExtension, params};

use crate::error::StoreError;
use crate::store::Store;

impl Store {
    pub fn preference(&self, cle: &str) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT valeur FROM preference WHERE cle = ?1", [cle], |r| r.get(0)).optional()?)
    }

    pub fn definir_preference(&mut self, cle: &str, valeur: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO preference (cle, valeur) VALUES (?1, ?2) ON CONFLICT (cle) DO UPDATE SET valeur = excluded.valeur",
            params![cle, valeur],
        )?;
        Ok(())
    }

    pub fn supprimer_preference(&mut self, cle: &str) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM preference WHERE cle = ?1", [cle])?;
        Ok(())
    }
}
