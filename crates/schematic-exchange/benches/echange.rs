//! Export and verification speed: sign + write the JSON (durably), generate the
//! PDF report of a full diagnostic, verify files (the PDF with its seal: the
//! SHA-256 of the whole file and a second signature) — with the raw Ed25519
//! verification rate of the same machine, measured in the same run, as the
//! ceiling.
//!
//! Run: `cargo xtask bench` (or `cargo bench -p schematic-exchange`).

use std::collections::BTreeMap;
use std::io::Write;
use std::time::{Duration, Instant};

use schematic_core::Referentiel;
use schematic_exchange::CleInstallation;
use schematic_exchange::format_diagnostic::*;
use schematic_exchange::rapport::{self, ActionRapport, DomaineRapport, DonneesRapport, ItemRapport};
use schematic_exchange::verification::verifier;

fn diagnostic_complet(cle: &CleInstallation) -> ChargeDiagnostic {
    let r = Referentiel::publie("eple", "2026.1").unwrap();
    let reponses: BTreeMap<String, NiveauCharge> =
        r.items().enumerate().map(|(i, item)| (item.id.clone(), NiveauCharge::depuis_valeur((i % 4) as u8))).collect();
    ChargeDiagnostic {
        format: FORMAT.into(),
        version_format: VERSION_FORMAT,
        application: "SchémaTIC 0.2.0".into(),
        genere_le: "2026-03-12T10:00:00Z".into(),
        cle: cle.publique().keyid(),
        referentiel: ReferentielCharge { id: r.id.clone(), version: r.version.clone(), empreinte: r.empreinte() },
        etablissement: EtablissementCharge {
            uai: "0330021U".into(),
            type_etablissement: "college".into(),
            academie: "Bordeaux".into(),
            departement: "33".into(),
            circonscription: None,
        },
        annee_scolaire: "2025-2026".into(),
        diagnostic: InfoDiagnosticCharge { id: 1, revision: 1, statut: "finalise".into() },
        reponses,
        non_renseignes: vec![],
        resultats: r
            .domaines
            .iter()
            .map(|d| ResultatDomaineCharge {
                domaine: d.id.clone(),
                items: 4,
                repondus: 4,
                non_applicables: Some(0),
                maturite_centiemes: Some(150),
                niveau_atteint: Some(0),
            })
            .collect(),
        plan_action: (0..8)
            .map(|i| ActionCharge {
                item: format!("PIL-{}", 1 + i % 4),
                niveau_cible: 2,
                action: "Présenter le volet numérique en conseil pédagogique puis au conseil d’administration".into(),
                responsable: "Référent numérique".into(),
                echeance: "2026-06-30".into(),
                statut: "a-faire".into(),
            })
            .collect(),
        participants: BTreeMap::new(),
        commentaires: None,
        certificat: None,
    }
}

fn rapport_complet(json: Vec<u8>) -> DonneesRapport {
    let r = Referentiel::publie("eple", "2026.1").unwrap();
    DonneesRapport {
        nom_etablissement: "Collège Jean Moulin".into(),
        uai: "0330021U".into(),
        type_libelle: "Collège".into(),
        academie: "Bordeaux".into(),
        departement: "33 — Gironde".into(),
        circonscription: None,
        commune: Some("Bordeaux".into()),
        annee: "2025-2026".into(),
        annee_precedente: Some("2024-2025".into()),
        version_precedente: None,
        referentiel_titre: r.titre.clone(),
        referentiel_version: r.version.clone(),
        statut: "Finalisé".into(),
        revision: 1,
        date: "12 mars 2026".into(),
        empreinte_charge: "ab".repeat(32),
        empreinte_cle: "3F2A 9C01 77B0 D4E2".into(),
        niveaux: r.niveaux.clone(),
        domaines: r
            .domaines
            .iter()
            .map(|d| DomaineRapport {
                id: d.id.clone(),
                titre: d.titre.clone(),
                maturite_centiemes: Some(175),
                maturite_precedente_centiemes: Some(125),
                niveau_atteint: Some(1),
                repondus: 4,
                non_applicables: 0,
                items: d
                    .items
                    .iter()
                    .map(|i| ItemRapport {
                        id: i.id.clone(),
                        titre: i.titre.clone(),
                        niveau: Some(2),
                        non_applicable: false,
                        descripteur: Some(i.niveaux[1].clone()),
                        niveau_precedent: Some(Some(1)),
                        sans_equivalent: false,
                    })
                    .collect(),
            })
            .collect(),
        debats: Vec::new(),
        actions: (0..8)
            .map(|_| ActionRapport {
                item: "PIL-2".into(),
                action: "Rencontrer le département pour programmer le renouvellement des vidéoprojecteurs".into(),
                niveau_cible: 2,
                responsable: "Chef d’établissement".into(),
                echeance: "2026-06-30".into(),
                statut: "À faire".into(),
            })
            .collect(),
        enrolement: None,
        reperes: None,
        json_signe: json,
    }
}

fn mediane(mut d: Vec<Duration>) -> Duration {
    d.sort_unstable();
    d[d.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let cle = CleInstallation::depuis_graine([42; 32]);
    let d = diagnostic_complet(&cle);
    let dossier = tempfile::tempdir().unwrap();

    let mut signer_ecrire = Vec::new();
    for n in 0..200 {
        let debut = Instant::now();
        let octets = d.signer(&cle).octets();
        let mut f = std::fs::File::create(dossier.path().join(format!("{n}.json"))).unwrap();
        f.write_all(&octets).unwrap();
        f.sync_all().unwrap();
        signer_ecrire.push(debut.elapsed());
    }
    println!("sign + write JSON (fsync), full diagnostic: median {:.3} ms", ms(mediane(signer_ecrire)));

    let json = d.signer(&cle).octets();
    let donnees = rapport_complet(json.clone());
    let mut pdf = Vec::new();
    let mut durees = Vec::new();
    for _ in 0..15 {
        let debut = Instant::now();
        pdf = rapport::generer(&donnees, &cle);
        durees.push(debut.elapsed());
    }
    println!(
        "PDF report, full diagnostic ({} KB): median {:.1} ms (goal < 300 ms)",
        pdf.len() / 1024,
        ms(mediane(durees))
    );

    let n = 2000;
    let debut = Instant::now();
    for _ in 0..n {
        assert!(verifier(&json, &[]).verdict.est_valide());
    }
    let json_par_s = f64::from(n) / debut.elapsed().as_secs_f64();
    let n_pdf: u32 = 1000;
    let debut = Instant::now();
    for _ in 0..n_pdf {
        assert!(verifier(&pdf, &[]).verdict.est_valide());
    }
    let pdf_par_s = f64::from(n_pdf) / debut.elapsed().as_secs_f64();
    // The same PDFs on every core, as the DANE import verifies them.
    let coeurs = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let debut = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..coeurs {
            s.spawn(|| {
                for _ in 0..n_pdf / 2 {
                    assert!(verifier(&pdf, &[]).verdict.est_valide());
                }
            });
        }
    });
    let pdf_coeurs_par_s = coeurs as f64 * f64::from(n_pdf / 2) / debut.elapsed().as_secs_f64();
    let message = b"DSSEv1 52 application/vnd.schematic.diagnostic+json; version=1 4 test";
    let sig = cle.signer(message);
    let publique = ed25519_dalek::VerifyingKey::from_bytes(&cle.publique().octets()).unwrap();
    let signature = ed25519_dalek::Signature::from_bytes(&sig);
    let n_brut = 20_000;
    let debut = Instant::now();
    for _ in 0..n_brut {
        publique.verify_strict(message, &signature).unwrap();
    }
    let brut_par_s = f64::from(n_brut) / debut.elapsed().as_secs_f64();
    println!("verify JSON files (in memory): {json_par_s:.0} files/s");
    println!("verify PDF reports with the seal check (in memory, one core): {pdf_par_s:.0} files/s");
    println!(
        "verify PDF reports with the seal check (in memory, {coeurs} cores): {pdf_coeurs_par_s:.0} files/s (goal ≥ 500)"
    );
    println!("raw Ed25519 verify_strict, same machine: {brut_par_s:.0} signatures/s (ceiling)");
}
