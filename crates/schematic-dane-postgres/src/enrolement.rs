//! The registry of enrolled keys on PostgreSQL.

use postgres::{GenericClient, Row, Transaction};
use schematic_core::Uai;
use schematic_dane_store::lot::DETAIL_REMPLACE_PAR_ENROLE;
use schematic_dane_store::{EnrolementEnregistre, NouvelEnrolement, Resultat};

use crate::{StockagePostgres, corrompu, ecrivain, erreur};

const SELECT: &str = "SELECT numero, uai, cle, valide_du, valide_au, emis_le, revoque_a_partir_du, certificat
                        FROM dane_enrolement";

fn ligne(r: &Row) -> Resultat<EnrolementEnregistre> {
    let uai: String = r.get(1);
    Ok(EnrolementEnregistre {
        numero: r.get(0),
        uai: Uai::parse(&uai).map_err(|e| corrompu(&e.to_string()))?,
        cle: r.get(2),
        valide_du: r.get(3),
        valide_au: r.get(4),
        emis_le: r.get(5),
        revoque_a_partir_du: r.get(6),
        certificat: r.get(7),
    })
}

pub(crate) fn de_cle(s: &StockagePostgres, cle: &str) -> Resultat<Vec<EnrolementEnregistre>> {
    let mut client = s.client()?;
    let lignes = client
        .query(&format!("{SELECT} WHERE cle = $1 ORDER BY emis_le DESC, numero DESC"), &[&cle])
        .map_err(erreur)?;
    lignes.iter().map(ligne).collect()
}

pub(crate) fn tous(s: &StockagePostgres) -> Resultat<Vec<EnrolementEnregistre>> {
    let mut client = s.client()?;
    let lignes = client.query(&format!("{SELECT} ORDER BY emis_le DESC, numero DESC"), &[]).map_err(erreur)?;
    lignes.iter().map(ligne).collect()
}

pub(crate) fn enroler(
    s: &StockagePostgres,
    e: &NouvelEnrolement,
    certifier: &mut dyn FnMut(&str) -> String,
) -> Resultat<(EnrolementEnregistre, usize)> {
    let mut client = s.client()?;
    let mut tx = ecrivain(&mut client)?;
    let annee = e.valide_du.get(..4).unwrap_or("0000");
    let n: i64 = tx
        .query_one(
            "SELECT coalesce(max(substr(numero, 10)::bigint), 0) FROM dane_enrolement WHERE numero LIKE $1",
            &[&format!("SCH-{annee}-%")],
        )
        .map_err(erreur)?
        .get(0);
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
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
        &[
            &enrolement.numero,
            &enrolement.uai.as_str(),
            &enrolement.cle,
            &enrolement.valide_du,
            &enrolement.valide_au,
            &enrolement.emis_le,
            &enrolement.certificat,
        ],
    )
    .map_err(erreur)?;
    let marques = tx
        .execute(
            "UPDATE dane_diagnostic SET enrole = true, certificat = $1 WHERE cle = $2 AND uai = $3 AND NOT enrole",
            &[&numero, &e.cle, &e.uai.as_str()],
        )
        .map_err(erreur)?;
    let promus = promouvoir_ecartes(&mut tx, &e.cle, e.uai.as_str(), &numero, &e.emis_le)?;
    tx.commit().map_err(erreur)?;
    Ok((enrolement, usize::try_from(marques).unwrap_or(usize::MAX) + promus))
}

pub(crate) fn revoquer(s: &StockagePostgres, uai: &Uai, jour: &str) -> Resultat<(usize, usize)> {
    let mut client = s.client()?;
    let mut tx = ecrivain(&mut client)?;
    let diagnostics = tx
        .execute(
            "UPDATE dane_diagnostic SET enrole = false, certificat = NULL
              WHERE uai = $1
                AND substr(coalesce((SELECT recu_le FROM dane_reception r WHERE r.empreinte = dane_diagnostic.empreinte),
                                    importe_le), 1, 10) >= $2
                AND cle IN (SELECT cle FROM dane_enrolement WHERE uai = $1 AND revoque_a_partir_du IS NULL)",
            &[&uai.as_str(), &jour],
        )
        .map_err(erreur)?;
    let certificats = tx
        .execute(
            "UPDATE dane_enrolement SET revoque_a_partir_du = $2 WHERE uai = $1 AND revoque_a_partir_du IS NULL",
            &[&uai.as_str(), &jour],
        )
        .map_err(erreur)?;
    tx.commit().map_err(erreur)?;
    Ok((usize::try_from(certificats).unwrap_or(0), usize::try_from(diagnostics).unwrap_or(0)))
}

/// Moves stored diagnostics, unenrolled, aside (`detail`, at `le`), with
/// their envelopes.
pub(crate) fn mettre_a_l_ecart(
    tx: &mut impl GenericClient,
    empreintes: &[&str],
    details: &[&str],
    les: &[&str],
) -> Resultat<()> {
    if empreintes.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO dane_ecarte (empreinte, uai, annee, cle, motif, detail, fichier, ecarte_le, referentiel,
                                  version_referentiel, revision, genere_le, statut, niveaux, importe_le, octets,
                                  referentiel_numero)
         SELECT d.empreinte, d.uai, d.annee, d.cle, 'ecarte', k.detail, d.fichier, k.le, d.referentiel,
                d.version_referentiel, d.revision, d.genere_le, d.statut, d.niveaux, d.importe_le, e.octets,
                d.referentiel_numero
           FROM unnest($1::text[], $2::text[], $3::text[]) AS k (empreinte, detail, le)
           JOIN dane_diagnostic d ON d.empreinte = k.empreinte
           JOIN dane_enveloppe e ON e.empreinte = k.empreinte",
        &[&empreintes, &details, &les],
    )
    .map_err(erreur)?;
    tx.execute("DELETE FROM dane_diagnostic WHERE empreinte = ANY($1)", &[&empreintes]).map_err(erreur)?;
    Ok(())
}

/// As the SQLite store's: once a key is enrolled for `uai`, its diagnostics
/// set aside because another unenrolled key held their year take their
/// place (the latest revision per year). Returns how many did.
fn promouvoir_ecartes(tx: &mut Transaction<'_>, cle: &str, uai: &str, numero: &str, le: &str) -> Resultat<usize> {
    let candidats: Vec<(String, String)> = tx
        .query(
            "SELECT empreinte, annee FROM dane_ecarte WHERE cle = $1 AND uai = $2 AND motif = 'ecarte'
              ORDER BY annee, revision DESC, genere_le DESC",
            &[&cle, &uai],
        )
        .map_err(erreur)?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let mut promus = 0;
    let mut annee_faite = String::new();
    for (empreinte, annee) in candidats {
        if annee == annee_faite {
            continue;
        }
        annee_faite.clone_from(&annee);
        let detenteur = tx
            .query_opt("SELECT empreinte, enrole FROM dane_diagnostic WHERE uai = $1 AND annee = $2", &[&uai, &annee])
            .map_err(erreur)?
            .map(|r| (r.get::<_, String>(0), r.get::<_, bool>(1)));
        match detenteur {
            Some((_, true)) => continue,
            Some((ancien, false)) => mettre_a_l_ecart(tx, &[&ancien], &[DETAIL_REMPLACE_PAR_ENROLE], &[le])?,
            None => {}
        }
        tx.execute(
            "INSERT INTO dane_diagnostic (empreinte, uai, annee, referentiel, enrole, niveaux, version_referentiel,
                                          revision, genere_le, statut, cle, certificat, fichier, importe_le,
                                          referentiel_numero)
             SELECT empreinte, uai, annee, referentiel, true, niveaux, version_referentiel, revision, genere_le, statut,
                    cle, $2, fichier, importe_le, referentiel_numero FROM dane_ecarte WHERE empreinte = $1",
            &[&empreinte, &numero],
        )
        .map_err(erreur)?;
        tx.execute(
            "INSERT INTO dane_enveloppe (empreinte, octets) SELECT empreinte, octets FROM dane_ecarte WHERE empreinte = $1",
            &[&empreinte],
        )
        .map_err(erreur)?;
        tx.execute("DELETE FROM dane_ecarte WHERE empreinte = $1", &[&empreinte]).map_err(erreur)?;
        promus += 1;
    }
    Ok(promus)
}
