//! Hand-built cases on the test-only version eple 2026.9
//! (`tests/fixtures/referentiels/eple-2026.9.json`), whose correspondence
//! from 2026.1 keeps PIL-1, rewords PIL-2 with harder levels (1→1, 2→1,
//! 3→2), splits PIL-3 into PIL-3 and PIL-5 (à revoir), merges FOR-1 and
//! FOR-2 into FOR-1, rewords IMP-4 (« non applicable » allowed) and PED-2
//! (answer not carried), removes INF-4 and adds INF-5.

use super::*;
use crate::diagnostic::Reponse::{AucunNiveau as A, Niveau1 as N1, Niveau2 as N2, Niveau3 as N3, NonApplicable as NA};

pub(crate) const EPLE_2026_9: &str = include_str!("../../../../../tests/fixtures/referentiels/eple-2026.9.json");

fn v1() -> &'static Referentiel {
    Referentiel::publie("eple", "2026.1").unwrap()
}

fn v9() -> Referentiel {
    Referentiel::depuis_json(EPLE_2026_9).unwrap()
}

fn contenu(reponses: &[(&str, Reponse)], commentaires: &[(&str, &str)]) -> Contenu {
    Contenu {
        reponses: reponses.iter().map(|(i, r)| ((*i).to_string(), *r)).collect(),
        commentaires: commentaires.iter().map(|(i, t)| ((*i).to_string(), (*t).to_string())).collect(),
        a_revoir: BTreeSet::new(),
    }
}

fn passe<R>(f: impl FnOnce(&Passage<'_>) -> R) -> R {
    let nouveau = v9();
    nouveau.correspondance.as_ref().unwrap().verifier_depuis(&nouveau, v1()).unwrap();
    f(&Passage::par(&[v1(), &nouveau]))
}

fn ids(v: &BTreeSet<String>) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn equivalent_and_reworded_items_carry_through_the_level_table() {
    let (c, perdus) = passe(|p| {
        p.reporter(&contenu(&[("PIL-1", N2), ("PIL-2", N3), ("PIL-4", A), ("IMP-4", N1)], &[("PIL-2", "vu")]))
    });
    assert_eq!(c.reponses["PIL-1"], N2);
    // PIL-2 was at 3: reads 2 in 2026.9; « aucun » stays « aucun ».
    assert_eq!((c.reponses["PIL-2"], c.reponses["PIL-4"], c.reponses["IMP-4"]), (N2, A, N1));
    assert_eq!(c.commentaires["PIL-2"], "vu");
    assert!(c.a_revoir.is_empty() && perdus.is_empty(), "{:?} {perdus:?}", c.a_revoir);
}

#[test]
fn a_split_item_gives_its_answer_and_comment_to_both_new_items_to_be_reviewed() {
    let (c, perdus) = passe(|p| p.reporter(&contenu(&[("PIL-3", N2)], &[("PIL-3", "bilan fait en juin")])));
    assert_eq!((c.reponses["PIL-3"], c.reponses["PIL-5"]), (N2, N2));
    assert_eq!(
        (c.commentaires["PIL-3"].as_str(), c.commentaires["PIL-5"].as_str()),
        ("bilan fait en juin", "bilan fait en juin")
    );
    assert_eq!(ids(&c.a_revoir), ["PIL-3", "PIL-5"]);
    assert!(perdus.is_empty());
}

/// The merge rule: equal answers give that answer; different answers (or one
/// missing) give the lowest and « à revoir »; comments are joined, each
/// prefixed by its old item.
#[test]
fn merged_items_take_the_common_answer_or_the_lowest_to_be_reviewed() {
    let (c, _) = passe(|p| p.reporter(&contenu(&[("FOR-1", N2), ("FOR-2", N2)], &[])));
    assert_eq!(c.reponses["FOR-1"], N2);
    assert!(c.a_revoir.is_empty());

    let (c, _) = passe(|p| {
        p.reporter(&contenu(&[("FOR-1", N3), ("FOR-2", N1)], &[("FOR-1", "plan voté"), ("FOR-2", "peu d’échanges")]))
    });
    assert_eq!(c.reponses["FOR-1"], N1);
    assert_eq!(ids(&c.a_revoir), ["FOR-1"]);
    assert_eq!(c.commentaires["FOR-1"], "FOR-1 : plan voté\n\nFOR-2 : peu d’échanges");

    let (c, _) = passe(|p| p.reporter(&contenu(&[("FOR-2", N3)], &[])));
    assert_eq!(c.reponses["FOR-1"], N3);
    assert_eq!(ids(&c.a_revoir), ["FOR-1"]);
}

#[test]
fn what_cannot_carry_is_listed_with_its_reason() {
    let (c, perdus) = passe(|p| {
        p.reporter(&contenu(
            &[("INF-4", N3), ("PED-2", N2), ("PED-1", NA)],
            &[("INF-4", "tablettes"), ("PED-2", "projets")],
        ))
    });
    // PED-2's comment carries, its answer does not; INF-4 carries nothing; a
    // « non applicable » on an item that no longer allows it does not carry.
    assert_eq!(c.commentaires.keys().collect::<Vec<_>>(), ["PED-2"]);
    assert!(c.reponses.is_empty(), "{:?}", c.reponses);
    let lignes: Vec<(&str, Element)> = perdus.iter().map(|n| (n.item.as_str(), n.element)).collect();
    assert_eq!(
        lignes,
        [
            ("PED-1", Element::Reponse),
            ("PED-2", Element::Reponse),
            ("INF-4", Element::Reponse),
            ("INF-4", Element::Commentaire)
        ]
    );
    assert!(perdus[1].raison.contains("demande d’y répondre à nouveau"), "{}", perdus[1].raison);
    assert!(perdus[2].raison.contains("retiré du référentiel en version 2026.9"), "{}", perdus[2].raison);
    assert!(perdus.iter().all(|n| n.version == "2026.1"));
}

#[test]
fn merged_comments_that_would_be_too_long_are_listed_not_cut() {
    let long = "x".repeat(900);
    let (c, perdus) = passe(|p| p.reporter(&contenu(&[], &[("FOR-1", &long), ("FOR-2", &long)])));
    assert_eq!(c.commentaires["FOR-1"], format!("FOR-1 : {long}"));
    assert_eq!(perdus.len(), 1);
    assert_eq!((perdus[0].item.as_str(), perdus[0].element), ("FOR-2", Element::Commentaire));
}

#[test]
fn actions_follow_the_first_new_item_and_the_level_table() {
    passe(|p| {
        assert_eq!(p.action("PIL-3", 3), Ok(("PIL-3".to_string(), 3)));
        assert_eq!(p.action("PIL-2", 3), Ok(("PIL-2".to_string(), 2)));
        // Level 2 reads 1; a target never falls below 1.
        assert_eq!(p.action("PIL-2", 2), Ok(("PIL-2".to_string(), 1)));
        assert_eq!(p.action("FOR-2", 2), Ok(("FOR-1".to_string(), 2)));
        assert!(p.action("INF-4", 2).unwrap_err().contains("retiré"));
    });
}

#[test]
fn only_equivalent_or_reworded_items_without_review_are_comparable() {
    passe(|p| {
        assert_eq!(p.comparable("PIL-1"), Some(("PIL-1".to_string(), [0, 1, 2, 3])));
        assert_eq!(p.comparable("PIL-2"), Some(("PIL-2".to_string(), [0, 1, 1, 2])));
        assert_eq!(p.comparable("IMP-4"), Some(("IMP-4".to_string(), [0, 1, 2, 3])));
        for sans in ["PIL-3", "PIL-5", "FOR-1", "PED-2", "INF-5"] {
            assert_eq!(p.comparable(sans), None, "{sans}");
        }
    });
    assert_eq!(Passage::identite().comparable("PIL-3"), Some(("PIL-3".to_string(), [0, 1, 2, 3])));
}

/// Year-over-year change through the correspondence, by hand: 2025-2026 on
/// 2026.1, 2026-2027 on 2026.9.
#[test]
fn change_across_versions_compares_only_comparable_items() {
    let nouveau = v9();
    let p = Passage::par(&[v1(), &nouveau]);
    let avant =
        contenu(&[("PIL-1", N1), ("PIL-2", N3), ("PIL-3", N1), ("FOR-1", N1), ("FOR-2", N1), ("PED-2", N1)], &[]);
    let apres =
        contenu(&[("PIL-1", N2), ("PIL-2", N2), ("PIL-3", N3), ("PIL-5", N3), ("FOR-1", N3), ("PED-2", N3)], &[]);
    let e = crate::resultats::evolution(&nouveau, &apres.reponses, v1(), &avant.reponses, &p);
    let progres: Vec<(&str, u8, u8)> = e.progres.iter().map(|i| (i.item_id.as_str(), i.avant, i.apres)).collect();
    // PIL-1 1 → 2 is progress; PIL-2 was 3, which reads 2 now: no change.
    // PIL-3, PIL-5, FOR-1 and PED-2 have no comparable item: not progress.
    assert_eq!(progres, [("PIL-1", 1, 2)]);
    assert!(e.reculs.is_empty());
    assert_eq!(e.sans_equivalent, ["PIL-3", "PIL-5", "FOR-1", "PED-2", "INF-5"]);
    // Domains: each year's own maturity. PIL 2025: (1+3+1)/3 = 167; 2026: (2+2+3+3)/4 = 250.
    assert_eq!(e.domaines[0].ecart_centiemes, Some(83));
}

fn refus(modifier: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(EPLE_2026_9).unwrap();
    modifier(&mut v);
    match Referentiel::depuis_json(&v.to_string()) {
        Err(e) => e.to_string(),
        Ok(r) => r.correspondance.as_ref().unwrap().verifier_depuis(&r, v1()).unwrap_err().to_string(),
    }
}

fn lien_de(v: &mut serde_json::Value, avant: &str) -> usize {
    v["correspondance"]["liens"]
        .as_array()
        .unwrap()
        .iter()
        .position(|l| l["avant"].as_array().is_some_and(|a| a.iter().any(|x| x == avant)))
        .unwrap()
}

#[test]
fn a_broken_mapping_is_refused_naming_the_faulty_element() {
    let e = refus(|v| {
        let i = lien_de(v, "INF-4");
        v["correspondance"]["liens"].as_array_mut().unwrap().remove(i);
    });
    assert!(e.contains("l’item INF-4 de la version 2026.1 n’est mis en correspondance nulle part"), "{e}");

    let e = refus(|v| {
        let i = lien_de(v, "PIL-2");
        v["correspondance"]["liens"][i]["niveaux"][2]["avant"] = 2.into();
    });
    assert!(e.contains("le lien n° 2 (PIL-2 → PIL-2) met le niveau 2 en correspondance deux fois"), "{e}");

    let e = refus(|v| {
        let i = lien_de(v, "PIL-2");
        v["correspondance"]["liens"][i]["niveaux"].as_array_mut().unwrap().pop();
    });
    assert!(e.contains("ne dit pas ce que devient le niveau 3"), "{e}");

    let e = refus(|v| v["correspondance"]["depuis"] = "2026.9".into());
    assert!(
        e.contains("part de la version 2026.9, qui n’est pas antérieure : les versions formeraient un cycle"),
        "{e}"
    );

    let e = refus(|v| {
        let i = lien_de(v, "FOR-2");
        v["correspondance"]["liens"][i]["avant"] = serde_json::json!(["FOR-2"]);
    });
    assert!(e.contains("est « fusionne » : il doit relier au moins deux anciens items et un nouveau"), "{e}");

    let e = refus(|v| {
        let i = lien_de(v, "PIL-1");
        v["correspondance"]["liens"][i]["avant"] = serde_json::json!(["PIL-4"]);
    });
    assert!(e.contains("l’item PIL-4 de la version 2026.1 apparaît dans deux liens (n° 1 et n° 4)"), "{e}");

    let e = refus(|v| {
        v["correspondance"]["liens"].as_array_mut().unwrap().pop();
    });
    assert!(e.contains("l’item INF-5 de la version 2026.9 n’apparaît dans aucun lien"), "{e}");

    let e = refus(|v| v["correspondance"]["empreinte"] = "0".repeat(64).into());
    assert!(e.contains("dont l’empreinte diffère de celle du texte publié"), "{e}");

    let e = refus(|v| {
        let i = lien_de(v, "PIL-1");
        v["correspondance"]["liens"][i]["relation"] = "identique".into();
    });
    assert!(e.contains("la valeur « identique » n’est pas prévue : attendu equivalent, reformule, scinde"), "{e}");

    let e = refus(|v| {
        let i = lien_de(v, "PIL-1");
        v["correspondance"]["liens"][i]["a_revoir"] = true.into();
    });
    assert!(e.contains("(PIL-1 → PIL-1) est « equivalent » : ses niveaux restent les mêmes"), "{e}");

    let e = refus(|v| {
        let i = lien_de(v, "INF-4");
        v["correspondance"]["liens"][i]["reporter"] = serde_json::json!(["commentaire"]);
    });
    assert!(e.contains("est « retire » : rien ne peut s’y reporter"), "{e}");
}
