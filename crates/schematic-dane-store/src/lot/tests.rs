use super::*;
use schematic_core::{AnneeScolaire, Statut, Uai};

fn diag(empreinte: &str, cle: &str, enrole: bool, revision: u32, genere_le: &str) -> DiagnosticImporte {
    DiagnosticImporte {
        empreinte: empreinte.into(),
        uai: Uai::parse("0330021U").unwrap(),
        annee: "2025-2026".parse::<AnneeScolaire>().unwrap(),
        referentiel: "eple".into(),
        version_referentiel: "2026.1".into(),
        empreinte_referentiel: "r".into(),
        revision,
        genere_le: genere_le.into(),
        statut: Statut::Finalise,
        cle: cle.into(),
        enrole,
        certificat: enrole.then(|| "SCH-2025-00001".into()),
        niveaux: "123".into(),
        fichier: format!("{empreinte}.json"),
        importe_le: "2026-01-10T10:00:00Z".into(),
        enveloppe: Vec::new(),
    }
}

fn detenteur(empreinte: &str, cle: &str, enrole: bool, revision: u32, genere_le: &str) -> EtatLot {
    let mut etat = EtatLot::default();
    etat.connus.insert(empreinte.into(), false);
    etat.detenteurs.insert(
        ("0330021U".into(), "2025-2026".into()),
        Detenteur { empreinte: empreinte.into(), cle: cle.into(), enrole, revision, genere_le: genere_le.into() },
    );
    etat
}

#[test]
fn a_later_revision_in_the_same_batch_is_the_only_one_written() {
    let mut plan = PlanLot::nouveau(EtatLot::default());
    assert_eq!(
        plan.enregistrer(diag("a", "k", true, 1, "2025-10-01")),
        Issue::Importe { remplace: None, ecarte: false }
    );
    assert_eq!(
        plan.enregistrer(diag("b", "k", true, 2, "2025-11-01")),
        Issue::Importe { remplace: Some("a".into()), ecarte: false }
    );
    assert_eq!(plan.enregistrer(diag("b", "k", true, 2, "2025-11-01")), Issue::DejaImporte { ecarte: false });
    assert!(matches!(
        plan.enregistrer(diag("a", "k", true, 1, "2025-10-01")),
        Issue::RevisionPlusAncienne { revision: 2, meme_cle: true, .. }
    ));
    let e = plan.ecritures();
    assert_eq!(e.diagnostics.iter().map(|d| d.empreinte.as_str()).collect::<Vec<_>>(), ["b"]);
    assert!(e.retires.is_empty() && e.mis_a_l_ecart.is_empty() && e.ecartes.is_empty());
}

#[test]
fn a_stored_revision_replaced_is_removed() {
    let mut plan = PlanLot::nouveau(detenteur("a", "k", true, 1, "2025-10-01"));
    assert_eq!(
        plan.enregistrer(diag("b", "k", true, 2, "2025-11-01")),
        Issue::Importe { remplace: Some("a".into()), ecarte: false }
    );
    let e = plan.ecritures();
    assert_eq!(e.retires, ["a"]);
    assert_eq!(e.diagnostics.len(), 1);
}

#[test]
fn an_enrolled_key_sets_an_unenrolled_holder_aside_never_the_reverse() {
    let mut plan = PlanLot::nouveau(detenteur("a", "autre", false, 3, "2025-12-01"));
    assert_eq!(
        plan.enregistrer(diag("b", "k", true, 1, "2025-10-01")),
        Issue::Importe { remplace: Some("a".into()), ecarte: true }
    );
    assert_eq!(plan.enregistrer(diag("c", "x", false, 9, "2026-01-01")), Issue::Ecarte { enrole: true });
    assert_eq!(plan.enregistrer(diag("a", "autre", false, 3, "2025-12-01")), Issue::DejaImporte { ecarte: true });
    let e = plan.ecritures();
    assert_eq!(e.mis_a_l_ecart.len(), 1);
    assert_eq!(e.mis_a_l_ecart[0].0, "a");
    assert_eq!(e.mis_a_l_ecart[0].1.detail, DETAIL_REMPLACE_PAR_ENROLE);
    assert!(e.retires.is_empty());
    assert_eq!(e.ecartes.len(), 1);
    assert_eq!((e.ecartes[0].0.empreinte.as_str(), e.ecartes[0].1.motif), ("c", StatutImport::Ecarte));
}

#[test]
fn an_unenrolled_holder_new_in_the_batch_moves_aside_with_its_data() {
    let mut plan = PlanLot::nouveau(EtatLot::default());
    plan.enregistrer(diag("a", "autre", false, 1, "2025-10-01"));
    assert_eq!(
        plan.enregistrer(diag("b", "k", true, 1, "2025-10-02")),
        Issue::Importe { remplace: Some("a".into()), ecarte: true }
    );
    let e = plan.ecritures();
    assert_eq!(e.diagnostics.iter().map(|d| d.empreinte.as_str()).collect::<Vec<_>>(), ["b"]);
    assert_eq!(e.ecartes.iter().map(|(d, _)| d.empreinte.as_str()).collect::<Vec<_>>(), ["a"]);
    assert!(e.mis_a_l_ecart.is_empty());
}

#[test]
fn between_two_enrolled_keys_the_later_signed_wins() {
    let mut plan = PlanLot::nouveau(detenteur("a", "k1", true, 5, "2025-12-01"));
    assert!(matches!(
        plan.enregistrer(diag("b", "k2", true, 1, "2025-11-01")),
        Issue::RevisionPlusAncienne { meme_cle: false, .. }
    ));
    assert_eq!(
        plan.enregistrer(diag("c", "k2", true, 1, "2026-01-01")),
        Issue::Importe { remplace: Some("a".into()), ecarte: false }
    );
}

#[test]
fn a_payload_is_received_once() {
    let mut etat = EtatLot::default();
    etat.receptions.insert("a".into(), "2025-01-01T00:00:00Z".into());
    let mut plan = PlanLot::nouveau(etat);
    assert_eq!(plan.recevoir("a", "2026-01-01T00:00:00Z"), "2025-01-01T00:00:00Z");
    assert_eq!(plan.recevoir("b", "2026-01-01T00:00:00Z"), "2026-01-01T00:00:00Z");
    assert_eq!(plan.recevoir("b", "2026-02-01T00:00:00Z"), "2026-01-01T00:00:00Z");
    assert_eq!(plan.ecritures().receptions, [("b".to_string(), "2026-01-01T00:00:00Z".to_string())]);
}
