use super::*;

fn eple_json() -> serde_json::Value {
    serde_json::from_str(include_str!("../../../../assets/referentiels/eple-2026.1.json")).unwrap()
}

fn erreur(valeur: &serde_json::Value) -> String {
    Referentiel::depuis_json(&valeur.to_string()).unwrap_err().to_string()
}

#[test]
fn both_embedded_referentials_load_and_validate() {
    let ids: Vec<&str> = Referentiel::embarques().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["ecole", "eple"]);
    for r in Referentiel::embarques() {
        r.valider().unwrap();
        assert_eq!(r.domaines.len(), 5);
        assert!((18..=25).contains(&r.nombre_items()), "{} has {} items", r.id, r.nombre_items());
        let titres: Vec<&str> = r.domaines.iter().map(|d| d.titre.as_str()).collect();
        assert_eq!(
            titres,
            [
                "Pilotage",
                "Formation et ressources",
                "Impulsion et organisation",
                "Pratiques éducatives et pédagogiques",
                "Infrastructures réseaux / équipement"
            ]
        );
    }
    assert_eq!(Referentiel::pour_degre(Degre::Premier).degre, Degre::Premier);
    assert_eq!(Referentiel::pour_degre(Degre::Second).degre, Degre::Second);
}

#[test]
fn the_two_variants_differ_where_reality_differs() {
    let ecole = serde_json::to_string(Referentiel::publie("ecole", "2026.1").unwrap()).unwrap();
    let eple = serde_json::to_string(Referentiel::publie("eple", "2026.1").unwrap()).unwrap();
    for propre_a_l_ecole in ["commune", "conseil d’école", "ERUN"] {
        assert!(ecole.contains(propre_a_l_ecole), "{propre_a_l_ecole}");
    }
    for propre_a_l_eple in ["conseil d’administration", "RUPN", "région", "terminale"] {
        assert!(eple.contains(propre_a_l_eple), "{propre_a_l_eple}");
        assert!(!ecole.contains(propre_a_l_eple), "{propre_a_l_eple}");
    }
}

#[test]
fn fingerprint_ignores_layout_but_not_content() {
    let r = Referentiel::publie("eple", "2026.1").unwrap();
    let compact = Referentiel::depuis_json(&serde_json::to_string(r).unwrap()).unwrap();
    assert_eq!(compact.empreinte(), r.empreinte());
    assert_eq!(r.empreinte().len(), 64);
    let mut change = r.clone();
    change.domaines[2].items[1].niveaux[0].push('.');
    assert_ne!(change.empreinte(), r.empreinte());
    assert_ne!(Referentiel::publie("ecole", "2026.1").unwrap().empreinte(), r.empreinte());
}

#[test]
fn missing_level_is_rejected_naming_the_item() {
    let mut v = eple_json();
    v["domaines"][1]["items"][2]["niveaux"].as_array_mut().unwrap().pop();
    let err = erreur(&v);
    assert!(err.contains("l’item FOR-3 doit avoir exactement 3 niveaux ; il en a 2"), "{err}");
}

#[test]
fn empty_descriptor_is_rejected_naming_level_and_item() {
    let mut v = eple_json();
    v["domaines"][0]["items"][1]["niveaux"][2] = " ".into();
    let err = erreur(&v);
    assert!(err.contains("le descripteur du niveau 3 de l’item PIL-2 est vide"), "{err}");
}

#[test]
fn duplicate_item_id_is_rejected() {
    let mut v = eple_json();
    v["domaines"][0]["items"][3]["id"] = "PIL-1".into();
    let err = erreur(&v);
    assert!(err.contains("l’identifiant d’item PIL-1 apparaît deux fois"), "{err}");
}

#[test]
fn four_domains_are_rejected() {
    let mut v = eple_json();
    v["domaines"].as_array_mut().unwrap().pop();
    let err = erreur(&v);
    assert!(err.contains("exactement 5 domaines ; il en compte 4"), "{err}");
}

#[test]
fn item_id_must_carry_its_domain_prefix() {
    let mut v = eple_json();
    v["domaines"][3]["items"][0]["id"] = "PIL-9".into();
    let err = erreur(&v);
    assert!(err.contains("« PIL-9 » du domaine PED"), "{err}");
}

#[test]
fn missing_field_and_unknown_field_are_named() {
    let mut v = eple_json();
    v["domaines"][4]["items"][0].as_object_mut().unwrap().remove("intention");
    assert!(erreur(&v).contains("l’intention de l’item INF-1 est vide ou absent"));
    let mut v = eple_json();
    v["domaines"][0]["items"][0]["niveau_4"] = "x".into();
    let err = erreur(&v);
    assert!(err.contains("le champ « niveau_4 » n’est pas prévu"), "{err}");
}

#[test]
fn malformed_json_gives_a_position() {
    let err = Referentiel::depuis_json("{ \"id\": ").unwrap_err().to_string();
    assert!(err.contains("fichier coupé") && err.contains("ligne 1"), "{err}");
    let err = Referentiel::depuis_json("{ id }").unwrap_err().to_string();
    assert!(err.contains("pas du JSON bien formé") && err.contains("ligne 1"), "{err}");
}

#[test]
fn unknown_item_suggests_the_closest_ids() {
    let r = Referentiel::publie("eple", "2026.1").unwrap();
    assert_eq!(r.item_saisi("pil-2").unwrap().id, "PIL-2");
    let err = r.item_saisi("PIL-7").unwrap_err().to_string();
    assert!(err.contains("« PIL-7 » n’existe pas"), "{err}");
    assert!(err.contains("PIL-1, PIL-2, PIL-3"), "{err}");
    let err = r.item_saisi("PDE-2").unwrap_err().to_string();
    assert!(err.contains("PED-2"), "{err}");
}

/// The JSON Schema in docs/ documents exactly the fields the model reads.
#[test]
fn documented_json_schema_matches_the_model() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../../docs/referentiel.schema.json")).unwrap();
    let champs = |objet: &serde_json::Value| -> Vec<String> {
        let mut v: Vec<String> = objet.as_object().unwrap().keys().cloned().collect();
        v.sort();
        v
    };
    let requis = |objet: &serde_json::Value| -> Vec<String> {
        let mut v: Vec<String> =
            objet["required"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
        v.sort();
        v
    };
    // 2026.1 has the required fields only; 2027.1 has every optional one
    // (publication, correspondence, glossary, domain descriptions, and in
    // ecole PED-5 every optional field of an item).
    let modele = eple_json();
    let complet: serde_json::Value =
        serde_json::from_str(include_str!("../../../../assets/referentiels/ecole-2027.1.json")).unwrap();
    let item_complet = &complet["domaines"][3]["items"][4];
    assert_eq!(item_complet["id"], "PED-5");
    assert_eq!(champs(&schema["properties"]), champs(&complet));
    assert_eq!(requis(&schema), champs(&modele));
    assert_eq!(champs(&schema["$defs"]["domaine"]["properties"]), champs(&complet["domaines"][0]));
    assert_eq!(requis(&schema["$defs"]["domaine"]), champs(&modele["domaines"][0]));
    assert_eq!(champs(&schema["$defs"]["item"]["properties"]), champs(item_complet));
    assert_eq!(requis(&schema["$defs"]["item"]), champs(&modele["domaines"][0]["items"][0]));
    assert_eq!(champs(&schema["$defs"]["obligation"]["properties"]), champs(&item_complet["obligations"][0]));
    assert_eq!(champs(&schema["$defs"]["terme"]["properties"]), champs(&complet["glossaire"][0]));
    assert_eq!(champs(&schema["$defs"]["publication"]["properties"]), champs(&complet["publication"]));
    assert_eq!(requis(&schema["$defs"]["publication"]), champs(&complet["publication"]));
    assert_eq!(champs(&schema["$defs"]["correspondance"]["properties"]), champs(&complet["correspondance"]));
    let lien_complet = &complet["correspondance"]["liens"][0];
    assert_eq!(champs(&schema["$defs"]["lien"]["properties"]), champs(lien_complet));
    // Serialising the model writes back exactly the fields of the files.
    for texte in [correspondance::tests::EPLE_2026_9, include_str!("../../../../assets/referentiels/ecole-2027.1.json")]
    {
        let fichier: serde_json::Value = serde_json::from_str(texte).unwrap();
        assert_eq!(serde_json::to_value(Referentiel::depuis_json(texte).unwrap()).unwrap(), fichier);
    }
    assert_eq!(
        schema["$defs"]["item"]["properties"]["observables"]["items"]["minItems"],
        *OBSERVABLES_PAR_NIVEAU.start()
    );
    assert_eq!(
        schema["$defs"]["item"]["properties"]["observables"]["items"]["maxItems"],
        *OBSERVABLES_PAR_NIVEAU.end()
    );
    assert_eq!(
        schema["$defs"]["item"]["properties"]["pour_atteindre"]["items"]["minItems"],
        *ACTIONS_PAR_NIVEAU.start()
    );
    assert_eq!(schema["$defs"]["item"]["properties"]["pour_atteindre"]["items"]["maxItems"], *ACTIONS_PAR_NIVEAU.end());
    assert_eq!(schema["properties"]["domaines"]["minItems"], NOMBRE_DOMAINES);
    assert_eq!(schema["$defs"]["item"]["properties"]["niveaux"]["maxItems"], NOMBRE_NIVEAUX);
}

#[test]
fn hidden_or_control_characters_are_refused_naming_the_field() {
    let mut v = eple_json();
    v["domaines"][1]["items"][0]["titre"] = "Formation \u{202E}sreiv".into();
    let err = erreur(&v);
    assert!(
        err.contains("le texte « domaines[1].items[0].titre » contient le caractère invisible ou de contrôle U+202E"),
        "{err}"
    );
    let mut v = eple_json();
    v["niveaux"][0] = "Conditions\u{0007}".into();
    assert!(erreur(&v).contains("« niveaux[0] »"));
}

fn ecole_2027_json() -> serde_json::Value {
    serde_json::from_str(include_str!("../../../../assets/referentiels/ecole-2027.1.json")).unwrap()
}

/// The fields added in 2027.1 are checked like the others, the message naming
/// the item and the level.
#[test]
fn evidence_actions_obligations_and_glossary_are_checked() {
    let mut v = ecole_2027_json();
    v["domaines"][0]["items"][1]["observables"][2] = serde_json::json!(["Un seul exemple"]);
    assert!(erreur(&v).contains("l’item PIL-2 donne 1 éléments observables au niveau 3 ; il en faut de 2 à 4"));
    let mut v = ecole_2027_json();
    v["domaines"][0]["items"][1]["observables"].as_array_mut().unwrap().pop();
    assert!(
        erreur(&v)
            .contains("l’item PIL-2 doit donner éléments observables pour exactement 3 niveaux ; il en donne pour 2")
    );
    let mut v = ecole_2027_json();
    v["domaines"][1]["items"][0]["pour_atteindre"][0] = serde_json::json!([]);
    assert!(
        erreur(&v).contains("l’item FOR-1 donne 0 actions suggérées pour atteindre le niveau 1 ; il en faut de 1 à 4")
    );
    let mut v = ecole_2027_json();
    v["domaines"][1]["items"][0]["pour_atteindre"][2][0] = " ".into();
    assert!(erreur(&v).contains("un texte de actions suggérées de l’item FOR-1 (pour atteindre le niveau 3) est vide"));
    let mut v = ecole_2027_json();
    v["domaines"][0]["items"][3]["obligations"][0]["source"] = "".into();
    assert!(erreur(&v).contains("la source d’une obligation de l’item PIL-4 est vide"));
    let mut v = ecole_2027_json();
    v["domaines"][0]["items"][3]["obligations"][0]["niveau"] = 2.into();
    assert!(erreur(&v).contains("le champ « niveau » n’est pas prévu"), "{}", erreur(&v));
    let mut v = ecole_2027_json();
    let premier = v["glossaire"][0].clone();
    let mut double = premier.clone();
    double["terme"] = premier["terme"].as_str().unwrap().to_lowercase().into();
    v["glossaire"].as_array_mut().unwrap().push(double);
    assert!(erreur(&v).contains("apparaît deux fois dans le glossaire"), "{}", erreur(&v));
    let mut v = ecole_2027_json();
    v["domaines"][2]["description"] = "".into();
    assert!(erreur(&v).contains("la description du domaine IMP est vide"));
    let mut v = ecole_2027_json();
    v["domaines"][2]["items"][0]["question_debat"] = "  ".into();
    assert!(erreur(&v).contains("la question pour le débat de l’item IMP-1 est vide"), "{}", erreur(&v));
}
