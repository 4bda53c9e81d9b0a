//! The DANE's figures: many establishments' answers summed up per territory,
//! and the statistical secrecy applied before figures are published. Pure
//! functions; the rules are stated in ARCHITECTURE.md (« Synthèse et secret
//! statistique ») and tested on hand-computed cases below.
//!
//! An imported diagnostic is kept as its *niveaux*: one character per item, in
//! the order of the items of **the very version it was answered on** (`-` non
//! renseigné, `0` aucun niveau, `1` to `3`, `n` non applicable), stored with
//! that version's fingerprint: a position is always read with the text it was
//! written for, never with another version.
//!
//! Figures for a year may combine several versions of a referential: each
//! domain's maturity is computed as each diagnostic's own version defines it;
//! item distributions are shown in one reference version (the newest in use),
//! and a diagnostic on another version counts in an item only when the
//! correspondence makes that item comparable ([`Lecture`]).

use crate::diagnostic::Reponse;
use crate::referentiel::Referentiel;
use crate::referentiel::correspondance::Passage;
use crate::resultats::Maturite;

/// A published cell must be built from at least this many establishments.
pub const SEUIL_SECRET: u32 = 5;

/// Columns of a level distribution: aucun niveau, 1, 2, 3, non applicable,
/// non renseigné.
pub const COLONNES_NIVEAUX: usize = 6;
const COLONNE_NA: usize = 4;
const COLONNE_NR: usize = 5;

/// Encodes answers as *niveaux* (one character per item, in the order of
/// `referentiel`, the version answered).
pub fn encoder(referentiel: &Referentiel, reponse: impl Fn(&str) -> Reponse) -> String {
    referentiel
        .items()
        .map(|item| match reponse(&item.id) {
            Reponse::NonApplicable => 'n',
            r => r.valeur().map_or('-', |v| char::from(b'0' + v)),
        })
        .collect()
}

/// The answers `niveaux` hold, by item id of `referentiel` (the version they
/// were written for).
pub fn decoder(referentiel: &Referentiel, niveaux: &str) -> crate::diagnostic::Reponses {
    referentiel
        .items()
        .zip(niveaux.bytes())
        .filter_map(|(item, b)| {
            let r = match b {
                b'n' => Reponse::NonApplicable,
                b'0'..=b'3' => Reponse::depuis_valeur(Some(b - b'0'))?,
                _ => return None,
            };
            Some((item.id.clone(), r))
        })
        .collect()
}

/// Checks that `niveaux` fits `referentiel` (length and characters).
pub fn niveaux_valides(referentiel: &Referentiel, niveaux: &str) -> bool {
    niveaux.len() == referentiel.nombre_items()
        && niveaux.bytes().all(|b| b == b'-' || b == b'n' || (b'0'..=b'3').contains(&b))
}

/// How the *niveaux* of one version read in the figures: its domains as it
/// defines them, and its items in the reference version of its referential —
/// only those the correspondence declares comparable, levels read through it.
#[derive(Debug, Clone)]
pub struct Lecture<'a> {
    /// The version answered.
    pub referentiel: &'a Referentiel,
    /// The version item distributions are shown in.
    pub reference: &'a Referentiel,
    /// Per position of `referentiel`: the position in `reference` and how
    /// levels 0 to 3 read there; `None` when not comparable.
    vers: Vec<Option<(usize, [u8; 4])>>,
}

impl<'a> Lecture<'a> {
    /// The reading of `referentiel` in `reference`, through `passage` (from
    /// `referentiel` to `reference`).
    pub fn nouvelle(referentiel: &'a Referentiel, reference: &'a Referentiel, passage: &Passage<'_>) -> Self {
        let positions: std::collections::HashMap<&str, usize> =
            referentiel.items().enumerate().map(|(i, item)| (item.id.as_str(), i)).collect();
        let mut vers = vec![None; referentiel.nombre_items()];
        for (q, item) in reference.items().enumerate() {
            if let Some((ancien, table)) = passage.comparable(&item.id)
                && let Some(&p) = positions.get(ancien.as_str())
            {
                vers[p] = Some((q, table));
            }
        }
        Self { referentiel, reference, vers }
    }

    /// A version read in itself.
    pub fn identite(referentiel: &'a Referentiel) -> Self {
        Self::nouvelle(referentiel, referentiel, &Passage::identite())
    }
}

/// Maturity of each domain (referential order) of one diagnostic.
pub fn maturites(referentiel: &Referentiel, niveaux: &str) -> Vec<Maturite> {
    par_domaine(referentiel, niveaux).collect()
}

/// The same, lazily (no allocation: this runs once per diagnostic of a
/// territory query).
fn par_domaine<'a>(referentiel: &'a Referentiel, niveaux: &'a str) -> impl Iterator<Item = Maturite> + 'a {
    let mut octets = niveaux.bytes();
    referentiel.domaines.iter().map(move |d| {
        let mut m = Maturite::default();
        for _ in &d.items {
            if let Some(b @ b'0'..=b'3') = octets.next() {
                m.somme += u32::from(b - b'0');
                m.repondus += 1;
            }
        }
        m
    })
}

/// Every domain answered with up to this many items has its mean summed
/// exactly (see [`Moyenne`]).
const ITEMS_EXACTS: u32 = 32;

/// The least common multiple of 1 to [`ITEMS_EXACTS`]: each establishment's
/// mean (a sum of levels over the items answered) is a whole number of
/// `1 / DENOMINATEUR`.
const DENOMINATEUR: u128 = 144_403_552_893_600;

/// Sum of the maturities of many establishments in one domain: the mean is
/// the mean of the establishments' means (each establishment weighs the same).
///
/// The sum is kept **exactly** (in units of `1 / DENOMINATEUR`), so that the
/// figure does not depend on the order in which establishments are added:
/// the same diagnostics give the same figures on every engine and whatever
/// way the work is split.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Moyenne {
    numerateur: u128,
    /// Domains of more than [`ITEMS_EXACTS`] items answered (none published
    /// has so many): summed as floats.
    reste: f64,
    /// Establishments with at least one answer in the domain.
    pub etablissements: u32,
}

impl Moyenne {
    /// Adds one establishment whose answered items in the domain sum to
    /// `somme` levels over `repondus` items (`repondus` > 0).
    pub fn ajouter(&mut self, somme: u32, repondus: u32) {
        if repondus == 0 {
            return;
        }
        if repondus <= ITEMS_EXACTS {
            self.numerateur += u128::from(somme) * (DENOMINATEUR / u128::from(repondus));
        } else {
            self.reste += f64::from(somme) / f64::from(repondus);
        }
        self.etablissements += 1;
    }

    /// Adds another sum (for totals).
    pub fn fusionner(&mut self, autre: &Self) {
        self.numerateur += autre.numerateur;
        self.reste += autre.reste;
        self.etablissements += autre.etablissements;
    }

    pub fn valeur(self) -> Option<f64> {
        (self.etablissements > 0).then(|| {
            let somme = (self.numerateur as f64) / (DENOMINATEUR as f64) + self.reste;
            somme / f64::from(self.etablissements)
        })
    }
}

/// The figures of one territory for one school year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Agregat {
    /// Establishments with a diagnostic.
    pub diagnostics: u32,
    /// Of which signed with a key not enrolled by the DANE.
    pub non_enroles: u32,
    /// Per domain id, in the order first met.
    pub domaines: Vec<(String, Moyenne)>,
    /// Per version answered (referential id, version): how many diagnostics,
    /// and per item of that version (in order) the counts of
    /// [`COLONNES_NIVEAUX`]. [`Agregat::comptes`] reads them in a reference
    /// version.
    pub versions: Vec<ParVersion>,
}

/// One version's share of an [`Agregat`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParVersion {
    pub referentiel: String,
    pub version: String,
    pub diagnostics: u32,
    pub items: Vec<[u32; COLONNES_NIVEAUX]>,
}

impl Agregat {
    /// Adds one establishment's diagnostic answered on `referentiel`.
    /// `niveaux` must fit it ([`niveaux_valides`]); characters out of place
    /// count as non renseigné.
    pub fn ajouter(&mut self, referentiel: &Referentiel, niveaux: &str, enrole: bool) {
        self.diagnostics += 1;
        if !enrole {
            self.non_enroles += 1;
        }
        for (k, (domaine, m)) in referentiel.domaines.iter().zip(par_domaine(referentiel, niveaux)).enumerate() {
            if m.repondus > 0 {
                // Every version has the same domains in the same order: the
                // k-th slot is almost always the one.
                let moyenne = match self.domaines.get_mut(k) {
                    Some((id, m)) if *id == domaine.id => m,
                    _ => self.domaine_mut(&domaine.id),
                };
                moyenne.ajouter(m.somme, m.repondus);
            }
        }
        let part = self.version_mut(&referentiel.id, &referentiel.version, referentiel.nombre_items());
        part.diagnostics += 1;
        for (compte, b) in part.items.iter_mut().zip(niveaux.bytes().chain(std::iter::repeat(b'-'))) {
            let colonne = match b {
                b'0'..=b'3' => usize::from(b - b'0'),
                b'n' => COLONNE_NA,
                _ => COLONNE_NR,
            };
            compte[colonne] += 1;
        }
    }

    /// How many diagnostics answered this version.
    pub fn diagnostics_en_version(&self, id: &str, version: &str) -> u32 {
        self.versions.iter().find(|p| p.referentiel == id && p.version == version).map_or(0, |p| p.diagnostics)
    }

    /// Adds another territory's figures (for totals).
    pub fn fusionner(&mut self, autre: &Self) {
        self.diagnostics += autre.diagnostics;
        self.non_enroles += autre.non_enroles;
        for (id, m) in &autre.domaines {
            self.domaine_mut(id).fusionner(m);
        }
        for p in &autre.versions {
            let ici = self.version_mut(&p.referentiel, &p.version, p.items.len());
            ici.diagnostics += p.diagnostics;
            for (a, b) in ici.items.iter_mut().zip(&p.items) {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
            }
        }
    }

    /// The mean of a domain, if any establishment answered in it.
    pub fn moyenne(&self, domaine: &str) -> Moyenne {
        self.domaines.iter().find(|(id, _)| id == domaine).map(|(_, m)| *m).unwrap_or_default()
    }

    /// The level counts of the items of `reference` (a version of one
    /// referential), from the diagnostics of every version of that
    /// referential: `lecture(v)` says how version `v` reads in `reference`
    /// (`None`: it does not); a count moves to the item and level the
    /// correspondence gives, and counts nowhere when the item is not
    /// comparable. `None` when no diagnostic answered that referential.
    pub fn comptes<'r>(
        &self,
        reference: &Referentiel,
        lecture: impl Fn(&str) -> Option<Lecture<'r>>,
    ) -> Option<Vec<[u32; COLONNES_NIVEAUX]>> {
        let mut total: Option<Vec<[u32; COLONNES_NIVEAUX]>> = None;
        for p in self.versions.iter().filter(|p| p.referentiel == reference.id) {
            let Some(l) = lecture(&p.version) else { continue };
            let t = total.get_or_insert_with(|| vec![[0; COLONNES_NIVEAUX]; reference.nombre_items()]);
            for (vers, c) in l.vers.iter().zip(&p.items) {
                let Some((q, table)) = vers else { continue };
                let Some(cible) = t.get_mut(*q) else { continue };
                for v in 0..4 {
                    cible[usize::from(table[v])] += c[v];
                }
                cible[COLONNE_NA] += c[COLONNE_NA];
                cible[COLONNE_NR] += c[COLONNE_NR];
            }
        }
        total
    }

    fn domaine_mut(&mut self, id: &str) -> &mut Moyenne {
        let i = match self.domaines.iter().position(|(d, _)| d == id) {
            Some(i) => i,
            None => {
                self.domaines.push((id.to_string(), Moyenne::default()));
                self.domaines.len() - 1
            }
        };
        &mut self.domaines[i].1
    }

    fn version_mut(&mut self, id: &str, version: &str, items: usize) -> &mut ParVersion {
        let i = match self.versions.iter().position(|p| p.referentiel == id && p.version == version) {
            Some(i) => i,
            None => {
                self.versions.push(ParVersion {
                    referentiel: id.to_string(),
                    version: version.to_string(),
                    diagnostics: 0,
                    items: vec![[0; COLONNES_NIVEAUX]; items],
                });
                self.versions.len() - 1
            }
        };
        &mut self.versions[i]
    }
}

/// Participation rate in tenths of a percent (0 to 1000), rounded half up;
/// `None` when the territory has no establishment in the annuaire.
pub fn taux_pour_mille(diagnostics: u32, etablissements: u32) -> Option<u32> {
    (etablissements > 0).then(|| {
        let (d, e) = (u64::from(diagnostics), u64::from(etablissements));
        u32::try_from((d * 2000 + e) / (2 * e)).unwrap_or(u32::MAX)
    })
}

/// Why a published cell is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Masque {
    Visible,
    /// Built from 1 to [`SEUIL_SECRET`] − 1 establishments.
    Primaire,
    /// Hidden so that a primary cell cannot be recomputed from the total.
    Secondaire,
}

/// Statistical secrecy over one column of a table whose total is published:
/// `bases[i]` is how many establishments cell `i` is built from.
///
/// - *primary*: a cell built from 1 to 4 establishments is hidden (a cell
///   built from none reveals nobody and stays visible);
/// - *secondary*: when exactly one cell is hidden, the total minus the
///   visible cells would give it back, so the visible cell with the smallest
///   non-zero base is hidden too (the first one on a tie).
pub fn secret(bases: &[u32]) -> Vec<Masque> {
    let mut masques: Vec<Masque> =
        bases.iter().map(|&b| if b > 0 && b < SEUIL_SECRET { Masque::Primaire } else { Masque::Visible }).collect();
    if masques.iter().filter(|m| **m == Masque::Primaire).count() == 1 {
        let second = bases
            .iter()
            .enumerate()
            .filter(|&(i, &b)| masques[i] == Masque::Visible && b > 0)
            .min_by_key(|&(i, &b)| (b, i))
            .map(|(i, _)| i);
        if let Some(i) = second {
            masques[i] = Masque::Secondaire;
        }
    }
    masques
}

#[cfg(test)]
mod tests;
