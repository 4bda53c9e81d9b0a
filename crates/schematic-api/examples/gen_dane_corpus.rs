//! `cargo xtask gen-dane-corpus --diagnostics N --etablissements M --annees Y --sortie DOSSIER [--graine G] [--derniere-annee AAAA]`
//!
//! Writes, into DOSSIER: `dane/` (a data directory holding the DANE key that
//! signed the certificates), `annuaire.csv`, `circonscriptions.csv` and
//! `diagnostics/` (N signed JSON diagnostics). Then:
//! `schematic --data-dir DOSSIER/dane dane annuaire importer DOSSIER/annuaire.csv`
//! and `schematic --data-dir DOSSIER/dane dane importer DOSSIER/diagnostics`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use schematic_api::Installation;
use schematic_api::dane::corpus::{Parametres, generer};

fn main() -> ExitCode {
    let mut p = Parametres { diagnostics: 1000, etablissements: 500, annees: 2, derniere_annee: 2025, graine: 1 };
    let mut sortie: Option<PathBuf> = None;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let valeur = args.get(i + 1).cloned().unwrap_or_default();
        let nombre = || valeur.parse::<u64>().ok();
        let ok = match args[i].as_str() {
            "--diagnostics" => nombre().map(|n| p.diagnostics = n as usize).is_some(),
            "--etablissements" => nombre().map(|n| p.etablissements = n as usize).is_some(),
            "--annees" => nombre().map(|n| p.annees = n as usize).is_some(),
            "--graine" => nombre().map(|n| p.graine = n).is_some(),
            "--derniere-annee" => nombre().and_then(|n| u16::try_from(n).ok()).map(|n| p.derniere_annee = n).is_some(),
            "--sortie" => {
                sortie = Some(PathBuf::from(&valeur));
                true
            }
            _ => false,
        };
        if !ok {
            eprintln!(
                "Erreur : option « {} » inconnue ou sans valeur. Attendu : --diagnostics N --etablissements M --annees Y --sortie DOSSIER [--graine G] [--derniere-annee AAAA].",
                args[i]
            );
            return ExitCode::from(2);
        }
        i += 2;
    }
    let Some(sortie) = sortie else {
        eprintln!("Erreur : indiquez le dossier à écrire avec --sortie DOSSIER.");
        return ExitCode::from(2);
    };
    let debut = Instant::now();
    let resultat = Installation::ouvrir(&sortie.join("dane"))
        .and_then(|i| i.espace_dane())
        .and_then(|mut dane| generer(&mut dane, &sortie, p));
    match resultat {
        Ok(c) => {
            println!(
                "{} diagnostics signés de {} établissements sur {} années écrits en {:.1} s :",
                c.fichiers,
                p.etablissements,
                p.annees,
                debut.elapsed().as_secs_f64()
            );
            println!("  annuaire         {}", c.annuaire.display());
            println!("  circonscriptions {}", c.circonscriptions.display());
            println!("  diagnostics      {}", c.diagnostics.display());
            println!("  espace DANE      {}", sortie.join("dane").display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Erreur : {}", e.message);
            ExitCode::from(1)
        }
    }
}
