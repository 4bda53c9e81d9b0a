use super::*;
use crate::referentiel::correspondance::tests::EPLE_2026_9;

/// The fingerprints recorded in every diagnostic written on 2026.1 (and in the
/// format's test vectors): moving the files into a catalogue changed nothing.
#[test]
fn the_embedded_catalogue_keeps_2026_1_byte_for_byte() {
    let c = Catalogue::embarque();
    let premieres: Vec<&ReferentielPublie> = c.entrees().iter().filter(|e| e.referentiel.version == "2026.1").collect();
    let cles: Vec<(&str, &str)> = premieres.iter().map(|e| (e.referentiel.id.as_str(), &e.empreinte[..12])).collect();
    assert_eq!(cles, [("ecole", "cbe77386cd0a"), ("eple", "9aa481cd1f5f")]);
    for e in premieres {
        assert!(e.embarque && e.referentiel.publication.is_none());
        assert_eq!(e.publication.premiere_annee, "2025-2026");
    }
}

/// 2027.1 carries its own publication and its correspondence from 2026.1.
#[test]
fn the_embedded_catalogue_holds_2027_1_after_2026_1() {
    let c = Catalogue::embarque();
    for id in ["ecole", "eple"] {
        let versions: Vec<&str> = c.versions(id).map(|e| e.referentiel.version.as_str()).collect();
        assert_eq!(versions, ["2026.1", "2027.1"], "{id}");
        let recent = c.plus_recent(id).unwrap();
        assert!(recent.embarque);
        assert_eq!(Some(&recent.publication), recent.referentiel.publication.as_ref());
        assert_eq!(recent.publication.premiere_annee, "2027-2028");
        assert_eq!(recent.referentiel.correspondance.as_ref().unwrap().depuis, "2026.1");
    }
}

#[test]
fn every_file_of_the_assets_folder_is_embedded_and_catalogued() {
    let dossier = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/referentiels");
    let mut noms: Vec<String> = std::fs::read_dir(dossier)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "catalogue.json")
        .collect();
    noms.sort();
    let mut embarques: Vec<&str> = FICHIERS.iter().map(|(n, _)| *n).collect();
    embarques.sort();
    assert_eq!(noms, embarques);
    Catalogue::lire_embarque().unwrap();
}

fn avec_2026_9() -> Catalogue {
    let mut c = Catalogue::embarque().clone();
    assert!(c.ajouter(Referentiel::depuis_json(EPLE_2026_9).unwrap()).unwrap());
    c
}

#[test]
fn a_newer_version_is_added_once_and_never_replaced() {
    let mut c = avec_2026_9();
    assert!(!c.ajouter(Referentiel::depuis_json(EPLE_2026_9).unwrap()).unwrap(), "already known");
    let versions: Vec<&str> = c.versions("eple").map(|e| e.referentiel.version.as_str()).collect();
    assert_eq!(versions, ["2026.1", "2026.9", "2027.1"]);
    assert_eq!(c.plus_recent("eple").unwrap().referentiel.version, "2027.1");

    let mut autre = Referentiel::depuis_json(EPLE_2026_9).unwrap();
    autre.titre.push_str(" (corrigé)");
    let e = c.ajouter(autre).unwrap_err().to_string();
    assert!(e.contains("une autre version eple 2026.9 est déjà connue") && e.contains("jamais remplacée"), "{e}");
}

#[test]
fn an_orphan_or_unpublished_version_is_refused() {
    let mut c = Catalogue::embarque().clone();
    let mut sans = Referentiel::depuis_json(EPLE_2026_9).unwrap();
    sans.correspondance = None;
    let e = c.ajouter(sans).unwrap_err().to_string();
    assert!(e.contains("ne publie pas de correspondance, alors que la version 2026.1 existe"), "{e}");

    let mut orphelin = Referentiel::depuis_json(EPLE_2026_9).unwrap();
    orphelin.version = "2027.5".into();
    orphelin.correspondance.as_mut().unwrap().depuis = "2026.5".into();
    let e = c.ajouter(orphelin).unwrap_err().to_string();
    assert!(e.contains("part de la version 2026.5, que cette installation ne connaît pas"), "{e}");

    let mut muet = Referentiel::depuis_json(EPLE_2026_9).unwrap();
    muet.publication = None;
    let e = c.ajouter(muet).unwrap_err().to_string();
    assert!(e.contains("(champ « publication »)"), "{e}");
    assert_eq!(c.entrees().len(), 4, "nothing was added");
}

#[test]
fn a_year_gets_the_newest_version_meant_for_it() {
    let c = avec_2026_9();
    let version = |annee: &str| c.pour_annee("eple", annee.parse().unwrap()).unwrap().referentiel.version.clone();
    assert_eq!(version("2026-2027"), "2026.9");
    assert_eq!(version("2027-2028"), "2027.1");
    assert_eq!(version("2030-2031"), "2027.1");
    assert_eq!(version("2025-2026"), "2026.1");
    assert_eq!(version("2019-2020"), "2026.1");
    assert_eq!(c.pour_annee("ecole", "2026-2027".parse().unwrap()).unwrap().referentiel.version, "2026.1");
    assert_eq!(c.pour_annee("ecole", "2027-2028".parse().unwrap()).unwrap().referentiel.version, "2027.1");
}

#[test]
fn a_passage_goes_forward_only() {
    let c = avec_2026_9();
    let v1 = &c.trouver("eple", "2026.1").unwrap().referentiel;
    let v9 = &c.trouver("eple", "2026.9").unwrap().referentiel;
    assert!(!c.passage(v1, v9).unwrap().est_identite());
    assert!(c.passage(v9, v9).unwrap().est_identite());
    let e = c.passage(v9, v1).unwrap_err().to_string();
    assert!(e.contains("aucune correspondance ne mène de eple 2026.9 à eple 2026.1"), "{e}");
}
