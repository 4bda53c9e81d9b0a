use schematic_core::Referentiel;
use schematic_core::etablissement::SaisieEtablissement;

use super::*;

const T0: &str = "2025-10-01T08:00:00Z";
const T1: &str = "2025-10-02T09:30:00Z";

fn annee(texte: &str) -> AnneeScolaire {
    texte.parse().unwrap()
}

fn eple() -> &'static Referentiel {
    Referentiel::publie("eple", "2026.1").unwrap()
}

fn college() -> Etablissement {
    Etablissement::valider(&SaisieEtablissement {
        uai: "0330021U".into(),
        nom: "Collège Jean Moulin".into(),
        type_etablissement: "college".into(),
        commune: Some("Bordeaux".into()),
        ..Default::default()
    })
    .unwrap()
}

fn repondre_tout(store: &mut Store, id: i64, reponse: Reponse) {
    for item in eple().items() {
        store.enregistrer_reponse(id, &item.id, reponse, &ChangementCommentaire::Garder, T1).unwrap();
    }
}

#[test]
fn establishment_is_created_then_replaced() {
    let mut store = Store::en_memoire().unwrap();
    assert!(store.etablissement().unwrap().is_none());
    store.definir_etablissement(&college(), T0).unwrap();
    let mut e = college();
    e.nom = "Collège Jean-Moulin".into();
    store.definir_etablissement(&e, T1).unwrap();
    let lu = store.etablissement().unwrap().unwrap();
    assert_eq!(lu.etablissement, e);
    assert_eq!((lu.cree_le.as_str(), lu.modifie_le.as_str()), (T0, T1));
}

#[test]
fn one_diagnostic_per_year_and_referential() {
    let mut store = Store::en_memoire().unwrap();
    let d = store.creer_diagnostic(annee("2025-2026"), eple(), &Reprise::default(), T0).unwrap();
    assert_eq!((d.cycle.revision, d.cycle.statut, d.repondus), (1, Statut::Brouillon, 0));
    assert_eq!(d.referentiel_empreinte, eple().empreinte());
    let err = store.creer_diagnostic(annee("2025-2026"), eple(), &Reprise::default(), T0).unwrap_err().to_string();
    assert!(err.contains("existe déjà pour l’année scolaire 2025-2026"), "{err}");
    store.creer_diagnostic(annee("2024-2025"), eple(), &Reprise::default(), T0).unwrap();
    let annees: Vec<String> = store.diagnostics().unwrap().iter().map(|d| d.cycle.annee.to_string()).collect();
    assert_eq!(annees, ["2025-2026", "2024-2025"]);
    assert_eq!(store.referentiel(&d.referentiel_empreinte).unwrap(), *eple());
}

#[test]
fn answer_and_comment_are_written_and_read_back() {
    let mut store = Store::en_memoire().unwrap();
    let d = store.creer_diagnostic(annee("2025-2026"), eple(), &Reprise::default(), T0).unwrap();
    let avec = ChangementCommentaire::Remplacer(Some("Vu en conseil pédagogique".into()));
    store.enregistrer_reponse(d.id, "PIL-1", Reponse::Niveau2, &avec, T1).unwrap();
    store.enregistrer_reponse(d.id, "PIL-1", Reponse::Niveau3, &ChangementCommentaire::Garder, T1).unwrap();
    store.enregistrer_reponse(d.id, "FOR-2", Reponse::AucunNiveau, &ChangementCommentaire::Garder, T1).unwrap();
    let reponses = store.reponses(d.id).unwrap();
    assert_eq!(reponses.len(), 2);
    assert_eq!(reponses[1].item_id, "PIL-1");
    assert_eq!(reponses[1].reponse, Reponse::Niveau3);
    assert_eq!(reponses[1].commentaire.as_deref(), Some("Vu en conseil pédagogique"));
    assert_eq!(store.diagnostic(annee("2025-2026"), "eple").unwrap().unwrap().repondus, 2);

    assert!(store.effacer_reponse(d.id, "PIL-1", T1).unwrap(), "the comment went with the answer");
    assert!(!store.effacer_reponse(d.id, "FOR-2", T1).unwrap());
    assert!(store.reponses(d.id).unwrap().is_empty());
}

#[test]
fn finalised_diagnostic_refuses_answers_until_reopened() {
    let mut store = Store::en_memoire().unwrap();
    let d = store.creer_diagnostic(annee("2025-2026"), eple(), &Reprise::default(), T0).unwrap();
    let err = store.finaliser(d.id, T1).unwrap_err().to_string();
    assert!(err.contains("20 items non renseignés"), "{err}");
    repondre_tout(&mut store, d.id, Reponse::Niveau1);
    let f = store.finaliser(d.id, T1).unwrap();
    assert_eq!((f.cycle.statut, f.finalise_le.as_deref()), (Statut::Finalise, Some(T1)));
    let err = store
        .enregistrer_reponse(d.id, "PIL-1", Reponse::Niveau3, &ChangementCommentaire::Garder, T1)
        .unwrap_err()
        .to_string();
    assert!(err.contains("finalisé"), "{err}");
    assert!(store.effacer_reponse(d.id, "PIL-1", T1).is_err());
    assert_eq!(store.reponses(d.id).unwrap()[0].reponse, Reponse::Niveau1);

    let r = store.rouvrir(d.id, T1).unwrap();
    assert_eq!((r.cycle.statut, r.cycle.revision, r.finalise_le), (Statut::Brouillon, 2, None));
    store.enregistrer_reponse(d.id, "PIL-1", Reponse::Niveau3, &ChangementCommentaire::Garder, T1).unwrap();
    store.finaliser(d.id, T1).unwrap();
    let revisions = store.revisions_finalisees(d.id).unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0].reponses["PIL-1"], Reponse::Niveau1, "revision 1 is kept as it was");
    assert_eq!(revisions[1].reponses["PIL-1"], Reponse::Niveau3);
    assert_eq!(revisions[1].referentiel_empreinte, eple().empreinte());
}

#[test]
fn carried_over_answers_prefill_the_new_year() {
    let mut store = Store::en_memoire().unwrap();
    let d = store.creer_diagnostic(annee("2024-2025"), eple(), &Reprise::default(), T0).unwrap();
    store
        .enregistrer_reponse(
            d.id,
            "INF-1",
            Reponse::Niveau2,
            &ChangementCommentaire::Remplacer(Some("fibre".into())),
            T0,
        )
        .unwrap();
    let reprise = Reprise { reponses: store.reponses(d.id).unwrap(), actions: Vec::new() };
    let n = store.creer_diagnostic(annee("2025-2026"), eple(), &reprise, T1).unwrap();
    assert_eq!(n.repondus, 1);
    let copie = &store.reponses(n.id).unwrap()[0];
    assert_eq!(
        (copie.item_id.as_str(), copie.reponse, copie.commentaire.as_deref()),
        ("INF-1", Reponse::Niveau2, Some("fibre"))
    );
}

#[test]
fn unknown_diagnostic_is_reported() {
    let mut store = Store::en_memoire().unwrap();
    let err = store
        .enregistrer_reponse(42, "PIL-1", Reponse::Niveau1, &ChangementCommentaire::Garder, T0)
        .unwrap_err()
        .to_string();
    assert!(err.contains("n° 42 n’existe pas"), "{err}");
}

#[test]
fn comment_alone_keeps_the_level_and_can_precede_it() {
    let mut store = Store::en_memoire().unwrap();
    let d = store.creer_diagnostic(annee("2025-2026"), eple(), &Reprise::default(), T0).unwrap();
    store.enregistrer_commentaire(d.id, "PED-1", Some("À discuter en équipe"), T0).unwrap();
    let r = &store.reponses(d.id).unwrap()[0];
    assert_eq!((r.reponse, r.commentaire.as_deref()), (Reponse::NonRenseigne, Some("À discuter en équipe")));
    store.enregistrer_reponse(d.id, "PED-1", Reponse::Niveau2, &ChangementCommentaire::Garder, T1).unwrap();
    store.enregistrer_commentaire(d.id, "PED-1", None, T1).unwrap();
    let r = &store.reponses(d.id).unwrap()[0];
    assert_eq!((r.reponse, r.commentaire.as_deref()), (Reponse::Niveau2, None));
    store.enregistrer_reponse(d.id, "PED-1", Reponse::NonRenseigne, &ChangementCommentaire::Garder, T1).unwrap();
    assert!(store.reponses(d.id).unwrap().is_empty(), "an empty row is not kept");
}

#[test]
fn not_applicable_is_stored_as_an_answer_of_its_own() {
    let mut store = Store::en_memoire().unwrap();
    let d = store.creer_diagnostic(annee("2025-2026"), eple(), &Reprise::default(), T0).unwrap();
    store.enregistrer_reponse(d.id, "IMP-4", Reponse::NonApplicable, &ChangementCommentaire::Garder, T0).unwrap();
    let r = &store.reponses(d.id).unwrap()[0];
    assert_eq!((r.item_id.as_str(), r.reponse), ("IMP-4", Reponse::NonApplicable));
    assert_eq!(store.diagnostic_par_id(d.id).unwrap().repondus, 1, "answered");
    // A level replaces it, and back.
    store.enregistrer_reponse(d.id, "IMP-4", Reponse::Niveau2, &ChangementCommentaire::Garder, T1).unwrap();
    assert_eq!(store.reponses(d.id).unwrap()[0].reponse, Reponse::Niveau2);
    store.enregistrer_reponse(d.id, "IMP-4", Reponse::NonApplicable, &ChangementCommentaire::Garder, T1).unwrap();
    assert_eq!(store.reponses(d.id).unwrap()[0].reponse, Reponse::NonApplicable);
    let niveau: Option<u8> =
        store.conn.query_row("SELECT niveau FROM reponse WHERE diagnostic_id = ?1", [d.id], |r| r.get(0)).unwrap();
    assert_eq!(niveau, None, "no level is stored beside « non applicable »");
}

fn reponse_reprise(item: &str, reponse: Reponse, a_revoir: bool) -> ReponseEnregistree {
    ReponseEnregistree { item_id: item.into(), reponse, commentaire: None, modifie_le: T0.into(), a_revoir }
}

#[test]
fn answers_to_review_block_finalisation_until_answered_again() {
    let mut store = Store::en_memoire().unwrap();
    let mut reponses: Vec<ReponseEnregistree> =
        eple().items().map(|i| reponse_reprise(&i.id, Reponse::Niveau2, false)).collect();
    reponses[2].a_revoir = true;
    let d = store.creer_diagnostic(annee("2026-2027"), eple(), &Reprise { reponses, actions: Vec::new() }, T0).unwrap();
    assert_eq!((d.repondus, d.a_revoir), (20, 1));
    let err = store.finaliser(d.id, T1).unwrap_err().to_string();
    assert!(err.contains("1 réponse reprise d’une autre version du référentiel est à revoir (PIL-3)"), "{err}");
    // A comment does not confirm the answer; answering again does.
    store.enregistrer_commentaire(d.id, "PIL-3", Some("à voir"), T1).unwrap();
    assert!(store.reponses(d.id).unwrap().iter().any(|r| r.item_id == "PIL-3" && r.a_revoir));
    store.enregistrer_reponse(d.id, "PIL-3", Reponse::Niveau2, &ChangementCommentaire::Garder, T1).unwrap();
    assert_eq!(store.diagnostic_par_id(d.id).unwrap().a_revoir, 0);
    store.finaliser(d.id, T1).unwrap();
}

#[test]
fn a_carried_answer_to_an_item_of_another_version_is_an_error_not_a_drop() {
    let mut store = Store::en_memoire().unwrap();
    let reprise = Reprise { reponses: vec![reponse_reprise("INF-9", Reponse::Niveau1, false)], actions: Vec::new() };
    let err = store.creer_diagnostic(annee("2026-2027"), eple(), &reprise, T0).unwrap_err().to_string();
    assert!(err.contains("l’item INF-9 n’existe pas dans le référentiel eple 2026.1"), "{err}");
    assert!(store.diagnostics().unwrap().is_empty());
}

#[test]
fn moving_versions_changes_a_fresh_draft_but_derives_a_revision_from_an_exported_or_finalised_one() {
    let mut store = Store::en_memoire().unwrap();
    let d = store.creer_diagnostic(annee("2026-2027"), eple(), &Reprise::default(), T0).unwrap();
    let reprise = Reprise { reponses: vec![reponse_reprise("PIL-1", Reponse::Niveau3, true)], actions: Vec::new() };
    // The same text stands in for "another version": the store only applies
    // what the API computed through the correspondence.
    let m = store.changer_version(d.id, eple(), &reprise, &[], T1).unwrap();
    assert_eq!(
        (m.cycle.revision, m.cycle.statut, m.a_revoir),
        (1, Statut::Brouillon, 1),
        "a fresh draft is moved as is"
    );
    store.marquer_exporte(d.id, 1).unwrap();
    let m = store.changer_version(d.id, eple(), &reprise, &[], T1).unwrap();
    assert_eq!((m.cycle.revision, m.revision_exportee), (2, Some(1)), "revision 1 was exported: revision 2 is derived");
    for i in eple().items() {
        store.enregistrer_reponse(d.id, &i.id, Reponse::Niveau1, &ChangementCommentaire::Garder, T1).unwrap();
    }
    store.finaliser(d.id, T1).unwrap();
    let m = store.changer_version(d.id, eple(), &reprise, &[], T1).unwrap();
    assert_eq!((m.cycle.revision, m.cycle.statut), (3, Statut::Brouillon), "a finalised revision is never changed");
    assert_eq!(store.revisions_finalisees(d.id).unwrap()[0].reponses.len(), 20);
}

#[test]
fn passing_failures_are_told_apart_from_real_ones() {
    use rusqlite::ffi;
    let echec = |code| rusqlite::Error::SqliteFailure(ffi::Error::new(code), None);
    for passagere in
        [ffi::SQLITE_BUSY, ffi::SQLITE_LOCKED, ffi::SQLITE_IOERR, ffi::SQLITE_IOERR_DELETE, ffi::SQLITE_IOERR_LOCK]
    {
        assert!(est_passagere(&echec(passagere)), "{passagere}");
    }
    for definitive in [ffi::SQLITE_CONSTRAINT_UNIQUE, ffi::SQLITE_CORRUPT, ffi::SQLITE_FULL, ffi::SQLITE_READONLY] {
        assert!(!est_passagere(&echec(definitive)), "{definitive}");
    }
    assert!(!est_passagere(&rusqlite::Error::QueryReturnedNoRows));
}

/// With the rollback journal (a data folder on a network drive), a write
/// waits for another process that holds the database, then is on disk.
#[test]
fn a_write_with_the_rollback_journal_waits_for_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let chemin = dir.path().join("schematic.sqlite");
    let mut store = Store::ouvrir_en_mode(&chemin, ModeJournal::Delete).unwrap();
    assert_eq!(store.mode_journal(), ModeJournal::Delete);
    store.definir_etablissement(&college(), T0).unwrap();
    let d = store.creer_diagnostic(annee("2025-2026"), eple(), &Reprise::default(), T0).unwrap();

    // Another process (here a second connection) holds an exclusive lock
    // for a moment, as the CLI writing or a scanner would.
    let autre = Connection::open(&chemin).unwrap();
    let mode: String = autre.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
    autre.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let liberation = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        autre.execute_batch("COMMIT").unwrap();
    });
    let debut = std::time::Instant::now();
    store.enregistrer_reponse(d.id, "PIL-1", Reponse::Niveau2, &ChangementCommentaire::Garder, T1).unwrap();
    assert!(debut.elapsed() >= std::time::Duration::from_millis(250), "it waited for the lock");
    liberation.join().unwrap();
    drop(store);

    let relu = Store::ouvrir(&chemin).unwrap();
    assert_eq!(relu.reponses(d.id).unwrap()[0].reponse, Reponse::Niveau2);
    assert!(!dir.path().join("schematic.sqlite-journal").exists());
}
