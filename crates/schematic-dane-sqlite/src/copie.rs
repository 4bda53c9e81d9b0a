//! Copying a DANE store, row by row (`schematic dane migrer`).

use rusqlite::{Connection, OptionalExtension, params};
use schematic_core::Uai;
use schematic_core::annuaire::{EtablissementAnnuaire, famille_connue};
use schematic_dane_store::{BilanCopie, DiagnosticImporte, ElementCopie, Resultat};
use schematic_store::base;

use crate::enrolement;
use crate::import::{annee, inserer_diagnostic, inserer_ecarte, statut, statut_import};
use crate::{corrompu, erreur, erreur_store};

const DIAGNOSTIC: &str = "d.empreinte, d.uai, d.annee, d.referentiel, d.version_referentiel, r.empreinte, d.revision,
                          d.genere_le, d.statut, d.cle, d.niveaux, d.fichier, d.importe_le";

/// A diagnostic read from the columns of [`DIAGNOSTIC`] (then whatever
/// follows from index 13).
fn diagnostic(
    r: &rusqlite::Row<'_>,
    enrole: bool,
    certificat: Option<String>,
    enveloppe: Vec<u8>,
) -> rusqlite::Result<DiagnosticImporte> {
    let uai: String = r.get(1)?;
    Ok(DiagnosticImporte {
        empreinte: r.get(0)?,
        uai: Uai::parse(&uai).map_err(|e| corrompu(&e.to_string()))?,
        annee: annee(r.get_ref(2)?.as_str()?)?,
        referentiel: r.get(3)?,
        version_referentiel: r.get(4)?,
        empreinte_referentiel: r.get(5)?,
        revision: r.get(6)?,
        genere_le: r.get(7)?,
        statut: statut(r.get_ref(8)?.as_str()?)?,
        cle: r.get(9)?,
        enrole,
        certificat,
        niveaux: r.get(10)?,
        fichier: r.get(11)?,
        importe_le: r.get(12)?,
        enveloppe,
    })
}

pub(crate) fn lire(conn: &Connection, f: &mut dyn FnMut(ElementCopie) -> Resultat<()>) -> Resultat<()> {
    for e in enrolement::tous(conn)? {
        f(ElementCopie::Enrolement(e))?;
    }
    let mut stmt = conn
        .prepare(
            "SELECT uai, nom, type_libelle, famille, secteur, code_postal, commune, departement, libelle_departement,
                    academie, ouvert FROM dane_annuaire ORDER BY uai",
        )
        .map_err(erreur)?;
    let mut lignes = stmt.query([]).map_err(erreur)?;
    while let Some(r) = lignes.next().map_err(erreur)? {
        let e = (|| -> rusqlite::Result<EtablissementAnnuaire> {
            Ok(EtablissementAnnuaire {
                uai: r.get(0)?,
                nom: r.get(1)?,
                type_libelle: r.get(2)?,
                famille: famille_connue(r.get_ref(3)?.as_str()?),
                secteur: r.get(4)?,
                code_postal: r.get(5)?,
                commune: r.get(6)?,
                departement: r.get(7)?,
                libelle_departement: r.get(8)?,
                academie: r.get(9)?,
                ouvert: r.get(10)?,
            })
        })()
        .map_err(erreur)?;
        f(ElementCopie::Annuaire(e))?;
    }
    let mut stmt =
        conn.prepare("SELECT uai, circonscription FROM dane_circonscription ORDER BY uai").map_err(erreur)?;
    let mut lignes = stmt.query([]).map_err(erreur)?;
    while let Some(r) = lignes.next().map_err(erreur)? {
        let (uai, circonscription) = (r.get(0).map_err(erreur)?, r.get(1).map_err(erreur)?);
        f(ElementCopie::Circonscription { uai, circonscription })?;
    }
    let mut stmt = conn.prepare("SELECT empreinte, recu_le FROM dane_reception ORDER BY empreinte").map_err(erreur)?;
    let mut lignes = stmt.query([]).map_err(erreur)?;
    while let Some(r) = lignes.next().map_err(erreur)? {
        let (empreinte, recu_le) = (r.get(0).map_err(erreur)?, r.get(1).map_err(erreur)?);
        f(ElementCopie::Reception { empreinte, recu_le })?;
    }
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {DIAGNOSTIC}, d.enrole, d.certificat, e.octets
               FROM dane_diagnostic d JOIN dane_enveloppe e USING (empreinte)
               JOIN dane_referentiel r ON r.numero = d.referentiel_numero ORDER BY d.empreinte"
        ))
        .map_err(erreur)?;
    let mut lignes = stmt.query([]).map_err(erreur)?;
    while let Some(r) = lignes.next().map_err(erreur)? {
        let d = diagnostic(r, r.get(13).map_err(erreur)?, r.get(14).map_err(erreur)?, r.get(15).map_err(erreur)?)
            .map_err(erreur)?;
        f(ElementCopie::Diagnostic(d))?;
    }
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {DIAGNOSTIC}, d.motif, d.detail, d.ecarte_le, d.octets
               FROM dane_ecarte d JOIN dane_referentiel r ON r.numero = d.referentiel_numero ORDER BY d.empreinte"
        ))
        .map_err(erreur)?;
    let mut lignes = stmt.query([]).map_err(erreur)?;
    while let Some(r) = lignes.next().map_err(erreur)? {
        let element = (|| -> rusqlite::Result<ElementCopie> {
            Ok(ElementCopie::Ecarte {
                diagnostic: diagnostic(r, false, None, r.get(16)?)?,
                motif: statut_import(r.get_ref(13)?.as_str()?)?,
                detail: r.get(14)?,
                ecarte_le: r.get(15)?,
            })
        })()
        .map_err(erreur)?;
        f(element)?;
    }
    let imports: Vec<(i64, String)> = conn
        .prepare("SELECT id, commence_le FROM dane_import ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .map_err(erreur)?;
    for (numero, commence_le) in imports {
        let lignes = crate::import::rapport(conn, numero)?;
        f(ElementCopie::Import { numero, commence_le, lignes })?;
    }
    Ok(())
}

pub(crate) fn ecrire(conn: &mut Connection, source: &str, elements: &[ElementCopie]) -> Resultat<BilanCopie> {
    let tx = base::debuter(conn).map_err(erreur_store)?;
    let mut bilan = BilanCopie::default();
    let mut compter = |n: usize| {
        if n > 0 {
            bilan.ecrits += 1;
        } else {
            bilan.deja += 1;
        }
    };
    let mut conflits = Vec::new();
    for element in elements {
        let n = match element {
            ElementCopie::Enrolement(e) => tx.execute(
                "INSERT INTO dane_enrolement (numero, uai, cle, valide_du, valide_au, emis_le, revoque_a_partir_du, certificat)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
                params![e.numero, e.uai.as_str(), e.cle, e.valide_du, e.valide_au, e.emis_le, e.revoque_a_partir_du, e.certificat],
            ),
            ElementCopie::Annuaire(e) => crate::annuaire::inserer(&tx, "dane_annuaire", e),
            ElementCopie::Circonscription { uai, circonscription } => tx.execute(
                "INSERT INTO dane_circonscription (uai, circonscription) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                [uai, circonscription],
            ),
            ElementCopie::Reception { empreinte, recu_le } => tx.execute(
                "INSERT INTO dane_reception (empreinte, recu_le) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                [empreinte, recu_le],
            ),
            ElementCopie::Diagnostic(d) => {
                let detenteur: Option<String> = tx
                    .query_row(
                        "SELECT empreinte FROM dane_diagnostic WHERE uai = ?1 AND annee = ?2",
                        [d.uai.as_str(), &d.annee.to_string()],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(erreur)?;
                match detenteur {
                    Some(e) if e == d.empreinte => Ok(0),
                    Some(_) => {
                        conflits.push((d.empreinte.clone(), d.uai.to_string(), d.annee.to_string()));
                        continue;
                    }
                    None => inserer_diagnostic(&tx, d),
                }
            }
            ElementCopie::Ecarte { diagnostic: d, motif, detail, ecarte_le } => {
                inserer_ecarte(&tx, d, *motif, detail, ecarte_le)
            }
            ElementCopie::Import { numero, commence_le, lignes } => {
                let deja: bool = tx
                    .query_row(
                        "SELECT count(*) > 0 FROM dane_copie WHERE source = ?1 AND import_source = ?2",
                        params![source, numero],
                        |r| r.get(0),
                    )
                    .map_err(erreur)?;
                if deja {
                    Ok(0)
                } else {
                    copier_import(&tx, source, *numero, commence_le, lignes).map(|()| 1)
                }
            }
        }
        .map_err(erreur)?;
        compter(n);
    }
    base::valider(tx).map_err(erreur_store)?;
    bilan.en_conflit = conflits;
    Ok(bilan)
}

fn copier_import(
    tx: &rusqlite::Transaction<'_>,
    source: &str,
    numero: i64,
    commence_le: &str,
    lignes: &[schematic_dane_store::LigneRapport],
) -> rusqlite::Result<()> {
    tx.execute("INSERT INTO dane_import (commence_le) VALUES (?1)", [commence_le])?;
    let import = tx.last_insert_rowid();
    let mut noter = tx.prepare_cached(
        "INSERT INTO dane_import_fichier (import, rang, chemin, statut, detail, uai, annee) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for l in lignes {
        noter.execute(params![import, l.rang, l.chemin, l.statut.code(), l.detail, l.uai, l.annee])?;
    }
    tx.execute(
        "INSERT INTO dane_copie (source, import_source, import) VALUES (?1, ?2, ?3)",
        params![source, numero, import],
    )?;
    Ok(())
}
