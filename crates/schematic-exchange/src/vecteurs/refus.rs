//! The refused vectors: one file per rule of the envelope, the payload and
//! the documents a diagnostic carries, each with its expected verdict.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::*;

/// The file, its envelope, and the payload: canonical form, schema, and the
/// rules a schema cannot state.
pub(super) fn enveloppe_et_charge(v: &mut Vecteurs, diag: &Value) {
    let cle = etablissement();
    let diag = diag.clone();
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
        v,
        "contenu-pas-json",
        "diagnostic : PIL-1 = 2".into(),
        13,
        "charge.illisible",
        "contenu signé qui n’est pas du JSON",
    );
    charge_brute(
        v,
        "avec-espaces",
        canon.replacen(',', ", ", 1),
        15,
        "charge.non-canonique",
        "espace entre les membres",
    );
    charge_brute(
        v,
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
        v,
        "cle-en-double",
        canon.replacen("\"PIL-1\":2", "\"PIL-1\":2,\"PIL-1\":3", 1),
        15,
        "charge.non-canonique",
        "clé en double dans « reponses »",
    );
    charge_brute(
        v,
        "entier-ecrit-1.0",
        canon.replacen("\"PIL-1\":2", "\"PIL-1\":2.0", 1),
        15,
        "charge.non-canonique",
        "nombre écrit 2.0",
    );
    charge_brute(
        v,
        "entier-au-dela-de-2-53",
        canon.replacen("\"id\":3", "\"id\":9007199254740993", 1),
        15,
        "charge.non-canonique",
        "entier au-delà de 2^53 (non représentable exactement)",
    );
    charge_brute(
        v,
        "echappement-inutile",
        canon.replacen("SchémaTIC", "Sch\\u00e9maTIC", 1),
        15,
        "charge.non-canonique",
        "caractère échappé sans nécessité",
    );
    charge_brute(v, "fin-de-ligne", format!("{canon}\n"), 15, "charge.non-canonique", "fin de ligne après le JSON");

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
    let autre_cle = avec(diag, &["cle"], Some(json!(autre().publique().keyid())));
    v.refus_octets(
        "cle-annoncee-autre",
        signer(TYPE_DIAGNOSTIC_V1, &autre_cle, &cle),
        true,
        12,
        "charge.autre-signataire",
        "« cle » n’est pas la clé qui signe",
    );
}

/// The certificate a diagnostic carries, and the other documents.
pub(super) fn certificats_et_autres_documents(v: &mut Vecteurs, diag: &Value, certificat: &Value) {
    let cle = etablissement();
    let (diag, certificat) = (diag.clone(), certificat.clone());
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
        v,
        "certificat-falsifie",
        falsifie,
        "certificat.invalide",
        "certificat modifié après sa signature par la DANE",
    );
    cas_certificat(
        v,
        "certificat-30-fevrier",
        certificat_enveloppe(&avec(cert.clone(), &["valide_au"], Some(json!("2029-02-30"))), &dane()),
        "certificat.invalide",
        "certificat valable jusqu’à un jour qui n’existe pas",
    );
    cas_certificat(
        v,
        "certificat-dates-inversees",
        certificat_enveloppe(&avec(cert.clone(), &["valide_du"], Some(json!("2030-01-01"))), &dane()),
        "certificat.invalide",
        "certificat dont la validité finit avant de commencer",
    );
    cas_certificat(
        v,
        "certificat-numero-entier",
        certificat_enveloppe(&avec(cert.clone(), &["numero"], Some(json!(12))), &dane()),
        "certificat.invalide",
        "numéro de certificat écrit comme un entier",
    );
    cas_certificat(
        v,
        "certificat-emis-le-hier",
        certificat_enveloppe(&avec(cert.clone(), &["emis_le"], Some(json!("hier"))), &dane()),
        "certificat.invalide",
        "emis_le qui n’est pas une date",
    );
    cas_certificat(
        v,
        "certificat-signe-par-une-autre-cle",
        certificat_enveloppe(&cert, &autre()),
        "certificat.invalide",
        "certificat qui n’est pas signé par la clé DANE qu’il annonce",
    );
    cas_certificat(
        v,
        "certificat-autre-etablissement",
        certificat_enveloppe(&avec(cert.clone(), &["uai"], Some(json!("0951099D"))), &dane()),
        "certificat.autre-etablissement",
        "certificat d’un autre établissement",
    );
    cas_certificat(
        v,
        "certificat-autre-cle",
        certificat_enveloppe(&avec(cert.clone(), &["cle"], Some(json!(autre().publique().keyid()))), &dane()),
        "certificat.autre-cle",
        "certificat d’une autre clé",
    );
    cas_certificat(
        v,
        "certificat-expire",
        certificat_enveloppe(&avec(cert.clone(), &["valide_au"], Some(json!("2026-03-11"))), &dane()),
        "certificat.hors-validite",
        "certificat expiré la veille de la signature",
    );
    cas_certificat(
        v,
        "certificat-pas-encore-valable",
        certificat_enveloppe(&avec(cert.clone(), &["valide_du"], Some(json!("2026-03-13"))), &dane()),
        "certificat.hors-validite",
        "certificat valable le lendemain de la signature",
    );
    let autre_dane = avec(cert.clone(), &["dane"], Some(json!(autre().publique().keyid())));
    cas_certificat(
        v,
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
}
