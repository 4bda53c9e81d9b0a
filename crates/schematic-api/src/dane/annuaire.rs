//! Importing the annuaire de l'éducation and the circonscriptions.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use schematic_dane_store::DifferenceAnnuaire;
use schematic_exchange::annuaire::{Accueil, Bilan, Encodage, lire_annuaire, lire_circonscriptions};
use schematic_exchange::texte::nettoyer;

use super::EspaceDane;
use crate::dto::{AnnuaireImportDto, EtatDaneDto};
use crate::error::{ApiError, ErrorKind, phrase_io};

/// Upper bound of an annuaire file (the national one is about 60 MB).
pub const TAILLE_MAX_ANNUAIRE: u64 = 512 * 1024 * 1024;

/// A new annuaire with fewer establishments than this share (in %) of the
/// current one needs a confirmation to replace it.
pub const PART_MINIMALE_REMPLACEMENT: u64 = 90;

/// More ignored or duplicate rows than this share (in ‰) needs a
/// confirmation to replace an annuaire.
pub const PART_IGNOREE_TOLEREE_POUR_MILLE: u64 = 10;

fn ouvrir_borne(chemin: &Path, max: u64) -> Result<fs::File, ApiError> {
    let nom = nettoyer(&chemin.display().to_string());
    let echec = |e: std::io::Error| {
        ApiError::new(ErrorKind::Fichier, format!("Le fichier {nom} ne peut pas être lu : {}.", phrase_io(&e)))
    };
    let f = crate::echange::ouvrir_fichier_ordinaire(chemin).map_err(echec)?;
    let taille = f.metadata().map_err(echec)?.len();
    if taille > max {
        return Err(ApiError::new(
            ErrorKind::SaisieInvalide,
            format!("Le fichier {nom} fait {taille} octets, au-delà des {max} acceptés."),
        ));
    }
    Ok(f)
}

fn libelle_encodage(e: Encodage) -> &'static str {
    match e {
        Encodage::Ascii | Encodage::Utf8 => "UTF-8",
        Encodage::Windows1252 => "Windows-1252 (ancien format d’Excel), converti en UTF-8",
    }
}

/// Why replacing the annuaire needs a confirmation, if it does.
fn a_confirmer(difference: &DifferenceAnnuaire, lu: &Bilan, remplacer: bool) -> Option<String> {
    let ecartees = lu.ignorees + lu.doublons;
    if difference.avant == 0 || remplacer {
        None
    } else if u64::from(difference.apres) * 100 < u64::from(difference.avant) * PART_MINIMALE_REMPLACEMENT {
        Some(format!(
            "Le nouvel annuaire compte {} établissements, contre {} dans l’annuaire actuel ({} en moins) : confirmez le remplacement.",
            difference.apres,
            difference.avant,
            difference.avant.saturating_sub(difference.apres)
        ))
    } else if ecartees * 1000 > lu.lignes * PART_IGNOREE_TOLEREE_POUR_MILLE {
        Some(format!(
            "{ecartees} lignes sur {} n’ont pas pu être reprises (ignorées ou en double) : confirmez le remplacement, ou corrigez le fichier.",
            lu.lignes
        ))
    } else {
        None
    }
}

fn nombre(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl EspaceDane {
    /// Replaces the annuaire with the CSV `annuaire` and, if given, sets the
    /// circonscriptions from `circonscriptions`. Both files are read and
    /// checked before anything is written; the annuaire is read as a stream.
    /// Replacing an annuaire by a much smaller one, or by one with more than
    /// a small share of rows ignored, needs `remplacer`: without it nothing
    /// changes and the answer says why (`a_confirmer`).
    pub fn importer_annuaire(
        &mut self,
        annuaire: &Path,
        circonscriptions: Option<&Path>,
        remplacer: bool,
    ) -> Result<AnnuaireImportDto, ApiError> {
        let nom = nettoyer(&annuaire.display().to_string());
        let circ = match circonscriptions {
            Some(c) => Some(lire_circonscriptions(ouvrir_borne(c, TAILLE_MAX_ANNUAIRE)?).map_err(|e| {
                ApiError::new(ErrorKind::SaisieInvalide, format!("{} : {e}", nettoyer(&c.display().to_string())))
            })?),
            None => None,
        };
        let fichier = ouvrir_borne(annuaire, TAILLE_MAX_ANNUAIRE)?;
        // Everything is read and compared inside the replacing transaction;
        // `remplir` says whether to apply it.
        let mut issue = None;
        let mut fichier = Some(fichier);
        self.stockage.remplacer_annuaire(&mut |remplacement| {
            let Some(fichier) = fichier.take() else { return Ok(false) };
            let mut premieres: HashMap<String, u64> = HashMap::new();
            let mut erreur_base = None;
            let lu = lire_annuaire(fichier, |e, ligne| {
                if let Some(&premiere_ligne) = premieres.get(&e.uai) {
                    return Ok(Accueil::Doublon { premiere_ligne });
                }
                match remplacement.ajouter(e) {
                    Ok(()) => {
                        premieres.insert(e.uai.clone(), ligne);
                        Ok(Accueil::Retenu)
                    }
                    Err(err) => {
                        erreur_base = Some(err);
                        Err(schematic_exchange::ExchangeError::Format("la base de données a refusé l’écriture".into()))
                    }
                }
            });
            if let Some(err) = erreur_base {
                return Err(err);
            }
            let lu = match lu {
                Ok(lu) => lu,
                Err(e) => {
                    issue = Some(Err(ApiError::new(ErrorKind::SaisieInvalide, format!("{nom} : {e} Rien n’a été modifié."))));
                    return Ok(false);
                }
            };
            if lu.retenues == 0 {
                issue = Some(Err(ApiError::new(
                    ErrorKind::SaisieInvalide,
                    format!(
                        "{nom} : aucune ligne de l’annuaire n’est utilisable ({} lignes ignorées) ; rien n’a été modifié.",
                        lu.ignorees
                    ),
                )));
                return Ok(false);
            }
            let difference = remplacement.difference()?;
            let a_confirmer = a_confirmer(&difference, &lu, remplacer);
            let appliquer = a_confirmer.is_none();
            issue = Some(Ok((lu, difference, a_confirmer)));
            Ok(appliquer)
        })?;
        let (lu, difference, a_confirmer) = match issue {
            Some(Ok(x)) => x,
            Some(Err(e)) => return Err(e),
            None => return Err(ApiError::new(ErrorKind::BaseDeDonnees, "L’annuaire n’a pas pu être lu.")),
        };
        let applique = a_confirmer.is_none();
        if applique && let Some(c) = &circ {
            self.stockage.definir_circonscriptions(&c.lignes)?;
        }
        if applique {
            // Every row was replaced. Only an optimisation (the annuaire is
            // committed): see `entretenir`.
            let _ = self.stockage.entretenir();
            self.rafraichir_publications(None)?;
        }
        let (_, avec_circonscription) = self.stockage.taille_annuaire()?;
        Ok(AnnuaireImportDto {
            applique,
            a_confirmer,
            lignes_lues: nombre(lu.lignes),
            etablissements: nombre(lu.retenues),
            lignes_ignorees: nombre(lu.ignorees),
            doublons: nombre(lu.doublons),
            exemples_ignores: lu
                .exemples
                .iter()
                .map(|l| format!("ligne {} : {}", l.ligne, nettoyer(&l.raison)))
                .collect(),
            encodage: libelle_encodage(lu.encodage).into(),
            avant: difference.avant,
            ajoutes: difference.ajoutes,
            retires: difference.retires,
            exemples_retires: difference.exemples_retires,
            circonscriptions: circ
                .as_ref()
                .filter(|_| applique)
                .map(|c| u32::try_from(c.lignes.len()).unwrap_or(u32::MAX)),
            circonscriptions_ignorees: circ.map_or(0, |c| nombre(c.ignorees)),
            avec_circonscription,
        })
    }

    /// The state of the DANE space.
    pub fn etat_dane(&self) -> Result<EtatDaneDto, ApiError> {
        let (etablissements_annuaire, avec_circonscription) = self.stockage.taille_annuaire()?;
        Ok(EtatDaneDto {
            etablissements_annuaire,
            avec_circonscription,
            enrolements: u32::try_from(self.stockage.tous_enrolements()?.len()).unwrap_or(u32::MAX),
            annees: self.stockage.annees_importees()?.iter().map(ToString::to_string).collect(),
            dernier_import: self.stockage.dernier_import()?,
            ecartes: self.stockage.nombre_ecartes()?,
            stockage: self.stockage.description(),
        })
    }
}
