//! `schematic demo`: a realistic collège with two school years of answers, for
//! newcomers, screenshots and tests. Built only through the public operations,
//! so it exercises the same rules as a real user.

use crate::dto::{DemoDto, SaisieEtablissementDto};
use crate::error::{ApiError, ErrorKind};
use crate::installation::Installation;

/// Levels per item, in the eple referential's order (PIL, FOR, IMP, PED, INF);
/// `None` leaves the item unanswered.
const ANNEE_PRECEDENTE: [Option<&str>; 20] = [
    Some("1"),
    Some("1"),
    Some("2"),
    Some("1"),
    Some("1"),
    Some("aucun"),
    Some("2"),
    Some("1"),
    Some("2"),
    Some("1"),
    Some("1"),
    Some("2"),
    Some("1"),
    Some("1"),
    Some("1"),
    Some("aucun"),
    Some("2"),
    Some("1"),
    Some("2"),
    Some("1"),
];

const ANNEE_EN_COURS: [Option<&str>; 20] = [
    Some("2"),
    Some("1"),
    Some("2"),
    Some("2"),
    Some("1"),
    Some("1"),
    Some("2"),
    Some("2"),
    Some("3"),
    Some("2"),
    Some("1"),
    Some("2"),
    Some("2"),
    Some("1"),
    None,
    None,
    Some("2"),
    Some("2"),
    None,
    None,
];

const COMMENTAIRES: [(&str, &str); 2] = [
    ("PIL-1", "Volet numérique voté au conseil d’administration de novembre ; les indicateurs restent à préciser."),
    ("IMP-3", "Les interventions du département prennent encore trois semaines en moyenne."),
];

impl Installation {
    /// Fills an empty installation with the demo establishment: last school
    /// year finalised, the current one in progress.
    pub fn demo(&mut self) -> Result<DemoDto, ApiError> {
        if let Some(e) = self.etablissement()? {
            return Err(ApiError::new(
                ErrorKind::EtatIncompatible,
                format!(
                    "Ce dossier de données contient déjà l’établissement {} ({}) : la démonstration s’installe seulement dans un dossier vide (choisissez-en un avec --data-dir).",
                    e.nom, e.uai
                ),
            ));
        }
        let etablissement = self.definir_etablissement(&SaisieEtablissementDto {
            uai: "0332345V".into(),
            nom: "Collège Les Tilleuls (démonstration)".into(),
            type_etablissement: "college".into(),
            departement: None,
            circonscription: None,
            commune: Some("Libourne".into()),
        })?;
        let en_cours = self.annee_en_cours()?;
        let precedente = en_cours.precedente().ok_or_else(|| {
            ApiError::new(ErrorKind::SaisieInvalide, "L’horloge de cet ordinateur indique une date invraisemblable.")
        })?;
        let items: Vec<String> = schematic_core::Referentiel::pour_degre(schematic_core::Degre::Second)
            .items()
            .map(|i| i.id.clone())
            .collect();

        let annee = precedente.to_string();
        self.creer_diagnostic(Some(&annee), false)?;
        for (item, niveau) in items.iter().zip(ANNEE_PRECEDENTE) {
            if let Some(niveau) = niveau {
                self.repondre(Some(&annee), item, niveau, None)?;
            }
        }
        self.finaliser(Some(&annee))?;

        let annee = en_cours.to_string();
        self.creer_diagnostic(Some(&annee), false)?;
        for (item, niveau) in items.iter().zip(ANNEE_EN_COURS) {
            if let Some(niveau) = niveau {
                let commentaire = COMMENTAIRES.iter().find(|(id, _)| id == item).map(|(_, c)| *c);
                self.repondre(Some(&annee), item, niveau, commentaire)?;
            }
        }
        Ok(DemoDto { etablissement, diagnostics: self.diagnostics()? })
    }
}
