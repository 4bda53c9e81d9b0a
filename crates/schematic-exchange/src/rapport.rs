//! The PDF report: A4, in French, fonts embedded from `assets/fonts`, the radar
//! drawn as vectors from the core's geometry, and the exact bytes of the signed
//! JSON export attached as `diagnostic.schematic.json` (one file a person reads
//! and a machine imports). The whole file is bound to the signed data by a
//! statement the same key signs (`pdf::lier`), and every page carries a QR
//! code (`papier`): the cover the whole signed payload when it fits, the other
//! pages its hash, the key and the signature, so that paper can be checked too.
//! Specified in `docs/format/rapport-pdf.md`.

use printpdf::{
    Color, Line, LineDashPattern, Mm, Op, PaintMode, PdfDocument, PdfPage, PdfSaveOptions, Polygon, PolygonRing, Pt,
    WindingOrder,
};

use schematic_core::radar::{self, Ancrage};

use sha2::{Digest, Sha256};

use crate::cles::CleInstallation;
use crate::dsse::Enveloppe;
use crate::papier::{self, CodePage, ContenuCode};
use crate::pdf::{joindre, lier};

use crate::mise_en_page::*;

/// What the report shows. Built by the API from the database; `json_signe` is
/// the exact export file that gets attached.
#[derive(Debug, Clone)]
pub struct DonneesRapport {
    pub nom_etablissement: String,
    pub uai: String,
    pub type_libelle: String,
    pub academie: String,
    pub departement: String,
    pub circonscription: Option<String>,
    pub commune: Option<String>,
    pub annee: String,
    pub annee_precedente: Option<String>,
    /// Last year's referential version, when it differs from this year's:
    /// items then compare only through the correspondence.
    pub version_precedente: Option<String>,
    pub referentiel_titre: String,
    pub referentiel_version: String,
    pub statut: String,
    pub revision: u32,
    /// « 12 mars 2026 ».
    pub date: String,
    pub empreinte_charge: String,
    pub empreinte_cle: String,
    pub niveaux: Vec<String>,
    pub domaines: Vec<DomaineRapport>,
    pub actions: Vec<ActionRapport>,
    /// Items of strong disagreement in the workshop (votes by role, no names).
    pub debats: Vec<DebatRapport>,
    /// The enrolment certificate the export carries, shown on the cover.
    pub enrolement: Option<EnrolementRapport>,
    /// The territorial references held for the year, when there are some.
    pub reperes: Option<ReperesRapport>,
    pub json_signe: Vec<u8>,
}

/// The school beside similar establishments, from the references its DANE
/// published (docs/format/reperes-territoriaux-v1.md).
#[derive(Debug, Clone)]
pub struct ReperesRapport {
    /// « collèges — Gironde (33), 6 établissements ».
    pub groupe: String,
    /// The group's mean per domain of [`DonneesRapport::domaines`] (same
    /// order), in hundredths; `None` when secrecy hides it (`true`) or the
    /// group has none (`false`).
    pub moyennes: Vec<(Option<u32>, bool)>,
    pub items: Vec<ItemRepereRapport>,
    /// Up to three years, the oldest first: (year, the school's mean of its
    /// domains' maturities, the group's), in hundredths.
    pub trajectoire: Vec<(String, Option<u32>, Option<u32>)>,
    /// The file: when the DANE published it, the first 12 hexadecimal digits
    /// of its payload's SHA-256, the DANE key's short fingerprint.
    pub publie_le: String,
    pub empreinte: String,
    pub empreinte_cle_dane: String,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ItemRepereRapport {
    pub id: String,
    /// The school's answer, as a label.
    pub reponse: String,
    /// Aucun niveau, 1, 2, 3: the share in percent, or `None` when hidden;
    /// empty when the group's figures do not cover the item.
    pub parts: Vec<Option<f64>>,
    /// Which of those columns is the school's level.
    pub la_sienne: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct EnrolementRapport {
    pub numero: String,
    /// `AAAA-MM-JJ`.
    pub valide_au: String,
}

#[derive(Debug, Clone)]
pub struct DebatRapport {
    pub item: String,
    pub titre: String,
    /// (role label, level 0–3), one per vote.
    pub votes: Vec<(String, u8)>,
    /// The team's consensus, when set.
    pub consensus: Option<u8>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DomaineRapport {
    pub id: String,
    pub titre: String,
    pub maturite_centiemes: Option<u32>,
    /// Last year's maturity, drawn dashed on the radar.
    pub maturite_precedente_centiemes: Option<u32>,
    pub niveau_atteint: Option<u8>,
    /// Items with a level or « aucun ».
    pub repondus: u32,
    /// Items answered « non applicable ».
    pub non_applicables: u32,
    pub items: Vec<ItemRapport>,
}

#[derive(Debug, Clone)]
pub struct ItemRapport {
    pub id: String,
    pub titre: String,
    /// `None`: non renseigné (or non applicable); 0: aucun niveau; 1–3.
    pub niveau: Option<u8>,
    /// Answered « non applicable ».
    pub non_applicable: bool,
    /// The descriptor of the level reached.
    pub descripteur: Option<String>,
    /// Last year's answer read in this year's version, when there was a
    /// diagnostic then and the correspondence makes the item comparable.
    pub niveau_precedent: Option<Option<u8>>,
    /// There was a diagnostic last year but this item has no comparable item
    /// in it (new, split, merged, reworded to be reviewed).
    pub sans_equivalent: bool,
}

#[derive(Debug, Clone)]
pub struct ActionRapport {
    pub item: String,
    pub action: String,
    pub niveau_cible: u8,
    pub responsable: String,
    pub echeance: String,
    pub statut: String,
}

/// Name of the attachment that carries the signed JSON.
pub const PIECE_JOINTE: &str = "diagnostic.schematic.json";

const BAS: f32 = 41.0;
/// Side of the code in the footer of every page but the cover, in mm.
const COTE_QR_PIED: f32 = 33.0;

fn libelle_niveau(n: Option<u8>) -> String {
    match n {
        None => "Non renseigné".into(),
        Some(0) => "Aucun niveau atteint".into(),
        Some(n) => format!("Niveau {n}"),
    }
}

fn maturite(c: Option<u32>) -> String {
    c.map_or_else(|| "—".into(), |c| format!("{},{:02}", c / 100, c % 100))
}

/// Builds the report and returns the PDF bytes: the signed JSON attached, a
/// code on every page, and the whole file bound to the signed data by `cle`,
/// the key that signed `json_signe`.
pub fn generer(d: &DonneesRapport, cle: &CleInstallation) -> Vec<u8> {
    let signe = codes::signe(&d.json_signe);
    debug_assert_eq!(signe.cle, cle.publique().octets(), "the report is bound by the key that signed the diagnostic");
    let mut doc = PdfDocument::new(&format!("SchémaTIC — {} — {}", d.nom_etablissement, d.annee));
    let mut r = Redaction::nouvelle(&mut doc, BAS);
    let largeur_utile = LARGEUR - 2.0 * MARGE;

    couverture(&mut r, d, largeur_utile);
    let bas_couverture = r.y;
    r.nouvelle_page();
    page_resultats(&mut r, d, largeur_utile);
    if let Some(rep) = &d.reperes {
        page_reperes(&mut r, d, rep, largeur_utile);
    }
    for domaine in &d.domaines {
        section_domaine(&mut r, d, domaine, largeur_utile);
    }
    plan_action(&mut r, d, largeur_utile);
    if !d.debats.is_empty() {
        points_de_debat(&mut r, d, largeur_utile);
    }
    r.nouvelle_page();
    let total = r.pages.len();
    let code = |page: usize, contenu: ContenuCode| CodePage {
        page: u8::try_from(page).unwrap_or(u8::MAX),
        total: u8::try_from(total).unwrap_or(u8::MAX),
        cle: signe.cle,
        signature: signe.signature,
        contenu,
    };
    let reference = || ContenuCode::Reference(Sha256::digest(&signe.charge).into());
    let pages: Vec<PdfPage> = r
        .pages
        .iter()
        .enumerate()
        .map(|(i, ops)| {
            let mut ops = ops.clone();
            if i == 0 {
                let complet = code(1, ContenuCode::Complet(signe.charge.clone()));
                let entier = papier::tient_en_entier(&complet);
                let code = if entier { complet } else { code(1, reference()) };
                codes::bloc_verification(&r, &mut ops, bas_couverture - 6.0, &code, entier);
            } else {
                codes::dessiner_qr(
                    &mut ops,
                    LARGEUR - MARGE - COTE_QR_PIED,
                    5.0,
                    COTE_QR_PIED,
                    &code(i + 1, reference()),
                );
            }
            pied_de_page(&r, &mut ops, d, i + 1, total);
            PdfPage::new(Mm(LARGEUR), Mm(HAUTEUR), ops)
        })
        .collect();
    doc.with_pages(pages);
    let mut avertissements = Vec::new();
    let lopdf = printpdf::serialize::to_lopdf_doc(&doc, &PdfSaveOptions::default(), &mut avertissements);
    lier(joindre(lopdf, PIECE_JOINTE, &d.json_signe), &crate::format_diagnostic::empreinte_charge(&signe.charge), cle)
}

fn pied_de_page(r: &Redaction, ops: &mut Vec<Op>, d: &DonneesRapport, page: usize, total: usize) {
    let courte: String = d.empreinte_charge.chars().take(12).collect();
    let lignes = [
        format!("SchémaTIC · {} · {} · révision {} · page {page} / {total}", d.uai, d.annee, d.revision),
        format!("Contenu signé sha256:{courte} · clé {}", d.empreinte_cle),
        "Le code QR relie cette page au diagnostic signé : schematic verifier <image de la page>".to_string(),
    ];
    let taille = 7.5;
    let police = &r.normale;
    let largeur = LARGEUR - 2.0 * MARGE - COTE_QR_PIED - 4.0;
    let droite = if page == 1 { LARGEUR - MARGE } else { MARGE + largeur };
    for (i, texte) in lignes.into_iter().enumerate() {
        let (x, y) = if page == 1 { (MARGE, 13.0 - 4.0 * i as f32) } else { (MARGE, 28.0 - 4.5 * i as f32) };
        ops.extend(ops_texte(police, x, y, taille, gris(), texte));
    }
    if page > 1 {
        ops.extend([
            Op::SetOutlineColor { col: rgb(200, 200, 200) },
            Op::SetOutlineThickness { pt: Pt(0.5) },
            Op::DrawLine { line: Line { points: vec![point(MARGE, 34.0), point(droite, 34.0)], is_closed: false } },
        ]);
    }
}

fn couverture(r: &mut Redaction, d: &DonneesRapport, largeur: f32) {
    r.entete_schematic(HAUTEUR - 28.0, "Autodiagnostic de la maturité numérique");
    r.y -= 16.0;
    r.paragraphe(MARGE, largeur, 24.0, true, &texte_couleur(), "Rapport de diagnostic");
    r.y -= 4.0;
    r.paragraphe(MARGE, largeur, 17.0, true, &bleu(), &d.nom_etablissement);
    r.y -= 2.0;
    r.paragraphe(MARGE, largeur, 13.0, false, &texte_couleur(), &format!("Année scolaire {}", d.annee));
    r.y -= 8.0;
    let mut lignes = vec![
        ("Code UAI", d.uai.clone()),
        ("Type", d.type_libelle.clone()),
        ("Académie", d.academie.clone()),
        ("Département", d.departement.clone()),
    ];
    if let Some(c) = &d.circonscription {
        lignes.push(("Circonscription", c.clone()));
    }
    if let Some(c) = &d.commune {
        lignes.push(("Commune", c.clone()));
    }
    lignes.extend([
        ("Référentiel", format!("{} — version {}", d.referentiel_titre, d.referentiel_version)),
        ("Statut", format!("{} (révision {})", d.statut, d.revision)),
        ("Date du rapport", d.date.clone()),
        ("Clé de signature", d.empreinte_cle.clone()),
        (
            "Enrôlement",
            match &d.enrolement {
                Some(e) => {
                    format!("clé enrôlée par la DANE — certificat n° {}, valable jusqu’au {}", e.numero, e.valide_au)
                }
                None => "clé non enrôlée : la DANE recevra ce diagnostic comme «\u{a0}non enrôlé\u{a0}»".into(),
            },
        ),
    ]);
    for (etiquette, valeur) in lignes {
        r.place(8.0);
        r.y -= 6.5;
        r.texte(MARGE, r.y, 10.0, false, gris(), etiquette);
        let suite = r.lignes(&valeur, 10.5, true, largeur - 48.0);
        for (i, ligne) in suite.iter().enumerate() {
            if i > 0 {
                r.y -= Redaction::interligne(10.5);
            }
            r.texte(MARGE + 48.0, r.y, 10.5, true, texte_couleur(), ligne);
        }
    }
    r.y -= 10.0;
    r.paragraphe(
        MARGE,
        largeur,
        9.0,
        false,
        &gris(),
        "Ce rapport contient, en pièce jointe, le fichier signé « diagnostic.schematic.json » : c’est lui que la DANE importe et vérifie. Le fichier PDF entier est scellé par la même clé : une page changée, ajoutée ou retirée se voit à la vérification.",
    );
}

/// A table's header: `entetes` at `colonnes`, then a rule `ecart` mm below.
fn entete_tableau(r: &mut Redaction, colonnes: &[f32], entetes: &[&str], taille: f32, ecart: f32) {
    r.place(10.0);
    r.y -= 6.0;
    for (x, entete) in colonnes.iter().zip(entetes) {
        r.texte(*x, r.y, taille, true, gris(), entete);
    }
    r.y -= ecart;
    r.filet(MARGE, LARGEUR - MARGE, r.y, 0.3, rgb(180, 180, 180));
}

/// The radar of the domains' `valeurs` (0 to 3), with `reference` drawn
/// dashed behind and its caption, from the core's geometry (y grows
/// downwards there).
fn dessiner_radar(
    r: &mut Redaction,
    d: &DonneesRapport,
    largeur: f32,
    valeurs: &[Option<f64>],
    reference: Option<(&[Option<f64>], &str)>,
) {
    let cote = 92.0;
    let haut = r.y - 4.0;
    let gauche = MARGE + (largeur - cote) / 2.0;
    let centre = radar::Point { x: f64::from(cote) / 2.0, y: f64::from(cote) / 2.0 };
    let figure = radar::radar(valeurs, 3, centre, f64::from(cote) * 0.36);
    let vers_page = |p: &radar::Point| point(gauche + p.x as f32, haut - p.y as f32);
    r.ops.extend([Op::SetOutlineColor { col: rgb(190, 190, 190) }, Op::SetOutlineThickness { pt: Pt(0.6) }]);
    for anneau in &figure.anneaux {
        r.ops.push(Op::DrawLine { line: Line { points: anneau.iter().map(vers_page).collect(), is_closed: true } });
    }
    for axe in &figure.axes {
        r.ops.push(Op::DrawLine {
            line: Line { points: vec![vers_page(&figure.centre), vers_page(&axe.extremite)], is_closed: false },
        });
    }
    r.ops.extend([
        Op::SetFillColor { col: rgb(205, 205, 240) },
        Op::SetOutlineColor { col: bleu() },
        Op::SetOutlineThickness { pt: Pt(1.6) },
    ]);
    r.polygone(figure.polygone.iter().map(vers_page).collect(), PaintMode::FillStroke);
    if let Some((autres, legende)) = reference {
        let precedent = radar::radar(autres, 3, centre, f64::from(cote) * 0.36);
        r.ops.extend([
            Op::SetOutlineColor { col: rgb(141, 66, 0) },
            Op::SetOutlineThickness { pt: Pt(1.2) },
            Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[4.0, 3.0]) },
            Op::DrawLine { line: Line { points: precedent.polygone.iter().map(vers_page).collect(), is_closed: true } },
            Op::SetLineDashPattern { dash: LineDashPattern::solid() },
        ]);
        let l = r.largeur(legende, 8.0, false);
        r.texte(MARGE + (largeur - l) / 2.0, haut - cote + 2.0, 8.0, false, gris(), legende);
    }
    for (axe, dom) in figure.axes.iter().zip(&d.domaines) {
        let lignes = r.lignes(&dom.titre, 8.0, true, 34.0);
        let p = vers_page(&axe.etiquette);
        let (x0, y0) = (p.p.x.0 * PT_EN_MM, p.p.y.0 * PT_EN_MM);
        let hauteur = Redaction::interligne(8.0);
        let depart = y0 + (lignes.len() as f32 - 1.0) * hauteur / 2.0 - 1.0;
        for (i, ligne) in lignes.iter().enumerate() {
            let l = r.largeur(ligne, 8.0, true);
            let x = match axe.ancrage {
                Ancrage::Debut => x0,
                Ancrage::Milieu => x0 - l / 2.0,
                Ancrage::Fin => x0 - l,
            };
            r.texte(x, depart - i as f32 * hauteur, 8.0, true, texte_couleur(), ligne);
        }
    }
    r.y = haut - cote - 4.0;
}

/// The school beside similar establishments of its territory: the radar
/// with the group's means dashed, the table, each item's shares, the file.
fn page_reperes(r: &mut Redaction, d: &DonneesRapport, rep: &ReperesRapport, largeur: f32) {
    r.nouvelle_page();
    r.titre("Repères territoriaux");
    r.paragraphe(
        MARGE,
        largeur,
        9.5,
        false,
        &texte_couleur(),
        &format!("Votre établissement à côté des {}, en {}.", rep.groupe, d.annee),
    );
    r.y -= 2.0;
    let valeurs: Vec<Option<f64>> =
        d.domaines.iter().map(|dom| dom.maturite_centiemes.map(|c| f64::from(c) / 100.0)).collect();
    let groupe: Vec<Option<f64>> = rep.moyennes.iter().map(|(m, _)| m.map(|c| f64::from(c) / 100.0)).collect();
    let legende = format!("trait plein : votre établissement · tirets : moyenne du groupe ({})", d.annee);
    dessiner_radar(r, d, largeur, &valeurs, Some((&groupe, &legende)));

    let colonnes = [MARGE, MARGE + 95.0, MARGE + 135.0];
    entete_tableau(r, &colonnes, &["Domaine", "Votre établissement", "Moyenne du groupe"], 8.5, 2.0);
    for (dom, (m, secret)) in d.domaines.iter().zip(&rep.moyennes) {
        r.place(7.0);
        r.y -= 6.0;
        r.texte(colonnes[0], r.y, 9.5, true, texte_couleur(), &dom.titre);
        r.texte(colonnes[1], r.y, 9.5, false, texte_couleur(), &maturite(dom.maturite_centiemes));
        let texte = if m.is_none() && *secret { "secret".to_string() } else { maturite(*m) };
        r.texte(colonnes[2], r.y, 9.5, false, texte_couleur(), &texte);
    }
    if rep.trajectoire.len() > 1 {
        r.y -= 4.0;
        let lignes: Vec<String> = rep
            .trajectoire
            .iter()
            .map(|(annee, moi, groupe)| {
                format!("{annee} : votre établissement {} · groupe {}", maturite(*moi), maturite(*groupe))
            })
            .collect();
        r.paragraphe(
            MARGE,
            largeur,
            9.0,
            false,
            &texte_couleur(),
            &format!("Trajectoire (moyenne des domaines) — {}.", lignes.join(" ; ")),
        );
    }

    r.place(16.0);
    r.y -= 8.0;
    r.texte(MARGE, r.y, 10.0, true, bleu(), "Par item : part des établissements du groupe à chaque niveau");
    let colonnes = [MARGE, MARGE + 18.0, MARGE + 70.0, MARGE + 95.0, MARGE + 120.0, MARGE + 145.0];
    let entetes = ["Item", "Votre réponse", "Aucun niveau", "Niveau 1", "Niveau 2", "Niveau 3"];
    entete_tableau(r, &colonnes, &entetes, 8.0, 1.5);
    for item in &rep.items {
        r.place(6.0);
        r.y -= 5.0;
        r.texte(colonnes[0], r.y, 8.5, true, bleu(), &item.id);
        r.texte(colonnes[1], r.y, 8.5, false, texte_couleur(), &item.reponse);
        if item.parts.is_empty() {
            r.texte(colonnes[2], r.y, 8.5, false, gris(), "sans repère (autre version du référentiel)");
            continue;
        }
        for (k, (x, p)) in colonnes[2..].iter().zip(&item.parts).enumerate() {
            let texte = p.map_or_else(|| "secret".to_string(), |v| format!("{v:.0} %"));
            let texte = if item.la_sienne == Some(k) { format!("{texte} ◂") } else { texte };
            r.texte(*x, r.y, 8.5, item.la_sienne == Some(k), texte_couleur(), &texte);
        }
    }
    r.y -= 5.0;
    let source = format!(
        "Repères territoriaux publiés par la DANE le {} : fichier d’empreinte sha256:{}, signé par la clé DANE {}. Ils ne font pas partie du diagnostic signé.",
        rep.publie_le, rep.empreinte, rep.empreinte_cle_dane
    );
    let legende = "◂ : votre niveau. « secret » : chiffre caché par le secret statistique.";
    for texte in std::iter::once(legende).chain(rep.notes.iter().map(String::as_str)).chain([source.as_str()]) {
        r.paragraphe(MARGE, largeur, 8.0, false, &gris(), texte);
    }
}

fn page_resultats(r: &mut Redaction, d: &DonneesRapport, largeur: f32) {
    r.titre("Profil de l’établissement");
    let valeurs: Vec<Option<f64>> =
        d.domaines.iter().map(|dom| dom.maturite_centiemes.map(|c| f64::from(c) / 100.0)).collect();
    let precedent = d.annee_precedente.as_ref().map(|annee| {
        let avant: Vec<Option<f64>> =
            d.domaines.iter().map(|dom| dom.maturite_precedente_centiemes.map(|c| f64::from(c) / 100.0)).collect();
        let legende = match &d.version_precedente {
            None => format!("trait plein : {} · tirets : {annee}", d.annee),
            Some(v) => format!(
                "trait plein : {} (version {}) · tirets : {annee} (version {v})",
                d.annee, d.referentiel_version
            ),
        };
        (avant, legende)
    });
    dessiner_radar(r, d, largeur, &valeurs, precedent.as_ref().map(|(v, l)| (v.as_slice(), l.as_str())));

    // The same figures as a table.
    let colonnes = [MARGE, MARGE + 79.0, MARGE + 105.0, MARGE + 142.0];
    entete_tableau(r, &colonnes, &["Domaine", "Maturité", "Niveau atteint", "Items renseignés"], 8.5, 2.0);
    for dom in &d.domaines {
        r.place(7.0);
        r.y -= 6.0;
        r.texte(colonnes[0], r.y, 9.5, true, texte_couleur(), &dom.titre);
        r.texte(colonnes[1], r.y, 9.5, false, texte_couleur(), &maturite(dom.maturite_centiemes));
        r.texte(colonnes[2], r.y, 9.5, false, texte_couleur(), &libelle_niveau(dom.niveau_atteint));
        let renseignes = if dom.non_applicables > 0 {
            format!("{}/{} (+{} n. a.)", dom.repondus, dom.items.len(), dom.non_applicables)
        } else {
            format!("{}/{}", dom.repondus, dom.items.len())
        };
        r.texte(colonnes[3], r.y, 9.5, false, texte_couleur(), &renseignes);
    }
    r.y -= 6.0;
    r.paragraphe(
        MARGE,
        largeur,
        8.5,
        false,
        &gris(),
        "Maturité : de 0 à 3, la moyenne des items renseignés (« aucun niveau atteint » compte 0 ; un item « non applicable », n. a., n’y entre pas). Niveau atteint : le plus haut niveau que tous les items renseignés du domaine atteignent.",
    );
    if let (Some(annee), Some(version)) = (&d.annee_precedente, &d.version_precedente) {
        r.paragraphe(
            MARGE,
            largeur,
            8.5,
            false,
            &gris(),
            &format!(
                "En {annee}, le diagnostic suivait la version {version} du référentiel, cette année la version {} : chaque domaine est comparé tel que sa version le définit, et un item seulement à travers la correspondance publiée entre les deux versions.",
                d.referentiel_version
            ),
        );
    }
    for (i, n) in d.niveaux.iter().enumerate() {
        r.paragraphe(MARGE, largeur, 8.5, false, &gris(), &format!("Niveau {} : {n}.", i + 1));
    }
}

fn section_domaine(r: &mut Redaction, d: &DonneesRapport, dom: &DomaineRapport, largeur: f32) {
    r.titre(&format!("{} — {}", dom.id, dom.titre));
    for item in &dom.items {
        r.place(22.0);
        r.y -= 6.5;
        r.texte(MARGE, r.y, 10.0, true, bleu(), &item.id);
        let titre = r.lignes(&item.titre, 10.0, true, largeur - 16.0);
        for (i, ligne) in titre.iter().enumerate() {
            if i > 0 {
                r.y -= Redaction::interligne(10.0);
            }
            r.texte(MARGE + 16.0, r.y, 10.0, true, texte_couleur(), ligne);
        }
        let mut etat = if item.non_applicable { "Non applicable".to_string() } else { libelle_niveau(item.niveau) };
        if let (Some(precedent), Some(annee)) = (item.niveau_precedent, &d.annee_precedente) {
            etat.push_str(&format!(" (en {annee} : {})", libelle_niveau(precedent).to_lowercase()));
        } else if let (true, Some(annee)) = (item.sans_equivalent, &d.annee_precedente) {
            etat.push_str(&format!(" (sans équivalent en {annee})"));
        }
        r.paragraphe(MARGE + 16.0, largeur - 16.0, 9.5, true, &bleu(), &etat);
        if let Some(descripteur) = &item.descripteur {
            r.paragraphe(MARGE + 16.0, largeur - 16.0, 9.0, false, &texte_couleur(), descripteur);
        }
        r.y -= 1.5;
    }
}

/// An entry of a list: the item id in the margin, then a bold line beside it.
fn entree(r: &mut Redaction, item: &str, texte: &str, largeur: f32) {
    r.place(20.0);
    r.y -= 6.5;
    r.texte(MARGE, r.y, 10.0, true, bleu(), item);
    r.y += Redaction::interligne(10.0);
    r.paragraphe(MARGE + 16.0, largeur - 16.0, 10.0, true, &texte_couleur(), texte);
}

fn plan_action(r: &mut Redaction, d: &DonneesRapport, largeur: f32) {
    r.titre("Plan d’action");
    if d.actions.is_empty() {
        r.paragraphe(MARGE, largeur, 10.0, false, &texte_couleur(), "Aucune action n’est inscrite au plan.");
        return;
    }
    for a in &d.actions {
        entree(r, &a.item, &a.action, largeur);
        let details = format!(
            "Niveau visé : {} · Responsable : {} · Échéance : {} · {}",
            a.niveau_cible,
            a.responsable,
            a.echeance.split('-').rev().collect::<Vec<_>>().join("/"),
            a.statut
        );
        r.paragraphe(MARGE + 16.0, largeur - 16.0, 9.0, false, &gris(), &details);
        r.y -= 1.5;
    }
}

/// The items where the workshop's votes were two levels apart or more.
fn points_de_debat(r: &mut Redaction, d: &DonneesRapport, largeur: f32) {
    r.titre("Points de débat");
    r.paragraphe(
        MARGE,
        largeur,
        9.0,
        false,
        &gris(),
        "Items où les votes de l’équipe étaient éloignés de deux niveaux ou plus. Votes par rôle ; aucun nom.",
    );
    for p in &d.debats {
        entree(r, &p.item, &p.titre, largeur);
        let votes =
            p.votes.iter().map(|(role, n)| format!("{role} : {}", libelle_niveau(Some(*n)))).collect::<Vec<_>>();
        r.paragraphe(
            MARGE + 16.0,
            largeur - 16.0,
            9.0,
            false,
            &texte_couleur(),
            &format!("Votes — {}", votes.join(" · ")),
        );
        r.paragraphe(
            MARGE + 16.0,
            largeur - 16.0,
            9.0,
            false,
            &gris(),
            &format!("Consensus : {}", p.consensus.map_or_else(|| "non fixé".to_string(), |n| libelle_niveau(Some(n)))),
        );
        if let Some(note) = &p.note {
            r.paragraphe(MARGE + 16.0, largeur - 16.0, 9.0, false, &gris(), &format!("Débat : {note}"));
        }
        r.y -= 1.5;
    }
}

mod codes;

#[cfg(test)]
pub(crate) mod tests;
