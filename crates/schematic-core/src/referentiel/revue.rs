//! The 2027.1 texts against the DANE adviser's review of 2026.1
//! (`../shared/reference/referentiel-revue.md` in the project's design notes;
//! summarised in `docs/referentiel.md`): one test per class of fault the
//! review found, on both variants, so a later version cannot bring one back
//! unnoticed.

use super::*;

fn version_2027() -> [&'static Referentiel; 2] {
    [Referentiel::publie("ecole", "2027.1").unwrap(), Referentiel::publie("eple", "2027.1").unwrap()]
}

fn descripteurs(r: &Referentiel) -> impl Iterator<Item = (&Item, usize, &str)> {
    r.items().flat_map(|i| i.niveaux.iter().enumerate().map(move |(k, n)| (i, k + 1, n.as_str())))
}

/// Fault 1: a school that merely obeys the law looked « advanced ». Each
/// obligation the review named sits in its item's level 1, declared with its
/// source; no level 2 or 3 descriptor mentions an obligation.
#[test]
fn legal_obligations_sit_at_level_1_with_their_source() {
    let [ecole, eple] = version_2027();
    let attendues: [(&Referentiel, &[(&str, &str)]); 2] = [
        (
            ecole,
            &[
                ("PIL-4", "autorisation de ses représentants légaux"),
                ("PIL-5", "validé avec l’IEN ou le DPO académique"),
                ("PED-3", "pHARe"),
                ("PED-4", "PAP et les PPS"),
                ("PED-5", "renseigné en fin de CM2"),
                ("INF-2", "filtré"),
            ],
        ),
        (
            eple,
            &[
                ("PIL-4", "autorisation de ses représentants légaux"),
                ("PIL-5", "registre des traitements"),
                ("IMP-4", "cahier de textes numérique"),
                ("PED-3", "pHARe"),
                ("PED-4", "PAP et les PPS"),
                ("PED-5", "certification Pix"),
                ("INF-2", "filtré"),
            ],
        ),
    ];
    for (r, obligations) in attendues {
        for (id, mots) in obligations {
            let item = r.item(id).unwrap();
            assert!(item.niveaux[0].contains(mots), "{} {id} N1 should contain « {mots} »", r.id);
            assert!(!item.obligations.is_empty(), "{} {id} declares its obligation", r.id);
        }
        for (item, niveau, texte) in descripteurs(r).filter(|(_, k, _)| *k > 1) {
            for mot in [
                "registre des traitements",
                "cahier de textes",
                "certification",
                "pHARe",
                "RGPD",
                "autorisation",
                "filtr",
                "PAP",
                "PPS",
                "livret",
            ] {
                assert!(!texte.contains(mot), "{} {} N{niveau} mentions an obligation (« {mot} »)", r.id, item.id);
            }
        }
        for item in r.items().filter(|i| !i.obligations.is_empty()) {
            assert!(obligations.iter().any(|(id, _)| *id == item.id) || item.id == "PED-6", "{} {}", r.id, item.id);
        }
    }
}

/// Fault 2: level 1 described a shortcoming (« au cas par cas », « aucun
/// référent ») instead of a minimal positive condition; école and EPLE now
/// ask the same of IMP-1's level 1: a designated referent.
#[test]
fn every_level_1_is_a_positive_minimal_condition() {
    for r in version_2027() {
        for item in r.items() {
            let n1 = item.niveaux[0].to_lowercase();
            for manque in [
                "au cas par cas",
                "ponctuel",
                "aucun",
                "quelques",
                "peu de",
                " mais ",
                "de fait",
                "informel",
                "occasionnel",
                "sans ",
            ] {
                assert!(!n1.contains(manque), "{} {} N1 describes a shortcoming (« {manque} »)", r.id, item.id);
            }
        }
        assert!(r.item("IMP-1").unwrap().niveaux[0].contains("désign"), "{}", r.id);
    }
}

/// Fault 5: words nobody can check.
#[test]
fn no_descriptor_uses_an_unmeasurable_word() {
    for r in version_2027() {
        for (item, niveau, texte) in descripteurs(r) {
            for mot in ["plusieurs", "sans gêne", "connaissent", "la plupart", "régulièrement utilisé"] {
                assert!(!texte.contains(mot), "{} {} N{niveau}: « {mot} »", r.id, item.id);
            }
        }
    }
}

/// Fault 3: overlaps between items. No two descriptors are the same, and the
/// multi-year plan with the collectivité is in PIL-2 only.
#[test]
fn no_two_items_share_a_descriptor() {
    for r in version_2027() {
        let mut vus = HashSet::new();
        for (item, niveau, texte) in descripteurs(r) {
            assert!(vus.insert(texte.to_lowercase()), "{} {} N{niveau} repeats another descriptor", r.id, item.id);
            if texte.contains("pluriannuel") {
                assert_eq!(item.id, "PIL-2", "{}: the multi-year plan belongs to PIL-2 only", r.id);
            }
        }
        let observables: Vec<&String> = r.items().flat_map(|i| i.observables.iter().flatten()).collect();
        let distincts: HashSet<&String> = observables.iter().copied().collect();
        assert!(distincts.len() * 10 >= observables.len() * 9, "{}: evidence examples are item-specific", r.id);
    }
}

/// Fault 4: descriptors that measured the collectivité or the curriculum.
#[test]
fn items_measure_the_establishment_s_own_action() {
    let [ecole, eple] = version_2027();
    for r in [ecole, eple] {
        for id in ["INF-3", "INF-4"] {
            for texte in &r.item(id).unwrap().niveaux {
                assert!(!texte.contains("plan") && !texte.contains("fourni"), "{} {id}: {texte}", r.id);
            }
        }
    }
    assert!(!eple.item("INF-4").unwrap().niveaux[2].contains("collectivité"));
    assert!(!eple.item("PED-2").unwrap().niveaux.iter().any(|n| n.contains("programmation")));
}

/// The richer items: every level has 2 to 4 evidence examples, every level
/// below 3 (0, 1 and 2) has suggested actions to reach the next, every item a
/// workshop prompt, every domain a description.
#[test]
fn every_level_has_evidence_and_every_level_below_3_has_actions() {
    for r in version_2027() {
        for d in &r.domaines {
            assert!(d.description.as_ref().is_some_and(|t| t.len() > 40), "{} {}", r.id, d.id);
        }
        for item in r.items() {
            assert_eq!(item.observables.len(), 3, "{} {}", r.id, item.id);
            assert!(item.observables.iter().all(|o| OBSERVABLES_PAR_NIVEAU.contains(&o.len())), "{} {}", r.id, item.id);
            for niveau in 0..3 {
                assert!(!item.actions_suggerees(niveau).is_empty(), "{} {} from level {niveau}", r.id, item.id);
            }
            assert!(item.actions_suggerees(3).is_empty());
            assert!(item.question_debat.as_ref().is_some_and(|q| q.ends_with('?')), "{} {}", r.id, item.id);
        }
    }
}

/// The glossary explains every acronym the texts use, and the ones the
/// issue names.
#[test]
fn the_glossary_explains_every_acronym() {
    let [ecole, eple] = version_2027();
    let hors_glossaire = ["PIL", "FOR", "IMP", "PED", "INF", "CP", "CE1", "CE2", "CM1", "CM2", "UE"];
    for r in [ecole, eple] {
        let termes: HashSet<&str> = r.glossaire.iter().map(|t| t.terme.as_str()).collect();
        let mut textes = Vec::new();
        for d in &r.domaines {
            textes.extend(d.description.iter().cloned());
            for i in &d.items {
                textes.extend([i.titre.clone(), i.intention.clone()]);
                textes.extend(i.niveaux.iter().cloned());
                textes.extend(i.observables.iter().flatten().cloned());
                textes.extend(i.pour_atteindre.iter().flatten().cloned());
                textes.extend(i.question_debat.iter().cloned());
                textes.extend(i.non_applicable.iter().cloned());
            }
        }
        for texte in &textes {
            for mot in texte.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '@')) {
                let lettres: Vec<char> = mot.chars().filter(|c| c.is_alphabetic()).collect();
                let sigle = lettres.len() >= 2
                    && lettres.iter().take(2).all(|c| c.is_uppercase())
                    && lettres.iter().filter(|c| c.is_uppercase()).count() >= 2
                    && mot.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
                if sigle && !hors_glossaire.contains(&mot) {
                    assert!(termes.contains(mot), "{}: « {mot} » is not in the glossary ({texte})", r.id);
                }
            }
        }
        for sigle in ["GAR", "PAP", "PPS", "AESH", "MPA", "CRCN", "ENT", "RGPD", "IA"] {
            assert!(termes.contains(sigle), "{}: {sigle}", r.id);
        }
    }
    assert!(eple.glossaire.iter().any(|t| t.terme == "RUPN") && eple.glossaire.iter().any(|t| t.terme == "FIL"));
    assert!(ecole.glossaire.iter().any(|t| t.terme == "ERUN"));
}

/// The missing themes each have an item (by id), and the situations the
/// review named are provided for.
#[test]
fn the_missing_themes_each_have_an_item() {
    let [ecole, eple] = version_2027();
    for r in [ecole, eple] {
        let titre = |id: &str| r.item(id).unwrap().titre.to_lowercase();
        assert!(titre("PED-6").contains("intelligence artificielle"), "{}", r.id);
        assert!(titre("PIL-5").contains("protection des données") && titre("PIL-5").contains("cybersécurité"));
        assert!(titre("INF-5").contains("sobriété") && titre("INF-5").contains("durée de vie"));
        assert!(titre("IMP-5").contains("continuité pédagogique") && titre("IMP-5").contains("accès"));
        assert!(r.item("IMP-5").unwrap().niveaux[1].contains("sans équipement ou sans connexion"));
        assert!(titre("PIL-4").contains("droit à l’image"));
        assert!(r.item("PED-2").unwrap().niveaux[2].contains("eTwinning"), "partnerships");
        assert!(r.item("PED-1").unwrap().niveaux[1].contains("évaluer de façon formative"), "assessment");
        assert_eq!(r.nombre_items(), 24);
    }
    // 1er degré: maternelle, RPI and SIVOS, Pix Junior, schools without ENT.
    let na = |id: &str| ecole.item(id).unwrap().non_applicable.clone().unwrap_or_default();
    assert!(na("PED-2").contains("maternelle") && na("PED-2").contains("écrans avant 6 ans"));
    assert!(na("PED-5").contains("RPI") && na("IMP-2").contains("RPI"));
    assert!(na("IMP-4").contains("aucun ENT"));
    assert!(ecole.item("PIL-2").unwrap().intention.contains("SIVOS"));
    assert!(ecole.item("PED-5").unwrap().niveaux[1].contains("Pix Junior"));
    // 2nd degré: SNT and NSI, LP, ULIS, SEGPA, EREA, cités scolaires,
    // ÉduConnect, the network administrator distinct from the RUPN.
    assert!(eple.item("PED-5").unwrap().niveaux[2].contains("SNT, NSI et enseignements professionnels"));
    assert!(eple.item("PED-4").unwrap().intention.contains("ULIS, en SEGPA et en EREA"));
    assert!(eple.item("PIL-2").unwrap().intention.contains("cité scolaire"));
    assert!(eple.item("IMP-4").unwrap().niveaux[1].contains("ÉduConnect"));
    assert!(eple.item("IMP-3").unwrap().niveaux[0].contains("distinct du RUPN"));
}

/// Both variants keep the same ids in the same order (the DANE compares
/// écoles and EPLE item by item), and the correspondence from 2026.1 asks
/// for a review wherever the meaning moved: every split, and every level
/// table that is not the identity.
#[test]
fn the_correspondence_from_2026_1_reviews_every_moved_meaning() {
    let [ecole, eple] = version_2027();
    let ids = |r: &Referentiel| r.items().map(|i| i.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(ecole), ids(eple));
    for r in [ecole, eple] {
        let c = r.correspondance.as_ref().unwrap();
        assert_eq!(c.depuis, "2026.1");
        for lien in &c.liens {
            let deplace = lien.table_niveaux() != [0, 1, 2, 3] || lien.relation == Relation::Scinde;
            assert!(!deplace || lien.a_revoir, "{} {:?}: the meaning moved, it must be reviewed", r.id, lien.avant);
            assert!(lien.relation == Relation::Equivalent || lien.note.is_some(), "{} {:?} says why", r.id, lien.avant);
        }
        let ancien = Referentiel::publie(&r.id, "2026.1").unwrap();
        c.verifier_depuis(r, ancien).unwrap();
        // FOR-4 became PED-5; items whose meaning is unchanged keep their id.
        assert!(c.liens.iter().any(|l| l.avant == ["FOR-4"] && l.apres == ["PED-5"]));
        assert!(r.item("FOR-4").is_none());
    }
}
