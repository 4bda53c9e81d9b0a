//! Attaching the signed JSON to a PDF, and taking it back out of an untrusted
//! PDF. The attachment is an embedded file in the catalog's `EmbeddedFiles`
//! name tree, also listed in `/AF` (associated files, as Factur-X does), so
//! `pdfdetach -list` and any PDF reader show it.

use lopdf::{Dictionary, Document, LoadOptions, Object, Stream, StringFormat};

use crate::error::ExchangeError;

/// Upper bound of a PDF report read from outside (a report is about 1 MB).
pub const TAILLE_MAX_PDF: usize = 20 * 1024 * 1024;

/// Upper bound of the attachment once decompressed.
const TAILLE_MAX_PIECE: usize = 4 * 1024 * 1024;

/// Upper bound of the objects a PDF read from outside may declare (a report
/// has about 30).
pub const OBJETS_MAX: usize = 10_000;

fn chaine(texte: &str) -> Object {
    Object::String(texte.as_bytes().to_vec(), StringFormat::Literal)
}

/// Adds `contenu` as the embedded file `nom` and returns the PDF bytes.
pub fn joindre(mut doc: Document, nom: &str, contenu: &[u8]) -> Vec<u8> {
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
    let mut octets = Vec::new();
    doc.save_to(&mut octets).expect("writing a PDF to memory cannot fail");
    octets
}

fn illisible(detail: &str) -> ExchangeError {
    ExchangeError::Format(format!("Le PDF ne contient pas de diagnostic signé lisible ({detail})."))
}

/// Counts, before any parsing, what a parser would have to build: indirect
/// objects and cross-reference entries, each at most [`OBJETS_MAX`]; object
/// streams and cross-reference streams (compressed, so of unknown size until
/// inflated) are refused. SchémaTIC's reports use neither.
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
    let mut entrees = 0usize;
    let mut reste = octets;
    while let Some(i) = trouver(reste, b"xref") {
        reste = &reste[i + 4..];
        // Subsections: « premier nombre », then `nombre` entries of 20 bytes.
        loop {
            let mut champs = reste.split(u8::is_ascii_whitespace).filter(|c| !c.is_empty());
            let (Some(a), Some(b)) = (champs.next(), champs.next()) else { break };
            let (Some(_), Some(n)) = (entier(a), entier(b)) else { break };
            entrees = entrees.saturating_add(n);
            if entrees > OBJETS_MAX {
                return Err(trop());
            }
            let fin_entete = b.as_ptr() as usize - reste.as_ptr() as usize + b.len();
            reste = reste.get(fin_entete + n.saturating_mul(20)..).unwrap_or_default();
        }
    }
    Ok(())
}

fn entier(champ: &[u8]) -> Option<usize> {
    std::str::from_utf8(champ).ok()?.parse().ok()
}

fn trouver(octets: &[u8], motif: &[u8]) -> Option<usize> {
    octets.windows(motif.len()).position(|w| w == motif)
}

fn compter(octets: &[u8], motif: &[u8]) -> usize {
    let mut n = 0;
    let mut reste = octets;
    while let Some(i) = trouver(reste, motif) {
        n += 1;
        reste = &reste[i + motif.len()..];
    }
    n
}

/// The bytes of the embedded file `nom` of an untrusted PDF. Size-capped before
/// parsing; the document is parsed, never rendered.
pub fn extraire(octets: &[u8], nom: &str) -> Result<Vec<u8>, ExchangeError> {
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
    let spec = liste
        .chunks(2)
        .find(|paire| matches!(paire.first(), Some(Object::String(n, _)) if n == nom.as_bytes()))
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
    Ok(contenu)
}
