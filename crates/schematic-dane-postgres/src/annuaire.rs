//! The DANE's copy of the annuaire and the circonscriptions, on PostgreSQL.
//! A new annuaire is sent in chunks into a temporary table, compared, and
//! swapped in inside one transaction — or dropped.

use std::collections::HashMap;

use postgres::Transaction;
use schematic_core::Uai;
use schematic_core::annuaire::{EtablissementAnnuaire, famille_connue};
use schematic_dane_store::{DifferenceAnnuaire, FicheAnnuaire, RemplacementAnnuaire, Resultat};

use crate::{StockagePostgres, ecrivain, erreur};

/// Rows sent to the server at once.
const PAQUET: usize = 5000;

struct Remplacement<'c> {
    tx: Transaction<'c>,
    attente: Vec<EtablissementAnnuaire>,
}

impl Remplacement<'_> {
    fn envoyer(&mut self) -> Resultat<()> {
        if self.attente.is_empty() {
            return Ok(());
        }
        let lignes: Vec<&EtablissementAnnuaire> = self.attente.iter().collect();
        inserer(&mut self.tx, "dane_annuaire_nouveau", &lignes)?;
        self.attente.clear();
        Ok(())
    }

    fn compter(&mut self, sql: &str) -> Resultat<u32> {
        let n: i64 = self.tx.query_one(sql, &[]).map_err(erreur)?.get(0);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

impl RemplacementAnnuaire for Remplacement<'_> {
    fn ajouter(&mut self, e: &EtablissementAnnuaire) -> Resultat<()> {
        self.attente.push(e.clone());
        if self.attente.len() >= PAQUET {
            self.envoyer()?;
        }
        Ok(())
    }

    fn difference(&mut self) -> Resultat<DifferenceAnnuaire> {
        self.envoyer()?;
        // NOT EXISTS plans as an anti-join; NOT IN over a large temporary
        // table would not.
        let retires =
            "FROM dane_annuaire a WHERE NOT EXISTS (SELECT 1 FROM dane_annuaire_nouveau n WHERE n.uai = a.uai)";
        let exemples_retires = self
            .tx
            .query(&format!("SELECT uai {retires} ORDER BY uai LIMIT 5"), &[])
            .map_err(erreur)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        Ok(DifferenceAnnuaire {
            avant: self.compter("SELECT count(*) FROM dane_annuaire")?,
            apres: self.compter("SELECT count(*) FROM dane_annuaire_nouveau")?,
            ajoutes: self.compter(
                "SELECT count(*) FROM dane_annuaire_nouveau n WHERE NOT EXISTS (SELECT 1 FROM dane_annuaire a WHERE a.uai = n.uai)",
            )?,
            retires: self.compter(&format!("SELECT count(*) {retires}"))?,
            exemples_retires,
        })
    }
}

/// Adds establishments to `table` (the annuaire, or its staging copy); a
/// UAI already there is left as it is. Returns how many were added.
pub(crate) fn inserer(tx: &mut Transaction<'_>, table: &str, lignes: &[&EtablissementAnnuaire]) -> Resultat<u64> {
    if lignes.is_empty() {
        return Ok(0);
    }
    let colonne = |f: fn(&EtablissementAnnuaire) -> &str| lignes.iter().map(|e| f(e)).collect::<Vec<&str>>();
    let ouverts: Vec<bool> = lignes.iter().map(|e| e.ouvert).collect();
    tx.execute(
        &format!(
            "INSERT INTO {table} (uai, nom, type_libelle, famille, secteur, code_postal, commune, departement,
                                  libelle_departement, academie, ouvert)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                  $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[])
             ON CONFLICT (uai) DO NOTHING"
        ),
        &[
            &colonne(|e| &e.uai),
            &colonne(|e| &e.nom),
            &colonne(|e| &e.type_libelle),
            &colonne(|e| e.famille),
            &colonne(|e| &e.secteur),
            &colonne(|e| &e.code_postal),
            &colonne(|e| &e.commune),
            &colonne(|e| &e.departement),
            &colonne(|e| &e.libelle_departement),
            &colonne(|e| &e.academie),
            &ouverts,
        ],
    )
    .map_err(erreur)
}

pub(crate) fn remplacer(
    s: &StockagePostgres,
    remplir: &mut dyn FnMut(&mut dyn RemplacementAnnuaire) -> Resultat<bool>,
) -> Resultat<bool> {
    let mut client = s.client()?;
    let mut tx = ecrivain(&mut client)?;
    tx.batch_execute(
        "CREATE TEMP TABLE dane_annuaire_nouveau (LIKE dane_annuaire INCLUDING DEFAULTS, PRIMARY KEY (uai))
         ON COMMIT DROP",
    )
    .map_err(erreur)?;
    let mut r = Remplacement { tx, attente: Vec::with_capacity(PAQUET) };
    if !remplir(&mut r)? {
        // Dropped: rolled back, the temporary table with it.
        return Ok(false);
    }
    r.envoyer()?;
    r.tx.batch_execute(
        "DELETE FROM dane_annuaire;
         INSERT INTO dane_annuaire SELECT * FROM dane_annuaire_nouveau;",
    )
    .map_err(erreur)?;
    r.tx.commit().map_err(erreur)?;
    Ok(true)
}

pub(crate) fn definir_circonscriptions(s: &StockagePostgres, lignes: &[(String, String)]) -> Resultat<()> {
    let mut client = s.client()?;
    let mut tx = client.transaction().map_err(erreur)?;
    for paquet in lignes.chunks(PAQUET) {
        let uai: Vec<&str> = paquet.iter().map(|(u, _)| u.as_str()).collect();
        let circonscriptions: Vec<&str> = paquet.iter().map(|(_, c)| c.as_str()).collect();
        tx.execute(
            "INSERT INTO dane_circonscription (uai, circonscription)
             SELECT DISTINCT ON (uai) uai, c FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k (uai, c, n)
              ORDER BY uai, n DESC
             ON CONFLICT (uai) DO UPDATE SET circonscription = excluded.circonscription",
            &[&uai, &circonscriptions],
        )
        .map_err(erreur)?;
    }
    tx.commit().map_err(erreur)
}

pub(crate) fn taille(s: &StockagePostgres) -> Resultat<(u32, u32)> {
    let r = s
        .client()?
        .query_one(
            "SELECT count(*), count(c.uai) FROM dane_annuaire a LEFT JOIN dane_circonscription c USING (uai)",
            &[],
        )
        .map_err(erreur)?;
    let n = |i: usize| u32::try_from(r.get::<_, i64>(i)).unwrap_or(u32::MAX);
    Ok((n(0), n(1)))
}

pub(crate) fn fiches(s: &StockagePostgres) -> Resultat<HashMap<String, FicheAnnuaire>> {
    let lignes =
        s.client()?.query("SELECT uai, famille, departement, academie FROM dane_annuaire", &[]).map_err(erreur)?;
    Ok(lignes
        .iter()
        .map(|r| (r.get(0), FicheAnnuaire { famille: r.get(1), departement: r.get(2), academie: r.get(3) }))
        .collect())
}

pub(crate) fn etablissement(
    s: &StockagePostgres,
    uai: &Uai,
) -> Resultat<Option<(EtablissementAnnuaire, Option<String>)>> {
    let ligne = s
        .client()?
        .query_opt(
            "SELECT a.uai, a.nom, a.type_libelle, a.famille, a.secteur, a.code_postal, a.commune, a.departement,
                    a.libelle_departement, a.academie, a.ouvert, c.circonscription
               FROM dane_annuaire a LEFT JOIN dane_circonscription c USING (uai) WHERE a.uai = $1",
            &[&uai.as_str()],
        )
        .map_err(erreur)?;
    Ok(ligne.map(|r| (fiche(&r), r.get(11))))
}

/// An establishment read from the annuaire's columns, in table order.
pub(crate) fn fiche(r: &postgres::Row) -> EtablissementAnnuaire {
    EtablissementAnnuaire {
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
    }
}
