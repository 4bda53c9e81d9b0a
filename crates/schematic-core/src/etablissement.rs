//! The establishment an installation belongs to. There is exactly one per data
//! directory: it is what the diagnostics describe and what a signing key will be
//! bound to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::referentiel::Degre;
use crate::territoire;
use crate::uai::Uai;

/// Kinds of establishment, as the annuaire de l'éducation names them. The kind
/// selects the referential: écoles use the 1er degré one, EPLE the 2nd degré one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TypeEtablissement {
    EcoleMaternelle,
    EcoleElementaire,
    EcolePrimaire,
    College,
    Lycee,
    LyceeProfessionnel,
    Erea,
    CiteScolaire,
}

impl TypeEtablissement {
    pub const TOUS: [Self; 8] = [
        Self::EcoleMaternelle,
        Self::EcoleElementaire,
        Self::EcolePrimaire,
        Self::College,
        Self::Lycee,
        Self::LyceeProfessionnel,
        Self::Erea,
        Self::CiteScolaire,
    ];

    /// The stable code used on the command line, in the database and in exports.
    pub fn code(self) -> &'static str {
        match self {
            Self::EcoleMaternelle => "ecole-maternelle",
            Self::EcoleElementaire => "ecole-elementaire",
            Self::EcolePrimaire => "ecole-primaire",
            Self::College => "college",
            Self::Lycee => "lycee",
            Self::LyceeProfessionnel => "lycee-professionnel",
            Self::Erea => "erea",
            Self::CiteScolaire => "cite-scolaire",
        }
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Self::EcoleMaternelle => "École maternelle",
            Self::EcoleElementaire => "École élémentaire",
            Self::EcolePrimaire => "École primaire",
            Self::College => "Collège",
            Self::Lycee => "Lycée",
            Self::LyceeProfessionnel => "Lycée professionnel",
            Self::Erea => "EREA",
            Self::CiteScolaire => "Cité scolaire",
        }
    }

    /// The annuaire's family of this kind (`schematic_core::annuaire::FAMILLES`):
    /// a cité scolaire is listed as a lycée, a lycée professionnel too.
    pub fn famille(self) -> &'static str {
        match self {
            Self::EcoleMaternelle | Self::EcoleElementaire | Self::EcolePrimaire => "ecole",
            Self::College => "college",
            Self::Lycee | Self::LyceeProfessionnel | Self::CiteScolaire => "lycee",
            Self::Erea => "erea",
        }
    }

    pub fn degre(self) -> Degre {
        match self {
            Self::EcoleMaternelle | Self::EcoleElementaire | Self::EcolePrimaire => Degre::Premier,
            _ => Degre::Second,
        }
    }
}

impl fmt::Display for TypeEtablissement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.libelle())
    }
}

impl FromStr for TypeEtablissement {
    type Err = CoreError;

    fn from_str(saisie: &str) -> Result<Self, Self::Err> {
        let code = saisie.trim().to_lowercase().replace(['_', ' '], "-");
        Self::TOUS.into_iter().find(|t| t.code() == code).ok_or_else(|| {
            let codes: Vec<&str> = Self::TOUS.iter().map(|t| t.code()).collect();
            CoreError::EtablissementInvalide(format!(
                "Le type d’établissement « {} » est inconnu ; types acceptés : {}.",
                saisie.trim(),
                codes.join(", ")
            ))
        })
    }
}

/// What a user types to define the establishment; checked by [`Etablissement::valider`].
#[derive(Debug, Clone, Default)]
pub struct SaisieEtablissement {
    pub uai: String,
    pub nom: String,
    pub type_etablissement: String,
    /// INSEE code; derived from the UAI when absent.
    pub departement: Option<String>,
    pub circonscription: Option<String>,
    pub commune: Option<String>,
}

/// A checked establishment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Etablissement {
    pub uai: Uai,
    pub nom: String,
    pub type_etablissement: TypeEtablissement,
    pub academie: String,
    /// INSEE code of the département.
    pub departement: String,
    pub circonscription: Option<String>,
    pub commune: Option<String>,
}

const NOM_MAX: usize = 150;
const LIBRE_MAX: usize = 100;

impl Etablissement {
    pub fn valider(saisie: &SaisieEtablissement) -> Result<Self, CoreError> {
        let uai = Uai::parse(&saisie.uai)?;
        let nom = texte_obligatoire(&saisie.nom, "Le nom de l’établissement", NOM_MAX)?;
        let type_etablissement: TypeEtablissement = saisie.type_etablissement.parse()?;
        let du_uai = uai.departement();
        let departement = match (saisie.departement.as_deref().map(str::trim).filter(|s| !s.is_empty()), du_uai) {
            (None, Some(d)) => d,
            (None, None) => {
                return Err(CoreError::EtablissementInvalide(format!(
                    "Le département ne peut pas être déduit du code UAI {uai} : indiquez-le (code INSEE, par exemple 33)."
                )));
            }
            (Some(code), derive) => {
                let choisi = territoire::departement(code).ok_or_else(|| {
                    CoreError::EtablissementInvalide(format!(
                        "Le département « {code} » est inconnu : attendu un code INSEE comme 33, 2A ou 971."
                    ))
                })?;
                if let Some(derive) = derive
                    && derive.code != choisi.code
                {
                    return Err(CoreError::EtablissementInvalide(format!(
                        "Le département {} ne correspond pas au code UAI {uai}, qui désigne le département {} ({}).",
                        choisi.code, derive.code, derive.nom
                    )));
                }
                choisi
            }
        };
        Ok(Self {
            uai,
            nom,
            type_etablissement,
            academie: departement.academie.to_string(),
            departement: departement.code.to_string(),
            circonscription: texte_facultatif(saisie.circonscription.as_deref(), "La circonscription", LIBRE_MAX)?,
            commune: texte_facultatif(saisie.commune.as_deref(), "La commune", LIBRE_MAX)?,
        })
    }

    /// The referential this establishment is assessed against.
    pub fn degre(&self) -> Degre {
        self.type_etablissement.degre()
    }

    pub fn nom_departement(&self) -> Option<&'static str> {
        territoire::departement(&self.departement).map(|d| d.nom)
    }
}

fn texte_obligatoire(saisie: &str, quoi: &str, max: usize) -> Result<String, CoreError> {
    let texte = saisie.trim();
    if texte.is_empty() {
        return Err(CoreError::EtablissementInvalide(format!("{quoi} est obligatoire.")));
    }
    if texte.chars().count() > max {
        return Err(CoreError::EtablissementInvalide(format!("{quoi} est trop long : {max} caractères au plus.")));
    }
    if texte.chars().any(char::is_control) {
        return Err(CoreError::EtablissementInvalide(format!(
            "{quoi} ne doit pas contenir de retour à la ligne ni de caractère de contrôle."
        )));
    }
    Ok(texte.to_string())
}

fn texte_facultatif(saisie: Option<&str>, quoi: &str, max: usize) -> Result<Option<String>, CoreError> {
    match saisie.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => texte_obligatoire(s, quoi, max).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saisie(uai: &str, type_etablissement: &str) -> SaisieEtablissement {
        SaisieEtablissement {
            uai: uai.into(),
            nom: "Collège Jean Moulin".into(),
            type_etablissement: type_etablissement.into(),
            ..Default::default()
        }
    }

    #[test]
    fn academie_and_departement_come_from_the_uai() {
        let e = Etablissement::valider(&saisie("0330021u", "college")).unwrap();
        assert_eq!(e.uai.as_str(), "0330021U");
        assert_eq!((e.departement.as_str(), e.academie.as_str()), ("33", "Bordeaux"));
        assert_eq!(e.nom_departement(), Some("Gironde"));
        assert_eq!(e.degre(), Degre::Second);
    }

    #[test]
    fn type_selects_the_degree() {
        assert_eq!("ecole-primaire".parse::<TypeEtablissement>().unwrap().degre(), Degre::Premier);
        assert_eq!("Lycee professionnel".parse::<TypeEtablissement>().unwrap(), TypeEtablissement::LyceeProfessionnel);
        let err = "universite".parse::<TypeEtablissement>().unwrap_err().to_string();
        assert!(err.contains("college") && err.contains("ecole-maternelle"), "{err}");
    }

    #[test]
    fn a_departement_contradicting_the_uai_is_rejected() {
        let mut s = saisie("0330021U", "college");
        s.departement = Some("86".into());
        let err = Etablissement::valider(&s).unwrap_err().to_string();
        assert!(err.contains("Gironde"), "{err}");
        s.departement = Some("033".into());
        assert!(Etablissement::valider(&s).is_ok());
    }

    #[test]
    fn name_is_required_and_bounded() {
        let mut s = saisie("0330021U", "college");
        s.nom = "  ".into();
        assert!(Etablissement::valider(&s).unwrap_err().to_string().contains("obligatoire"));
        s.nom = "x".repeat(151);
        assert!(Etablissement::valider(&s).unwrap_err().to_string().contains("trop long"));
    }
}
