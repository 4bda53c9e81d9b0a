//! What ties the report's pages to the signed data on paper: the QR code of
//! every page, drawn as vectors, and the cover's block that says what it is
//! for (docs/format/rapport-pdf.md, « Le code QR »).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::*;
use crate::papier::{self, CodePage};

/// What the codes of the pages hold, taken from the signed file itself.
pub(super) struct Signe {
    pub cle: [u8; 32],
    pub signature: [u8; 64],
    pub charge: Vec<u8>,
}

pub(super) fn signe(json_signe: &[u8]) -> Signe {
    let e = Enveloppe::lire(json_signe).expect("the report attaches an envelope this code wrote");
    let s = &e.signatures[0];
    let octets = |b64: &str| STANDARD.decode(b64).expect("an envelope this code wrote");
    Signe {
        cle: octets(s.keyid.trim_start_matches("ed25519:")).try_into().expect("32 bytes"),
        signature: octets(&s.sig).try_into().expect("64 bytes"),
        charge: octets(&e.payload),
    }
}

/// A code drawn as vectors: one filled rectangle per run of dark modules, on
/// a white square with the quiet zone of four modules the standard asks for.
pub(super) fn dessiner_qr(ops: &mut Vec<Op>, x: f32, y: f32, cote: f32, code: &CodePage) {
    let (modules, largeur) = papier::modules(code);
    let module = cote / (largeur + 8) as f32;
    let rectangle = |x0: f32, y0: f32, l: f32, h: f32| Op::DrawPolygon {
        polygon: Polygon {
            rings: vec![PolygonRing {
                points: vec![point(x0, y0), point(x0 + l, y0), point(x0 + l, y0 + h), point(x0, y0 + h)],
            }],
            mode: PaintMode::Fill,
            winding_order: WindingOrder::NonZero,
        },
    };
    ops.push(Op::SetFillColor { col: rgb(255, 255, 255) });
    ops.push(rectangle(x, y, cote, cote));
    ops.push(Op::SetFillColor { col: rgb(0, 0, 0) });
    for ligne in 0..largeur {
        let haut = y + cote - (4 + ligne + 1) as f32 * module;
        let mut colonne = 0;
        while colonne < largeur {
            if modules[ligne * largeur + colonne] {
                let debut = colonne;
                while colonne < largeur && modules[ligne * largeur + colonne] {
                    colonne += 1;
                }
                ops.push(rectangle(x + (4 + debut) as f32 * module, haut, (colonne - debut) as f32 * module, module));
            } else {
                colonne += 1;
            }
        }
    }
}

/// The cover's code, below the cover's text (`haut`), and what it is for.
pub(super) fn bloc_verification(r: &Redaction, ops: &mut Vec<Op>, haut: f32, code: &CodePage, entier: bool) {
    // Above the cover's footer (three lines up to 17 mm), 56 mm at most.
    let cote = (haut - 18.0).clamp(30.0, 56.0);
    let (x, y) = (MARGE, haut - cote);
    dessiner_qr(ops, x - 4.0, y, cote, code);
    let gauche = x + cote + 2.0;
    let largeur = LARGEUR - MARGE - gauche;
    let explication = if entier {
        "Ce code contient le diagnostic signé, en entier. Photographiez ou numérisez cette page : « schematic verifier photo.png » en vérifie la signature et affiche ce qu’il contient, à comparer avec ces pages. Chaque autre page porte un code qui la rattache à ce même diagnostic."
    } else {
        "Ce code rattache ce rapport au diagnostic signé (empreinte, clé, signature) ; le diagnostic est trop long pour y tenir en entier. « schematic verifier photo.png --reference fichier.json » compare une page numérisée au fichier signé."
    };
    let mut haut = y + cote - 6.0;
    let mut texte = |t: &str, taille: f32, gras: bool, couleur: Color| {
        for ligne in r.lignes(t, taille, gras, largeur) {
            let police = if gras { &r.grasse } else { &r.normale };
            ops.extend(ops_texte(police, gauche, haut, taille, couleur.clone(), ligne));
            haut -= Redaction::interligne(taille);
        }
    };
    texte("Vérifier ce rapport", 10.0, true, bleu());
    texte(explication, 8.5, false, gris());
}
