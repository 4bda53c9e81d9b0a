//! Text that came from a file, made safe to show on a terminal, in a report,
//! a spreadsheet cell or the UI: control characters and invisible or
//! direction-changing characters are written as `\u{…}` escapes, and the
//! length is capped with an ellipsis.

use std::fmt::Write as _;

/// Characters kept of a string shown (a report line, a message).
pub const LONGUEUR_MAX: usize = 1000;

/// Is `c` a character that changes what a reader sees without being seen:
/// control characters (C0, DEL, C1: terminal escapes, bells, line breaks),
/// bidirectional marks, embeddings, overrides and isolates, zero-width
/// characters, line and paragraph separators, the byte-order mark.
pub fn est_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// `texte` with every invisible character escaped and at most
/// [`LONGUEUR_MAX`] characters (then « … »).
pub fn nettoyer(texte: &str) -> String {
    nettoyer_au_plus(texte, LONGUEUR_MAX)
}

/// [`nettoyer`] with a chosen maximum number of characters.
pub fn nettoyer_au_plus(texte: &str, max: usize) -> String {
    if texte.len() <= max && !texte.chars().any(est_invisible) {
        return texte.to_string();
    }
    let mut sortie = String::with_capacity(texte.len().min(max.saturating_mul(4)));
    for (n, c) in texte.chars().enumerate() {
        if n == max {
            sortie.push('…');
            break;
        }
        if est_invisible(c) {
            let _ = write!(sortie, "\\u{{{:04x}}}", u32::from(c));
        } else {
            sortie.push(c);
        }
    }
    sortie
}

/// Characters a spreadsheet reads as the start of a formula, with their
/// full-width and other look-alike forms (which some spreadsheets fold to
/// ASCII before evaluating).
pub fn commence_comme_une_formule(texte: &str) -> bool {
    texte.trim_start_matches([' ', '\u{3000}', '\u{00A0}']).starts_with([
        '=', '+', '-', '@', '\t', '\r', '\n', '|', // ASCII and separators
        '＝', '＋', '－', '＠', '｜', // full-width forms
        '﹦', '﹢', '﹣', '﹫', // small forms
        '−', '‐', '‑', '‒', '–', '—', '⁺', '⁼', '₊', '₌', // minus signs, dashes, super/subscripts
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_direction_overrides() {
        assert_eq!(nettoyer("a\u{1b}[31mb\u{7}"), "a\\u{001b}[31mb\\u{0007}");
        assert_eq!(nettoyer("fichier\u{202e}fdp.json"), "fichier\\u{202e}fdp.json");
        assert_eq!(nettoyer("ligne\nsuivante\u{2028}"), "ligne\\u{000a}suivante\\u{2028}");
        assert_eq!(nettoyer("Collège Jean-Moulin — 0330021U"), "Collège Jean-Moulin — 0330021U");
    }

    #[test]
    fn caps_the_length_with_an_ellipsis() {
        let long = "é".repeat(2_000_000);
        let court = nettoyer(&long);
        assert_eq!(court.chars().count(), LONGUEUR_MAX + 1);
        assert!(court.ends_with('…'));
        assert_eq!(nettoyer_au_plus("abcdef", 3), "abc…");
    }

    #[test]
    fn formulas_are_recognised_in_every_form() {
        for f in
            ["=1+1", "+33", "-1", "@SUM(A1)", "＝HYPERLINK(1)", "＋1", "－1", "＠A", " =1", "\u{3000}＝1", "﹦1", "−1"]
        {
            assert!(commence_comme_une_formule(f), "{f}");
        }
        for t in ["Collège", "33 — Gironde", "1 000", "(a)"] {
            assert!(!commence_comme_une_formule(t), "{t}");
        }
    }
}
