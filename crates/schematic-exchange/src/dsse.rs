//! The DSSE envelope (in-toto / Sigstore): `{ payloadType, payload, signatures }`,
//! the signature being over `PAE(type, body)`. The verifier checks the exact
//! payload bytes it received; the file itself is written in RFC 8785 (JCS) form
//! so that the same content always gives the same bytes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use crate::cles::CleInstallation;
use crate::error::ExchangeError;

/// `payloadType` of a diagnostic, format version 1.
pub const TYPE_DIAGNOSTIC_V1: &str = "application/vnd.schematic.diagnostic+json; version=1";
/// `payloadType` of a diagnostic, format version 2 (format 1 plus « non
/// applicable » answers).
pub const TYPE_DIAGNOSTIC_V2: &str = "application/vnd.schematic.diagnostic+json; version=2";

/// Upper bound of an envelope file read from outside; a full diagnostic with
/// comments is about 40 KB.
pub const TAILLE_MAX: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enveloppe {
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    /// Base64 (standard alphabet, padded) of the payload bytes.
    pub payload: String,
    pub signatures: Vec<SignatureDsse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureDsse {
    pub keyid: String,
    pub sig: String,
}

/// DSSE's pre-authentication encoding.
pub fn pae(type_charge: &str, corps: &[u8]) -> Vec<u8> {
    let mut octets = format!("DSSEv1 {} {} {} ", type_charge.len(), type_charge, corps.len()).into_bytes();
    octets.extend_from_slice(corps);
    octets
}

impl Enveloppe {
    /// Signs `corps` as a payload of type `type_charge`.
    pub fn signer(type_charge: &str, corps: &[u8], cle: &CleInstallation) -> Self {
        let signature = cle.signer(&pae(type_charge, corps));
        Self {
            payload_type: type_charge.to_string(),
            payload: STANDARD.encode(corps),
            signatures: vec![SignatureDsse { keyid: cle.publique().keyid(), sig: STANDARD.encode(signature) }],
        }
    }

    /// The file bytes: the envelope in RFC 8785 form.
    pub fn octets(&self) -> Vec<u8> {
        serde_json_canonicalizer::to_vec(self).expect("an envelope always serialises")
    }

    /// Parses an envelope from untrusted bytes: size-capped, UTF-8, strict JSON
    /// (unknown fields and duplicate keys refused). Nothing is verified yet.
    pub fn lire(octets: &[u8]) -> Result<Self, ExchangeError> {
        if octets.len() > TAILLE_MAX {
            return Err(ExchangeError::Format(format!(
                "Le fichier fait {} octets : une enveloppe signée en fait au plus {TAILLE_MAX}.",
                octets.len()
            )));
        }
        let texte = std::str::from_utf8(octets)
            .map_err(|_| ExchangeError::Format("Le fichier n’est pas un texte UTF-8.".into()))?;
        serde_json::from_str(texte).map_err(|e| {
            ExchangeError::Format(format!(
                "Le fichier n’est pas une enveloppe signée SchémaTIC valide : {}.",
                schematic_core::json::erreur_en_francais(&e)
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_follows_the_dsse_specification() {
        // The example of the DSSE protocol document.
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
        );
    }

    #[test]
    fn signed_envelope_round_trips() {
        let cle = CleInstallation::depuis_graine([1; 32]);
        let e = Enveloppe::signer("application/test", b"{\"a\":1}", &cle);
        let relue = Enveloppe::lire(&e.octets()).unwrap();
        assert_eq!(relue, e);
        assert_eq!(relue.signatures[0].keyid, cle.publique().keyid());
    }

    #[test]
    fn strict_parsing_refuses_unknown_fields_duplicate_keys_and_oversize() {
        let cle = CleInstallation::depuis_graine([1; 32]);
        let texte = String::from_utf8(Enveloppe::signer("t", b"x", &cle).octets()).unwrap();
        let inconnu = texte.replacen('{', "{\"extra\":1,", 1);
        assert!(Enveloppe::lire(inconnu.as_bytes()).is_err());
        let double = texte.replacen('{', "{\"payload\":\"eA==\",", 1);
        assert!(Enveloppe::lire(double.as_bytes()).unwrap_err().to_string().contains("« payload » apparaît deux fois"));
        assert!(Enveloppe::lire(&vec![b' '; TAILLE_MAX + 1]).unwrap_err().to_string().contains("au plus"));
        assert!(Enveloppe::lire(&texte.as_bytes()[..texte.len() - 3]).is_err());
    }
}
