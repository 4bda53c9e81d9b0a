//! Settings: display preferences, the live UAI check, the list of establishment
//! types, and what the « À propos » panel shows.

use schematic_core::{TypeEtablissement, Uai};

use crate::dossier;
use crate::dto::{AProposDto, PreferencesDto, TypeEtablissementDto, VerificationUaiDto};
use crate::error::{ApiError, ErrorKind};
use crate::installation::Installation;

const GRANDS_CARACTERES: &str = "grands_caracteres";
const ESPACE: &str = "espace";

/// The spaces the app can open on.
pub const ESPACES: [&str; 2] = ["etablissement", "dane"];

impl Installation {
    pub fn preferences(&self) -> Result<PreferencesDto, ApiError> {
        Ok(PreferencesDto {
            grands_caracteres: self.store.preference(GRANDS_CARACTERES)?.as_deref() == Some("oui"),
            espace: self.store.preference(ESPACE)?.filter(|e| ESPACES.contains(&e.as_str())),
        })
    }

    pub fn definir_preferences(&mut self, p: &PreferencesDto) -> Result<PreferencesDto, ApiError> {
        if let Some(e) = p.espace.as_deref().filter(|e| !ESPACES.contains(e)) {
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                format!("Espace « {e} » inconnu : choisissez etablissement ou dane."),
            ));
        }
        self.store.definir_preference(GRANDS_CARACTERES, if p.grands_caracteres { "oui" } else { "non" })?;
        if let Some(e) = &p.espace {
            self.store.definir_preference(ESPACE, e)?;
        }
        self.preferences()
    }

    pub fn a_propos(&self) -> Result<AProposDto, ApiError> {
        Ok(AProposDto {
            version_application: env!("CARGO_PKG_VERSION").into(),
            version_schema: u32::try_from(schematic_store::VERSION_SCHEMA).unwrap_or(u32::MAX),
            dossier: self.dossier().display().to_string(),
            base: self.dossier().join(dossier::BASE).display().to_string(),
            dossier_reseau: self.store.mode_journal() == schematic_store::ModeJournal::Delete,
            referentiels: self.referentiels()?,
        })
    }

    /// Checks a UAI as it is typed; nothing is written.
    pub fn verifier_uai(saisie: &str) -> VerificationUaiDto {
        match Uai::parse(saisie) {
            Ok(uai) => {
                let d = uai.departement();
                VerificationUaiDto {
                    uai: Some(uai.to_string()),
                    erreur: None,
                    departement: d.map(|d| d.code.to_string()),
                    departement_nom: d.map(|d| d.nom.to_string()),
                    academie: d.map(|d| d.academie.to_string()),
                }
            }
            Err(e) => VerificationUaiDto {
                uai: None,
                erreur: Some(e.to_string()),
                departement: None,
                departement_nom: None,
                academie: None,
            },
        }
    }

    pub fn types_etablissement() -> Vec<TypeEtablissementDto> {
        TypeEtablissement::TOUS
            .iter()
            .map(|t| TypeEtablissementDto {
                code: t.code().into(),
                libelle: t.libelle().into(),
                degre: match t.degre() {
                    schematic_core::Degre::Premier => "premier".into(),
                    schematic_core::Degre::Second => "second".into(),
                },
                referentiel_id: t.degre().referentiel_id().into(),
            })
            .collect()
    }
}
