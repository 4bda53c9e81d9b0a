//! The report carries the exact signed bytes; a damaged or stripped report gets
//! the right verdict.

use lopdf::{Document, Object};

use super::*;
use crate::cles::CleInstallation;
use crate::format_diagnostic::tests::exemple;
use crate::pdf::{TAILLE_MAX_PDF, extraire};
use crate::verification::{Verdict, verifier};

pub(crate) fn donnees(json_signe: Vec<u8>) -> DonneesRapport {
    DonneesRapport {
        nom_etablissement: "Collège Élise Œuvray « Les Tilleuls »".into(),
        uai: "0330021U".into(),
        type_libelle: "Collège".into(),
        academie: "Bordeaux".into(),
        departement: "33 — Gironde".into(),
        circonscription: None,
        commune: Some("Libourne".into()),
        annee: "2025-2026".into(),
        annee_precedente: Some("2024-2025".into()),
        version_precedente: Some("2025.4".into()),
        referentiel_titre: "SchémaTIC — référentiel du 2nd degré".into(),
        referentiel_version: "2026.1".into(),
        statut: "Finalisé".into(),
        revision: 2,
        date: "12 mars 2026".into(),
        empreinte_charge: "ab".repeat(32),
        empreinte_cle: "3F2A 9C01 77B0 D4E2".into(),
        niveaux: vec!["Conditions minimales".into(), "Conditions de réussite".into(), "Conditions avancées".into()],
        domaines: ["PIL", "FOR", "IMP", "PED", "INF"]
            .iter()
            .enumerate()
            .map(|(i, id)| DomaineRapport {
                id: (*id).into(),
                titre: format!("Domaine {id}"),
                maturite_centiemes: Some(100 + 40 * i as u32),
                maturite_precedente_centiemes: Some(80 + 20 * i as u32),
                niveau_atteint: Some(1),
                repondus: 4,
                non_applicables: u32::from(i == 4),
                items: (1..=4)
                    .map(|n| ItemRapport {
                        id: format!("{id}-{n}"),
                        titre: format!(
                            "Item {n} du domaine {id}, avec un titre assez long pour passer à la ligne s’il le faut"
                        ),
                        niveau: (i != 4 || n != 4).then_some(n % 4),
                        non_applicable: i == 4 && n == 4,
                        descripteur: (n % 4 > 0).then(|| "Un descripteur observable, ".repeat(6)),
                        niveau_precedent: (n != 2).then_some(Some(1)),
                        sans_equivalent: n == 2,
                    })
                    .collect(),
            })
            .collect(),
        debats: vec![DebatRapport {
            item: "PIL-2".into(),
            titre: "Dialogue avec la collectivité".into(),
            votes: vec![("Enseignant".into(), 1), ("CPE".into(), 3)],
            consensus: Some(2),
            note: Some("Vu différemment selon les cycles".into()),
        }],
        actions: vec![ActionRapport {
            item: "PIL-4".into(),
            action: "Rédiger la charte d’usage avec les élèves".into(),
            niveau_cible: 1,
            responsable: "Référent numérique".into(),
            echeance: "2026-06-30".into(),
            statut: "En cours".into(),
        }],
        enrolement: None,
        reperes: None,
        json_signe,
    }
}

fn cle() -> CleInstallation {
    crate::vecteurs::etablissement()
}

fn json_signe() -> Vec<u8> {
    exemple().signer(&cle()).octets()
}

/// Another establishment's diagnostic, signed by its own key.
fn autre_json_signe() -> (Vec<u8>, CleInstallation) {
    let autre = crate::vecteurs::autre();
    let mut d = crate::vecteurs::diagnostic(&autre);
    d.etablissement.uai = "0951099D".into();
    d.etablissement.academie = "Versailles".into();
    d.etablissement.departement = "95".into();
    (d.signer(&autre).octets(), autre)
}

fn rapport_de(json: Vec<u8>, cle: &CleInstallation) -> Vec<u8> {
    generer(&donnees(json), cle)
}

fn motif(pdf: &[u8]) -> (Verdict, &'static str, String) {
    let r = verifier(pdf, &[]);
    (r.verdict, r.motif.code(), r.detail)
}

/// Replaces the attachment's bytes (or removes the name tree) with lopdf.
fn modifier_piece(pdf: &[u8], nouveau: Option<&[u8]>) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).unwrap();
    match nouveau {
        Some(octets) => {
            let id = doc
                .objects
                .iter()
                .find(|(_, o)| {
                    o.as_stream()
                        .is_ok_and(|s| s.dict.get(b"Type").ok() == Some(&Object::Name(b"EmbeddedFile".to_vec())))
                })
                .map(|(id, _)| *id)
                .unwrap();
            doc.get_object_mut(id).unwrap().as_stream_mut().unwrap().set_content(octets.to_vec());
        }
        None => {
            doc.catalog_mut().unwrap().remove(b"Names");
        }
    }
    let mut sortie = Vec::new();
    doc.save_to(&mut sortie).unwrap();
    sortie
}

#[test]
fn report_carries_the_exact_signed_json_and_its_seal_holds() {
    let json = json_signe();
    let pdf = rapport_de(json.clone(), &cle());
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(extraire(&pdf, PIECE_JOINTE).unwrap().piece, json);
    let r = verifier(&pdf, &[]);
    assert_eq!((r.verdict, r.motif.code()), (Verdict::ValideNonEnrole, "valide.non-enrole"), "{}", r.detail);
    let seau = crate::pdf::lire_liaison(&pdf).unwrap();
    assert!(String::from_utf8(seau.enonce).unwrap().contains("liaison-pdf"));
}

#[test]
fn stripped_or_replaced_attachment_gets_its_verdict() {
    let json = json_signe();
    let pdf = rapport_de(json.clone(), &cle());
    assert_eq!(motif(&modifier_piece(&pdf, None)).1, "pdf.sans-diagnostic", "attachment removed");
    let mut falsifie = json;
    let i = falsifie.len() / 2;
    falsifie[i] = if falsifie[i] == b'A' { b'B' } else { b'A' };
    assert_eq!(motif(&modifier_piece(&pdf, Some(&falsifie))).0, Verdict::SignatureInvalide, "attachment altered");
    assert_eq!(motif(&modifier_piece(&pdf, Some(b"pas du JSON"))).0, Verdict::FormatInconnu);
    assert_eq!(motif(b"%PDF-1.7 tronque").1, "pdf.sans-diagnostic");
    let mut enorme = b"%PDF-1.7\n".to_vec();
    enorme.resize(TAILLE_MAX_PDF + 1, b' ');
    assert_eq!(motif(&enorme).1, "pdf.trop-gros");
}

/// Pages of A, payload of B: the signed data are B's and valid, the pages
/// are not proven to be theirs.
#[test]
fn a_report_whose_attachment_is_another_diagnostic_gets_its_own_verdict() {
    let pdf_a = rapport_de(json_signe(), &cle());
    let (json_b, _) = autre_json_signe();
    let echange = modifier_piece(&pdf_a, Some(&json_b));
    let r = verifier(&echange, &[]);
    assert_eq!(r.verdict, Verdict::PagesNonConformes, "{}", r.detail);
    assert_eq!(r.verdict.code_sortie(), 16);
    assert_eq!(r.diagnostic.unwrap().etablissement.uai, "0951099D", "the signed data are still read");

    // The same swap that keeps every byte in place but the attachment's own
    // (same length, written over): the seal names A's payload.
    let texte_a = String::from_utf8(json_signe()).unwrap();
    let debut = pdf_a.windows(texte_a.len()).position(|w| w == texte_a.as_bytes()).unwrap();
    let mut d = crate::vecteurs::diagnostic(&cle());
    d.diagnostic.revision = 3;
    let json_a3 = d.signer(&cle()).octets();
    assert_eq!(json_a3.len(), texte_a.len());
    let mut sur_place = pdf_a;
    sur_place[debut..debut + json_a3.len()].copy_from_slice(&json_a3);
    let (v, m, detail) = motif(&sur_place);
    assert_eq!((v, m), (Verdict::PagesNonConformes, "pdf.sceau-invalide"), "{detail}");
    assert!(detail.contains("un autre diagnostic"), "{detail}");
}

#[test]
fn one_page_replaced_by_another_report_s_page_is_detected() {
    let pdf_a = rapport_de(json_signe(), &cle());
    let (json_b, cle_b) = autre_json_signe();
    let pdf_b = rapport_de(json_b, &cle_b);
    let mut doc_a = Document::load_mem(&pdf_a).unwrap();
    let doc_b = Document::load_mem(&pdf_b).unwrap();
    let page_a = *doc_a.get_pages().get(&3).unwrap();
    let page_b = *doc_b.get_pages().get(&3).unwrap();
    let contenu_b = doc_b.get_page_content(page_b);
    let flux = doc_a.get_page_contents(page_a)[0];
    doc_a.get_object_mut(flux).unwrap().as_stream_mut().unwrap().set_plain_content(contenu_b);
    let mut melange = Vec::new();
    doc_a.save_to(&mut melange).unwrap();
    assert_eq!(motif(&melange).0, Verdict::PagesNonConformes);

    // One byte of a page changed in place: same length, same layout.
    let mut octet = pdf_a.clone();
    let flux = pdf_a.windows(6).position(|w| w == b"stream").unwrap() + 200;
    octet[flux] ^= 0x01;
    let (v, m, detail) = motif(&octet);
    assert_eq!((v, m), (Verdict::PagesNonConformes, "pdf.modifie"), "{detail}");
}

#[test]
fn bytes_after_the_end_and_incremental_updates_break_the_seal() {
    let pdf = rapport_de(json_signe(), &cle());
    for fin in [&b"\n"[..], b"%%EOF\n", b"<script>"] {
        let mut allonge = pdf.clone();
        allonge.extend_from_slice(fin);
        assert_eq!(motif(&allonge).1, "pdf.modifie", "{fin:?} appended");
    }
    let mut court = pdf.clone();
    court.pop();
    assert!(!motif(&court).0.est_valide(), "last byte removed");

    // An incremental update that replaces the attachment by B's diagnostic.
    let (json_b, _) = autre_json_signe();
    let doc = Document::load_mem(&pdf).unwrap();
    let (id, _) = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_stream().is_ok_and(|s| s.dict.get(b"Type").ok() == Some(&Object::Name(b"EmbeddedFile".to_vec())))
        })
        .unwrap();
    let texte = String::from_utf8_lossy(&pdf).into_owned();
    let startxref: usize =
        texte.rsplit("startxref").next().unwrap().split_whitespace().next().unwrap().parse().unwrap();
    let mut maj = pdf;
    let position = maj.len();
    maj.extend_from_slice(
        format!("{} 0 obj\n<< /Type /EmbeddedFile /Length {} >>\nstream\n", id.0, json_b.len()).as_bytes(),
    );
    maj.extend_from_slice(&json_b);
    maj.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = maj.len();
    let racine = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    maj.extend_from_slice(
        format!(
            "xref\n{} 1\n{position:010} 00000 n\r\ntrailer\n<< /Size {} /Root {} 0 R /Prev {startxref} >>\nstartxref\n{xref}\n%%EOF\n",
            id.0,
            doc.max_id + 1,
            racine.0
        )
        .as_bytes(),
    );
    let r = verifier(&maj, &[]);
    assert_eq!((r.verdict, r.motif.code()), (Verdict::PagesNonConformes, "pdf.modifie"), "{}", r.detail);
    assert_eq!(r.diagnostic.unwrap().etablissement.uai, "0951099D", "lopdf reads the update: B's data");
}

#[test]
fn attachments_other_names_and_duplicates_get_the_specified_verdicts() {
    let pdf = rapport_de(json_signe(), &cle());
    let renommer = |ajout: bool, nom: &str| {
        let mut doc = Document::load_mem(&pdf).unwrap();
        let noms = doc.catalog().unwrap().get(b"Names").unwrap().as_dict().unwrap().clone();
        let mut arbre = noms.get(b"EmbeddedFiles").unwrap().as_dict().unwrap().clone();
        let mut liste = arbre.get(b"Names").unwrap().as_array().unwrap().clone();
        if ajout {
            liste.extend([Object::String(nom.as_bytes().to_vec(), lopdf::StringFormat::Literal), liste[1].clone()]);
        } else {
            liste[0] = Object::String(nom.as_bytes().to_vec(), lopdf::StringFormat::Literal);
        }
        arbre.set("Names", Object::Array(liste));
        let mut noms = noms;
        noms.set("EmbeddedFiles", Object::Dictionary(arbre));
        doc.catalog_mut().unwrap().set("Names", Object::Dictionary(noms));
        let mut o = Vec::new();
        doc.save_to(&mut o).unwrap();
        o
    };
    assert_eq!(motif(&renommer(false, "diagnostic.json")).1, "pdf.sans-diagnostic", "another name");
    assert_eq!(motif(&renommer(true, PIECE_JOINTE)).1, "pdf.sans-diagnostic", "the name twice");
    assert_eq!(motif(&renommer(true, "autre.json")).1, "pdf.modifie", "a second attachment");
}

#[test]
fn a_report_without_seal_is_refused_unless_written_by_0_1_0() {
    let pdf = rapport_de(json_signe(), &cle());
    let mut doc = Document::load_mem(&pdf).unwrap();
    doc.catalog_mut().unwrap().remove(b"SchemaTIC_Liaison");
    let mut sans = Vec::new();
    doc.save_to(&mut sans).unwrap();
    assert_eq!(motif(&sans).1, "pdf.non-scelle");

    let ancien = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/format-v1/v0.1.0/diagnostic-enrole-commentaires-atelier.pdf"),
    )
    .unwrap();
    let (v, _, detail) = motif(&ancien);
    assert_eq!(v, Verdict::ValideNonEnrole);
    assert!(detail.contains("SchémaTIC 0.1.0, avant le scellement"), "{detail}");
}

/// Every report this code writes checks as matching: short, long, enrolled.
#[test]
fn every_genuine_report_checks_as_matching() {
    let mut long = donnees(json_signe());
    long.actions = (0..40).map(|_| long.actions[0].clone()).collect();
    let dane = crate::vecteurs::dane();
    let mut enrole = crate::vecteurs::diagnostic(&cle());
    enrole.certificat = Some(
        serde_json::from_value(serde_json::json!(
            serde_json::from_slice::<serde_json::Value>(
                &crate::enrolement::emettre(
                    &crate::enrolement::lire_demande(
                        &crate::enrolement::demande(
                            &schematic_core::Uai::parse("0330021U").unwrap(),
                            &cle(),
                            "2026-01-05T09:00:00Z",
                            "SchémaTIC 0.2.0"
                        )
                        .octets()
                    )
                    .unwrap(),
                    "BDX-2026-0001",
                    "2026-01-06",
                    "2029-01-05",
                    &dane,
                    "2026-01-06T14:30:00Z"
                )
                .octets()
            )
            .unwrap()
        ))
        .unwrap(),
    );
    let mut d_enrole = donnees(enrole.signer(&cle()).octets());
    d_enrole.enrolement = Some(EnrolementRapport { numero: "BDX-2026-0001".into(), valide_au: "2029-01-05".into() });
    for (nom, d, attendu) in [
        ("court", donnees(json_signe()), Verdict::ValideNonEnrole),
        ("long", long, Verdict::ValideNonEnrole),
        ("enrôlé", d_enrole, Verdict::ValideEnrole),
    ] {
        let pdf = generer(&d, &cle());
        let r = verifier(&pdf, &[dane.publique()]);
        assert_eq!(r.verdict, attendu, "{nom}: {}", r.detail);
    }
}

#[test]
fn long_reports_break_into_numbered_pages() {
    let mut d = donnees(json_signe());
    d.actions = (0..40).map(|_| d.actions[0].clone()).collect();
    let pdf = generer(&d, &cle());
    let doc = Document::load_mem(&pdf).unwrap();
    assert!(doc.get_pages().len() >= 5, "{} pages", doc.get_pages().len());
}

/// Hostile PDFs: each is refused as « trop gros ou illisible », quickly and
/// without building what it declares.
#[test]
fn hostile_pdfs_are_refused_before_they_are_built() {
    use std::io::Write;

    // A million objects (20 MB, under the size cap).
    let mut million = b"%PDF-1.4\n".to_vec();
    for i in 1..=1_000_000u32 {
        million.extend_from_slice(format!("{i} 0 obj\nnull\nendobj\n").as_bytes());
        if million.len() > TAILLE_MAX_PDF - 64 {
            break;
        }
    }
    million.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let debut = std::time::Instant::now();
    let r = verifier(&million, &[]);
    assert_eq!(r.verdict, Verdict::Illisible, "{}", r.detail);
    assert!(r.detail.contains("objets"), "{}", r.detail);

    // A cross-reference table declaring a million entries for one object.
    let mut xref = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 1000000\n".to_vec();
    xref.extend(std::iter::repeat_n(&b"0000000009 00000 n\r\n"[..], 1_000_000).flatten());
    xref.extend_from_slice(b"trailer\n<< /Size 1000000 /Root 1 0 R >>\nstartxref\n40\n%%EOF\n");
    let r = verifier(&xref, &[]);
    assert_eq!(r.verdict, Verdict::Illisible, "{}", r.detail);
    assert!(debut.elapsed() < std::time::Duration::from_secs(20), "the guards must not parse what they count");

    // Object streams (compressed objects) are refused unread.
    let objstm = b"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 1000000 /First 10 /Filter /FlateDecode /Length 5 >>\nstream\nxxxxx\nendstream\nendobj\n%%EOF\n";
    assert_eq!(verifier(objstm, &[]).verdict, Verdict::FormatInconnu);

    // A decompression bomb in place of the attachment: 200 MB of zeros
    // deflated to a few hundred KB. Reading stops at the attachment cap.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..200 {
        z.write_all(&zeros).unwrap();
    }
    let bombe = z.finish().unwrap();
    let pdf = rapport_de(json_signe(), &cle());
    let mut doc = Document::load_mem(&pdf).unwrap();
    let id = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_stream().is_ok_and(|s| s.dict.get(b"Type").ok() == Some(&Object::Name(b"EmbeddedFile".to_vec())))
        })
        .map(|(id, _)| *id)
        .unwrap();
    let flux = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    flux.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    flux.set_content(bombe);
    let mut piege = Vec::new();
    doc.save_to(&mut piege).unwrap();
    let r = verifier(&piege, &[]);
    assert_eq!(r.verdict, Verdict::Illisible, "{}", r.detail);
    assert!(r.detail.contains("décompressée"), "{}", r.detail);
}
