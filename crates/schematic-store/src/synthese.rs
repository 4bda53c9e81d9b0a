//! The DANE's territory queries. The grouping expressions come from a closed
//! list; filters are bound parameters.

use rusqlite::params;

use crate::error::StoreError;
use crate::store::Store;

/// How establishments are grouped into territories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regroupement {
    Academie,
    Departement,
    Circonscription,
    Type,
    Etablissement,
}

impl Regroupement {
    /// (code, label) SQL expressions over `a` (annuaire) and `c` (circonscription).
    fn expressions(self) -> (&'static str, &'static str) {
        match self {
            Self::Academie => ("a.academie", "a.academie"),
            Self::Departement => ("a.departement", "a.departement || ' — ' || a.libelle_departement"),
            Self::Circonscription => ("coalesce(c.circonscription, '')", "coalesce(c.circonscription, '')"),
            Self::Type => ("a.famille", "a.famille"),
            Self::Etablissement => {
                ("a.uai", "a.nom || CASE WHEN a.commune <> '' THEN ' (' || a.commune || ')' ELSE '' END")
            }
        }
    }
}

/// Restricts a query to part of the annuaire; `None` keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filtre {
    pub academie: Option<String>,
    pub departement: Option<String>,
    pub circonscription: Option<String>,
    pub famille: Option<String>,
}

const CONDITIONS: &str = "(?1 IS NULL OR a.academie = ?1) AND (?2 IS NULL OR a.departement = ?2)
     AND (?3 IS NULL OR coalesce(c.circonscription, '') = ?3) AND (?4 IS NULL OR a.famille = ?4)";

/// A territory and how many establishments it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Territoire {
    pub code: String,
    pub libelle: String,
    pub etablissements: u32,
}

impl Store {
    /// The territories of the annuaire and their establishments: open ones of
    /// the families SchémaTIC serves, plus any other with a diagnostic for
    /// `annee` (so that a rate never exceeds 100 %).
    pub fn territoires(&self, par: Regroupement, filtre: &Filtre, annee: &str) -> Result<Vec<Territoire>, StoreError> {
        let (code, libelle) = par.expressions();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {code}, {libelle}, count(*) FROM dane_annuaire a LEFT JOIN dane_circonscription c USING (uai)
              WHERE {CONDITIONS}
                AND ((a.ouvert = 1 AND a.famille <> 'autre')
                     OR EXISTS (SELECT 1 FROM dane_diagnostic d WHERE d.uai = a.uai AND d.annee = ?5))
              GROUP BY 1 ORDER BY 2"
        ))?;
        let lignes = stmt.query_map(
            params![filtre.academie, filtre.departement, filtre.circonscription, filtre.famille, annee],
            |r| Ok(Territoire { code: r.get(0)?, libelle: r.get(1)?, etablissements: r.get(2)? }),
        )?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    /// Calls `f(year, code of the territory, number of the referential
    /// version answered, niveaux, enrolled)`
    /// for each diagnostic of `annees` (one or two school years, read in one
    /// pass) in the filtered annuaire.
    pub fn parcourir_diagnostics(
        &self,
        annees: (&str, &str),
        par: Regroupement,
        filtre: &Filtre,
        mut f: impl FnMut(&str, &str, i64, &str, bool),
    ) -> Result<(), StoreError> {
        let (code, _) = par.expressions();
        // The circonscription is joined only when it is asked for.
        let (jointure, conditions) = if par == Regroupement::Circonscription || filtre.circonscription.is_some() {
            ("LEFT JOIN dane_circonscription c USING (uai)", CONDITIONS.to_string())
        } else {
            ("", CONDITIONS.replace("coalesce(c.circonscription, '')", "?3"))
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT d.annee, {code}, d.referentiel_numero, d.niveaux, d.enrole
               FROM dane_diagnostic d JOIN dane_annuaire a USING (uai) {jointure}
              WHERE d.annee IN (?5, ?6) AND {conditions}"
        ))?;
        let mut lignes = stmt.query(params![
            filtre.academie,
            filtre.departement,
            filtre.circonscription,
            filtre.famille,
            annees.0,
            annees.1
        ])?;
        while let Some(r) = lignes.next()? {
            f(r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_str()?, r.get(2)?, r.get_ref(3)?.as_str()?, r.get(4)?);
        }
        Ok(())
    }
}
