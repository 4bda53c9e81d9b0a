//! Verifying a file that claims to be a signed diagnostic. Untrusted input:
//! the size is capped before anything is parsed, the envelope is parsed
//! strictly, and the payload is parsed only after its signature is verified.
//! Every file gets exactly one verdict.

use crate::cles::ClePublique;
use crate::dsse::{Enveloppe, TAILLE_MAX, TYPE_DIAGNOSTIC_V1};
use crate::enrolement::verifier_certificat;
use crate::error::ExchangeError;
use crate::format_v1::{DiagnosticV1, empreinte_charge};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    ValideEnrole,
    ValideNonEnrole,
    CertificatInvalide,
    SignatureInvalide,
    FormatInconnu,
    Illisible,
}

impl Verdict {
    pub fn libelle(self) -> &'static str {
        match self {
            Self::ValideEnrole => "valide — enrôlé",
            Self::ValideNonEnrole => "valide — non enrôlé",
            Self::CertificatInvalide => "certificat expiré ou ne correspondant pas",
            Self::SignatureInvalide => "signature invalide",
            Self::FormatInconnu => "format inconnu",
            Self::Illisible => "fichier illisible ou trop gros",
        }
    }

    pub fn est_valide(self) -> bool {
        matches!(self, Self::ValideEnrole | Self::ValideNonEnrole)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rapport {
    pub verdict: Verdict,
    /// Why, in one French sentence.
    pub detail: String,
    /// What the diagnostic says, once its signature is verified.
    pub diagnostic: Option<DiagnosticV1>,
    /// SHA-256 of the payload bytes, once verified.
    pub empreinte_charge: Option<String>,
    /// Short fingerprint of the signing key, once verified.
    pub empreinte_cle: Option<String>,
    /// Serial number of the enrolment certificate, when it is valid.
    pub certificat: Option<String>,
}

fn rapport(verdict: Verdict, detail: impl Into<String>) -> Rapport {
    Rapport {
        verdict,
        detail: detail.into(),
        diagnostic: None,
        empreinte_charge: None,
        empreinte_cle: None,
        certificat: None,
    }
}

/// Verifies a file's bytes: a JSON envelope, or a PDF report carrying one.
/// `confiance` lists the DANE keys whose enrolment certificates are trusted.
pub fn verifier(octets: &[u8], confiance: &[ClePublique]) -> Rapport {
    if octets.starts_with(b"%PDF-") {
        return match crate::pdf::extraire(octets, crate::rapport::PIECE_JOINTE) {
            Ok(piece) => verifier_json(&piece, confiance),
            Err(e @ ExchangeError::TropGros(_)) => rapport(Verdict::Illisible, e.to_string()),
            Err(e) => rapport(Verdict::FormatInconnu, e.to_string()),
        };
    }
    verifier_json(octets, confiance)
}

/// Verifies the bytes of a JSON envelope.
pub fn verifier_json(octets: &[u8], confiance: &[ClePublique]) -> Rapport {
    if octets.len() > TAILLE_MAX {
        return rapport(
            Verdict::Illisible,
            format!("Le fichier fait {} octets, au-delà des {TAILLE_MAX} acceptés.", octets.len()),
        );
    }
    let debut = octets.iter().find(|b| !b.is_ascii_whitespace());
    if debut != Some(&b'{') {
        return rapport(Verdict::FormatInconnu, "Ce fichier n’est ni une enveloppe JSON ni un rapport PDF SchémaTIC.");
    }
    let enveloppe = match Enveloppe::lire(octets) {
        Ok(e) => e,
        Err(e) => {
            // A JSON text cut short is unreadable; a complete one that is not
            // our envelope is of an unknown format.
            let complet = serde_json::from_slice::<serde::de::IgnoredAny>(octets).is_ok();
            return rapport(if complet { Verdict::FormatInconnu } else { Verdict::Illisible }, e.to_string());
        }
    };
    if enveloppe.payload_type != TYPE_DIAGNOSTIC_V1 {
        return rapport(
            Verdict::FormatInconnu,
            format!("Type de contenu « {} » inconnu : attendu « {TYPE_DIAGNOSTIC_V1} ».", enveloppe.payload_type),
        );
    }
    let (cle, charge) = match enveloppe.verifier() {
        Ok(v) => v,
        Err(ExchangeError::Signature(m)) => return rapport(Verdict::SignatureInvalide, m),
        Err(e) => return rapport(Verdict::FormatInconnu, e.to_string()),
    };
    let diagnostic = match DiagnosticV1::lire(&charge) {
        Ok(d) => d,
        Err(e) => return rapport(Verdict::FormatInconnu, e.to_string()),
    };
    if diagnostic.cle != cle.keyid() {
        return rapport(
            Verdict::SignatureInvalide,
            "La clé annoncée dans le diagnostic n’est pas celle qui l’a signé.",
        );
    }
    let (verdict, detail, numero) = match &diagnostic.certificat {
        None => (
            Verdict::ValideNonEnrole,
            "Signature valide ; la clé de cet établissement n’est pas encore enrôlée auprès de la DANE.".to_string(),
            None,
        ),
        Some(certificat) => enrolement(certificat, &diagnostic, confiance),
    };
    Rapport {
        verdict,
        detail,
        empreinte_charge: Some(empreinte_charge(&charge)),
        empreinte_cle: Some(cle.empreinte_courte()),
        certificat: numero,
        diagnostic: Some(diagnostic),
    }
}

/// The verdict on the certificate a validly signed diagnostic carries.
fn enrolement(
    certificat: &Enveloppe,
    d: &DiagnosticV1,
    confiance: &[ClePublique],
) -> (Verdict, String, Option<String>) {
    let c = match verifier_certificat(certificat) {
        Ok(c) => c,
        Err(e) => return (Verdict::CertificatInvalide, format!("Certificat d’enrôlement illisible : {e}"), None),
    };
    let jour = d.genere_le.get(..10).unwrap_or_default();
    if let Err(raison) = c.couvre(&d.etablissement.uai, &d.cle, jour) {
        return (
            Verdict::CertificatInvalide,
            format!("Certificat d’enrôlement n° {} refusé : {raison}.", c.numero),
            None,
        );
    }
    let dane = ClePublique::depuis_keyid(&c.dane).map(|k| k.empreinte_courte()).unwrap_or_default();
    if confiance.is_empty() {
        return (
            Verdict::ValideNonEnrole,
            format!(
                "Signature valide ; certificat n° {} de la DANE {dane} présent, mais aucune clé DANE de confiance n’a été fournie pour le vérifier.",
                c.numero
            ),
            None,
        );
    }
    if !confiance.iter().any(|k| k.keyid() == c.dane) {
        return (
            Verdict::CertificatInvalide,
            format!("Certificat n° {} émis par une clé DANE ({dane}) qui n’est pas celle de confiance.", c.numero),
            None,
        );
    }
    (
        Verdict::ValideEnrole,
        format!("Signature valide ; clé enrôlée par la DANE (certificat n° {}).", c.numero),
        Some(c.numero),
    )
}
