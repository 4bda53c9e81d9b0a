//! Paper that can be checked: the QR code printed on every page of the report
//! (specified in `docs/format/rapport-pdf.md`, « Le code QR »), and reading it
//! back from a scanned page (PNG or JPEG).
//!
//! The code holds `SCHEMATIC1:` followed by base45 (RFC 9285) of a few bytes:
//! the page number, the signing key, the diagnostic's signature, and either
//! the payload's SHA-256 (a *reference*) or the whole payload compressed (the
//! signed data itself, which a verifier checks with no other file). Base45 is
//! what QR's alphanumeric mode stores best (the EU's health certificates use it
//! the same way).

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use qrcode::{EcLevel, QrCode};
use sha2::{Digest, Sha256};

use crate::dsse::TAILLE_MAX;

/// What every SchémaTIC code starts with.
pub const PREFIXE: &str = "SCHEMATIC1:";

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// The largest code printed whole on a page: version 27 (125 modules), which
/// a 150 dpi scan of the cover page still reads.
const VERSION_MAX_COMPLETE: i16 = 27;

/// Upper bound of a scanned image's pixels (a 600 dpi A4 page is 35 million).
const PIXELS_MAX: u64 = 60_000_000;

/// What a page's code says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodePage {
    pub page: u8,
    pub total: u8,
    /// The 32 bytes of the public key that signed the diagnostic.
    pub cle: [u8; 32],
    /// The diagnostic envelope's signature.
    pub signature: [u8; 64],
    pub contenu: ContenuCode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContenuCode {
    /// SHA-256 of the payload: the page refers to the signed data.
    Reference([u8; 32]),
    /// The payload bytes themselves.
    Complet(Vec<u8>),
}

impl CodePage {
    /// SHA-256 of the payload, whichever way the code carries it.
    pub fn empreinte(&self) -> [u8; 32] {
        match &self.contenu {
            ContenuCode::Reference(h) => *h,
            ContenuCode::Complet(charge) => Sha256::digest(charge).into(),
        }
    }

    fn octets(&self) -> Vec<u8> {
        let genre = match self.contenu {
            ContenuCode::Reference(_) => 1,
            ContenuCode::Complet(_) => 2,
        };
        let mut o = vec![genre, self.page, self.total];
        o.extend_from_slice(&self.cle);
        o.extend_from_slice(&self.signature);
        match &self.contenu {
            ContenuCode::Reference(h) => o.extend_from_slice(h),
            ContenuCode::Complet(charge) => {
                let mut z = DeflateEncoder::new(o, Compression::best());
                z.write_all(charge).expect("writing to memory");
                return z.finish().expect("writing to memory");
            }
        }
        o
    }

    /// The text of the code: `SCHEMATIC1:` and base45.
    pub fn texte(&self) -> String {
        format!("{PREFIXE}{}", base45(&self.octets()))
    }

    /// Reads the text of a code; `None` when it is not a SchémaTIC code.
    pub fn lire(texte: &str) -> Result<Self, String> {
        let corps = texte.strip_prefix(PREFIXE).ok_or("ce code QR n’est pas un code SchémaTIC")?;
        let o = debase45(corps).ok_or("le code SchémaTIC est abîmé (base45 invalide)")?;
        if o.len() < 99 {
            return Err("le code SchémaTIC est trop court".into());
        }
        let cle: [u8; 32] = o[3..35].try_into().expect("32 bytes");
        let signature: [u8; 64] = o[35..99].try_into().expect("64 bytes");
        let contenu = match o[0] {
            1 if o.len() == 131 => ContenuCode::Reference(o[99..131].try_into().expect("32 bytes")),
            2 => {
                let mut charge = Vec::new();
                DeflateDecoder::new(&o[99..])
                    .take(TAILLE_MAX as u64 + 1)
                    .read_to_end(&mut charge)
                    .map_err(|_| "le contenu compressé du code est abîmé".to_string())?;
                if charge.len() > TAILLE_MAX {
                    return Err("le contenu du code dépasse 2 Mio".into());
                }
                ContenuCode::Complet(charge)
            }
            _ => return Err("genre de code SchémaTIC inconnu".into()),
        };
        Ok(Self { page: o[1], total: o[2], cle, signature, contenu })
    }
}

/// The code's modules (true = dark), row by row, and its width; the whole
/// payload when it fits in [`VERSION_MAX_COMPLETE`], else the reference.
pub fn modules(code: &CodePage) -> (Vec<bool>, usize) {
    let qr = match code.contenu {
        ContenuCode::Complet(_) => qr_entier(code),
        ContenuCode::Reference(_) => None,
    };
    let qr = qr.unwrap_or_else(|| {
        let reference = CodePage { contenu: ContenuCode::Reference(code.empreinte()), ..code.clone() };
        QrCode::with_error_correction_level(reference.texte(), EcLevel::M).expect("131 bytes always fit")
    });
    let largeur = qr.width();
    (qr.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect(), largeur)
}

/// The whole payload's code: correction level M (15 % of the code can be
/// lost), else L (7 %) for the longest diagnostics, within
/// [`VERSION_MAX_COMPLETE`].
fn qr_entier(code: &CodePage) -> Option<QrCode> {
    let texte = code.texte();
    [EcLevel::M, EcLevel::L].into_iter().find_map(|niveau| {
        QrCode::with_error_correction_level(&texte, niveau).ok().filter(|q| version(q) <= VERSION_MAX_COMPLETE)
    })
}

/// Does the whole payload fit in the cover page's code?
pub fn tient_en_entier(code: &CodePage) -> bool {
    qr_entier(code).is_some()
}

fn version(q: &QrCode) -> i16 {
    match q.version() {
        qrcode::Version::Normal(v) | qrcode::Version::Micro(v) => v,
    }
}

/// Every SchémaTIC code found in an image (PNG or JPEG bytes).
pub fn codes_de_l_image(octets: &[u8]) -> Result<Vec<Result<CodePage, String>>, String> {
    let mut lecteur = image::ImageReader::new(std::io::Cursor::new(octets))
        .with_guessed_format()
        .map_err(|_| "l’image ne peut pas être lue".to_string())?;
    // The decoder checks these before it allocates: a small file declaring a
    // huge image is refused unread.
    let mut limites = image::Limits::default();
    limites.max_image_width = Some(20_000);
    limites.max_image_height = Some(20_000);
    limites.max_alloc = Some(PIXELS_MAX * 4);
    lecteur.limits(limites);
    let image = lecteur.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => "l’image est trop grande pour une page numérisée".to_string(),
        _ => "l’image n’est ni un PNG ni un JPEG lisible".to_string(),
    })?;
    if u64::from(image.width()) * u64::from(image.height()) > PIXELS_MAX {
        return Err(format!(
            "l’image fait {} × {} pixels : c’est trop pour une page numérisée",
            image.width(),
            image.height()
        ));
    }
    let gris = image.into_luma8();
    // rqrr wants several pixels per module: a page scanned at 150 dpi gives
    // two or three for the footer's code, so when the first look finds
    // nothing, the image is looked at again enlarged twice, then three times.
    let mut codes = lire_les_codes(&gris);
    for facteur in [2, 3] {
        if codes.iter().any(Result::is_ok)
            || u64::from(gris.width()) * u64::from(gris.height()) * facteur * facteur > PIXELS_MAX
        {
            break;
        }
        let (l, h) = (gris.width() * facteur as u32, gris.height() * facteur as u32);
        let agrandie = image::imageops::resize(&gris, l, h, image::imageops::FilterType::Triangle);
        let encore = lire_les_codes(&agrandie);
        if !encore.is_empty() {
            codes = encore;
        }
    }
    Ok(codes)
}

fn lire_les_codes(gris: &image::GrayImage) -> Vec<Result<CodePage, String>> {
    let mut prepare =
        rqrr::PreparedImage::prepare_from_greyscale(gris.width() as usize, gris.height() as usize, |x, y| {
            gris.get_pixel(x as u32, y as u32).0[0]
        });
    prepare
        .detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, texte)| texte))
        .filter(|t| t.starts_with(PREFIXE))
        .map(|t| CodePage::lire(&t))
        .collect()
}

/// RFC 9285.
pub fn base45(octets: &[u8]) -> String {
    let mut s = String::with_capacity(octets.len() * 3 / 2 + 2);
    for paire in octets.chunks(2) {
        let (mut n, chiffres) = match paire {
            [a, b] => (usize::from(*a) * 256 + usize::from(*b), 3),
            [a] => (usize::from(*a), 2),
            _ => unreachable!("chunks of 1 or 2"),
        };
        for _ in 0..chiffres {
            s.push(char::from(ALPHABET[n % 45]));
            n /= 45;
        }
    }
    s
}

/// RFC 9285; `None` on a character outside the alphabet or a value too large.
pub fn debase45(texte: &str) -> Option<Vec<u8>> {
    let valeurs: Vec<usize> = texte.bytes().map(|c| ALPHABET.iter().position(|a| *a == c)).collect::<Option<_>>()?;
    let mut o = Vec::with_capacity(valeurs.len() * 2 / 3 + 1);
    for groupe in valeurs.chunks(3) {
        match groupe {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                o.extend_from_slice(&u16::try_from(n).ok()?.to_be_bytes());
            }
            [c, d] => o.push(u8::try_from(c + d * 45).ok()?),
            _ => return None,
        }
    }
    Some(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base45_follows_rfc_9285() {
        // The examples of RFC 9285, section 4.
        assert_eq!(base45(b"AB"), "BB8");
        assert_eq!(base45(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(base45(b"base-45"), "UJCLQE7W581");
        assert_eq!(debase45("QED8WEX0").unwrap(), b"ietf!");
        assert_eq!(debase45("GGW"), None, "65536 is too large");
        assert_eq!(debase45("A"), None);
        assert_eq!(debase45("aa"), None, "lower case is not in the alphabet");
    }

    #[test]
    fn a_code_reads_back_as_it_was_written() {
        let charge = br#"{"a":"diagnostic"}"#.to_vec();
        for contenu in [ContenuCode::Reference([7; 32]), ContenuCode::Complet(charge)] {
            let c = CodePage { page: 2, total: 5, cle: [1; 32], signature: [2; 64], contenu };
            assert!(c.texte().bytes().all(|b| ALPHABET.contains(&b) || b"SCHEMATIC1:".contains(&b)));
            assert_eq!(CodePage::lire(&c.texte()).unwrap(), c);
        }
        assert!(CodePage::lire("https://example.org").is_err());
        assert!(CodePage::lire("SCHEMATIC1:AB").is_err());
    }
}
