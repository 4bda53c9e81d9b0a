//! Turning answers into results. Pure functions over a referential and its
//! answers; the rules are stated in ARCHITECTURE.md (« Règles de calcul ») and
//! each is tested on a hand-computed case below.
//!
//! Values: *aucun niveau atteint* counts 0, levels count 1 to 3, *non renseigné*
//! and *non applicable* are left out of every mean and every minimum (*non
//! applicable* counts as answered for completion).

use std::cmp::Ordering;

use crate::diagnostic::{Reponse, Reponses};
use crate::referentiel::Referentiel;
use crate::referentiel::correspondance::Passage;

/// How many items the strengths and priorities lists show at most.
pub const LISTE_MAX: usize = 5;

/// A mean kept as an exact fraction, so that comparisons and rounding are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Maturite {
    pub somme: u32,
    pub repondus: u32,
}

impl Maturite {
    fn ajouter(&mut self, valeur: u8) {
        self.somme += u32::from(valeur);
        self.repondus += 1;
    }

    /// Mean of the answered items, 0.0 to 3.0; `None` when nothing is answered.
    pub fn moyenne(self) -> Option<f64> {
        (self.repondus > 0).then(|| f64::from(self.somme) / f64::from(self.repondus))
    }

    /// The mean in hundredths (0 to 300), rounded half up: integers only, for
    /// exports and tables.
    pub fn centiemes(self) -> Option<u32> {
        (self.repondus > 0).then(|| (self.somme * 200 + self.repondus) / (2 * self.repondus))
    }

    /// Orders two means exactly (cross-multiplication); unanswered sorts first.
    pub fn comparer(self, autre: Self) -> Ordering {
        match (self.repondus, autre.repondus) {
            (0, 0) => Ordering::Equal,
            (0, _) => Ordering::Less,
            (_, 0) => Ordering::Greater,
            _ => (u64::from(self.somme) * u64::from(autre.repondus))
                .cmp(&(u64::from(autre.somme) * u64::from(self.repondus))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultatDomaine {
    pub domaine_id: String,
    pub titre: String,
    pub items: u32,
    /// Over the items answered with a level or *aucun niveau*.
    pub maturite: Maturite,
    /// Items answered *non applicable*: in no mean, no minimum.
    pub non_applicables: u32,
    /// The highest level L such that every answered item of the domain is at L
    /// or above, i.e. the lowest answered value; `None` when nothing is answered.
    pub niveau_atteint: Option<u8>,
    /// Every item answered (*non applicable* included): the level reached is
    /// final, not provisional.
    pub complet: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profil {
    /// Mean of all answered items of the diagnostic.
    pub maturite: Maturite,
    /// The lowest level reached among the five domains, once every domain has
    /// at least one answer: the establishment is at level L when all its
    /// domains are.
    pub niveau_global: Option<u8>,
    /// The levels reached, domain by domain, in referential order.
    pub niveaux: Vec<Option<u8>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemClasse {
    pub item_id: String,
    pub domaine_id: String,
    pub valeur: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resultats {
    pub domaines: Vec<ResultatDomaine>,
    pub repondus: u32,
    pub total: u32,
    pub profil: Profil,
    /// Items at level 2 or 3: highest level first, then the strongest domain,
    /// then referential order; at most [`LISTE_MAX`].
    pub forces: Vec<ItemClasse>,
    /// Items at *aucun niveau* or level 1: lowest first, then the weakest
    /// domain, then referential order; at most [`LISTE_MAX`].
    pub priorites: Vec<ItemClasse>,
}

impl Resultats {
    /// Completion in percent, rounded down (100 only when everything is answered).
    pub fn completion_pourcent(&self) -> u32 {
        (self.repondus * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// Computes every result of a diagnostic.
pub fn calculer(referentiel: &Referentiel, reponses: &Reponses) -> Resultats {
    let valeur = |id: &str| reponses.get(id).copied().unwrap_or(Reponse::NonRenseigne).valeur();
    let mut domaines = Vec::with_capacity(referentiel.domaines.len());
    let mut globale = Maturite::default();
    let mut classes: Vec<(ItemClasse, usize, usize)> = Vec::new();
    let mut ordre = 0;
    for (index_domaine, domaine) in referentiel.domaines.iter().enumerate() {
        let mut maturite = Maturite::default();
        let mut minimum: Option<u8> = None;
        let mut non_applicables = 0;
        for item in &domaine.items {
            if reponses.get(&item.id) == Some(&Reponse::NonApplicable) {
                non_applicables += 1;
            }
            if let Some(v) = valeur(&item.id) {
                maturite.ajouter(v);
                globale.ajouter(v);
                minimum = Some(minimum.map_or(v, |m| m.min(v)));
                classes.push((
                    ItemClasse { item_id: item.id.clone(), domaine_id: domaine.id.clone(), valeur: v },
                    index_domaine,
                    ordre,
                ));
            }
            ordre += 1;
        }
        let items = u32::try_from(domaine.items.len()).unwrap_or(u32::MAX);
        domaines.push(ResultatDomaine {
            domaine_id: domaine.id.clone(),
            titre: domaine.titre.clone(),
            items,
            maturite,
            non_applicables,
            niveau_atteint: minimum,
            complet: maturite.repondus + non_applicables == items,
        });
    }

    let niveaux: Vec<Option<u8>> = domaines.iter().map(|d| d.niveau_atteint).collect();
    let niveau_global = niveaux.iter().copied().collect::<Option<Vec<u8>>>().and_then(|v| v.into_iter().min());
    let maturite_de = |i: usize| domaines[i].maturite;

    let mut forces: Vec<&(ItemClasse, usize, usize)> = classes.iter().filter(|c| c.0.valeur >= 2).collect();
    forces.sort_by(|a, b| {
        b.0.valeur
            .cmp(&a.0.valeur)
            .then_with(|| maturite_de(b.1).comparer(maturite_de(a.1)))
            .then_with(|| a.2.cmp(&b.2))
    });
    let mut priorites: Vec<&(ItemClasse, usize, usize)> = classes.iter().filter(|c| c.0.valeur <= 1).collect();
    priorites.sort_by(|a, b| {
        a.0.valeur
            .cmp(&b.0.valeur)
            .then_with(|| maturite_de(a.1).comparer(maturite_de(b.1)))
            .then_with(|| a.2.cmp(&b.2))
    });
    let garder = |v: Vec<&(ItemClasse, usize, usize)>| v.into_iter().take(LISTE_MAX).map(|c| c.0.clone()).collect();

    Resultats {
        repondus: domaines.iter().map(|d| d.maturite.repondus + d.non_applicables).sum(),
        total: domaines.iter().map(|d| d.items).sum(),
        profil: Profil { maturite: globale, niveau_global, niveaux },
        forces: garder(forces),
        priorites: garder(priorites),
        domaines,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvolutionDomaine {
    pub domaine_id: String,
    pub avant: Maturite,
    pub apres: Maturite,
    /// Change of the mean, in hundredths; `None` unless both years have answers.
    pub ecart_centiemes: Option<i32>,
    pub niveau_avant: Option<u8>,
    pub niveau_apres: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvolutionItem {
    pub item_id: String,
    pub avant: u8,
    pub apres: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evolution {
    pub domaines: Vec<EvolutionDomaine>,
    /// Items answered both years whose level went up.
    pub progres: Vec<EvolutionItem>,
    /// Items answered both years whose level went down.
    pub reculs: Vec<EvolutionItem>,
    /// Items of this year's version with no comparable item last year (new,
    /// split, merged, or to be reviewed): never counted as progress.
    pub sans_equivalent: Vec<String>,
}

/// Change since the previous school year. Domains are matched by id, each
/// year's maturity as its own version defines it. Items are compared only
/// through `passage` (the correspondence from last year's version to this
/// year's; the identity when both are the same text): last year's value read
/// through the level correspondence, and only for items it declares
/// comparable.
pub fn evolution(
    referentiel: &Referentiel,
    reponses: &Reponses,
    referentiel_precedent: &Referentiel,
    reponses_precedentes: &Reponses,
    passage: &Passage<'_>,
) -> Evolution {
    let actuel = calculer(referentiel, reponses);
    let precedent = calculer(referentiel_precedent, reponses_precedentes);
    let domaines = actuel
        .domaines
        .iter()
        .map(|apres| {
            let avant = precedent.domaines.iter().find(|d| d.domaine_id == apres.domaine_id);
            let maturite_avant = avant.map(|d| d.maturite).unwrap_or_default();
            let ecart = match (maturite_avant.centiemes(), apres.maturite.centiemes()) {
                (Some(a), Some(b)) => Some(i32::try_from(b).unwrap_or(0) - i32::try_from(a).unwrap_or(0)),
                _ => None,
            };
            EvolutionDomaine {
                domaine_id: apres.domaine_id.clone(),
                avant: maturite_avant,
                apres: apres.maturite,
                ecart_centiemes: ecart,
                niveau_avant: avant.and_then(|d| d.niveau_atteint),
                niveau_apres: apres.niveau_atteint,
            }
        })
        .collect();
    let mut progres = Vec::new();
    let mut reculs = Vec::new();
    let mut sans_equivalent = Vec::new();
    for item in referentiel.items() {
        let apres = reponses.get(&item.id).and_then(|r| r.valeur());
        let Some((ancien, table)) =
            passage.comparable(&item.id).filter(|(ancien, _)| referentiel_precedent.item(ancien).is_some())
        else {
            sans_equivalent.push(item.id.clone());
            continue;
        };
        let avant = reponses_precedentes.get(&ancien).and_then(|r| r.valeur()).map(|v| table[usize::from(v)]);
        if let (Some(avant), Some(apres)) = (avant, apres) {
            let e = EvolutionItem { item_id: item.id.clone(), avant, apres };
            match apres.cmp(&avant) {
                Ordering::Greater => progres.push(e),
                Ordering::Less => reculs.push(e),
                Ordering::Equal => {}
            }
        }
    }
    Evolution { domaines, progres, reculs, sans_equivalent }
}

#[cfg(test)]
mod tests;
