use super::*;
use crate::Reponse;

fn eple() -> &'static Referentiel {
    Referentiel::publie("eple", "2026.1").unwrap()
}

fn ecole() -> &'static Referentiel {
    Referentiel::publie("ecole", "2026.1").unwrap()
}

#[test]
fn answers_encode_one_character_per_item() {
    let r = eple();
    let niveaux = encoder(r, |id| match id {
        "PIL-1" => Reponse::Niveau3,
        "PIL-2" => Reponse::AucunNiveau,
        _ => Reponse::NonRenseigne,
    });
    assert_eq!(niveaux.len(), 20);
    assert_eq!(&niveaux[..4], "30--");
    let na = encoder(r, |id| if id == "PIL-2" { Reponse::NonApplicable } else { Reponse::Niveau1 });
    assert_eq!(&na[..3], "1n1");
    assert!(niveaux_valides(r, &na));
    assert_eq!(decoder(r, &na)["PIL-2"], Reponse::NonApplicable);
    assert_eq!(decoder(r, &niveaux).len(), 2);
    assert!(niveaux_valides(r, &niveaux));
    assert!(!niveaux_valides(r, "30--"));
    assert!(!niveaux_valides(r, &"4".repeat(20)));
}

#[test]
fn domain_maturity_leaves_unanswered_items_out() {
    // PIL: 3, 0, -, 2 → (3+0+2)/3; FOR: nothing answered.
    let m = maturites(eple(), "30-2----111122223333");
    assert_eq!((m[0].somme, m[0].repondus), (5, 3));
    assert_eq!(m[1].repondus, 0);
    assert_eq!((m[2].somme, m[2].repondus), (4, 4));
    assert_eq!(m[4].centiemes(), Some(300));
}

#[test]
fn territory_mean_is_the_mean_of_establishments_means() {
    let mut a = Agregat::default();
    // PIL means: 2.0 and (3+3+3+0)/4 = 2.25 → 2.125; FOR: only the first answered.
    a.ajouter(eple(), "22221---------------", true);
    a.ajouter(eple(), "3330----------------", false);
    assert_eq!(a.diagnostics, 2);
    assert_eq!(a.non_enroles, 1);
    assert_eq!(a.moyenne("PIL").valeur(), Some(2.125));
    assert_eq!(a.moyenne("FOR").etablissements, 1);
    assert_eq!(a.moyenne("FOR").valeur(), Some(1.0));
    assert_eq!(a.moyenne("PED").valeur(), None);
    let c = a.comptes(eple(), |_| Some(Lecture::identite(eple()))).unwrap();
    // PIL-1: one 2, one 3; PIL-4: one 2, one aucun; FOR-2: two non renseigné.
    assert_eq!(c[0], [0, 0, 1, 1, 0, 0]);
    assert_eq!(c[3], [1, 0, 1, 0, 0, 0]);
    assert_eq!(c[5], [0, 0, 0, 0, 0, 2]);
    assert!(a.comptes(ecole(), |_| Some(Lecture::identite(ecole()))).is_none());
}

#[test]
fn totals_merge_territories_and_referentials() {
    let mut a = Agregat::default();
    a.ajouter(eple(), &"1".repeat(20), true);
    let mut b = Agregat::default();
    b.ajouter(ecole(), &"3".repeat(20), true);
    b.ajouter(eple(), &"2".repeat(20), true);
    let mut total = Agregat::default();
    total.fusionner(&a);
    total.fusionner(&b);
    assert_eq!(total.diagnostics, 3);
    assert_eq!(total.moyenne("INF").valeur(), Some(2.0));
    assert_eq!(total.comptes(eple(), |_| Some(Lecture::identite(eple()))).unwrap()[7], [0, 1, 1, 0, 0, 0]);
    assert_eq!(total.comptes(ecole(), |_| Some(Lecture::identite(ecole()))).unwrap()[19], [0, 0, 0, 1, 0, 0]);
    assert_eq!(total.diagnostics_en_version("eple", "2026.1"), 2);
}

#[test]
fn participation_rate_is_rounded_half_up_in_tenths_of_percent() {
    assert_eq!(taux_pour_mille(1, 3), Some(333));
    assert_eq!(taux_pour_mille(2, 3), Some(667));
    assert_eq!(taux_pour_mille(1, 8), Some(125));
    assert_eq!(taux_pour_mille(0, 0), None);
}

#[test]
fn cells_under_five_are_hidden_and_a_second_one_when_alone() {
    use Masque::{Primaire as P, Secondaire as S, Visible as V};
    // Nothing small: all visible.
    assert_eq!(secret(&[5, 12, 0]), [V, V, V]);
    // One small cell: the smallest other non-zero cell goes too.
    assert_eq!(secret(&[6, 2, 9, 0, 7]), [S, P, V, V, V]);
    // Two small cells: they protect each other.
    assert_eq!(secret(&[6, 2, 9, 4]), [V, P, V, P]);
    // Ties take the first.
    assert_eq!(secret(&[8, 1, 8]), [S, P, V]);
    // Alone in the table: nothing else to hide (the total is then < 5 and
    // hidden by the same rule).
    assert_eq!(secret(&[3, 0]), [P, V]);
}

/// Two versions in one year, by hand. A on eple 2026.1, B on the test version
/// 2026.9 (PIL-2 levels 1→1 2→1 3→2, PIL-3 split, FOR-1+FOR-2 merged, IMP-4
/// « non applicable » allowed, PED-2 to answer again, INF-4 removed, INF-5 new).
/// Domains: each as its version defines it. Items: in 2026.9, and A counts
/// only where the correspondence makes the item comparable.
#[test]
fn two_versions_combine_through_the_correspondence() {
    use crate::referentiel::correspondance::tests::EPLE_2026_9;
    let v1 = eple();
    let v9 = Referentiel::depuis_json(EPLE_2026_9).unwrap();
    let mut catalogue = crate::referentiel::Catalogue::embarque().clone();
    catalogue.ajouter(v9.clone()).unwrap();
    let passage = catalogue.passage(v1, &v9).unwrap();
    let mut a = Agregat::default();
    // 2026.1: PIL 3 2 1 0 · FOR 2 2 1 1 · IMP 1 1 1 1 · PED 3 3 3 3 · INF 2 2 2 2
    a.ajouter(v1, "32102211111133332222", true);
    // 2026.9: PIL 2 2 3 1 1 · FOR 2 2 2 · IMP 2 2 2 na · PED 1 1 1 1 · INF 3 3 3 —
    a.ajouter(&v9, "22311222222n1111333-", true);
    // PIL (1.5 + 1.8) / 2 · FOR (1.5 + 2) / 2 · IMP (1 + 2) / 2 · PED (3 + 1) / 2 · INF (2 + 3) / 2
    let moyennes: Vec<f64> =
        ["PIL", "FOR", "IMP", "PED", "INF"].iter().map(|d| a.moyenne(d).valeur().unwrap()).collect();
    assert_eq!(moyennes, [1.65, 1.75, 1.5, 2.0, 2.5]);
    let c = a
        .comptes(&v9, |version| match version {
            "2026.1" => Some(Lecture::nouvelle(v1, &v9, &passage)),
            "2026.9" => Some(Lecture::identite(&v9)),
            _ => None,
        })
        .unwrap();
    let par_item: Vec<(&str, [u32; COLONNES_NIVEAUX])> =
        v9.items().map(|i| i.id.as_str()).zip(c.iter().copied()).collect();
    let attendu: [(&str, [u32; 6]); 20] = [
        ("PIL-1", [0, 0, 1, 1, 0, 0]),
        ("PIL-2", [0, 1, 1, 0, 0, 0]), // A's 2 reads 1
        ("PIL-3", [0, 0, 0, 1, 0, 0]), // split: B only
        ("PIL-4", [1, 1, 0, 0, 0, 0]),
        ("PIL-5", [0, 1, 0, 0, 0, 0]),
        ("FOR-1", [0, 0, 1, 0, 0, 0]), // merged: B only
        ("FOR-3", [0, 1, 1, 0, 0, 0]),
        ("FOR-4", [0, 1, 1, 0, 0, 0]),
        ("IMP-1", [0, 1, 1, 0, 0, 0]),
        ("IMP-2", [0, 1, 1, 0, 0, 0]),
        ("IMP-3", [0, 1, 1, 0, 0, 0]),
        ("IMP-4", [0, 1, 0, 0, 1, 0]), // B: non applicable
        ("PED-1", [0, 1, 0, 1, 0, 0]),
        ("PED-2", [0, 1, 0, 0, 0, 0]), // answered again: B only
        ("PED-3", [0, 1, 0, 1, 0, 0]),
        ("PED-4", [0, 1, 0, 1, 0, 0]),
        ("INF-1", [0, 0, 1, 1, 0, 0]),
        ("INF-2", [0, 0, 1, 1, 0, 0]),
        ("INF-3", [0, 0, 1, 1, 0, 0]),
        ("INF-5", [0, 0, 0, 0, 0, 1]), // new: B, not answered
    ];
    assert_eq!(par_item, attendu);
    assert_eq!((a.diagnostics_en_version("eple", "2026.1"), a.diagnostics_en_version("eple", "2026.9")), (1, 1));
}

#[test]
fn a_domain_mean_is_the_same_whatever_order_establishments_come_in() {
    // (sum of levels, items answered) of seven establishments.
    let maturites = [(5, 3), (4, 4), (7, 6), (1, 1), (11, 5), (2, 7), (13, 6)];
    let mut dans_l_ordre = Moyenne::default();
    for &(s, r) in &maturites {
        dans_l_ordre.ajouter(s, r);
    }
    let mut a_l_envers = Moyenne::default();
    for &(s, r) in maturites.iter().rev() {
        a_l_envers.ajouter(s, r);
    }
    let (mut debut, mut fin) = (Moyenne::default(), Moyenne::default());
    for &(s, r) in &maturites[..3] {
        debut.ajouter(s, r);
    }
    for &(s, r) in &maturites[3..] {
        fin.ajouter(s, r);
    }
    fin.fusionner(&debut);
    let attendu = (5.0 / 3.0 + 1.0 + 7.0 / 6.0 + 1.0 + 11.0 / 5.0 + 2.0 / 7.0 + 13.0 / 6.0) / 7.0;
    let v = dans_l_ordre.valeur().unwrap();
    assert!((v - attendu).abs() < 1e-12, "{v} {attendu}");
    assert_eq!(v.to_bits(), a_l_envers.valeur().unwrap().to_bits());
    assert_eq!(v.to_bits(), fin.valeur().unwrap().to_bits());
    assert_eq!(dans_l_ordre.etablissements, 7);
    assert_eq!(Moyenne::default().valeur(), None);
}
