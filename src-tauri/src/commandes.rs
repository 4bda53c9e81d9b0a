//! Tauri commands: each is a one-line adapter over an `Installation` method.
//! Mirrored on the UI side by `ui/src/lib/backend.ts`, function for function.

#![allow(clippy::needless_pass_by_value, reason = "Tauri hands `State` and arguments to commands by value")]

use std::path::{Path, PathBuf};

use schematic_api::dto::{
    AProposDto, ActionDto, AnnuaireImportDto, ApercuVersionDto, AtelierDto, BaseDaneDto, CertificatDto, CleDto,
    ContributionDto, DemandeExamineeDto, DiagnosticDetail, DiagnosticResume, EffacementDto, EnrolementDto,
    EtablissementDaneDto, EtablissementDto, EtatDaneDto, ExportDto, FichiersDto, ImportDto, ItemAtelierDto,
    MigrationDaneDto, OptionsPlanDto, ParticipantDto, PreferencesDto, ProgressionDto, RadarDto, ReferentielDto,
    ReferentielImporteDto, ReponseDto, RequeteSyntheseDto, RoleParticipantDto, SaisieActionDto, SaisieEtablissementDto,
    SyntheseDto, TypeEtablissementDto, VerificationUaiDto,
};
use schematic_api::{ApiError, ErrorKind, EspaceDane, Installation};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::Etat;

/// Runs `f` on the installation. Commands run on the main thread: when a long
/// operation (an import, on its own thread) holds the installation, they
/// answer at once with a sentence instead of freezing the window.
fn avec<T>(etat: &Etat, f: impl FnOnce(&mut Installation) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let mut installation = match etat.installation.try_lock() {
        Ok(i) => i,
        Err(std::sync::TryLockError::WouldBlock) => return Err(occupe()),
        Err(std::sync::TryLockError::Poisoned(_)) => return Err(echec_precedent()),
    };
    f(&mut installation)
}

/// As [`avec`], waiting for the installation (for the long operations
/// themselves, which run off the main thread).
fn avec_attente<T>(etat: &Etat, f: impl FnOnce(&mut Installation) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let mut installation = etat.installation.lock().map_err(|_| echec_precedent())?;
    f(&mut installation)
}

/// Runs `f` on the DANE space, opened at its first use. As [`avec`], a
/// command answers at once when a long operation holds it.
fn avec_dane<T>(etat: &Etat, f: impl FnOnce(&mut EspaceDane) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let mut dane = match etat.dane.try_lock() {
        Ok(d) => d,
        Err(std::sync::TryLockError::WouldBlock) => return Err(occupe()),
        Err(std::sync::TryLockError::Poisoned(_)) => return Err(echec_precedent()),
    };
    if dane.is_none() {
        *dane = Some(avec(etat, |i| i.espace_dane())?);
    }
    match dane.as_mut() {
        Some(d) => f(d),
        None => Err(echec_precedent()),
    }
}

/// As [`avec_dane`], waiting for the DANE space (for the long operations).
fn avec_dane_attente<T>(etat: &Etat, f: impl FnOnce(&mut EspaceDane) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let mut dane = etat.dane.lock().map_err(|_| echec_precedent())?;
    if dane.is_none() {
        *dane = Some(avec_attente(etat, |i| i.espace_dane())?);
    }
    match dane.as_mut() {
        Some(d) => f(d),
        None => Err(echec_precedent()),
    }
}

fn occupe() -> ApiError {
    ApiError::new(ErrorKind::EtatIncompatible, "Un import est en cours : attendez qu’il se termine, puis réessayez.")
}

fn echec_precedent() -> ApiError {
    ApiError::new(ErrorKind::BaseDeDonnees, "Une opération précédente a échoué : redémarrez l’application.")
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
pub fn apercu_creation(
    etat: State<'_, Etat>,
    annee: Option<String>,
    reprendre: bool,
) -> Result<ApercuVersionDto, ApiError> {
    avec(&etat, |i| i.apercu_creation(annee.as_deref(), reprendre))
}

#[tauri::command]
pub fn apercu_changement_version(etat: State<'_, Etat>, annee: String) -> Result<ApercuVersionDto, ApiError> {
    avec(&etat, |i| i.apercu_changement_version(Some(&annee)))
}

#[tauri::command]
pub fn changer_version(etat: State<'_, Etat>, annee: String) -> Result<DiagnosticResume, ApiError> {
    avec(&etat, |i| i.changer_version(Some(&annee)))
}

#[tauri::command]
pub fn importer_referentiel(etat: State<'_, Etat>, chemin: String) -> Result<ReferentielImporteDto, ApiError> {
    let importe = avec(&etat, |i| i.importer_referentiel(Path::new(&chemin)))?;
    // The DANE space reads figures with the versions known when it opened:
    // it is opened again at its next use.
    if let Ok(mut dane) = etat.dane.try_lock() {
        *dane = None;
    }
    Ok(importe)
}

#[tauri::command]
pub fn imprimer_referentiel(
    etat: State<'_, Etat>,
    id: String,
    version: Option<String>,
    dossier: String,
) -> Result<String, ApiError> {
    avec(&etat, |i| i.imprimer_referentiel(&id, version.as_deref(), Path::new(&dossier)))
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
    avec(&etat, |i| i.definir_preferences(&preferences))
}

#[tauri::command]
pub fn a_propos(etat: State<'_, Etat>) -> Result<AProposDto, ApiError> {
    avec(&etat, |i| i.a_propos())
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
    avec(&etat, |i| i.exporter(Some(&annee), formats, commentaires, Path::new(&dossier)))
}

#[tauri::command]
pub fn demande_enrolement(etat: State<'_, Etat>, dossier: String) -> Result<String, ApiError> {
    avec(&etat, |i| i.demande_enrolement(Path::new(&dossier)))
}

#[tauri::command]
pub fn importer_certificat(etat: State<'_, Etat>, chemin: String) -> Result<CertificatDto, ApiError> {
    avec(&etat, |i| i.importer_certificat(Path::new(&chemin)))
}

#[tauri::command]
pub fn certificat(etat: State<'_, Etat>) -> Result<Option<CertificatDto>, ApiError> {
    avec(&etat, |i| i.certificat())
}

#[tauri::command]
pub fn options_plan() -> OptionsPlanDto {
    Installation::options_plan()
}

// ---- DANE space -----------------------------------------------------------

#[tauri::command]
pub fn base_dane(etat: State<'_, Etat>) -> Result<BaseDaneDto, ApiError> {
    avec(&etat, |i| i.base_dane_dto())
}

/// Connects to the server at `adresse` (`None`: back to this PC's file) and,
/// once connected, uses it; a password typed is kept in memory only.
#[tauri::command]
pub fn definir_base_dane(
    etat: State<'_, Etat>,
    adresse: Option<String>,
    mot_de_passe: Option<String>,
) -> Result<BaseDaneDto, ApiError> {
    let mut dane = etat.dane.try_lock().map_err(|_| occupe())?;
    avec(&etat, |i| {
        *dane = Some(i.definir_base_dane(adresse.as_deref(), mot_de_passe.as_deref())?);
        i.base_dane_dto()
    })
}

/// Long: copies this PC's DANE space to the server, then uses the server.
#[tauri::command]
pub async fn migrer_espace_dane(
    app: AppHandle,
    adresse: String,
    mot_de_passe: Option<String>,
) -> Result<MigrationDaneDto, ApiError> {
    tauri::async_runtime::spawn_blocking(move || {
        let etat = app.state::<Etat>();
        let mut dane = etat.dane.lock().map_err(|_| echec_precedent())?;
        avec_attente(&etat, |i| {
            *dane = None;
            let mut m = i.migrer_espace_dane(&adresse, mot_de_passe.as_deref(), false)?;
            *dane = Some(i.definir_base_dane(Some(&adresse), mot_de_passe.as_deref())?);
            m.utilise = true;
            Ok(m)
        })
    })
    .await
    .map_err(|e| ApiError::new(ErrorKind::BaseDeDonnees, format!("La copie s’est interrompue : {e}.")))?
}

#[tauri::command]
pub fn etat_dane(etat: State<'_, Etat>) -> Result<EtatDaneDto, ApiError> {
    avec_dane(&etat, |d| d.etat_dane())
}

#[tauri::command]
pub fn cle_dane(etat: State<'_, Etat>) -> Result<CleDto, ApiError> {
    avec_dane(&etat, |d| d.cle_dane())
}

#[tauri::command]
pub fn exporter_cle_dane(etat: State<'_, Etat>, dossier: String) -> Result<String, ApiError> {
    avec_dane(&etat, |d| d.exporter_cle_dane(&Path::new(&dossier).join("cle-dane.pub")))
}

#[tauri::command]
pub fn examiner_demande(etat: State<'_, Etat>, demande: String) -> Result<DemandeExamineeDto, ApiError> {
    avec_dane(&etat, |d| d.examiner_demande(Path::new(&demande)))
}

#[tauri::command]
pub fn enroler(etat: State<'_, Etat>, demande: String, dossier: String) -> Result<EnrolementDto, ApiError> {
    avec_dane(&etat, |d| d.enroler(Path::new(&demande), Path::new(&dossier), schematic_api::dane::DUREE_PAR_DEFAUT))
}

#[tauri::command]
pub fn revoquer(etat: State<'_, Etat>, uai: String, a_partir_du: Option<String>) -> Result<usize, ApiError> {
    avec_dane(&etat, |d| d.revoquer(&uai, a_partir_du.as_deref()))
}

#[tauri::command]
pub fn importer_annuaire(
    etat: State<'_, Etat>,
    annuaire: String,
    circonscriptions: Option<String>,
    remplacer: bool,
) -> Result<AnnuaireImportDto, ApiError> {
    avec_dane(&etat, |d| {
        d.importer_annuaire(Path::new(&annuaire), circonscriptions.as_deref().map(Path::new), remplacer)
    })
}

/// Long: runs off the main thread, reporting progress through `canal`.
#[tauri::command]
pub async fn importer_diagnostics(
    app: AppHandle,
    chemins: Vec<String>,
    canal: Channel<ProgressionDto>,
) -> Result<ImportDto, ApiError> {
    tauri::async_runtime::spawn_blocking(move || {
        let chemins: Vec<PathBuf> = chemins.iter().map(PathBuf::from).collect();
        avec_dane_attente(&app.state::<Etat>(), |d| {
            d.importer_diagnostics(&chemins, &mut |p| {
                let _ = canal.send(p);
            })
        })
    })
    .await
    .map_err(|e| ApiError::new(ErrorKind::BaseDeDonnees, format!("L’import s’est interrompu : {e}.")))?
}

#[tauri::command]
pub fn exporter_rapport_import(etat: State<'_, Etat>, import: i64, dossier: String) -> Result<String, ApiError> {
    avec_dane(&etat, |d| d.exporter_rapport_import(Some(import), Path::new(&dossier)))
}

#[tauri::command]
pub fn synthese(etat: State<'_, Etat>, requete: RequeteSyntheseDto) -> Result<SyntheseDto, ApiError> {
    avec_dane(&etat, |d| d.synthese(&requete))
}

#[tauri::command]
pub fn exporter_synthese(
    etat: State<'_, Etat>,
    requete: RequeteSyntheseDto,
    format: String,
    dossier: String,
) -> Result<FichiersDto, ApiError> {
    avec_dane(&etat, |d| d.exporter_synthese(&requete, &format, Path::new(&dossier)))
}

#[tauri::command]
pub fn radar_territoire(valeurs: Vec<Option<f64>>, reference: Vec<Option<f64>>) -> RadarDto {
    EspaceDane::radar_territoire(&valeurs, &reference)
}

#[tauri::command]
pub fn etablissement_dane(etat: State<'_, Etat>, uai: String) -> Result<EtablissementDaneDto, ApiError> {
    avec_dane(&etat, |d| d.etablissement_dane(&uai))
}

// ---- Workshop ----------------------------------------------------------------

#[tauri::command]
pub fn roles_participant() -> Vec<RoleParticipantDto> {
    Installation::roles_participant()
}

#[tauri::command]
pub fn atelier(etat: State<'_, Etat>, annee: String) -> Result<AtelierDto, ApiError> {
    avec(&etat, |i| i.atelier(Some(&annee)))
}

#[tauri::command]
pub fn ajouter_participant(
    etat: State<'_, Etat>,
    annee: String,
    role: String,
    prenom: String,
) -> Result<ParticipantDto, ApiError> {
    avec(&etat, |i| i.ajouter_participant(Some(&annee), &role, &prenom))
}

#[tauri::command]
pub fn supprimer_participant(etat: State<'_, Etat>, annee: String, id: i64) -> Result<(), ApiError> {
    avec(&etat, |i| i.supprimer_participant(Some(&annee), id))
}

#[tauri::command]
pub fn purger_prenoms(etat: State<'_, Etat>) -> Result<usize, ApiError> {
    avec(&etat, |i| i.purger_prenoms())
}

#[tauri::command]
pub fn voter(
    etat: State<'_, Etat>,
    annee: String,
    participant: i64,
    item: String,
    niveau: Option<String>,
) -> Result<ItemAtelierDto, ApiError> {
    avec(&etat, |i| i.voter(Some(&annee), participant, &item, niveau.as_deref()))
}

#[tauri::command]
pub fn definir_consensus(
    etat: State<'_, Etat>,
    annee: String,
    item: String,
    niveau: String,
    note: String,
) -> Result<ItemAtelierDto, ApiError> {
    avec(&etat, |i| i.definir_consensus(Some(&annee), &item, &niveau, &note))
}

#[tauri::command]
pub fn exporter_contribution(
    etat: State<'_, Etat>,
    annee: String,
    role: String,
    dossier: String,
) -> Result<String, ApiError> {
    avec(&etat, |i| i.exporter_contribution(Some(&annee), &role, Path::new(&dossier)))
}

#[tauri::command]
pub fn importer_contribution(
    etat: State<'_, Etat>,
    annee: String,
    chemin: String,
) -> Result<ContributionDto, ApiError> {
    avec(&etat, |i| i.importer_contribution(Some(&annee), Path::new(&chemin)))
}
