//! The DANE space at national scale, in one run (figures in
//! docs/performance.md):
//!
//! 1. importing a 66,000-row annuaire;
//! 2. importing 60,000 signed JSON diagnostics (each also carrying its
//!    enrolment certificate, so two Ed25519 verifications per file), as files
//!    per second and as a ratio to the raw Ed25519 verification rate measured
//!    in the same run;
//! 3. the territory query (synthesis by académie, département, with the
//!    previous year's figures) over 5 school years × 60,000 establishments,
//!    half of the collèges and lycées on eple 2026.1 and the others, with the
//!    écoles, on 2027.1 (two versions combined through the correspondence);
//!
//! on both engines of the DANE store in the same run (SQLite, then
//! PostgreSQL on the server `cargo xtask bench` starts); then
//! 4. `dane migrer` of the SQLite store into PostgreSQL, every synthesis
//!    compared before and after.
//!
//! Run: `cargo xtask bench` (or `cargo bench -p schematic-api --bench dane`).
//! Sizes can be lowered for a quick look: `SCHEMATIC_BENCH_ETABLISSEMENTS=6000`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use schematic_api::Installation;
use schematic_api::dane::corpus::{Parametres, generer_avec_versions};
use schematic_api::dto::{RequeteSyntheseDto, StatutImport};
use schematic_core::Referentiel;
use schematic_exchange::CleInstallation;

fn taille(variable: &str, defaut: usize) -> usize {
    std::env::var(variable).ok().and_then(|v| v.parse().ok()).unwrap_or(defaut)
}

fn mediane(mut d: Vec<Duration>) -> Duration {
    d.sort_unstable();
    d[d.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ed25519_par_seconde() -> f64 {
    let cle = CleInstallation::depuis_graine([7; 32]);
    let message = b"DSSEv1 52 application/vnd.schematic.diagnostic+json; version=1 4 test";
    let signature = ed25519_dalek::Signature::from_bytes(&cle.signer(message));
    let publique = ed25519_dalek::VerifyingKey::from_bytes(&cle.publique().octets()).unwrap();
    let n = 20_000;
    let debut = Instant::now();
    for _ in 0..n {
        publique.verify_strict(message, &signature).unwrap();
    }
    f64::from(n) / debut.elapsed().as_secs_f64()
}

fn main() {
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let par_annee = taille("SCHEMATIC_BENCH_ETABLISSEMENTS", 60_000);
    let annuaire = par_annee * 11 / 10;
    let annees = 5;
    let coeurs = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let racine = tempfile::tempdir().unwrap();
    let dossier_dane: PathBuf = racine.path().join("dane");

    // Half of the collèges and lycées answer on eple 2026.1, the others on
    // 2027.1: the territory figures combine two versions through the
    // correspondence.
    let version_1 = Referentiel::publie("eple", "2026.1").unwrap();
    let debut = Instant::now();
    let corpus = {
        let mut dane = Installation::ouvrir(&dossier_dane).unwrap().espace_dane().unwrap();
        generer_avec_versions(
            &mut dane,
            racine.path(),
            Parametres {
                diagnostics: par_annee * annees,
                etablissements: annuaire,
                annees,
                derniere_annee: 2025,
                graine: 2026,
            },
            std::slice::from_ref(version_1),
        )
        .unwrap()
    };
    println!(
        "corpus: {} signed diagnostics of {annuaire} establishments over {annees} years, written in {:.1} s",
        corpus.fichiers,
        debut.elapsed().as_secs_f64()
    );

    // SQLite (the file beside the installation's database), then PostgreSQL
    // (the server `cargo xtask bench` starts), on the same corpus; then the
    // SQLite store copied to a new PostgreSQL database (`dane migrer`).
    let mut engines = vec![("SQLite", None)];
    match std::env::var(schematic_postgres_essai::VARIABLE_URL) {
        Ok(serveur) => engines.push(("PostgreSQL", Some(schematic_postgres_essai::nouvelle_base(&serveur).unwrap()))),
        Err(_) => println!(
            "(no PostgreSQL server: {} unset; `cargo xtask bench` starts one)",
            schematic_postgres_essai::VARIABLE_URL
        ),
    }
    let mut premier: Option<PathBuf> = None;
    for (nom, url) in engines {
        println!("\n=== {nom} ===");
        // Each engine gets its own data folder holding the DANE key the corpus was certified with.
        let dossier = racine.path().join(format!("dane-{nom}"));
        std::fs::create_dir_all(&dossier).unwrap();
        std::fs::copy(dossier_dane.join("cle-dane.ed25519"), dossier.join("cle-dane.ed25519")).unwrap();
        let mut installation = Installation::ouvrir(&dossier).unwrap();
        let mut dane = match &url {
            Some(u) => installation.definir_base_dane(Some(u), None).unwrap(),
            None => installation.espace_dane().unwrap(),
        };
        let debut = Instant::now();
        let a = dane.importer_annuaire(&corpus.annuaire, Some(&corpus.circonscriptions), false).unwrap();
        let duree_annuaire = debut.elapsed();
        assert_eq!(a.etablissements as usize, annuaire);
        println!("[{nom}] annuaire import: {annuaire} rows in {:.2} s", duree_annuaire.as_secs_f64());

        // Ed25519 before and after the import; the import in between.
        let brut_avant = ed25519_par_seconde();
        let annee_mesuree = corpus.diagnostics.join("2025-2026");
        let debut = Instant::now();
        let import = dane.importer_diagnostics(std::slice::from_ref(&annee_mesuree), &mut |_| {}).unwrap();
        let duree_import = debut.elapsed();
        let brut_apres = ed25519_par_seconde();
        let importes = import.comptes.iter().find(|c| c.statut == StatutImport::Importe).unwrap().nombre;
        assert_eq!(importes as usize, par_annee, "{:?}", import.comptes);
        let fichiers_par_s = par_annee as f64 / duree_import.as_secs_f64();
        let brut = (brut_avant + brut_apres) / 2.0;
        println!(
            "[{nom}] import of {par_annee} JSON diagnostics: {:.2} s, {fichiers_par_s:.0} files/s, {coeurs} cores",
            duree_import.as_secs_f64()
        );
        println!(
            "[{nom}] raw Ed25519 verify_strict, one core, same run: {brut:.0} signatures/s (before {brut_avant:.0}, after {brut_apres:.0})"
        );
        println!(
            "[{nom}] ratio import files/s ÷ raw one-core signatures/s (the 2-core ceiling, 2 signatures per file): {:.2}",
            fichiers_par_s / brut
        );

        // The other years, then the territory query over all of them.
        let debut = Instant::now();
        dane.importer_diagnostics(std::slice::from_ref(&corpus.diagnostics), &mut |_| {}).unwrap();
        println!("[{nom}] import of the 4 other years: {:.1} s", debut.elapsed().as_secs_f64());
        for (par, publication) in [("academie", false), ("departement", false), ("academie", true), ("type", false)] {
            let q = RequeteSyntheseDto {
                par: par.into(),
                annee: Some("2025-2026".into()),
                publication,
                ..Default::default()
            };
            let s = dane.synthese(&q).unwrap();
            assert_eq!(s.total.diagnostics.valeur, Some(par_annee as f64));
            assert_eq!(s.versions.len(), 3, "ecole 2027.1, eple 2026.1 and eple 2027.1: {:?}", s.versions);
            let mut durees = Vec::new();
            for _ in 0..9 {
                let debut = Instant::now();
                std::hint::black_box(dane.synthese(&q).unwrap());
                durees.push(debut.elapsed());
            }
            println!(
                "[{nom}] territory query by {par}{} over {annees} years × {par_annee} establishments: median {:.1} ms",
                if publication { " (publication)" } else { "" },
                ms(mediane(durees))
            );
        }
        let q =
            RequeteSyntheseDto { par: "etablissement".into(), departement: Some("33".into()), ..Default::default() };
        let debut = Instant::now();
        let s = dane.synthese(&q).unwrap();
        println!(
            "[{nom}] per-establishment table of one département ({} rows): {:.1} ms",
            s.territoires.len(),
            ms(debut.elapsed())
        );
        if premier.is_none() {
            premier = Some(dossier);
        }
    }

    // The SQLite store of the first run copied to a new PostgreSQL database:
    // every synthesis identical.
    let (Some(dossier), Ok(serveur)) = (premier, std::env::var(schematic_postgres_essai::VARIABLE_URL)) else { return };
    let url = schematic_postgres_essai::nouvelle_base(&serveur).unwrap();
    let mut installation = Installation::ouvrir(&dossier).unwrap();
    let requetes: Vec<RequeteSyntheseDto> = ["academie", "departement", "circonscription", "type"]
        .iter()
        .flat_map(|par| {
            [false, true].map(|publication| RequeteSyntheseDto {
                par: (*par).into(),
                annee: Some("2025-2026".into()),
                publication,
                ..Default::default()
            })
        })
        .collect();
    let avant: Vec<_> = {
        let dane = installation.espace_dane().unwrap();
        requetes.iter().map(|q| dane.synthese(q).unwrap()).collect()
    };
    let debut = Instant::now();
    let m = installation.migrer_espace_dane(&url, None, true).unwrap();
    let duree = debut.elapsed();
    assert!(m.anomalies.is_empty() && m.en_conflit.is_empty());
    let dane = installation.espace_dane().unwrap();
    for (q, a) in requetes.iter().zip(&avant) {
        assert_eq!(&dane.synthese(q).unwrap(), a, "par {} after dane migrer", q.par);
    }
    println!(
        "\ndane migrer SQLite → PostgreSQL: {} envelopes verified again, {} rows copied in {:.1} s; the {} syntheses of 2025-2026 identical before and after",
        m.verifies,
        m.copies,
        duree.as_secs_f64(),
        requetes.len()
    );
}
