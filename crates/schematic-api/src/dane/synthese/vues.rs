//! The figures a DANE publishes, kept in its store for dashboard tools (on
//! PostgreSQL, the views of schema `publication`): the same tables as a
//! publication on screen, rendered row by row, refreshed after every change
//! of the diagnostics or of the annuaire.

use schematic_core::AnneeScolaire;
use schematic_core::secret::{Case, Valeur};
use schematic_dane_store::{MaturitePubliee, Publication, Regroupement, RepartitionPubliee, TerritoirePublie};

use super::{Chiffres, libelle};
use crate::dane::EspaceDane;
use crate::dto::RequeteSyntheseDto;
use crate::error::ApiError;

/// The groupings kept (one row per establishment is never published).
const REGROUPEMENTS_PUBLIES: [Regroupement; 4] =
    [Regroupement::Academie, Regroupement::Departement, Regroupement::Circonscription, Regroupement::Type];

/// The columns of a level distribution, as stored.
const NIVEAUX: [&str; 6] = ["aucun", "1", "2", "3", "non-applicable", "non-renseigne"];

fn masque(c: &Case) -> Option<&'static str> {
    match c.masque {
        schematic_core::secret::Masque::Visible => None,
        schematic_core::secret::Masque::Primaire => Some("primaire"),
        schematic_core::secret::Masque::Secondaire => Some("secondaire"),
    }
}

fn entier(c: &Case) -> Option<u32> {
    match c.publiee() {
        Some(Valeur::Entier(n)) => Some(n),
        _ => None,
    }
}

fn decimal(c: &Case) -> Option<f64> {
    match c.publiee() {
        Some(Valeur::Decimal(x)) => Some(x),
        _ => None,
    }
}

fn publication(c: &Chiffres<'_>, annee: AnneeScolaire, par: Regroupement) -> Publication {
    let d = c.domaines.len();
    let mut maturites = Vec::new();
    let territoires = c
        .territoires
        .iter()
        .zip(&c.tableau.lignes)
        .map(|(t, cases)| {
            for (k, domaine) in c.domaines.iter().enumerate() {
                let (moyenne, evolution) = (&cases[2 + k], &cases[2 + d + k]);
                maturites.push(MaturitePubliee {
                    code: t.code.clone(),
                    domaine: domaine.id.clone(),
                    moyenne: decimal(moyenne),
                    masque_moyenne: masque(moyenne),
                    evolution: decimal(evolution),
                    masque_evolution: masque(evolution),
                });
            }
            TerritoirePublie {
                code: t.code.clone(),
                libelle: libelle(par, &t.code, &t.libelle),
                etablissements: t.etablissements,
                diagnostics: entier(&cases[0]),
                taux_pour_mille: entier(&cases[1]),
                masque: masque(&cases[0]),
            }
        })
        .collect();
    let items = c
        .items
        .iter()
        .filter_map(|(referentiel, i, cases)| Some((referentiel, referentiel.items().nth(*i)?, cases)))
        .flat_map(|(referentiel, item, cases)| {
            NIVEAUX.iter().zip(cases).map(move |(niveau, case)| RepartitionPubliee {
                referentiel: referentiel.id.clone(),
                version: referentiel.version.clone(),
                item: item.id.clone(),
                niveau,
                etablissements: entier(case),
                masque: masque(case),
            })
        })
        .collect();
    Publication { annee, regroupement: par, territoires, maturites, items }
}

impl EspaceDane {
    /// Computes again and keeps the published figures of `annees` (all the
    /// years imported when `None`).
    pub(crate) fn rafraichir_publications(&mut self, annees: Option<&[AnneeScolaire]>) -> Result<(), ApiError> {
        let toutes;
        let annees = match annees {
            Some(a) => a,
            None => {
                toutes = self.stockage.annees_importees()?;
                &toutes
            }
        };
        for &annee in annees {
            for par in REGROUPEMENTS_PUBLIES {
                let q = RequeteSyntheseDto {
                    par: par.code().into(),
                    annee: Some(annee.to_string()),
                    publication: true,
                    ..Default::default()
                };
                let p = publication(&self.chiffres(&q)?, annee, par);
                self.stockage.remplacer_publication(&p)?;
            }
        }
        Ok(())
    }
}
