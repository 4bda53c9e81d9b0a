//! `schematic demo`: a realistic collège with two school years of answers, for
//! newcomers, screenshots and tests. Built only through the public operations,
//! so it exercises the same rules as a real user.

use crate::dto::{DemoDto, SaisieEtablissementDto};
use crate::error::{ApiError, ErrorKind};
use crate::installation::Installation;

/// Last year's answers, written on `eple` 2026.1 (PIL, FOR, IMP, PED, INF).
/// Should that year get another version, the items it lacks are skipped.
const ANNEE_PRECEDENTE: [(&str, &str); 20] = [
    ("PIL-1", "1"),
    ("PIL-2", "1"),
    ("PIL-3", "2"),
    ("PIL-4", "1"),
    ("FOR-1", "1"),
    ("FOR-2", "aucun"),
    ("FOR-3", "2"),
    ("FOR-4", "1"),
    ("IMP-1", "2"),
    ("IMP-2", "1"),
    ("IMP-3", "1"),
    ("IMP-4", "2"),
    ("PED-1", "1"),
    ("PED-2", "1"),
    ("PED-3", "1"),
    ("PED-4", "aucun"),
    ("INF-1", "2"),
    ("INF-2", "1"),
    ("INF-3", "2"),
    ("INF-4", "1"),
];

/// This year, on the newest version: what the team has answered again after
/// last year's answers were carried through the correspondence. PIL-3, FOR-2
/// and INF-4 stay « à revoir », IMP-5 and INF-5 (new items) unanswered, so a
/// newcomer sees the correspondence at work.
const ANNEE_EN_COURS: [(&str, &str); 19] = [
    ("PIL-1", "2"),
    ("PIL-2", "2"),
    ("PIL-4", "1"),
    ("PIL-5", "1"),
    ("FOR-1", "1"),
    ("FOR-3", "2"),
    ("IMP-1", "2"),
    ("IMP-2", "2"),
    ("IMP-3", "1"),
    ("IMP-4", "2"),
    ("PED-1", "2"),
    ("PED-2", "2"),
    ("PED-3", "1"),
    ("PED-4", "1"),
    ("PED-5", "1"),
    ("PED-6", "aucun"),
    ("INF-1", "2"),
    ("INF-2", "2"),
    ("INF-3", "2"),
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
        let annee = precedente.to_string();
        self.creer_diagnostic(Some(&annee), false)?;
        self.repondre_demo(&annee, &ANNEE_PRECEDENTE, &[])?;
        self.finaliser(Some(&annee))?;

        // This year starts from last year's answers; the team has adopted the
        // newest version of the referential (when the year is not already on it).
        let annee = en_cours.to_string();
        self.creer_diagnostic(Some(&annee), true)?;
        if self.diagnostic(Some(&annee))?.version_plus_recente.is_some() {
            self.changer_version(Some(&annee))?;
        }
        self.repondre_demo(&annee, &ANNEE_EN_COURS, &COMMENTAIRES)?;
        Ok(DemoDto { etablissement, diagnostics: self.diagnostics()? })
    }

    /// Answers the items of `reponses` that the year's version has.
    fn repondre_demo(
        &mut self,
        annee: &str,
        reponses: &[(&str, &str)],
        commentaires: &[(&str, &str)],
    ) -> Result<(), ApiError> {
        let d = self.cible(Some(annee))?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        for (item, niveau) in reponses.iter().filter(|(item, _)| referentiel.item(item).is_some()) {
            let commentaire = commentaires.iter().find(|(id, _)| id == item).map(|(_, c)| *c);
            self.repondre(Some(annee), item, niveau, commentaire)?;
        }
        Ok(())
    }
}
