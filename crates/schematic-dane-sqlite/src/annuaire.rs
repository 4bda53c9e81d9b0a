//! The DANE's copy of the annuaire and the circonscriptions.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use schematic_core::Uai;
use schematic_core::annuaire::{EtablissementAnnuaire, famille_connue};
use schematic_dane_store::{DifferenceAnnuaire, FicheAnnuaire, RemplacementAnnuaire, Resultat};
use schematic_store::base;

use crate::{erreur, erreur_store};

struct Remplacement<'c> {
    tx: Transaction<'c>,
}

impl RemplacementAnnuaire for Remplacement<'_> {
    fn ajouter(&mut self, e: &EtablissementAnnuaire) -> Resultat<()> {
        inserer(&self.tx, "dane_annuaire_nouveau", e).map_err(erreur)?;
        Ok(())
    }

    fn difference(&mut self) -> Resultat<DifferenceAnnuaire> {
        let compter = |sql: &str| -> Resultat<u32> { self.tx.query_row(sql, [], |r| r.get(0)).map_err(erreur) };
        let retires = "FROM dane_annuaire WHERE uai NOT IN (SELECT uai FROM dane_annuaire_nouveau)";
        let mut stmt = self.tx.prepare(&format!("SELECT uai {retires} ORDER BY uai LIMIT 5")).map_err(erreur)?;
        let exemples_retires =
            stmt.query_map([], |r| r.get(0)).and_then(Iterator::collect::<Result<_, _>>).map_err(erreur)?;
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
}

/// Adds an establishment to `table` (the annuaire, or its staging copy); a
/// UAI already there is left as it is. Returns 1 when added.
pub(crate) fn inserer(tx: &Transaction<'_>, table: &str, e: &EtablissementAnnuaire) -> rusqlite::Result<usize> {
    tx.prepare_cached(&format!(
        "INSERT INTO {table} (uai, nom, type_libelle, famille, secteur, code_postal, commune, departement,
                              libelle_departement, academie, ouvert)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (uai) DO NOTHING"
    ))?
    .execute(params![
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
    ])
}

pub(crate) fn remplacer(
    conn: &mut Connection,
    remplir: &mut dyn FnMut(&mut dyn RemplacementAnnuaire) -> Resultat<bool>,
) -> Resultat<bool> {
    let tx = base::debuter(conn).map_err(erreur_store)?;
    tx.execute_batch(
        "CREATE TEMP TABLE dane_annuaire_nouveau (
             uai TEXT PRIMARY KEY, nom TEXT NOT NULL, type_libelle TEXT NOT NULL,
             famille TEXT NOT NULL, secteur TEXT NOT NULL, code_postal TEXT NOT NULL, commune TEXT NOT NULL,
             departement TEXT NOT NULL, libelle_departement TEXT NOT NULL, academie TEXT NOT NULL,
             ouvert INTEGER NOT NULL
         ) STRICT, WITHOUT ROWID",
    )
    .map_err(erreur)?;
    let mut r = Remplacement { tx };
    let appliquer = remplir(&mut r)?;
    if !appliquer {
        // Dropped: rolled back, the temporary table with it.
        return Ok(false);
    }
    r.tx.execute_batch(
        "DELETE FROM dane_annuaire;
         INSERT INTO dane_annuaire (uai, nom, type_libelle, famille, secteur, code_postal, commune, departement,
                                    libelle_departement, academie, ouvert)
              SELECT uai, nom, type_libelle, famille, secteur, code_postal, commune, departement,
                     libelle_departement, academie, ouvert FROM dane_annuaire_nouveau;
         DROP TABLE temp.dane_annuaire_nouveau;",
    )
    .map_err(erreur)?;
    base::valider(r.tx).map_err(erreur_store)?;
    Ok(true)
}

pub(crate) fn definir_circonscriptions(conn: &mut Connection, lignes: &[(String, String)]) -> Resultat<()> {
    let tx = base::debuter(conn).map_err(erreur_store)?;
    {
        let mut definir = tx
            .prepare(
                "INSERT INTO dane_circonscription (uai, circonscription) VALUES (?1, ?2)
                 ON CONFLICT (uai) DO UPDATE SET circonscription = excluded.circonscription",
            )
            .map_err(erreur)?;
        for (uai, c) in lignes {
            definir.execute(params![uai, c]).map_err(erreur)?;
        }
    }
    base::valider(tx).map_err(erreur_store)
}

pub(crate) fn taille(conn: &Connection) -> Resultat<(u32, u32)> {
    conn.query_row(
        "SELECT count(*), count(c.uai) FROM dane_annuaire a LEFT JOIN dane_circonscription c USING (uai)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .map_err(erreur)
}

pub(crate) fn fiches(conn: &Connection) -> Resultat<HashMap<String, FicheAnnuaire>> {
    let mut stmt = conn.prepare("SELECT uai, famille, departement, academie FROM dane_annuaire").map_err(erreur)?;
    let fiches = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, FicheAnnuaire { famille: r.get(1)?, departement: r.get(2)?, academie: r.get(3)? }))
        })
        .map_err(erreur)?;
    fiches.collect::<Result<_, _>>().map_err(erreur)
}

pub(crate) fn etablissement(conn: &Connection, uai: &Uai) -> Resultat<Option<(EtablissementAnnuaire, Option<String>)>> {
    conn.query_row(
        "SELECT a.uai, a.nom, a.type_libelle, a.famille, a.secteur, a.code_postal, a.commune, a.departement,
                a.libelle_departement, a.academie, a.ouvert, c.circonscription
           FROM dane_annuaire a LEFT JOIN dane_circonscription c USING (uai) WHERE a.uai = ?1",
        [uai.as_str()],
        |r| {
            let famille: String = r.get(3)?;
            Ok((
                EtablissementAnnuaire {
                    uai: r.get(0)?,
                    nom: r.get(1)?,
                    type_libelle: r.get(2)?,
                    famille: famille_connue(&famille),
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
    .optional()
    .map_err(erreur)
}
