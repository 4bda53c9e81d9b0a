//! The payload of a signed diagnostic, format version 1 — a contract with every
//! DANE, specified in `docs/format/diagnostic-v1.md`. Integers and strings only
//! (maturities in hundredths); optional fields are absent rather than null; no
//! personal names (roles and counts only; comments only when the user asks).
//!
//! The payload bytes are the RFC 8785 (JCS) serialisation of [`ChargeDiagnostic`],
//! so the same diagnostic always yields the same bytes and hash.

use std::collections::BTreeMap;

use schematic_core::diagnostic::Reponses;
use schematic_core::resultats;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cles::CleInstallation;
use crate::dsse::{Enveloppe, TYPE_DIAGNOSTIC_V1};
use crate::error::ExchangeError;

pub const FORMAT: &str = "schematic.diagnostic";
pub const VERSION_FORMAT: u32 = 1;

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
    /// Answered items only: level 1 to 3, or `"aucun"`.
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

/// A level: 1, 2 or 3, or the string `"aucun"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NiveauCharge {
    Niveau(u8),
    Aucun(Aucun),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aucun {
    #[serde(rename = "aucun")]
    Aucun,
}

impl NiveauCharge {
    pub fn valeur(self) -> u8 {
        match self {
            Self::Niveau(n) => n,
            Self::Aucun(_) => 0,
        }
    }

    pub fn depuis_valeur(v: u8) -> Self {
        if v == 0 { Self::Aucun(Aucun::Aucun) } else { Self::Niveau(v) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultatDomaineCharge {
    pub domaine: String,
    pub items: u32,
    pub repondus: u32,
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

    /// Signs the payload into an envelope.
    pub fn signer(&self, cle: &CleInstallation) -> Enveloppe {
        Enveloppe::signer(TYPE_DIAGNOSTIC_V1, &self.octets(), cle)
    }

    /// Reads payload bytes whose signature was already verified: canonical
    /// form, the published schema, and the rules a schema cannot state.
    pub fn lire(octets: &[u8]) -> Result<Self, ExchangeError> {
        match crate::verification::lire_charge(TYPE_DIAGNOSTIC_V1, octets)? {
            (crate::verification::Document::Diagnostic(d), _) => Ok(*d),
            _ => unreachable!("a diagnostic payload reads as a diagnostic"),
        }
    }

    /// Items answered, out of all items.
    pub fn completion(&self) -> (usize, usize) {
        (self.reponses.len(), self.reponses.len() + self.non_renseignes.len())
    }

    /// `SchemaTIC_<UAI>_<année>_r<revision>.json`.
    pub fn nom_fichier(&self) -> String {
        format!("SchemaTIC_{}_{}_r{}.json", self.etablissement.uai, self.annee_scolaire, self.diagnostic.revision)
    }
}

/// The answers of a diagnostic as format v1 writes them: answered items,
/// items not answered, results per domain.
pub fn reponses_charge(
    referentiel: &schematic_core::Referentiel,
    reponses: &Reponses,
) -> (BTreeMap<String, NiveauCharge>, Vec<String>, Vec<ResultatDomaineCharge>) {
    let calcul = resultats::calculer(referentiel, reponses);
    let mut niveaux = BTreeMap::new();
    let mut non_renseignes = Vec::new();
    for item in referentiel.items() {
        match reponses.get(&item.id).and_then(|r| r.valeur()) {
            Some(v) => {
                niveaux.insert(item.id.clone(), NiveauCharge::depuis_valeur(v));
            }
            None => non_renseignes.push(item.id.clone()),
        }
    }
    let resultats = calcul
        .domaines
        .iter()
        .map(|r| ResultatDomaineCharge {
            domaine: r.domaine_id.clone(),
            items: r.items,
            repondus: r.maturite.repondus,
            maturite_centiemes: r.maturite.centiemes(),
            niveau_atteint: r.niveau_atteint,
        })
        .collect();
    (niveaux, non_renseignes, resultats)
}

/// SHA-256 (hex) of payload bytes; the short form (first 12 characters) is
/// printed on every page of the PDF report.
pub fn empreinte_charge(octets: &[u8]) -> String {
    Sha256::digest(octets).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
pub(crate) mod tests;
