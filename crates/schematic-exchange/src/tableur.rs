//! Tables for the tools DANE staff already use: CSV in the dialect French
//! Excel opens without a wizard (UTF-8 with BOM, `;`, decimal comma, CRLF), and
//! XLSX. Text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`,
//! tab, carriage return at the start) is neutralised with a leading `'`: names
//! come from outside (the annuaire) and must never run.

use rust_xlsxwriter::{Format, Workbook};

use crate::error::ExchangeError;

#[derive(Debug, Clone, PartialEq)]
pub enum Cellule {
    Texte(String),
    Entier(i64),
    /// A number shown with this many decimals.
    Decimal(f64, u8),
    /// No value (nothing to average, for instance).
    Vide,
    /// A value hidden by statistical secrecy, shown as this mark.
    Masque(&'static str),
}

impl Cellule {
    pub fn texte(t: impl Into<String>) -> Self {
        Self::Texte(t.into())
    }

    /// How the cell reads in a French text table or CSV.
    pub fn affichage(&self) -> String {
        match self {
            Self::Texte(t) => t.clone(),
            Self::Entier(n) => n.to_string(),
            Self::Decimal(x, d) => {
                // Half away from zero, as people round (not half to even).
                let echelle = 10f64.powi(i32::from(*d));
                format!("{:.*}", usize::from(*d), (x * echelle).round() / echelle).replace('.', ",")
            }
            Self::Vide => String::new(),
            Self::Masque(m) => (*m).to_string(),
        }
    }
}

/// One table: a title, column headers, rows, and notes printed under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feuille {
    /// Sheet name (31 characters at most in XLSX).
    pub nom: String,
    pub entetes: Vec<String>,
    pub lignes: Vec<Vec<Cellule>>,
    pub notes: Vec<String>,
}

/// Neutralises text a spreadsheet would evaluate (a leading quote, which
/// spreadsheets show as text), including full-width and look-alike formula
/// characters; invisible characters are escaped and the length capped.
pub fn neutraliser(texte: &str) -> String {
    let texte = crate::texte::nettoyer(texte);
    if crate::texte::commence_comme_une_formule(&texte) { format!("'{texte}") } else { texte }
}

fn champ_csv(texte: &str) -> String {
    if texte.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", texte.replace('"', "\"\""))
    } else {
        texte.to_string()
    }
}

/// The CSV bytes of one table (notes follow the rows after an empty line).
pub fn csv(feuille: &Feuille) -> Vec<u8> {
    let mut sortie = String::from("\u{feff}");
    let mut ligne = |cellules: Vec<String>| {
        sortie.push_str(&cellules.iter().map(|c| champ_csv(c)).collect::<Vec<_>>().join(";"));
        sortie.push_str("\r\n");
    };
    ligne(feuille.entetes.iter().map(|e| neutraliser(e)).collect());
    for l in &feuille.lignes {
        ligne(
            l.iter()
                .map(|c| match c {
                    Cellule::Texte(t) => neutraliser(t),
                    autre => autre.affichage(),
                })
                .collect(),
        );
    }
    if !feuille.notes.is_empty() {
        ligne(Vec::new());
        for n in &feuille.notes {
            ligne(vec![neutraliser(n)]);
        }
    }
    sortie.into_bytes()
}

/// The XLSX bytes of a workbook, one sheet per table. Text is always written
/// as a string, never as a formula.
pub fn xlsx(feuilles: &[Feuille]) -> Result<Vec<u8>, ExchangeError> {
    let erreur = |e: rust_xlsxwriter::XlsxError| {
        ExchangeError::Format(format!("Le classeur XLSX ne peut pas être écrit ({e})."))
    };
    let mut classeur = Workbook::new();
    let gras = Format::new().set_bold();
    let formats: Vec<Format> = (0..=3)
        .map(|d| Format::new().set_num_format(if d == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(d)) }))
        .collect();
    for f in feuilles {
        let feuille = classeur.add_worksheet();
        let nom: String = f.nom.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        feuille.set_name(nom).map_err(erreur)?;
        for (j, e) in f.entetes.iter().enumerate() {
            feuille.write_string_with_format(0, col(j), e, &gras).map_err(erreur)?;
        }
        for (i, l) in f.lignes.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            for (j, c) in l.iter().enumerate() {
                match c {
                    Cellule::Texte(t) => feuille.write_string(r, col(j), crate::texte::nettoyer(t)).map(|_| ()),
                    Cellule::Entier(n) => feuille.write_number(r, col(j), *n as f64).map(|_| ()),
                    Cellule::Decimal(x, d) => {
                        feuille.write_number_with_format(r, col(j), *x, &formats[usize::from((*d).min(3))]).map(|_| ())
                    }
                    Cellule::Vide => Ok(()),
                    Cellule::Masque(m) => feuille.write_string(r, col(j), *m).map(|_| ()),
                }
                .map_err(erreur)?;
            }
        }
        let depart = u32::try_from(f.lignes.len() + 2).unwrap_or(u32::MAX);
        for (k, n) in f.notes.iter().enumerate() {
            feuille.write_string(depart + u32::try_from(k).unwrap_or(0), 0, n).map_err(erreur)?;
        }
        feuille.set_freeze_panes(1, 0).map_err(erreur)?;
        feuille.autofit();
    }
    classeur.save_to_buffer().map_err(erreur)
}

fn col(j: usize) -> u16 {
    u16::try_from(j).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feuille() -> Feuille {
        Feuille {
            nom: "Territoires".into(),
            entetes: vec!["Territoire".into(), "Diagnostics".into(), "Pilotage".into()],
            lignes: vec![
                vec![Cellule::texte("=HYPERLINK(\"http://x\")"), Cellule::Entier(12), Cellule::Decimal(2.125, 2)],
                vec![Cellule::texte("Gers; \"sud\""), Cellule::Masque("s"), Cellule::Vide],
                vec![Cellule::texte("-1+2"), Cellule::Entier(-3), Cellule::Decimal(-0.5, 2)],
            ],
            notes: vec!["s : secret statistique".into()],
        }
    }

    #[test]
    fn csv_is_french_excel_with_formulas_neutralised() {
        let texte = String::from_utf8(csv(&feuille())).unwrap();
        assert!(texte.starts_with('\u{feff}'));
        let lignes: Vec<&str> = texte.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lignes[0], "Territoire;Diagnostics;Pilotage");
        assert_eq!(lignes[1], "\"'=HYPERLINK(\"\"http://x\"\")\";12;2,13");
        assert_eq!(lignes[2], "\"Gers; \"\"sud\"\"\";s;");
        // Numbers stay numbers; only text is neutralised.
        assert_eq!(lignes[3], "'-1+2;-3;-0,50");
        assert_eq!(lignes[4], "");
        assert_eq!(lignes[5], "s : secret statistique");
        for debut in ["=", "+", "-", "@", "＝", "＋", "－", "＠", "﹦", "−", " ="] {
            assert!(neutraliser(&format!("{debut}SUM(A1)")).starts_with('\''), "{debut}");
        }
        assert_eq!(neutraliser("Collège"), "Collège");
        // Invisible characters from a file are shown, not obeyed.
        assert_eq!(neutraliser("a\u{202e}b\u{1b}"), "a\\u{202e}b\\u{001b}");
    }

    #[test]
    fn xlsx_is_a_zip_holding_the_text_as_strings() {
        let octets = xlsx(&[feuille()]).unwrap();
        assert!(octets.starts_with(b"PK"));
        // Text lands in the shared strings, never in a formula element.
        let brut = String::from_utf8_lossy(&octets);
        assert!(!brut.contains("<f>"));
    }
}
