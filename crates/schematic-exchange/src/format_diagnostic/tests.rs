//! Round trips, the published test vectors, and every kind of damage.

use super::*;
use schematic_core::Uai;

use crate::dsse::TAILLE_MAX;
use crate::verification::{Verdict, verifier_json};

fn cle() -> CleInstallation {
    crate::vecteurs::etablissement()
}

pub(crate) fn exemple() -> ChargeDiagnostic {
    crate::vecteurs::diagnostic(&cle())
}

fn golden() -> Vec<u8> {
    std::fs::read(crate::vecteurs::dossier().join("acceptes/diagnostic-non-enrole.json")).unwrap()
}

#[test]
fn payload_round_trips_and_is_canonical() {
    let d = exemple();
    let octets = d.octets();
    assert_eq!(ChargeDiagnostic::lire(&octets).unwrap(), d);
    let texte = String::from_utf8(octets).unwrap();
    assert!(texte.starts_with("{\"annee_scolaire\":\"2025-2026\",\"application\":"), "keys sorted: {texte}");
    assert!(!texte.contains("null"), "absent, never null");
    assert!(texte.contains("\"PIL-4\":\"aucun\""));
    assert_eq!(d.nom_fichier(), "SchemaTIC_0330021U_2025-2026_r2.json");
    assert_eq!(d.completion(), (18, 20));
}

/// Decodes the envelope, applies `f` to the raw payload or signature bytes,
/// re-encodes: what an attacker who edits the file can do.
fn alterer(octets: &[u8], f: impl FnOnce(&mut Enveloppe)) -> Vec<u8> {
    let mut e = Enveloppe::lire(octets).unwrap();
    f(&mut e);
    e.octets()
}

#[test]
fn flipping_any_single_byte_of_payload_or_signature_is_detected() {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    let golden = golden();
    let e = Enveloppe::lire(&golden).unwrap();
    let charge = STANDARD.decode(&e.payload).unwrap();
    for i in 0..charge.len() {
        let modifie = alterer(&golden, |e| {
            let mut c = charge.clone();
            c[i] ^= 0x01;
            e.payload = STANDARD.encode(c);
        });
        assert_eq!(verifier_json(&modifie, &[]).verdict, Verdict::SignatureInvalide, "payload byte {i}");
    }
    let sig = STANDARD.decode(&e.signatures[0].sig).unwrap();
    for i in 0..sig.len() {
        let modifie = alterer(&golden, |e| {
            let mut s = sig.clone();
            s[i] ^= 0x80;
            e.signatures[0].sig = STANDARD.encode(s);
        });
        assert_eq!(verifier_json(&modifie, &[]).verdict, Verdict::SignatureInvalide, "signature byte {i}");
    }
}

#[test]
fn each_damage_gets_its_verdict() {
    let golden = golden();
    let texte = String::from_utf8(golden.clone()).unwrap();
    let autre = CleInstallation::depuis_graine([3; 32]);

    let mauvaise_cle = alterer(&golden, |e| e.signatures[0].keyid = autre.publique().keyid());
    assert_eq!(verifier_json(&mauvaise_cle, &[]).verdict, Verdict::SignatureInvalide);

    // Signed by another key that claims to be the original one.
    let mut usurpe = exemple();
    usurpe.cle = cle().publique().keyid();
    assert_eq!(verifier_json(&usurpe.signer(&autre).octets(), &[]).verdict, Verdict::SignatureInvalide);

    assert_eq!(verifier_json(&golden[..golden.len() / 2], &[]).verdict, Verdict::Illisible);
    assert_eq!(verifier_json(&vec![b'{'; TAILLE_MAX + 1], &[]).verdict, Verdict::Illisible);
    assert_eq!(verifier_json(b"%PNG....", &[]).verdict, Verdict::FormatInconnu);
    assert_eq!(verifier_json(b"{\"autre\": true}", &[]).verdict, Verdict::FormatInconnu);

    let double = texte.replacen("{\"payload\"", "{\"payloadType\":\"x\",\"payload\"", 1);
    assert_eq!(verifier_json(double.as_bytes(), &[]).verdict, Verdict::FormatInconnu, "duplicate key in envelope");
    let inconnu = texte.replacen("{\"payload\"", "{\"x\":1,\"payload\"", 1);
    assert_eq!(verifier_json(inconnu.as_bytes(), &[]).verdict, Verdict::FormatInconnu, "unknown envelope field");

    // A validly signed payload that is not format 1: duplicate or unknown fields.
    let signe = |charge: &str| Enveloppe::signer(TYPE_DIAGNOSTIC_V1, charge.as_bytes(), &cle()).octets();
    let charge = String::from_utf8(exemple().octets()).unwrap();
    let champ_inconnu = format!("{},\"zzz\":1}}", &charge[..charge.len() - 1]);
    assert_eq!(verifier_json(&signe(&champ_inconnu), &[]).verdict, Verdict::FormatInconnu);
    let champ_double = charge.replacen('{', "{\"annee_scolaire\":\"2024-2025\",", 1);
    assert_eq!(verifier_json(&signe(&champ_double), &[]).verdict, Verdict::NonCanonique);
    let niveau_faux = charge.replace("\"PIL-1\":2", "\"PIL-1\":7");
    assert_eq!(verifier_json(&signe(&niveau_faux), &[]).verdict, Verdict::FormatInconnu);

    let mut autre_type = Enveloppe::lire(&golden).unwrap();
    autre_type.payload_type = "application/json".into();
    assert_eq!(verifier_json(&autre_type.octets(), &[]).verdict, Verdict::FormatInconnu);
}

#[test]
fn enrolment_certificate_decides_between_enrolled_expired_and_foreign() {
    use crate::enrolement::{demande, emettre, lire_demande};
    let installation = cle();
    let dane = CleInstallation::depuis_graine([8; 32]);
    let autre_dane = CleInstallation::depuis_graine([10; 32]);
    let uai = Uai::parse("0330021U").unwrap();
    let requete =
        lire_demande(&demande(&uai, &installation, "2026-01-05T09:00:00Z", "SchémaTIC 0.2.0").octets()).unwrap();
    let avec = |certificat: Enveloppe| {
        let mut d = exemple();
        d.certificat = Some(certificat);
        d.signer(&installation).octets()
    };
    let valide = avec(emettre(&requete, "BDX-1", "2026-01-01", "2028-12-31", &dane, "2026-01-06T09:00:00Z"));
    let confiance = [dane.publique()];
    assert_eq!(verifier_json(&valide, &confiance).verdict, Verdict::ValideEnrole);
    assert_eq!(verifier_json(&valide, &[]).verdict, Verdict::ValideNonEnrole, "no trusted DANE key given");
    assert_eq!(verifier_json(&valide, &[autre_dane.publique()]).verdict, Verdict::CertificatInvalide);

    let expire = avec(emettre(&requete, "BDX-2", "2024-01-01", "2025-12-31", &dane, "2026-01-06T09:00:00Z"));
    let r = verifier_json(&expire, &confiance);
    assert_eq!(r.verdict, Verdict::CertificatInvalide);
    assert!(r.detail.contains("valable"), "{}", r.detail);

    let mut autre_uai = requete.clone();
    autre_uai.uai = "0951099D".into();
    let ne_correspond_pas =
        avec(emettre(&autre_uai, "BDX-3", "2026-01-01", "2028-12-31", &dane, "2026-01-06T09:00:00Z"));
    assert_eq!(verifier_json(&ne_correspond_pas, &confiance).verdict, Verdict::CertificatInvalide);

    let mut falsifie = emettre(&requete, "BDX-4", "2026-01-01", "2028-12-31", &dane, "2026-01-06T09:00:00Z");
    falsifie.signatures[0].keyid = autre_dane.publique().keyid();
    assert_eq!(verifier_json(&avec(falsifie), &confiance).verdict, Verdict::CertificatInvalide);
}

/// docs/format/diagnostic-v1.md: the referential fingerprint is the SHA-256 of
/// the RFC 8785 form of the published file.
#[test]
fn referential_fingerprint_is_the_hash_of_the_published_file_s_canonical_form() {
    for (id, version) in [("ecole", "2026.1"), ("eple", "2026.1"), ("ecole", "2027.1"), ("eple", "2027.1")] {
        let chemin = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../assets/referentiels/{id}-{version}.json"));
        let valeur: serde_json::Value = serde_json::from_slice(&std::fs::read(chemin).unwrap()).unwrap();
        let attendue = empreinte_charge(&crate::canonique::ecrire(&valeur));
        assert_eq!(schematic_core::Referentiel::publie(id, version).unwrap().empreinte(), attendue, "{id} {version}");
    }
}

/// docs/format/diagnostic-v1.md: the worked example of the maturity rounding.
#[test]
fn maturity_rounds_half_up_in_hundredths() {
    use schematic_core::resultats::Maturite;
    assert_eq!(Maturite { somme: 5, repondus: 4 }.centiemes(), Some(125));
    assert_eq!(Maturite { somme: 2, repondus: 3 }.centiemes(), Some(67));
    assert_eq!(Maturite { somme: 1, repondus: 3 }.centiemes(), Some(33));
}
