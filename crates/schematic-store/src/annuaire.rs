//! The DANE's copy of the annuaire and the circonscriptions.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
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
    /// Starts replacing the annuaire: rows are added one by one into a
    /// staging table, in a transaction that only [`RemplacementAnnuaire::valider`]
    /// commits (dropping it changes nothing).
    pub fn remplacement_annuaire(&mut self) -> Result<RemplacementAnnuaire<'_>, StoreError> {
        let tx = self.debuter()?;
        tx.execute_batch(
            "CREATE TEMP TABLE dane_annuaire_nouveau (
                 uai TEXT PRIMARY KEY, ligne INTEGER NOT NULL, nom TEXT NOT NULL, type_libelle TEXT NOT NULL,
                 famille TEXT NOT NULL, secteur TEXT NOT NULL, code_postal TEXT NOT NULL, commune TEXT NOT NULL,
                 departement TEXT NOT NULL, libelle_departement TEXT NOT NULL, academie TEXT NOT NULL,
                 ouvert INTEGER NOT NULL
             ) STRICT, WITHOUT ROWID",
        )?;
        Ok(RemplacementAnnuaire { tx })
    }

    /// Sets the circonscription of each UAI, in one transaction.
    pub fn definir_circonscriptions(&mut self, lignes: &[(String, String)]) -> Result<(), StoreError> {
        let tx = self.debuter()?;
        {
            let mut definir = tx.prepare(
                "INSERT INTO dane_circonscription (uai, circonscription) VALUES (?1, ?2)
                 ON CONFLICT (uai) DO UPDATE SET circonscription = excluded.circonscription",
            )?;
            for (uai, c) in lignes {
                definir.execute(params![uai, c])?;
            }
        }
        crate::store::valider(tx)?;
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

/// An annuaire being replaced (see [`Store::remplacement_annuaire`]).
#[derive(Debug)]
pub struct RemplacementAnnuaire<'c> {
    tx: rusqlite::Transaction<'c>,
}

/// How a new annuaire differs from the one it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifferenceAnnuaire {
    pub avant: u32,
    pub apres: u32,
    /// UAIs that are new, and that are no longer there.
    pub ajoutes: u32,
    pub retires: u32,
    /// A few of the UAIs no longer there.
    pub exemples_retires: Vec<String>,
}

impl RemplacementAnnuaire<'_> {
    /// Adds a row read at `ligne`; if its UAI was already added, returns the
    /// line that gave it (the first row is kept).
    pub fn ajouter(&mut self, e: &EtablissementAnnuaire, ligne: u64) -> Result<Option<u64>, StoreError> {
        let ajoute = self
            .tx
            .prepare_cached(
                "INSERT INTO dane_annuaire_nouveau (uai, ligne, nom, type_libelle, famille, secteur, code_postal,
                                                    commune, departement, libelle_departement, academie, ouvert)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (uai) DO NOTHING",
            )?
            .execute(params![
                e.uai,
                i64::try_from(ligne).unwrap_or(i64::MAX),
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
        if ajoute == 1 {
            return Ok(None);
        }
        let premiere: i64 = self
            .tx
            .prepare_cached("SELECT ligne FROM dane_annuaire_nouveau WHERE uai = ?1")?
            .query_row([&e.uai], |r| r.get(0))?;
        Ok(Some(u64::try_from(premiere).unwrap_or(0)))
    }

    /// The difference between the current annuaire and the rows added.
    pub fn difference(&self) -> Result<DifferenceAnnuaire, StoreError> {
        let compter = |sql: &str| -> Result<u32, StoreError> { Ok(self.tx.query_row(sql, [], |r| r.get(0))?) };
        let retires = "FROM dane_annuaire WHERE uai NOT IN (SELECT uai FROM dane_annuaire_nouveau)";
        let mut stmt = self.tx.prepare(&format!("SELECT uai {retires} ORDER BY uai LIMIT 5"))?;
        let exemples_retires = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(DifferenceAnnuaire {
            avant: compter("SELECT count(*) FROM dane_annuaire")?,
            apres: compter("SELECT count(*) FROM dane_annuaire_nouveau")?,
            ajoutes: compter(
                "SELECT count(*) FROM dane_annuaire_nouveau WHERE uai NOT IN (SELECT uai FROM dane_annuaire)",
            )?,
            retires: compter(&format!("SELECT count(*) {retires}"))?,
            exemples_retires,
        })
    }

    /// Replaces the annuaire by the rows added (circonscriptions are kept:
    /// they come from another file), durably.
    pub fn valider(self) -> Result<(), StoreError> {
        self.tx.execute_batch(
            "DELETE FROM dane_annuaire;
             INSERT INTO dane_annuaire (uai, nom, type_libelle, famille, secteur, code_postal, commune, departement,
                                        libelle_departement, academie, ouvert)
                  SELECT uai, nom, type_libelle, famille, secteur, code_postal, commune, departement,
                         libelle_departement, academie, ouvert FROM dane_annuaire_nouveau;
             DROP TABLE temp.dane_annuaire_nouveau;",
        )?;
        crate::store::valider(self.tx)?;
        Ok(())
    }
}
