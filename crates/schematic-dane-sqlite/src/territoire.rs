//! The territory queries. The grouping expressions come from a closed list;
//! filters are bound parameters.

use rusqlite::{Connection, params};
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

pub(crate) fn territoires(
    conn: &Connection,
    par: Regroupement,
    filtre: &Filtre,
    annee: AnneeScolaire,
) -> Resultat<Vec<Territoire>> {
    let (code, libelle) = expressions(par);
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {code}, {libelle}, count(*) FROM dane_annuaire a LEFT JOIN dane_circonscription c USING (uai)
              WHERE {CONDITIONS}
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

pub(crate) fn parcourir_diagnostics(
    conn: &Connection,
    annee: AnneeScolaire,
    precedente: Option<AnneeScolaire>,
    par: Regroupement,
    filtre: &Filtre,
    f: &mut dyn FnMut(DiagnosticLu<'_>),
) -> Resultat<()> {
    let (code, _) = expressions(par);
    // The circonscription is joined only when it is asked for. Rows may come
    // in any order: means are summed exactly (`schematic_core::synthese::Moyenne`).
    let (jointure, conditions) = if par == Regroupement::Circonscription || filtre.circonscription.is_some() {
        ("LEFT JOIN dane_circonscription c USING (uai)", CONDITIONS.to_string())
    } else {
        ("", CONDITIONS.replace("coalesce(c.circonscription, '')", "?3"))
    };
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT d.annee = ?5, {code}, d.referentiel_numero, d.niveaux, d.enrole
               FROM dane_diagnostic d JOIN dane_annuaire a USING (uai) {jointure}
              WHERE d.annee IN (?5, ?6) AND {conditions}"
        ))
        .map_err(erreur)?;
    let mut lignes = stmt
        .query(params![
            filtre.academie,
            filtre.departement,
            filtre.circonscription,
            filtre.famille,
            annee.to_string(),
            precedente.map(|a| a.to_string())
        ])
        .map_err(erreur)?;
    while let Some(r) = lignes.next().map_err(erreur)? {
        let lu = (|| -> rusqlite::Result<DiagnosticLu<'_>> {
            Ok(DiagnosticLu {
                annee_courante: r.get(0)?,
                territoire: r.get_ref(1)?.as_str()?,
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
