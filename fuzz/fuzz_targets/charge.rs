//! Signed payload bytes (their signature taken as verified) of every type:
//! the canonical-form check, the schemas and the rules a schema cannot state
//! refuse or accept, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schematic_exchange::contribution::TYPE_CONTRIBUTION_V1;
use schematic_exchange::dsse::TYPE_DIAGNOSTIC_V1;
use schematic_exchange::enrolement::{TYPE_CERTIFICAT_V1, TYPE_DEMANDE_V1};
use schematic_exchange::pdf::TYPE_LIAISON_V1;
use schematic_exchange::verification::lire_charge;

const TYPES: [&str; 5] =
    [TYPE_DIAGNOSTIC_V1, TYPE_DEMANDE_V1, TYPE_CERTIFICAT_V1, TYPE_CONTRIBUTION_V1, TYPE_LIAISON_V1];

fuzz_target!(|octets: &[u8]| {
    // The first byte chooses the type, the rest is the payload.
    let Some((&choix, corps)) = octets.split_first() else { return };
    let _ = lire_charge(TYPES[usize::from(choix) % TYPES.len()], corps);
    let _ = schematic_exchange::canonique::lire(corps);
});
