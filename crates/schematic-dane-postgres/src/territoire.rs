//! The territory queries on PostgreSQL: the same closed list of groupings
//! as the SQLite store, filters as bound parameters.

use schematic_core::AnneeScolaire;
use schematic_dane_store::{DiagnosticLu, Filtre, Regroupement, Resultat, Territoire};

use crate::{StockagePostgres, erreur};

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

const CONDITIONS: &str = "($1::text IS NULL OR a.academie = $1) AND ($2::text IS NULL OR a.departement = $2)
     AND ($3::text IS NULL OR coalesce(c.circonscription, '') = $3) AND ($4::text IS NULL OR a.famille = $4)";

/// The circonscription join and the conditions: the join only when the
/// grouping or a filter needs it.
fn jointure(par: Regroupement, filtre: &Filtre) -> (&'static str, String) {
    if par == Regroupement::Circonscription || filtre.circonscription.is_some() {
        ("LEFT JOIN dane_circonscription c USING (uai)", CONDITIONS.to_string())
    } else {
        ("", CONDITIONS.replace("coalesce(c.circonscription, '')", "$3"))
    }
}

pub(crate) fn territoires(
    s: &StockagePostgres,
    par: Regroupement,
    filtre: &Filtre,
    annee: AnneeScolaire,
) -> Resultat<Vec<Territoire>> {
    let (code, libelle) = expressions(par);
    let (jointure, conditions) = jointure(par, filtre);
    let lignes = s
        .client()?
        .query(
            &format!(
                "SELECT {code}, {libelle}, count(*) FROM dane_annuaire a {jointure}
                  WHERE {conditions}
                    AND ((a.ouvert AND a.famille <> 'autre')
                         OR EXISTS (SELECT 1 FROM dane_diagnostic d WHERE d.uai = a.uai AND d.annee = $5))
                  GROUP BY 1, 2 ORDER BY 2"
            ),
            &[&filtre.academie, &filtre.departement, &filtre.circonscription, &filtre.famille, &annee.to_string()],
        )
        .map_err(erreur)?;
    Ok(lignes
        .iter()
        .map(|r| Territoire {
            code: r.get(0),
            libelle: r.get(1),
            etablissements: u32::try_from(r.get::<_, i64>(2)).unwrap_or(u32::MAX),
        })
        .collect())
}

pub(crate) fn parcourir_diagnostics(
    s: &StockagePostgres,
    annee: AnneeScolaire,
    precedente: Option<AnneeScolaire>,
    par: Regroupement,
    filtre: &Filtre,
    f: &mut dyn FnMut(DiagnosticLu<'_>),
) -> Resultat<()> {
    let (code, _) = expressions(par);
    // The circonscription is joined only when it is asked for. Rows may come
    // in any order: means are summed exactly (`schematic_core::synthese::Moyenne`).
    let (jointure, conditions) = jointure(par, filtre);
    let lignes = s
        .client()?
        .query(
            &format!(
                "SELECT d.annee = $5, {code}, d.referentiel_numero, d.niveaux, d.enrole
                   FROM dane_diagnostic d JOIN dane_annuaire a USING (uai) {jointure}
                  WHERE d.annee IN ($5, $6) AND {conditions}"
            ),
            &[
                &filtre.academie,
                &filtre.departement,
                &filtre.circonscription,
                &filtre.famille,
                &annee.to_string(),
                &precedente.map(|a| a.to_string()),
            ],
        )
        .map_err(erreur)?;
    // (Reading the rows as they come, `query_raw`, costs more here: the
    // synchronous client waits on its runtime once per row.)
    for r in &lignes {
        f(DiagnosticLu {
            annee_courante: r.try_get(0).map_err(erreur)?,
            territoire: r.try_get(1).map_err(erreur)?,
            referentiel: r.try_get(2).map_err(erreur)?,
            niveaux: r.try_get(3).map_err(erreur)?,
            enrole: r.try_get(4).map_err(erreur)?,
        });
    }
    Ok(())
}
