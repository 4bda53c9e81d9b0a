//! What became of a file the DANE imported: one status per file, from a
//! closed list. The code of each status is what the DANE store keeps (in the
//! import report and for a file set aside): [`CODES`] is that table, written
//! out once, so that a stored code never depends on how the enum is spelled.

use serde::{Deserialize, Serialize};

/// The status of one imported file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum StatutImport {
    Importe,
    PagesNonConformes,
    DejaImporte,
    RevisionPlusAncienne,
    NonEnrole,
    SignatureInvalide,
    CleRevoquee,
    CertificatInvalide,
    UaiInconnu,
    ReferentielInconnu,
    Ecarte,
    EtablissementNonConforme,
    DatesInvraisemblables,
    FormatNonReconnu,
    TropGrosOuIllisible,
    NonLu,
}

/// Every status with its stored code, in the order reports list them.
/// Append-only: a stored code is never renamed nor reused.
pub const CODES: [(StatutImport, &str); 16] = [
    (StatutImport::Importe, "importe"),
    (StatutImport::PagesNonConformes, "pages-non-conformes"),
    (StatutImport::DejaImporte, "deja-importe"),
    (StatutImport::RevisionPlusAncienne, "revision-plus-ancienne"),
    (StatutImport::NonEnrole, "non-enrole"),
    (StatutImport::SignatureInvalide, "signature-invalide"),
    (StatutImport::CleRevoquee, "cle-revoquee"),
    (StatutImport::CertificatInvalide, "certificat-invalide"),
    (StatutImport::UaiInconnu, "uai-inconnu"),
    (StatutImport::ReferentielInconnu, "referentiel-inconnu"),
    (StatutImport::Ecarte, "ecarte"),
    (StatutImport::EtablissementNonConforme, "etablissement-non-conforme"),
    (StatutImport::DatesInvraisemblables, "dates-invraisemblables"),
    (StatutImport::FormatNonReconnu, "format-non-reconnu"),
    (StatutImport::TropGrosOuIllisible, "trop-gros-ou-illisible"),
    (StatutImport::NonLu, "non-lu"),
];

impl StatutImport {
    pub const TOUS: [Self; 16] = {
        let mut tous = [Self::Importe; 16];
        let mut i = 0;
        while i < 16 {
            tous[i] = CODES[i].0;
            i += 1;
        }
        tous
    };

    /// The stored code.
    pub fn code(self) -> &'static str {
        CODES.iter().find(|(s, _)| *s == self).map_or("", |(_, c)| c)
    }

    /// The status of a stored code.
    pub fn depuis_code(code: &str) -> Option<Self> {
        CODES.iter().find(|(_, c)| *c == code).map(|(s, _)| *s)
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Self::Importe => "importé",
            Self::PagesNonConformes => "importé — pages du PDF ne correspondant pas au diagnostic signé",
            Self::DejaImporte => "déjà importé",
            Self::RevisionPlusAncienne => "révision plus ancienne ignorée",
            Self::NonEnrole => "clé inconnue (non enrôlé) — importé, hors chiffres publiés",
            Self::SignatureInvalide => "signature invalide",
            Self::CleRevoquee => "clé révoquée",
            Self::CertificatInvalide => "certificat invalide ou expiré",
            Self::UaiInconnu => "UAI inconnu de l’annuaire",
            Self::ReferentielInconnu => "référentiel inconnu (version non installée)",
            Self::Ecarte => "mis à l’écart — une autre clé tient déjà cette année, hors chiffres",
            Self::EtablissementNonConforme => {
                "établissement ne correspondant pas à l’annuaire — mis à l’écart, hors chiffres"
            }
            Self::DatesInvraisemblables => "dates invraisemblables",
            Self::FormatNonReconnu => "format non reconnu",
            Self::TropGrosOuIllisible => "fichier trop gros ou illisible",
            Self::NonLu => "non lu (pas un fichier ordinaire, ou dossier illisible)",
        }
    }

    /// The file's diagnostic is stored.
    pub fn est_importe(self) -> bool {
        matches!(self, Self::Importe | Self::NonEnrole | Self::PagesNonConformes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_one_stored_code_which_is_its_serde_name() {
        let mut codes: Vec<&str> = CODES.iter().map(|(_, c)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CODES.len(), "two statuses share a code");
        for s in StatutImport::TOUS {
            assert_eq!(StatutImport::depuis_code(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::Value::from(s.code()));
        }
        assert_eq!(StatutImport::depuis_code("inconnu"), None);
    }
}
