//! Imported diagnostics on PostgreSQL: a batch reads its state and writes
//! its changes with a few set-based statements, under the writers' lock.

use std::collections::HashMap;

use postgres::{GenericClient, Row, Transaction};
use schematic_core::import::StatutImport;
use schematic_core::{AnneeScolaire, Statut, Uai};
use schematic_dane_store::{
    ClesLot, Detenteur, DiagnosticDane, DiagnosticEcarte, DiagnosticImporte, Ecritures, EtatLot, LigneRapport, Resultat,
};

use crate::enrolement::mettre_a_l_ecart;
use crate::{StockagePostgres, corrompu, ecrivain, erreur};

pub(crate) fn commencer(s: &StockagePostgres, commence_le: &str) -> Resultat<i64> {
    let r = s
        .client()?
        .query_one("INSERT INTO dane_import (commence_le) VALUES ($1) RETURNING id", &[&commence_le])
        .map_err(erreur)?;
    Ok(r.get(0))
}

pub(crate) fn ecrire_lot(
    s: &StockagePostgres,
    import: i64,
    cles: &ClesLot,
    durable: bool,
    planifier: &mut dyn FnMut(EtatLot) -> Ecritures,
) -> Resultat<()> {
    let mut client = s.client()?;
    let mut tx = ecrivain(&mut client)?;
    if !durable {
        // This transaction only: its commit does not wait for the WAL to
        // reach the disk; the next synchronous commit flushes it too.
        tx.batch_execute("SET LOCAL synchronous_commit = off").map_err(erreur)?;
    }
    let etat = lire_etat(&mut tx, cles)?;
    let ecritures = planifier(etat);
    appliquer(&mut tx, import, &ecritures)?;
    tx.commit().map_err(erreur)
}

/// The tables an import or a copy fills, vacuumed and analysed: the
/// visibility map set (the territory queries then read only an index) and
/// the planner's statistics refreshed, now rather than by the autovacuum
/// later (until then the queries would be planned for the tables' old size,
/// and share the cores with the autovacuum when it comes). A second or so
/// for a national year. `VACUUM` cannot run in a transaction: on its own.
pub(crate) fn entretenir(s: &StockagePostgres) -> Resultat<()> {
    s.client()?
        .batch_execute(
            "VACUUM (ANALYZE) dane_diagnostic, dane_enveloppe, dane_reception, dane_import_fichier, dane_ecarte,
                              dane_enrolement, dane_annuaire, dane_circonscription",
        )
        .map_err(erreur)
}

fn lire_etat(tx: &mut Transaction<'_>, cles: &ClesLot) -> Resultat<EtatLot> {
    let mut etat = EtatLot::default();
    for r in tx
        .query(
            "SELECT empreinte, false FROM dane_diagnostic WHERE empreinte = ANY($1)
             UNION ALL SELECT empreinte, true FROM dane_ecarte WHERE empreinte = ANY($1)",
            &[&cles.empreintes],
        )
        .map_err(erreur)?
    {
        etat.connus.insert(r.get(0), r.get(1));
    }
    for r in tx
        .query("SELECT empreinte, recu_le FROM dane_reception WHERE empreinte = ANY($1)", &[&cles.empreintes])
        .map_err(erreur)?
    {
        etat.receptions.insert(r.get(0), r.get(1));
    }
    let (uai, annees): (Vec<&str>, Vec<&str>) =
        cles.etablissements.iter().map(|(u, a)| (u.as_str(), a.as_str())).unzip();
    for r in tx
        .query(
            "SELECT d.uai, d.annee, d.empreinte, d.cle, d.enrole, d.revision, d.genere_le
               FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) AS k (uai, annee)) k
               JOIN dane_diagnostic d ON d.uai = k.uai AND d.annee = k.annee",
            &[&uai, &annees],
        )
        .map_err(erreur)?
    {
        etat.detenteurs.insert(
            (r.get(0), r.get(1)),
            Detenteur {
                empreinte: r.get(2),
                cle: r.get(3),
                enrole: r.get(4),
                revision: u32::try_from(r.get::<_, i64>(5)).unwrap_or(0),
                genere_le: r.get(6),
            },
        );
    }
    Ok(etat)
}

/// The numbers of the referential versions `diagnostics` were answered on,
/// recorded on first use.
pub(crate) fn numeros_referentiels<'d>(
    tx: &mut Transaction<'_>,
    diagnostics: impl Iterator<Item = &'d DiagnosticImporte> + Clone,
) -> Resultat<HashMap<String, i64>> {
    let empreintes: Vec<&str> = diagnostics.clone().map(|d| d.empreinte_referentiel.as_str()).collect();
    if empreintes.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<&str> = diagnostics.clone().map(|d| d.referentiel.as_str()).collect();
    let versions: Vec<&str> = diagnostics.map(|d| d.version_referentiel.as_str()).collect();
    tx.execute(
        "INSERT INTO dane_referentiel (empreinte, id, version)
         SELECT DISTINCT ON (empreinte) * FROM unnest($1::text[], $2::text[], $3::text[]) AS k (empreinte, id, version)
         ORDER BY empreinte ON CONFLICT (empreinte) DO NOTHING",
        &[&empreintes, &ids, &versions],
    )
    .map_err(erreur)?;
    Ok(tx
        .query("SELECT empreinte, numero FROM dane_referentiel WHERE empreinte = ANY($1)", &[&empreintes])
        .map_err(erreur)?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
}

fn appliquer(tx: &mut Transaction<'_>, import: i64, e: &Ecritures) -> Resultat<()> {
    if !e.receptions.is_empty() {
        let (empreintes, les): (Vec<&str>, Vec<&str>) =
            e.receptions.iter().map(|(a, b)| (a.as_str(), b.as_str())).unzip();
        tx.execute(
            "INSERT INTO dane_reception (empreinte, recu_le) SELECT * FROM unnest($1::text[], $2::text[])
             ON CONFLICT DO NOTHING",
            &[&empreintes, &les],
        )
        .map_err(erreur)?;
    }
    let ecartes: Vec<&str> = e.mis_a_l_ecart.iter().map(|(x, _)| x.as_str()).collect();
    let details: Vec<&str> = e.mis_a_l_ecart.iter().map(|(_, m)| m.detail.as_str()).collect();
    let les: Vec<&str> = e.mis_a_l_ecart.iter().map(|(_, m)| m.le.as_str()).collect();
    mettre_a_l_ecart(tx, &ecartes, &details, &les)?;
    if !e.retires.is_empty() {
        tx.execute("DELETE FROM dane_diagnostic WHERE empreinte = ANY($1)", &[&e.retires]).map_err(erreur)?;
    }
    let numeros = numeros_referentiels(tx, e.diagnostics.iter().chain(e.ecartes.iter().map(|(d, _)| d)))?;
    let diagnostics: Vec<&DiagnosticImporte> = e.diagnostics.iter().collect();
    inserer_diagnostics(tx, &diagnostics, &numeros)?;
    let ecartes: Vec<Ecart<'_>> =
        e.ecartes.iter().map(|(d, m)| (d, m.motif, m.detail.as_str(), m.le.as_str())).collect();
    inserer_ecartes(tx, &ecartes, &numeros)?;
    noter(tx, import, &e.lignes)
}

/// A file to set aside: the diagnostic, why, the sentence, when.
pub(crate) type Ecart<'a> = (&'a DiagnosticImporte, StatutImport, &'a str, &'a str);

/// Stores diagnostics and their envelopes (`numeros`: their referential
/// versions' numbers). Returns how many.
pub(crate) fn inserer_diagnostics(
    tx: &mut Transaction<'_>,
    d: &[&DiagnosticImporte],
    numeros: &HashMap<String, i64>,
) -> Resultat<u64> {
    if d.is_empty() {
        return Ok(0);
    }
    let texte = |f: fn(&DiagnosticImporte) -> &str| d.iter().map(|x| f(x)).collect::<Vec<&str>>();
    let annees: Vec<String> = d.iter().map(|x| x.annee.to_string()).collect();
    let enroles: Vec<bool> = d.iter().map(|x| x.enrole).collect();
    let revisions: Vec<i64> = d.iter().map(|x| i64::from(x.revision)).collect();
    let certificats: Vec<Option<&str>> = d.iter().map(|x| x.certificat.as_deref()).collect();
    let numeros: Vec<i64> = d.iter().map(|x| numeros.get(&x.empreinte_referentiel).copied().unwrap_or(0)).collect();
    let n = tx
        .execute(
            "INSERT INTO dane_diagnostic (empreinte, uai, annee, referentiel, enrole, niveaux, version_referentiel,
                                          revision, genere_le, statut, cle, certificat, fichier, importe_le,
                                          referentiel_numero)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[],
                                  $7::text[], $8::bigint[], $9::text[], $10::text[], $11::text[], $12::text[],
                                  $13::text[], $14::text[], $15::bigint[])",
            &[
                &texte(|x| &x.empreinte),
                &texte(|x| x.uai.as_str()),
                &annees,
                &texte(|x| &x.referentiel),
                &enroles,
                &texte(|x| &x.niveaux),
                &texte(|x| &x.version_referentiel),
                &revisions,
                &texte(|x| &x.genere_le),
                &texte(|x| x.statut.code()),
                &texte(|x| &x.cle),
                &certificats,
                &texte(|x| &x.fichier),
                &texte(|x| &x.importe_le),
                &numeros,
            ],
        )
        .map_err(erreur)?;
    let octets: Vec<&[u8]> = d.iter().map(|x| x.enveloppe.as_slice()).collect();
    tx.execute(
        "INSERT INTO dane_enveloppe (empreinte, octets) SELECT * FROM unnest($1::text[], $2::bytea[])",
        &[&texte(|x| &x.empreinte), &octets],
    )
    .map_err(erreur)?;
    Ok(n)
}

/// Keeps files set aside (those already kept are left as they are).
/// Returns how many were written.
pub(crate) fn inserer_ecartes<'a>(
    tx: &mut Transaction<'_>,
    e: &[Ecart<'a>],
    numeros: &HashMap<String, i64>,
) -> Resultat<u64> {
    if e.is_empty() {
        return Ok(0);
    }
    let texte = |f: fn(&Ecart<'a>) -> &'a str| e.iter().map(f).collect::<Vec<&'a str>>();
    let annees: Vec<String> = e.iter().map(|(x, ..)| x.annee.to_string()).collect();
    let revisions: Vec<i64> = e.iter().map(|(x, ..)| i64::from(x.revision)).collect();
    let octets: Vec<&[u8]> = e.iter().map(|(x, ..)| x.enveloppe.as_slice()).collect();
    let numeros: Vec<i64> =
        e.iter().map(|(x, ..)| numeros.get(&x.empreinte_referentiel).copied().unwrap_or(0)).collect();
    tx.execute(
        "INSERT INTO dane_ecarte (empreinte, uai, annee, cle, motif, detail, fichier, ecarte_le, referentiel,
                                  version_referentiel, revision, genere_le, statut, niveaux, importe_le, octets,
                                  referentiel_numero)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[],
                              $14::text[], $15::text[], $16::bytea[], $17::bigint[])
         ON CONFLICT DO NOTHING",
        &[
            &texte(|&(x, ..)| &x.empreinte),
            &texte(|&(x, ..)| x.uai.as_str()),
            &annees,
            &texte(|&(x, ..)| &x.cle),
            &texte(|&(_, m, ..)| m.code()),
            &texte(|&(_, _, detail, _)| detail),
            &texte(|&(x, ..)| &x.fichier),
            &texte(|&(.., le)| le),
            &texte(|&(x, ..)| &x.referentiel),
            &texte(|&(x, ..)| &x.version_referentiel),
            &revisions,
            &texte(|&(x, ..)| &x.genere_le),
            &texte(|&(x, ..)| x.statut.code()),
            &texte(|&(x, ..)| &x.niveaux),
            &texte(|&(x, ..)| &x.importe_le),
            &octets,
            &numeros,
        ],
    )
    .map_err(erreur)
}

/// Writes the report lines; a rank written twice in the batch keeps its
/// first path and the last status (an upsert may not touch a row twice).
fn noter(tx: &mut impl GenericClient, import: i64, lignes: &[LigneRapport]) -> Resultat<()> {
    if lignes.is_empty() {
        return Ok(());
    }
    let mut fusion: Vec<LigneRapport> = Vec::with_capacity(lignes.len());
    let mut index: HashMap<u32, usize> = HashMap::new();
    for l in lignes {
        match index.get(&l.rang) {
            Some(&i) => {
                fusion[i].statut = l.statut;
                fusion[i].detail.clone_from(&l.detail);
            }
            None => {
                index.insert(l.rang, fusion.len());
                fusion.push(l.clone());
            }
        }
    }
    let rangs: Vec<i64> = fusion.iter().map(|l| i64::from(l.rang)).collect();
    let chemins: Vec<&str> = fusion.iter().map(|l| l.chemin.as_str()).collect();
    let statuts: Vec<&str> = fusion.iter().map(|l| l.statut.code()).collect();
    let details: Vec<&str> = fusion.iter().map(|l| l.detail.as_str()).collect();
    let uai: Vec<Option<&str>> = fusion.iter().map(|l| l.uai.as_deref()).collect();
    let annees: Vec<Option<&str>> = fusion.iter().map(|l| l.annee.as_deref()).collect();
    tx.execute(
        "INSERT INTO dane_import_fichier (import, rang, chemin, statut, detail, uai, annee)
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         ON CONFLICT (import, rang) DO UPDATE SET statut = excluded.statut, detail = excluded.detail",
        &[&import, &rangs, &chemins, &statuts, &details, &uai, &annees],
    )
    .map_err(erreur)?;
    Ok(())
}

pub(crate) fn statut_import(code: &str) -> Resultat<StatutImport> {
    StatutImport::depuis_code(code).ok_or_else(|| corrompu(&format!("statut d’import « {code} »")))
}

pub(crate) fn annee(texte: &str) -> Resultat<AnneeScolaire> {
    texte.parse().map_err(|e: schematic_core::CoreError| corrompu(&e.to_string()))
}

pub(crate) fn rapport(s: &StockagePostgres, import: i64) -> Resultat<Vec<LigneRapport>> {
    let lignes = s
        .client()?
        .query(
            "SELECT rang, chemin, statut, detail, uai, annee FROM dane_import_fichier WHERE import = $1 ORDER BY rang",
            &[&import],
        )
        .map_err(erreur)?;
    lignes
        .iter()
        .map(|r| {
            Ok(LigneRapport {
                rang: u32::try_from(r.get::<_, i64>(0)).unwrap_or(u32::MAX),
                chemin: r.get(1),
                statut: statut_import(r.get(2))?,
                detail: r.get(3),
                uai: r.get(4),
                annee: r.get(5),
            })
        })
        .collect()
}

pub(crate) fn dernier(s: &StockagePostgres) -> Resultat<Option<i64>> {
    Ok(s.client()?.query_one("SELECT max(id) FROM dane_import", &[]).map_err(erreur)?.get(0))
}

pub(crate) fn annees(s: &StockagePostgres) -> Resultat<Vec<AnneeScolaire>> {
    let lignes =
        s.client()?.query("SELECT DISTINCT annee FROM dane_diagnostic ORDER BY annee DESC", &[]).map_err(erreur)?;
    lignes.iter().map(|r| annee(r.get(0))).collect()
}

fn diagnostic(r: &Row) -> Resultat<DiagnosticDane> {
    let statut: &str = r.get(4);
    Ok(DiagnosticDane {
        empreinte: r.get(0),
        annee: annee(r.get(1))?,
        referentiel: r.get(2),
        revision: u32::try_from(r.get::<_, i64>(3)).unwrap_or(0),
        statut: Statut::depuis_code(statut).ok_or_else(|| corrompu(&format!("statut « {statut} »")))?,
        genere_le: r.get(5),
        enrole: r.get(6),
        niveaux: r.get(7),
        importe_le: r.get(8),
        empreinte_referentiel: r.get(9),
    })
}

pub(crate) fn diagnostics(s: &StockagePostgres, uai: &Uai) -> Resultat<Vec<DiagnosticDane>> {
    let lignes = s
        .client()?
        .query(
            "SELECT d.empreinte, d.annee, d.referentiel, d.revision, d.statut, d.genere_le, d.enrole, d.niveaux,
                    d.importe_le, r.empreinte
               FROM dane_diagnostic d JOIN dane_referentiel r ON r.numero = d.referentiel_numero
              WHERE d.uai = $1 ORDER BY d.annee DESC, d.referentiel",
            &[&uai.as_str()],
        )
        .map_err(erreur)?;
    lignes.iter().map(diagnostic).collect()
}

pub(crate) fn ecartes(s: &StockagePostgres, uai: &Uai) -> Resultat<Vec<DiagnosticEcarte>> {
    let lignes = s
        .client()?
        .query(
            "SELECT annee, cle, motif, detail, fichier, ecarte_le FROM dane_ecarte
              WHERE uai = $1 ORDER BY ecarte_le DESC, annee DESC",
            &[&uai.as_str()],
        )
        .map_err(erreur)?;
    lignes
        .iter()
        .map(|r| {
            Ok(DiagnosticEcarte {
                annee: annee(r.get(0))?,
                cle: r.get(1),
                motif: statut_import(r.get(2))?,
                detail: r.get(3),
                fichier: r.get(4),
                ecarte_le: r.get(5),
            })
        })
        .collect()
}

pub(crate) fn nombre_ecartes(s: &StockagePostgres) -> Resultat<u32> {
    let n: i64 = s.client()?.query_one("SELECT count(*) FROM dane_ecarte", &[]).map_err(erreur)?.get(0);
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub(crate) fn referentiels(s: &StockagePostgres) -> Resultat<Vec<(i64, String)>> {
    let lignes =
        s.client()?.query("SELECT numero, empreinte FROM dane_referentiel ORDER BY numero", &[]).map_err(erreur)?;
    Ok(lignes.iter().map(|r| (r.get(0), r.get(1))).collect())
}

pub(crate) fn parcourir_enveloppes(s: &StockagePostgres, f: &mut dyn FnMut(&str, &[u8])) -> Resultat<()> {
    let mut client = s.client()?;
    let mut tx = client.transaction().map_err(erreur)?;
    let portail = tx.bind("SELECT empreinte, octets FROM dane_enveloppe ORDER BY empreinte", &[]).map_err(erreur)?;
    loop {
        let lignes = tx.query_portal(&portail, 1000).map_err(erreur)?;
        if lignes.is_empty() {
            break;
        }
        for r in &lignes {
            f(r.get(0), r.get(1));
        }
    }
    tx.commit().map_err(erreur)
}
