//! The published JSON Schemas of every exchanged document, built from the
//! same constants the rest of the code uses (roles, statuses, académies,
//! limits), and the validator that applies them. The files in `docs/format/`
//! are these values written out (`cargo xtask codegen`; a test fails when they
//! are stale), so what the specification publishes is exactly what the code
//! enforces: one source of truth.
//!
//! The schemas use JSON Schema 2020-12 and three `format`s: `date` and
//! `date-time` as RFC 3339 defines them (real calendar dates), and `uai`, the
//! UAI check letter, specified in `docs/format/diagnostic-v1.md`.

mod validation;

use serde_json::{Value, json};

use schematic_core::annuaire::FAMILLES;
use schematic_core::atelier::ROLES_PARTICIPANT;
use schematic_core::diagnostic::COMMENTAIRE_MAX;
use schematic_core::plan_action::{ACTION_MAX, ROLE_AUTRE, ROLES, StatutAction};
use schematic_core::territoire::{DEPARTEMENTS, REGIONS_ACADEMIQUES, academies};
use schematic_core::{AnneeScolaire, TypeEtablissement};

pub use validation::{Ecart, Schema};

use crate::contribution::TYPE_CONTRIBUTION_V1;
use crate::dsse::{TYPE_DIAGNOSTIC_V1, TYPE_DIAGNOSTIC_V2};
use crate::enrolement::{TYPE_CERTIFICAT_V1, TYPE_DEMANDE_V1};
use crate::pdf::TYPE_LIAISON_V1;
use crate::reperes::{FORMAT_REPERES, SECRET, TYPE_REPERES_V1};

/// The largest integer a payload may hold: I-JSON's 2^53 − 1, so that every
/// number is exact in every language's JSON parser.
pub const ENTIER_MAX: u64 = (1 << 53) - 1;

/// Upper bound of a diagnostic's revision number.
pub const REVISION_MAX: u32 = 9999;

const URL: &str = "https://schematic.invalid/schemas/";

/// Each published schema: file name in `docs/format/` and its value.
pub fn publies() -> Vec<(&'static str, Value)> {
    vec![
        ("enveloppe.schema.json", enveloppe()),
        ("diagnostic-v1.schema.json", diagnostic()),
        ("diagnostic-v2.schema.json", diagnostic_v2()),
        ("demande-enrolement-v1.schema.json", demande()),
        ("certificat-enrolement-v1.schema.json", certificat()),
        ("contribution-v1.schema.json", contribution()),
        ("liaison-pdf-v1.schema.json", liaison()),
        ("reperes-territoriaux-v1.schema.json", reperes()),
    ]
}

fn texte(min: usize, max: usize, description: &str) -> Value {
    json!({ "type": "string", "minLength": min, "maxLength": max, "description": description })
}

fn motif(motif: &str, description: &str) -> Value {
    json!({ "type": "string", "pattern": motif, "description": description })
}

fn entier(min: u64, max: u64, description: &str) -> Value {
    json!({ "type": "integer", "minimum": min, "maximum": max, "description": description })
}

fn liste(valeurs: &[&str], description: &str) -> Value {
    json!({ "enum": valeurs, "description": description })
}

fn objet(requis: &[&str], proprietes: Value) -> Value {
    let mut o = json!({ "type": "object", "additionalProperties": false, "required": requis });
    o["properties"] = proprietes;
    o
}

/// Strict base64 of 32 bytes (the last character carries 4 bits, the other 2 zero).
const B64_32: &str = "[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=";
/// Strict base64 of 64 bytes.
const B64_64: &str = "[A-Za-z0-9+/]{85}[AQgw]==";
/// Strict base64 of any bytes: padding, and zero bits after the last byte.
const B64: &str = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)?$";

fn keyid(description: &str) -> Value {
    motif(&format!("^ed25519:{B64_32}$"), description)
}

fn horodatage(description: &str) -> Value {
    json!({
        "type": "string",
        "format": "date-time",
        "pattern": "^20[0-9]{2}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$",
        "description": description,
    })
}

fn date(description: &str) -> Value {
    json!({
        "type": "string",
        "format": "date",
        "pattern": "^20[0-9]{2}-[0-9]{2}-[0-9]{2}$",
        "description": description,
    })
}

fn uai() -> Value {
    json!({
        "type": "string",
        "pattern": "^[0-9]{7}[A-HJ-NPR-Z]$",
        "format": "uai",
        "description": "un code UAI : 7 chiffres puis la lettre de contrôle, en majuscule (par exemple 0330021U)",
    })
}

fn annees_scolaires() -> Vec<String> {
    (0..=u16::MAX).map_while(|n| AnneeScolaire::commencant_en(2000 + n).ok()).map(|a| a.to_string()).collect()
}

fn annee_scolaire() -> Value {
    json!({
        "enum": annees_scolaires(),
        "description": "une année scolaire : deux années consécutives de 2000-2001 à 2099-2100 (par exemple 2025-2026)",
    })
}

fn referentiel() -> Value {
    objet(
        &["id", "version", "empreinte"],
        json!({
            "id": motif("^[a-z0-9-]{1,40}$", "l’identifiant du référentiel : minuscules, chiffres et tirets (ecole, eple)"),
            "version": motif("^[0-9A-Za-z.-]{1,20}$", "la version du référentiel (par exemple 2026.1)"),
            "empreinte": motif("^[0-9a-f]{64}$", "l’empreinte SHA-256 du référentiel, 64 chiffres hexadécimaux en minuscules"),
        }),
    )
}

fn niveau() -> Value {
    json!({
        "oneOf": [
            { "type": "integer", "minimum": 1, "maximum": 3 },
            { "const": "aucun" },
        ],
        "description": "un niveau : 1, 2, 3, ou \"aucun\" (aucun niveau atteint)",
    })
}

/// An answer of format 2: a level, « aucun », or « na » (non applicable).
fn reponse_v2() -> Value {
    json!({
        "oneOf": [
            { "type": "integer", "minimum": 1, "maximum": 3 },
            { "enum": ["aucun", "na"] },
        ],
        "description": "une réponse : 1, 2, 3, \"aucun\" (aucun niveau atteint) ou \"na\" (non applicable)",
    })
}

/// The fields a diagnostic and a contribution start with: what they are,
/// who wrote them, when, and the key that signs.
fn entete(schema: &mut Value, format: &str) {
    entete_version(schema, format, 1);
}

fn entete_version(schema: &mut Value, format: &str, version: u32) {
    let champs = json!({
        "format": { "const": format, "description": format!("\"{format}\"") },
        "version_format": { "const": version, "description": version.to_string() },
        "application": texte(1, 100, "le nom et la version du logiciel qui a écrit le fichier, 1 à 100 caractères"),
        "genere_le": horodatage("une date et heure RFC 3339 en UTC, à la seconde, de l’an 2000 à 2099 (par exemple 2026-03-12T10:00:00Z)"),
        "cle": keyid("le keyid de la clé qui signe : « ed25519: » suivi de la clé publique en base64 strict"),
    });
    if let (Some(requis), Value::Object(champs)) = (schema["required"].as_array_mut(), &champs) {
        let debut: Vec<Value> = champs.keys().map(|k| Value::String(k.clone())).collect();
        requis.splice(0..0, debut);
    }
    if let (Some(proprietes), Value::Object(champs)) = (schema["properties"].as_object_mut(), champs) {
        proprietes.extend(champs);
    }
}

fn defs() -> Value {
    json!({
        "item": motif("^[A-Z]{2,5}-[0-9]{1,2}$", "un identifiant d’item : 2 à 5 majuscules, un tiret, 1 ou 2 chiffres (PIL-1)"),
    })
}

fn racine(nom: &str, titre: &str, schema: Value) -> Value {
    let mut s = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{URL}{nom}"),
        "title": titre,
    });
    if let (Some(s), Value::Object(o)) = (s.as_object_mut(), schema) {
        s.extend(o);
    }
    s
}

/// The DSSE envelope of one of `types`.
fn forme_enveloppe(types: &[&str]) -> Value {
    objet(
        &["payload", "payloadType", "signatures"],
        json!({
            "payloadType": liste(types, "le type du contenu signé"),
            "payload": motif(B64, "les octets du contenu signé en base64 strict (alphabet standard, avec remplissage)"),
            "signatures": {
                "type": "array",
                "minItems": 1,
                "maxItems": 1,
                "description": "exactement une signature",
                "items": objet(
                    &["keyid", "sig"],
                    json!({
                        "keyid": keyid("« ed25519: » suivi des 32 octets de la clé publique en base64 strict"),
                        "sig": motif(&format!("^{B64_64}$"), "les 64 octets de la signature Ed25519 en base64 strict"),
                    }),
                ),
            },
        }),
    )
}

/// Any SchémaTIC envelope, before its type is known.
pub fn enveloppe() -> Value {
    racine(
        "enveloppe.schema.json",
        "Enveloppe DSSE d’un document SchémaTIC signé",
        forme_enveloppe(&[
            TYPE_DIAGNOSTIC_V1,
            TYPE_DIAGNOSTIC_V2,
            TYPE_DEMANDE_V1,
            TYPE_CERTIFICAT_V1,
            TYPE_CONTRIBUTION_V1,
            TYPE_REPERES_V1,
        ]),
    )
}

/// The envelope of a PDF report's binding statement (not a file of its own).
pub fn enveloppe_liaison() -> Value {
    racine(
        "enveloppe-liaison.schema.json",
        "Enveloppe DSSE du sceau d’un rapport PDF",
        forme_enveloppe(&[TYPE_LIAISON_V1]),
    )
}

/// The payload of a PDF report's binding statement.
pub fn liaison() -> Value {
    let empreinte = |d: &str| motif("^[0-9a-f]{64}$", d);
    racine(
        "liaison-pdf-v1.schema.json",
        "Charge utile du sceau d’un rapport PDF SchémaTIC, format 1",
        objet(
            &["format", "version_format", "charge", "pdf", "pages"],
            json!({
                "format": { "const": "schematic.liaison-pdf", "description": "\"schematic.liaison-pdf\"" },
                "version_format": { "const": 1, "description": "1" },
                "charge": empreinte("le SHA-256 de la charge utile du diagnostic joint, 64 chiffres hexadécimaux en minuscules"),
                "pdf": empreinte("le SHA-256 des octets du fichier hors du sceau, 64 chiffres hexadécimaux en minuscules"),
                "pages": entier(1, 255, "le nombre de pages, de 1 à 255"),
            }),
        ),
    )
}

/// The payload of a signed diagnostic, format 1.
pub fn diagnostic() -> Value {
    let responsables: Vec<&str> = ROLES.iter().copied().chain([ROLE_AUTRE]).collect();
    let statuts: Vec<&str> = StatutAction::TOUS.iter().map(|s| s.code()).collect();
    let types: Vec<&str> = TypeEtablissement::TOUS.iter().map(|t| t.code()).collect();
    let departements: Vec<&str> = DEPARTEMENTS.iter().map(|d| d.code).collect();
    let libelles: Vec<&str> = ROLES_PARTICIPANT.iter().map(|(_, l)| *l).collect();
    let mut s = objet(
        &[
            "referentiel",
            "etablissement",
            "annee_scolaire",
            "diagnostic",
            "reponses",
            "non_renseignes",
            "resultats",
            "plan_action",
            "participants",
        ],
        json!({
            "referentiel": referentiel(),
            "etablissement": objet(
                &["uai", "type", "academie", "departement"],
                json!({
                    "uai": uai(),
                    "type": liste(&types, "un type d’établissement de la liste"),
                    "academie": liste(&academies(), "le nom d’une académie de la liste"),
                    "departement": liste(&departements, "un code INSEE de département de la liste"),
                    "circonscription": texte(1, 100, "le nom de la circonscription, 1 à 100 caractères"),
                }),
            ),
            "annee_scolaire": annee_scolaire(),
            "diagnostic": objet(
                &["id", "revision", "statut"],
                json!({
                    "id": entier(1, ENTIER_MAX, "un entier de 1 à 2^53 − 1"),
                    "revision": entier(1, u64::from(REVISION_MAX), "un entier de 1 à 9999"),
                    "statut": liste(&["brouillon", "finalise"], "brouillon ou finalise"),
                }),
            ),
            "reponses": {
                "type": "object",
                "maxProperties": 99,
                "propertyNames": { "$ref": "#/$defs/item" },
                "additionalProperties": niveau(),
                "description": "les items renseignés et leur niveau",
            },
            "non_renseignes": {
                "type": "array",
                "maxItems": 99,
                "uniqueItems": true,
                "items": { "$ref": "#/$defs/item" },
                "description": "les items non renseignés, chacun une fois",
            },
            "resultats": {
                "type": "array",
                "maxItems": 10,
                "items": objet(
                    &["domaine", "items", "repondus"],
                    json!({
                        "domaine": motif("^[A-Z]{2,5}$", "un identifiant de domaine : 2 à 5 majuscules (PIL)"),
                        "items": entier(1, 99, "un entier de 1 à 99"),
                        "repondus": entier(0, 99, "un entier de 0 à 99"),
                        "maturite_centiemes": entier(0, 300, "un entier de 0 à 300 (maturité en centièmes)"),
                        "niveau_atteint": entier(0, 3, "un entier de 0 à 3"),
                    }),
                ),
            },
            "plan_action": {
                "type": "array",
                "maxItems": 1000,
                "items": objet(
                    &["item", "niveau_cible", "action", "responsable", "echeance", "statut"],
                    json!({
                        "item": { "$ref": "#/$defs/item" },
                        "niveau_cible": entier(1, 3, "un niveau visé de 1 à 3"),
                        "action": texte(1, ACTION_MAX, &format!("le texte de l’action, 1 à {ACTION_MAX} caractères")),
                        "responsable": liste(&responsables, "un rôle de la liste (jamais un nom)"),
                        "echeance": date("une date AAAA-MM-JJ réelle, de l’an 2000 à 2099"),
                        "statut": liste(&statuts, "un statut d’action de la liste"),
                    }),
                ),
            },
            "participants": {
                "type": "object",
                "propertyNames": liste(&libelles, "un libellé de rôle de la liste"),
                "additionalProperties": entier(1, 999, "un nombre de participants de 1 à 999"),
                "description": "le nombre de participants à l’atelier par libellé de rôle",
            },
            "commentaires": {
                "type": "object",
                "maxProperties": 99,
                "propertyNames": { "$ref": "#/$defs/item" },
                "additionalProperties": texte(1, COMMENTAIRE_MAX, &format!("un commentaire de 1 à {COMMENTAIRE_MAX} caractères")),
                "description": "les commentaires par item, seulement si l’utilisateur les a inclus",
            },
            "certificat": forme_enveloppe(&[TYPE_CERTIFICAT_V1]),
        }),
    );
    entete(&mut s, "schematic.diagnostic");
    s["$defs"] = defs();
    racine("diagnostic-v1.schema.json", "Charge utile d’un diagnostic SchémaTIC, format 1", s)
}

/// The payload of a signed diagnostic, format 2: format 1, plus the answer
/// « na » (non applicable) and, in each domain's results, the number of
/// items answered « na ».
pub fn diagnostic_v2() -> Value {
    let mut s = diagnostic();
    let corps = s.as_object_mut().expect("an object");
    for cle in ["$schema", "$id", "title"] {
        corps.remove(cle);
    }
    s["properties"]["version_format"] = json!({ "const": 2, "description": "2" });
    s["properties"]["reponses"]["additionalProperties"] = reponse_v2();
    s["properties"]["reponses"]["description"] = json!("les items renseignés et leur réponse");
    let domaine = &mut s["properties"]["resultats"]["items"];
    domaine["properties"]["non_applicables"] = entier(0, 99, "un entier de 0 à 99 (items répondus « na »)");
    domaine["required"].as_array_mut().expect("a list").push(json!("non_applicables"));
    domaine["properties"]["repondus"] =
        entier(0, 99, "un entier de 0 à 99 (items répondus par un niveau ou « aucun »)");
    racine("diagnostic-v2.schema.json", "Charge utile d’un diagnostic SchémaTIC, format 2", s)
}

/// The payload of an enrolment request.
pub fn demande() -> Value {
    racine(
        "demande-enrolement-v1.schema.json",
        "Charge utile d’une demande d’enrôlement SchémaTIC, format 1",
        objet(
            &["format", "version_format", "uai", "cle", "date", "application"],
            json!({
                "format": { "const": "schematic.demande-enrolement", "description": "\"schematic.demande-enrolement\"" },
                "version_format": { "const": 1, "description": "1" },
                "uai": uai(),
                "cle": keyid("le keyid de la clé présentée, qui signe la demande"),
                "date": horodatage("une date et heure RFC 3339 en UTC, à la seconde, de l’an 2000 à 2099"),
                "application": texte(1, 100, "le nom et la version du logiciel, 1 à 100 caractères"),
            }),
        ),
    )
}

/// The payload of an enrolment certificate.
pub fn certificat() -> Value {
    racine(
        "certificat-enrolement-v1.schema.json",
        "Charge utile d’un certificat d’enrôlement SchémaTIC, format 1",
        objet(
            &["format", "version_format", "numero", "uai", "cle", "valide_du", "valide_au", "dane", "emis_le"],
            json!({
                "format": { "const": "schematic.certificat-enrolement", "description": "\"schematic.certificat-enrolement\"" },
                "version_format": { "const": 1, "description": "1" },
                "numero": motif("^[A-Z0-9][A-Z0-9-]{0,39}$", "un numéro de série : majuscules, chiffres et tirets, 1 à 40 caractères (SCH-2026-00001)"),
                "uai": uai(),
                "cle": keyid("le keyid de la clé enrôlée"),
                "valide_du": date("une date AAAA-MM-JJ réelle, de l’an 2000 à 2099"),
                "valide_au": date("une date AAAA-MM-JJ réelle, de l’an 2000 à 2099"),
                "dane": keyid("le keyid de la clé DANE, qui signe le certificat"),
                "emis_le": horodatage("une date et heure RFC 3339 en UTC, à la seconde, de l’an 2000 à 2099"),
            }),
        ),
    )
}

/// The payload of a workshop contribution.
pub fn contribution() -> Value {
    let roles: Vec<&str> = ROLES_PARTICIPANT.iter().map(|(c, _)| *c).collect();
    let mut s = objet(
        &["uai", "annee_scolaire", "referentiel", "role", "votes"],
        json!({
            "uai": uai(),
            "annee_scolaire": annee_scolaire(),
            "referentiel": referentiel(),
            "role": liste(&roles, "un code de rôle de la liste (jamais un nom)"),
            "votes": {
                "type": "object",
                "maxProperties": 99,
                "propertyNames": { "$ref": "#/$defs/item" },
                "additionalProperties": niveau(),
                "description": "le vote du membre par item",
            },
        }),
    );
    entete(&mut s, "schematic.contribution");
    s["$defs"] = defs();
    racine("contribution-v1.schema.json", "Charge utile d’une contribution à un atelier SchémaTIC, format 1", s)
}

/// A published figure: an integer from 0 to `max`, or `"s"` where
/// statistical secrecy hides it.
fn cellule(max: u64, description: &str) -> Value {
    json!({
        "oneOf": [
            { "type": "integer", "minimum": 0, "maximum": max },
            { "const": SECRET },
        ],
        "description": format!("{description}, ou \"{SECRET}\" (secret statistique)"),
    })
}

/// The payload of territorial references.
pub fn reperes() -> Value {
    let familles: Vec<&str> = FAMILLES.iter().map(|(c, _)| *c).collect();
    let departements: Vec<&str> = DEPARTEMENTS.iter().map(|d| d.code).collect();
    let regions: Vec<&str> = REGIONS_ACADEMIQUES.iter().map(|(r, _)| *r).collect();
    let compte = || cellule(1_000_000, "un nombre d’établissements de 0 à 1000000");
    let territoire = json!({
        "oneOf": [
            objet(&["departement"], json!({ "departement": liste(&departements, "un code INSEE de département de la liste") })),
            objet(&["academie"], json!({ "academie": liste(&academies(), "le nom d’une académie de la liste") })),
            objet(&["region_academique"], json!({ "region_academique": liste(&regions, "le nom d’une région académique de la liste") })),
        ],
        "description": "un objet d’un seul champ : departement, academie ou region_academique",
    });
    let item = objet(
        &["niveaux", "total"],
        json!({
            "niveaux": {
                "type": "array",
                "minItems": 6,
                "maxItems": 6,
                "items": compte(),
                "description": "les établissements à aucun niveau, au niveau 1, 2, 3, non applicable, non renseigné",
            },
            "total": compte(),
        }),
    );
    let groupe = objet(
        &["famille", "territoire", "etablissements", "domaines", "referentiels"],
        json!({
            "famille": liste(&familles, "une famille d’établissements de la liste"),
            "territoire": territoire,
            "etablissements": compte(),
            "domaines": {
                "type": "object",
                "maxProperties": 10,
                "propertyNames": motif("^[A-Z]{2,5}$", "un identifiant de domaine : 2 à 5 majuscules (PIL)"),
                "additionalProperties": cellule(300, "une maturité moyenne en centièmes, de 0 à 300"),
                "description": "la maturité moyenne par domaine",
            },
            "referentiels": {
                "type": "array",
                "maxItems": 4,
                "items": objet(
                    &["id", "version", "items"],
                    json!({
                        "id": motif("^[a-z0-9-]{1,40}$", "l’identifiant du référentiel : minuscules, chiffres et tirets (ecole, eple)"),
                        "version": motif("^[0-9A-Za-z.-]{1,20}$", "la version du référentiel (par exemple 2026.1)"),
                        "items": {
                            "type": "object",
                            "maxProperties": 99,
                            "propertyNames": { "$ref": "#/$defs/item" },
                            "additionalProperties": item,
                            "description": "la répartition des niveaux par item",
                        },
                    }),
                ),
                "description": "les items de chaque référentiel répondu, lus dans une de ses versions",
            },
        }),
    );
    let mut s = objet(
        &[
            "format",
            "version_format",
            "application",
            "publie_le",
            "dane",
            "annee_scolaire",
            "academies",
            "seuil_secret",
            "groupes",
        ],
        json!({
            "format": { "const": FORMAT_REPERES, "description": format!("\"{FORMAT_REPERES}\"") },
            "version_format": { "const": 1, "description": "1" },
            "application": texte(1, 100, "le nom et la version du logiciel qui a écrit le fichier, 1 à 100 caractères"),
            "publie_le": horodatage("une date et heure RFC 3339 en UTC, à la seconde, de l’an 2000 à 2099"),
            "dane": keyid("le keyid de la clé DANE, qui signe les repères"),
            "annee_scolaire": annee_scolaire(),
            "academies": {
                "type": "array",
                "minItems": 1,
                "maxItems": 30,
                "uniqueItems": true,
                "items": liste(&academies(), "le nom d’une académie de la liste"),
                "description": "les académies dont les établissements sont comptés, chacune une fois",
            },
            "seuil_secret": entier(1, 1000, "le nombre d’établissements en dessous duquel une case est cachée"),
            "groupes": {
                "type": "array",
                "maxItems": 1000,
                "items": groupe,
                "description": "les groupes d’établissements semblables",
            },
        }),
    );
    s["$defs"] = defs();
    racine("reperes-territoriaux-v1.schema.json", "Charge utile de repères territoriaux SchémaTIC, format 1", s)
}

#[cfg(test)]
mod tests;
