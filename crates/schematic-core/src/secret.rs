//! Statistical secrecy as a rule of the domain: the tables a DANE publishes
//! hold integer bases (how many establishments each figure is built from)
//! and a mask per cell; [`TableauTerritoires::publier`] and
//! [`publier_repartition`] apply primary and secondary suppression to them.
//! What users see — the screen's DTO, the CSV and XLSX files, the
//! PostgreSQL views for dashboard tools — are renderings of these tables,
//! never the place where a cell is hidden.

pub use crate::synthese::{Masque, SEUIL_SECRET, secret};

/// A figure as computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Valeur {
    /// Nothing to show (no establishment answered, no base for a rate).
    Vide,
    /// A count, or a rate in tenths of a percent.
    Entier(u32),
    /// A mean or a change of means.
    Decimal(f64),
}

/// One cell of a published table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Case {
    pub valeur: Valeur,
    /// How many establishments the figure is built from.
    pub base: u32,
    /// For a change since last year: last year's base (0 otherwise).
    pub base_precedente: u32,
    pub masque: Masque,
}

impl Case {
    pub fn nouvelle(valeur: Valeur, base: u32) -> Self {
        Self { valeur, base, base_precedente: 0, masque: Masque::Visible }
    }

    /// The value, unless the cell is hidden.
    pub fn publiee(&self) -> Option<Valeur> {
        (self.masque == Masque::Visible).then_some(self.valeur)
    }
}

/// How a column of a territory table is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colonne {
    /// Secrecy decided on this column's bases (its total is published).
    Base,
    /// Hidden with the column given (a rate with its count).
    Suit(usize),
    /// A change since last year: hidden with the column given, and when
    /// last year's base was too small.
    Evolution(usize),
}

/// Territories (rows) × figures (columns), with the total row.
#[derive(Debug, Clone, PartialEq)]
pub struct TableauTerritoires {
    pub colonnes: Vec<Colonne>,
    pub lignes: Vec<Vec<Case>>,
    pub total: Vec<Case>,
}

/// A base too small to publish on its own.
fn trop_petite(base: u32) -> bool {
    base > 0 && base < SEUIL_SECRET
}

impl TableauTerritoires {
    /// Applies statistical secrecy column by column: in a `Base` column, a
    /// cell built from 1 to 4 establishments is hidden, and when it is the
    /// only one, a second is too ([`secret`]); the total is hidden when it
    /// is itself built from 1 to 4. `Suit` and `Evolution` columns follow.
    pub fn publier(&mut self) {
        for (k, colonne) in self.colonnes.clone().into_iter().enumerate() {
            if colonne != Colonne::Base {
                continue;
            }
            let bases: Vec<u32> = self.lignes.iter().map(|l| l[k].base).collect();
            for (ligne, m) in self.lignes.iter_mut().zip(secret(&bases)) {
                ligne[k].masque = m;
            }
            if trop_petite(bases.iter().sum()) {
                self.total[k].masque = Masque::Primaire;
            }
        }
        for (k, colonne) in self.colonnes.clone().into_iter().enumerate() {
            let (Colonne::Suit(de) | Colonne::Evolution(de)) = colonne else { continue };
            let evolution = matches!(colonne, Colonne::Evolution(_));
            for ligne in self.lignes.iter_mut().chain(std::iter::once(&mut self.total)) {
                let suivie = ligne[de].masque;
                ligne[k].masque = if suivie == Masque::Visible && evolution && trop_petite(ligne[k].base_precedente) {
                    Masque::Primaire
                } else {
                    suivie
                };
            }
        }
    }
}

/// Applies statistical secrecy to each row of a distribution (an item's
/// establishments per level: each row's total is published).
pub fn publier_repartition(lignes: &mut [Vec<Case>]) {
    for ligne in lignes {
        let bases: Vec<u32> = ligne.iter().map(|c| c.base).collect();
        for (c, m) in ligne.iter_mut().zip(secret(&bases)) {
            c.masque = m;
        }
    }
}

/// Applies statistical secrecy to one column whose total is published.
pub fn publier_colonne(cases: &mut [Case]) {
    let bases: Vec<u32> = cases.iter().map(|c| c.base).collect();
    for (c, m) in cases.iter_mut().zip(secret(&bases)) {
        c.masque = m;
    }
}

/// Linked tables: cells that appear in several sums at once (a département's
/// count is a row of its académie's table, whose total is itself a row of
/// its région académique's table; an item's count at a level is a part of
/// the item's row and of the level's column). Hiding a cell in one sum must
/// not leave it recoverable from another.
///
/// Each cell has a base; a sum says that some cells (`parties`) add up to
/// another (`total`) — for means, weighted by their bases, which is the same
/// exposure. A « suite » hides a cell whenever another is hidden (a group's
/// means when its count is hidden).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableauxLies {
    bases: Vec<u32>,
    sommes: Vec<(Vec<usize>, usize)>,
    suites: Vec<(usize, usize)>,
}

impl TableauxLies {
    /// A new cell built from `base` establishments; its index.
    pub fn case(&mut self, base: u32) -> usize {
        self.bases.push(base);
        self.bases.len() - 1
    }

    /// Declares that `parties` add up to `total`.
    pub fn somme(&mut self, parties: Vec<usize>, total: usize) {
        self.sommes.push((parties, total));
    }

    /// Declares that `suiveuse` is hidden whenever `meneuse` is.
    pub fn suite(&mut self, meneuse: usize, suiveuse: usize) {
        self.suites.push((meneuse, suiveuse));
    }

    /// The mask of every cell, in the order they were made.
    ///
    /// - *primary*: a cell built from 1 to [`SEUIL_SECRET`] − 1
    ///   establishments is hidden;
    /// - *secondary*, until nothing changes: in a sum where exactly one cell
    ///   is hidden (a part or the total), the visible part with the smallest
    ///   non-zero base is hidden too (the first one on a tie); failing that,
    ///   the first visible part of base 0 (a hidden 0 is as unknown to a
    ///   reader as any hidden cell, so it counts as hidden in every sum it is
    ///   in); failing that, the total; a follower of a hidden cell is hidden.
    ///
    /// On one table with its total this is [`TableauTerritoires::publier`]'s
    /// rule for a `Base` column.
    pub fn masques(&self) -> Vec<Masque> {
        let mut m: Vec<Masque> =
            self.bases.iter().map(|&b| if trop_petite(b) { Masque::Primaire } else { Masque::Visible }).collect();
        loop {
            let mut change = false;
            for &(meneuse, suiveuse) in &self.suites {
                if m[meneuse] != Masque::Visible && m[suiveuse] == Masque::Visible {
                    m[suiveuse] = Masque::Secondaire;
                    change = true;
                }
            }
            for (parties, total) in &self.sommes {
                let cachees =
                    parties.iter().chain(std::iter::once(total)).filter(|&&i| m[i] != Masque::Visible).count();
                if cachees != 1 {
                    continue;
                }
                let visibles = || parties.iter().copied().filter(|&i| m[i] == Masque::Visible);
                let seconde = visibles()
                    .filter(|&i| self.bases[i] > 0)
                    .min_by_key(|&i| (self.bases[i], i))
                    .or_else(|| visibles().next())
                    .or_else(|| (m[*total] == Masque::Visible).then_some(*total));
                if let Some(i) = seconde {
                    m[i] = Masque::Secondaire;
                    change = true;
                }
            }
            if !change {
                return m;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Masque::{Primaire as P, Secondaire as S, Visible as V};

    fn compte(n: u32) -> Case {
        Case::nouvelle(Valeur::Entier(n), n)
    }

    /// Five territories with 6, 5, 2, 7 and 0 establishments answering: the
    /// 2 is hidden (primary), and the 5, the smallest other, with it
    /// (secondary), so that 2 cannot be found from the total of 20; the
    /// rates follow their counts; a domain's change hides where last year's
    /// base was 3.
    #[test]
    fn the_6_5_2_7_0_table_hides_the_2_and_the_5() {
        let bases = [6, 5, 2, 7, 0];
        let precedentes = [6, 3, 2, 7, 0];
        let mut t = TableauTerritoires {
            colonnes: vec![Colonne::Base, Colonne::Suit(0), Colonne::Base, Colonne::Evolution(2)],
            lignes: bases
                .iter()
                .zip(precedentes)
                .map(|(&b, p)| {
                    let mut evolution = Case::nouvelle(Valeur::Decimal(0.5), b);
                    evolution.base_precedente = p;
                    vec![
                        compte(b),
                        Case::nouvelle(Valeur::Entier(b * 100), b),
                        Case::nouvelle(Valeur::Decimal(2.0), b),
                        evolution,
                    ]
                })
                .collect(),
            total: vec![
                compte(20),
                compte(20),
                Case::nouvelle(Valeur::Decimal(2.0), 20),
                Case::nouvelle(Valeur::Decimal(0.1), 20),
            ],
        };
        t.publier();
        let masques = |k: usize| t.lignes.iter().map(|l| l[k].masque).collect::<Vec<_>>();
        assert_eq!(masques(0), [V, S, P, V, V]);
        assert_eq!(masques(1), [V, S, P, V, V]);
        assert_eq!(masques(2), [V, S, P, V, V]);
        assert_eq!(masques(3), [V, S, P, V, V]);
        assert!(t.total.iter().all(|c| c.masque == V));
        assert_eq!(t.lignes[1][0].publiee(), None);
        assert_eq!(t.lignes[0][0].publiee(), Some(Valeur::Entier(6)));
        // Last year's base of 3 hides a change whose count is visible.
        t.lignes[0][3].base_precedente = 3;
        t.publier();
        assert_eq!(t.lignes[0][3].masque, P);
    }

    #[test]
    fn a_small_total_is_hidden_and_a_distribution_is_protected_by_row() {
        let mut t = TableauTerritoires {
            colonnes: vec![Colonne::Base],
            lignes: vec![vec![compte(3)], vec![compte(0)]],
            total: vec![compte(3)],
        };
        t.publier();
        assert_eq!((t.lignes[0][0].masque, t.total[0].masque), (P, P));
        let mut items = vec![vec![compte(6), compte(2), compte(9), compte(0), compte(7), compte(0)]];
        publier_repartition(&mut items);
        assert_eq!(items[0].iter().map(|c| c.masque).collect::<Vec<_>>(), [S, P, V, V, V, V]);
    }

    fn une_table(bases: &[u32]) -> (TableauxLies, Vec<usize>, usize) {
        let mut t = TableauxLies::default();
        let lignes: Vec<usize> = bases.iter().map(|&b| t.case(b)).collect();
        let total = t.case(bases.iter().sum());
        t.somme(lignes.clone(), total);
        (t, lignes, total)
    }

    /// On a single table, linked tables hide exactly what the publication of
    /// a territory table hides.
    #[test]
    fn one_linked_table_hides_what_a_territory_table_hides() {
        for bases in [&[6, 5, 2, 7, 0][..], &[3, 0], &[3, 10], &[2, 2, 10], &[4], &[7], &[0, 0], &[1, 1, 1, 9, 9]] {
            let (t, lignes, total) = une_table(bases);
            let m = t.masques();
            let mut attendu = TableauTerritoires {
                colonnes: vec![Colonne::Base],
                lignes: bases.iter().map(|&b| vec![compte(b)]).collect(),
                total: vec![compte(bases.iter().sum())],
            };
            attendu.publier();
            let lignes: Vec<Masque> = lignes.iter().map(|&i| m[i]).collect();
            let attendues: Vec<Masque> = attendu.lignes.iter().map(|l| l[0].masque).collect();
            assert_eq!((lignes, m[total]), (attendues, attendu.total[0].masque), "{bases:?}");
        }
    }

    /// An académie hidden (secondary) in its région's table has its total
    /// hidden in its own départements' table, and then one of its
    /// départements too: neither sum gives the 3 back.
    #[test]
    fn a_cell_hidden_in_one_table_is_hidden_in_every_table_it_belongs_to() {
        let mut t = TableauxLies::default();
        // Académie A: one département of 3 (A1); académie B: départements of
        // 6 and 6 (B1, B2), so 12; académie C: 12; the région: 27.
        let a1 = t.case(3);
        let a = t.case(3);
        t.somme(vec![a1], a);
        let (b1, b2) = (t.case(6), t.case(6));
        let b = t.case(12);
        t.somme(vec![b1, b2], b);
        let c = t.case(12);
        let region = t.case(27);
        t.somme(vec![a, b, c], region);
        let m = t.masques();
        assert_eq!((m[a1], m[a]), (P, P));
        // The smallest visible académie (B, 12, before C on the tie) goes with A…
        assert_eq!((m[b], m[c], m[region]), (S, V, V));
        // … and so one of B's départements, or B would be their sum.
        assert_eq!((m[b1], m[b2]), (S, V));
    }

    /// A follower goes with its leader, and the sums it is in follow it.
    #[test]
    fn followers_are_hidden_with_their_leader() {
        let mut t = TableauxLies::default();
        let compte = t.case(6);
        let moyenne = t.case(6);
        let autre_moyenne = t.case(9);
        let total = t.case(15);
        t.suite(compte, moyenne);
        t.somme(vec![moyenne, autre_moyenne], total);
        assert_eq!(t.masques(), [V, V, V, V]);
        let mut t2 = t.clone();
        t2.bases[compte] = 3;
        assert_eq!(t2.masques(), [P, S, S, V]);
    }
}
