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

pub(crate) fn territoires(
    s: &StockagePostgres,
    par: Regroupement,
    filtre: &Filtre,
    annee: AnneeScolaire,
) -> Resultat<Vec<Territoire>> {
    let (code, libelle) = expressions(par);
    let lignes = s
        .client()?
        .query(
            &format!(
                "SELECT {code}, {libelle}, count(*) FROM dane_annuaire a LEFT JOIN dane_circonscription c USING (uai)
                  WHERE {CONDITIONS}
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
    let (jointure, conditions) = if par == Regroupement::Circonscription || filtre.circonscription.is_some() {
        ("LEFT JOIN dane_circonscription c USING (uai)", CONDITIONS.to_string())
    } else {
        ("", CONDITIONS.replace("coalesce(c.circonscription, '')", "$3"))
    };
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
    for r in &lignes {
        f(DiagnosticLu {
            annee_courante: r.get(0),
            territoire: r.get(1),
            referentiel: r.get(2),
            niveaux: r.get(3),
            enrole: r.get(4),
        });
    }
    Ok(())
}
