//! The vectors are the code's, byte for byte, and get their verdicts.

use std::fs;

use super::*;
use crate::verification::{Motif, verifier};

fn tous_les_fichiers(v: &Vecteurs) -> Vec<(String, Vec<u8>)> {
    let mut f: Vec<(String, Vec<u8>)> = v.fichiers.iter().map(|f| (f.nom.clone(), f.octets.clone())).collect();
    f.push(("vecteurs.tsv".into(), index(v).into_bytes()));
    f.push(("corpus-schemas.json".into(), corpus(v)));
    f.push(("cle-etablissement.graine.hex".into(), format!("{}\n", hex(&GRAINE_ETABLISSEMENT)).into_bytes()));
    f.push(("cle-dane.graine.hex".into(), format!("{}\n", hex(&GRAINE_DANE)).into_bytes()));
    f.push(("cle-autre.graine.hex".into(), format!("{}\n", hex(&GRAINE_AUTRE)).into_bytes()));
    f
}

fn hex(o: &[u8]) -> String {
    o.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn vectors_are_reproduced_byte_for_byte() {
    let v = generer();
    let racine = dossier();
    let ecrire = std::env::var_os("SCHEMATIC_ECRIRE_VECTEURS").is_some();
    if ecrire {
        let _ = fs::remove_dir_all(&racine);
    }
    if ecrire {
        for f in &v.figes {
            let chemin = racine.join(&f.nom);
            fs::create_dir_all(chemin.parent().unwrap()).unwrap();
            fs::write(&chemin, &f.octets).unwrap();
        }
    }
    for (nom, octets) in tous_les_fichiers(&v) {
        let chemin = racine.join(&nom);
        if ecrire {
            fs::create_dir_all(chemin.parent().unwrap()).unwrap();
            fs::write(&chemin, &octets).unwrap();
        } else {
            let lu = fs::read(&chemin).unwrap_or_else(|e| panic!("{nom}: {e} (SCHEMATIC_ECRIRE_VECTEURS=1 to write)"));
            assert!(lu == octets, "{nom} differs from what the code produces (SCHEMATIC_ECRIRE_VECTEURS=1 to rewrite)");
        }
    }
}

#[test]
fn there_are_at_least_forty_refused_vectors_and_every_motif_has_one() {
    let v = generer();
    let refuses = v.attendus.iter().filter(|a| a.fichier.starts_with("refuses/") || a.code == 2).count();
    assert!(refuses >= 40, "{refuses} refused vectors");
    for m in Motif::TOUS {
        if matches!(m, Motif::FichierIllisible | Motif::ImageAutreDiagnostic | Motif::PdfTropGros) {
            // An unreadable file cannot be committed, a page against a
            // reference is a CLI test, a 20 MiB PDF a report test.
            continue;
        }
        assert!(v.attendus.iter().any(|a| a.motif == m.code()), "no vector for {}", m.code());
    }
}

/// This crate's verifier gives every expected verdict (the CLI test does the
/// same through `schematic verifier`, and with the DANE key file).
#[test]
fn the_verifier_gives_every_expected_verdict() {
    let v = generer();
    let confiance = [dane().publique()];
    for a in v.attendus.iter().filter(|a| a.code != 2) {
        let octets = fs::read(dossier().join(&a.fichier)).unwrap();
        let r = verifier(&octets, if a.cle_dane == "-" { &[] } else { &confiance });
        assert_eq!(
            (r.verdict.code_sortie(), r.motif.code()),
            (a.code, a.motif),
            "{} ({}): {}",
            a.fichier,
            a.regle,
            r.detail
        );
    }
}
