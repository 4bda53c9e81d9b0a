//! Importing the annuaire de l'éducation and the circonscriptions.

use std::fs;
use std::path::Path;

use schematic_exchange::annuaire::{lire_annuaire, lire_circonscriptions};

use crate::dto::{AnnuaireImportDto, EtatDaneDto};
use crate::error::{ApiError, ErrorKind};
use crate::installation::Installation;

/// Upper bound of an annuaire file (the national one is about 60 MB).
pub const TAILLE_MAX_ANNUAIRE: u64 = 512 * 1024 * 1024;

/// How many skipped rows are quoted in the answer.
const EXEMPLES: usize = 10;

fn ouvrir_borne(chemin: &Path, max: u64) -> Result<fs::File, ApiError> {
    let echec = |e: std::io::Error| {
        ApiError::new(ErrorKind::Fichier, format!("Le fichier {} ne peut pas être lu : {e}.", chemin.display()))
    };
    let f = fs::File::open(chemin).map_err(echec)?;
    let taille = f.metadata().map_err(echec)?.len();
    if taille > max {
        return Err(ApiError::new(
            ErrorKind::SaisieInvalide,
            format!("Le fichier {} fait {taille} octets, au-delà des {max} acceptés.", chemin.display()),
        ));
    }
    Ok(f)
}

impl Installation {
    /// Replaces the annuaire with the CSV `annuaire` and, if given, sets the
    /// circonscriptions from `circonscriptions`. Both files are read and
    /// checked before anything is written.
    pub fn importer_annuaire(
        &mut self,
        annuaire: &Path,
        circonscriptions: Option<&Path>,
    ) -> Result<AnnuaireImportDto, ApiError> {
        let lu = lire_annuaire(ouvrir_borne(annuaire, TAILLE_MAX_ANNUAIRE)?)
            .map_err(|e| ApiError::new(ErrorKind::SaisieInvalide, format!("{} : {e}", annuaire.display())))?;
        if lu.etablissements.is_empty() {
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                format!(
                    "{} : aucune ligne de l’annuaire n’est utilisable ({} lignes ignorées) ; rien n’a été modifié.",
                    annuaire.display(),
                    lu.ignorees.len()
                ),
            ));
        }
        let circ = match circonscriptions {
            Some(c) => Some(
                lire_circonscriptions(ouvrir_borne(c, TAILLE_MAX_ANNUAIRE)?)
                    .map_err(|e| ApiError::new(ErrorKind::SaisieInvalide, format!("{} : {e}", c.display())))?,
            ),
            None => None,
        };
        self.store.remplacer_annuaire(&lu.etablissements)?;
        if let Some(c) = &circ {
            self.store.definir_circonscriptions(&c.lignes)?;
        }
        let (_, avec_circonscription) = self.store.taille_annuaire()?;
        Ok(AnnuaireImportDto {
            etablissements: u32::try_from(lu.etablissements.len()).unwrap_or(u32::MAX),
            lignes_ignorees: u32::try_from(lu.ignorees.len()).unwrap_or(u32::MAX),
            exemples_ignores: lu
                .ignorees
                .iter()
                .take(EXEMPLES)
                .map(|l| format!("ligne {} : {}", l.ligne, l.raison))
                .collect(),
            circonscriptions: circ.as_ref().map(|c| u32::try_from(c.lignes.len()).unwrap_or(u32::MAX)),
            circonscriptions_ignorees: circ.map_or(0, |c| u32::try_from(c.ignorees.len()).unwrap_or(u32::MAX)),
            avec_circonscription,
        })
    }

    /// The state of the DANE space.
    pub fn etat_dane(&self) -> Result<EtatDaneDto, ApiError> {
        let (etablissements_annuaire, avec_circonscription) = self.store.taille_annuaire()?;
        Ok(EtatDaneDto {
            etablissements_annuaire,
            avec_circonscription,
            enrolements: u32::try_from(self.store.tous_enrolements()?.len()).unwrap_or(u32::MAX),
            annees: self.store.annees_importees()?,
            dernier_import: self.store.dernier_import()?,
        })
    }
}
