//! The payload of a signed diagnostic — a contract with every DANE, specified
//! in `docs/format/diagnostic-v1.md` and `diagnostic-v2.md`. Integers and
//! strings only (maturities in hundredths); optional fields are absent rather
//! than null; no personal names (roles and counts only; comments only when the
//! user asks).
//!
//! One type reads both format versions: version 2 is version 1 plus the
//! answer `"na"` (non applicable) and, per domain, `non_applicables`. The
//! published schema of each version says which fields it allows; SchémaTIC
//! writes version 2.
//!
//! The payload bytes are the RFC 8785 (JCS) serialisation of
//! [`ChargeDiagnostic`], so the same diagnostic always yields the same bytes
//! and hash.

use std::collections::BTreeMap;

use schematic_core::diagnostic::Reponses;
use schematic_core::resultats;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cles::CleInstallation;
use crate::dsse::{Enveloppe, TYPE_DIAGNOSTIC_V1, TYPE_DIAGNOSTIC_V2};
use crate::error::ExchangeError;

pub const FORMAT: &str = "schematic.diagnostic";
/// The format version SchémaTIC writes.
pub const VERSION_FORMAT: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChargeDiagnostic {
    pub format: String,
    pub version_format: u32,
    /// `SchémaTIC 0.2.0`.
    pub application: String,
    /// RFC 3339, UTC, to the second.
    pub genere_le: String,
    /// DSSE key id of the signing key (`ed25519:…`).
    pub cle: String,
    pub referentiel: ReferentielCharge,
    pub etablissement: EtablissementCharge,
    /// `2025-2026`.
    pub annee_scolaire: String,
    pub diagnostic: InfoDiagnosticCharge,
    /// Answered items only: level 1 to 3, `"aucun"`, or (format 2) `"na"`.
    pub reponses: BTreeMap<String, NiveauCharge>,
    /// Items not answered, in referential order.
    pub non_renseignes: Vec<String>,
    pub resultats: Vec<ResultatDomaineCharge>,
    pub plan_action: Vec<ActionCharge>,
    /// Number of participants by role (no names).
    pub participants: BTreeMap<String, u32>,
    /// Present only when the user chose to include comments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commentaires: Option<BTreeMap<String, String>>,
    /// The enrolment certificate issued by the DANE, once the installation has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificat: Option<Enveloppe>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferentielCharge {
    pub id: String,
    pub version: String,
    /// SHA-256 (hex) of the referential's canonical bytes.
    pub empreinte: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EtablissementCharge {
    pub uai: String,
    /// `college`, `ecole-primaire`…
    #[serde(rename = "type")]
    pub type_etablissement: String,
    pub academie: String,
    pub departement: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circonscription: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfoDiagnosticCharge {
    /// Local id of the diagnostic in the establishment's database.
    pub id: i64,
    pub revision: u32,
    /// `brouillon` or `finalise`.
    pub statut: String,
}

/// An answer: a level 1, 2 or 3, or the string `"aucun"`, or (format 2 only)
/// the string `"na"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NiveauCharge {
    Niveau(u8),
    Mot(Mot),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mot {
    #[serde(rename = "aucun")]
    Aucun,
    /// Non applicable (format 2).
    #[serde(rename = "na")]
    NonApplicable,
}

impl NiveauCharge {
    /// The value scoring reads: 0 to 3, `None` for non applicable.
    pub fn valeur(self) -> Option<u8> {
        match self {
            Self::Niveau(n) => Some(n),
            Self::Mot(Mot::Aucun) => Some(0),
            Self::Mot(Mot::NonApplicable) => None,
        }
    }

    pub fn depuis_valeur(v: u8) -> Self {
        if v == 0 { Self::Mot(Mot::Aucun) } else { Self::Niveau(v) }
    }

    /// The answer as the domain knows it.
    pub fn reponse(self) -> schematic_core::Reponse {
        match self {
            Self::Mot(Mot::NonApplicable) => schematic_core::Reponse::NonApplicable,
            autre => schematic_core::Reponse::depuis_valeur(autre.valeur()).unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultatDomaineCharge {
    pub domaine: String,
    pub items: u32,
    /// Items answered with a level or « aucun » (those in the mean).
    pub repondus: u32,
    /// Items answered « non applicable »; present in format 2 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_applicables: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturite_centiemes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub niveau_atteint: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionCharge {
    pub item: String,
    pub niveau_cible: u8,
    pub action: String,
    /// One of the listed roles, or « Autre rôle ».
    pub responsable: String,
    /// `AAAA-MM-JJ`.
    pub echeance: String,
    pub statut: String,
}

impl ChargeDiagnostic {
    /// The payload bytes (RFC 8785).
    pub fn octets(&self) -> Vec<u8> {
        serde_json_canonicalizer::to_vec(self).expect("a payload always serialises")
    }

    /// Signs the payload into an envelope of its format version's type.
    pub fn signer(&self, cle: &CleInstallation) -> Enveloppe {
        Enveloppe::signer(self.type_charge(), &self.octets(), cle)
    }

    /// The `payloadType` of its format version.
    pub fn type_charge(&self) -> &'static str {
        if self.version_format == 1 { TYPE_DIAGNOSTIC_V1 } else { TYPE_DIAGNOSTIC_V2 }
    }

    /// The answers as the domain knows them (« non applicable » included).
    pub fn reponses_domaine(&self) -> Reponses {
        self.reponses.iter().map(|(id, n)| (id.clone(), n.reponse())).collect()
    }

    /// Reads payload bytes whose signature was already verified: canonical
    /// form, the published schema, and the rules a schema cannot state.
    pub fn lire(octets: &[u8]) -> Result<Self, ExchangeError> {
        match crate::verification::lire_charge(type_de_charge(octets), octets)? {
            (crate::verification::Document::Diagnostic(d), _) => Ok(*d),
            _ => unreachable!("a diagnostic payload reads as a diagnostic"),
        }
    }

    /// Items answered (« non applicable » included), out of all items.
    pub fn completion(&self) -> (usize, usize) {
        (self.reponses.len(), self.reponses.len() + self.non_renseignes.len())
    }

    /// `SchemaTIC_<UAI>_<année>_r<revision>.json`.
    pub fn nom_fichier(&self) -> String {
        format!("SchemaTIC_{}_{}_r{}.json", self.etablissement.uai, self.annee_scolaire, self.diagnostic.revision)
    }
}

/// The answers of a diagnostic as format 2 writes them: answered items
/// (« non applicable » as `"na"`), items not answered, results per domain
/// (with `non_applicables`). Format 1 is the same without « non applicable »
/// and without that count.
pub fn reponses_charge(
    referentiel: &schematic_core::Referentiel,
    reponses: &Reponses,
) -> (BTreeMap<String, NiveauCharge>, Vec<String>, Vec<ResultatDomaineCharge>) {
    let calcul = resultats::calculer(referentiel, reponses);
    let mut niveaux = BTreeMap::new();
    let mut non_renseignes = Vec::new();
    for item in referentiel.items() {
        match reponses.get(&item.id).copied().unwrap_or_default() {
            schematic_core::Reponse::NonRenseigne => non_renseignes.push(item.id.clone()),
            schematic_core::Reponse::NonApplicable => {
                niveaux.insert(item.id.clone(), NiveauCharge::Mot(Mot::NonApplicable));
            }
            r => {
                niveaux.insert(item.id.clone(), NiveauCharge::depuis_valeur(r.valeur().unwrap_or(0)));
            }
        }
    }
    let resultats = calcul
        .domaines
        .iter()
        .map(|r| ResultatDomaineCharge {
            domaine: r.domaine_id.clone(),
            items: r.items,
            repondus: r.maturite.repondus,
            non_applicables: Some(r.non_applicables),
            maturite_centiemes: r.maturite.centiemes(),
            niveau_atteint: r.niveau_atteint,
        })
        .collect();
    (niveaux, non_renseignes, resultats)
}

/// The `payloadType` a diagnostic payload's own `version_format` calls for
/// (format 1 when it says 1, format 2 otherwise — the schema then judges),
/// for payloads that arrive without their envelope (the cover's code).
pub fn type_de_charge(octets: &[u8]) -> &'static str {
    #[derive(Deserialize)]
    struct Version {
        version_format: Option<u64>,
    }
    match serde_json::from_slice::<Version>(octets) {
        Ok(Version { version_format: Some(1) }) => TYPE_DIAGNOSTIC_V1,
        _ => TYPE_DIAGNOSTIC_V2,
    }
}

/// SHA-256 (hex) of payload bytes; the short form (first 12 characters) is
/// printed on every page of the PDF report.
pub fn empreinte_charge(octets: &[u8]) -> String {
    Sha256::digest(octets).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
pub(crate) mod tests;
