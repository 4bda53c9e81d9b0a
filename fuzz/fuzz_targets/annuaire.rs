//! Untrusted annuaire and circonscription CSV files: read as a stream,
//! every row accepted, ignored or stopping the read with its line, never a
//! panic; the counts always add up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schematic_exchange::annuaire::{Accueil, EXEMPLES_MAX, lire_annuaire, lire_circonscriptions};

fuzz_target!(|octets: &[u8]| {
    let mut recus = 0u64;
    if let Ok(bilan) = lire_annuaire(octets, |e, _| {
        assert!(!e.uai.is_empty() && !e.nom.is_empty());
        recus += 1;
        Ok(Accueil::Retenu)
    }) {
        assert_eq!(bilan.retenues, recus);
        assert_eq!(bilan.lignes, bilan.retenues + bilan.ignorees + bilan.doublons);
        assert!(bilan.exemples.len() <= EXEMPLES_MAX);
    }
    let _ = lire_circonscriptions(octets);
});
