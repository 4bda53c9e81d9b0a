//! The report carries the exact signed bytes; a damaged or stripped report gets
//! the right verdict.

use lopdf::{Document, Object};

use super::*;
use crate::format_v1::tests::exemple;
use crate::pdf::{TAILLE_MAX_PDF, extraire};
use crate::verification::{Verdict, verifier};

fn donnees(json_signe: Vec<u8>) -> DonneesRapport {
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
                items: (1..=4)
                    .map(|n| ItemRapport {
                        id: format!("{id}-{n}"),
                        titre: format!(
                            "Item {n} du domaine {id}, avec un titre assez long pour passer à la ligne s’il le faut"
                        ),
                        niveau: Some(n % 4),
                        descripteur: (n % 4 > 0).then(|| "Un descripteur observable, ".repeat(6)),
                        niveau_precedent: Some(Some(1)),
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
        json_signe,
    }
}

fn json_signe() -> Vec<u8> {
    exemple().signer(&crate::vecteurs::etablissement()).octets()
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
fn report_carries_the_exact_signed_json() {
    let json = json_signe();
    let pdf = generer(&donnees(json.clone()));
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(extraire(&pdf, PIECE_JOINTE).unwrap(), json);
    let r = verifier(&pdf, &[]);
    assert_eq!(r.verdict, Verdict::ValideNonEnrole, "{}", r.detail);
}

#[test]
fn stripped_or_replaced_attachment_gets_its_verdict() {
    let json = json_signe();
    let pdf = generer(&donnees(json.clone()));
    assert_eq!(verifier(&modifier_piece(&pdf, None), &[]).verdict, Verdict::FormatInconnu, "attachment removed");
    let mut falsifie = json;
    let i = falsifie.len() / 2;
    falsifie[i] = if falsifie[i] == b'A' { b'B' } else { b'A' };
    assert_eq!(
        verifier(&modifier_piece(&pdf, Some(&falsifie)), &[]).verdict,
        Verdict::SignatureInvalide,
        "attachment altered"
    );
    assert_eq!(verifier(&modifier_piece(&pdf, Some(b"pas du JSON")), &[]).verdict, Verdict::FormatInconnu);
    assert_eq!(verifier(b"%PDF-1.7 tronque", &[]).verdict, Verdict::FormatInconnu);
    let mut enorme = b"%PDF-1.7\n".to_vec();
    enorme.resize(TAILLE_MAX_PDF + 1, b' ');
    assert_eq!(verifier(&enorme, &[]).verdict, Verdict::Illisible);
}

#[test]
fn long_reports_break_into_numbered_pages() {
    let mut d = donnees(json_signe());
    d.actions = (0..40).map(|_| d.actions[0].clone()).collect();
    let pdf = generer(&d);
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
    let pdf = generer(&donnees(json_signe()));
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
