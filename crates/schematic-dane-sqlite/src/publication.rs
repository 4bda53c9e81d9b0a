//! The published figures, rewritten for one year and grouping at a time.

use rusqlite::{Connection, params};
use schematic_dane_store::{Publication, Resultat};
use schematic_store::base;

use crate::{erreur, erreur_store};

pub(crate) fn remplacer(conn: &mut Connection, p: &Publication) -> Resultat<()> {
    let tx = base::debuter(conn).map_err(erreur_store)?;
    let (annee, par) = (p.annee.to_string(), p.regroupement.code());
    (|| -> rusqlite::Result<()> {
        tx.execute("DELETE FROM dane_publication_territoire WHERE annee = ?1 AND regroupement = ?2", [&annee, par])?;
        tx.execute("DELETE FROM dane_publication_maturite WHERE annee = ?1 AND regroupement = ?2", [&annee, par])?;
        tx.execute("DELETE FROM dane_publication_item WHERE annee = ?1", [&annee])?;
        let mut territoire =
            tx.prepare("INSERT INTO dane_publication_territoire VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        for t in &p.territoires {
            territoire.execute(params![
                annee,
                par,
                t.code,
                t.libelle,
                t.etablissements,
                t.diagnostics,
                t.taux_pour_mille,
                t.masque
            ])?;
        }
        let mut maturite =
            tx.prepare("INSERT INTO dane_publication_maturite VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        for m in &p.maturites {
            maturite.execute(params![
                annee,
                par,
                m.code,
                m.domaine,
                m.moyenne,
                m.masque_moyenne,
                m.evolution,
                m.masque_evolution
            ])?;
        }
        let mut item = tx.prepare("INSERT INTO dane_publication_item VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for i in &p.items {
            item.execute(params![annee, i.referentiel, i.version, i.item, i.niveau, i.etablissements, i.masque])?;
        }
        Ok(())
    })()
    .map_err(erreur)?;
    base::valider(tx).map_err(erreur_store)
}
