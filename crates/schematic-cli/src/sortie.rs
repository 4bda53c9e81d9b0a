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

    /// Writes a line; text that came from files is made harmless first
    /// (see [`pour_le_terminal`]).
    pub fn ligne(&mut self, texte: impl AsRef<str>) {
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = writeln!(self.out, "{}", pour_le_terminal(texte.as_ref()));
    }

    /// Writes JSON; characters that change what a terminal shows are written
    /// as JSON escapes (serde_json escapes control characters itself).
    pub fn json<T: Serialize>(&mut self, valeur: &T) {
        let texte = serde_json::to_string_pretty(valeur).expect("DTOs always serialise");
        let mut sur = String::with_capacity(texte.len());
        for c in texte.chars() {
            if schematic_exchange::texte::est_invisible(c) && !c.is_control() {
                sur.push_str(&format!("\\u{:04x}", u32::from(c)));
            } else {
                sur.push(c);
            }
        }
        let _ = writeln!(self.out, "{sur}");
    }
}

/// `texte` with the characters that would drive the terminal (escape
/// sequences, bells, direction overrides, invisible characters) written as
/// `\u{…}`, line by line (line breaks between lines are kept).
pub fn pour_le_terminal(texte: &str) -> String {
    texte.split('\n').map(|l| schematic_exchange::texte::nettoyer_au_plus(l, usize::MAX)).collect::<Vec<_>>().join("\n")
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
