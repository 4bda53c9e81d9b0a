use super::*;
use crate::Reponse;

fn eple() -> &'static Referentiel {
    Referentiel::embarque("eple").unwrap()
}

fn ecole() -> &'static Referentiel {
    Referentiel::embarque("ecole").unwrap()
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
    let c = a.comptes("eple").unwrap();
    // PIL-1: one 2, one 3; PIL-4: one 2, one aucun; FOR-2: two non renseigné.
    assert_eq!(c[0], [0, 0, 1, 1, 0]);
    assert_eq!(c[3], [1, 0, 1, 0, 0]);
    assert_eq!(c[5], [0, 0, 0, 0, 2]);
    assert!(a.comptes("ecole").is_none());
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
    assert_eq!(total.comptes("eple").unwrap()[7], [0, 1, 1, 0, 0]);
    assert_eq!(total.comptes("ecole").unwrap()[19], [0, 0, 0, 1, 0]);
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
