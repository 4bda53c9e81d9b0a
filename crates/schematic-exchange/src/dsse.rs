//! The DSSE envelope (in-toto / Sigstore): `{ payloadType, payload, signatures }`,
//! the signature being over `PAE(type, body)`. The verifier checks the exact
//! payload bytes it received; the file itself is written in RFC 8785 (JCS) form
//! so that the same content always gives the same bytes.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::Signature;
use serde::{Deserialize, Serialize};

use crate::cles::{CleInstallation, ClePublique};
use crate::error::ExchangeError;

/// `payloadType` of a diagnostic, format version 1.
pub const TYPE_DIAGNOSTIC_V1: &str = "application/vnd.schematic.diagnostic+json; version=1";

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

    /// Verifies the only signature of the envelope against the key its `keyid`
    /// carries; returns that key and the payload bytes.
    pub fn verifier(&self) -> Result<(ClePublique, Vec<u8>), ExchangeError> {
        let [signature] = self.signatures.as_slice() else {
            return Err(ExchangeError::Format(format!(
                "L’enveloppe doit porter exactement une signature ; elle en porte {}.",
                self.signatures.len()
            )));
        };
        let cle = ClePublique::depuis_keyid(&signature.keyid)?;
        let corps = STANDARD
            .decode(&self.payload)
            .map_err(|_| ExchangeError::Format("Le contenu de l’enveloppe n’est pas en base64.".into()))?;
        let sig: [u8; 64] =
            STANDARD.decode(&signature.sig).ok().and_then(|o| o.try_into().ok()).ok_or_else(|| {
                ExchangeError::Signature("La signature n’a pas la forme d’une signature Ed25519.".into())
            })?;
        cle.0.verify_strict(&pae(&self.payload_type, &corps), &Signature::from_bytes(&sig)).map_err(|_| {
            ExchangeError::Signature(
                "La signature ne correspond pas au contenu : le fichier a été modifié après sa signature, ou signé par une autre clé."
                    .into(),
            )
        })?;
        Ok((cle, corps))
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
    fn signed_envelope_verifies_and_round_trips() {
        let cle = CleInstallation::depuis_graine([1; 32]);
        let e = Enveloppe::signer("application/test", b"{\"a\":1}", &cle);
        let relue = Enveloppe::lire(&e.octets()).unwrap();
        assert_eq!(relue, e);
        let (signataire, corps) = relue.verifier().unwrap();
        assert_eq!((signataire, corps.as_slice()), (cle.publique(), b"{\"a\":1}".as_slice()));
    }

    #[test]
    fn changed_type_payload_or_key_is_refused() {
        let cle = CleInstallation::depuis_graine([1; 32]);
        let e = Enveloppe::signer("application/test", b"contenu", &cle);
        let mut autre_type = e.clone();
        autre_type.payload_type = "application/autre".into();
        assert!(matches!(autre_type.verifier(), Err(ExchangeError::Signature(_))));
        let mut autre_corps = e.clone();
        autre_corps.payload = STANDARD.encode(b"contenU");
        assert!(matches!(autre_corps.verifier(), Err(ExchangeError::Signature(_))));
        let mut autre_cle = e.clone();
        autre_cle.signatures[0].keyid = CleInstallation::depuis_graine([2; 32]).publique().keyid();
        assert!(matches!(autre_cle.verifier(), Err(ExchangeError::Signature(_))));
        let mut deux = e;
        deux.signatures.push(deux.signatures[0].clone());
        assert!(matches!(deux.verifier(), Err(ExchangeError::Format(_))));
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
