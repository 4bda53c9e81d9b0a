//! Attaching the signed JSON to a PDF, binding the whole file to it, and
//! taking both back out of an untrusted PDF (specified in
//! `docs/format/rapport-pdf.md`).
//!
//! The attachment is an embedded file in the catalog's `EmbeddedFiles` name
//! tree, also listed in `/AF` (associated files, as Factur-X does), so
//! `pdfdetach -list` and any PDF reader show it.
//!
//! The *binding* (`/SchemaTIC_Liaison` in the catalog) proves that the pages
//! are the signed data's: a statement signed by the diagnostic's own key,
//! naming the payload's hash and the SHA-256 of every byte of the file except
//! the statement itself (the hole, as PDF signatures do with `/ByteRange`). Any
//! change to the file — a page, an attachment, an incremental update, a byte
//! after `%%EOF` — breaks it, and checking it needs no PDF rendering: a hash and
//! an Ed25519 verification, which every later version and any third party can
//! do from the specification.

use lopdf::{Dictionary, Document, LoadOptions, Object, Stream, StringFormat};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cles::CleInstallation;
use crate::dsse::Enveloppe;
use crate::error::ExchangeError;

/// `payloadType` of the binding statement.
pub const TYPE_LIAISON_V1: &str = "application/vnd.schematic.liaison-pdf+json; version=1";
pub const FORMAT_LIAISON: &str = "schematic.liaison-pdf";

/// The catalog key of the binding.
pub const MARQUE_LIAISON: &[u8] = b"/SchemaTIC_Liaison";

/// Bytes reserved for the signed statement (written as twice as many hex digits).
const TROU_OCTETS: usize = 2048;

/// Placeholders of the byte range, replaced once the file's layout is known
/// (same width: ten digits).
const PROVISOIRES: [i64; 3] = [9_999_999_991, 9_999_999_992, 9_999_999_993];

/// What the binding statement says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiaisonV1 {
    pub format: String,
    pub version_format: u32,
    /// SHA-256 (hex) of the attached diagnostic's payload.
    pub charge: String,
    /// SHA-256 (hex) of the file's bytes outside the hole.
    pub pdf: String,
    pub pages: u32,
}

/// Upper bound of a PDF report read from outside (a report is under 1 MB,
/// its two fonts included).
pub const TAILLE_MAX_PDF: usize = 4 * 1024 * 1024;

/// Upper bound of the attachment once decompressed.
const TAILLE_MAX_PIECE: usize = 4 * 1024 * 1024;

/// Upper bound of the objects a PDF read from outside may declare (a report
/// has about 30).
pub const OBJETS_MAX: usize = 10_000;

/// Upper bound of the cross-reference sections (`xref`) of a PDF read from
/// outside (a report has one).
pub const SECTIONS_XREF_MAX: usize = 16;

/// Upper bound of the syntax elements (names, numbers, keywords, strings,
/// brackets) outside stream data (a report has about 1,500): what a parser
/// allocates is proportional to them, so they are counted before it runs.
pub const ELEMENTS_MAX: usize = 50_000;

fn chaine(texte: &str) -> Object {
    Object::String(texte.as_bytes().to_vec(), StringFormat::Literal)
}

/// Adds `contenu` as the embedded file `nom`.
pub fn joindre(mut doc: Document, nom: &str, contenu: &[u8]) -> Document {
    // Pages and fonts are compressed; the attachment stays as is, so that its
    // bytes are the export file's, visible to any tool.
    doc.compress();
    let mut params = Dictionary::new();
    params.set("Size", Object::Integer(i64::try_from(contenu.len()).unwrap_or(i64::MAX)));
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
    dict.set("Params", Object::Dictionary(params));
    let fichier = doc.add_object(Stream::new(dict, contenu.to_vec()));

    let mut ef = Dictionary::new();
    ef.set("F", Object::Reference(fichier));
    ef.set("UF", Object::Reference(fichier));
    let mut spec = Dictionary::new();
    spec.set("Type", Object::Name(b"Filespec".to_vec()));
    spec.set("F", chaine(nom));
    spec.set("UF", chaine(nom));
    spec.set("Desc", chaine("Diagnostic signe SchemaTIC (enveloppe DSSE, format 1)"));
    spec.set("AFRelationship", Object::Name(b"Data".to_vec()));
    spec.set("EF", Object::Dictionary(ef));
    let spec = doc.add_object(spec);

    let mut arbre = Dictionary::new();
    arbre.set("Names", Object::Array(vec![chaine(nom), Object::Reference(spec)]));
    let mut noms = Dictionary::new();
    noms.set("EmbeddedFiles", Object::Dictionary(arbre));
    if let Ok(catalogue) = doc.catalog_mut() {
        catalogue.set("Names", Object::Dictionary(noms));
        catalogue.set("AF", Object::Array(vec![Object::Reference(spec)]));
    }
    doc
}

fn trouver_depuis(octets: &[u8], motif: &[u8], debut: usize) -> Option<usize> {
    trouver(&octets[debut.min(octets.len())..], motif).map(|i| i + debut)
}

/// Writes the document with its binding: signed by `cle` (the key that signed
/// the attached diagnostic), naming `charge` (the payload's SHA-256, hex).
pub fn lier(mut doc: Document, charge: &str, cle: &CleInstallation) -> Vec<u8> {
    let pages = u32::try_from(doc.get_pages().len()).unwrap_or(u32::MAX);
    let mut liaison = Dictionary::new();
    let mut plage = vec![Object::Integer(0)];
    plage.extend(PROVISOIRES.map(Object::Integer));
    liaison.set("ByteRange", Object::Array(plage));
    liaison.set("Contenu", Object::String(vec![0; TROU_OCTETS], StringFormat::Hexadecimal));
    if let Ok(catalogue) = doc.catalog_mut() {
        catalogue.set(&MARQUE_LIAISON[1..], Object::Dictionary(liaison));
    }
    // The file identifier names the diagnostic (the first half of its hash),
    // rather than chance.
    let id = Object::String(charge.as_bytes()[..32.min(charge.len())].to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let mut octets = Vec::new();
    doc.save_to(&mut octets).expect("writing a PDF to memory cannot fail");

    let marque = trouver(&octets, MARQUE_LIAISON).expect("the binding was just written");
    let trou = format!("<{}>", "0".repeat(2 * TROU_OCTETS));
    let debut = trouver_depuis(&octets, trou.as_bytes(), marque).expect("the hole was just written");
    let fin = debut + trou.len();
    let longueur = octets.len();
    for (provisoire, valeur) in PROVISOIRES.iter().zip([debut, fin, longueur - fin]) {
        let texte = provisoire.to_string();
        let i = trouver_depuis(&octets, texte.as_bytes(), marque).expect("placeholder written");
        octets[i..i + texte.len()].copy_from_slice(format!("{valeur:010}").as_bytes());
    }
    let mut empreinte = Sha256::new();
    empreinte.update(&octets[..debut]);
    empreinte.update(&octets[fin..]);
    let enonce = LiaisonV1 {
        format: FORMAT_LIAISON.into(),
        version_format: 1,
        charge: charge.into(),
        pdf: hex(&empreinte.finalize()),
        pages,
    };
    let enveloppe =
        Enveloppe::signer(TYPE_LIAISON_V1, &serde_json_canonicalizer::to_vec(&enonce).expect("serialises"), cle)
            .octets();
    let texte = hex(&enveloppe);
    assert!(texte.len() <= 2 * TROU_OCTETS, "the binding statement fits its hole");
    octets[debut + 1..debut + 1 + texte.len()].copy_from_slice(texte.as_bytes());
    octets
}

fn hex(octets: &[u8]) -> String {
    octets.iter().map(|b| format!("{b:02x}")).collect()
}

/// The binding of an untrusted PDF, read as the specification says: its byte
/// range, checked against the file, the digest of the bytes it covers, and
/// the signed statement in the hole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiaisonLue {
    /// SHA-256 (hex) of the file outside the hole.
    pub empreinte: String,
    /// The statement's bytes (a DSSE envelope), trailing zero bytes removed.
    pub enonce: Vec<u8>,
}

/// Why a binding cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefautLiaison {
    /// The file has no binding.
    Absente,
    /// The file's bytes are not those the binding covers.
    Modifie(String),
    /// The binding is there but malformed.
    Illisible(String),
}

fn entier_pdf(texte: &[u8]) -> Option<usize> {
    std::str::from_utf8(texte).ok()?.parse().ok()
}

/// Reads the binding of `octets`.
pub fn lire_liaison(octets: &[u8]) -> Result<LiaisonLue, DefautLiaison> {
    let illisible = |m: &str| DefautLiaison::Illisible(m.to_string());
    let marque = trouver(octets, MARQUE_LIAISON).ok_or(DefautLiaison::Absente)?;
    if trouver_depuis(octets, MARQUE_LIAISON, marque + 1).is_some() {
        return Err(illisible("le fichier porte plus d’une liaison"));
    }
    let fenetre = &octets[marque..octets.len().min(marque + 256)];
    let plage = trouver(fenetre, b"/ByteRange").ok_or_else(|| illisible("pas de /ByteRange"))?;
    let apres = &fenetre[plage + 10..];
    let ouvre = apres.iter().position(|b| *b == b'[').ok_or_else(|| illisible("/ByteRange mal formé"))?;
    let ferme = apres.iter().position(|b| *b == b']').ok_or_else(|| illisible("/ByteRange mal formé"))?;
    let nombres: Vec<usize> = apres
        .get(ouvre + 1..ferme)
        .ok_or_else(|| illisible("/ByteRange mal formé"))?
        .split(u8::is_ascii_whitespace)
        .filter(|c| !c.is_empty())
        .map(entier_pdf)
        .collect::<Option<_>>()
        .ok_or_else(|| illisible("/ByteRange mal formé"))?;
    let [0, debut, fin, reste] = nombres[..] else {
        return Err(illisible("/ByteRange doit compter quatre nombres, le premier 0"));
    };
    let contenu = trouver(fenetre, b"/Contenu").ok_or_else(|| illisible("pas de /Contenu"))? + marque;
    let trou = trouver_depuis(octets, b"<", contenu).ok_or_else(|| illisible("pas de /Contenu"))?;
    let modifie = |m: &str| DefautLiaison::Modifie(m.to_string());
    if trou != debut || fin <= debut || octets.get(fin - 1) != Some(&b'>') {
        return Err(modifie(
            "la plage signée ne délimite plus la liaison : des octets ont été ajoutés, retirés ou déplacés",
        ));
    }
    if fin.checked_add(reste) != Some(octets.len()) {
        return Err(modifie(&format!(
            "la plage signée couvre {} octets, le fichier en compte {} : des octets ont été ajoutés ou retirés (mise à jour incrémentale, octets après %%EOF)",
            fin.saturating_add(reste),
            octets.len()
        )));
    }
    let chiffres = &octets[debut + 1..fin - 1];
    if !chiffres.len().is_multiple_of(2) || !chiffres.iter().all(u8::is_ascii_hexdigit) {
        return Err(illisible("le contenu de la liaison n’est pas en hexadécimal"));
    }
    let mut enonce: Vec<u8> = chiffres
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap_or("zz"), 16).unwrap_or(0))
        .collect();
    while enonce.last() == Some(&0) {
        enonce.pop();
    }
    let mut empreinte = Sha256::new();
    empreinte.update(&octets[..debut]);
    empreinte.update(&octets[fin..]);
    Ok(LiaisonLue { empreinte: hex(&empreinte.finalize()), enonce })
}

fn illisible(detail: &str) -> ExchangeError {
    ExchangeError::Format(format!("Le PDF ne contient pas de diagnostic signé lisible ({detail})."))
}

/// Counts, before any parsing, what a parser would have to build: indirect
/// objects and cross-reference entries, each at most [`OBJETS_MAX`], in at
/// most [`SECTIONS_XREF_MAX`] sections; syntax elements outside stream data,
/// at most [`ELEMENTS_MAX`]; and no object may start inside stream data (where
/// elements are not counted). Object streams and cross-reference streams
/// (compressed, so of unknown size until inflated) are refused. SchémaTIC's
/// reports use neither. Linear in the file's size.
fn garde_objets(octets: &[u8]) -> Result<(), ExchangeError> {
    let trop = || {
        ExchangeError::TropGros(format!(
            "Ce PDF déclare plus de {OBJETS_MAX} objets : ce n’est pas un rapport SchémaTIC, il n’est pas lu."
        ))
    };
    if compter(octets, b"endobj") > OBJETS_MAX {
        return Err(trop());
    }
    if compter(octets, b"/ObjStm") > 0 || compter(octets, b"/XRef") > 0 {
        return Err(illisible(
            "PDF ré-enregistré par un autre logiciel, avec des objets compressés ; envoyez le rapport d’origine ou le fichier JSON",
        ));
    }
    let flux = garde_elements(octets)?;
    let mut entrees = 0usize;
    let mut sections = 0usize;
    let mut position = 0usize;
    while let Some(i) = trouver(&octets[position..], b"xref") {
        sections += 1;
        if sections > SECTIONS_XREF_MAX {
            return Err(ExchangeError::TropGros(format!(
                "Ce PDF a plus de {SECTIONS_XREF_MAX} tables de références : ce n’est pas un rapport SchémaTIC, il n’est pas lu."
            )));
        }
        position += i + 4;
        // Subsections: « premier nombre », then `nombre` entries of 20 bytes
        // (ten digits of offset, a space, five of generation, a space, `n` or
        // `f`, two bytes of end of line).
        while let Some((n, debut_entrees)) = entete_sous_section(&octets[position..]) {
            entrees = entrees.saturating_add(n);
            if entrees > OBJETS_MAX {
                return Err(trop());
            }
            let debut = position + debut_entrees;
            for k in 0..n {
                let Some(entree) = octets.get(debut + k * 20..debut + k * 20 + 20) else { break };
                if entree[17] == b'n'
                    && let Some(decalage) = entier(&entree[..10])
                    && flux.iter().any(|&(de, a)| (de..a).contains(&decalage))
                {
                    return Err(illisible("un objet est annoncé à l’intérieur des données d’un flux"));
                }
            }
            position = debut.saturating_add(n.saturating_mul(20)).min(octets.len());
        }
    }
    Ok(())
}

/// The header of a cross-reference subsection at the start of `octets`
/// (after white space): its number of entries and where they begin. Reads at
/// most a few dozen bytes.
fn entete_sous_section(octets: &[u8]) -> Option<(usize, usize)> {
    let fenetre = &octets[..octets.len().min(64)];
    let blanc = |c: &u8| c.is_ascii_whitespace();
    let debut_a = fenetre.iter().position(|c| !blanc(c))?;
    let fin_a = debut_a + fenetre[debut_a..].iter().position(blanc)?;
    let debut_b = fin_a + fenetre[fin_a..].iter().position(|c| !blanc(c))?;
    let fin_b = debut_b + fenetre[debut_b..].iter().position(blanc)?;
    entier(&fenetre[debut_a..fin_a])?;
    let n = entier(&fenetre[debut_b..fin_b])?;
    let entrees = fin_b + fenetre[fin_b..].iter().position(|c| !blanc(c)).unwrap_or(fenetre.len() - fin_b);
    Some((n, entrees))
}

/// Counts the syntax elements outside stream data (at most
/// [`ELEMENTS_MAX`]) and returns where stream data lie: from after a
/// `stream` keyword that follows a dictionary to the next `endstream`.
fn garde_elements(octets: &[u8]) -> Result<Vec<(usize, usize)>, ExchangeError> {
    let mut flux = Vec::new();
    let mut elements = 0usize;
    let mut dans_un_element = false;
    let mut apres_dictionnaire = false;
    let mut i = 0;
    while i < octets.len() {
        let c = octets[i];
        if c == b's' && apres_dictionnaire && octets[i..].starts_with(b"stream") {
            let debut = i + 6;
            let Some(fin) = trouver(&octets[debut..], b"endstream") else {
                return Err(illisible("un flux n’a pas de fin"));
            };
            flux.push((debut, debut + fin));
            i = debut + fin + 9;
            dans_un_element = false;
            apres_dictionnaire = false;
            continue;
        }
        if c.is_ascii_whitespace() || c == 0 {
            dans_un_element = false;
        } else {
            apres_dictionnaire = c == b'>' && i > 0 && octets[i - 1] == b'>';
            if b"()<>[]{}/%".contains(&c) {
                elements += 1;
                dans_un_element = false;
            } else if !dans_un_element {
                elements += 1;
                dans_un_element = true;
            }
            if elements > ELEMENTS_MAX {
                return Err(ExchangeError::TropGros(format!(
                    "Ce PDF contient plus de {ELEMENTS_MAX} éléments hors de ses flux : ce n’est pas un rapport SchémaTIC, il n’est pas lu."
                )));
            }
        }
        i += 1;
    }
    Ok(flux)
}

fn entier(champ: &[u8]) -> Option<usize> {
    std::str::from_utf8(champ).ok()?.parse().ok()
}

fn trouver(octets: &[u8], motif: &[u8]) -> Option<usize> {
    memchr::memmem::find(octets, motif)
}

fn compter(octets: &[u8], motif: &[u8]) -> usize {
    memchr::memmem::find_iter(octets, motif).count()
}

/// What is taken out of an untrusted PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfLu {
    /// The bytes of the attachment.
    pub piece: Vec<u8>,
    pub pages: usize,
}

/// The bytes of the embedded file `nom` of an untrusted PDF, and its number
/// of pages. Size-capped before parsing; the document is parsed, never
/// rendered.
pub fn extraire(octets: &[u8], nom: &str) -> Result<PdfLu, ExchangeError> {
    if octets.len() > TAILLE_MAX_PDF {
        return Err(ExchangeError::TropGros(format!(
            "Le PDF fait {} octets, au-delà des {TAILLE_MAX_PDF} acceptés.",
            octets.len()
        )));
    }
    garde_objets(octets)?;
    let options = LoadOptions { max_decompressed_size: Some(TAILLE_MAX_PIECE), ..LoadOptions::default() };
    let doc = Document::load_mem_with_options(octets, options).map_err(|_| illisible("structure PDF illisible"))?;
    let catalogue = doc.catalog().map_err(|_| illisible("pas de catalogue"))?;
    let resoudre = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(id) => doc.get_object(*id).ok().cloned(),
            autre => Some(autre.clone()),
        }
    };
    let noms = catalogue.get(b"Names").ok().and_then(resoudre).ok_or_else(|| illisible("aucune pièce jointe"))?;
    let arbre = noms
        .as_dict()
        .ok()
        .and_then(|d| d.get(b"EmbeddedFiles").ok())
        .and_then(resoudre)
        .ok_or_else(|| illisible("aucune pièce jointe"))?;
    let liste = arbre
        .as_dict()
        .ok()
        .and_then(|d| d.get(b"Names").ok())
        .and_then(resoudre)
        .ok_or_else(|| illisible("liste des pièces jointes absente"))?;
    let liste = liste.as_array().map_err(|_| illisible("liste des pièces jointes mal formée"))?;
    let mut nommees =
        liste.chunks(2).filter(|paire| matches!(paire.first(), Some(Object::String(n, _)) if n == nom.as_bytes()));
    let premiere = nommees.next();
    if nommees.next().is_some() {
        return Err(illisible(&format!("deux pièces jointes s’appellent « {nom} »")));
    }
    let spec = premiere
        .and_then(|paire| paire.get(1))
        .and_then(resoudre)
        .ok_or_else(|| illisible(&format!("pas de pièce jointe « {nom} »")))?;
    let flux = spec
        .as_dict()
        .ok()
        .and_then(|d| d.get(b"EF").ok())
        .and_then(resoudre)
        .and_then(|ef| ef.as_dict().ok().and_then(|d| d.get(b"F").ok()).and_then(resoudre))
        .ok_or_else(|| illisible("pièce jointe sans contenu"))?;
    let flux = flux.as_stream().map_err(|_| illisible("pièce jointe sans contenu"))?;
    let contenu = if flux.dict.has(b"Filter") {
        flux.decompressed_content_with_limit(TAILLE_MAX_PIECE).map_err(|_| {
            ExchangeError::TropGros(format!(
                "La pièce jointe du PDF dépasse {TAILLE_MAX_PIECE} octets une fois décompressée, ou ne peut pas être décompressée : elle n’est pas lue."
            ))
        })?
    } else {
        flux.content.clone()
    };
    if contenu.len() > TAILLE_MAX_PIECE {
        return Err(ExchangeError::TropGros(format!(
            "La pièce jointe du PDF dépasse {TAILLE_MAX_PIECE} octets : elle n’est pas lue."
        )));
    }
    Ok(PdfLu { piece: contenu, pages: doc.get_pages().len() })
}

#[cfg(test)]
mod tests;
