//! The published test vectors of `tests/fixtures/format-v1/vecteurs/`, built
//! here from the two RFC 8032 test keys: accepted documents of every type,
//! refused ones (one per rule, each with the verdict and exit code a
//! conforming verifier must give), and the schema corpus that the JSON Schema
//! test (ajv) and this crate's validator must judge alike.
//!
//! `vectors_are_reproduced_byte_for_byte` regenerates everything in memory and
//! compares it with the committed files; `SCHEMATIC_ECRIRE_VECTEURS=1` writes
//! them instead (after a deliberate change of the format).

use std::collections::BTreeMap;
use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use schematic_core::Referentiel;
use schematic_core::diagnostic::Reponse;

use crate::canonique;
use crate::cles::CleInstallation;
use crate::contribution::{ContributionV1, FORMAT_CONTRIBUTION, TYPE_CONTRIBUTION_V1};
use crate::dsse::{Enveloppe, TYPE_DIAGNOSTIC_V1};
use crate::enrolement::{self, TYPE_CERTIFICAT_V1, TYPE_DEMANDE_V1};
use crate::format_v1::{
    ActionV1, DiagnosticV1, EtablissementV1, FORMAT, InfoDiagnosticV1, ReferentielV1, VERSION_FORMAT, reponses_v1,
};

/// RFC 8032, test 1: the establishment's key of every vector.
pub(crate) const GRAINE_ETABLISSEMENT: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5,
    0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];

/// RFC 8032, test 2: the DANE's key of every vector.
pub(crate) const GRAINE_DANE: [u8; 32] = [
    0x4c, 0xcd, 0x08, 0x9b, 0x28, 0xff, 0x96, 0xda, 0x9d, 0xb6, 0xc3, 0x46, 0xec, 0x11, 0x4e, 0x0f, 0x5b, 0x8a, 0x31,
    0x9f, 0x35, 0xab, 0xa6, 0x24, 0xda, 0x8c, 0xf6, 0xed, 0x4f, 0xb8, 0xa6, 0xfb,
];

/// RFC 8032, test 3: a key that is neither (« another establishment », « another DANE »).
pub(crate) const GRAINE_AUTRE: [u8; 32] = [
    0xc5, 0xaa, 0x8d, 0xf4, 0x3f, 0x9f, 0x83, 0x7b, 0xed, 0xb7, 0x44, 0x2f, 0x31, 0xdc, 0xb7, 0xb1, 0x66, 0xd3, 0x85,
    0x35, 0x07, 0x6f, 0x09, 0x4b, 0x85, 0xce, 0x3a, 0x2e, 0x0b, 0x44, 0x58, 0xf7,
];

pub(crate) fn etablissement() -> CleInstallation {
    CleInstallation::depuis_graine(GRAINE_ETABLISSEMENT)
}

pub(crate) fn dane() -> CleInstallation {
    CleInstallation::depuis_graine(GRAINE_DANE)
}

pub(crate) fn autre() -> CleInstallation {
    CleInstallation::depuis_graine(GRAINE_AUTRE)
}

/// One file of the vectors.
#[derive(Debug, Clone)]
pub(crate) struct Fichier {
    pub nom: String,
    pub octets: Vec<u8>,
}

/// One line of `vecteurs.tsv`: a file, the DANE key file to trust (`-` for
/// none), the exit code and motif a verifier must give, and the rule tested.
#[derive(Debug, Clone)]
pub(crate) struct Attendu {
    pub fichier: String,
    pub cle_dane: String,
    pub code: u8,
    pub motif: &'static str,
    pub regle: String,
}

/// A payload of the schema corpus: which schema, the document, accepted or not.
#[derive(Debug, Clone)]
pub(crate) struct CasSchema {
    pub nom: String,
    pub schema: &'static str,
    pub accepte: bool,
    pub document: Value,
}

#[derive(Debug, Default)]
pub(crate) struct Vecteurs {
    pub fichiers: Vec<Fichier>,
    /// PDF reports and page images: written once and kept (printpdf does not
    /// write the same bytes twice), checked by their verdicts only.
    pub figes: Vec<Fichier>,
    pub attendus: Vec<Attendu>,
    pub corpus: Vec<CasSchema>,
}

const CLE_DANE: &str = "cle-dane.pub";

fn referentiel() -> &'static Referentiel {
    Referentiel::embarque("eple").expect("eple is embedded")
}

/// The diagnostic of every vector: every item of `eple` 2026.1 answered but two,
/// results computed from the referential, one action.
pub(crate) fn diagnostic(cle: &CleInstallation) -> DiagnosticV1 {
    let r = referentiel();
    let niveaux = [2, 1, 2, 0, 3, 2, 1, 1, 2, 2, 3, 1, 1, 2, 0, 1, 2, 1];
    let mut reponses = BTreeMap::new();
    for (item, n) in r.items().zip(niveaux) {
        reponses.insert(item.id.clone(), Reponse::depuis_valeur(Some(n)).expect("0 to 3"));
    }
    let (niveaux, non_renseignes, resultats) = reponses_v1(r, &reponses);
    DiagnosticV1 {
        format: FORMAT.into(),
        version_format: VERSION_FORMAT,
        application: "SchémaTIC 0.2.0".into(),
        genere_le: "2026-03-12T10:00:00Z".into(),
        cle: cle.publique().keyid(),
        referentiel: ReferentielV1 { id: r.id.clone(), version: r.version.clone(), empreinte: r.empreinte() },
        etablissement: EtablissementV1 {
            uai: "0330021U".into(),
            type_etablissement: "college".into(),
            academie: "Bordeaux".into(),
            departement: "33".into(),
            circonscription: None,
        },
        annee_scolaire: "2025-2026".into(),
        diagnostic: InfoDiagnosticV1 { id: 3, revision: 2, statut: "brouillon".into() },
        reponses: niveaux,
        non_renseignes,
        resultats,
        plan_action: vec![ActionV1 {
            item: "PIL-4".into(),
            niveau_cible: 1,
            action: "Rédiger la charte d’usage « numérique » avec les élèves".into(),
            responsable: "Référent numérique".into(),
            echeance: "2026-06-30".into(),
            statut: "en-cours".into(),
        }],
        participants: BTreeMap::new(),
        commentaires: None,
        certificat: None,
    }
}

pub(crate) fn demande_valeur() -> Value {
    let e = enrolement::demande(
        &schematic_core::Uai::parse("0330021U").expect("valid"),
        &etablissement(),
        "2026-01-05T09:00:00Z",
        "SchémaTIC 0.2.0",
    );
    serde_json::from_slice(&STANDARD.decode(e.payload).expect("base64")).expect("JSON")
}

pub(crate) fn certificat_valeur() -> Value {
    json!({
        "format": "schematic.certificat-enrolement",
        "version_format": 1,
        "numero": "BDX-2026-0001",
        "uai": "0330021U",
        "cle": etablissement().publique().keyid(),
        "valide_du": "2026-01-06",
        "valide_au": "2029-01-05",
        "dane": dane().publique().keyid(),
        "emis_le": "2026-01-06T14:30:00Z",
    })
}

fn contribution_valeur() -> Value {
    let c = ContributionV1 {
        format: FORMAT_CONTRIBUTION.into(),
        version_format: 1,
        application: "SchémaTIC 0.2.0".into(),
        genere_le: "2026-03-10T16:00:00Z".into(),
        cle: autre().publique().keyid(),
        uai: "0330021U".into(),
        annee_scolaire: "2025-2026".into(),
        referentiel: diagnostic(&etablissement()).referentiel,
        role: "enseignant".into(),
        votes: diagnostic(&etablissement()).reponses,
    };
    serde_json::to_value(c).expect("JSON")
}

/// Signs payload bytes as they are (canonical or not).
fn signer_octets(type_charge: &str, corps: &[u8], cle: &CleInstallation) -> Vec<u8> {
    Enveloppe::signer(type_charge, corps, cle).octets()
}

fn signer(type_charge: &str, v: &Value, cle: &CleInstallation) -> Vec<u8> {
    signer_octets(type_charge, &canonique::ecrire(v), cle)
}

fn certificat_enveloppe(v: &Value, cle: &CleInstallation) -> Value {
    serde_json::from_slice(&signer(TYPE_CERTIFICAT_V1, v, cle)).expect("JSON")
}

fn valeur_diagnostic() -> Value {
    serde_json::to_value(diagnostic(&etablissement())).expect("JSON")
}

fn avec(mut v: Value, chemin: &[&str], nouvelle: Option<Value>) -> Value {
    let (dernier, parents) = chemin.split_last().expect("a path");
    let mut ici = &mut v;
    for p in parents {
        ici = match ici {
            Value::Array(a) => &mut a[p.parse::<usize>().expect("an index")],
            autre => &mut autre[*p],
        };
    }
    match (ici, nouvelle) {
        (Value::Object(o), Some(n)) => {
            o.insert((*dernier).to_string(), n);
        }
        (Value::Object(o), None) => {
            o.remove(*dernier);
        }
        (Value::Array(a), Some(n)) => a[dernier.parse::<usize>().expect("an index")] = n,
        _ => panic!("cannot change {chemin:?}"),
    }
    v
}

impl Vecteurs {
    fn fichier(&mut self, nom: &str, octets: Vec<u8>) {
        self.fichiers.push(Fichier { nom: nom.into(), octets });
    }

    fn attendu(&mut self, fichier: &str, cle_dane: bool, code: u8, motif: &'static str, regle: &str) {
        self.attendus.push(Attendu {
            fichier: fichier.into(),
            cle_dane: if cle_dane { CLE_DANE } else { "-" }.into(),
            code,
            motif,
            regle: regle.into(),
        });
    }

    fn accepte(
        &mut self,
        nom: &str,
        type_charge: &str,
        v: &Value,
        cle: &CleInstallation,
        code: u8,
        motif: &'static str,
    ) {
        let corps = canonique::ecrire(v);
        self.fichier(&format!("acceptes/{nom}.charge.json"), corps.clone());
        let fichier = format!("acceptes/{nom}.json");
        self.fichier(&fichier, signer_octets(type_charge, &corps, cle));
        self.attendu(&fichier, true, code, motif, "document conforme");
    }

    fn numero(&self) -> usize {
        self.attendus.iter().filter(|a| a.fichier.starts_with("refuses/")).count() + 1
    }

    /// A refused file made of any bytes.
    fn refus_octets(&mut self, nom: &str, octets: Vec<u8>, cle_dane: bool, code: u8, motif: &'static str, regle: &str) {
        let fichier = format!("refuses/{:03}-{nom}.json", self.numero());
        self.fichier(&fichier, octets);
        self.attendu(&fichier, cle_dane, code, motif, regle);
    }

    /// A frozen file (`nom` with its extension), accepted or refused.
    fn fige(&mut self, nom: &str, octets: Vec<u8>, code: u8, motif: &'static str, regle: &str) {
        let fichier = if code == 10 || code == 0 {
            format!("acceptes/{nom}")
        } else {
            format!("refuses/{:03}-{nom}", self.numero())
        };
        self.figes.push(Fichier { nom: fichier.clone(), octets });
        self.attendu(&fichier, true, code, motif, regle);
    }

    /// A payload that breaks its schema, validly signed; also a case of the
    /// schema corpus.
    fn refus_schema(&mut self, nom: &str, type_charge: &'static str, v: Value, regle: &str) {
        let cle = if type_charge == TYPE_CERTIFICAT_V1 {
            dane()
        } else if type_charge == TYPE_CONTRIBUTION_V1 {
            autre()
        } else {
            etablissement()
        };
        let octets = signer(type_charge, &v, &cle);
        self.refus_octets(nom, octets, true, 13, "charge.non-conforme", regle);
        self.corpus.push(CasSchema {
            nom: nom.into(),
            schema: schema_du_type(type_charge),
            accepte: false,
            document: v,
        });
    }

    fn diagnostic_schema(&mut self, nom: &str, chemin: &[&str], valeur: Option<Value>, regle: &str) {
        self.refus_schema(nom, TYPE_DIAGNOSTIC_V1, avec(valeur_diagnostic(), chemin, valeur), regle);
    }

    /// A payload the schema accepts, in the corpus only.
    fn admis(&mut self, nom: &str, type_charge: &'static str, v: Value) {
        self.corpus.push(CasSchema {
            nom: nom.into(),
            schema: schema_du_type(type_charge),
            accepte: true,
            document: v,
        });
    }
}

fn schema_du_type(type_charge: &str) -> &'static str {
    match type_charge {
        TYPE_DIAGNOSTIC_V1 => "diagnostic-v1.schema.json",
        TYPE_DEMANDE_V1 => "demande-enrolement-v1.schema.json",
        TYPE_CERTIFICAT_V1 => "certificat-enrolement-v1.schema.json",
        _ => "contribution-v1.schema.json",
    }
}

/// 32 bytes that are not an Ed25519 public key (no point decompresses to them).
fn pas_une_cle() -> String {
    (0u8..=255)
        .map(|i| {
            let mut o = [i; 32];
            o[31] &= 0x7f;
            o
        })
        .find(|o| ed25519_dalek::VerifyingKey::from_bytes(o).is_err())
        .map(|o| format!("ed25519:{}", STANDARD.encode(o)))
        .expect("half of all encodings are not points")
}

/// Replaces the first occurrence of `motif` in the file's text.
fn remplacer(octets: &[u8], motif: &str, par: &str) -> Vec<u8> {
    let texte = String::from_utf8(octets.to_vec()).expect("UTF-8");
    assert!(texte.contains(motif), "{motif} absent");
    texte.replacen(motif, par, 1).into_bytes()
}

pub(crate) fn generer() -> Vecteurs {
    let mut v = Vecteurs::default();
    let cle = etablissement();
    let cle_dane_pub = format!(
        "# Clé publique de la DANE (SchémaTIC, Ed25519) — empreinte {}\n# Pour vérifier : schematic verifier --cle-dane {CLE_DANE}\n{}\n",
        dane().publique().empreinte_courte(),
        dane().publique().keyid()
    );
    v.fichier(CLE_DANE, cle_dane_pub.into_bytes());

    // ---- accepted -----------------------------------------------------------
    let diag = valeur_diagnostic();
    v.accepte("diagnostic-non-enrole", TYPE_DIAGNOSTIC_V1, &diag, &cle, 10, "valide.non-enrole");
    let certificat = certificat_enveloppe(&certificat_valeur(), &dane());
    let enrole = avec(diag.clone(), &["certificat"], Some(certificat.clone()));
    v.accepte("diagnostic-enrole", TYPE_DIAGNOSTIC_V1, &enrole, &cle, 0, "valide.enrole");
    let fichier = "acceptes/diagnostic-enrole.json";
    v.attendu(fichier, false, 10, "valide.certificat-non-verifie", "sans clé DANE de confiance : non vérifiable");
    let mut complet = avec(
        enrole.clone(),
        &["commentaires"],
        Some(json!({
            "PIL-1": "Volet numérique voté au conseil d’administration de novembre.",
            "INF-2": "Le débit baisse le lundi matin ; la collectivité est prévenue.",
        })),
    );
    complet = avec(complet, &["participants"], Some(json!({ "Chef d’établissement": 1, "Enseignant": 4, "Élève": 2 })));
    complet = avec(complet, &["etablissement", "circonscription"], Some(json!("Bordeaux Sud")));
    complet = avec(complet, &["diagnostic", "statut"], Some(json!("finalise")));
    v.accepte("diagnostic-commentaires-atelier", TYPE_DIAGNOSTIC_V1, &complet, &cle, 0, "valide.enrole");
    v.accepte("demande-enrolement", TYPE_DEMANDE_V1, &demande_valeur(), &cle, 10, "valide.demande");
    v.accepte("certificat-enrolement", TYPE_CERTIFICAT_V1, &certificat_valeur(), &dane(), 0, "valide.enrole");
    v.accepte("contribution", TYPE_CONTRIBUTION_V1, &contribution_valeur(), &autre(), 10, "valide.contribution");
    for (nom, t, doc) in [
        ("diagnostic-non-enrole", TYPE_DIAGNOSTIC_V1, diag.clone()),
        ("diagnostic-enrole", TYPE_DIAGNOSTIC_V1, enrole.clone()),
        ("diagnostic-commentaires-atelier", TYPE_DIAGNOSTIC_V1, complet.clone()),
        ("demande-enrolement", TYPE_DEMANDE_V1, demande_valeur()),
        ("certificat-enrolement", TYPE_CERTIFICAT_V1, certificat_valeur()),
        ("contribution", TYPE_CONTRIBUTION_V1, contribution_valeur()),
    ] {
        v.admis(nom, t, doc);
    }
    let bornes = [
        ("bissextile", &["plan_action", "0", "echeance"][..], json!("2028-02-29")),
        ("identifiant-maximal", &["diagnostic", "id"][..], json!(9_007_199_254_740_991_u64)),
        ("commentaire-de-1000-caracteres", &["commentaires"][..], json!({ "PIL-1": "é".repeat(1000) })),
        ("action-de-500-caracteres", &["plan_action", "0", "action"][..], json!("a".repeat(500))),
        ("annee-2099-2100", &["annee_scolaire"][..], json!("2099-2100")),
        ("corse", &["etablissement", "departement"][..], json!("2A")),
        ("fin-de-journee", &["genere_le"][..], json!("2026-12-31T23:59:59Z")),
    ];
    for (nom, chemin, valeur) in bornes {
        v.admis(nom, TYPE_DIAGNOSTIC_V1, avec(diag.clone(), chemin, Some(valeur)));
    }

    // ---- the file and its envelope -----------------------------------------------
    let bon = signer(TYPE_DIAGNOSTIC_V1, &diag, &cle);
    let texte = String::from_utf8(bon.clone()).expect("UTF-8");
    v.refus_octets("texte", "Bonjour, voici notre diagnostic.".into(), true, 13, "fichier.inconnu", "ni JSON ni PDF");
    v.refus_octets("coupe", bon[..bon.len() / 2].to_vec(), true, 14, "json.illisible", "JSON coupé avant la fin");
    let mut latin1 = remplacer(&bon, "\"payloadType\"", "\"payloadType\u{e9}\"");
    if let Some(i) = latin1.windows(2).position(|w| w == "é".as_bytes()) {
        latin1.splice(i..i + 2, [0xe9]);
    }
    v.refus_octets("latin1", latin1, true, 14, "json.illisible", "octets qui ne sont pas de l’UTF-8");
    v.refus_octets(
        "json-mal-forme",
        texte.replacen(',', ",,", 1).into_bytes(),
        true,
        14,
        "json.illisible",
        "JSON mal formé (virgule en trop)",
    );
    let mut gros = bon.clone();
    gros.resize(crate::dsse::TAILLE_MAX + 1, b' ');
    v.refus_octets("trop-gros", gros, true, 14, "fichier.trop-gros", "plus de 2 Mio");
    v.refus_octets(
        "enveloppe-champ-inconnu",
        remplacer(&bon, "{", "{\"annotations\":{},"),
        true,
        13,
        "enveloppe.non-conforme",
        "champ inconnu dans l’enveloppe",
    );
    v.refus_octets(
        "enveloppe-cle-en-double",
        remplacer(&bon, "{", "{\"payload\":\"e30=\","),
        true,
        13,
        "enveloppe.non-conforme",
        "clé en double dans l’enveloppe",
    );
    let e: Value = serde_json::from_slice(&bon).expect("JSON");
    let sig = e["signatures"][0].clone();
    let reecrire = |e: Value| canonique::ecrire(&e);
    v.refus_octets(
        "deux-signatures",
        reecrire(avec(e.clone(), &["signatures"], Some(json!([sig, sig])))),
        true,
        13,
        "enveloppe.non-conforme",
        "deux signatures",
    );
    v.refus_octets(
        "sans-signature",
        reecrire(avec(e.clone(), &["signatures"], Some(json!([])))),
        true,
        13,
        "enveloppe.non-conforme",
        "aucune signature",
    );
    v.refus_octets(
        "type-inconnu",
        reecrire(avec(e.clone(), &["payloadType"], Some(json!("application/json")))),
        true,
        13,
        "enveloppe.non-conforme",
        "payloadType inconnu",
    );
    let payload = e["payload"].as_str().expect("payload").to_string();
    let sans_remplissage =
        if payload.ends_with('=') { payload.trim_end_matches('=').to_string() } else { format!("{payload}=") };
    v.refus_octets(
        "payload-mal-rempli",
        reecrire(avec(e.clone(), &["payload"], Some(json!(sans_remplissage)))),
        true,
        13,
        "enveloppe.non-conforme",
        "base64 du contenu mal rempli",
    );
    v.refus_octets(
        "sig-pas-base64",
        reecrire(avec(
            e.clone(),
            &["signatures", "0", "sig"],
            Some(json!(format!("!{}", &sig["sig"].as_str().expect("sig")[1..]))),
        )),
        true,
        13,
        "enveloppe.non-conforme",
        "signature qui n’est pas du base64",
    );
    let mut mauvaise_fin = sig["sig"].as_str().expect("sig").to_string();
    mauvaise_fin.replace_range(85..86, "B");
    v.refus_octets(
        "sig-base64-non-strict",
        reecrire(avec(e.clone(), &["signatures", "0", "sig"], Some(json!(mauvaise_fin)))),
        true,
        13,
        "enveloppe.non-conforme",
        "base64 non strict (bits de fin non nuls)",
    );
    v.refus_octets(
        "cle-hors-courbe",
        reecrire(avec(e.clone(), &["signatures", "0", "keyid"], Some(json!(pas_une_cle())))),
        true,
        12,
        "signature.cle-invalide",
        "keyid qui n’est pas un point de la courbe",
    );
    let mut corps = canonique::ecrire(&diag);
    let i = corps.windows(9).position(|w| w == b"\"PIL-1\":2").expect("PIL-1") + 8;
    corps[i] = b'3';
    v.refus_octets(
        "contenu-modifie",
        reecrire(avec(e.clone(), &["payload"], Some(json!(STANDARD.encode(&corps))))),
        true,
        12,
        "signature.invalide",
        "un octet du contenu modifié après signature",
    );
    let par_autre = Enveloppe::signer(TYPE_DIAGNOSTIC_V1, &canonique::ecrire(&diag), &autre());
    v.refus_octets(
        "signe-par-une-autre-cle",
        reecrire(avec(e, &["signatures", "0", "sig"], Some(json!(par_autre.signatures[0].sig)))),
        true,
        12,
        "signature.invalide",
        "signature d’une autre clé que le keyid",
    );
    let mut sur_autre_type = Enveloppe::signer(TYPE_CONTRIBUTION_V1, &canonique::ecrire(&diag), &cle);
    sur_autre_type.payload_type = TYPE_DIAGNOSTIC_V1.into();
    v.refus_octets(
        "type-change-apres-signature",
        sur_autre_type.octets(),
        true,
        12,
        "signature.invalide",
        "payloadType changé après signature (PAE)",
    );

    // ---- the payload: canonical form ----------------------------------------------
    let canon = String::from_utf8(canonique::ecrire(&diag)).expect("UTF-8");
    let charge_brute = |v: &mut Vecteurs, nom: &str, corps: String, code, motif, regle: &str| {
        v.refus_octets(nom, signer_octets(TYPE_DIAGNOSTIC_V1, corps.as_bytes(), &cle), true, code, motif, regle);
    };
    charge_brute(
        &mut v,
        "contenu-pas-json",
        "diagnostic : PIL-1 = 2".into(),
        13,
        "charge.illisible",
        "contenu signé qui n’est pas du JSON",
    );
    charge_brute(
        &mut v,
        "avec-espaces",
        canon.replacen(',', ", ", 1),
        15,
        "charge.non-canonique",
        "espace entre les membres",
    );
    charge_brute(
        &mut v,
        "cles-non-triees",
        canon.replacen("{\"annee_scolaire\":\"2025-2026\",", "{", 1).replacen(
            '}',
            "},\"annee_scolaire\":\"2025-2026\"",
            1,
        ),
        15,
        "charge.non-canonique",
        "clés hors de l’ordre RFC 8785",
    );
    charge_brute(
        &mut v,
        "cle-en-double",
        canon.replacen("\"PIL-1\":2", "\"PIL-1\":2,\"PIL-1\":3", 1),
        15,
        "charge.non-canonique",
        "clé en double dans « reponses »",
    );
    charge_brute(
        &mut v,
        "entier-ecrit-1.0",
        canon.replacen("\"PIL-1\":2", "\"PIL-1\":2.0", 1),
        15,
        "charge.non-canonique",
        "nombre écrit 2.0",
    );
    charge_brute(
        &mut v,
        "entier-au-dela-de-2-53",
        canon.replacen("\"id\":3", "\"id\":9007199254740993", 1),
        15,
        "charge.non-canonique",
        "entier au-delà de 2^53 (non représentable exactement)",
    );
    charge_brute(
        &mut v,
        "echappement-inutile",
        canon.replacen("SchémaTIC", "Sch\\u00e9maTIC", 1),
        15,
        "charge.non-canonique",
        "caractère échappé sans nécessité",
    );
    charge_brute(
        &mut v,
        "fin-de-ligne",
        format!("{canon}\n"),
        15,
        "charge.non-canonique",
        "fin de ligne après le JSON",
    );

    // ---- the payload: schema ------------------------------------------------------
    v.diagnostic_schema(
        "entier-2-53",
        &["diagnostic", "id"],
        Some(json!(9_007_199_254_740_992_u64)),
        "entier égal à 2^53 (au-delà d’I-JSON)",
    );
    v.diagnostic_schema("genere-le-hier", &["genere_le"], Some(json!("hier")), "genere_le qui n’est pas une date");
    v.diagnostic_schema(
        "genere-le-fraction",
        &["genere_le"],
        Some(json!("2026-03-12T10:00:00.5Z")),
        "genere_le avec une fraction de seconde",
    );
    v.diagnostic_schema(
        "genere-le-decalage",
        &["genere_le"],
        Some(json!("2026-03-12T11:00:00+01:00")),
        "genere_le avec un décalage horaire",
    );
    v.diagnostic_schema(
        "genere-le-30-fevrier",
        &["genere_le"],
        Some(json!("2026-02-30T10:00:00Z")),
        "genere_le un jour qui n’existe pas",
    );
    v.diagnostic_schema(
        "genere-le-an-9999",
        &["genere_le"],
        Some(json!("9999-03-12T10:00:00Z")),
        "genere_le hors de 2000–2099",
    );
    v.diagnostic_schema("genere-le-vide", &["genere_le"], Some(json!("")), "genere_le vide");
    v.diagnostic_schema(
        "circonscription-null",
        &["etablissement", "circonscription"],
        Some(Value::Null),
        "null dans un champ facultatif",
    );
    v.diagnostic_schema(
        "commentaire-1001-caracteres",
        &["commentaires"],
        Some(json!({ "PIL-1": "x".repeat(1001) })),
        "commentaire de plus de 1000 caractères",
    );
    v.diagnostic_schema("commentaire-vide", &["commentaires"], Some(json!({ "PIL-1": "" })), "commentaire vide");
    v.diagnostic_schema(
        "type-etablissement-inconnu",
        &["etablissement", "type"],
        Some(json!("lycee-agricole")),
        "type d’établissement hors liste",
    );
    v.diagnostic_schema(
        "type-formule",
        &["etablissement", "type"],
        Some(json!("=HYPERLINK(\"x\")")),
        "type d’établissement qui est une formule",
    );
    v.diagnostic_schema(
        "statut-action-inconnu",
        &["plan_action", "0", "statut"],
        Some(json!("annule")),
        "statut d’action hors liste",
    );
    v.diagnostic_schema(
        "maturite-301",
        &["resultats", "0", "maturite_centiemes"],
        Some(json!(301)),
        "maturite_centiemes au-dessus de 300",
    );
    v.diagnostic_schema("niveau-cible-0", &["plan_action", "0", "niveau_cible"], Some(json!(0)), "niveau visé 0");
    v.diagnostic_schema(
        "item-minuscule",
        &["reponses"],
        Some(json!({ "pil-1": 2 })),
        "identifiant d’item en minuscules",
    );
    v.diagnostic_schema(
        "echeance-francaise",
        &["plan_action", "0", "echeance"],
        Some(json!("30/06/2027")),
        "échéance écrite JJ/MM/AAAA",
    );
    v.diagnostic_schema(
        "echeance-29-fevrier-2027",
        &["plan_action", "0", "echeance"],
        Some(json!("2027-02-29")),
        "échéance un 29 février d’année non bissextile",
    );
    v.diagnostic_schema(
        "uai-mauvaise-lettre",
        &["etablissement", "uai"],
        Some(json!("0330021A")),
        "lettre de contrôle de l’UAI fausse",
    );
    v.diagnostic_schema("uai-minuscule", &["etablissement", "uai"], Some(json!("0330021u")), "UAI en minuscule");
    v.diagnostic_schema("annee-2026-2029", &["annee_scolaire"], Some(json!("2026-2029")), "années non consécutives");
    v.diagnostic_schema(
        "annee-2100-2101",
        &["annee_scolaire"],
        Some(json!("2100-2101")),
        "année scolaire hors de 2000-2001 à 2099-2100",
    );
    v.diagnostic_schema("champ-inconnu", &["nom_etablissement"], Some(json!("Collège Jean Moulin")), "champ inconnu");
    v.diagnostic_schema("reponses-absent", &["reponses"], None, "champ obligatoire absent");
    v.diagnostic_schema("niveau-4", &["reponses", "PIL-1"], Some(json!(4)), "niveau 4");
    v.diagnostic_schema("niveau-texte", &["reponses", "PIL-1"], Some(json!("2")), "niveau écrit comme une chaîne");
    v.diagnostic_schema(
        "responsable-nomme",
        &["plan_action", "0", "responsable"],
        Some(json!("M. Dupont")),
        "responsable qui n’est pas un rôle de la liste",
    );
    v.diagnostic_schema(
        "participants-par-code",
        &["participants"],
        Some(json!({ "enseignant": 2 })),
        "participants comptés par code et non par libellé",
    );
    v.diagnostic_schema("participants-zero", &["participants"], Some(json!({ "Enseignant": 0 })), "rôle compté 0 fois");
    v.diagnostic_schema(
        "academie-inconnue",
        &["etablissement", "academie"],
        Some(json!("Atlantide")),
        "académie hors liste",
    );
    v.diagnostic_schema(
        "departement-inconnu",
        &["etablissement", "departement"],
        Some(json!("99")),
        "département hors liste",
    );
    v.diagnostic_schema("revision-0", &["diagnostic", "revision"], Some(json!(0)), "révision 0");
    v.diagnostic_schema("revision-10000", &["diagnostic", "revision"], Some(json!(10000)), "révision au-delà de 9999");
    v.diagnostic_schema("id-negatif", &["diagnostic", "id"], Some(json!(-3)), "identifiant négatif");
    v.diagnostic_schema(
        "non-renseigne-en-double",
        &["non_renseignes"],
        Some(json!(["PED-3", "PED-3"])),
        "item non renseigné listé deux fois",
    );
    v.diagnostic_schema("format-autre", &["format"], Some(json!("schematic.autre")), "format inconnu");
    v.diagnostic_schema("version-format-2", &["version_format"], Some(json!(2)), "version de format inconnue");
    v.diagnostic_schema(
        "empreinte-referentiel-majuscules",
        &["referentiel", "empreinte"],
        Some(json!("AB".repeat(32))),
        "empreinte du référentiel en majuscules",
    );
    v.diagnostic_schema(
        "cle-pas-keyid",
        &["cle"],
        Some(json!("3BB3 A921 81D8 D9DE")),
        "clé écrite comme une empreinte",
    );
    v.diagnostic_schema("certificat-null", &["certificat"], Some(Value::Null), "certificat null");
    v.diagnostic_schema("action-vide", &["plan_action", "0", "action"], Some(json!("")), "action vide");
    v.diagnostic_schema(
        "action-501-caracteres",
        &["plan_action", "0", "action"],
        Some(json!("a".repeat(501))),
        "action de plus de 500 caractères",
    );
    v.diagnostic_schema("booleen", &["diagnostic", "statut"], Some(json!(true)), "booléen au lieu d’un statut");

    // ---- the payload: rules a schema cannot state --------------------------------------
    let double = avec(diag.clone(), &["non_renseignes"], Some(json!(["PED-3", "PIL-1"])));
    v.admis("item-renseigne-et-non-renseigne", TYPE_DIAGNOSTIC_V1, double.clone());
    v.refus_octets(
        "item-renseigne-et-non-renseigne",
        signer(TYPE_DIAGNOSTIC_V1, &double, &cle),
        true,
        13,
        "charge.item-en-double",
        "un item à la fois renseigné et non renseigné",
    );
    let autre_cle = avec(diag.clone(), &["cle"], Some(json!(autre().publique().keyid())));
    v.refus_octets(
        "cle-annoncee-autre",
        signer(TYPE_DIAGNOSTIC_V1, &autre_cle, &cle),
        true,
        12,
        "charge.autre-signataire",
        "« cle » n’est pas la clé qui signe",
    );

    // ---- the certificate a diagnostic carries -------------------------------------------
    let cert = certificat_valeur();
    let avec_certificat = |c: Value| avec(diag.clone(), &["certificat"], Some(c));
    let cas_certificat = |v: &mut Vecteurs, nom: &str, c: Value, motif: &'static str, regle: &str| {
        v.refus_octets(nom, signer(TYPE_DIAGNOSTIC_V1, &avec_certificat(c), &cle), true, 11, motif, regle);
    };
    let mut falsifie = certificat;
    falsifie["payload"] =
        json!(STANDARD.encode(canonique::ecrire(&avec(cert.clone(), &["valide_au"], Some(json!("2099-12-31"))))));
    cas_certificat(
        &mut v,
        "certificat-falsifie",
        falsifie,
        "certificat.invalide",
        "certificat modifié après sa signature par la DANE",
    );
    cas_certificat(
        &mut v,
        "certificat-30-fevrier",
        certificat_enveloppe(&avec(cert.clone(), &["valide_au"], Some(json!("2029-02-30"))), &dane()),
        "certificat.invalide",
        "certificat valable jusqu’à un jour qui n’existe pas",
    );
    cas_certificat(
        &mut v,
        "certificat-dates-inversees",
        certificat_enveloppe(&avec(cert.clone(), &["valide_du"], Some(json!("2030-01-01"))), &dane()),
        "certificat.invalide",
        "certificat dont la validité finit avant de commencer",
    );
    cas_certificat(
        &mut v,
        "certificat-numero-entier",
        certificat_enveloppe(&avec(cert.clone(), &["numero"], Some(json!(12))), &dane()),
        "certificat.invalide",
        "numéro de certificat écrit comme un entier",
    );
    cas_certificat(
        &mut v,
        "certificat-emis-le-hier",
        certificat_enveloppe(&avec(cert.clone(), &["emis_le"], Some(json!("hier"))), &dane()),
        "certificat.invalide",
        "emis_le qui n’est pas une date",
    );
    cas_certificat(
        &mut v,
        "certificat-signe-par-une-autre-cle",
        certificat_enveloppe(&cert, &autre()),
        "certificat.invalide",
        "certificat qui n’est pas signé par la clé DANE qu’il annonce",
    );
    cas_certificat(
        &mut v,
        "certificat-autre-etablissement",
        certificat_enveloppe(&avec(cert.clone(), &["uai"], Some(json!("0951099D"))), &dane()),
        "certificat.autre-etablissement",
        "certificat d’un autre établissement",
    );
    cas_certificat(
        &mut v,
        "certificat-autre-cle",
        certificat_enveloppe(&avec(cert.clone(), &["cle"], Some(json!(autre().publique().keyid()))), &dane()),
        "certificat.autre-cle",
        "certificat d’une autre clé",
    );
    cas_certificat(
        &mut v,
        "certificat-expire",
        certificat_enveloppe(&avec(cert.clone(), &["valide_au"], Some(json!("2026-03-11"))), &dane()),
        "certificat.hors-validite",
        "certificat expiré la veille de la signature",
    );
    cas_certificat(
        &mut v,
        "certificat-pas-encore-valable",
        certificat_enveloppe(&avec(cert.clone(), &["valide_du"], Some(json!("2026-03-13"))), &dane()),
        "certificat.hors-validite",
        "certificat valable le lendemain de la signature",
    );
    let autre_dane = avec(cert.clone(), &["dane"], Some(json!(autre().publique().keyid())));
    cas_certificat(
        &mut v,
        "certificat-autre-dane",
        certificat_enveloppe(&autre_dane, &autre()),
        "certificat.dane-non-reconnue",
        "certificat d’une DANE qui n’est pas celle de confiance",
    );

    // ---- the other documents ------------------------------------------------------------
    v.refus_schema(
        "demande-uai-invalide",
        TYPE_DEMANDE_V1,
        avec(demande_valeur(), &["uai"], Some(json!("0330021A"))),
        "demande : UAI dont la lettre est fausse",
    );
    v.refus_schema(
        "demande-date-locale",
        TYPE_DEMANDE_V1,
        avec(demande_valeur(), &["date"], Some(json!("05/01/2026 09:00"))),
        "demande : date qui n’est pas RFC 3339",
    );
    v.refus_octets(
        "demande-autre-cle",
        signer(TYPE_DEMANDE_V1, &demande_valeur(), &autre()),
        true,
        12,
        "charge.autre-signataire",
        "demande signée par une autre clé que celle qu’elle présente",
    );
    v.refus_schema(
        "certificat-numero-minuscules",
        TYPE_CERTIFICAT_V1,
        avec(cert.clone(), &["numero"], Some(json!("bdx-2026-1"))),
        "certificat : numéro en minuscules",
    );
    let inverse = avec(cert.clone(), &["valide_du"], Some(json!("2030-01-01")));
    v.admis("certificat-dates-inversees", TYPE_CERTIFICAT_V1, inverse.clone());
    v.refus_octets(
        "certificat-seul-dates-inversees",
        signer(TYPE_CERTIFICAT_V1, &inverse, &dane()),
        true,
        13,
        "charge.dates-inversees",
        "certificat dont la validité finit avant de commencer",
    );
    v.refus_octets(
        "certificat-seul-autre-dane",
        signer(TYPE_CERTIFICAT_V1, &autre_dane, &autre()),
        true,
        11,
        "certificat.dane-non-reconnue",
        "certificat d’une DANE qui n’est pas celle de confiance",
    );
    v.refus_octets(
        "certificat-seul-signe-par-une-autre-cle",
        signer(TYPE_CERTIFICAT_V1, &cert, &autre()),
        true,
        12,
        "charge.autre-signataire",
        "certificat qui n’est pas signé par la clé DANE qu’il annonce",
    );
    v.refus_schema(
        "contribution-role-inconnu",
        TYPE_CONTRIBUTION_V1,
        avec(contribution_valeur(), &["role"], Some(json!("directeur"))),
        "contribution : rôle hors liste",
    );
    v.refus_schema(
        "contribution-vote-4",
        TYPE_CONTRIBUTION_V1,
        avec(contribution_valeur(), &["votes", "PIL-1"], Some(json!(4))),
        "contribution : vote 4",
    );
    v.refus_schema(
        "contribution-prenom",
        TYPE_CONTRIBUTION_V1,
        avec(contribution_valeur(), &["prenom"], Some(json!("Camille"))),
        "contribution : un prénom",
    );
    v.refus_octets(
        "contribution-autre-cle",
        signer(TYPE_CONTRIBUTION_V1, &contribution_valeur(), &cle),
        true,
        12,
        "charge.autre-signataire",
        "contribution signée par une autre clé que celle qu’elle annonce",
    );

    rapports_et_pages(&mut v);

    // ---- the DANE public key file: a verifier refuses to start (exit code 2) ---------------
    let bon_fichier = "acceptes/diagnostic-enrole.json";
    for (nom, contenu, regle) in [
        ("cle-dane-vide.pub", String::new(), "fichier de clé vide"),
        ("cle-dane-courte.pub", format!("ed25519:{}\n", STANDARD.encode([7u8; 16])), "clé de 16 octets"),
        ("cle-dane-hors-courbe.pub", format!("{}\n", pas_une_cle()), "clé qui n’est pas un point de la courbe"),
        ("cle-dane-pas-base64.pub", "# clé\nceci n’est pas une clé\n".into(), "texte qui n’est pas du base64"),
    ] {
        let chemin = format!("refuses/{nom}");
        v.fichier(&chemin, contenu.into_bytes());
        v.attendus.push(Attendu {
            fichier: bon_fichier.into(),
            cle_dane: chemin,
            code: 2,
            motif: "-",
            regle: regle.into(),
        });
    }
    v
}

/// A code drawn as a PNG, four pixels a module, with its quiet zone: what a
/// clean scan of a page's code gives.
fn image_du_code(code: &crate::papier::CodePage) -> Vec<u8> {
    let (modules, largeur) = crate::papier::modules(code);
    let cote = u32::try_from((largeur + 8) * 4).expect("small");
    let image = image::GrayImage::from_fn(cote, cote, |x, y| {
        let (c, l) = ((x / 4) as usize, (y / 4) as usize);
        let sombre =
            (4..largeur + 4).contains(&c) && (4..largeur + 4).contains(&l) && modules[(l - 4) * largeur + c - 4];
        image::Luma([if sombre { 0 } else { 255 }])
    });
    png(&image)
}

fn png(image: &image::GrayImage) -> Vec<u8> {
    let mut o = std::io::Cursor::new(Vec::new());
    image.write_to(&mut o, image::ImageFormat::Png).expect("PNG in memory");
    o.into_inner()
}

/// The PDF report and its pages: a genuine report, the ways a report is
/// refused, and scanned codes.
fn rapports_et_pages(v: &mut Vecteurs) {
    use crate::papier::{CodePage, ContenuCode};
    use crate::rapport::PIECE_JOINTE;
    let cle = etablissement();
    let json = diagnostic(&cle).signer(&cle).octets();
    let pdf = crate::rapport::generer(&crate::rapport::tests::donnees(json.clone()), &cle);
    v.fige("rapport.pdf", pdf.clone(), 10, "valide.non-enrole", "rapport PDF scellé");

    let mut doc = lopdf::Document::load_mem(&pdf).expect("our PDF");
    doc.catalog_mut().expect("catalog").remove(b"SchemaTIC_Liaison");
    let mut sans = Vec::new();
    doc.save_to(&mut sans).expect("in memory");
    v.fige("rapport-non-scelle.pdf", sans, 16, "pdf.non-scelle", "rapport sans sceau (écrit après 0.1.0)");

    let mut allonge = pdf.clone();
    allonge.extend_from_slice(b"\n% ajout\n");
    v.fige("rapport-octets-apres-eof.pdf", allonge, 16, "pdf.modifie", "octets ajoutés après %%EOF");

    let mut d3 = diagnostic(&cle);
    d3.diagnostic.revision = 3;
    let json3 = d3.signer(&cle).octets();
    let debut = pdf.windows(json.len()).position(|w| w == json.as_slice()).expect("attachment stored as is");
    let mut autre = pdf.clone();
    autre[debut..debut + json3.len()].copy_from_slice(&json3);
    v.fige(
        "rapport-autre-diagnostic.pdf",
        autre,
        16,
        "pdf.sceau-invalide",
        "pièce jointe remplacée par un autre diagnostic (même longueur)",
    );

    let nom = format!("({PIECE_JOINTE})");
    let i = pdf.windows(nom.len()).position(|w| w == nom.as_bytes()).expect("name written");
    let mut renomme = pdf;
    renomme[i + 1..i + 5].copy_from_slice(b"DIAG");
    v.fige("rapport-piece-renommee.pdf", renomme, 13, "pdf.sans-diagnostic", "pièce jointe sous un autre nom");

    let e = Enveloppe::lire(&json).expect("ours");
    let charge = STANDARD.decode(&e.payload).expect("base64");
    let code = |page: u8, contenu| CodePage {
        page,
        total: 4,
        cle: cle.publique().octets(),
        signature: STANDARD.decode(&e.signatures[0].sig).expect("base64").try_into().expect("64 bytes"),
        contenu,
    };
    use sha2::Digest;
    let empreinte: [u8; 32] = sha2::Sha256::digest(&charge).into();
    v.fige(
        "page-1.png",
        image_du_code(&code(1, ContenuCode::Complet(charge.clone()))),
        10,
        "valide.non-enrole",
        "code QR de la couverture : le diagnostic entier",
    );
    v.fige(
        "page-2-reference.png",
        image_du_code(&code(2, ContenuCode::Reference(empreinte))),
        13,
        "image.reference",
        "code QR d’une page : la référence seule",
    );
    v.fige(
        "image-sans-code.png",
        png(&image::GrayImage::from_pixel(120, 120, image::Luma([255]))),
        13,
        "image.sans-code",
        "image sans code QR",
    );
    let page = image_du_code(&code(1, ContenuCode::Complet(charge)));
    v.fige("image-tronquee.png", page[..page.len() / 2].to_vec(), 14, "image.illisible", "PNG coupé en deux");
}

/// `vecteurs.tsv`: the expected verdicts, one line per check.
pub(crate) fn index(v: &Vecteurs) -> String {
    let mut t = String::from("# fichier\tcle_dane\tcode\tmotif\tregle\n");
    for a in &v.attendus {
        t.push_str(&format!("{}\t{}\t{}\t{}\t{}\n", a.fichier, a.cle_dane, a.code, a.motif, a.regle));
    }
    t
}

/// `corpus-schemas.json`: the schema corpus.
pub(crate) fn corpus(v: &Vecteurs) -> Vec<u8> {
    let cas: Vec<Value> = v
        .corpus
        .iter()
        .map(|c| json!({ "nom": c.nom, "schema": c.schema, "accepte": c.accepte, "document": c.document }))
        .collect();
    let mut o = serde_json::to_vec_pretty(&cas).expect("JSON");
    o.push(b'\n');
    o
}

pub(crate) fn dossier() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/format-v1/vecteurs")
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::verification::{Motif, verifier};

    fn tous_les_fichiers(v: &Vecteurs) -> Vec<(String, Vec<u8>)> {
        let mut f: Vec<(String, Vec<u8>)> = v.fichiers.iter().map(|f| (f.nom.clone(), f.octets.clone())).collect();
        f.push(("vecteurs.tsv".into(), index(v).into_bytes()));
        f.push(("corpus-schemas.json".into(), corpus(v)));
        f.push(("cle-etablissement.graine.hex".into(), format!("{}\n", hex(&GRAINE_ETABLISSEMENT)).into_bytes()));
        f.push(("cle-dane.graine.hex".into(), format!("{}\n", hex(&GRAINE_DANE)).into_bytes()));
        f.push(("cle-autre.graine.hex".into(), format!("{}\n", hex(&GRAINE_AUTRE)).into_bytes()));
        f
    }

    fn hex(o: &[u8]) -> String {
        o.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn vectors_are_reproduced_byte_for_byte() {
        let v = generer();
        let racine = dossier();
        let ecrire = std::env::var_os("SCHEMATIC_ECRIRE_VECTEURS").is_some();
        if ecrire {
            let _ = fs::remove_dir_all(&racine);
        }
        if ecrire {
            for f in &v.figes {
                let chemin = racine.join(&f.nom);
                fs::create_dir_all(chemin.parent().unwrap()).unwrap();
                fs::write(&chemin, &f.octets).unwrap();
            }
        }
        for (nom, octets) in tous_les_fichiers(&v) {
            let chemin = racine.join(&nom);
            if ecrire {
                fs::create_dir_all(chemin.parent().unwrap()).unwrap();
                fs::write(&chemin, &octets).unwrap();
            } else {
                let lu =
                    fs::read(&chemin).unwrap_or_else(|e| panic!("{nom}: {e} (SCHEMATIC_ECRIRE_VECTEURS=1 to write)"));
                assert!(
                    lu == octets,
                    "{nom} differs from what the code produces (SCHEMATIC_ECRIRE_VECTEURS=1 to rewrite)"
                );
            }
        }
    }

    #[test]
    fn there_are_at_least_forty_refused_vectors_and_every_motif_has_one() {
        let v = generer();
        let refuses = v.attendus.iter().filter(|a| a.fichier.starts_with("refuses/") || a.code == 2).count();
        assert!(refuses >= 40, "{refuses} refused vectors");
        for m in Motif::TOUS {
            if matches!(m, Motif::FichierIllisible | Motif::ImageAutreDiagnostic | Motif::PdfTropGros) {
                // An unreadable file cannot be committed, a page against a
                // reference is a CLI test, a 20 MiB PDF a report test.
                continue;
            }
            assert!(v.attendus.iter().any(|a| a.motif == m.code()), "no vector for {}", m.code());
        }
    }

    /// This crate's verifier gives every expected verdict (the CLI test does the
    /// same through `schematic verifier`, and with the DANE key file).
    #[test]
    fn the_verifier_gives_every_expected_verdict() {
        let v = generer();
        let confiance = [dane().publique()];
        for a in v.attendus.iter().filter(|a| a.code != 2) {
            let octets = fs::read(dossier().join(&a.fichier)).unwrap();
            let r = verifier(&octets, if a.cle_dane == "-" { &[] } else { &confiance });
            assert_eq!(
                (r.verdict.code_sortie(), r.motif.code()),
                (a.code, a.motif),
                "{} ({}): {}",
                a.fichier,
                a.regle,
                r.detail
            );
        }
    }
}
