//! The registry of enrolled keys: every certificate issued, and revocations.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use schematic_core::Uai;
use schematic_dane_store::{EnrolementEnregistre, NouvelEnrolement, Resultat, lot::DETAIL_REMPLACE_PAR_ENROLE};
use schematic_store::base;

use crate::{corrompu, erreur, erreur_store};

const SELECT: &str = "SELECT numero, uai, cle, valide_du, valide_au, emis_le, revoque_a_partir_du, certificat
                        FROM dane_enrolement";

fn ligne(r: &rusqlite::Row<'_>) -> rusqlite::Result<EnrolementEnregistre> {
    let uai: String = r.get(1)?;
    Ok(EnrolementEnregistre {
        numero: r.get(0)?,
        uai: Uai::parse(&uai).map_err(|e| corrompu(&e.to_string()))?,
        cle: r.get(2)?,
        valide_du: r.get(3)?,
        valide_au: r.get(4)?,
        emis_le: r.get(5)?,
        revoque_a_partir_du: r.get(6)?,
        certificat: r.get(7)?,
    })
}

pub(crate) fn de_cle(conn: &Connection, cle: &str) -> Resultat<Vec<EnrolementEnregistre>> {
    let mut stmt =
        conn.prepare(&format!("{SELECT} WHERE cle = ?1 ORDER BY emis_le DESC, numero DESC")).map_err(erreur)?;
    let lignes = stmt.query_map([cle], ligne).map_err(erreur)?;
    lignes.collect::<Result<_, _>>().map_err(erreur)
}

pub(crate) fn tous(conn: &Connection) -> Resultat<Vec<EnrolementEnregistre>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY emis_le DESC, numero DESC")).map_err(erreur)?;
    let lignes = stmt.query_map([], ligne).map_err(erreur)?;
    lignes.collect::<Result<_, _>>().map_err(erreur)
}

pub(crate) fn enroler(
    conn: &mut Connection,
    e: &NouvelEnrolement,
    certifier: &mut dyn FnMut(&str) -> String,
) -> Resultat<(EnrolementEnregistre, usize)> {
    let tx = base::debuter(conn).map_err(erreur_store)?;
    let annee = e.valide_du.get(..4).unwrap_or("0000");
    let n: i64 = tx
        .query_row(
            "SELECT coalesce(max(CAST(substr(numero, 10) AS INTEGER)), 0) FROM dane_enrolement WHERE numero LIKE ?1",
            [format!("SCH-{annee}-%")],
            |r| r.get(0),
        )
        .map_err(erreur)?;
    let numero = format!("SCH-{annee}-{:05}", n + 1);
    let enrolement = EnrolementEnregistre {
        numero: numero.clone(),
        uai: e.uai.clone(),
        cle: e.cle.clone(),
        valide_du: e.valide_du.clone(),
        valide_au: e.valide_au.clone(),
        emis_le: e.emis_le.clone(),
        revoque_a_partir_du: None,
        certificat: certifier(&numero),
    };
    tx.execute(
        "INSERT INTO dane_enrolement (numero, uai, cle, valide_du, valide_au, emis_le, revoque_a_partir_du, certificat)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7)",
        params![
            enrolement.numero,
            enrolement.uai.as_str(),
            enrolement.cle,
            enrolement.valide_du,
            enrolement.valide_au,
            enrolement.emis_le,
            enrolement.certificat
        ],
    )
    .map_err(erreur)?;
    let marques = tx
        .execute(
            "UPDATE dane_diagnostic SET enrole = 1, certificat = ?1 WHERE cle = ?2 AND uai = ?3 AND enrole = 0",
            params![numero, e.cle, e.uai.as_str()],
        )
        .map_err(erreur)?;
    let promus = promouvoir_ecartes(&tx, &e.cle, e.uai.as_str(), &numero, &e.emis_le).map_err(erreur)?;
    base::valider(tx).map_err(erreur_store)?;
    Ok((enrolement, marques + promus))
}

pub(crate) fn revoquer(conn: &mut Connection, uai: &Uai, jour: &str) -> Resultat<(usize, usize)> {
    let tx = base::debuter(conn).map_err(erreur_store)?;
    let diagnostics = tx
        .execute(
            "UPDATE dane_diagnostic SET enrole = 0, certificat = NULL
              WHERE uai = ?1
                AND substr(coalesce((SELECT recu_le FROM dane_reception r WHERE r.empreinte = dane_diagnostic.empreinte),
                                    importe_le), 1, 10) >= ?2
                AND cle IN (SELECT cle FROM dane_enrolement WHERE uai = ?1 AND revoque_a_partir_du IS NULL)",
            params![uai.as_str(), jour],
        )
        .map_err(erreur)?;
    let certificats = tx
        .execute(
            "UPDATE dane_enrolement SET revoque_a_partir_du = ?2 WHERE uai = ?1 AND revoque_a_partir_du IS NULL",
            params![uai.as_str(), jour],
        )
        .map_err(erreur)?;
    base::valider(tx).map_err(erreur_store)?;
    Ok((certificats, diagnostics))
}

/// Moves a stored diagnostic, unenrolled, aside: replaced by one signed by an
/// enrolled key for the same establishment and year (at `le`).
pub(crate) fn mettre_a_l_ecart(tx: &Transaction<'_>, empreinte: &str, detail: &str, le: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO dane_ecarte (empreinte, uai, annee, cle, motif, detail, fichier, ecarte_le, referentiel,
                                  version_referentiel, revision, genere_le, statut, niveaux, importe_le, octets,
                                  referentiel_numero)
         SELECT d.empreinte, d.uai, d.annee, d.cle, 'ecarte', ?2, d.fichier, ?3, d.referentiel,
                d.version_referentiel, d.revision, d.genere_le, d.statut, d.niveaux, d.importe_le, e.octets,
                d.referentiel_numero
           FROM dane_diagnostic d JOIN dane_enveloppe e USING (empreinte) WHERE d.empreinte = ?1",
    )?
    .execute(params![empreinte, detail, le])?;
    tx.prepare_cached("DELETE FROM dane_enveloppe WHERE empreinte = ?1")?.execute([empreinte])?;
    tx.prepare_cached("DELETE FROM dane_diagnostic WHERE empreinte = ?1")?.execute([empreinte])?;
    Ok(())
}

/// Once a key is enrolled for `uai` (certificate `numero`), its diagnostics
/// set aside because another key held their year take their place where that
/// holder is unenrolled (it is set aside in turn): an unenrolled key never
/// outranks an enrolled one, even one enrolled later. The latest revision of
/// the key per year is taken. Returns how many took their place.
fn promouvoir_ecartes(tx: &Transaction<'_>, cle: &str, uai: &str, numero: &str, le: &str) -> rusqlite::Result<usize> {
    let candidats: Vec<(String, String)> = tx
        .prepare(
            "SELECT empreinte, annee FROM dane_ecarte WHERE cle = ?1 AND uai = ?2 AND motif = 'ecarte'
              ORDER BY annee, revision DESC, genere_le DESC",
        )?
        .query_map([cle, uai], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut promus = 0;
    let mut annee_faite = String::new();
    for (empreinte, annee) in candidats {
        if annee == annee_faite {
            continue;
        }
        annee_faite.clone_from(&annee);
        let detenteur: Option<(String, bool)> = tx
            .query_row(
                "SELECT empreinte, enrole FROM dane_diagnostic WHERE uai = ?1 AND annee = ?2",
                [uai, &annee],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match detenteur {
            Some((_, true)) => continue,
            Some((ancien, false)) => mettre_a_l_ecart(tx, &ancien, DETAIL_REMPLACE_PAR_ENROLE, le)?,
            None => {}
        }
        tx.execute(
            "INSERT INTO dane_diagnostic (empreinte, uai, annee, referentiel, enrole, niveaux, version_referentiel,
                                          revision, genere_le, statut, cle, certificat, fichier, importe_le,
                                          referentiel_numero)
             SELECT empreinte, uai, annee, referentiel, 1, niveaux, version_referentiel, revision, genere_le, statut,
                    cle, ?2, fichier, importe_le, referentiel_numero FROM dane_ecarte WHERE empreinte = ?1",
            params![empreinte, numero],
        )?;
        tx.execute(
            "INSERT INTO dane_enveloppe (empreinte, octets) SELECT empreinte, octets FROM dane_ecarte WHERE empreinte = ?1",
            [&empreinte],
        )?;
        tx.execute("DELETE FROM dane_ecarte WHERE empreinte = ?1", [&empreinte])?;
        promus += 1;
    }
    Ok(promus)
}
