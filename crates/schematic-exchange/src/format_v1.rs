//! The payload of a signed diagnostic, format version 1 — a contract with every
//! DANE, specified in `docs/format/diagnostic-v1.md`. Integers and strings only
//! (maturities in hundredths); optional fields are absent rather than null; no
//! personal names (roles and counts only; comments only when the user asks).
//!
//! The payload bytes are the RFC 8785 (JCS) serialisation of [`DiagnosticV1`],
//! so the same diagnostic always yields the same bytes and hash.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use schematic_core::{AnneeScolaire, Uai};

use crate::cles::CleInstallation;
use crate::dsse::{Enveloppe, TYPE_DIAGNOSTIC_V1};
use crate::error::ExchangeError;

pub const FORMAT: &str = "schematic.diagnostic";
pub const VERSION_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticV1 {
    pub format: String,
    pub version_format: u32,
    /// `SchémaTIC 0.1.0`.
    pub application: String,
    /// RFC 3339, UTC, to the second.
    pub genere_le: String,
    /// DSSE key id of the signing key (`ed25519:…`).
    pub cle: String,
    pub referentiel: ReferentielV1,
    pub etablissement: EtablissementV1,
    /// `2025-2026`.
    pub annee_scolaire: String,
    pub diagnostic: InfoDiagnosticV1,
    /// Answered items only: level 1 to 3, or `"aucun"`.
    pub reponses: BTreeMap<String, NiveauV1>,
    /// Items not answered, in referential order.
    pub non_renseignes: Vec<String>,
    pub resultats: Vec<ResultatDomaineV1>,
    pub plan_action: Vec<ActionV1>,
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
pub struct ReferentielV1 {
    pub id: String,
    pub version: String,
    /// SHA-256 (hex) of the referential's canonical bytes.
    pub empreinte: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EtablissementV1 {
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
pub struct InfoDiagnosticV1 {
    /// Local id of the diagnostic in the establishment's database.
    pub id: i64,
    pub revision: u32,
    /// `brouillon` or `finalise`.
    pub statut: String,
}

/// A level: 1, 2 or 3, or the string `"aucun"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NiveauV1 {
    Niveau(u8),
    Aucun(Aucun),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aucun {
    #[serde(rename = "aucun")]
    Aucun,
}

impl NiveauV1 {
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
pub struct ResultatDomaineV1 {
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
pub struct ActionV1 {
    pub item: String,
    pub niveau_cible: u8,
    pub action: String,
    /// One of the listed roles, or « Autre rôle ».
    pub responsable: String,
    /// `AAAA-MM-JJ`.
    pub echeance: String,
    pub statut: String,
}

impl DiagnosticV1 {
    /// The payload bytes (RFC 8785).
    pub fn octets(&self) -> Vec<u8> {
        serde_json_canonicalizer::to_vec(self).expect("a payload always serialises")
    }

    /// Signs the payload into an envelope.
    pub fn signer(&self, cle: &CleInstallation) -> Enveloppe {
        Enveloppe::signer(TYPE_DIAGNOSTIC_V1, &self.octets(), cle)
    }

    /// Parses payload bytes whose signature was already verified, and checks
    /// what the types cannot say.
    pub fn lire(octets: &[u8]) -> Result<Self, ExchangeError> {
        let d: Self = serde_json::from_slice(octets).map_err(|e| {
            ExchangeError::Format(format!(
                "Le contenu signé n’est pas un diagnostic au format 1 : {}.",
                schematic_core::json::erreur_en_francais(&e)
            ))
        })?;
        d.valider()?;
        Ok(d)
    }

    fn valider(&self) -> Result<(), ExchangeError> {
        let faux = |m: String| Err(ExchangeError::Format(m));
        if self.format != FORMAT || self.version_format != VERSION_FORMAT {
            return faux(format!(
                "Format « {} » version {} inconnu : attendu « {FORMAT} » version {VERSION_FORMAT}.",
                self.format, self.version_format
            ));
        }
        if Uai::parse(&self.etablissement.uai).map(|u| u.as_str() == self.etablissement.uai) != Ok(true) {
            return faux(format!("Le code UAI « {} » n’est pas valide.", self.etablissement.uai));
        }
        if self.annee_scolaire.parse::<AnneeScolaire>().map(|a| a.to_string()) != Ok(self.annee_scolaire.clone()) {
            return faux(format!("L’année scolaire « {} » n’est pas valide.", self.annee_scolaire));
        }
        if !["brouillon", "finalise"].contains(&self.diagnostic.statut.as_str()) || self.diagnostic.revision == 0 {
            return faux("Le statut ou la révision du diagnostic n’est pas valide.".into());
        }
        if let Some((item, _)) =
            self.reponses.iter().find(|(_, n)| matches!(n, NiveauV1::Niveau(v) if !(1..=3).contains(v)))
        {
            return faux(format!("Le niveau de l’item {item} n’est pas 1, 2, 3 ni « aucun »."));
        }
        if let Some(item) = self.non_renseignes.iter().find(|i| self.reponses.contains_key(*i)) {
            return faux(format!("L’item {item} est à la fois renseigné et non renseigné."));
        }
        Ok(())
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

/// SHA-256 (hex) of payload bytes; the short form (first 12 characters) is
/// printed on every page of the PDF report.
pub fn empreinte_charge(octets: &[u8]) -> String {
    Sha256::digest(octets).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
pub(crate) mod tests;
