//! The vectors of territorial references (docs/format/reperes-territoriaux-v1.md):
//! one publication accepted with and without the DANE key, and what its
//! rules refuse. Added after every other vector, so that their numbers never
//! move.

use serde_json::{Value, json};

use super::*;
use crate::reperes::TYPE_REPERES_V1;

/// The collèges of the Gironde and of the académie de Bordeaux, two items of
/// eple 2026.1; the Landes' two collèges hidden by secrecy.
pub(crate) fn reperes_valeur() -> Value {
    let item = |niveaux: Value, total: Value| json!({ "niveaux": niveaux, "total": total });
    json!({
        "format": "schematic.reperes-territoriaux",
        "version_format": 1,
        "application": "SchémaTIC 0.2.0",
        "publie_le": "2026-07-03T09:00:00Z",
        "dane": dane().publique().keyid(),
        "annee_scolaire": "2025-2026",
        "academies": ["Bordeaux"],
        "seuil_secret": 5,
        "groupes": [
            {
                "famille": "college",
                "territoire": { "departement": "33" },
                "etablissements": 12,
                "domaines": { "PIL": 183, "INF": 150 },
                "referentiels": [{
                    "id": "eple",
                    "version": "2026.1",
                    "items": {
                        "PIL-1": item(json!([0, 7, 5, 0, 0, 0]), json!(12)),
                        "INF-2": item(json!(["s", "s", 6, 0, 0, 0]), json!(12)),
                    },
                }],
            },
            {
                "famille": "college",
                "territoire": { "departement": "40" },
                "etablissements": "s",
                "domaines": { "PIL": "s", "INF": "s" },
                "referentiels": [],
            },
            {
                "famille": "college",
                "territoire": { "academie": "Bordeaux" },
                "etablissements": 14,
                "domaines": { "PIL": 179, "INF": 157 },
                "referentiels": [{
                    "id": "eple",
                    "version": "2026.1",
                    "items": {
                        "PIL-1": item(json!([0, 8, 6, 0, 0, 0]), json!(14)),
                        "INF-2": item(json!([1, 3, 8, 2, 0, 0]), json!(14)),
                    },
                }],
            },
        ],
    })
}

pub(super) fn reperes(v: &mut Vecteurs) {
    let r = reperes_valeur();
    v.accepte("reperes-territoriaux", TYPE_REPERES_V1, &r, &dane(), 0, "valide.reperes");
    let fichier = "acceptes/reperes-territoriaux.json";
    v.attendu(fichier, false, 10, "valide.reperes-non-verifie", "sans clé DANE de confiance : éditeur non vérifié");
    v.admis("reperes-territoriaux", TYPE_REPERES_V1, r.clone());
    v.admis("reperes-sans-groupe", TYPE_REPERES_V1, avec(r.clone(), &["groupes"], Some(json!([]))));

    let d_autre = avec(r.clone(), &["dane"], Some(json!(autre().publique().keyid())));
    v.refus_octets(
        "reperes-autre-dane",
        signer(TYPE_REPERES_V1, &d_autre, &autre()),
        true,
        12,
        "reperes.dane-non-reconnue",
        "repères signés par une clé DANE qui n’est pas celle de confiance",
    );
    v.refus_octets(
        "reperes-autre-signataire",
        signer(TYPE_REPERES_V1, &r, &autre()),
        true,
        12,
        "charge.autre-signataire",
        "repères annonçant la clé DANE, signés par une autre",
    );
    let premier = r["groupes"][0].clone();
    let mut groupes = r["groupes"].as_array().expect("a list").clone();
    groupes.push(premier);
    let double = avec(r.clone(), &["groupes"], Some(Value::Array(groupes)));
    v.refus_octets(
        "reperes-groupe-en-double",
        signer(TYPE_REPERES_V1, &double, &dane()),
        true,
        13,
        "charge.groupe-en-double",
        "deux groupes pour la même famille et le même territoire",
    );
    let schema = |v: &mut Vecteurs, nom: &str, chemin: &[&str], valeur: Option<Value>, regle: &str| {
        v.refus_schema(nom, TYPE_REPERES_V1, avec(r.clone(), chemin, valeur), regle);
    };
    schema(v, "reperes-case-negative", &["groupes", "0", "etablissements"], Some(json!(-1)), "case négative");
    schema(
        v,
        "reperes-secret-majuscule",
        &["groupes", "1", "etablissements"],
        Some(json!("S")),
        "« S » au lieu de « s »",
    );
    schema(v, "reperes-moyenne-301", &["groupes", "0", "domaines", "PIL"], Some(json!(301)), "moyenne au-delà de 3,00");
    schema(
        v,
        "reperes-deux-territoires",
        &["groupes", "0", "territoire"],
        Some(json!({ "departement": "33", "academie": "Bordeaux" })),
        "un groupe dans deux territoires",
    );
    schema(
        v,
        "reperes-cinq-niveaux",
        &["groupes", "0", "referentiels", "0", "items", "PIL-1", "niveaux"],
        Some(json!([0, 7, 5, 0, 0])),
        "répartition de 5 cases au lieu de 6",
    );
    schema(v, "reperes-sans-academie", &["academies"], Some(json!([])), "aucune académie");
    schema(v, "reperes-famille-inconnue", &["groupes", "0", "famille"], Some(json!("lp")), "famille hors de la liste");
}
