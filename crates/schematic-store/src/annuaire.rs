//! The DANE's copy of the annuaire and the circonscriptions.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use schematic_core::annuaire::{EtablissementAnnuaire, FAMILLES};

use crate::error::StoreError;
use crate::store::Store;

fn famille_statique(code: &str) -> &'static str {
    FAMILLES.iter().map(|(c, _)| *c).find(|c| *c == code).unwrap_or("autre")
}

/// What an imported diagnostic's establishment must agree with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FicheAnnuaire {
    /// One of `schematic_core::annuaire::FAMILLES`.
    pub famille: String,
    /// INSEE code, empty when the annuaire does not say.
    pub departement: String,
    pub academie: String,
}

impl Store {
    /// Replaces the whole annuaire in one transaction (circonscriptions are
    /// kept: they come from another file).
    pub fn remplacer_annuaire(&mut self, etablissements: &[EtablissementAnnuaire]) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM dane_annuaire", [])?;
        {
            let mut inserer = tx.prepare(
                "INSERT INTO dane_annuaire (uai, nom, type_libelle, famille, secteur, code_postal, commune, departement,
                                            libelle_departement, academie, ouvert)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (uai) DO UPDATE SET nom = excluded.nom, type_libelle = excluded.type_libelle,
                     famille = excluded.famille, secteur = excluded.secteur, code_postal = excluded.code_postal,
                     commune = excluded.commune, departement = excluded.departement,
                     libelle_departement = excluded.libelle_departement, academie = excluded.academie,
                     ouvert = excluded.ouvert",
            )?;
            for e in etablissements {
                inserer.execute(params![
                    e.uai,
                    e.nom,
                    e.type_libelle,
                    e.famille,
                    e.secteur,
                    e.code_postal,
                    e.commune,
                    e.departement,
                    e.libelle_departement,
                    e.academie,
                    e.ouvert
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Sets the circonscription of each UAI, in one transaction.
    pub fn definir_circonscriptions(&mut self, lignes: &[(String, String)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut definir = tx.prepare(
                "INSERT INTO dane_circonscription (uai, circonscription) VALUES (?1, ?2)
                 ON CONFLICT (uai) DO UPDATE SET circonscription = excluded.circonscription",
            )?;
            for (uai, c) in lignes {
                definir.execute(params![uai, c])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// How many establishments the annuaire holds, and how many of them have
    /// a circonscription.
    pub fn taille_annuaire(&self) -> Result<(u32, u32), StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*), count(c.uai) FROM dane_annuaire a LEFT JOIN dane_circonscription c USING (uai)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Every establishment of the annuaire by UAI, with what an imported
    /// file is compared with (to check many files at once).
    pub fn fiches_annuaire(&self) -> Result<HashMap<String, FicheAnnuaire>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT uai, famille, departement, academie FROM dane_annuaire")?;
        let fiches = stmt.query_map([], |r| {
            Ok((r.get(0)?, FicheAnnuaire { famille: r.get(1)?, departement: r.get(2)?, academie: r.get(3)? }))
        })?;
        Ok(fiches.collect::<Result<_, _>>()?)
    }

    /// One establishment of the annuaire, with its circonscription.
    pub fn etablissement_annuaire(
        &self,
        uai: &str,
    ) -> Result<Option<(EtablissementAnnuaire, Option<String>)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT a.uai, a.nom, a.type_libelle, a.famille, a.secteur, a.code_postal, a.commune, a.departement,
                        a.libelle_departement, a.academie, a.ouvert, c.circonscription
                   FROM dane_annuaire a LEFT JOIN dane_circonscription c USING (uai) WHERE a.uai = ?1",
                [uai],
                |r| {
                    let famille: String = r.get(3)?;
                    Ok((
                        EtablissementAnnuaire {
                            uai: r.get(0)?,
                            nom: r.get(1)?,
                            type_libelle: r.get(2)?,
                            famille: famille_statique(&famille),
                            secteur: r.get(4)?,
                            code_postal: r.get(5)?,
                            commune: r.get(6)?,
                            departement: r.get(7)?,
                            libelle_departement: r.get(8)?,
                            academie: r.get(9)?,
                            ouvert: r.get(10)?,
                        },
                        r.get(11)?,
                    ))
                },
            )
            .optional()?)
    }
}
