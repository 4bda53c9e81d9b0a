//! The équipe-relais workshop through the API: participants vote, the
//! aggregation and the disagreement flag, the consensus, contributions from
//! another computer (and every bad case), and no first name in any file that
//! leaves the computer.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{TimeZone, Utc};
use schematic_api::dto::SaisieEtablissementDto;
use schematic_api::echange::Formats;
use schematic_api::{ErrorKind, Horloge, Installation};

const PRENOMS: [&str; 4] = ["Zéphyrine", "Anatole", "Bérénice", "Hippolyte"];

fn a(dossier: &Path) -> Installation {
    Installation::ouvrir(dossier)
        .unwrap()
        .avec_horloge(Horloge::Fixe(Utc.with_ymd_and_hms(2026, 3, 12, 10, 0, 0).unwrap()))
}

fn college(dossier: &Path, uai: &str) -> Installation {
    let mut i = a(dossier);
    i.definir_etablissement(&SaisieEtablissementDto {
        uai: uai.into(),
        nom: "Collège Jean Moulin".into(),
        type_etablissement: "college".into(),
        ..Default::default()
    })
    .unwrap();
    i.creer_diagnostic(Some("2025-2026"), false).unwrap();
    i
}

/// Every byte sequence of a file, and of every PDF stream once inflated.
fn contenus(fichier: &Path) -> Vec<Vec<u8>> {
    let octets = fs::read(fichier).unwrap();
    let mut tout = vec![octets.clone()];
    if octets.starts_with(b"%PDF-") {
        let doc = lopdf::Document::load_mem(&octets).unwrap();
        for objet in doc.objects.values() {
            if let Ok(flux) = objet.as_stream() {
                tout.push(flux.decompressed_content().unwrap_or_else(|_| flux.content.clone()));
            }
        }
        let texte = Command::new("pdftotext").arg(fichier).arg("-").output().expect("pdftotext (poppler-utils)");
        tout.push(texte.stdout);
    }
    tout
}

#[test]
fn a_workshop_votes_disagrees_agrees_and_no_name_leaves_the_computer() {
    let racine = tempfile::tempdir().unwrap();
    let r = racine.path();
    let mut f = college(&r.join("animateur"), "0330021U");
    let annee = Some("2025-2026");

    // Four participants, with first names that must never be exported.
    let roles = ["enseignant", "cpe", "referent-numerique", "chef-etablissement"];
    let ids: Vec<i64> =
        roles.iter().zip(PRENOMS).map(|(role, p)| f.ajouter_participant(annee, role, p).unwrap().id).collect();
    assert_eq!(f.ajouter_participant(annee, "principal", "").unwrap_err().kind, ErrorKind::SaisieInvalide);

    // PIL-1: 1, 3, 2, 2 → strong disagreement, median 2. PIL-2: 2, 2, 2, 3.
    for (id, n) in ids.iter().zip(["1", "3", "2", "2"]) {
        f.voter(annee, *id, "PIL-1", Some(n)).unwrap();
    }
    for (id, n) in ids.iter().zip(["2", "2", "2", "3"]) {
        f.voter(annee, *id, "pil-2", Some(n)).unwrap();
    }
    let item = f.voter(annee, ids[0], "PIL-3", Some("aucun")).unwrap();
    assert_eq!(item.repartition, [1, 0, 0, 0]);
    let item = f.voter(annee, ids[0], "PIL-3", None).unwrap();
    assert_eq!(item.repartition, [0, 0, 0, 0]);
    assert_eq!(f.voter(annee, ids[0], "PIL-1", Some("4")).unwrap_err().kind, ErrorKind::SaisieInvalide);
    let atelier = f.atelier(annee).unwrap();
    let pil1 = atelier.items.iter().find(|i| i.item_id == "PIL-1").unwrap();
    assert_eq!((pil1.repartition.clone(), pil1.mediane_demis, pil1.ecart), (vec![0, 1, 2, 1], Some(4), Some(2)));
    assert!(pil1.desaccord);
    assert_eq!(pil1.consensus, None, "votes are not the answer");
    let pil2 = atelier.items.iter().find(|i| i.item_id == "PIL-2").unwrap();
    assert!(!pil2.desaccord);

    // The team agrees: the consensus becomes the diagnostic's answer.
    let pil1 = f.definir_consensus(annee, "PIL-1", "2", "Le cycle 3 voit plus loin").unwrap();
    assert_eq!((pil1.consensus, pil1.note.as_deref()), (Some(2), Some("Le cycle 3 voit plus loin")));
    f.definir_consensus(annee, "PIL-2", "2", "").unwrap();
    let d = f.diagnostic(annee).unwrap();
    assert_eq!(d.reponses.iter().find(|r| r.item_id == "PIL-1").and_then(|r| r.niveau), Some(2));
    // Per domain: consensus 2.00; individual means from 1.50 (1 and 2) to 2.50 (2 and 3).
    let pil = f.atelier(annee).unwrap().domaines.into_iter().find(|d| d.domaine_id == "PIL").unwrap();
    assert_eq!(
        (pil.consensus_centiemes, pil.individuel_min_centiemes, pil.individuel_max_centiemes, pil.items_en_desaccord),
        (Some(200), Some(150), Some(250), 1)
    );

    // A member's computer: same establishment, their own answers, one contribution.
    let membre = r.join("membre");
    let mut m = college(&membre, "0330021U");
    for (item, n) in [("PIL-1", "3"), ("PIL-2", "1"), ("FOR-1", "2")] {
        m.repondre(annee, item, n, None).unwrap();
    }
    let boite = r.join("boite");
    let fichier = PathBuf::from(m.exporter_contribution(annee, "professeur-documentaliste", &boite).unwrap());
    let c = f.importer_contribution(annee, &fichier).unwrap();
    assert_eq!((c.role.as_str(), c.votes, c.remplace), ("professeur-documentaliste", 3, false));
    let atelier = f.atelier(annee).unwrap();
    assert_eq!(atelier.participants.len(), 5);
    assert!(atelier.participants.iter().any(|p| p.contribution && p.prenom.is_none()));
    assert_eq!(atelier.items.iter().find(|i| i.item_id == "PIL-1").unwrap().repartition, [0, 1, 2, 2]);

    // Bad contributions: each refused with its sentence, nothing written.
    let deja = f.importer_contribution(annee, &fichier).unwrap_err();
    assert_eq!(deja.kind, ErrorKind::ExisteDeja);
    assert!(deja.message.contains("déjà importée"), "{}", deja.message);
    let mut octets = fs::read(&fichier).unwrap();
    let i = octets.len() / 2;
    octets[i] = if octets[i] == b'A' { b'B' } else { b'A' };
    fs::write(r.join("falsifiee.json"), &octets).unwrap();
    let e = f.importer_contribution(annee, &r.join("falsifiee.json")).unwrap_err();
    assert!(e.message.contains("signature") || e.message.contains("modifié"), "{}", e.message);
    let mut sans: serde_json::Value = serde_json::from_slice(&fs::read(&fichier).unwrap()).unwrap();
    sans["signatures"] = serde_json::json!([]);
    fs::write(r.join("non-signee.json"), serde_json::to_vec(&sans).unwrap()).unwrap();
    let e = f.importer_contribution(annee, &r.join("non-signee.json")).unwrap_err();
    assert!(e.message.contains("n’est pas signée"), "{}", e.message);
    let e = f.importer_contribution(Some("2024-2025"), &fichier).unwrap_err();
    assert!(e.message.contains("pas pour ce diagnostic"), "{}", e.message);
    let mut ailleurs = college(&r.join("ailleurs"), "0640011P");
    ailleurs.repondre(annee, "PIL-1", "1", None).unwrap();
    let fichier_ailleurs = PathBuf::from(ailleurs.exporter_contribution(annee, "enseignant", &boite).unwrap());
    let e = f.importer_contribution(annee, &fichier_ailleurs).unwrap_err();
    assert!(e.message.contains("concerne l’établissement 0640011P"), "{}", e.message);
    let diagnostic = boite.join("diagnostic.json");
    let export = m.exporter(annee, Formats { json: true, pdf: false }, false, &r.join("export-membre")).unwrap();
    fs::copy(&export.fichiers[0], &diagnostic).unwrap();
    let e = f.importer_contribution(annee, &diagnostic).unwrap_err();
    assert!(e.message.contains("n’est pas une contribution"), "{}", e.message);
    assert_eq!(f.atelier(annee).unwrap().participants.len(), 5, "nothing written by refused imports");

    // The member changes their mind: the new contribution replaces the old.
    m.repondre(annee, "PIL-1", "2", None).unwrap();
    let fichier2 = PathBuf::from(m.exporter_contribution(annee, "professeur-documentaliste", &boite).unwrap());
    let c = f.importer_contribution(annee, &fichier2).unwrap();
    assert!(c.remplace);
    assert_eq!(f.atelier(annee).unwrap().participants.len(), 5);

    // Every exported file: the signed JSON with comments, the PDF report, the
    // contribution. Roles and counts, never a first name.
    f.commenter(annee, "PIL-1", "Débat animé en conseil pédagogique").unwrap();
    let export = f.exporter(annee, Formats { json: true, pdf: true }, true, &r.join("export")).unwrap();
    let contribution = PathBuf::from(f.exporter_contribution(annee, "chef-etablissement", &boite).unwrap());
    let mut fichiers: Vec<PathBuf> = export.fichiers.iter().map(PathBuf::from).collect();
    fichiers.push(contribution);
    fichiers.push(fichier2);
    for fichier in &fichiers {
        for contenu in contenus(fichier) {
            let texte = String::from_utf8_lossy(&contenu).to_lowercase();
            for p in PRENOMS {
                assert!(!texte.contains(&p.to_lowercase()), "{p} found in {}", fichier.display());
            }
        }
    }
    let json: serde_json::Value = serde_json::from_slice(&fs::read(&export.fichiers[0]).unwrap()).unwrap();
    let charge: serde_json::Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::STANDARD, json["payload"].as_str().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        charge["participants"],
        serde_json::json!({"CPE": 1, "Chef d’établissement": 1, "Enseignant": 1, "Professeur documentaliste": 1, "Référent numérique": 1})
    );
    // The report lists the item of strong disagreement, votes by role.
    let pdf = export.fichiers.iter().find(|f| f.ends_with(".pdf")).unwrap();
    let texte = String::from_utf8(Command::new("pdftotext").arg(pdf).arg("-").output().unwrap().stdout).unwrap();
    assert!(texte.contains("Points de débat"), "{texte}");
    assert!(texte.contains("Enseignant : Niveau 1"), "{texte}");
    assert!(texte.contains("CPE : Niveau 3"), "{texte}");
    assert!(texte.contains("Le cycle 3 voit plus loin"), "{texte}");

    // Purging first names keeps roles and votes.
    assert_eq!(f.purger_prenoms().unwrap(), 4);
    let atelier = f.atelier(annee).unwrap();
    assert!(atelier.participants.iter().all(|p| p.prenom.is_none()));
    assert_eq!(atelier.participants.len(), 5);

    // A finalised diagnostic's votes are locked like its answers.
    for item in f.referentiel_du_diagnostic(annee).unwrap().domaines.iter().flat_map(|d| d.items.iter()) {
        f.repondre(annee, &item.id, "1", None).unwrap();
    }
    f.finaliser(annee).unwrap();
    assert_eq!(f.voter(annee, ids[0], "PIL-1", Some("3")).unwrap_err().kind, ErrorKind::EtatIncompatible);
    assert_eq!(f.ajouter_participant(annee, "agent", "").unwrap_err().kind, ErrorKind::EtatIncompatible);
}
