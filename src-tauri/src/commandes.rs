//! Tauri commands: each is a one-line adapter over an `Installation` method.
//! Mirrored on the UI side by `ui/src/lib/backend.ts`, function for function.

#![allow(clippy::needless_pass_by_value, reason = "Tauri hands `State` and arguments to commands by value")]

use schematic_api::dto::{
    AProposDto, ActionDto, CertificatDto, CleDto, DiagnosticDetail, DiagnosticResume, EffacementDto, EtablissementDto,
    ExportDto, OptionsPlanDto, PreferencesDto, ReferentielDto, ReponseDto, SaisieActionDto, SaisieEtablissementDto,
    TypeEtablissementDto, VerificationUaiDto,
};
use schematic_api::{ApiError, ErrorKind, Installation};
use tauri::State;

use crate::Etat;

fn avec<T>(etat: &Etat, f: impl FnOnce(&mut Installation) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let verrou = etat.0.as_ref().map_err(Clone::clone)?;
    let mut installation = verrou.lock().map_err(|_| {
        ApiError::new(ErrorKind::BaseDeDonnees, "Une opération précédente a échoué : redémarrez l’application.")
    })?;
    f(&mut installation)
}

#[tauri::command]
pub fn etablissement(etat: State<'_, Etat>) -> Result<Option<EtablissementDto>, ApiError> {
    avec(&etat, |i| i.etablissement())
}

#[tauri::command]
pub fn definir_etablissement(
    etat: State<'_, Etat>,
    saisie: SaisieEtablissementDto,
) -> Result<EtablissementDto, ApiError> {
    avec(&etat, |i| i.definir_etablissement(&saisie))
}

#[tauri::command]
pub fn verifier_uai(saisie: String) -> VerificationUaiDto {
    Installation::verifier_uai(&saisie)
}

#[tauri::command]
pub fn types_etablissement() -> Vec<TypeEtablissementDto> {
    Installation::types_etablissement()
}

#[tauri::command]
pub fn annee_en_cours(etat: State<'_, Etat>) -> Result<String, ApiError> {
    avec(&etat, |i| i.annee_en_cours().map(|a| a.to_string()))
}

#[tauri::command]
pub fn diagnostics(etat: State<'_, Etat>) -> Result<Vec<DiagnosticResume>, ApiError> {
    avec(&etat, |i| i.diagnostics())
}

#[tauri::command]
pub fn creer_diagnostic(
    etat: State<'_, Etat>,
    annee: Option<String>,
    reprendre: bool,
) -> Result<DiagnosticResume, ApiError> {
    avec(&etat, |i| i.creer_diagnostic(annee.as_deref(), reprendre))
}

#[tauri::command]
pub fn diagnostic(etat: State<'_, Etat>, annee: String) -> Result<DiagnosticDetail, ApiError> {
    avec(&etat, |i| i.diagnostic(Some(&annee)))
}

#[tauri::command]
pub fn referentiel_du_diagnostic(etat: State<'_, Etat>, annee: String) -> Result<ReferentielDto, ApiError> {
    avec(&etat, |i| i.referentiel_du_diagnostic(Some(&annee)))
}

#[tauri::command]
pub fn repondre(etat: State<'_, Etat>, annee: String, item: String, niveau: String) -> Result<ReponseDto, ApiError> {
    avec(&etat, |i| i.repondre(Some(&annee), &item, &niveau, None))
}

#[tauri::command]
pub fn commenter(
    etat: State<'_, Etat>,
    annee: String,
    item: String,
    commentaire: String,
) -> Result<ReponseDto, ApiError> {
    avec(&etat, |i| i.commenter(Some(&annee), &item, &commentaire))
}

#[tauri::command]
pub fn effacer(etat: State<'_, Etat>, annee: String, item: String) -> Result<EffacementDto, ApiError> {
    avec(&etat, |i| i.effacer(Some(&annee), &item))
}

#[tauri::command]
pub fn finaliser(etat: State<'_, Etat>, annee: String) -> Result<DiagnosticResume, ApiError> {
    avec(&etat, |i| i.finaliser(Some(&annee)))
}

#[tauri::command]
pub fn rouvrir(etat: State<'_, Etat>, annee: String) -> Result<DiagnosticResume, ApiError> {
    avec(&etat, |i| i.rouvrir(Some(&annee)))
}

#[tauri::command]
pub fn plan_action(etat: State<'_, Etat>, annee: String) -> Result<Vec<ActionDto>, ApiError> {
    avec(&etat, |i| i.plan_action(Some(&annee)))
}

#[tauri::command]
pub fn enregistrer_action(
    etat: State<'_, Etat>,
    annee: String,
    saisie: SaisieActionDto,
) -> Result<ActionDto, ApiError> {
    avec(&etat, |i| i.enregistrer_action(Some(&annee), &saisie))
}

#[tauri::command]
pub fn supprimer_action(etat: State<'_, Etat>, annee: String, id: i64) -> Result<(), ApiError> {
    avec(&etat, |i| i.supprimer_action(Some(&annee), id))
}

#[tauri::command]
pub fn preferences(etat: State<'_, Etat>) -> Result<PreferencesDto, ApiError> {
    avec(&etat, |i| i.preferences())
}

#[tauri::command]
pub fn definir_preferences(etat: State<'_, Etat>, preferences: PreferencesDto) -> Result<PreferencesDto, ApiError> {
    avec(&etat, |i| i.definir_preferences(preferences))
}

#[tauri::command]
pub fn a_propos(etat: State<'_, Etat>) -> Result<AProposDto, ApiError> {
    avec(&etat, |i| Ok(i.a_propos()))
}

#[tauri::command]
pub fn cle(etat: State<'_, Etat>) -> Result<CleDto, ApiError> {
    avec(&etat, |i| i.cle())
}

#[tauri::command]
pub fn dossier_export_par_defaut() -> Option<String> {
    schematic_api::echange::dossier_export_par_defaut().map(|d| d.display().to_string())
}

#[tauri::command]
pub fn exporter(
    etat: State<'_, Etat>,
    annee: String,
    json: bool,
    pdf: bool,
    commentaires: bool,
    dossier: String,
) -> Result<ExportDto, ApiError> {
    let formats = schematic_api::echange::Formats { json, pdf };
    avec(&etat, |i| i.exporter(Some(&annee), formats, commentaires, std::path::Path::new(&dossier)))
}

#[tauri::command]
pub fn demande_enrolement(etat: State<'_, Etat>, dossier: String) -> Result<String, ApiError> {
    avec(&etat, |i| i.demande_enrolement(std::path::Path::new(&dossier)))
}

#[tauri::command]
pub fn importer_certificat(etat: State<'_, Etat>, chemin: String) -> Result<CertificatDto, ApiError> {
    avec(&etat, |i| i.importer_certificat(std::path::Path::new(&chemin)))
}

#[tauri::command]
pub fn certificat(etat: State<'_, Etat>) -> Result<Option<CertificatDto>, ApiError> {
    avec(&etat, |i| i.certificat())
}

#[tauri::command]
pub fn options_plan() -> OptionsPlanDto {
    Installation::options_plan()
}
