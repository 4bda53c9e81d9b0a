//! Where the CLI writes, and the exit code of each error kind (listed in
//! `--help`, see `arguments.rs`).

use std::io::Write;

use schematic_api::ErrorKind;
use serde::Serialize;

pub struct Sortie {
    out: std::io::StdoutLock<'static>,
}

impl Sortie {
    pub fn stdout() -> Self {
        Self { out: std::io::stdout().lock() }
    }

    pub fn ligne(&mut self, texte: impl AsRef<str>) {
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = writeln!(self.out, "{}", texte.as_ref());
    }

    pub fn json<T: Serialize>(&mut self, valeur: &T) {
        let texte = serde_json::to_string_pretty(valeur).expect("DTOs always serialise");
        self.ligne(texte);
    }
}

/// Exit code of an error kind. 1 is never used, 2 is a malformed command line.
pub fn code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::SaisieInvalide => 3,
        ErrorKind::EtablissementAbsent => 4,
        ErrorKind::Introuvable => 5,
        ErrorKind::ExisteDeja => 6,
        ErrorKind::EtatIncompatible => 7,
        ErrorKind::Fichier => 8,
        ErrorKind::BaseDeDonnees => 9,
    }
}
