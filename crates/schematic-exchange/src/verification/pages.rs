//! The verdict on what a person looks at: a scanned or photographed page
//! (its SchémaTIC code) and the PDF's seal binding its pages to the signed
//! data (docs/format/rapport-pdf.md).

use super::*;

/// Upper bound of an image file read from outside.
pub const TAILLE_MAX_IMAGE: usize = 30 * 1024 * 1024;

/// A scanned page: what its SchémaTIC code establishes (docs/format/rapport-pdf.md).
pub(super) fn verifier_image(octets: &[u8], confiance: &[ClePublique], reference: Option<&Rapport>) -> Rapport {
    if octets.len() > TAILLE_MAX_IMAGE {
        return Refus::new(Motif::ImageIllisible, format!("Elle fait {} octets.", octets.len())).into();
    }
    let codes = match crate::papier::codes_de_l_image(octets) {
        Ok(c) => c,
        Err(m) => return Refus::new(Motif::ImageIllisible, m).into(),
    };
    let Some(code) = codes.iter().find_map(|c| c.as_ref().ok()) else {
        let raison = codes.iter().find_map(|c| c.as_ref().err()).cloned().unwrap_or_default();
        return Refus::new(Motif::ImageSansCode, raison).into();
    };
    let page = format!("Page {} / {} du rapport.", code.page, code.total);
    let cle = match ClePublique::depuis_octets(&code.cle) {
        Ok(k) => k,
        Err(_) => return Refus::new(Motif::CleInvalide, page).into(),
    };
    let empreinte = empreinte_charge_de(&code.empreinte());
    let mut rapport = match &code.contenu {
        crate::papier::ContenuCode::Complet(charge) => {
            let enveloppe = Enveloppe {
                payload_type: crate::format_diagnostic::type_de_charge(charge).into(),
                payload: STANDARD.encode(charge),
                signatures: vec![crate::dsse::SignatureDsse {
                    keyid: cle.keyid(),
                    sig: STANDARD.encode(code.signature),
                }],
            };
            let mut r = verifier_json(&enveloppe.octets(), confiance);
            r.detail = format!("{page} Le code contient le diagnostic signé : {}", r.detail);
            r
        }
        crate::papier::ContenuCode::Reference(_) => {
            let mut r: Rapport = Refus::new(
                Motif::ImageReference,
                format!("{page} Empreinte du contenu {empreinte}, clé {}.", cle.empreinte_courte()),
            )
            .into();
            r.empreinte_charge = Some(empreinte.clone());
            r.empreinte_cle = Some(cle.empreinte_courte());
            r
        }
    };
    if let Some(reference) = reference {
        let meme = reference.empreinte_charge.as_deref() == Some(empreinte.as_str())
            && reference.empreinte_cle.as_deref() == Some(cle.empreinte_courte().as_str());
        if !meme {
            let mut r: Rapport = Refus::new(
                Motif::ImageAutreDiagnostic,
                format!(
                    "{page} Empreinte de la page {} ; du fichier de référence {}.",
                    &empreinte[..12],
                    reference.empreinte_charge.as_deref().map_or("(aucune)", |e| &e[..12.min(e.len())])
                ),
            )
            .into();
            r.empreinte_charge = Some(empreinte);
            r.empreinte_cle = Some(cle.empreinte_courte());
            return r;
        }
        if rapport.motif == Motif::ImageReference {
            rapport = reference.clone();
            rapport.detail =
                format!("{page} Cette page appartient au diagnostic signé de référence. {}", reference.detail);
        }
    }
    rapport
}

fn empreinte_charge_de(octets: &[u8; 32]) -> String {
    octets.iter().map(|b| format!("{b:02x}")).collect()
}

/// The application whose reports carry no seal (they came before it).
pub const APPLICATION_SANS_SCEAU: &str = "SchémaTIC 0.1.0";

/// Checks a PDF's seal against the diagnostic it carries: `Ok(Some(remark))`
/// for a report written before seals existed.
pub(super) fn sceau(
    octets: &[u8],
    d: &ChargeDiagnostic,
    empreinte: &str,
    pages: usize,
) -> Result<Option<String>, Refus> {
    let lue = match crate::pdf::lire_liaison(octets) {
        Ok(l) => l,
        Err(DefautLiaison::Absente) if d.application == APPLICATION_SANS_SCEAU => {
            return Ok(Some(
                "Rapport écrit par SchémaTIC 0.1.0, avant le scellement des pages : seul le diagnostic signé qu’il porte est vérifié, pas ses pages."
                    .into(),
            ));
        }
        Err(DefautLiaison::Absente) => return Err(Refus::new(Motif::PdfNonScelle, "")),
        Err(DefautLiaison::Modifie(m)) => return Err(Refus::new(Motif::PdfModifie, m)),
        Err(DefautLiaison::Illisible(m)) => return Err(Refus::new(Motif::PdfSceauInvalide, m)),
    };
    let invalide = |m: &str| Refus::new(Motif::PdfSceauInvalide, m);
    let enveloppe: Enveloppe =
        serde_json::from_slice(&lue.enonce).map_err(|_| invalide("le sceau n’est pas une enveloppe signée lisible"))?;
    static FORME: OnceLock<Schema> = OnceLock::new();
    let valeur = serde_json::to_value(&enveloppe).expect("an envelope is JSON");
    compile(&FORME, schemas::enveloppe_liaison)
        .valider(&valeur)
        .map_err(|e| invalide(&format!("le sceau n’est pas conforme : {}", e.message)))?;
    let o =
        ouvrir_enveloppe(&enveloppe).map_err(|r| invalide(&format!("le sceau ne se vérifie pas ({})", r.detail)))?;
    let Document::Liaison(l) = o.document else { return Err(invalide("le sceau n’est pas un sceau")) };
    if o.signataire.keyid() != d.cle {
        return Err(invalide("le sceau est signé par une autre clé que le diagnostic"));
    }
    if l.charge != empreinte {
        return Err(invalide(
            "le sceau désigne un autre diagnostic que celui que porte le PDF : ses pages sont celles d’un autre rapport",
        ));
    }
    if l.pdf != lue.empreinte {
        return Err(Refus::new(Motif::PdfModifie, "le contenu du fichier a changé depuis qu’il a été scellé"));
    }
    if usize::try_from(l.pages).ok() != Some(pages) {
        return Err(Refus::new(Motif::PdfModifie, format!("le sceau annonce {} pages, le PDF en a {pages}", l.pages)));
    }
    Ok(None)
}
