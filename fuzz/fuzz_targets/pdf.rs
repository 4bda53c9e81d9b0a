//! Untrusted PDF bytes: the attachment extractor and the seal reader, with
//! their pre-scan, refuse or extract within bounded time and memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schematic_exchange::pdf::{extraire, lire_liaison};
use schematic_exchange::rapport::PIECE_JOINTE;

fuzz_target!(|octets: &[u8]| {
    let mut pdf = b"%PDF-".to_vec();
    pdf.extend_from_slice(octets.strip_prefix(b"%PDF-").unwrap_or(octets));
    if let Ok(lu) = extraire(&pdf, PIECE_JOINTE) {
        assert!(lu.piece.len() <= 4 * 1024 * 1024);
    }
    let _ = lire_liaison(&pdf);
});
