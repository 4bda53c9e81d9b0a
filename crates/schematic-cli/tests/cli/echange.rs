//! Signed export and verification through the CLI.

use std::fs;

use predicates::prelude::*;

use super::commun::{Dossier, binaire, college_avec_deux_annees, outil};

fn verifier(fichiers: &[&std::path::Path]) -> std::process::Output {
    assert_cmd::Command::new(binaire()).arg("verifier").args(fichiers).output().unwrap()
}

#[test]
fn key_is_shown_and_kept_private() {
    let d = Dossier::nouveau();
    let sortie = d.ok(&["cle", "afficher"]);
    assert!(sortie.contains("Clé publique (Ed25519, base64)") && sortie.contains("Empreinte : "), "{sortie}");
    assert_eq!(d.ok(&["cle", "afficher"]), sortie, "the key is created once");
    let json: serde_json::Value = serde_json::from_str(&d.ok(&["cle", "afficher", "--json"])).unwrap();
    assert!(json["keyid"].as_str().unwrap().starts_with("ed25519:"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(d.chemin().join("cle-installation.ed25519")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn exported_file_is_named_verified_and_free_of_private_material() {
    let d = college_avec_deux_annees();
    let sortie = d.chemin().join("envoi");
    let lignes = d.ok(&["exporter", "--annee", "2024-2025", "--sortie", sortie.to_str().unwrap()]);
    let fichier = sortie.join("SchemaTIC_0330021U_2024-2025_r1.json");
    assert!(lignes.contains(fichier.to_str().unwrap()), "{lignes}");
    assert!(!lignes.contains("brouillon"), "a finalised diagnostic is not a draft: {lignes}");

    let v = verifier(&[&fichier]);
    let texte = String::from_utf8_lossy(&v.stdout);
    assert_eq!(v.status.code(), Some(10), "{texte}");
    assert!(texte.contains("valide — non enrôlé"), "{texte}");
    assert!(
        texte.contains("Établissement 0330021U, année 2024-2025, révision 1 (finalisé), 20 items renseignés sur 20"),
        "{texte}"
    );

    let octets = fs::read(&fichier).unwrap();
    let cle = fs::read_to_string(d.chemin().join("cle-installation.ed25519")).unwrap();
    let texte = String::from_utf8(octets).unwrap();
    assert!(!texte.contains(cle.trim()), "the private key never leaves");
    let enveloppe: serde_json::Value = serde_json::from_str(&texte).unwrap();
    use base64::Engine;
    let charge = base64::engine::general_purpose::STANDARD.decode(enveloppe["payload"].as_str().unwrap()).unwrap();
    let charge = String::from_utf8(charge).unwrap();
    assert!(!charge.contains("Collège Jean Moulin"), "no names in the payload");
    assert!(!charge.contains("Volet voté en CA"), "no comments unless asked");
}

#[test]
fn comments_only_when_asked_and_drafts_say_so() {
    let d = college_avec_deux_annees();
    let sortie = d.chemin().join("envoi");
    let lignes = d.ok(&["exporter", "--commentaires", "--sortie", sortie.to_str().unwrap()]);
    assert!(lignes.contains("brouillon") && lignes.contains("ne nomment personne"), "{lignes}");
    let fichier = sortie.join("SchemaTIC_0330021U_2025-2026_r1.json");
    let enveloppe: serde_json::Value = serde_json::from_slice(&fs::read(&fichier).unwrap()).unwrap();
    use base64::Engine;
    let charge = base64::engine::general_purpose::STANDARD.decode(enveloppe["payload"].as_str().unwrap()).unwrap();
    let charge: serde_json::Value = serde_json::from_slice(&charge).unwrap();
    assert_eq!(charge["commentaires"]["PIL-1"], "Volet voté en CA");
    assert_eq!(charge["diagnostic"]["statut"], "brouillon");
}

#[test]
fn tampered_unknown_and_missing_files_get_their_exit_code() {
    let d = college_avec_deux_annees();
    let sortie = d.chemin().join("envoi");
    d.ok(&["exporter", "--annee", "2024-2025", "--sortie", sortie.to_str().unwrap()]);
    let fichier = sortie.join("SchemaTIC_0330021U_2024-2025_r1.json");
    let texte = fs::read_to_string(&fichier).unwrap();
    let enveloppe: serde_json::Value = serde_json::from_str(&texte).unwrap();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let charge = String::from_utf8(b64.decode(enveloppe["payload"].as_str().unwrap()).unwrap()).unwrap();
    let falsifie = texte
        .replace(enveloppe["payload"].as_str().unwrap(), &b64.encode(charge.replace("\"PIL-1\":1", "\"PIL-1\":3")));
    let chemin_falsifie = d.chemin().join("falsifie.json");
    fs::write(&chemin_falsifie, falsifie).unwrap();
    let v = verifier(&[&chemin_falsifie]);
    assert_eq!(v.status.code(), Some(12));
    assert!(String::from_utf8_lossy(&v.stdout).contains("signature invalide"));

    let tronque = d.chemin().join("tronque.json");
    fs::write(&tronque, &texte[..texte.len() / 2]).unwrap();
    assert_eq!(verifier(&[&tronque]).status.code(), Some(14));
    assert_eq!(verifier(&[&d.chemin().join("absent.json")]).status.code(), Some(14));
    let image = d.chemin().join("image.png");
    fs::write(&image, b"\x89PNG\r\n").unwrap();
    assert_eq!(verifier(&[&image]).status.code(), Some(13));
    // Several files: the worst verdict decides.
    assert_eq!(verifier(&[&fichier, &chemin_falsifie]).status.code(), Some(12));
    assert_cmd::Command::new(binaire()).arg("verifier").assert().code(2).stderr(predicate::str::contains("il manque"));
}

#[test]
fn pdf_report_reads_well_embeds_its_fonts_and_carries_the_json() {
    let d = college_avec_deux_annees();
    let sortie = d.chemin().join("envoi");
    let lignes = d.ok(&["exporter", "--json", "--pdf", "--sortie", sortie.to_str().unwrap()]);
    let json = sortie.join("SchemaTIC_0330021U_2025-2026_r1.json");
    let pdf = sortie.join("SchemaTIC_0330021U_2025-2026_r1.pdf");
    assert!(lignes.contains(pdf.to_str().unwrap()), "{lignes}");
    let pdf_s = pdf.to_str().unwrap();

    let texte = outil("pdftotext", &[pdf_s, "-"]);
    assert!(texte.contains("Collège Jean Moulin"), "accents intact: {texte}");
    assert!(texte.contains("Année scolaire 2025-2026"));
    assert!(texte.contains("Volet numérique du projet d’établissement"));
    assert!(texte.contains("(en 2024-2025 : niveau 1)"), "last year's level is shown");
    let polices = outil("pdffonts", &[pdf_s]);
    let lignes_polices: Vec<&str> = polices.lines().skip(2).collect();
    assert!(!lignes_polices.is_empty());
    for l in &lignes_polices {
        assert!(l.split_whitespace().rev().nth(4) == Some("yes"), "font not embedded: {l}");
    }
    let liste = outil("pdfdetach", &["-list", pdf_s]);
    assert!(liste.contains("1: diagnostic.schematic.json"), "{liste}");
    let extrait = d.chemin().join("extrait.json");
    outil("pdfdetach", &["-save", "1", "-o", extrait.to_str().unwrap(), pdf_s]);
    assert_eq!(
        fs::read(&extrait).unwrap(),
        fs::read(&json).unwrap(),
        "the attachment is the JSON export, byte for byte"
    );

    let v = verifier(&[&pdf]);
    let sortie_v = String::from_utf8_lossy(&v.stdout);
    assert_eq!(v.status.code(), Some(10), "{sortie_v}");
    assert!(sortie_v.contains("révision 1 (brouillon), 2 items renseignés sur 20"), "{sortie_v}");
}

#[test]
fn enrolment_request_certificate_and_enrolled_verdict() {
    use schematic_exchange::CleInstallation;
    use schematic_exchange::enrolement::{emettre, lire_demande};
    let d = college_avec_deux_annees();
    let envoi = d.chemin().join("envoi");
    let sortie = d.ok(&["cle", "demande-enrolement", "--sortie", envoi.to_str().unwrap()]);
    let demande = envoi.join("demande-enrolement_0330021U.json");
    assert!(sortie.contains(demande.to_str().unwrap()), "{sortie}");
    assert!(d.ok(&["cle", "afficher"]).contains("Pas encore enrôlée"));

    // The DANE's side, with a test DANE key.
    let dane = CleInstallation::depuis_graine([77; 32]);
    let requete = lire_demande(&fs::read(&demande).unwrap()).unwrap();
    let certificat = d.chemin().join("certificat.json");
    fs::write(
        &certificat,
        emettre(&requete, "BDX-2026-0042", "2020-01-01", "2099-12-31", &dane, "2026-01-06T09:00:00Z").octets(),
    )
    .unwrap();
    let perime = d.chemin().join("perime.json");
    fs::write(
        &perime,
        emettre(&requete, "BDX-2019-0001", "2019-01-01", "2019-12-31", &dane, "2026-01-06T09:00:00Z").octets(),
    )
    .unwrap();
    let avant = d.contenu();
    d.cmd(&["cle", "importer-certificat", perime.to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("valable que du 2019-01-01 au 2019-12-31"));
    assert!(d.contenu() == avant, "a refused certificate changes nothing");
    let sortie = d.ok(&["cle", "importer-certificat", certificat.to_str().unwrap()]);
    assert!(sortie.contains("Certificat n° BDX-2026-0042 importé"), "{sortie}");
    assert!(d.ok(&["cle", "afficher"]).contains("Enrôlée : certificat n° BDX-2026-0042"));

    d.ok(&["exporter", "--annee", "2024-2025", "--json", "--pdf", "--sortie", envoi.to_str().unwrap()]);
    let json = envoi.join("SchemaTIC_0330021U_2024-2025_r1.json");
    let pdf = envoi.join("SchemaTIC_0330021U_2024-2025_r1.pdf");
    let cle_dane = dane.publique().base64();
    let autre = CleInstallation::depuis_graine([78; 32]).publique().base64();
    let verifier_avec = |cles: &[&str], fichier: &std::path::Path| {
        let mut c = assert_cmd::Command::new(binaire());
        c.arg("verifier").arg(fichier);
        for k in cles {
            c.args(["--cle-dane", k]);
        }
        c.output().unwrap()
    };
    for fichier in [&json, &pdf] {
        let v = verifier_avec(&[&cle_dane], fichier);
        assert_eq!(v.status.code(), Some(0), "{}", String::from_utf8_lossy(&v.stdout));
        assert!(String::from_utf8_lossy(&v.stdout).contains("valide — enrôlé"));
        assert_eq!(verifier_avec(&[], fichier).status.code(), Some(10), "no trusted DANE key");
        assert_eq!(verifier_avec(&[&autre], fichier).status.code(), Some(11), "another DANE's key");
    }
    assert_eq!(verifier_avec(&["pas-une-cle"], &json).status.code(), Some(2));
}

/// Paper that can be checked: each page of a genuine (enrolled) report,
/// rendered to PNG as a scanner would, gives back through its QR code the
/// payload hash and key of the signed file; a page of another report is told
/// apart from it.
#[test]
fn printed_pages_are_checked_through_their_qr_codes() {
    use schematic_exchange::CleInstallation;
    use schematic_exchange::enrolement::{emettre, lire_demande};
    let d = college_avec_deux_annees();
    let envoi = d.chemin().join("envoi");
    d.ok(&["cle", "demande-enrolement", "--sortie", envoi.to_str().unwrap()]);
    let dane = CleInstallation::depuis_graine([77; 32]);
    let requete = lire_demande(&fs::read(envoi.join("demande-enrolement_0330021U.json")).unwrap()).unwrap();
    let certificat = d.chemin().join("certificat.json");
    let c = emettre(&requete, "BDX-2026-0042", "2020-01-01", "2099-12-31", &dane, "2026-01-06T09:00:00Z");
    fs::write(&certificat, c.octets()).unwrap();
    d.ok(&["cle", "importer-certificat", certificat.to_str().unwrap()]);
    d.ok(&["exporter", "--annee", "2024-2025", "--json", "--pdf", "--sortie", envoi.to_str().unwrap()]);
    d.ok(&["exporter", "--annee", "2025-2026", "--pdf", "--sortie", envoi.to_str().unwrap()]);
    let pdf = envoi.join("SchemaTIC_0330021U_2024-2025_r1.pdf");
    let autre_pdf = envoi.join("SchemaTIC_0330021U_2025-2026_r1.pdf");
    assert!(
        outil("pdftotext", &[pdf.to_str().unwrap(), "-"]).contains("certificat n° BDX-2026-0042"),
        "page 1 shows the enrolment"
    );

    let json_verifie = |args: &[&str]| -> serde_json::Value {
        let sortie = assert_cmd::Command::new(binaire()).args(["verifier", "--json"]).args(args).output().unwrap();
        serde_json::from_slice::<serde_json::Value>(&sortie.stdout).unwrap()[0].clone()
    };
    let cle_dane = dane.publique().base64();
    let reference = json_verifie(&["--cle-dane", &cle_dane, pdf.to_str().unwrap()]);
    assert_eq!(reference["codeSortie"], 0, "{reference}");

    let images = d.chemin().join("pages");
    fs::create_dir_all(&images).unwrap();
    for (fichier, prefixe) in [(&pdf, "a"), (&autre_pdf, "b")] {
        let sortie = std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "150", fichier.to_str().unwrap(), images.join(prefixe).to_str().unwrap()])
            .output()
            .unwrap();
        assert!(sortie.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&sortie.stderr));
    }
    let mut pages: Vec<_> = fs::read_dir(&images).unwrap().map(|e| e.unwrap().path()).collect();
    pages.sort();
    let (a, b): (Vec<_>, Vec<_>) =
        pages.iter().partition(|p| p.file_name().unwrap().to_str().unwrap().starts_with('a'));
    assert!(a.len() >= 4, "{} pages", a.len());
    for (i, page) in a.iter().enumerate() {
        let seule = json_verifie(&["--cle-dane", &cle_dane, page.to_str().unwrap()]);
        assert_eq!(seule["empreinteCharge"], reference["empreinteCharge"], "page {}: {seule}", i + 1);
        assert_eq!(seule["empreinteCle"], reference["empreinteCle"], "page {}", i + 1);
        if i == 0 {
            assert_eq!(seule["motif"], "valide.enrole", "the cover holds the whole signed diagnostic: {seule}");
            assert_eq!(seule["resultats"].as_array().unwrap().len(), 5);
        } else {
            assert_eq!(seule["motif"], "image.reference", "{seule}");
        }
        let comparee =
            json_verifie(&["--cle-dane", &cle_dane, "--reference", pdf.to_str().unwrap(), page.to_str().unwrap()]);
        assert_eq!(comparee["codeSortie"], 0, "page {} against its report: {comparee}", i + 1);
    }
    // A photo is more often a JPEG: the cover, recompressed.
    let jpeg = d.chemin().join("couverture.jpg");
    let sortie = std::process::Command::new("convert")
        .args([a[0].to_str().unwrap(), "-quality", "85", jpeg.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(sortie.status.success(), "convert: {}", String::from_utf8_lossy(&sortie.stderr));
    let photo = json_verifie(&["--cle-dane", &cle_dane, jpeg.to_str().unwrap()]);
    assert_eq!(
        (photo["motif"].as_str(), photo["empreinteCharge"].clone()),
        (Some("valide.enrole"), reference["empreinteCharge"].clone()),
        "{photo}"
    );
    for page in &b {
        let comparee = json_verifie(&["--reference", pdf.to_str().unwrap(), page.to_str().unwrap()]);
        assert_eq!(
            (comparee["motif"].as_str(), comparee["codeSortie"].as_u64()),
            (Some("image.autre-diagnostic"), Some(16)),
            "{comparee}"
        );
    }
}
