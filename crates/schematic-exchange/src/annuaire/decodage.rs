//! The bytes of an annuaire file, as UTF-8, checked line by line while they
//! stream: the encoding is detected (UTF-8 with or without BOM, or
//! Windows-1252 as older tools export, converted), no line may exceed
//! [`LIGNE_MAX`] bytes, and a line with an odd number of quotes (a quoted
//! field left open, which would swallow the following rows) stops the read.
//! Memory stays bounded whatever the input.

use std::io::{self, Read};

/// Upper bound of one line of an annuaire (a real row is under 1 KiB).
pub const LIGNE_MAX: usize = 64 * 1024;

/// The encoding found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encodage {
    /// Only ASCII characters: nothing to convert.
    Ascii,
    Utf8,
    /// Windows-1252 (Latin-1 and its extensions), converted to UTF-8.
    Windows1252,
}

/// The characters Windows-1252 puts at 0x80–0x9F (others are Latin-1's).
const CP1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn windows_1252(octet: u8) -> char {
    match octet {
        0x80..=0x9f => CP1252[usize::from(octet - 0x80)],
        _ => char::from(octet),
    }
}

/// A reader giving the UTF-8 text of `source` (see the module).
#[derive(Debug)]
pub struct Decodeur<R> {
    source: R,
    /// Bytes read and not yet decoded (an incomplete UTF-8 sequence).
    attente: Vec<u8>,
    sortie: Vec<u8>,
    position: usize,
    encodage: Encodage,
    fin: bool,
    /// Line being read (1-based), its length and its quotes so far.
    ligne: u64,
    longueur: usize,
    guillemets: usize,
    erreur: Option<String>,
}

impl<R: Read> Decodeur<R> {
    pub fn new(source: R) -> Self {
        Self {
            source,
            attente: Vec::new(),
            sortie: Vec::new(),
            position: 0,
            encodage: Encodage::Ascii,
            fin: false,
            ligne: 1,
            longueur: 0,
            guillemets: 0,
            erreur: None,
        }
    }

    pub fn encodage(&self) -> Encodage {
        self.encodage
    }

    /// Why the read stopped, when it did (one French sentence).
    pub fn erreur(&self) -> Option<&str> {
        self.erreur.as_deref()
    }

    fn echec(&mut self, message: String) -> io::Error {
        self.erreur = Some(message.clone());
        io::Error::new(io::ErrorKind::InvalidData, message)
    }

    /// Checks the decoded bytes line by line.
    fn controler(&mut self, debut: usize) -> io::Result<()> {
        for k in debut..self.sortie.len() {
            match self.sortie[k] {
                b'\n' => {
                    if self.guillemets % 2 == 1 {
                        let ligne = self.ligne;
                        return Err(self.echec(format!(
                            "ligne {ligne} : un guillemet (\") est ouvert et jamais refermé sur la ligne ; les lignes suivantes seraient lues comme un seul champ. Corrigez cette ligne, puis importez de nouveau"
                        )));
                    }
                    self.ligne += 1;
                    self.longueur = 0;
                    self.guillemets = 0;
                }
                c => {
                    self.longueur += 1;
                    if c == b'"' {
                        self.guillemets += 1;
                    }
                    if self.longueur > LIGNE_MAX {
                        let ligne = self.ligne;
                        return Err(self.echec(format!(
                            "ligne {ligne} : elle dépasse {LIGNE_MAX} octets, ce qu’aucune ligne de l’annuaire ne fait (séparateurs de ligne absents ou fichier qui n’est pas un CSV)"
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    /// Decodes what waits into `sortie`; keeps an incomplete UTF-8 sequence
    /// for the next read unless the source has ended.
    fn decoder(&mut self) {
        let octets = std::mem::take(&mut self.attente);
        let mut reste: &[u8] = &octets;
        while !reste.is_empty() {
            if self.encodage == Encodage::Windows1252 {
                for &o in reste {
                    let mut tampon = [0; 4];
                    self.sortie.extend_from_slice(windows_1252(o).encode_utf8(&mut tampon).as_bytes());
                }
                return;
            }
            match std::str::from_utf8(reste) {
                Ok(texte) => {
                    if !texte.is_ascii() {
                        self.encodage = Encodage::Utf8;
                    }
                    self.sortie.extend_from_slice(reste);
                    return;
                }
                Err(e) => {
                    let (valide, suite) = reste.split_at(e.valid_up_to());
                    if !valide.is_ascii() {
                        self.encodage = Encodage::Utf8;
                    }
                    self.sortie.extend_from_slice(valide);
                    match (e.error_len(), self.fin) {
                        // Incomplete at the end of what was read: wait for more.
                        (None, false) => {
                            self.attente = suite.to_vec();
                            return;
                        }
                        // Not UTF-8 before any other non-ASCII character:
                        // an older tool's Windows-1252, converted from here.
                        _ if self.encodage == Encodage::Ascii => self.encodage = Encodage::Windows1252,
                        // A stray byte in a UTF-8 file: passed on, so that its
                        // row is reported as not UTF-8.
                        (longueur, _) => {
                            let n = longueur.unwrap_or(suite.len());
                            self.sortie.extend_from_slice(&suite[..n]);
                            reste = &suite[n..];
                            continue;
                        }
                    }
                    reste = suite;
                }
            }
        }
    }
}

impl<R: Read> Read for Decodeur<R> {
    fn read(&mut self, tampon: &mut [u8]) -> io::Result<usize> {
        if let Some(m) = &self.erreur {
            return Err(io::Error::new(io::ErrorKind::InvalidData, m.clone()));
        }
        while self.position == self.sortie.len() {
            if self.fin && self.attente.is_empty() {
                return Ok(0);
            }
            self.sortie.clear();
            self.position = 0;
            let mut lu = [0u8; 64 * 1024];
            let n = self.source.read(&mut lu)?;
            if n == 0 {
                self.fin = true;
            }
            self.attente.extend_from_slice(&lu[..n]);
            self.decoder();
            self.controler(0)?;
        }
        let n = tampon.len().min(self.sortie.len() - self.position);
        tampon[..n].copy_from_slice(&self.sortie[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lire(octets: &[u8]) -> (Result<String, String>, Encodage) {
        // One byte at a time: sequences cut anywhere are put back together.
        let mut d = Decodeur::new(io::BufReader::with_capacity(1, octets));
        let mut s = String::new();
        let r = d.read_to_string(&mut s).map(|_| s).map_err(|e| e.to_string());
        (r, d.encodage())
    }

    #[test]
    fn utf8_passes_and_windows_1252_is_converted() {
        assert_eq!(lire("a;École;€\n".as_bytes()), (Ok("a;École;€\n".into()), Encodage::Utf8));
        assert_eq!(lire(b"a;\xc9cole;\x80;\x92\n"), (Ok("a;École;€;’\n".into()), Encodage::Windows1252));
        assert_eq!(lire(b"a;b\n"), (Ok("a;b\n".into()), Encodage::Ascii));
        // A stray byte in a UTF-8 file is left for its row to be reported.
        let (r, e) = lire(b"\xc3\xa9\n\xff\n");
        assert_eq!((r.map(|s| s.len()).map_err(|_| ()), e), (Err(()), Encodage::Utf8));
    }

    #[test]
    fn an_open_quote_and_an_endless_line_stop_the_read_with_their_line() {
        let (r, _) = lire(b"a;b\n\"ouvert;c\nd;e\n");
        assert!(r.unwrap_err().contains("ligne 2 : un guillemet"));
        let (r, _) = lire(b"a;\"b \"\"x\"\"\"\n");
        assert!(r.is_ok());
        let mut long = b"a;b\n".to_vec();
        long.extend(vec![b'x'; LIGNE_MAX + 1]);
        let (r, _) = lire(&long);
        assert!(r.unwrap_err().contains("ligne 2 : elle dépasse"));
    }
}
