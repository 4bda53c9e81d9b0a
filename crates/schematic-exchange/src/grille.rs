//! The printable grid of a referential: every domain and item with its three
//! levels, their evidence examples, a box to tick per answer and room for
//! notes, for teams that prepare a workshop on paper. Same A4 page, fonts and
//! colours as the report; every word is real text (searchable, read aloud,
//! extracted by `pdftotext`), nothing is an image. The grid is not signed: it
//! holds no answer, only the published text, whose fingerprint each page
//! names.

use printpdf::{Mm, Op, PaintMode, PdfDocument, PdfPage, PdfSaveOptions, Pt};
use schematic_core::referentiel::{Item, Publication, Referentiel};

use crate::mise_en_page::*;

/// Lowest baseline before a new page; the footer lies below.
const BAS: f32 = 24.0;
/// Text column of an answer, right of its box.
const RETRAIT: f32 = 8.0;
const COTE_CASE: f32 = 3.6;

/// The PDF bytes of the grid of `referentiel`, published as `publication`.
pub fn generer(referentiel: &Referentiel, publication: &Publication) -> Vec<u8> {
    let mut doc =
        PdfDocument::new(&format!("SchémaTIC — grille du référentiel {} {}", referentiel.id, referentiel.version));
    let mut r = Redaction::nouvelle(&mut doc, BAS);
    let largeur = LARGEUR - 2.0 * MARGE;

    en_tete(&mut r, referentiel, publication, largeur);
    for domaine in &referentiel.domaines {
        // A domain's heading and description stay with its first item.
        let description = domaine.description.as_ref().map_or(0.0, |d| hauteur(&r, d, 9.0, false, largeur) + 1.5);
        let premier = domaine.items.first().map_or(0.0, |i| hauteur_item(&r, i, largeur));
        if 15.0 + description + premier < HAUTEUR - MARGE - BAS {
            r.place(15.0 + description + premier);
        }
        r.titre(&format!("{} — {}", domaine.id, domaine.titre));
        if let Some(description) = &domaine.description {
            r.paragraphe(MARGE, largeur, 9.0, false, &gris(), description);
            r.y -= 1.5;
        }
        for item in &domaine.items {
            bloc_item(&mut r, item, largeur);
        }
    }
    recapitulatif(&mut r, referentiel);
    if !referentiel.glossaire.is_empty() {
        r.titre("Glossaire");
        for t in &referentiel.glossaire {
            // A term stays with its whole definition.
            r.place(
                1.0 + hauteur(&r, &t.terme, 9.0, true, largeur) + hauteur(&r, &t.definition, 9.0, false, largeur - 4.0),
            );
            r.y -= 1.0;
            r.paragraphe(MARGE, largeur, 9.0, true, &texte_couleur(), &t.terme);
            r.paragraphe(MARGE + 4.0, largeur - 4.0, 9.0, false, &texte_couleur(), &t.definition);
        }
    }
    r.nouvelle_page();

    let total = r.pages.len();
    let empreinte = referentiel.empreinte();
    let pages: Vec<PdfPage> = r
        .pages
        .iter()
        .enumerate()
        .map(|(i, ops)| {
            let mut ops = ops.clone();
            pied_de_page(&r, &mut ops, referentiel, &empreinte, i + 1, total);
            PdfPage::new(Mm(LARGEUR), Mm(HAUTEUR), ops)
        })
        .collect();
    doc.with_pages(pages);
    doc.save(&PdfSaveOptions::default(), &mut Vec::new())
}

fn en_tete(r: &mut Redaction, referentiel: &Referentiel, publication: &Publication, largeur: f32) {
    r.entete_schematic(HAUTEUR - 26.0, "Grille d’autodiagnostic à imprimer");
    r.y -= 4.0;
    r.paragraphe(MARGE, largeur, 17.0, true, &texte_couleur(), &referentiel.titre);
    r.y -= 2.0;
    let publie = publication.publie_le.split('-').rev().collect::<Vec<_>>().join("/");
    r.paragraphe(
        MARGE,
        largeur,
        9.5,
        false,
        &gris(),
        &format!(
            "Version {} publiée le {publie}, pour les diagnostics à partir de {} · {}",
            referentiel.version, publication.premiere_annee, publication.licence
        ),
    );
    r.y -= 6.0;
    for champ in ["Établissement :", "Année scolaire :", "Date de l’atelier :"] {
        r.y -= 8.0;
        r.texte(MARGE, r.y, 10.0, false, texte_couleur(), champ);
        let debut = MARGE + r.largeur(champ, 10.0, false) + 2.0;
        r.filet(debut, LARGEUR - MARGE, r.y - 0.8, 0.3, gris());
    }
    r.y -= 6.0;
    r.paragraphe(
        MARGE,
        largeur,
        9.5,
        false,
        &texte_couleur(),
        "Pour chaque item, cochez une seule case : le plus haut niveau dont la condition est remplie (un niveau suppose les précédents), « Aucun niveau atteint » sinon, ou « Non applicable » lorsque l’item le prévoit. Les éléments observables sont des exemples de ce qui peut étayer un niveau. Notez vos remarques dans le cadre de l’item, puis reportez les réponses dans SchémaTIC.",
    );
    r.y -= 3.0;
    for (k, sens) in referentiel.niveaux.iter().enumerate() {
        r.paragraphe(MARGE, largeur, 9.5, false, &texte_couleur(), &format!("Niveau {} : {sens}.", k + 1));
    }
}

/// One line per item with a box per answer, to copy the team's answers
/// before typing them into SchémaTIC.
fn recapitulatif(r: &mut Redaction, referentiel: &Referentiel) {
    r.nouvelle_page();
    r.titre("Récapitulatif des réponses de l’équipe");
    let colonnes = ["Niveau 1", "Niveau 2", "Niveau 3", "Aucun", "N. a."];
    let x_colonne = |k: usize| LARGEUR - MARGE - 19.0 * (colonnes.len() - k) as f32;
    let pas = 6.2;
    r.y -= pas;
    for (k, libelle) in colonnes.iter().enumerate() {
        r.texte(x_colonne(k), r.y, 8.5, true, gris(), libelle);
    }
    for domaine in &referentiel.domaines {
        r.place(pas * 2.0);
        r.y -= pas + 1.0;
        r.texte(MARGE, r.y, 9.5, true, bleu(), &format!("{} — {}", domaine.id, domaine.titre));
        for item in &domaine.items {
            r.place(pas);
            r.y -= pas;
            let largeur_titre = x_colonne(0) - MARGE - 16.0;
            let mut titre = item.titre.clone();
            while r.largeur(&titre, 8.5, false) > largeur_titre && titre.chars().count() > 4 {
                titre = titre.chars().take(titre.chars().count() - 4).collect::<String>() + "…";
            }
            r.texte(MARGE, r.y, 8.5, true, texte_couleur(), &item.id);
            r.texte(MARGE + 14.0, r.y, 8.5, false, texte_couleur(), &titre);
            for k in 0..colonnes.len() {
                if k < 4 || item.non_applicable.is_some() {
                    let x = x_colonne(k) + 4.0;
                    cadre(r, x, r.y - 0.6, x + COTE_CASE, r.y - 0.6 + COTE_CASE);
                }
            }
            r.filet(MARGE, LARGEUR - MARGE, r.y - 2.2, 0.2, rgb(215, 215, 215));
        }
    }
}

/// Lines a wrapped paragraph takes.
fn hauteur(r: &Redaction, texte: &str, taille: f32, gras: bool, largeur: f32) -> f32 {
    r.lignes(texte, taille, gras, largeur).len() as f32 * Redaction::interligne(taille)
}

fn observables(item: &Item, k: usize) -> Option<String> {
    item.observables.get(k).filter(|o| !o.is_empty()).map(|o| format!("Éléments observables : {}.", o.join(" ; ")))
}

fn obligation(o: &schematic_core::referentiel::Obligation) -> String {
    format!("Obligation légale, au niveau 1 : {} ({}).", o.objet, o.source)
}

/// The height of an item's block, notes included.
fn hauteur_item(r: &Redaction, item: &Item, largeur: f32) -> f32 {
    let colonne = largeur - RETRAIT;
    let titre = format!("{}  {}", item.id, item.titre);
    let mut total = 4.0 + hauteur(r, &titre, 11.0, true, largeur) + hauteur(r, &item.intention, 9.0, false, largeur);
    for o in &item.obligations {
        total += hauteur(r, &obligation(o), 8.5, false, largeur);
    }
    if let Some(q) = &item.question_debat {
        total += hauteur(r, &format!("Pour lancer le débat : {q}"), 8.5, false, largeur);
    }
    for (k, descripteur) in item.niveaux.iter().enumerate() {
        total += 2.0 + hauteur(r, &format!("Niveau {} — {descripteur}", k + 1), 9.5, false, colonne);
        if let Some(o) = observables(item, k) {
            total += hauteur(r, &o, 8.0, false, colonne);
        }
    }
    if let Some(cas) = &item.non_applicable {
        total += 1.0 + hauteur(r, &format!("Non applicable — {cas}"), 9.5, false, colonne);
    }
    total + Redaction::interligne(9.5) + 30.0
}

fn bloc_item(r: &mut Redaction, item: &Item, largeur: f32) {
    let colonne = largeur - RETRAIT;
    let titre = format!("{}  {}", item.id, item.titre);
    // An item stays on one page when it fits on one.
    let total = hauteur_item(r, item, largeur);
    if total < HAUTEUR - MARGE - BAS {
        r.place(total);
    }

    r.y -= 4.0;
    r.paragraphe(MARGE, largeur, 11.0, true, &bleu(), &titre);
    r.paragraphe(MARGE, largeur, 9.0, false, &gris(), &item.intention);
    for o in &item.obligations {
        r.paragraphe(MARGE, largeur, 8.5, false, &texte_couleur(), &obligation(o));
    }
    if let Some(q) = &item.question_debat {
        r.paragraphe(MARGE, largeur, 8.5, false, &gris(), &format!("Pour lancer le débat : {q}"));
    }
    for (k, descripteur) in item.niveaux.iter().enumerate() {
        r.y -= 2.0;
        reponse(r, &format!("Niveau {} — {descripteur}", k + 1), colonne);
        if let Some(o) = observables(item, k) {
            r.paragraphe(MARGE + RETRAIT, colonne, 8.0, false, &gris(), &o);
        }
    }
    r.y -= 1.5;
    reponse(r, "Aucun niveau atteint", colonne);
    if let Some(cas) = &item.non_applicable {
        r.y -= 1.0;
        reponse(r, &format!("Non applicable — {cas}"), colonne);
    }
    // Room for notes: a frame with ruled lines.
    r.place(28.0);
    r.y -= 3.0;
    r.texte(MARGE + 2.0, r.y - 3.5, 8.5, true, gris(), "Notes");
    let (haut, bas) = (r.y + 1.0, r.y - 22.0);
    cadre(r, MARGE, bas, LARGEUR - MARGE, haut);
    for ligne in 1..3 {
        let y = r.y - 7.0 * ligne as f32 - 2.0;
        r.filet(MARGE + 12.0, LARGEUR - MARGE - 3.0, y, 0.2, rgb(190, 190, 190));
    }
    r.y = bas - 2.0;
}

/// A box to tick and its wrapped label, the first line level with the box.
fn reponse(r: &mut Redaction, texte: &str, largeur: f32) {
    let lignes = r.lignes(texte, 9.5, false, largeur);
    let pas = Redaction::interligne(9.5);
    r.place(pas * lignes.len().min(3) as f32);
    r.y -= pas;
    cadre(r, MARGE + 1.0, r.y - 0.6, MARGE + 1.0 + COTE_CASE, r.y - 0.6 + COTE_CASE);
    for (i, ligne) in lignes.iter().enumerate() {
        if i > 0 {
            r.place(pas);
            r.y -= pas;
        }
        // « Niveau n — » in bold, the descriptor in the regular face.
        match ligne.split_once(" — ").filter(|_| i == 0) {
            Some((debut, suite)) => {
                let debut = format!("{debut} — ");
                r.texte(MARGE + RETRAIT, r.y, 9.5, true, texte_couleur(), &debut);
                let x = MARGE + RETRAIT + r.largeur(&debut, 9.5, true);
                r.texte(x, r.y, 9.5, false, texte_couleur(), suite);
            }
            None => r.texte(MARGE + RETRAIT, r.y, 9.5, false, texte_couleur(), ligne),
        }
    }
}

fn cadre(r: &mut Redaction, x1: f32, y1: f32, x2: f32, y2: f32) {
    r.ops.extend([Op::SetOutlineColor { col: gris() }, Op::SetOutlineThickness { pt: Pt(0.6) }]);
    r.polygone(vec![point(x1, y1), point(x2, y1), point(x2, y2), point(x1, y2)], PaintMode::Stroke);
}

fn pied_de_page(
    r: &Redaction,
    ops: &mut Vec<Op>,
    referentiel: &Referentiel,
    empreinte: &str,
    page: usize,
    total: usize,
) {
    let lignes = [
        format!(
            "SchémaTIC · grille du référentiel {} version {} · page {page} / {total}",
            referentiel.id, referentiel.version
        ),
        format!("Texte publié sous l’empreinte sha256:{}", &empreinte[..16]),
    ];
    ops.extend([
        Op::SetOutlineColor { col: rgb(200, 200, 200) },
        Op::SetOutlineThickness { pt: Pt(0.5) },
        Op::DrawLine {
            line: printpdf::Line { points: vec![point(MARGE, 17.0), point(LARGEUR - MARGE, 17.0)], is_closed: false },
        },
    ]);
    for (i, texte) in lignes.into_iter().enumerate() {
        ops.extend(ops_texte(&r.normale, MARGE, 12.0 - 4.0 * i as f32, 7.5, gris(), texte));
    }
}
