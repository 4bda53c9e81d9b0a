//! Hand-computed cases. The eple referential has 5 domains of 4 items each:
//! PIL-1..4, FOR-1..4, IMP-1..4, PED-1..4, INF-1..4.

use super::*;
use crate::diagnostic::Reponse::{AucunNiveau as A, Niveau1 as N1, Niveau2 as N2, Niveau3 as N3};

fn eple() -> &'static Referentiel {
    Referentiel::publie("eple", "2026.1").unwrap()
}

fn reponses(paires: &[(&str, Reponse)]) -> Reponses {
    paires.iter().map(|(id, r)| ((*id).to_string(), *r)).collect()
}

/// PIL: 3,2,2,1 · FOR: 0,1,—,2 · IMP: — · PED: 3,3,3,2 · INF: 1,2,1,—
fn cas_a() -> Reponses {
    reponses(&[
        ("PIL-1", N3),
        ("PIL-2", N2),
        ("PIL-3", N2),
        ("PIL-4", N1),
        ("FOR-1", A),
        ("FOR-2", N1),
        ("FOR-4", N2),
        ("PED-1", N3),
        ("PED-2", N3),
        ("PED-3", N3),
        ("PED-4", N2),
        ("INF-1", N1),
        ("INF-2", N2),
        ("INF-3", N1),
    ])
}

fn ids(liste: &[ItemClasse]) -> Vec<&str> {
    liste.iter().map(|i| i.item_id.as_str()).collect()
}

#[test]
fn domain_maturity_is_the_mean_of_answered_items() {
    let r = calculer(eple(), &cas_a());
    let centiemes: Vec<Option<u32>> = r.domaines.iter().map(|d| d.maturite.centiemes()).collect();
    // PIL 8/4 = 2.00 · FOR 3/3 = 1.00 · IMP none · PED 11/4 = 2.75 · INF 4/3 = 1.33
    assert_eq!(centiemes, [Some(200), Some(100), None, Some(275), Some(133)]);
    assert_eq!(r.domaines[4].maturite, Maturite { somme: 4, repondus: 3 });
    assert!((r.domaines[4].maturite.moyenne().unwrap() - 4.0 / 3.0).abs() < 1e-12);
    assert_eq!(r.domaines[2].maturite.moyenne(), None);
}

#[test]
fn hundredths_round_half_up() {
    assert_eq!(Maturite { somme: 5, repondus: 8 }.centiemes(), Some(63)); // 0.625
    assert_eq!(Maturite { somme: 1, repondus: 8 }.centiemes(), Some(13)); // 0.125
    assert_eq!(Maturite { somme: 2, repondus: 3 }.centiemes(), Some(67)); // 0.666…
    assert_eq!(Maturite { somme: 0, repondus: 0 }.centiemes(), None);
}

#[test]
fn level_reached_is_the_lowest_answered_level() {
    let r = calculer(eple(), &cas_a());
    let niveaux: Vec<Option<u8>> = r.domaines.iter().map(|d| d.niveau_atteint).collect();
    assert_eq!(niveaux, [Some(1), Some(0), None, Some(2), Some(1)]);
    let complets: Vec<bool> = r.domaines.iter().map(|d| d.complet).collect();
    assert_eq!(complets, [true, false, false, true, false]);
}

#[test]
fn completion_counts_answers_including_aucun() {
    let r = calculer(eple(), &cas_a());
    assert_eq!((r.repondus, r.total), (14, 20));
    assert_eq!(r.completion_pourcent(), 70);
    let vide = calculer(eple(), &Reponses::new());
    assert_eq!((vide.repondus, vide.completion_pourcent()), (0, 0));
}

#[test]
fn overall_profile() {
    let r = calculer(eple(), &cas_a());
    // 26 points over 14 answers = 1.857 → 186 hundredths; IMP has no answer so no overall level.
    assert_eq!(r.profil.maturite, Maturite { somme: 26, repondus: 14 });
    assert_eq!(r.profil.maturite.centiemes(), Some(186));
    assert_eq!(r.profil.niveau_global, None);

    let mut toutes: Reponses = eple().items().map(|i| (i.id.clone(), N2)).collect();
    toutes.insert("INF-3".into(), N1);
    let r = calculer(eple(), &toutes);
    assert_eq!(r.profil.niveaux, [Some(2), Some(2), Some(2), Some(2), Some(1)]);
    assert_eq!(r.profil.niveau_global, Some(1));
    assert_eq!(r.completion_pourcent(), 100);
}

#[test]
fn strengths_highest_level_then_strongest_domain() {
    let r = calculer(eple(), &cas_a());
    // Level 3: PED-1..3 (PED 2.75) before PIL-1 (PIL 2.00); then level 2 in PED first.
    assert_eq!(ids(&r.forces), ["PED-1", "PED-2", "PED-3", "PIL-1", "PED-4"]);
}

#[test]
fn priorities_lowest_level_then_weakest_domain() {
    let r = calculer(eple(), &cas_a());
    // Aucun: FOR-1; then level 1 by domain mean FOR 1.00 < INF 1.33 < PIL 2.00.
    assert_eq!(ids(&r.priorites), ["FOR-1", "FOR-2", "INF-1", "INF-3", "PIL-4"]);
    let toutes_n3: Reponses = eple().items().map(|i| (i.id.clone(), N3)).collect();
    assert!(calculer(eple(), &toutes_n3).priorites.is_empty());
}

#[test]
fn change_since_previous_year() {
    let precedent =
        reponses(&[("PIL-1", N1), ("PIL-2", N1), ("PIL-3", N1), ("PIL-4", N1), ("PED-1", N3), ("INF-1", N2)]);
    let e = evolution(eple(), &cas_a(), eple(), &precedent, &Passage::identite());
    let ecarts: Vec<Option<i32>> = e.domaines.iter().map(|d| d.ecart_centiemes).collect();
    // PIL 100 → 200 · FOR none before · IMP none · PED 300 → 275 · INF 200 → 133
    assert_eq!(ecarts, [Some(100), None, None, Some(-25), Some(-67)]);
    assert_eq!((e.domaines[0].niveau_avant, e.domaines[0].niveau_apres), (Some(1), Some(1)));
    let progres: Vec<(&str, u8, u8)> = e.progres.iter().map(|i| (i.item_id.as_str(), i.avant, i.apres)).collect();
    assert_eq!(progres, [("PIL-1", 1, 3), ("PIL-2", 1, 2), ("PIL-3", 1, 2)]);
    let reculs: Vec<(&str, u8, u8)> = e.reculs.iter().map(|i| (i.item_id.as_str(), i.avant, i.apres)).collect();
    assert_eq!(reculs, [("INF-1", 2, 1)]);
}

#[test]
fn change_ignores_items_missing_from_the_previous_referential() {
    let mut ancien = eple().clone();
    ancien.domaines[0].items.retain(|i| i.id != "PIL-1");
    let precedent = reponses(&[("PIL-1", N1), ("PIL-2", N3)]);
    let e = evolution(eple(), &cas_a(), &ancien, &precedent, &Passage::identite());
    assert!(e.progres.is_empty());
    assert_eq!(e.reculs.len(), 1);
    assert_eq!(e.reculs[0].item_id, "PIL-2");
}

/// « Non applicable » is answered (completion, a complete domain) but in no
/// mean and no minimum: PIL 3,NA,2,NA → mean 5/2 = 2.50, level 2, complete;
/// INF NA,NA,NA,NA → no mean, no level, complete; FOR 0,NA,—,— → mean 0.
#[test]
fn not_applicable_counts_as_answered_but_in_no_mean_or_minimum() {
    use crate::diagnostic::Reponse::NonApplicable as NA;
    let r = calculer(
        eple(),
        &reponses(&[
            ("PIL-1", N3),
            ("PIL-2", NA),
            ("PIL-3", N2),
            ("PIL-4", NA),
            ("INF-1", NA),
            ("INF-2", NA),
            ("INF-3", NA),
            ("INF-4", NA),
            ("FOR-1", A),
            ("FOR-2", NA),
        ]),
    );
    let pil = &r.domaines[0];
    assert_eq!((pil.maturite.somme, pil.maturite.repondus, pil.non_applicables), (5, 2, 2));
    assert_eq!((pil.maturite.centiemes(), pil.niveau_atteint, pil.complet), (Some(250), Some(2), true));
    let inf = &r.domaines[4];
    assert_eq!((inf.maturite.centiemes(), inf.niveau_atteint, inf.complet, inf.non_applicables), (None, None, true, 4));
    let for_ = &r.domaines[1];
    assert_eq!((for_.maturite.centiemes(), for_.niveau_atteint, for_.complet), (Some(0), Some(0), false));
    // 10 items answered out of 20; the overall mean is over the 3 valued ones: 5/3.
    assert_eq!((r.repondus, r.total, r.completion_pourcent()), (10, 20, 50));
    assert_eq!((r.profil.maturite.somme, r.profil.maturite.repondus), (5, 3));
    // INF has no level (only NA), so there is no overall level.
    assert_eq!(r.profil.niveau_global, None);
    assert!(r.priorites.iter().all(|i| i.item_id != "PIL-2") && r.forces.iter().all(|i| i.item_id != "INF-1"));
}
