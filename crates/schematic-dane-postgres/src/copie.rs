//! Copying a DANE store to or from PostgreSQL (`schematic dane migrer`).

use postgres::{Row, Transaction};
use schematic_core::annuaire::{EtablissementAnnuaire, famille_connue};
use schematic_core::{Statut, Uai};
use schematic_dane_store::{BilanCopie, DiagnosticImporte, ElementCopie, LigneRapport, Resultat};

use crate::import::{annee, numeros_referentiels, statut_import};
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
        f(ElementCopie::Annuaire(EtablissementAnnuaire {
            uai: r.get(0),
            nom: r.get(1),
            type_libelle: r.get(2),
            famille: famille_connue(r.get(3)),
            secteur: r.get(4),
            code_postal: r.get(5),
            commune: r.get(6),
            departement: r.get(7),
            libelle_departement: r.get(8),
            academie: r.get(9),
            ouvert: r.get(10),
        }))?;
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
    let mut bilan = BilanCopie::default();
    let diagnostics = elements.iter().filter_map(|e| match e {
        ElementCopie::Diagnostic(d) | ElementCopie::Ecarte { diagnostic: d, .. } => Some(d),
        _ => None,
    });
    let numeros = numeros_referentiels(&mut tx, diagnostics)?;
    let numero = |d: &DiagnosticImporte| numeros.get(&d.empreinte_referentiel).copied().unwrap_or(0);
    for element in elements {
        let n = match element {
            ElementCopie::Enrolement(e) => tx.execute(
                "INSERT INTO dane_enrolement (numero, uai, cle, valide_du, valide_au, emis_le, revoque_a_partir_du, certificat)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                &[&e.numero, &e.uai.as_str(), &e.cle, &e.valide_du, &e.valide_au, &e.emis_le, &e.revoque_a_partir_du, &e.certificat],
            ),
            ElementCopie::Annuaire(e) => tx.execute(
                "INSERT INTO dane_annuaire (uai, nom, type_libelle, famille, secteur, code_postal, commune, departement,
                                            libelle_departement, academie, ouvert)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING",
                &[
                    &e.uai,
                    &e.nom,
                    &e.type_libelle,
                    &e.famille,
                    &e.secteur,
                    &e.code_postal,
                    &e.commune,
                    &e.departement,
                    &e.libelle_departement,
                    &e.academie,
                    &e.ouvert,
                ],
            ),
            ElementCopie::Circonscription { uai, circonscription } => tx.execute(
                "INSERT INTO dane_circonscription (uai, circonscription) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[uai, circonscription],
            ),
            ElementCopie::Reception { empreinte, recu_le } => tx.execute(
                "INSERT INTO dane_reception (empreinte, recu_le) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[empreinte, recu_le],
            ),
            ElementCopie::Diagnostic(d) => {
                let detenteur: Option<String> = tx
                    .query_opt(
                        "SELECT empreinte FROM dane_diagnostic WHERE uai = $1 AND annee = $2",
                        &[&d.uai.as_str(), &d.annee.to_string()],
                    )
                    .map_err(erreur)?
                    .map(|r| r.get(0));
                match detenteur {
                    Some(e) if e == d.empreinte => Ok(0),
                    Some(_) => {
                        bilan.en_conflit.push((d.empreinte.clone(), d.uai.to_string(), d.annee.to_string()));
                        continue;
                    }
                    None => inserer_diagnostic(&mut tx, d, numero(d)),
                }
            }
            ElementCopie::Ecarte { diagnostic: d, motif, detail, ecarte_le } => tx.execute(
                "INSERT INTO dane_ecarte (empreinte, uai, annee, cle, motif, detail, fichier, ecarte_le, referentiel,
                                          version_referentiel, revision, genere_le, statut, niveaux, importe_le, octets,
                                          referentiel_numero)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT DO NOTHING",
                &[
                    &d.empreinte,
                    &d.uai.as_str(),
                    &d.annee.to_string(),
                    &d.cle,
                    &motif.code(),
                    detail,
                    &d.fichier,
                    ecarte_le,
                    &d.referentiel,
                    &d.version_referentiel,
                    &i64::from(d.revision),
                    &d.genere_le,
                    &d.statut.code(),
                    &d.niveaux,
                    &d.importe_le,
                    &d.enveloppe,
                    &numero(d),
                ],
            ),
            ElementCopie::Import { numero, commence_le, lignes } => {
                let deja = tx
                    .query_opt("SELECT 1 FROM dane_copie WHERE source = $1 AND import_source = $2", &[&source, numero])
                    .map_err(erreur)?
                    .is_some();
                if deja { Ok(0) } else { copier_import(&mut tx, source, *numero, commence_le, lignes) }
            }
        }
        .map_err(erreur)?;
        if n > 0 {
            bilan.ecrits += 1;
        } else {
            bilan.deja += 1;
        }
    }
    tx.commit().map_err(erreur)?;
    Ok(bilan)
}

fn inserer_diagnostic(tx: &mut Transaction<'_>, d: &DiagnosticImporte, numero: i64) -> Result<u64, postgres::Error> {
    tx.execute(
        "INSERT INTO dane_diagnostic (empreinte, uai, annee, referentiel, enrole, niveaux, version_referentiel,
                                      revision, genere_le, statut, cle, certificat, fichier, importe_le, referentiel_numero)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        &[
            &d.empreinte,
            &d.uai.as_str(),
            &d.annee.to_string(),
            &d.referentiel,
            &d.enrole,
            &d.niveaux,
            &d.version_referentiel,
            &i64::from(d.revision),
            &d.genere_le,
            &d.statut.code(),
            &d.cle,
            &d.certificat,
            &d.fichier,
            &d.importe_le,
            &numero,
        ],
    )?;
    tx.execute("INSERT INTO dane_enveloppe (empreinte, octets) VALUES ($1, $2)", &[&d.empreinte, &d.enveloppe])
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
