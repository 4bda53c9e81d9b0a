//! The school's side of referential versions, on the test-only eple 2026.9
//! (`tests/fixtures/referentiels/eple-2026.9.json`: keeps PIL-1, rewords
//! PIL-2 with harder levels 1→1 2→1 3→2, splits PIL-3 into PIL-3 + PIL-5 « à
//! revoir », merges FOR-1 + FOR-2, rewords IMP-4 (« non applicable »
//! allowed), asks PED-2 to be answered again, removes INF-4, adds INF-5),
//! which a diagnostic of 2026-2027 is created on once imported; moving a
//! diagnostic goes to the newest version, the published 2027.1.

use std::path::PathBuf;

use chrono::{TimeZone, Utc};

use crate::dto::{SaisieActionDto, SaisieEtablissementDto};
use crate::{ErrorKind, Horloge, Installation};

fn fichier_2026_9() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/referentiels/eple-2026.9.json"))
}

fn college(dossier: &std::path::Path) -> Installation {
    let mut i = Installation::ouvrir(dossier)
        .unwrap()
        .avec_horloge(Horloge::Fixe(Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap()));
    i.definir_etablissement(&SaisieEtablissementDto {
        uai: "0330021U".into(),
        nom: "Collège Jean Moulin".into(),
        type_etablissement: "college".into(),
        ..Default::default()
    })
    .unwrap();
    i
}

fn action(item: &str, niveau: u8, statut: &str) -> SaisieActionDto {
    SaisieActionDto {
        id: None,
        item_id: item.into(),
        niveau_cible: niveau,
        action: format!("Action sur {item}"),
        responsable: "Direction".into(),
        echeance: "2026-06-30".into(),
        statut: schematic_core::plan_action::StatutAction::depuis_code(statut).unwrap(),
    }
}

const AN1: Option<&str> = Some("2025-2026");
const AN2: Option<&str> = Some("2026-2027");

/// 2025-2026 on 2026.1: PIL-1 1, PIL-2 3, PIL-3 2 (commented), PIL-4 aucun,
/// FOR-1 3 and FOR-2 1 (both commented), IMP-4 2, PED-2 1 (commented), INF-4
/// 3 (commented); actions on PIL-3 (à faire), INF-4 (en cours), PIL-2 (fait).
fn annee_2025(i: &mut Installation) {
    i.creer_diagnostic(AN1, false).unwrap();
    for (item, niveau, commentaire) in [
        ("PIL-1", "1", None),
        ("PIL-2", "3", None),
        ("PIL-3", "2", Some("bilan fait en juin")),
        ("PIL-4", "aucun", None),
        ("FOR-1", "3", Some("plan voté")),
        ("FOR-2", "1", Some("peu d’échanges")),
        ("IMP-4", "2", None),
        ("PED-2", "1", Some("projets en 4e")),
        ("INF-4", "3", Some("tablettes en 6e")),
    ] {
        i.repondre(AN1, item, niveau, commentaire).unwrap();
    }
    i.enregistrer_action(AN1, &action("PIL-3", 3, "a-faire")).unwrap();
    i.enregistrer_action(AN1, &action("INF-4", 2, "en-cours")).unwrap();
    i.enregistrer_action(AN1, &action("PIL-2", 2, "fait")).unwrap();
}

#[test]
fn next_year_on_the_new_version_carries_exactly_what_the_mapping_says() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = college(dir.path());
    annee_2025(&mut i);
    let importe = i.importer_referentiel(&fichier_2026_9()).unwrap();
    let publie = &importe.publie;
    assert!(importe.nouveau && publie.resume.version == "2026.9" && publie.depuis.as_deref() == Some("2026.1"));

    // Shown before creating.
    let a = i.apercu_creation(AN2, true).unwrap();
    assert_eq!((a.version_depart.as_deref(), a.version_arrivee.as_str()), (Some("2026.1"), "2026.9"));
    let a_revoir: Vec<&str> = a.a_revoir.iter().map(|x| x.item_id.as_str()).collect();
    assert_eq!(a_revoir, ["FOR-1", "PIL-3", "PIL-5"]);
    assert!(a.a_revoir[1].note.as_deref().unwrap().contains("deux items"));
    let non: Vec<(&str, &str)> = a.non_reportes.iter().map(|n| (n.item_id.as_str(), n.element.as_str())).collect();
    assert_eq!(non, [("PED-2", "reponse"), ("INF-4", "reponse"), ("INF-4", "commentaire"), ("INF-4", "actions")]);
    // PIL-1, PIL-2, PIL-3→2 items, PIL-4, FOR-1, IMP-4; comments PIL-3→2, FOR-1, PED-2; action PIL-3.
    assert_eq!((a.reponses_reportees, a.commentaires_reportes, a.actions_reportees), (7, 4, 1));
    assert!(i.diagnostic(AN2).is_err(), "a preview creates nothing");

    let d = i.creer_diagnostic(AN2, true).unwrap();
    assert_eq!((d.referentiel_version.as_str(), d.repondus, d.a_revoir), ("2026.9", 7, 3));
    let detail = i.diagnostic(AN2).unwrap();
    let reponses: Vec<(&str, Option<u8>, bool, Option<&str>)> =
        detail.reponses.iter().map(|r| (r.item_id.as_str(), r.niveau, r.a_revoir, r.commentaire.as_deref())).collect();
    assert_eq!(
        reponses,
        [
            ("FOR-1", Some(1), true, Some("FOR-1 : plan voté\n\nFOR-2 : peu d’échanges")),
            ("IMP-4", Some(2), false, None),
            ("PED-2", None, false, Some("projets en 4e")),
            ("PIL-1", Some(1), false, None),
            ("PIL-2", Some(2), false, None),
            ("PIL-3", Some(2), true, Some("bilan fait en juin")),
            ("PIL-4", Some(0), false, None),
            ("PIL-5", Some(2), true, Some("bilan fait en juin")),
        ]
    );
    let plan = i.plan_action(AN2).unwrap();
    let actions: Vec<(&str, u8)> = plan.iter().map(|a| (a.item_id.as_str(), a.niveau_cible)).collect();
    assert_eq!(actions, [("PIL-3", 3)]);
    // Last year's diagnostic still reads on its own version.
    assert_eq!(i.referentiel_du_diagnostic(AN1).unwrap().resume.version, "2026.1");
    assert_eq!(i.diagnostic(AN1).unwrap().reponses.len(), 9);
}

#[test]
fn change_since_last_year_goes_through_the_correspondence() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = college(dir.path());
    annee_2025(&mut i);
    i.importer_referentiel(&fichier_2026_9()).unwrap();
    i.creer_diagnostic(AN2, false).unwrap();
    for (item, niveau) in [
        ("PIL-1", "2"),
        ("PIL-2", "2"),
        ("PIL-3", "3"),
        ("PIL-5", "1"),
        ("PIL-4", "1"),
        ("FOR-1", "2"),
        ("FOR-3", "2"),
        ("FOR-4", "2"),
        ("IMP-1", "2"),
        ("IMP-2", "2"),
        ("IMP-3", "2"),
        ("IMP-4", "na"),
        ("PED-1", "3"),
        ("PED-2", "3"),
        ("PED-3", "2"),
        ("PED-4", "2"),
        ("INF-1", "2"),
        ("INF-2", "2"),
        ("INF-3", "2"),
        ("INF-5", "1"),
    ] {
        i.repondre(AN2, item, niveau, None).unwrap();
    }
    let e = i.diagnostic(AN2).unwrap().evolution.unwrap();
    assert!(e.versions_differentes);
    assert_eq!(e.version_precedente, "2026.1");
    // PIL-2 was 3, which reads 2 in 2026.9: no change. PIL-3, PIL-5, FOR-1,
    // PED-2 and INF-5 have no comparable item: never progress.
    let progres: Vec<(&str, u8, u8)> = e.progres.iter().map(|x| (x.item_id.as_str(), x.avant, x.apres)).collect();
    assert_eq!(progres, [("PIL-1", 1, 2), ("PIL-4", 0, 1)]);
    assert!(e.reculs.is_empty());
    assert_eq!(e.sans_equivalent, ["PIL-3", "PIL-5", "FOR-1", "PED-2", "INF-5"]);
    // Domains, each as its version defines it: PIL 6/4 → 9/5 (150 → 180),
    // FOR 4/2 → 6/3, IMP 2/1 → 6/3 (IMP-4 non applicable), PED 1 → 10/4,
    // INF 3 → 7/4.
    let ecarts: Vec<Option<i32>> = e.domaines.iter().map(|d| d.ecart_centiemes).collect();
    assert_eq!(ecarts, [Some(30), Some(0), Some(0), Some(150), Some(-125)]);
    let imp = &i.diagnostic(AN2).unwrap().resultats.domaines[2];
    assert_eq!((imp.repondus, imp.non_applicables, imp.complet), (3, 1, true));
}

#[test]
fn not_applicable_only_where_the_referential_allows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = college(dir.path());
    i.importer_referentiel(&fichier_2026_9()).unwrap();
    i.creer_diagnostic(AN2, false).unwrap();
    let r = i.repondre(AN2, "imp-4", "na", None).unwrap();
    assert!(r.non_applicable && r.niveau.is_none() && r.libelle == "Non applicable");
    let e = i.repondre(AN2, "PIL-1", "na", None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::SaisieInvalide);
    assert!(
        e.message.contains("L’item PIL-1 ne peut pas être déclaré « non applicable » : le référentiel eple 2026.9"),
        "{}",
        e.message
    );
    let item = i.referentiel_du_diagnostic(AN2).unwrap().domaines[2].items[3].clone();
    assert!(item.non_applicable.unwrap().contains("aucun ENT"));
    // The workshop's consensus follows the same rule.
    let e = i.definir_consensus(AN2, "PIL-2", "na", "").unwrap_err();
    assert!(e.message.contains("L’item PIL-2 ne peut pas être déclaré « non applicable »"), "{}", e.message);
    let consensus = i.definir_consensus(AN2, "IMP-4", "na", "").unwrap();
    assert!(consensus.consensus_non_applicable && consensus.consensus.is_none());
}

/// Moving goes to the newest version: the published 2027.1 (its
/// correspondence from 2026.1 in `assets/referentiels/eple-2027.1.json`).
#[test]
fn a_draft_moves_to_the_newer_version_by_choice_and_a_finalised_one_gets_a_new_revision() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = college(dir.path());
    annee_2025(&mut i);
    // A diagnostic already on the newest version has nothing to move to.
    i.creer_diagnostic(Some("2027-2028"), false).unwrap();
    let e = i.apercu_changement_version(Some("2027-2028")).unwrap_err();
    assert!(e.message.contains("suit déjà la version la plus récente du référentiel (eple 2027.1)"), "{}", e.message);

    let a = i.apercu_changement_version(AN1).unwrap();
    assert_eq!(
        (a.version_depart.as_deref(), a.version_arrivee.as_str(), a.revision),
        (Some("2026.1"), "2027.1", Some(1))
    );
    // Every action moves, even « fait »: no item of 2026.1 is removed in 2027.1.
    assert_eq!((a.actions_reportees, a.non_reportes.len()), (3, 0));
    // Answered items whose meaning moved are to be reviewed; PIL-4 was split
    // into PIL-4 and PIL-5; PED-2 only lost programming from its level 3.
    let a_revoir: Vec<&str> = a.a_revoir.iter().map(|x| x.item_id.as_str()).collect();
    assert_eq!(a_revoir, ["FOR-1", "FOR-2", "IMP-4", "INF-4", "PIL-1", "PIL-2", "PIL-3", "PIL-4", "PIL-5"]);
    let d = i.changer_version(AN1).unwrap();
    assert_eq!((d.referentiel_version.as_str(), d.revision, d.a_revoir, d.total), ("2027.1", 1, 9, 24));
    let detail = i.diagnostic(AN1).unwrap();
    let niveau = |item: &str| detail.reponses.iter().find(|r| r.item_id == item).and_then(|r| r.niveau);
    // Through the level tables: PIL-1 1 → 0, PIL-2 3 → 3, PIL-3 2 → 1, INF-4 3 → 2.
    assert_eq!(
        [niveau("PIL-1"), niveau("PIL-2"), niveau("PIL-3"), niveau("INF-4")],
        [Some(0), Some(3), Some(1), Some(2)]
    );
    let plan = i.plan_action(AN1).unwrap();
    let mut items: Vec<(&str, u8)> = plan.iter().map(|a| (a.item_id.as_str(), a.niveau_cible)).collect();
    items.sort_unstable();
    // Targets through the same tables: PIL-3 3 → 2, INF-4 2 → 2, PIL-2 2 → 2.
    assert_eq!(items, [("INF-4", 2), ("PIL-2", 2), ("PIL-3", 2)]);
}

#[test]
fn a_finalised_diagnostic_is_never_changed_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = college(dir.path());
    i.creer_diagnostic(AN1, false).unwrap();
    for item in ["PIL-1", "PIL-2", "PIL-3", "PIL-4", "FOR-1", "FOR-2", "FOR-3", "FOR-4", "IMP-1", "IMP-2"] {
        i.repondre(AN1, item, "2", None).unwrap();
    }
    for item in ["IMP-3", "IMP-4", "PED-1", "PED-2", "PED-3", "PED-4", "INF-1", "INF-2", "INF-3", "INF-4"] {
        i.repondre(AN1, item, "1", None).unwrap();
    }
    i.finaliser(AN1).unwrap();
    assert_eq!(i.apercu_changement_version(AN1).unwrap().revision, Some(2));
    let d = i.changer_version(AN1).unwrap();
    assert_eq!((d.revision, d.statut.code(), d.referentiel_version.as_str()), (2, "brouillon", "2027.1"));
    let revisions = i.store.revisions_finalisees(d.id).unwrap();
    assert_eq!(revisions.len(), 1);
    let v1 = i.store.referentiel(&revisions[0].referentiel_empreinte).unwrap();
    assert_eq!((v1.version.as_str(), revisions[0].reponses.len()), ("2026.1", 20), "revision 1 keeps its version");
    let e = i.finaliser(AN1).unwrap_err();
    assert!(e.message.contains("3 items non renseignés (IMP-5, PED-6, INF-5)"), "{}", e.message);
    for item in ["IMP-5", "PED-6", "INF-5"] {
        i.repondre(AN1, item, "aucun", None).unwrap();
    }
    let e = i.finaliser(AN1).unwrap_err();
    assert!(
        e.message.contains("15 réponses reprises d’une autre version du référentiel sont à revoir"),
        "{}",
        e.message
    );
    let a_revoir: Vec<String> =
        i.diagnostic(AN1).unwrap().reponses.into_iter().filter(|r| r.a_revoir).map(|r| r.item_id).collect();
    for item in &a_revoir {
        i.repondre(AN1, item, "1", None).unwrap();
    }
    assert_eq!(i.finaliser(AN1).unwrap().revision, 2);
}

#[test]
fn a_referential_file_is_checked_and_never_replaces_a_known_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = college(dir.path());
    let v = i.verifier_referentiel(&fichier_2026_9()).unwrap();
    assert!(v.nouveau && v.publie.liens.len() == 20);
    assert!(i.referentiels().unwrap().iter().all(|r| r.resume.version != "2026.9"), "checking installs nothing");

    let mut texte: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fichier_2026_9()).unwrap()).unwrap();
    texte["titre"] = "Un autre texte sous le même numéro".into();
    let autre = dir.path().join("autre.json");
    std::fs::write(&autre, texte.to_string()).unwrap();
    i.importer_referentiel(&fichier_2026_9()).unwrap();
    let e = i.importer_referentiel(&autre).unwrap_err();
    assert!(e.message.contains("une autre version eple 2026.9 est déjà connue"), "{}", e.message);
    assert_eq!(i.referentiels().unwrap().len(), 5);
    assert!(!i.importer_referentiel(&fichier_2026_9()).unwrap().nouveau);
}

#[test]
fn the_export_is_format_2_with_non_applicable_and_the_report_shows_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = college(&dir.path().join("donnees"));
    annee_2025(&mut i);
    i.importer_referentiel(&fichier_2026_9()).unwrap();
    i.creer_diagnostic(AN2, true).unwrap();
    i.repondre(AN2, "IMP-4", "na", None).unwrap();
    i.repondre(AN2, "FOR-1", "1", None).unwrap();
    let sortie = dir.path().join("export");
    std::fs::create_dir_all(&sortie).unwrap();
    let export = i.exporter(AN2, crate::echange::Formats { json: true, pdf: true }, false, &sortie).unwrap();
    let json = export.fichiers.iter().find(|f| f.ends_with(".json")).unwrap();
    let enveloppe: serde_json::Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    assert_eq!(enveloppe["payloadType"], "application/vnd.schematic.diagnostic+json; version=2");
    use base64::Engine;
    let charge: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::STANDARD.decode(enveloppe["payload"].as_str().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!((charge["version_format"].as_u64(), charge["reponses"]["IMP-4"].as_str()), (Some(2), Some("na")));
    assert_eq!(charge["referentiel"]["version"], "2026.9");
    assert_eq!(charge["resultats"][2]["non_applicables"], 1);
    let verdict = Installation::verifier(std::path::Path::new(json), &[], None);
    assert_eq!(verdict.motif, "valide.non-enrole", "{}", verdict.detail);
    assert!(verdict.reponses.iter().any(|r| r.item == "IMP-4" && r.non_applicable));

    let pdf = export.fichiers.iter().find(|f| f.ends_with(".pdf")).unwrap();
    let texte = String::from_utf8(std::process::Command::new("pdftotext").arg(pdf).arg("-").output().unwrap().stdout)
        .unwrap()
        .replace('\n', " ");
    assert!(texte.contains("Non applicable"), "{texte}");
    assert!(texte.contains("suivait la version 2026.1 du référentiel, cette année la version 2026.9"), "{texte}");
    assert!(texte.contains("sans équivalent en 2025-2026"), "{texte}");
    assert!(texte.contains("(+1 n. a.)"), "{texte}");
    // PIL-2 was 3 in 2026.1, which reads 2 in 2026.9.
    assert!(texte.contains("Niveau 2 (en 2025-2026 : niveau 2)"), "{texte}");
    // This revision was exported: moving it again would make a new one.
    assert_eq!(i.diagnostics().unwrap()[0].revision, 1);
}

/// An installation that once imported a file under the number an update
/// later publishes with another text keeps working: the published text is
/// offered, the stored one stays readable by its fingerprint.
#[test]
fn a_stored_text_that_an_update_publishes_differently_does_not_break_the_installation() {
    let dir = tempfile::tempdir().unwrap();
    let mut i = college(dir.path());
    let mut ancien = schematic_core::Referentiel::publie("eple", "2027.1").unwrap().clone();
    ancien.titre.push_str(" (fichier importé avant la mise à jour)");
    i.store.enregistrer_referentiel(&ancien).unwrap();
    let versions = i.referentiels().unwrap();
    let publiee = versions.iter().find(|r| r.resume.id == "eple" && r.resume.version == "2027.1").unwrap();
    assert_eq!(publiee.resume.empreinte, schematic_core::Referentiel::publie("eple", "2027.1").unwrap().empreinte());
    assert_eq!(i.store.referentiel(&ancien.empreinte()).unwrap().titre, ancien.titre);
}
