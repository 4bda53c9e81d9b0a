//! The territory queries. The grouping expressions come from a closed list;
//! filters are bound parameters.

use std::collections::HashMap;

use rusqlite::{Connection, Row, params};
use schematic_core::AnneeScolaire;
use schematic_dane_store::{DiagnosticLu, Filtre, Regroupement, Resultat, Territoire};

use crate::erreur;

/// (code, label) SQL expressions over `a` (annuaire) and `c` (circonscription).
fn expressions(par: Regroupement) -> (&'static str, &'static str) {
    match par {
        Regroupement::Academie => ("a.academie", "a.academie"),
        Regroupement::Departement => ("a.departement", "a.departement || ' — ' || a.libelle_departement"),
        Regroupement::Circonscription => ("coalesce(c.circonscription, '')", "coalesce(c.circonscription, '')"),
        Regroupement::Type => ("a.famille", "a.famille"),
        Regroupement::Etablissement => {
            ("a.uai", "a.nom || CASE WHEN a.commune <> '' THEN ' (' || a.commune || ')' ELSE '' END")
        }
    }
}

const CONDITIONS: &str = "(?1 IS NULL OR a.academie = ?1) AND (?2 IS NULL OR a.departement = ?2)
     AND (?3 IS NULL OR coalesce(c.circonscription, '') = ?3) AND (?4 IS NULL OR a.famille = ?4)";

/// The circonscription join and the conditions: the join only when the
/// grouping or a filter needs it (a lookup per establishment otherwise).
fn jointure(par: Regroupement, filtre: &Filtre) -> (&'static str, String) {
    if par == Regroupement::Circonscription || filtre.circonscription.is_some() {
        ("LEFT JOIN dane_circonscription c USING (uai)", CONDITIONS.to_string())
    } else {
        ("", CONDITIONS.replace("coalesce(c.circonscription, '')", "?3"))
    }
}

pub(crate) fn territoires(
    conn: &Connection,
    par: Regroupement,
    filtre: &Filtre,
    annee: AnneeScolaire,
) -> Resultat<Vec<Territoire>> {
    let (code, libelle) = expressions(par);
    let (jointure, conditions) = jointure(par, filtre);
    // Grouped by académie, département or type, SQLite reads only a covering
    // index of the annuaire, in grouping order (migration 0005).
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {code}, {libelle}, count(*) FROM dane_annuaire a {jointure}
              WHERE {conditions}
                AND ((a.ouvert = 1 AND a.famille <> 'autre')
                     OR EXISTS (SELECT 1 FROM dane_diagnostic d WHERE d.uai = a.uai AND d.annee = ?5))
              GROUP BY 1 ORDER BY 2"
        ))
        .map_err(erreur)?;
    let lignes = stmt
        .query_map(
            params![filtre.academie, filtre.departement, filtre.circonscription, filtre.famille, annee.to_string()],
            |r| Ok(Territoire { code: r.get(0)?, libelle: r.get(1)?, etablissements: r.get(2)? }),
        )
        .map_err(erreur)?;
    lignes.collect::<Result<_, _>>().map_err(erreur)
}

/// Column `i` of a row, as bytes.
fn octets<'r>(r: &'r Row<'_>, i: usize) -> Resultat<&'r [u8]> {
    r.get_ref(i).and_then(|v| Ok(v.as_bytes()?)).map_err(erreur)
}

/// An UAI (8 ASCII characters) as a number in the same order.
fn cle_uai(uai: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(uai.try_into().ok()?))
}

/// The establishments a filter keeps, in UAI order, each with the index of
/// its territory code; rows asked for in UAI order are found by moving
/// forward (a merge join), others by a binary search.
struct Annuaire {
    uai: Vec<(u64, usize)>,
    codes: Vec<String>,
    curseur: usize,
}

impl Annuaire {
    fn territoire(&mut self, uai: &[u8]) -> Option<usize> {
        let cle = cle_uai(uai)?;
        let debut = if self.uai.get(self.curseur).is_some_and(|(u, _)| *u <= cle) { self.curseur } else { 0 };
        let suite = &self.uai[debut..];
        // Usually the next row or the one after: a few steps, then a search.
        let pas = suite
            .iter()
            .take(4)
            .position(|(u, _)| *u >= cle)
            .unwrap_or_else(|| suite.partition_point(|(u, _)| *u < cle));
        self.curseur = debut + pas;
        match self.uai.get(self.curseur) {
            Some((u, i)) if *u == cle => Some(*i),
            _ => None,
        }
    }
}

pub(crate) fn parcourir_diagnostics(
    conn: &Connection,
    annee: AnneeScolaire,
    precedente: Option<AnneeScolaire>,
    par: Regroupement,
    filtre: &Filtre,
    f: &mut dyn FnMut(DiagnosticLu<'_>),
) -> Resultat<()> {
    let (code, _) = expressions(par);
    let (jointure, conditions) = jointure(par, filtre);
    // A merge join in memory: the establishments the filter keeps, with
    // their territory, in one pass over the annuaire (in UAI order); then the
    // diagnostics of both years from their covering index (in year, then UAI
    // order). A B-tree search of the annuaire per diagnostic cost twice as much.
    let mut annuaire = Annuaire { uai: Vec::new(), codes: Vec::new(), curseur: 0 };
    {
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT a.uai, {code} FROM dane_annuaire a {jointure} WHERE {conditions} ORDER BY a.uai"
            ))
            .map_err(erreur)?;
        let mut lignes = stmt
            .query(params![filtre.academie, filtre.departement, filtre.circonscription, filtre.famille])
            .map_err(erreur)?;
        let mut index: HashMap<String, usize> = HashMap::new();
        let codes = &mut annuaire.codes;
        while let Some(r) = lignes.next().map_err(erreur)? {
            let code = r.get_ref(1).and_then(|v| Ok(v.as_str()?)).map_err(erreur)?;
            let Some(cle) = cle_uai(octets(r, 0)?) else { continue };
            // Neighbours mostly share their territory: no hashing then.
            let i = match codes.last() {
                Some(dernier) if dernier == code => codes.len() - 1,
                _ => *index.entry(code.to_string()).or_insert_with(|| {
                    codes.push(code.to_string());
                    codes.len() - 1
                }),
            };
            annuaire.uai.push((cle, i));
        }
    }
    let mut stmt = conn
        .prepare_cached(
            "SELECT uai, annee = ?1, referentiel_numero, niveaux, enrole
               FROM dane_diagnostic WHERE annee IN (?1, ?2)",
        )
        .map_err(erreur)?;
    let mut lignes = stmt.query(params![annee.to_string(), precedente.map(|a| a.to_string())]).map_err(erreur)?;
    while let Some(r) = lignes.next().map_err(erreur)? {
        let Some(i) = annuaire.territoire(octets(r, 0)?) else {
            continue;
        };
        let lu = (|| -> rusqlite::Result<DiagnosticLu<'_>> {
            Ok(DiagnosticLu {
                annee_courante: r.get(1)?,
                territoire: &annuaire.codes[i],
                referentiel: r.get(2)?,
                niveaux: r.get_ref(3)?.as_str()?,
                enrole: r.get(4)?,
            })
        })()
        .map_err(erreur)?;
        f(lu);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Annuaire;

    #[test]
    fn the_in_memory_annuaire_finds_every_uai_in_any_order() {
        let uai = ["0010001A", "0010002B", "0330005C", "0330007E", "9740001Z"];
        let mut a = Annuaire {
            uai: uai.iter().enumerate().map(|(i, u)| (super::cle_uai(u.as_bytes()).unwrap(), i % 2)).collect(),
            codes: vec!["pair".into(), "impair".into()],
            curseur: 0,
        };
        // In order (the merge), then backwards, then out of the list.
        for (i, u) in uai.iter().enumerate().chain(uai.iter().enumerate().rev()) {
            assert_eq!(a.territoire(u.as_bytes()), Some(i % 2), "{u}");
        }
        for absent in ["0010001", "0000000A", "0010001B", "0330006D", "9999999Z", "0010001AA"] {
            assert_eq!(a.territoire(absent.as_bytes()), None, "{absent}");
        }
        assert_eq!(a.territoire(b"0330007E"), Some(1));
    }
}
