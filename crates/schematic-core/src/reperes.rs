//! Territorial references (« repères territoriaux »): what a DANE publishes
//! so that a school can see itself beside similar establishments. Per type
//! family (école, collège, lycée…) and per territory — each département,
//! each académie, and the région académique when the publication covers
//! several of its académies — the number of establishments, the mean
//! maturity per domain and, per item, how many establishments reached each
//! level. Statistical secrecy is applied to the whole publication at once
//! ([`TableauxLies`]): a département's figures are parts of its académie's,
//! an académie's of its région's, an item's levels of the item's row.
//!
//! Pure: the caller gives each département's aggregates
//! ([`crate::synthese::Agregat`], enrolled diagnostics only) and how versions
//! read in the reference version of their referential.

use std::collections::{BTreeMap, HashMap};

use crate::annuaire::FAMILLES;
use crate::referentiel::Referentiel;
use crate::secret::{Case, TableauxLies, Valeur};
use crate::synthese::{Agregat, COLONNES_NIVEAUX, Lecture};
use crate::territoire;

/// The level of a group's territory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Echelon {
    Departement,
    Academie,
    RegionAcademique,
}

impl Echelon {
    pub const TOUS: [Self; 3] = [Self::Departement, Self::Academie, Self::RegionAcademique];

    /// The field naming the territory in the published file.
    pub fn code(self) -> &'static str {
        match self {
            Self::Departement => "departement",
            Self::Academie => "academie",
            Self::RegionAcademique => "region_academique",
        }
    }

    pub fn depuis_code(code: &str) -> Option<Self> {
        Self::TOUS.into_iter().find(|e| e.code() == code)
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Self::Departement => "département",
            Self::Academie => "académie",
            Self::RegionAcademique => "région académique",
        }
    }
}

/// One item's distribution in a group: establishments per column of
/// [`COLONNES_NIVEAUX`] (aucun niveau, 1, 2, 3, non applicable, non
/// renseigné) and their total.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRepere {
    pub id: String,
    pub niveaux: [Case; COLONNES_NIVEAUX],
    pub total: Case,
}

/// The items of one referential, read in its reference version.
#[derive(Debug, Clone, PartialEq)]
pub struct PartReferentiel {
    pub id: String,
    pub version: String,
    pub items: Vec<ItemRepere>,
}

/// Similar establishments in one territory.
#[derive(Debug, Clone, PartialEq)]
pub struct Groupe {
    /// One of [`FAMILLES`].
    pub famille: String,
    pub echelon: Echelon,
    /// `33`, `Bordeaux`, `Nouvelle-Aquitaine`.
    pub code: String,
    /// Establishments with a diagnostic.
    pub etablissements: Case,
    /// Per domain id: the mean maturity in hundredths (0 to 300), built
    /// from the establishments that answered in the domain.
    pub domaines: Vec<(String, Case)>,
    pub referentiels: Vec<PartReferentiel>,
}

/// A publication's groups, secrecy applied, and the académies it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Reperes {
    pub academies: Vec<String>,
    pub groupes: Vec<Groupe>,
}

/// A mean in hundredths, rounded half away from zero.
fn centiemes(x: f64) -> u32 {
    // A mean of levels lies in 0..=3.
    (x * 100.0).round().clamp(0.0, 300.0) as u32
}

fn compte(n: u32) -> Case {
    Case::nouvelle(Valeur::Entier(n), n)
}

/// A group's figures from its aggregate.
fn groupe<'r>(
    famille: &str,
    echelon: Echelon,
    code: &str,
    a: &Agregat,
    domaines: &[String],
    references: &[&'r Referentiel],
    lecture: &impl Fn(&'r Referentiel, &str) -> Option<Lecture<'r>>,
) -> Groupe {
    let mut referentiels = Vec::new();
    for reference in references {
        let Some(comptes) = a.comptes(reference, |version| lecture(reference, version)) else { continue };
        let items = reference
            .items()
            .zip(comptes)
            .map(|(item, c)| ItemRepere { id: item.id.clone(), niveaux: c.map(compte), total: compte(c.iter().sum()) })
            .collect();
        referentiels.push(PartReferentiel { id: reference.id.clone(), version: reference.version.clone(), items });
    }
    Groupe {
        famille: famille.to_string(),
        echelon,
        code: code.to_string(),
        etablissements: compte(a.diagnostics),
        domaines: domaines
            .iter()
            .filter_map(|d| {
                let m = a.moyenne(d);
                let v = m.valeur()?;
                Some((d.clone(), Case::nouvelle(Valeur::Entier(centiemes(v)), m.etablissements)))
            })
            .collect(),
        referentiels,
    }
}

/// The references of a school year from each (family, département)'s
/// aggregate of enrolled diagnostics. `references` gives the versions items
/// are read in — the same for every group, so that a département's counts
/// add up to its académie's; `lecture(reference, version)` how the
/// diagnostics of a version read in one of them (`None`: they do not count
/// there). Groups without
/// any diagnostic are left out; a région académique is published when the
/// diagnostics cover at least two of its académies.
pub fn calculer<'r>(
    departements: &[(String, String, Agregat)],
    domaines: &[String],
    references: &[&'r Referentiel],
    lecture: impl Fn(&'r Referentiel, &str) -> Option<Lecture<'r>>,
) -> Reperes {
    // (family, echelon, code) → aggregate; BTreeMap for a stable order.
    let mut agregats: BTreeMap<(usize, Echelon, String), Agregat> = BTreeMap::new();
    let mut academies: Vec<String> = Vec::new();
    for (famille, code, a) in departements {
        let Some(d) = territoire::departement(code) else { continue };
        if a.diagnostics == 0 {
            continue;
        }
        let rang = FAMILLES.iter().position(|(f, _)| f == famille).unwrap_or(FAMILLES.len() - 1);
        agregats.entry((rang, Echelon::Departement, d.code.to_string())).or_default().fusionner(a);
        agregats.entry((rang, Echelon::Academie, d.academie.to_string())).or_default().fusionner(a);
        if !academies.iter().any(|x| x == d.academie) {
            academies.push(d.academie.to_string());
        }
    }
    academies.sort();
    let regions: Vec<&str> = territoire::REGIONS_ACADEMIQUES
        .iter()
        .filter(|(_, liste)| liste.iter().filter(|a| academies.iter().any(|x| x == *a)).count() >= 2)
        .map(|(r, _)| *r)
        .collect();
    let par_academie: Vec<((usize, String), Agregat)> = agregats
        .iter()
        .filter(|((_, e, _), _)| *e == Echelon::Academie)
        .map(|((f, _, code), a)| ((*f, code.clone()), a.clone()))
        .collect();
    for ((rang, academie), a) in par_academie {
        if let Some(r) = territoire::region_academique(&academie).filter(|r| regions.contains(r)) {
            agregats.entry((rang, Echelon::RegionAcademique, r.to_string())).or_default().fusionner(&a);
        }
    }
    let mut groupes: Vec<Groupe> = agregats
        .iter()
        .map(|((rang, echelon, code), a)| groupe(FAMILLES[*rang].0, *echelon, code, a, domaines, references, &lecture))
        .collect();
    publier(&mut groupes);
    Reperes { academies, groupes }
}

/// The territory a group's territory adds up into, if published.
fn parent(g: &Groupe) -> Option<(Echelon, String)> {
    match g.echelon {
        Echelon::Departement => territoire::departement(&g.code).map(|d| (Echelon::Academie, d.academie.to_string())),
        Echelon::Academie => territoire::region_academique(&g.code).map(|r| (Echelon::RegionAcademique, r.to_string())),
        Echelon::RegionAcademique => None,
    }
}

/// Every cell of one group, as indices of the linked tables.
struct Cases {
    etablissements: usize,
    domaines: BTreeMap<String, usize>,
    /// (referential, version, item id) → (levels, total).
    items: BTreeMap<(String, String, String), ([usize; COLONNES_NIVEAUX], usize)>,
}

/// Applies statistical secrecy to every cell of `groupes` at once: a
/// group's count, means and item distributions are parts of its parent's
/// (same family), an item's levels parts of its total (the group's count
/// when every establishment counts in the item), and a group whose count is
/// hidden has its means and item totals hidden too.
pub fn publier(groupes: &mut [Groupe]) {
    let mut t = TableauxLies::default();
    let cases: Vec<Cases> = groupes
        .iter()
        .map(|g| {
            let etablissements = t.case(g.etablissements.base);
            let domaines = g
                .domaines
                .iter()
                .map(|(d, c)| {
                    let i = t.case(c.base);
                    t.suite(etablissements, i);
                    (d.clone(), i)
                })
                .collect();
            let mut items = BTreeMap::new();
            for p in &g.referentiels {
                for item in &p.items {
                    let niveaux = item.niveaux.map(|c| t.case(c.base));
                    // Usually every establishment counts in the item: its
                    // total is then the group's count, one cell.
                    let total = if item.total.base == g.etablissements.base {
                        etablissements
                    } else {
                        let total = t.case(item.total.base);
                        t.suite(etablissements, total);
                        total
                    };
                    t.somme(niveaux.to_vec(), total);
                    items.insert((p.id.clone(), p.version.clone(), item.id.clone()), (niveaux, total));
                }
            }
            Cases { etablissements, domaines, items }
        })
        .collect();
    // Each group's parts: the groups of its family one level down.
    let mut enfants: HashMap<(&str, Echelon, String), Vec<usize>> = HashMap::new();
    for (i, g) in groupes.iter().enumerate() {
        if let Some((echelon, code)) = parent(g) {
            enfants.entry((g.famille.as_str(), echelon, code)).or_default().push(i);
        }
    }
    for (k, g) in groupes.iter().enumerate() {
        let Some(enfants) = enfants.get(&(g.famille.as_str(), g.echelon, g.code.clone())) else { continue };
        let c = &cases[k];
        t.somme(enfants.iter().map(|&i| cases[i].etablissements).collect(), c.etablissements);
        for (d, &total) in &c.domaines {
            t.somme(enfants.iter().filter_map(|&i| cases[i].domaines.get(d).copied()).collect(), total);
        }
        for (cle, (niveaux, total)) in &c.items {
            let parts: Vec<&([usize; COLONNES_NIVEAUX], usize)> =
                enfants.iter().filter_map(|&i| cases[i].items.get(cle)).collect();
            t.somme(parts.iter().map(|p| p.1).collect(), *total);
            for (l, &n) in niveaux.iter().enumerate() {
                t.somme(parts.iter().map(|p| p.0[l]).collect(), n);
            }
        }
    }
    let masques = t.masques();
    for (g, c) in groupes.iter_mut().zip(&cases) {
        g.etablissements.masque = masques[c.etablissements];
        for (d, case) in &mut g.domaines {
            case.masque = masques[c.domaines[d.as_str()]];
        }
        for p in &mut g.referentiels {
            for item in &mut p.items {
                let (niveaux, total) = c.items[&(p.id.clone(), p.version.clone(), item.id.clone())];
                item.total.masque = masques[total];
                for (case, i) in item.niveaux.iter_mut().zip(niveaux) {
                    case.masque = masques[i];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
