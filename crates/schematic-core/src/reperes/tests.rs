use super::*;
use crate::secret::Masque;
use crate::secret::Masque::{Primaire as P, Secondaire as S, Visible as V};

fn eple() -> &'static Referentiel {
    Referentiel::embarque("eple").unwrap()
}

fn ecole() -> &'static Referentiel {
    Referentiel::embarque("ecole").unwrap()
}

/// `n` establishments answering every item of `r` at `niveau`.
fn agregat(r: &Referentiel, n: u32, niveau: u8) -> Agregat {
    let mut a = Agregat::default();
    let niveaux: String = std::iter::repeat_n(char::from(b'0' + niveau), r.nombre_items()).collect();
    for _ in 0..n {
        a.ajouter(r, &niveaux, true);
    }
    a
}

fn domaines(r: &Referentiel) -> Vec<String> {
    r.domaines.iter().map(|d| d.id.clone()).collect()
}

fn trouver<'a>(r: &'a Reperes, famille: &str, echelon: Echelon, code: &str) -> &'a Groupe {
    r.groupes
        .iter()
        .find(|g| g.famille == famille && g.echelon == echelon && g.code == code)
        .unwrap_or_else(|| panic!("{famille} {code}"))
}

/// The académie de Bordeaux's five départements (24, 33, 40, 47, 64) with
/// 6, 5, 2, 7 and 0 collèges answering — each département at one level
/// (24 at 1, 33 at 3, 40 and 47 at 2) — and écoles 9, 1, 9, 9, 0 (all at 2);
/// one lycée, in the Landes.
fn cas() -> Reperes {
    let (e, c) = (ecole(), eple());
    let mut d = Vec::new();
    for (dep, n, niveau) in [("24", 6, 1), ("33", 5, 3), ("40", 2, 2), ("47", 7, 2), ("64", 0, 2)] {
        d.push(("college".to_string(), dep.to_string(), agregat(c, n, niveau)));
    }
    for (dep, n) in [("24", 9), ("33", 1), ("40", 9), ("47", 9), ("64", 0)] {
        d.push(("ecole".to_string(), dep.to_string(), agregat(e, n, 2)));
    }
    d.push(("lycee".to_string(), "40".to_string(), agregat(c, 1, 3)));
    let mut ids = domaines(c);
    for x in domaines(e) {
        if !ids.contains(&x) {
            ids.push(x);
        }
    }
    calculer(&d, &ids, &[e, c], |reference, version| {
        (version == reference.version).then(|| Lecture::identite(reference))
    })
}

#[test]
fn the_6_5_2_7_0_colleges_hide_the_2_and_the_5_and_keep_the_academie() {
    let r = cas();
    assert_eq!(r.academies, ["Bordeaux"]);
    let compte = |dep: &str| {
        let g = trouver(&r, "college", Echelon::Departement, dep);
        (g.etablissements.valeur, g.etablissements.masque)
    };
    assert_eq!(compte("24"), (Valeur::Entier(6), V));
    assert_eq!(compte("33"), (Valeur::Entier(5), S));
    assert_eq!(compte("40"), (Valeur::Entier(2), P));
    assert_eq!(compte("47"), (Valeur::Entier(7), V));
    // No collège in the Pyrénées-Atlantiques answered: no group.
    assert!(!r.groupes.iter().any(|g| g.famille == "college" && g.code == "64"));
    let academie = trouver(&r, "college", Echelon::Academie, "Bordeaux");
    assert_eq!((academie.etablissements.valeur, academie.etablissements.masque), (Valeur::Entier(20), V));
    // One académie of Nouvelle-Aquitaine only: no région group.
    assert!(!r.groupes.iter().any(|g| g.echelon == Echelon::RegionAcademique));

    // Means, hand-computed: (6 × 1 + 5 × 3 + 2 × 2 + 7 × 2) / 20 = 1.95 in
    // every domain; a département's mean goes with its count.
    for (id, c) in &academie.domaines {
        assert_eq!((c.valeur, c.masque), (Valeur::Entier(195), V), "{id}");
    }
    let moyennes = |dep: &str| -> Vec<(Valeur, Masque)> {
        trouver(&r, "college", Echelon::Departement, dep).domaines.iter().map(|(_, c)| (c.valeur, c.masque)).collect()
    };
    assert!(moyennes("24").iter().all(|m| *m == (Valeur::Entier(100), V)));
    assert!(moyennes("33").iter().all(|m| *m == (Valeur::Entier(300), S)));
    assert!(moyennes("40").iter().all(|m| *m == (Valeur::Entier(200), P)));
    assert!(moyennes("47").iter().all(|m| *m == (Valeur::Entier(200), V)));

    // Items at the académie: 6 at level 1, 9 at level 2, 5 at level 3 —
    // all visible, and the total is the count.
    let items = &academie.referentiels[0];
    assert_eq!((items.id.as_str(), items.items.len()), ("eple", eple().nombre_items()));
    for item in &items.items {
        let vus: Vec<Option<Valeur>> = item.niveaux.iter().map(Case::publiee).collect();
        let e = |n| Some(Valeur::Entier(n));
        assert_eq!(vus, [e(0), e(6), e(9), e(5), e(0), e(0)], "{}", item.id);
    }
    // In the Landes, the 2 collèges at level 2 are hidden in every item.
    let landes = trouver(&r, "college", Echelon::Departement, "40");
    assert!(landes.referentiels[0].items.iter().all(|i| i.niveaux[2].masque == P));
}

#[test]
fn each_family_is_protected_on_its_own() {
    let r = cas();
    let compte = |dep: &str| trouver(&r, "ecole", Echelon::Departement, dep).etablissements.masque;
    // Écoles 9, 1, 9, 9: the 1 is hidden, and the first smallest other (24).
    assert_eq!([compte("24"), compte("33"), compte("40"), compte("47")], [S, P, V, V]);
    let academie = trouver(&r, "ecole", Echelon::Academie, "Bordeaux");
    assert_eq!((academie.etablissements.valeur, academie.etablissements.masque), (Valeur::Entier(28), V));
    assert_eq!(academie.referentiels.len(), 1);
    assert_eq!(academie.referentiels[0].id, "ecole");
    // One lycée: hidden in the Landes and in the académie.
    let lycee = |e, code| trouver(&r, "lycee", e, code).etablissements.masque;
    assert_eq!([lycee(Echelon::Departement, "40"), lycee(Echelon::Academie, "Bordeaux")], [P, P]);
    assert!(trouver(&r, "lycee", Echelon::Academie, "Bordeaux").domaines.iter().all(|(_, c)| c.masque != V));
}

/// Whatever the data, no published cell is built from 1 to 4
/// establishments, and no sum leaves exactly one cell hidden.
#[test]
fn no_published_cell_is_small_or_recoverable() {
    let r = cas();
    for g in &r.groupes {
        let mut cases: Vec<&Case> = vec![&g.etablissements];
        cases.extend(g.domaines.iter().map(|(_, c)| c));
        for p in &g.referentiels {
            for item in &p.items {
                cases.extend(item.niveaux.iter());
                let caches = item.niveaux.iter().filter(|c| c.masque != V).count()
                    + usize::from(item.total.masque != V || g.etablissements.masque != V);
                assert_ne!(caches, 1, "{} {} {}", g.famille, g.code, item.id);
            }
        }
        for c in cases {
            assert!(
                c.masque != V || c.base == 0 || c.base >= crate::synthese::SEUIL_SECRET,
                "{} {}",
                g.famille,
                g.code
            );
        }
    }
}

#[test]
fn a_region_is_published_when_two_of_its_academies_answered() {
    let c = eple();
    let d = vec![
        ("college".to_string(), "33".to_string(), agregat(c, 8, 1)),
        ("college".to_string(), "87".to_string(), agregat(c, 3, 3)),
        ("college".to_string(), "86".to_string(), agregat(c, 9, 2)),
    ];
    let r = calculer(&d, &domaines(c), &[c], |reference, version| {
        (version == reference.version).then(|| Lecture::identite(reference))
    });
    assert_eq!(r.academies, ["Bordeaux", "Limoges", "Poitiers"]);
    let region = trouver(&r, "college", Echelon::RegionAcademique, "Nouvelle-Aquitaine");
    assert_eq!((region.etablissements.valeur, region.etablissements.masque), (Valeur::Entier(20), V));
    // Limoges (3) hidden, so Bordeaux (8, the smallest other) too, in the
    // région's table; and Gironde, Bordeaux's only département, with it.
    let m = |e, code| trouver(&r, "college", e, code).etablissements.masque;
    assert_eq!(
        [m(Echelon::Academie, "Limoges"), m(Echelon::Academie, "Bordeaux"), m(Echelon::Academie, "Poitiers")],
        [P, S, V]
    );
    assert_eq!(m(Echelon::Departement, "33"), S);
    // Région mean: (8 × 1 + 3 × 3 + 9 × 2) / 20 = 1.75.
    assert!(region.domaines.iter().all(|(_, c)| c.valeur == Valeur::Entier(175) && c.masque == V));
}
