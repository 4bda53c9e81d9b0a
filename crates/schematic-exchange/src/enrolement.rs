//! Enrolment: how a DANE comes to trust an installation's key.
//!
//! 1. The establishment writes an *enrolment request*: UAI + public key + date,
//!    signed with that very key (proof of possession), and sends it through the
//!    establishment's official mailbox.
//! 2. The DANE answers with an *enrolment certificate*: UAI → public key, with
//!    validity dates and a serial number, signed with the DANE key.
//! 3. The installation keeps the certificate and puts it in every export, so a
//!    DANE verifies a diagnostic with nothing but its own public key.
//!
//! Both documents are DSSE envelopes over JCS payloads, like the diagnostic.

use serde::{Deserialize, Serialize};

use schematic_core::Uai;

use crate::cles::CleInstallation;
use crate::dsse::Enveloppe;
use crate::error::ExchangeError;
use crate::verification::{Document, ouvrir_type};

pub const TYPE_DEMANDE_V1: &str = "application/vnd.schematic.demande-enrolement+json; version=1";
pub const TYPE_CERTIFICAT_V1: &str = "application/vnd.schematic.certificat-enrolement+json; version=1";
pub(crate) const FORMAT_DEMANDE: &str = "schematic.demande-enrolement";
pub(crate) const FORMAT_CERTIFICAT: &str = "schematic.certificat-enrolement";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandeV1 {
    pub format: String,
    pub version_format: u32,
    pub uai: String,
    /// Key id of the installation key (`ed25519:…`), which signs the request.
    pub cle: String,
    /// RFC 3339, UTC.
    pub date: String,
    pub application: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificatV1 {
    pub format: String,
    pub version_format: u32,
    /// Serial number given by the DANE.
    pub numero: String,
    pub uai: String,
    /// Key id of the enrolled installation key.
    pub cle: String,
    /// First and last valid days, `AAAA-MM-JJ`, inclusive.
    pub valide_du: String,
    pub valide_au: String,
    /// Key id of the DANE key that signs the certificate.
    pub dane: String,
    /// RFC 3339, UTC.
    pub emis_le: String,
}

/// The file name of a request: `demande-enrolement_<UAI>.json`.
pub fn nom_demande(uai: &str) -> String {
    format!("demande-enrolement_{uai}.json")
}

/// Writes the enrolment request of an installation.
pub fn demande(uai: &Uai, cle: &CleInstallation, date: &str, application: &str) -> Enveloppe {
    let d = DemandeV1 {
        format: FORMAT_DEMANDE.into(),
        version_format: 1,
        uai: uai.to_string(),
        cle: cle.publique().keyid(),
        date: date.into(),
        application: application.into(),
    };
    Enveloppe::signer(TYPE_DEMANDE_V1, &serde_json_canonicalizer::to_vec(&d).expect("serialises"), cle)
}

/// Reads and checks a request: signed by the key it names (proof of
/// possession), canonical, every rule of its schema.
pub fn lire_demande(octets: &[u8]) -> Result<DemandeV1, ExchangeError> {
    match ouvrir_type(octets, TYPE_DEMANDE_V1, "une demande d’enrôlement")?.document {
        Document::Demande(d) => Ok(d),
        _ => Err(ExchangeError::Format("Ce fichier n’est pas une demande d’enrôlement SchémaTIC.".into())),
    }
}

/// Issues the certificate of a checked request (DANE side; used by tests until
/// the DANE space exists).
pub fn emettre(
    demande: &DemandeV1,
    numero: &str,
    valide_du: &str,
    valide_au: &str,
    cle_dane: &CleInstallation,
    emis_le: &str,
) -> Enveloppe {
    let c = CertificatV1 {
        format: FORMAT_CERTIFICAT.into(),
        version_format: 1,
        numero: numero.into(),
        uai: demande.uai.clone(),
        cle: demande.cle.clone(),
        valide_du: valide_du.into(),
        valide_au: valide_au.into(),
        dane: cle_dane.publique().keyid(),
        emis_le: emis_le.into(),
    };
    Enveloppe::signer(TYPE_CERTIFICAT_V1, &serde_json_canonicalizer::to_vec(&c).expect("serialises"), cle_dane)
}

/// Reads a certificate and checks its own signature (by the DANE key it
/// names) and every rule of its format. Whether that DANE key is trusted is
/// the caller's question.
pub fn lire_certificat(octets: &[u8]) -> Result<CertificatV1, ExchangeError> {
    match ouvrir_type(octets, TYPE_CERTIFICAT_V1, "un certificat d’enrôlement")?.document {
        Document::Certificat(c) => Ok(c),
        _ => Err(ExchangeError::Format("Ce fichier n’est pas un certificat d’enrôlement SchémaTIC.".into())),
    }
}

impl CertificatV1 {
    /// Does this certificate bind `uai` to `cle` on `jour` (`AAAA-MM-JJ`)?
    /// ISO dates compare as strings.
    pub fn couvre(&self, uai: &str, cle: &str, jour: &str) -> Result<(), String> {
        if self.uai != uai {
            return Err(format!("le certificat concerne l’UAI {}, pas {uai}", self.uai));
        }
        if self.cle != cle {
            return Err("le certificat concerne une autre clé que celle qui a signé".into());
        }
        if jour < self.valide_du.as_str() || jour > self.valide_au.as_str() {
            return Err(format!("le certificat n’est valable que du {} au {}", self.valide_du, self.valide_au));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uai() -> Uai {
        Uai::parse("0330021U").unwrap()
    }

    #[test]
    fn request_is_self_signed_and_certificate_binds_uai_to_key() {
        let cle = CleInstallation::depuis_graine([5; 32]);
        let dane = CleInstallation::depuis_graine([6; 32]);
        let d = lire_demande(&demande(&uai(), &cle, "2026-03-12T10:00:00Z", "SchémaTIC").octets()).unwrap();
        assert_eq!((d.uai.as_str(), d.cle.clone()), ("0330021U", cle.publique().keyid()));
        let c = lire_certificat(
            &emettre(&d, "BDX-2026-0001", "2026-03-01", "2029-08-31", &dane, "2026-03-01T08:00:00Z").octets(),
        )
        .unwrap();
        assert_eq!(c.dane, dane.publique().keyid());
        assert!(c.couvre("0330021U", &cle.publique().keyid(), "2026-03-12").is_ok());
        assert!(c.couvre("0330021U", &cle.publique().keyid(), "2029-09-01").unwrap_err().contains("valable"));
        assert!(c.couvre("0951099D", &cle.publique().keyid(), "2026-03-12").is_err());
        assert!(c.couvre("0330021U", &dane.publique().keyid(), "2026-03-12").is_err());
    }

    #[test]
    fn request_signed_by_another_key_is_refused() {
        let cle = CleInstallation::depuis_graine([5; 32]);
        let voleur = CleInstallation::depuis_graine([9; 32]);
        let contenu = DemandeV1 {
            format: FORMAT_DEMANDE.into(),
            version_format: 1,
            uai: "0330021U".into(),
            cle: cle.publique().keyid(),
            date: "2026-03-12T10:00:00Z".into(),
            application: "x".into(),
        };
        let e = Enveloppe::signer(TYPE_DEMANDE_V1, &serde_json_canonicalizer::to_vec(&contenu).unwrap(), &voleur);
        assert!(lire_demande(&e.octets()).unwrap_err().to_string().contains("une autre clé que celle qui l’a signé"));
        assert!(lire_certificat(&e.octets()).is_err(), "a request is not a certificate");
    }
}
