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
use crate::format_diagnostic::{
    ActionCharge, ChargeDiagnostic, EtablissementCharge, FORMAT, InfoDiagnosticCharge, ReferentielCharge,
    reponses_charge,
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

/// The vectors are frozen on `eple` 2026.1, whatever newer versions exist.
fn referentiel() -> &'static Referentiel {
    Referentiel::publie("eple", "2026.1").expect("eple 2026.1 is embedded")
}

/// The diagnostic of every format 1 vector: every item of `eple` 2026.1
/// answered but two, results computed from the referential, one action.
pub(crate) fn diagnostic(cle: &CleInstallation) -> ChargeDiagnostic {
    let r = referentiel();
    let niveaux = [2, 1, 2, 0, 3, 2, 1, 1, 2, 2, 3, 1, 1, 2, 0, 1, 2, 1];
    let mut reponses = BTreeMap::new();
    for (item, n) in r.items().zip(niveaux) {
        reponses.insert(item.id.clone(), Reponse::depuis_valeur(Some(n)).expect("0 to 3"));
    }
    let (niveaux, non_renseignes, mut resultats) = reponses_charge(r, &reponses);
    // Format 1 has no « non applicable » count.
    for d in &mut resultats {
        d.non_applicables = None;
    }
    ChargeDiagnostic {
        format: FORMAT.into(),
        version_format: 1,
        application: "SchémaTIC 0.2.0".into(),
        genere_le: "2026-03-12T10:00:00Z".into(),
        cle: cle.publique().keyid(),
        referentiel: ReferentielCharge { id: r.id.clone(), version: r.version.clone(), empreinte: r.empreinte() },
        etablissement: EtablissementCharge {
            uai: "0330021U".into(),
            type_etablissement: "college".into(),
            academie: "Bordeaux".into(),
            departement: "33".into(),
            circonscription: None,
        },
        annee_scolaire: "2025-2026".into(),
        diagnostic: InfoDiagnosticCharge { id: 3, revision: 2, statut: "brouillon".into() },
        reponses: niveaux,
        non_renseignes,
        resultats,
        plan_action: vec![ActionCharge {
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
        let cle = if type_charge == TYPE_CERTIFICAT_V1 || type_charge == crate::reperes::TYPE_REPERES_V1 {
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
        crate::dsse::TYPE_DIAGNOSTIC_V2 => "diagnostic-v2.schema.json",
        TYPE_DEMANDE_V1 => "demande-enrolement-v1.schema.json",
        TYPE_CERTIFICAT_V1 => "certificat-enrolement-v1.schema.json",
        crate::reperes::TYPE_REPERES_V1 => "reperes-territoriaux-v1.schema.json",
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

mod pages;
mod refus;
mod reperes;
mod v2;

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

    refus::enveloppe_et_charge(&mut v, &diag);
    refus::certificats_et_autres_documents(&mut v, &diag, &certificat);
    pages::rapports_et_pages(&mut v);
    v2::format_2(&mut v, &certificat);
    reperes::reperes(&mut v);

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
mod tests;
