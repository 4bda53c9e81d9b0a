//! Tauri commands, generated from the one list of `liste_commandes.rs`: each
//! is a one-line adapter over `Installation` or `EspaceDane`. The same list
//! gives the handler ([`gestionnaire`]), the permissions (`build.rs`) and the
//! TypeScript client of `ui/src/lib/commandes/` (see `client.rs`).

#![allow(clippy::needless_pass_by_value, reason = "Tauri hands `State` and arguments to commands by value")]

use std::path::{Path, PathBuf};

use schematic_api::dto::{
    AProposDto, ActionDto, AnnuaireImportDto, ApercuVersionDto, AtelierDto, BaseDaneDto, CertificatDto, CleDto,
    ComparaisonDto, ContributionDto, DemandeExamineeDto, DiagnosticDetail, DiagnosticResume, EffacementDto,
    EnrolementDto, EtablissementDaneDto, EtablissementDto, EtatDaneDto, ExportDto, FichiersDto, FormatSynthese,
    ImportDto, ItemAtelierDto, MigrationDaneDto, OptionsPlanDto, ParticipantDto, PreferencesDto, ProgressionDto,
    RadarDto, ReferentielDto, ReferentielImporteDto, ReperesGardesDto, ReperesImportesDto, ReperesPubliesDto,
    ReponseDto, RequeteSyntheseDto, RoleParticipantDto, SaisieActionDto, SaisieEtablissementDto, SyntheseDto,
    TypeEtablissementDto, VerificationUaiDto,
};
use schematic_api::{ApiError, ErrorKind, EspaceDane, Installation};
use schematic_core::Reponse;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

include!("liste_commandes.rs");

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

fn interrompue(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorKind::BaseDeDonnees, format!("L’opération s’est interrompue : {e}."))
}

/// One command of the list, by its kind (see `liste_commandes.rs`).
macro_rules! commande {
    (etat [$($doc:literal)*] $nom:ident ($e:ident $(, $arg:ident : $t:ty)* $(,)?) [] $ret:ty, $corps:block) => {
        $(#[doc = $doc])*
        #[tauri::command]
        pub fn $nom($e: State<'_, Etat>, $($arg: $t),*) -> Result<$ret, ApiError> {
            let $e: &Etat = &$e;
            $corps
        }
    };
    (libre [$($doc:literal)*] $nom:ident ($($arg:ident : $t:ty),* $(,)?) [] $ret:ty, $corps:block) => {
        $(#[doc = $doc])*
        #[tauri::command]
        pub fn $nom($($arg: $t),*) -> $ret $corps
    };
    (long [$($doc:literal)*] $nom:ident ($e:ident $(, $arg:ident : $t:ty)* $(,)?) [$($canal:ident : $tc:ty)?] $ret:ty, $corps:block) => {
        $(#[doc = $doc])*
        #[tauri::command]
        pub async fn $nom(app: AppHandle, $($arg: $t,)* $($canal: Channel<$tc>)?) -> Result<$ret, ApiError> {
            tauri::async_runtime::spawn_blocking(move || {
                let etat_partage = app.state::<Etat>();
                let $e: &Etat = &etat_partage;
                $corps
            })
            .await
            .map_err(interrompue)?
        }
    };
}

/// What the TypeScript client needs to know of one command.
#[cfg(test)]
macro_rules! description {
    ($cfg:ident $domaine:ident $genre:ident [$($doc:literal)*] $nom:ident ($($p:tt)*) [$($canal:ident : $tc:ty)?] $ret:ty) => {
        crate::client::Commande {
            domaine: stringify!($domaine),
            nom: stringify!($nom),
            doc: vec![$($doc),*],
            arguments: arguments!($cfg $genre ($($p)*)),
            canal: None$(.or(Some((stringify!($canal), <$tc as ts_rs::TS>::name(&$cfg)))))?,
            retour: <$ret as ts_rs::TS>::name(&$cfg),
        }
    };
}

#[cfg(test)]
macro_rules! arguments {
    ($cfg:ident libre ($($arg:ident : $t:ty),* $(,)?)) => {
        vec![$((stringify!($arg), <$t as ts_rs::TS>::name(&$cfg))),*]
    };
    ($cfg:ident $genre:ident ($e:ident $(, $arg:ident : $t:ty)* $(,)?)) => {
        vec![$((stringify!($arg), <$t as ts_rs::TS>::name(&$cfg))),*]
    };
}

/// From the list: every command, Tauri's handler of them all and, under
/// test, their description for the TypeScript client.
macro_rules! generer {
    ($(
        $domaine:ident {$(
            $(#[doc = $doc:literal])*
            $genre:ident fn $nom:ident ($($p:tt)*) $([$($canal:tt)*])? -> $ret:ty $corps:block
        )*}
    )*) => {
        $($(commande!($genre [$($doc)*] $nom ($($p)*) [$($($canal)*)?] $ret, $corps);)*)*

        /// Tauri's handler of every command of the list.
        pub fn gestionnaire() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($($nom),*),*]
        }

        /// Every command of the list, in its order.
        #[cfg(test)]
        pub fn liste(cfg: &ts_rs::Config) -> Vec<crate::client::Commande> {
            vec![$($(description!(cfg $domaine $genre [$($doc)*] $nom ($($p)*) [$($($canal)*)?] $ret)),*),*]
        }
    };
}

avec_commandes!(generer);
