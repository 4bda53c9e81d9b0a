//! Until schema 9 of the establishment's database, the DANE space's tables
//! lived there. An installation that has them gets them copied here once,
//! whole, in one transaction, before the establishment's database drops them
//! (its migration 10, preceded by its usual backup copy).

use std::path::Path;

use schematic_dane_store::Resultat;
use schematic_store::base;

use crate::{StockageSqlite, erreur, erreur_store};

/// The tables copied, with their columns as schema 9 left them.
const TABLES: &[(&str, &str)] = &[
    ("dane_enrolement", "numero, uai, cle, valide_du, valide_au, emis_le, revoque_a_partir_du, certificat"),
    (
        "dane_annuaire",
        "uai, nom, type_libelle, famille, secteur, code_postal, commune, departement, libelle_departement, academie, ouvert",
    ),
    ("dane_circonscription", "uai, circonscription"),
    ("dane_referentiel", "numero, empreinte, id, version"),
    (
        "dane_diagnostic",
        "empreinte, uai, annee, referentiel, enrole, niveaux, version_referentiel, revision, genere_le, statut, cle, certificat, fichier, importe_le, referentiel_numero",
    ),
    ("dane_enveloppe", "empreinte, octets"),
    ("dane_reception", "empreinte, recu_le"),
    (
        "dane_ecarte",
        "empreinte, uai, annee, cle, motif, detail, fichier, ecarte_le, referentiel, version_referentiel, revision, genere_le, statut, niveaux, importe_le, octets, referentiel_numero",
    ),
    ("dane_import", "id, commence_le"),
    ("dane_import_fichier", "import, rang, chemin, statut, detail, uai, annee"),
];

/// The name of this copy in `dane_origine`.
const SOURCE: &str = "installation";

/// Copies the DANE tables of the establishment's database `base_etablissement`
/// (at schema 9) into `stockage`, unless that was done already. Returns how
/// many rows were copied (`None`: done before).
pub fn reprendre_installation(
    stockage: &mut StockageSqlite,
    base_etablissement: &Path,
    maintenant: &str,
) -> Resultat<Option<u64>> {
    let conn = &mut stockage.conn;
    let deja: bool = conn
        .query_row("SELECT count(*) > 0 FROM dane_origine WHERE source = ?1", [SOURCE], |r| r.get(0))
        .map_err(erreur)?;
    if deja {
        return Ok(None);
    }
    let chemin = base_etablissement
        .to_str()
        .ok_or_else(|| schematic_dane_store::StockageError::Base("chemin de la base non UTF-8".into()))?;
    conn.execute("ATTACH DATABASE ?1 AS ancien", [chemin]).map_err(erreur)?;
    let copie = (|| {
        let tx = base::debuter(conn).map_err(erreur_store)?;
        let mut lignes = 0u64;
        for (table, colonnes) in TABLES {
            let existe: bool = tx
                .query_row(
                    "SELECT count(*) > 0 FROM ancien.sqlite_master WHERE type = 'table' AND name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .map_err(erreur)?;
            if existe {
                let n = tx
                    .execute(
                        &format!("INSERT INTO main.{table} ({colonnes}) SELECT {colonnes} FROM ancien.{table}"),
                        [],
                    )
                    .map_err(erreur)?;
                lignes += n as u64;
            }
        }
        tx.execute("INSERT INTO dane_origine (source, copie_le) VALUES (?1, ?2)", [SOURCE, maintenant])
            .map_err(erreur)?;
        base::valider(tx).map_err(erreur_store)?;
        Ok(lignes)
    })();
    conn.execute("DETACH DATABASE ancien", []).map_err(erreur)?;
    copie.map(Some)
}
