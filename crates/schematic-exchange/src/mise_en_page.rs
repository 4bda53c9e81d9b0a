//! Page layout shared by the PDF documents (the report, the printable grid):
//! A4 geometry, colours, the embedded DejaVu fonts with their widths for line
//! wrapping, and a cursor-based page writer.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, Point, Polygon, PolygonRing, Pt,
    Rgb, TextItem, WindingOrder,
};

pub(crate) const POLICE: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(crate) const POLICE_GRASSE: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

pub(crate) const LARGEUR: f32 = 210.0;
pub(crate) const HAUTEUR: f32 = 297.0;
pub(crate) const MARGE: f32 = 18.0;
pub(crate) const PT_EN_MM: f32 = 0.352_778;

pub(crate) fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color::Rgb(Rgb { r: f32::from(r) / 255.0, g: f32::from(g) / 255.0, b: f32::from(b) / 255.0, icc_profile: None })
}

pub(crate) fn bleu() -> Color {
    rgb(0, 0, 145)
}

pub(crate) fn texte_couleur() -> Color {
    rgb(22, 22, 22)
}

pub(crate) fn gris() -> Color {
    rgb(90, 90, 90)
}

pub(crate) fn point(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point::new(Mm(x), Mm(y)), bezier: false }
}

pub(crate) struct Police {
    pub(crate) handle: PdfFontHandle,
    glyphes: std::collections::BTreeMap<u32, u16>,
    largeurs: std::collections::BTreeMap<u16, u16>,
    unites: f32,
}

impl Police {
    pub(crate) fn charger(doc: &mut PdfDocument, octets: &[u8]) -> Self {
        let f = ParsedFont::from_bytes(octets, 0, &mut Vec::new()).expect("the bundled DejaVu fonts parse");
        let id = doc.add_font(&f);
        Self {
            handle: PdfFontHandle::External(id),
            glyphes: f.codepoint_to_glyph.clone(),
            largeurs: f.glyph_widths.clone(),
            unites: f32::from(f.units_per_em.max(1)),
        }
    }

    /// Width of `texte` in millimetres at `taille` points.
    pub(crate) fn largeur(&self, texte: &str, taille: f32) -> f32 {
        let unites: u32 = texte
            .chars()
            .map(|c| {
                let g = self.glyphes.get(&u32::from(c)).copied().unwrap_or(0);
                u32::from(self.largeurs.get(&g).copied().unwrap_or(600))
            })
            .sum();
        unites as f32 / self.unites * taille * PT_EN_MM
    }
}

/// A cursor-based page writer: text lines, wrapped paragraphs, shapes, and a
/// new page when the bottom margin is reached.
pub(crate) struct Redaction {
    pub(crate) normale: Police,
    pub(crate) grasse: Police,
    pub(crate) pages: Vec<Vec<Op>>,
    pub(crate) ops: Vec<Op>,
    /// Baseline of the next line, in mm from the bottom of the page.
    pub(crate) y: f32,
    /// Lowest baseline allowed before a new page, in mm from the bottom (the
    /// footer lies below).
    pub(crate) bas: f32,
}

/// The operations that write one line of `texte` at (`x`, `y`) mm: on a
/// page being written ([`Redaction::texte`]) or on a finished one (footers,
/// the verification block drawn once the page count is known).
pub(crate) fn ops_texte(police: &Police, x: f32, y: f32, taille: f32, couleur: Color, texte: String) -> [Op; 6] {
    [
        Op::StartTextSection,
        Op::SetFillColor { col: couleur },
        Op::SetFont { font: police.handle.clone(), size: Pt(taille) },
        Op::SetTextCursor { pos: Point::new(Mm(x), Mm(y)) },
        Op::ShowText { items: vec![TextItem::Text(texte)] },
        Op::EndTextSection,
    ]
}

impl Redaction {
    pub(crate) fn texte(&mut self, x: f32, y: f32, taille: f32, gras: bool, couleur: Color, texte: &str) {
        let police = if gras { &self.grasse } else { &self.normale };
        self.ops.extend(ops_texte(police, x, y, taille, couleur, texte.to_string()));
    }

    pub(crate) fn largeur(&self, texte: &str, taille: f32, gras: bool) -> f32 {
        if gras { self.grasse.largeur(texte, taille) } else { self.normale.largeur(texte, taille) }
    }

    /// Splits `texte` into lines no wider than `largeur` mm.
    pub(crate) fn lignes(&self, texte: &str, taille: f32, gras: bool, largeur: f32) -> Vec<String> {
        let mut lignes: Vec<String> = Vec::new();
        let mut courante = String::new();
        // Only ASCII spaces break a line: a no-break space keeps « and » with
        // their word.
        for mot in texte.split([' ', '\n', '\t']).filter(|m| !m.is_empty()) {
            let essai = if courante.is_empty() { mot.to_string() } else { format!("{courante} {mot}") };
            if self.largeur(&essai, taille, gras) > largeur && !courante.is_empty() {
                lignes.push(std::mem::replace(&mut courante, mot.to_string()));
            } else {
                courante = essai;
            }
        }
        if !courante.is_empty() {
            lignes.push(courante);
        }
        lignes
    }

    pub(crate) fn interligne(taille: f32) -> f32 {
        taille * PT_EN_MM * 1.35
    }

    /// Makes room for `hauteur` mm, starting a new page when needed.
    pub(crate) fn place(&mut self, hauteur: f32) {
        if self.y - hauteur < self.bas {
            self.nouvelle_page();
        }
    }

    pub(crate) fn nouvelle_page(&mut self) {
        let finie = std::mem::take(&mut self.ops);
        self.pages.push(finie);
        self.y = HAUTEUR - MARGE;
    }

    /// A wrapped paragraph at `x`, advancing the cursor.
    pub(crate) fn paragraphe(&mut self, x: f32, largeur: f32, taille: f32, gras: bool, couleur: &Color, texte: &str) {
        for ligne in self.lignes(texte, taille, gras, largeur) {
            self.place(Self::interligne(taille));
            self.y -= Self::interligne(taille);
            self.texte(x, self.y, taille, gras, couleur.clone(), &ligne);
        }
    }

    /// A section heading, kept with the start of its section.
    pub(crate) fn titre(&mut self, texte: &str) {
        self.place(42.0);
        self.y -= 10.0;
        self.texte(MARGE, self.y, 15.0, true, bleu(), texte);
        self.y -= 2.5;
        self.filet(MARGE, LARGEUR - MARGE, self.y, 0.6, bleu());
        self.y -= 2.0;
    }

    pub(crate) fn filet(&mut self, x1: f32, x2: f32, y: f32, epaisseur: f32, couleur: Color) {
        self.ops.extend([
            Op::SetOutlineColor { col: couleur },
            Op::SetOutlineThickness { pt: Pt(epaisseur / PT_EN_MM) },
            Op::DrawLine { line: Line { points: vec![point(x1, y), point(x2, y)], is_closed: false } },
        ]);
    }

    pub(crate) fn polygone(&mut self, points: Vec<LinePoint>, mode: PaintMode) {
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon { rings: vec![PolygonRing { points }], mode, winding_order: WindingOrder::NonZero },
        });
    }
}

impl Redaction {
    /// The first page's heading: the blue band across the top, « SchémaTIC »
    /// at `y` and what the document is under it.
    pub(crate) fn entete_schematic(&mut self, y: f32, document: &str) {
        self.ops.push(Op::SetFillColor { col: bleu() });
        self.polygone(
            vec![
                point(0.0, HAUTEUR),
                point(LARGEUR, HAUTEUR),
                point(LARGEUR, HAUTEUR - 9.0),
                point(0.0, HAUTEUR - 9.0),
            ],
            PaintMode::Fill,
        );
        self.y = y;
        self.texte(MARGE, self.y, 11.0, true, bleu(), "SchémaTIC");
        self.y -= 6.0;
        self.texte(MARGE, self.y, 10.0, false, gris(), document);
    }

    /// A writer at the top of an empty first page, with both fonts loaded.
    pub(crate) fn nouvelle(doc: &mut PdfDocument, bas: f32) -> Self {
        let normale = Police::charger(doc, POLICE);
        let grasse = Police::charger(doc, POLICE_GRASSE);
        Self { normale, grasse, pages: Vec::new(), ops: Vec::new(), y: HAUTEUR - MARGE, bas }
    }
}
