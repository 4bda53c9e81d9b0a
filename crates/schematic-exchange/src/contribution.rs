//! A workshop contribution: one team member's votes on a diagnostic, made on
//! their own computer and brought to the facilitator's. A DSSE envelope signed
//! with that installation's key, like a diagnostic; it carries a role, never a
//! name. Specified in `docs/format/contribution-v1.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cles::CleInstallation;
use crate::dsse::Enveloppe;
use crate::error::ExchangeError;
use crate::format_diagnostic::{NiveauCharge, ReferentielCharge, empreinte_charge};
use crate::verification::{Document, Motif, ouvrir};

pub const TYPE_CONTRIBUTION_V1: &str = "application/vnd.schematic.contribution+json; version=1";
pub const FORMAT_CONTRIBUTION: &str = "schematic.contribution";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributionV1 {
    pub format: String,
    pub version_format: u32,
    pub application: String,
    /// RFC 3339, UTC.
    pub genere_le: String,
    /// Key id of the signing key.
    pub cle: String,
    /// UAI of the establishment whose diagnostic this contributes to.
    pub uai: String,
    /// `2025-2026`.
    pub annee_scolaire: String,
    pub referentiel: ReferentielCharge,
    /// A role code (`enseignant`…), never a name.
    pub role: String,
    /// The member's level per item.
    pub votes: BTreeMap<String, NiveauCharge>,
}

impl ContributionV1 {
    pub fn signer(&self, cle: &CleInstallation) -> Enveloppe {
        let octets = serde_json_canonicalizer::to_vec(self).expect("a contribution always serialises");
        Enveloppe::signer(TYPE_CONTRIBUTION_V1, &octets, cle)
    }

    /// `SchemaTIC_contribution_<UAI>_<année>_<rôle>.json`.
    pub fn nom_fichier(&self) -> String {
        format!("SchemaTIC_contribution_{}_{}_{}.json", self.uai, self.annee_scolaire, self.role)
    }
}

/// A contribution read from an untrusted file: checked envelope, verified
/// signature, canonical payload following its schema. Returns it with the
/// payload hash.
pub fn lire_contribution(octets: &[u8]) -> Result<(ContributionV1, String), ExchangeError> {
    if Enveloppe::lire(octets).is_ok_and(|e| e.signatures.is_empty()) {
        return Err(ExchangeError::Signature("Cette contribution n’est pas signée : elle est refusée.".into()));
    }
    let o = ouvrir(octets).map_err(|r| match r.motif {
        Motif::FichierInconnu | Motif::JsonIllisible | Motif::EnveloppeNonConforme => ExchangeError::Format(format!(
            "Ce fichier n’est pas une contribution signée SchémaTIC (attendu le fichier exporté par « Exporter ma contribution ») : {}",
            r.detail
        )),
        _ => r.into(),
    })?;
    match o.document {
        Document::Contribution(c) => Ok((c, empreinte_charge(&o.charge))),
        _ => Err(ExchangeError::Format(
            "Ce fichier n’est pas une contribution à un atelier : s’il s’agit d’un diagnostic, il s’envoie à la DANE."
                .into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exemple(cle: &CleInstallation) -> ContributionV1 {
        ContributionV1 {
            format: FORMAT_CONTRIBUTION.into(),
            version_format: 1,
            application: "SchémaTIC test".into(),
            genere_le: "2026-03-12T10:00:00Z".into(),
            cle: cle.publique().keyid(),
            uai: "0330021U".into(),
            annee_scolaire: "2025-2026".into(),
            referentiel: ReferentielCharge { id: "eple".into(), version: "2026.1".into(), empreinte: "0".repeat(64) },
            role: "enseignant".into(),
            votes: [("PIL-1".to_string(), NiveauCharge::depuis_valeur(2))].into_iter().collect(),
        }
    }

    #[test]
    fn a_signed_contribution_reads_back_and_tampering_is_caught() {
        let cle = CleInstallation::depuis_graine([3; 32]);
        let octets = exemple(&cle).signer(&cle).octets();
        let (c, empreinte) = lire_contribution(&octets).unwrap();
        assert_eq!((c.role.as_str(), empreinte.len()), ("enseignant", 64));

        let mut falsifie = octets.clone();
        let i = falsifie.len() / 3;
        falsifie[i] = if falsifie[i] == b'A' { b'B' } else { b'A' };
        assert!(lire_contribution(&falsifie).is_err());

        let mut sans_signature = Enveloppe::lire(&octets).unwrap();
        sans_signature.signatures.clear();
        let e = lire_contribution(&sans_signature.octets()).unwrap_err().to_string();
        assert!(e.contains("pas signée"), "{e}");

        let e = lire_contribution(b"{\"role\":\"enseignant\"}").unwrap_err().to_string();
        assert!(e.contains("pas une contribution signée"), "{e}");
    }
}
