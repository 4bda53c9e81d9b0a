//! Copying a DANE store to or from PostgreSQL (`schematic dane migrer`).

use std::collections::HashMap;

use postgres::{Row, Transaction};
use schematic_core::{Statut, Uai};
use schematic_dane_store::{BilanCopie, DiagnosticImporte, ElementCopie, EnrolementEnregistre, LigneRapport, Resultat};

use crate::import::{annee, inserer_diagnostics, inserer_ecartes, numeros_referentiels, statut_import};
use crate::{StockagePostgres, corrompu, ecrivain, enrolement, erreur};

const DIAGNOSTIC: &str = "d.empreinte, d.uai, d.annee, d.referentiel, d.version_referentiel, r.empreinte, d.revision,
                          d.genere_le, d.statut, d.cle, d.niveaux, d.fichier, d.importe_le";

fn diagnostic(r: &Row, enrole: bool, certificat: Option<String>, enveloppe: Vec<u8>) -> Resultat<DiagnosticImporte> {
    let statut: &str = r.get(8);
    Ok(DiagnosticImporte {
        empreinte: r.get(0),
        uai: Uai::parse(r.get(1)).map_err(|e| corrompu(&e.to_string()))?,
        annee: annee(r.get(2))?,
        referentiel: r.get(3),
        version_referentiel: r.get(4),
        empreinte_referentiel: r.get(5),
        revision: u32::try_from(r.get::<_, i64>(6)).unwrap_or(0),
        genere_le: r.get(7),
        statut: Statut::depuis_code(statut).ok_or_else(|| corrompu(&format!("statut « {statut} »")))?,
        cle: r.get(9),
        enrole,
        certificat,
        niveaux: r.get(10),
        fichier: r.get(11),
        importe_le: r.get(12),
        enveloppe,
    })
}

pub(crate) fn lire(s: &StockagePostgres, f: &mut dyn FnMut(ElementCopie) -> Resultat<()>) -> Resultat<()> {
    for e in enrolement::tous(s)? {
        f(ElementCopie::Enrolement(e))?;
    }
    let mut client = s.client()?;
    for r in client
        .query(
            "SELECT uai, nom, type_libelle, famille, secteur, code_postal, commune, departement, libelle_departement,
                    academie, ouvert FROM dane_annuaire ORDER BY uai",
            &[],
        )
        .map_err(erreur)?
    {
        f(ElementCopie::Annuaire(crate::annuaire::fiche(&r)))?;
    }
    for r in client.query("SELECT uai, circonscription FROM dane_circonscription ORDER BY uai", &[]).map_err(erreur)? {
        f(ElementCopie::Circonscription { uai: r.get(0), circonscription: r.get(1) })?;
    }
    for r in client.query("SELECT empreinte, recu_le FROM dane_reception ORDER BY empreinte", &[]).map_err(erreur)? {
        f(ElementCopie::Reception { empreinte: r.get(0), recu_le: r.get(1) })?;
    }
    for r in client
        .query(
            &format!(
                "SELECT {DIAGNOSTIC}, d.enrole, d.certificat, e.octets
                   FROM dane_diagnostic d JOIN dane_enveloppe e USING (empreinte)
                   JOIN dane_referentiel r ON r.numero = d.referentiel_numero ORDER BY d.empreinte"
            ),
            &[],
        )
        .map_err(erreur)?
    {
        f(ElementCopie::Diagnostic(diagnostic(&r, r.get(13), r.get(14), r.get(15))?))?;
    }
    for r in client
        .query(
            &format!(
                "SELECT {DIAGNOSTIC}, d.motif, d.detail, d.ecarte_le, d.octets
                   FROM dane_ecarte d JOIN dane_referentiel r ON r.numero = d.referentiel_numero ORDER BY d.empreinte"
            ),
            &[],
        )
        .map_err(erreur)?
    {
        f(ElementCopie::Ecarte {
            diagnostic: diagnostic(&r, false, None, r.get(16))?,
            motif: statut_import(r.get(13))?,
            detail: r.get(14),
            ecarte_le: r.get(15),
        })?;
    }
    let imports: Vec<(i64, String)> = client
        .query("SELECT id, commence_le FROM dane_import ORDER BY id", &[])
        .map_err(erreur)?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    drop(client);
    for (numero, commence_le) in imports {
        let lignes = crate::import::rapport(s, numero)?;
        f(ElementCopie::Import { numero, commence_le, lignes })?;
    }
    Ok(())
}

pub(crate) fn ecrire(s: &StockagePostgres, source: &str, elements: &[ElementCopie]) -> Resultat<BilanCopie> {
    let mut client = s.client()?;
    let mut tx = ecrivain(&mut client)?;
    let (mut enrolements, mut annuaire, mut circonscriptions, mut receptions) = (vec![], vec![], vec![], vec![]);
    let (mut diagnostics, mut ecartes, mut imports) = (vec![], vec![], vec![]);
    for element in elements {
        match element {
            ElementCopie::Enrolement(e) => enrolements.push(e),
            ElementCopie::Annuaire(e) => annuaire.push(e),
            ElementCopie::Circonscription { uai, circonscription } => circonscriptions.push((uai, circonscription)),
            ElementCopie::Reception { empreinte, recu_le } => receptions.push((empreinte, recu_le)),
            ElementCopie::Diagnostic(d) => diagnostics.push(d),
            ElementCopie::Ecarte { diagnostic, motif, detail, ecarte_le } => {
                ecartes.push((diagnostic, *motif, detail.as_str(), ecarte_le.as_str()));
            }
            ElementCopie::Import { numero, commence_le, lignes } => imports.push((*numero, commence_le, lignes)),
        }
    }
    let mut ecrits = 0;
    if !enrolements.is_empty() {
        let e = &enrolements;
        let texte = |f: fn(&EnrolementEnregistre) -> &str| e.iter().map(|x| f(x)).collect::<Vec<&str>>();
        let revoques: Vec<Option<&str>> = e.iter().map(|x| x.revoque_a_partir_du.as_deref()).collect();
        ecrits += tx
            .execute(
                "INSERT INTO dane_enrolement (numero, uai, cle, valide_du, valide_au, emis_le, revoque_a_partir_du, certificat)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                      $8::text[])
                 ON CONFLICT DO NOTHING",
                &[
                    &texte(|x| &x.numero),
                    &texte(|x| x.uai.as_str()),
                    &texte(|x| &x.cle),
                    &texte(|x| &x.valide_du),
                    &texte(|x| &x.valide_au),
                    &texte(|x| &x.emis_le),
                    &revoques,
                    &texte(|x| &x.certificat),
                ],
            )
            .map_err(erreur)?;
    }
    ecrits += crate::annuaire::inserer(&mut tx, "dane_annuaire", &annuaire)?;
    for (table, colonnes, paires) in [
        ("dane_circonscription", "uai, circonscription", &circonscriptions),
        ("dane_reception", "empreinte, recu_le", &receptions),
    ] {
        if paires.is_empty() {
            continue;
        }
        let (a, b): (Vec<&str>, Vec<&str>) = paires.iter().map(|(a, b)| (a.as_str(), b.as_str())).unzip();
        ecrits += tx
            .execute(
                &format!(
                    "INSERT INTO {table} ({colonnes}) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING"
                ),
                &[&a, &b],
            )
            .map_err(erreur)?;
    }
    let numeros = numeros_referentiels(&mut tx, diagnostics.iter().copied().chain(ecartes.iter().map(|(d, ..)| *d)))?;
    // A diagnostic whose establishment and year another one holds here is not copied.
    let (uai, annees): (Vec<&str>, Vec<String>) =
        diagnostics.iter().map(|d| (d.uai.as_str(), d.annee.to_string())).unzip();
    let detenteurs: HashMap<(String, String), String> = tx
        .query(
            "SELECT d.uai, d.annee, d.empreinte FROM unnest($1::text[], $2::text[]) AS k (uai, annee)
               JOIN dane_diagnostic d ON d.uai = k.uai AND d.annee = k.annee",
            &[&uai, &annees],
        )
        .map_err(erreur)?
        .iter()
        .map(|r| ((r.get(0), r.get(1)), r.get(2)))
        .collect();
    let mut bilan = BilanCopie::default();
    let mut a_ecrire = Vec::new();
    for d in diagnostics {
        match detenteurs.get(&(d.uai.to_string(), d.annee.to_string())) {
            Some(e) if *e == d.empreinte => {}
            Some(_) => bilan.en_conflit.push((d.empreinte.clone(), d.uai.to_string(), d.annee.to_string())),
            None => a_ecrire.push(d),
        }
    }
    ecrits += inserer_diagnostics(&mut tx, &a_ecrire, &numeros)?;
    ecrits += inserer_ecartes(&mut tx, &ecartes, &numeros)?;
    for (numero, commence_le, lignes) in imports {
        let deja = tx
            .query_opt("SELECT 1 FROM dane_copie WHERE source = $1 AND import_source = $2", &[&source, &numero])
            .map_err(erreur)?
            .is_some();
        if !deja {
            ecrits += copier_import(&mut tx, source, numero, commence_le, lignes).map_err(erreur)?;
        }
    }
    tx.commit().map_err(erreur)?;
    bilan.ecrits = ecrits;
    bilan.deja = (elements.len() as u64).saturating_sub(ecrits + bilan.en_conflit.len() as u64);
    Ok(bilan)
}

fn copier_import(
    tx: &mut Transaction<'_>,
    source: &str,
    numero: i64,
    commence_le: &str,
    lignes: &[LigneRapport],
) -> Result<u64, postgres::Error> {
    let import: i64 =
        tx.query_one("INSERT INTO dane_import (commence_le) VALUES ($1) RETURNING id", &[&commence_le])?.get(0);
    let rangs: Vec<i64> = lignes.iter().map(|l| i64::from(l.rang)).collect();
    let chemins: Vec<&str> = lignes.iter().map(|l| l.chemin.as_str()).collect();
    let statuts: Vec<&str> = lignes.iter().map(|l| l.statut.code()).collect();
    let details: Vec<&str> = lignes.iter().map(|l| l.detail.as_str()).collect();
    let uai: Vec<Option<&str>> = lignes.iter().map(|l| l.uai.as_deref()).collect();
    let annees: Vec<Option<&str>> = lignes.iter().map(|l| l.annee.as_deref()).collect();
    tx.execute(
        "INSERT INTO dane_import_fichier (import, rang, chemin, statut, detail, uai, annee)
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])",
        &[&import, &rangs, &chemins, &statuts, &details, &uai, &annees],
    )?;
    tx.execute(
        "INSERT INTO dane_copie (source, import_source, import) VALUES ($1, $2, $3)",
        &[&source, &numero, &import],
    )?;
    Ok(1)
}
