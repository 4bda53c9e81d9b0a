//! Imported diagnostics: batches, reports, and what is stored per
//! establishment.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use schematic_core::import::StatutImport;
use schematic_core::{AnneeScolaire, Statut, Uai};
use schematic_dane_store::{
    ClesLot, Detenteur, DiagnosticDane, DiagnosticEcarte, DiagnosticImporte, Ecritures, EtatLot, LigneRapport, Resultat,
};
use schematic_store::base;

use crate::enrolement::mettre_a_l_ecart;
use crate::{corrompu, erreur, erreur_store};

pub(crate) fn commencer(conn: &Connection, commence_le: &str) -> Resultat<i64> {
    conn.execute("INSERT INTO dane_import (commence_le) VALUES (?1)", [commence_le]).map_err(erreur)?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn ecrire_lot(
    conn: &mut Connection,
    import: i64,
    cles: &ClesLot,
    durable: bool,
    planifier: &mut dyn FnMut(EtatLot) -> Ecritures,
) -> Resultat<()> {
    // In WAL mode, `synchronous = NORMAL` commits without syncing the log
    // (still atomic); the next commit under FULL syncs it, with every frame
    // before. A rollback journal keeps FULL: NORMAL could corrupt it.
    let differer = !durable && en_wal(conn).map_err(erreur)?;
    if differer {
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(erreur)?;
    }
    let resultat = (|| {
        let tx = base::debuter(conn).map_err(erreur_store)?;
        let etat = lire_etat(&tx, cles).map_err(erreur)?;
        let ecritures = planifier(etat);
        appliquer(&tx, import, &ecritures).map_err(erreur)?;
        base::valider(tx).map_err(erreur_store)
    })();
    if differer {
        conn.pragma_update(None, "synchronous", "FULL").map_err(erreur)?;
    }
    resultat
}

fn en_wal(conn: &Connection) -> rusqlite::Result<bool> {
    conn.pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0)).map(|m| m.eq_ignore_ascii_case("wal"))
}

fn lire_etat(tx: &Transaction<'_>, cles: &ClesLot) -> rusqlite::Result<EtatLot> {
    let mut etat = EtatLot::default();
    let mut connu = tx.prepare_cached(
        "SELECT 0 FROM dane_diagnostic WHERE empreinte = ?1 UNION ALL SELECT 1 FROM dane_ecarte WHERE empreinte = ?1",
    )?;
    let mut recu = tx.prepare_cached("SELECT recu_le FROM dane_reception WHERE empreinte = ?1")?;
    for e in &cles.empreintes {
        if let Some(ecarte) = connu.query_row([e], |r| r.get::<_, bool>(0)).optional()? {
            etat.connus.insert(e.clone(), ecarte);
        }
        if let Some(le) = recu.query_row([e], |r| r.get::<_, String>(0)).optional()? {
            etat.receptions.insert(e.clone(), le);
        }
    }
    let mut detenteur = tx.prepare_cached(
        "SELECT empreinte, cle, enrole, revision, genere_le FROM dane_diagnostic WHERE uai = ?1 AND annee = ?2",
    )?;
    for (uai, annee) in &cles.etablissements {
        let d = detenteur
            .query_row([uai, annee], |r| {
                Ok(Detenteur {
                    empreinte: r.get(0)?,
                    cle: r.get(1)?,
                    enrole: r.get(2)?,
                    revision: r.get(3)?,
                    genere_le: r.get(4)?,
                })
            })
            .optional()?;
        if let Some(d) = d {
            etat.detenteurs.insert((uai.clone(), annee.clone()), d);
        }
    }
    Ok(etat)
}

/// The number of the version `d` was answered on, recorded on first use.
pub(crate) fn numero_referentiel(tx: &Transaction<'_>, d: &DiagnosticImporte) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO dane_referentiel (empreinte, id, version) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
    )?
    .execute(params![d.empreinte_referentiel, d.referentiel, d.version_referentiel])?;
    tx.prepare_cached("SELECT numero FROM dane_referentiel WHERE empreinte = ?1")?
        .query_row([&d.empreinte_referentiel], |r| r.get(0))
}

fn appliquer(tx: &Transaction<'_>, import: i64, e: &Ecritures) -> rusqlite::Result<()> {
    let mut recevoir =
        tx.prepare_cached("INSERT INTO dane_reception (empreinte, recu_le) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?;
    for (empreinte, le) in &e.receptions {
        recevoir.execute([empreinte, le])?;
    }
    for (empreinte, ecart) in &e.mis_a_l_ecart {
        mettre_a_l_ecart(tx, empreinte, &ecart.detail, &ecart.le)?;
    }
    for empreinte in &e.retires {
        tx.prepare_cached("DELETE FROM dane_enveloppe WHERE empreinte = ?1")?.execute([empreinte])?;
        tx.prepare_cached("DELETE FROM dane_diagnostic WHERE empreinte = ?1")?.execute([empreinte])?;
    }
    for d in &e.diagnostics {
        inserer_diagnostic(tx, d)?;
    }
    for (d, ecart) in &e.ecartes {
        inserer_ecarte(tx, d, ecart.motif, &ecart.detail, &ecart.le)?;
    }
    let mut noter = tx.prepare_cached(
        "INSERT INTO dane_import_fichier (import, rang, chemin, statut, detail, uai, annee)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (import, rang) DO UPDATE SET statut = excluded.statut, detail = excluded.detail",
    )?;
    for l in &e.lignes {
        noter.execute(params![import, l.rang, l.chemin, l.statut.code(), l.detail, l.uai, l.annee])?;
    }
    Ok(())
}

/// Stores a diagnostic and its envelope.
pub(crate) fn inserer_diagnostic(tx: &Transaction<'_>, d: &DiagnosticImporte) -> rusqlite::Result<usize> {
    let numero = numero_referentiel(tx, d)?;
    tx.prepare_cached(
        "INSERT INTO dane_diagnostic (empreinte, uai, annee, referentiel, enrole, niveaux, version_referentiel,
                                      revision, genere_le, statut, cle, certificat, fichier, importe_le,
                                      referentiel_numero)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        d.empreinte,
        d.uai.as_str(),
        d.annee.to_string(),
        d.referentiel,
        d.enrole,
        d.niveaux,
        d.version_referentiel,
        d.revision,
        d.genere_le,
        d.statut.code(),
        d.cle,
        d.certificat,
        d.fichier,
        d.importe_le,
        numero
    ])?;
    tx.prepare_cached("INSERT INTO dane_enveloppe (empreinte, octets) VALUES (?1, ?2)")?
        .execute(params![d.empreinte, d.enveloppe])
}

/// Keeps a file set aside (unless its payload already is).
pub(crate) fn inserer_ecarte(
    tx: &Transaction<'_>,
    d: &DiagnosticImporte,
    motif: StatutImport,
    detail: &str,
    le: &str,
) -> rusqlite::Result<usize> {
    let numero = numero_referentiel(tx, d)?;
    tx.prepare_cached(
        "INSERT INTO dane_ecarte (empreinte, uai, annee, cle, motif, detail, fichier, ecarte_le, referentiel,
                                  version_referentiel, revision, genere_le, statut, niveaux, importe_le, octets,
                                  referentiel_numero)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) ON CONFLICT DO NOTHING",
    )?
    .execute(params![
        d.empreinte,
        d.uai.as_str(),
        d.annee.to_string(),
        d.cle,
        motif.code(),
        detail,
        d.fichier,
        le,
        d.referentiel,
        d.version_referentiel,
        d.revision,
        d.genere_le,
        d.statut.code(),
        d.niveaux,
        d.importe_le,
        d.enveloppe,
        numero
    ])
}

pub(crate) fn statut_import(code: &str) -> rusqlite::Result<StatutImport> {
    StatutImport::depuis_code(code).ok_or_else(|| corrompu(&format!("statut d’import « {code} »")))
}

pub(crate) fn statut(code: &str) -> rusqlite::Result<Statut> {
    Statut::depuis_code(code).ok_or_else(|| corrompu(&format!("statut « {code} »")))
}

pub(crate) fn annee(texte: &str) -> rusqlite::Result<AnneeScolaire> {
    texte.parse().map_err(|e: schematic_core::CoreError| corrompu(&e.to_string()))
}

pub(crate) fn rapport(conn: &Connection, import: i64) -> Resultat<Vec<LigneRapport>> {
    let mut stmt = conn
        .prepare(
            "SELECT rang, chemin, statut, detail, uai, annee FROM dane_import_fichier WHERE import = ?1 ORDER BY rang",
        )
        .map_err(erreur)?;
    let lignes = stmt
        .query_map([import], |r| {
            Ok(LigneRapport {
                rang: r.get(0)?,
                chemin: r.get(1)?,
                statut: statut_import(r.get_ref(2)?.as_str()?)?,
                detail: r.get(3)?,
                uai: r.get(4)?,
                annee: r.get(5)?,
            })
        })
        .map_err(erreur)?;
    lignes.collect::<Result<_, _>>().map_err(erreur)
}

pub(crate) fn dernier(conn: &Connection) -> Resultat<Option<i64>> {
    conn.query_row("SELECT max(id) FROM dane_import", [], |r| r.get(0)).map_err(erreur)
}

pub(crate) fn annees(conn: &Connection) -> Resultat<Vec<AnneeScolaire>> {
    let mut stmt = conn.prepare("SELECT DISTINCT annee FROM dane_diagnostic ORDER BY annee DESC").map_err(erreur)?;
    let lignes = stmt.query_map([], |r| annee(r.get_ref(0)?.as_str()?)).map_err(erreur)?;
    lignes.collect::<Result<_, _>>().map_err(erreur)
}

pub(crate) fn diagnostics(conn: &Connection, uai: &Uai) -> Resultat<Vec<DiagnosticDane>> {
    let mut stmt = conn
        .prepare(
            "SELECT d.empreinte, d.annee, d.referentiel, d.revision, d.statut, d.genere_le, d.enrole, d.niveaux,
                    d.importe_le, r.empreinte
               FROM dane_diagnostic d JOIN dane_referentiel r ON r.numero = d.referentiel_numero
              WHERE d.uai = ?1 ORDER BY d.annee DESC, d.referentiel",
        )
        .map_err(erreur)?;
    let lignes = stmt
        .query_map([uai.as_str()], |r| {
            Ok(DiagnosticDane {
                empreinte: r.get(0)?,
                annee: annee(r.get_ref(1)?.as_str()?)?,
                referentiel: r.get(2)?,
                revision: r.get(3)?,
                statut: statut(r.get_ref(4)?.as_str()?)?,
                genere_le: r.get(5)?,
                enrole: r.get(6)?,
                niveaux: r.get(7)?,
                importe_le: r.get(8)?,
                empreinte_referentiel: r.get(9)?,
            })
        })
        .map_err(erreur)?;
    lignes.collect::<Result<_, _>>().map_err(erreur)
}

pub(crate) fn ecartes(conn: &Connection, uai: &Uai) -> Resultat<Vec<DiagnosticEcarte>> {
    let mut stmt = conn
        .prepare(
            "SELECT annee, cle, motif, detail, fichier, ecarte_le FROM dane_ecarte
              WHERE uai = ?1 ORDER BY ecarte_le DESC, annee DESC",
        )
        .map_err(erreur)?;
    let lignes = stmt
        .query_map([uai.as_str()], |r| {
            Ok(DiagnosticEcarte {
                annee: annee(r.get_ref(0)?.as_str()?)?,
                cle: r.get(1)?,
                motif: statut_import(r.get_ref(2)?.as_str()?)?,
                detail: r.get(3)?,
                fichier: r.get(4)?,
                ecarte_le: r.get(5)?,
            })
        })
        .map_err(erreur)?;
    lignes.collect::<Result<_, _>>().map_err(erreur)
}

pub(crate) fn nombre_ecartes(conn: &Connection) -> Resultat<u32> {
    conn.query_row("SELECT count(*) FROM dane_ecarte", [], |r| r.get(0)).map_err(erreur)
}

pub(crate) fn referentiels(conn: &Connection) -> Resultat<Vec<(i64, String)>> {
    let mut stmt = conn.prepare("SELECT numero, empreinte FROM dane_referentiel ORDER BY numero").map_err(erreur)?;
    let lignes = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(erreur)?;
    lignes.collect::<Result<_, _>>().map_err(erreur)
}

pub(crate) fn parcourir_enveloppes(conn: &Connection, f: &mut dyn FnMut(&str, &[u8])) -> Resultat<()> {
    let mut stmt = conn.prepare("SELECT empreinte, octets FROM dane_enveloppe ORDER BY empreinte").map_err(erreur)?;
    let mut lignes = stmt.query([]).map_err(erreur)?;
    while let Some(r) = lignes.next().map_err(erreur)? {
        let empreinte = r.get_ref(0).and_then(|v| Ok(v.as_str()?)).map_err(erreur)?;
        let octets = r.get_ref(1).and_then(|v| Ok(v.as_blob()?)).map_err(erreur)?;
        f(empreinte, octets);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use schematic_store::ModeJournal;

    use super::*;
    use crate::StockageSqlite;

    fn synchrone(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap()
    }

    /// A batch written without waiting for the disk leaves the connection
    /// as it found it: every other write stays `synchronous = FULL` (2).
    #[test]
    fn a_deferred_batch_leaves_every_other_write_synchronous() {
        for journal in [ModeJournal::Wal, ModeJournal::Delete] {
            let dossier = tempfile::tempdir().unwrap();
            let mut s = StockageSqlite::ouvrir(&dossier.path().join("dane.sqlite"), journal).unwrap();
            assert_eq!(synchrone(&s.conn), 2);
            let import = commencer(&s.conn, "2026-12-03T10:00:00Z").unwrap();
            for durable in [false, true] {
                let mut vu = false;
                ecrire_lot(&mut s.conn, import, &ClesLot::default(), durable, &mut |_| {
                    vu = true;
                    Ecritures::default()
                })
                .unwrap();
                assert!(vu);
                assert_eq!(synchrone(&s.conn), 2, "{journal:?}, durable {durable}");
            }
            // A failing batch too.
            let cles = ClesLot { empreintes: vec!["x".into()], etablissements: vec![] };
            let mut ecritures = Ecritures::default();
            ecritures.lignes.push(LigneRapport {
                rang: 0,
                chemin: "a".into(),
                statut: StatutImport::Importe,
                detail: String::new(),
                uai: None,
                annee: None,
            });
            let r = ecrire_lot(&mut s.conn, import + 1000, &cles, false, &mut |_| ecritures.clone());
            assert!(r.is_err(), "an import that does not exist: the foreign key refuses the line");
            assert_eq!(synchrone(&s.conn), 2);
        }
    }
}
