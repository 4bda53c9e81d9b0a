use chrono::TimeZone;

use schematic_core::Referentiel;
use schematic_core::referentiel::TAILLE_MAX_OCTETS;

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
    for item in Referentiel::publie("ecole", "2026.1").unwrap().items() {
        i.repondre(None, &item.id, "1", None).unwrap();
    }
    let f = i.finaliser(None).unwrap();
    assert_eq!(f.statut.code(), "finalise");
    assert_eq!(i.repondre(None, "PIL-1", "2", None).unwrap_err().kind, ErrorKind::EtatIncompatible);
    let o = i.rouvrir(None).unwrap();
    assert_eq!((o.statut.code(), o.revision), ("brouillon", 2));

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
    let annees: Vec<(&str, &str)> = demo.diagnostics.iter().map(|d| (d.annee.as_str(), d.statut.code())).collect();
    assert_eq!(annees, [("2025-2026", "brouillon"), ("2024-2025", "finalise")]);
    // Last year on 2026.1, this year on 2027.1 through the correspondence.
    let versions: Vec<&str> = demo.diagnostics.iter().map(|d| d.referentiel_version.as_str()).collect();
    assert_eq!(versions, ["2027.1", "2026.1"]);
    assert_eq!((demo.diagnostics[0].repondus, demo.diagnostics[1].repondus), (22, 20));
    assert_eq!((demo.diagnostics[0].total, demo.diagnostics[0].a_revoir), (24, 3));
    let detail = i.diagnostic(None).unwrap();
    let a_revoir: Vec<&str> = detail.reponses.iter().filter(|r| r.a_revoir).map(|r| r.item_id.as_str()).collect();
    assert_eq!(a_revoir, ["FOR-2", "INF-4", "PIL-3"]);
    let e = detail.evolution.unwrap();
    assert_eq!((e.version_precedente.as_str(), e.versions_differentes), ("2026.1", true));
    let progres: Vec<(&str, u8, u8)> = e.progres.iter().map(|p| (p.item_id.as_str(), p.avant, p.apres)).collect();
    assert_eq!(progres, [("IMP-2", 1, 2), ("PED-1", 1, 2), ("PED-2", 1, 2)]);
    assert!(e.sans_equivalent.iter().any(|i| i == "PED-6") && e.sans_equivalent.iter().any(|i| i == "PIL-5"));
    assert_eq!(detail.reponses.iter().filter(|r| r.commentaire.is_some()).count(), 2);
    assert_eq!(i.demo().unwrap_err().kind, ErrorKind::EtatIncompatible);
}

#[test]
fn referential_file_is_checked_with_a_size_cap() {
    let dir = tempfile::tempdir().unwrap();
    let bon = dir.path().join("bon.json");
    fs::write(&bon, serde_json::to_string(Referentiel::publie("eple", "2026.1").unwrap()).unwrap()).unwrap();
    let i = installation(&dir.path().join("donnees"));
    let verifie = i.verifier_referentiel(&bon).unwrap();
    assert_eq!((verifie.publie.resume.id.as_str(), verifie.nouveau), ("eple", false));
    let gros = dir.path().join("gros.json");
    fs::write(&gros, vec![b' '; TAILLE_MAX_OCTETS + 10]).unwrap();
    assert!(i.verifier_referentiel(&gros).unwrap_err().message.contains("trop gros"));
    let absent = dir.path().join("absent.json");
    assert_eq!(i.verifier_referentiel(&absent).unwrap_err().kind, ErrorKind::Fichier);
}

fn saisie_action(item: &str, statut: &str) -> crate::dto::SaisieActionDto {
    crate::dto::SaisieActionDto {
        id: None,
        item_id: item.into(),
        niveau_cible: 2,
        action: "Demander à la commune un point annuel sur le matériel".into(),
        responsable: "Direction d’école".into(),
        echeance: "2026-06-30".into(),
        statut: schematic_core::plan_action::StatutAction::depuis_code(statut).unwrap(),
    }
}

#[test]
fn action_plan_is_edited_after_finalising_and_unfinished_actions_carry_over() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = installation(dir.path());
    i.definir_etablissement(&ecole()).unwrap();
    i.creer_diagnostic(Some("2024-2025"), false).unwrap();
    let a = i.enregistrer_action(Some("2024-2025"), &saisie_action("pil-2", "a-faire")).unwrap();
    assert_eq!((a.item_id.as_str(), a.statut_libelle.as_str()), ("PIL-2", "À faire"));
    i.enregistrer_action(Some("2024-2025"), &saisie_action("INF-1", "fait")).unwrap();
    for item in Referentiel::publie("ecole", "2026.1").unwrap().items() {
        i.repondre(Some("2024-2025"), &item.id, "1", None).unwrap();
    }
    i.finaliser(Some("2024-2025")).unwrap();
    let mut modifiee = saisie_action("PIL-2", "en-cours");
    modifiee.id = Some(a.id);
    assert_eq!(i.enregistrer_action(Some("2024-2025"), &modifiee).unwrap().statut.code(), "en-cours");

    let err = i.enregistrer_action(Some("2024-2025"), &saisie_action("PIL-9", "a-faire")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::SaisieInvalide);
    let mut sans_role = saisie_action("PIL-1", "a-faire");
    sans_role.responsable = " ".into();
    assert!(i.enregistrer_action(Some("2024-2025"), &sans_role).unwrap_err().message.contains("rôle"));

    i.creer_diagnostic(Some("2025-2026"), false).unwrap();
    let reportees = i.plan_action(Some("2025-2026")).unwrap();
    assert_eq!(reportees.len(), 1, "the finished action stays in 2024-2025");
    assert_eq!((reportees[0].item_id.as_str(), reportees[0].reportee_de.as_deref()), ("PIL-2", Some("2024-2025")));
    let mut ailleurs = saisie_action("PIL-2", "fait");
    ailleurs.id = Some(a.id);
    assert_eq!(i.enregistrer_action(Some("2025-2026"), &ailleurs).unwrap_err().kind, ErrorKind::Introuvable);
    i.supprimer_action(Some("2025-2026"), reportees[0].id).unwrap();
    assert!(i.plan_action(Some("2025-2026")).unwrap().is_empty());
    assert_eq!(i.plan_action(Some("2024-2025")).unwrap().len(), 2);
}

#[test]
fn comment_can_be_written_before_the_level() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = installation(dir.path());
    i.definir_etablissement(&ecole()).unwrap();
    i.creer_diagnostic(None, false).unwrap();
    let r = i.commenter(None, "PED-2", "Projet radio à venir").unwrap();
    assert_eq!((r.niveau, r.commentaire.as_deref()), (None, Some("Projet radio à venir")));
    let r = i.repondre(None, "PED-2", "2", None).unwrap();
    assert_eq!(r.commentaire.as_deref(), Some("Projet radio à venir"));
    let r = i.commenter(None, "PED-2", "").unwrap();
    assert_eq!((r.niveau, r.commentaire), (Some(2), None));
}

#[test]
fn uai_is_checked_live_and_preferences_persist() {
    let v = Installation::verifier_uai("0861234z");
    assert_eq!(
        (v.uai.as_deref(), v.academie.as_deref(), v.departement_nom.as_deref()),
        (Some("0861234Z"), Some("Poitiers"), Some("Vienne"))
    );
    let v = Installation::verifier_uai("0861234A");
    assert!(v.erreur.unwrap().contains("la lettre attendue est Z"));
    assert_eq!(Installation::types_etablissement().len(), 8);

    let dir = tempfile::tempdir().unwrap();
    let mut i = installation(dir.path());
    assert!(!i.preferences().unwrap().grands_caracteres);
    assert_eq!(i.preferences().unwrap().espace, None, "the space is chosen at first start");
    i.definir_preferences(&crate::dto::PreferencesDto { grands_caracteres: true, espace: Some("dane".into()) })
        .unwrap();
    let faux = crate::dto::PreferencesDto { grands_caracteres: false, espace: Some("mairie".into()) };
    assert_eq!(i.definir_preferences(&faux).unwrap_err().kind, ErrorKind::SaisieInvalide);
    drop(i);
    let p = installation(dir.path()).preferences().unwrap();
    assert!(p.grands_caracteres);
    assert_eq!(p.espace.as_deref(), Some("dane"));
    assert_eq!(installation(dir.path()).a_propos().unwrap().referentiels.len(), 4);
}

#[test]
fn radar_follows_the_domain_means() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = installation(dir.path());
    i.demo().unwrap();
    let d = i.diagnostic(None).unwrap();
    let r = &d.radar;
    assert_eq!((r.axes.len(), r.anneaux.len(), r.polygone.len()), (5, 3, 5));
    assert_eq!(r.axes[0].domaine_id, "PIL");
    // PIL mean 1.4 (2, 2, 1 carried from last year's 2 and to review, 1, 1)
    // on a 0–3 scale: 1.4/3 of the radius above the centre.
    let rayon = r.centre.y - r.axes[0].extremite.y;
    assert!((r.centre.y - r.polygone[0].y - rayon * 1.4 / 3.0).abs() < 1e-9);
    assert_eq!(r.polygone_precedent.as_ref().map(Vec::len), Some(5));
}

/// A drive whose type the test decides (the system's answer cannot be
/// arranged here: no network share on a CI machine).
struct LecteurFactice(dossier::TypeVolume);

impl dossier::Volumes for LecteurFactice {
    fn type_de(&self, _dossier: &Path) -> dossier::TypeVolume {
        self.0
    }
}

#[test]
fn a_data_folder_on_a_network_drive_keeps_a_rollback_journal() {
    use dossier::TypeVolume;
    for (volume, reseau) in [(TypeVolume::Local, false), (TypeVolume::Reseau, true)] {
        let dir = tempfile::tempdir().unwrap();
        let mut i = Installation::ouvrir_sur(dir.path(), &LecteurFactice(volume)).unwrap();
        i.definir_etablissement(&ecole()).unwrap();
        i.creer_diagnostic(Some("2025-2026"), false).unwrap();
        i.repondre(None, "PIL-1", "2", None).unwrap();
        assert_eq!(i.a_propos().unwrap().dossier_reseau, reseau, "{volume:?}: said in « Paramètres »");
        // WAL keeps a -wal file beside the base while it is open; the
        // rollback journal is deleted at each commit.
        let wal = dir.path().join(format!("{}-wal", dossier::BASE));
        let journal = dir.path().join(format!("{}-journal", dossier::BASE));
        assert_eq!(wal.exists(), !reseau, "{volume:?}");
        assert!(!journal.exists(), "{volume:?}: no journal left after the commit");
        drop(i);
        // The answer is on disk, whatever the mode, and a local reopening of
        // a base written on the share goes back to WAL.
        let i = Installation::ouvrir_sur(dir.path(), &LecteurFactice(TypeVolume::Local)).unwrap();
        assert_eq!(i.diagnostic(None).unwrap().resume.repondus, 1);
        assert!(!i.a_propos().unwrap().dossier_reseau);
    }
}
