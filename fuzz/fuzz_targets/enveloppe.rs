//! Any bytes given to the verifier as a file (JSON envelope, PDF, image):
//! a verdict, never a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schematic_exchange::verification::{lire_enveloppe, verifier};

fuzz_target!(|octets: &[u8]| {
    let rapport = verifier(octets, &[]);
    assert!(!rapport.detail.is_empty() || rapport.diagnostic.is_some());
    let _ = lire_enveloppe(octets);
});
