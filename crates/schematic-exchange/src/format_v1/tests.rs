//! Round trips, the published test vectors, and every kind of damage.

use std::path::PathBuf;

use super::*;
use crate::dsse::TAILLE_MAX;
use crate::verification::{Verdict, verifier_json};

/// The fixed test key of the vectors (never used for anything else).
pub(crate) const GRAINE_TEST: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5,
    0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];

fn cle() -> CleInstallation {
    CleInstallation::depuis_graine(GRAINE_TEST)
}

pub(crate) fn exemple() -> DiagnosticV1 {
    let mut reponses = BTreeMap::new();
    for (item, v) in [("PIL-1", 2), ("PIL-2", 1), ("PIL-3", 2), ("PIL-4", 0), ("FOR-1", 3), ("INF-2", 1)] {
        reponses.insert(item.to_string(), NiveauV1::depuis_valeur(v));
    }
    DiagnosticV1 {
        format: FORMAT.into(),
        version_format: VERSION_FORMAT,
        application: "SchémaTIC 0.1.0".into(),
        genere_le: "2026-03-12T10:00:00Z".into(),
        cle: cle().publique().keyid(),
        referentiel: ReferentielV1 { id: "eple".into(), version: "2026.1".into(), empreinte: "0".repeat(64) },
        etablissement: EtablissementV1 {
            uai: "0330021U".into(),
            type_etablissement: "college".into(),
            academie: "Bordeaux".into(),
            departement: "33".into(),
            circonscription: None,
        },
        annee_scolaire: "2025-2026".into(),
        diagnostic: InfoDiagnosticV1 { id: 3, revision: 2, statut: "finalise".into() },
        reponses,
        non_renseignes: vec!["FOR-2".into()],
        resultats: vec![ResultatDomaineV1 {
            domaine: "PIL".into(),
            items: 4,
            repondus: 4,
            maturite_centiemes: Some(125),
            niveau_atteint: Some(0),
        }],
        plan_action: vec![ActionV1 {
            item: "PIL-4".into(),
            niveau_cible: 1,
            action: "Rédiger la charte d’usage « numérique » avec les élèves".into(),
            responsable: "Référent numérique".into(),
            echeance: "2026-06-30".into(),
            statut: "en-cours".into(),
        }],
        participants: BTreeMap::from([("chef-etablissement".to_string(), 1), ("enseignant".to_string(), 4)]),
        commentaires: None,
        certificat: None,
    }
}

fn vecteurs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/format-v1")
}

#[test]
fn payload_round_trips_and_is_canonical() {
    let d = exemple();
    let octets = d.octets();
    assert_eq!(DiagnosticV1::lire(&octets).unwrap(), d);
    let texte = String::from_utf8(octets).unwrap();
    assert!(texte.starts_with("{\"annee_scolaire\":\"2025-2026\",\"application\":"), "keys sorted: {texte}");
    assert!(!texte.contains("null"), "absent, never null");
    assert!(texte.contains("\"PIL-4\":\"aucun\""));
    assert_eq!(d.nom_fichier(), "SchemaTIC_0330021U_2025-2026_r2.json");
    assert_eq!(d.completion(), (6, 7));
}

/// The published vectors: a fixed key, a payload, the exact envelope bytes.
/// `SCHEMATIC_ECRIRE_VECTEURS=1` rewrites them (only when the format changes,
/// which means a new format version).
#[test]
fn test_vectors_reproduce_exactly() {
    let d = exemple();
    let enveloppe = d.signer(&cle()).octets();
    let dossier = vecteurs();
    if std::env::var_os("SCHEMATIC_ECRIRE_VECTEURS").is_some() {
        std::fs::create_dir_all(&dossier).unwrap();
        let graine: String = GRAINE_TEST.iter().map(|b| format!("{b:02x}")).collect();
        std::fs::write(dossier.join("cle-test.graine.hex"), format!("{graine}\n")).unwrap();
        std::fs::write(dossier.join("charge.json"), d.octets()).unwrap();
        std::fs::write(dossier.join("enveloppe.json"), &enveloppe).unwrap();
    }
    let graine = std::fs::read_to_string(dossier.join("cle-test.graine.hex")).unwrap();
    let attendue: String = GRAINE_TEST.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(graine.trim(), attendue);
    assert_eq!(std::fs::read(dossier.join("charge.json")).unwrap(), d.octets(), "payload bytes");
    assert_eq!(std::fs::read(dossier.join("enveloppe.json")).unwrap(), enveloppe, "envelope bytes");
}

#[test]
fn golden_envelope_verifies_as_not_enrolled() {
    let octets = std::fs::read(vecteurs().join("enveloppe.json")).unwrap();
    let r = verifier_json(&octets, &[]);
    assert_eq!(r.verdict, Verdict::ValideNonEnrole, "{}", r.detail);
    assert_eq!(r.diagnostic.unwrap().etablissement.uai, "0330021U");
    assert_eq!(r.empreinte_charge.unwrap(), empreinte_charge(&exemple().octets()));
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
    let golden = std::fs::read(vecteurs().join("enveloppe.json")).unwrap();
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
    let golden = std::fs::read(vecteurs().join("enveloppe.json")).unwrap();
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
    let champ_inconnu = charge.replacen('{', "{\"zzz\":1,", 1);
    assert_eq!(verifier_json(&signe(&champ_inconnu), &[]).verdict, Verdict::FormatInconnu);
    let champ_double = charge.replacen('{', "{\"annee_scolaire\":\"2024-2025\",", 1);
    assert_eq!(verifier_json(&signe(&champ_double), &[]).verdict, Verdict::FormatInconnu);
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
    let requete = lire_demande(&demande(&uai, &installation, "2026-01-05T09:00:00Z", "SchémaTIC").octets()).unwrap();
    let avec = |certificat: Enveloppe| {
        let mut d = exemple();
        d.certificat = Some(certificat);
        d.signer(&installation).octets()
    };
    let valide = avec(emettre(&requete, "BDX-1", "2026-01-01", "2028-12-31", &dane, "t"));
    let confiance = [dane.publique()];
    assert_eq!(verifier_json(&valide, &confiance).verdict, Verdict::ValideEnrole);
    assert_eq!(verifier_json(&valide, &[]).verdict, Verdict::ValideNonEnrole, "no trusted DANE key given");
    assert_eq!(verifier_json(&valide, &[autre_dane.publique()]).verdict, Verdict::CertificatInvalide);

    let expire = avec(emettre(&requete, "BDX-2", "2024-01-01", "2025-12-31", &dane, "t"));
    let r = verifier_json(&expire, &confiance);
    assert_eq!(r.verdict, Verdict::CertificatInvalide);
    assert!(r.detail.contains("valable"), "{}", r.detail);

    let mut autre_uai = requete.clone();
    autre_uai.uai = "0951099D".into();
    let ne_correspond_pas = avec(emettre(&autre_uai, "BDX-3", "2026-01-01", "2028-12-31", &dane, "t"));
    assert_eq!(verifier_json(&ne_correspond_pas, &confiance).verdict, Verdict::CertificatInvalide);

    let mut falsifie = emettre(&requete, "BDX-4", "2026-01-01", "2028-12-31", &dane, "t");
    falsifie.signatures[0].keyid = autre_dane.publique().keyid();
    assert_eq!(verifier_json(&avec(falsifie), &confiance).verdict, Verdict::CertificatInvalide);
}
