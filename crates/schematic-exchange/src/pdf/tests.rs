//! Hostile PDFs are refused by the pre-scan, before any parser allocates in
//! proportion to what they declare.

use super::*;

fn refus(octets: &[u8]) -> ExchangeError {
    extraire(octets, crate::rapport::PIECE_JOINTE).expect_err("refused")
}

#[test]
fn repeated_xref_keywords_are_refused_after_a_few_sections() {
    // 976 KiB of `xref`: the scan is linear and stops at the 17th.
    let mut octets = b"%PDF-1.7\n".to_vec();
    octets.extend(b"xref".repeat(250_000));
    let e = refus(&octets);
    assert!(matches!(e, ExchangeError::TropGros(_)) && e.to_string().contains("tables de références"), "{e}");
    // A subsection header with a huge count and no entries.
    let e = refus(b"%PDF-1.7\nxref\n0 99999999999999999999\n");
    assert!(!e.to_string().is_empty());
    let e = refus(b"%PDF-1.7\nxref\n0 20000\n");
    assert!(e.to_string().contains("10000 objets"), "{e}");
}

#[test]
fn amplifying_arrays_and_dictionaries_are_counted_before_parsing() {
    for (motif, nombre) in [(&b"/a"[..], 60_000), (b"<<>>", 30_000), (b"0 ", 60_000), (b"[]", 30_000)] {
        let mut octets = b"%PDF-1.7\n1 0 obj\n[".to_vec();
        octets.extend(motif.repeat(nombre));
        octets.extend(b"]\nendobj\n");
        let e = refus(&octets);
        assert!(
            matches!(e, ExchangeError::TropGros(_)) && e.to_string().contains("50000 éléments"),
            "{}: {e}",
            String::from_utf8_lossy(motif)
        );
    }
    let e = refus(&vec![b'%'; TAILLE_MAX_PDF + 1]);
    assert!(matches!(e, ExchangeError::TropGros(_)), "{e}");
}

/// A minimal PDF whose object 2 is announced at `decalage_2` (computed from
/// the bytes when `None`) and whose stream holds `donnees`.
fn pdf_avec_flux(donnees: &[u8], decalage_2: Option<usize>) -> Vec<u8> {
    let mut o = b"%PDF-1.7\n".to_vec();
    let un = o.len();
    o.extend(format!("1 0 obj\n<< /Length {} >>\nstream\n", donnees.len()).as_bytes());
    let debut_donnees = o.len();
    o.extend(donnees);
    o.extend(b"\nendstream\nendobj\n");
    let deux = o.len();
    o.extend(b"2 0 obj\n<< /Type /Catalog >>\nendobj\n");
    let xref = o.len();
    let deux = decalage_2.map_or(deux, |d| debut_donnees + d);
    o.extend(
        format!(
            "xref\n0 3\n0000000000 65535 f\r\n{un:010} 00000 n\r\n{deux:010} 00000 n\r\ntrailer\n<< /Size 3 /Root 2 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    o
}

#[test]
fn stream_data_are_not_counted_but_no_object_may_hide_in_them() {
    // Many names inside stream data are bytes, not syntax: the file passes
    // the pre-scan (and is then refused for having no attachment).
    let donnees = b"/a".repeat(60_000);
    let e = refus(&pdf_avec_flux(&donnees, None));
    assert!(e.to_string().contains("aucune pièce jointe"), "{e}");
    // The same with object 2 announced inside those data.
    let mut cache = b"2 0 obj\n[".to_vec();
    cache.extend(b"/a".repeat(60_000));
    cache.extend(b"]\nendobj\n");
    let e = refus(&pdf_avec_flux(&cache, Some(0)));
    assert!(e.to_string().contains("à l’intérieur des données d’un flux"), "{e}");
    // A stream that never ends.
    let mut sans_fin = b"%PDF-1.7\n1 0 obj\n<< /Length 5 >>\nstream\n".to_vec();
    sans_fin.extend(b"/a ".repeat(1000));
    let e = refus(&sans_fin);
    assert!(e.to_string().contains("un flux n’a pas de fin"), "{e}");
}

#[test]
fn a_real_report_is_well_within_the_bounds() {
    let octets = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/format-v1/vecteurs/acceptes/rapport.pdf"
    ))
    .unwrap();
    assert!(octets.len() < TAILLE_MAX_PDF / 4);
    garde_objets(&octets).unwrap();
    assert!(extraire(&octets, crate::rapport::PIECE_JOINTE).is_ok());
}
