//! The PDF report and scanned codes among the vectors (frozen files: checked
//! by their verdicts only).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::*;

/// A code drawn as a PNG, four pixels a module, with its quiet zone: what a
/// clean scan of a page's code gives.
fn image_du_code(code: &crate::papier::CodePage) -> Vec<u8> {
    let (modules, largeur) = crate::papier::modules(code);
    let cote = u32::try_from((largeur + 8) * 4).expect("small");
    let image = image::GrayImage::from_fn(cote, cote, |x, y| {
        let (c, l) = ((x / 4) as usize, (y / 4) as usize);
        let sombre =
            (4..largeur + 4).contains(&c) && (4..largeur + 4).contains(&l) && modules[(l - 4) * largeur + c - 4];
        image::Luma([if sombre { 0 } else { 255 }])
    });
    png(&image)
}

fn png(image: &image::GrayImage) -> Vec<u8> {
    let mut o = std::io::Cursor::new(Vec::new());
    image.write_to(&mut o, image::ImageFormat::Png).expect("PNG in memory");
    o.into_inner()
}

/// The PDF report and its pages: a genuine report, the ways a report is
/// refused, and scanned codes.
pub(super) fn rapports_et_pages(v: &mut Vecteurs) {
    use crate::papier::{CodePage, ContenuCode};
    use crate::rapport::PIECE_JOINTE;
    let cle = etablissement();
    let json = diagnostic(&cle).signer(&cle).octets();
    let pdf = crate::rapport::generer(&crate::rapport::tests::donnees(json.clone()), &cle);
    v.fige("rapport.pdf", pdf.clone(), 10, "valide.non-enrole", "rapport PDF scellé");

    let mut doc = lopdf::Document::load_mem(&pdf).expect("our PDF");
    doc.catalog_mut().expect("catalog").remove(b"SchemaTIC_Liaison");
    let mut sans = Vec::new();
    doc.save_to(&mut sans).expect("in memory");
    v.fige("rapport-non-scelle.pdf", sans, 16, "pdf.non-scelle", "rapport sans sceau (écrit après 0.1.0)");

    let mut allonge = pdf.clone();
    allonge.extend_from_slice(b"\n% ajout\n");
    v.fige("rapport-octets-apres-eof.pdf", allonge, 16, "pdf.modifie", "octets ajoutés après %%EOF");

    let mut d3 = diagnostic(&cle);
    d3.diagnostic.revision = 3;
    let json3 = d3.signer(&cle).octets();
    let debut = pdf.windows(json.len()).position(|w| w == json.as_slice()).expect("attachment stored as is");
    let mut autre = pdf.clone();
    autre[debut..debut + json3.len()].copy_from_slice(&json3);
    v.fige(
        "rapport-autre-diagnostic.pdf",
        autre,
        16,
        "pdf.sceau-invalide",
        "pièce jointe remplacée par un autre diagnostic (même longueur)",
    );

    let nom = format!("({PIECE_JOINTE})");
    let i = pdf.windows(nom.len()).position(|w| w == nom.as_bytes()).expect("name written");
    let mut renomme = pdf;
    renomme[i + 1..i + 5].copy_from_slice(b"DIAG");
    v.fige("rapport-piece-renommee.pdf", renomme, 13, "pdf.sans-diagnostic", "pièce jointe sous un autre nom");

    let e = Enveloppe::lire(&json).expect("ours");
    let charge = STANDARD.decode(&e.payload).expect("base64");
    let code = |page: u8, contenu| CodePage {
        page,
        total: 4,
        cle: cle.publique().octets(),
        signature: STANDARD.decode(&e.signatures[0].sig).expect("base64").try_into().expect("64 bytes"),
        contenu,
    };
    use sha2::Digest;
    let empreinte: [u8; 32] = sha2::Sha256::digest(&charge).into();
    v.fige(
        "page-1.png",
        image_du_code(&code(1, ContenuCode::Complet(charge.clone()))),
        10,
        "valide.non-enrole",
        "code QR de la couverture : le diagnostic entier",
    );
    v.fige(
        "page-2-reference.png",
        image_du_code(&code(2, ContenuCode::Reference(empreinte))),
        13,
        "image.reference",
        "code QR d’une page : la référence seule",
    );
    v.fige(
        "image-sans-code.png",
        png(&image::GrayImage::from_pixel(120, 120, image::Luma([255]))),
        13,
        "image.sans-code",
        "image sans code QR",
    );
    let page = image_du_code(&code(1, ContenuCode::Complet(charge)));
    v.fige("image-tronquee.png", page[..page.len() / 2].to_vec(), 14, "image.illisible", "PNG coupé en deux");
}
