use chrono::TimeZone;

use super::*;

fn installation(dossier: &Path) -> Installation {
    Installation::ouvrir(dossier)
        .unwrap()
        .avec_horloge(Horloge::Fixe(Utc.with_ymd_and_hms(2026, 3, 12, 10, 0, 0).unwrap()))
}

fn ecole() -> SaisieEtablissementDto {
    SaisieEtablissementDto {
        uai: "0951099d".into(),
        nom: "École Jules Ferry".into(),
        type_etablissement: "ecole-primaire".into(),
        circonscription: Some("Cergy-Nord".into()),
        ..Default::default()
    }
}

#[test]
fn nothing_works_before_the_establishment_is_defined() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = installation(dir.path());
    assert_eq!(i.etablissement().unwrap(), None);
    assert_eq!(i.creer_diagnostic(None, false).unwrap_err().kind, ErrorKind::EtablissementAbsent);
    assert_eq!(i.diagnostic(None).unwrap_err().kind, ErrorKind::EtablissementAbsent);
}

#[test]
fn journey_define_create_answer_finalise_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = installation(dir.path());
    let e = i.definir_etablissement(&ecole()).unwrap();
    assert_eq!((e.uai.as_str(), e.academie.as_str(), e.referentiel_id.as_str()), ("0951099D", "Versailles", "ecole"));

    let d = i.creer_diagnostic(None, false).unwrap();
    assert_eq!((d.annee.as_str(), d.total, d.revision), ("2025-2026", 20, 1));
    assert_eq!(d.cree_le, "2026-03-12T10:00:00Z");

    let r = i.repondre(None, "pil-1", "2", Some("Projet d’école 2024-2028")).unwrap();
    assert_eq!(
        (r.item_id.as_str(), r.niveau, r.commentaire.as_deref()),
        ("PIL-1", Some(2), Some("Projet d’école 2024-2028"))
    );
    let r = i.repondre(Some("2025-2026"), "PIL-1", "3", None).unwrap();
    assert_eq!(r.commentaire.as_deref(), Some("Projet d’école 2024-2028"), "no --commentaire keeps it");

    let err = i.finaliser(None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::EtatIncompatible);
    for item in Referentiel::embarque("ecole").unwrap().items() {
        i.repondre(None, &item.id, "1", None).unwrap();
    }
    let f = i.finaliser(None).unwrap();
    assert_eq!(f.statut, "finalise");
    assert_eq!(i.repondre(None, "PIL-1", "2", None).unwrap_err().kind, ErrorKind::EtatIncompatible);
    let o = i.rouvrir(None).unwrap();
    assert_eq!((o.statut.as_str(), o.revision), ("brouillon", 2));

    let detail = i.diagnostic(None).unwrap();
    assert_eq!(detail.resultats.completion_pourcent, 100);
    assert_eq!(detail.resultats.niveau_global, Some(1));
    assert!(detail.evolution.is_none());
}

#[test]
fn bad_input_is_refused_with_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = installation(dir.path());
    let mut faux = ecole();
    faux.uai = "0951099E".into();
    let err = i.definir_etablissement(&faux).unwrap_err();
    assert_eq!(err.kind, ErrorKind::SaisieInvalide);
    assert!(err.message.contains("la lettre attendue est D"), "{}", err.message);
    i.definir_etablissement(&ecole()).unwrap();
    i.creer_diagnostic(Some("2025-2026"), false).unwrap();
    assert_eq!(i.creer_diagnostic(Some("2025-2026"), false).unwrap_err().kind, ErrorKind::ExisteDeja);
    assert_eq!(i.creer_diagnostic(Some("2025-2027"), false).unwrap_err().kind, ErrorKind::SaisieInvalide);
    assert_eq!(i.repondre(None, "PIL-9", "2", None).unwrap_err().kind, ErrorKind::SaisieInvalide);
    assert_eq!(i.repondre(None, "PIL-1", "5", None).unwrap_err().kind, ErrorKind::SaisieInvalide);
    assert_eq!(i.repondre(Some("2019-2020"), "PIL-1", "1", None).unwrap_err().kind, ErrorKind::Introuvable);
    let long = "x".repeat(1001);
    assert_eq!(i.repondre(None, "PIL-1", "1", Some(&long)).unwrap_err().kind, ErrorKind::SaisieInvalide);
    assert!(i.diagnostic(None).unwrap().reponses.is_empty());
}

#[test]
fn uai_and_degree_are_fixed_once_diagnostics_exist() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = installation(dir.path());
    i.definir_etablissement(&ecole()).unwrap();
    let mut autre = ecole();
    autre.uai = "0330021U".into();
    i.definir_etablissement(&autre).unwrap();
    i.definir_etablissement(&ecole()).unwrap();
    i.creer_diagnostic(None, false).unwrap();
    assert_eq!(i.definir_etablissement(&autre).unwrap_err().kind, ErrorKind::EtatIncompatible);
    let mut college = ecole();
    college.type_etablissement = "college".into();
    assert_eq!(i.definir_etablissement(&college).unwrap_err().kind, ErrorKind::EtatIncompatible);
    let mut renomme = ecole();
    renomme.nom = "École élémentaire Jules Ferry".into();
    renomme.type_etablissement = "ecole-elementaire".into();
    assert_eq!(i.definir_etablissement(&renomme).unwrap().nom, "École élémentaire Jules Ferry");
}

#[test]
fn carry_over_and_change_since_last_year() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = installation(dir.path());
    i.definir_etablissement(&ecole()).unwrap();
    let err = i.creer_diagnostic(Some("2025-2026"), true).unwrap_err();
    assert!(err.message.contains("aucun diagnostic n’existe pour 2024-2025"), "{}", err.message);
    i.creer_diagnostic(Some("2024-2025"), false).unwrap();
    i.repondre(Some("2024-2025"), "INF-1", "1", None).unwrap();
    let d = i.creer_diagnostic(Some("2025-2026"), true).unwrap();
    assert_eq!(d.repondus, 1);
    i.repondre(Some("2025-2026"), "INF-1", "3", None).unwrap();
    let detail = i.diagnostic(Some("2025-2026")).unwrap();
    let e = detail.evolution.unwrap();
    assert_eq!(e.annee_precedente, "2024-2025");
    assert_eq!(e.domaines[4].ecart_centiemes, Some(200));
    assert_eq!((e.progres[0].item_id.as_str(), e.progres[0].avant, e.progres[0].apres), ("INF-1", 1, 3));
}

#[test]
fn demo_fills_an_empty_installation_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = installation(dir.path());
    let demo = i.demo().unwrap();
    let annees: Vec<(&str, &str)> = demo.diagnostics.iter().map(|d| (d.annee.as_str(), d.statut.as_str())).collect();
    assert_eq!(annees, [("2025-2026", "brouillon"), ("2024-2025", "finalise")]);
    assert_eq!((demo.diagnostics[0].repondus, demo.diagnostics[1].repondus), (16, 20));
    let detail = i.diagnostic(None).unwrap();
    assert!(detail.evolution.is_some());
    assert_eq!(detail.reponses.iter().filter(|r| r.commentaire.is_some()).count(), 2);
    assert_eq!(i.demo().unwrap_err().kind, ErrorKind::EtatIncompatible);
}

#[test]
fn referential_file_is_checked_with_a_size_cap() {
    let dir = tempfile::tempdir().unwrap();
    let bon = dir.path().join("bon.json");
    fs::write(&bon, serde_json::to_string(Referentiel::embarque("eple").unwrap()).unwrap()).unwrap();
    assert_eq!(Installation::verifier_referentiel(&bon).unwrap().resume.id, "eple");
    let gros = dir.path().join("gros.json");
    fs::write(&gros, vec![b' '; TAILLE_MAX_OCTETS + 10]).unwrap();
    assert!(Installation::verifier_referentiel(&gros).unwrap_err().message.contains("trop gros"));
    let absent = dir.path().join("absent.json");
    assert_eq!(Installation::verifier_referentiel(&absent).unwrap_err().kind, ErrorKind::Fichier);
}
