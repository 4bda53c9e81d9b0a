//! The vectors of format 2 (docs/format/diagnostic-v2.md): a diagnostic on
//! the test-only referential eple 2026.9 with a « non applicable » answer,
//! accepted enrolled and not; and what each format refuses of the other.
//! Added after every format 1 vector, so that their numbers never move.

use serde_json::{Value, json};

use super::*;
use crate::dsse::TYPE_DIAGNOSTIC_V2;
use crate::format_diagnostic::VERSION_FORMAT;

const EPLE_2026_9: &str = include_str!("../../../../tests/fixtures/referentiels/eple-2026.9.json");

/// The diagnostic of the format 2 vectors: eple 2026.9, IMP-4 « non
/// applicable » (allowed there), two items not answered.
pub(crate) fn diagnostic_v2(cle: &CleInstallation) -> ChargeDiagnostic {
    let r = Referentiel::depuis_json(EPLE_2026_9).expect("the test referential is valid");
    let mut reponses = BTreeMap::new();
    let niveaux = [2, 1, 2, 0, 3, 1, 2, 2, 3, 1, 1, 2, 0, 1, 2, 1, 2, 1];
    for (item, n) in r.items().zip(niveaux) {
        reponses.insert(item.id.clone(), Reponse::depuis_valeur(Some(n)).expect("0 to 3"));
    }
    reponses.insert("IMP-4".into(), Reponse::NonApplicable);
    let (niveaux, non_renseignes, resultats) = reponses_charge(&r, &reponses);
    let mut d = diagnostic(cle);
    d.version_format = VERSION_FORMAT;
    d.referentiel = ReferentielCharge { id: r.id.clone(), version: r.version.clone(), empreinte: r.empreinte() };
    d.annee_scolaire = "2026-2027".into();
    d.genere_le = "2026-11-12T10:00:00Z".into();
    d.reponses = niveaux;
    d.non_renseignes = non_renseignes;
    d.resultats = resultats;
    d
}

pub(super) fn format_2(v: &mut Vecteurs, certificat: &Value) {
    let cle = etablissement();
    let diag = serde_json::to_value(diagnostic_v2(&cle)).expect("JSON");
    v.accepte("diagnostic-v2-non-enrole", TYPE_DIAGNOSTIC_V2, &diag, &cle, 10, "valide.non-enrole");
    let enrole = avec(diag.clone(), &["certificat"], Some(certificat.clone()));
    v.accepte("diagnostic-v2-enrole", TYPE_DIAGNOSTIC_V2, &enrole, &cle, 0, "valide.enrole");
    v.admis("diagnostic-v2-non-enrole", TYPE_DIAGNOSTIC_V2, diag.clone());
    v.admis("diagnostic-v2-enrole", TYPE_DIAGNOSTIC_V2, enrole);
    v.admis(
        "diagnostic-v2-tout-na",
        TYPE_DIAGNOSTIC_V2,
        avec(diag.clone(), &["resultats", "2", "non_applicables"], Some(json!(99))),
    );

    let v1 = serde_json::to_value(diagnostic(&cle)).expect("JSON");
    let refus_v2 = |v: &mut Vecteurs, nom: &str, chemin: &[&str], valeur: Option<Value>, regle: &str| {
        v.refus_schema(nom, TYPE_DIAGNOSTIC_V2, avec(diag.clone(), chemin, valeur), regle);
    };
    v.refus_schema(
        "v1-reponse-na",
        TYPE_DIAGNOSTIC_V1,
        avec(v1.clone(), &["reponses", "PIL-1"], Some(json!("na"))),
        "format 1 : « na » n’y est pas une réponse",
    );
    v.refus_schema(
        "v1-non-applicables",
        TYPE_DIAGNOSTIC_V1,
        avec(v1.clone(), &["resultats", "0", "non_applicables"], Some(json!(0))),
        "format 1 : pas de champ non_applicables",
    );
    v.refus_schema("v1-sous-type-v2", TYPE_DIAGNOSTIC_V2, v1, "charge de format 1 sous le type de format 2");
    v.refus_schema("v2-sous-type-v1", TYPE_DIAGNOSTIC_V1, diag.clone(), "charge de format 2 sous le type de format 1");
    refus_v2(
        v,
        "v2-sans-non-applicables",
        &["resultats", "1", "non_applicables"],
        None,
        "format 2 : non_applicables manque",
    );
    refus_v2(v, "v2-na-majuscules", &["reponses", "IMP-4"], Some(json!("NA")), "format 2 : « NA » au lieu de « na »");
    refus_v2(
        v,
        "v2-non-applicables-100",
        &["resultats", "2", "non_applicables"],
        Some(json!(100)),
        "format 2 : non_applicables au-delà de 99",
    );
    refus_v2(v, "v2-reponse-0", &["reponses", "IMP-4"], Some(json!(0)), "format 2 : 0 au lieu de « aucun »");
}
