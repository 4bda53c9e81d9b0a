//! DTOs of the DANE space: annuaire, imports, territory figures.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What an annuaire import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnnuaireImportDto {
    /// The annuaire was replaced; `false`: a confirmation is needed
    /// (`a_confirmer` says why) and nothing changed.
    pub applique: bool,
    pub a_confirmer: Option<String>,
    /// Rows read (header and blank lines aside).
    pub lignes_lues: u32,
    /// Establishments taken from the file.
    pub etablissements: u32,
    /// Rows skipped, rows whose UAI came earlier, and the first of them as
    /// « ligne N : raison ».
    pub lignes_ignorees: u32,
    pub doublons: u32,
    pub exemples_ignores: Vec<String>,
    /// The file's encoding, as the user reads it.
    pub encodage: String,
    /// Establishments in the annuaire before; UAIs added and removed.
    pub avant: u32,
    pub ajoutes: u32,
    pub retires: u32,
    /// A few of the UAIs removed.
    pub exemples_retires: Vec<String>,
    /// Circonscriptions set by this import (`None` without the file).
    pub circonscriptions: Option<u32>,
    pub circonscriptions_ignorees: u32,
    /// Establishments in the annuaire with a circonscription, after the import.
    pub avec_circonscription: u32,
}

/// An enrolment request as the DANE reviews it before approving it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemandeExamineeDto {
    pub fichier: String,
    pub uai: String,
    /// The establishment's name in the annuaire; `None` when it is not there.
    pub nom: Option<String>,
    /// Short fingerprint of the key to enrol (to read over the phone).
    pub empreinte_cle: String,
    pub date: String,
    pub etat: EtatDemande,
    /// What approving it will do, in one French sentence.
    pub detail: String,
}

/// The state of the DANE space, for its home screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EtatDaneDto {
    pub etablissements_annuaire: u32,
    pub avec_circonscription: u32,
    pub enrolements: u32,
    /// School years with imported diagnostics, most recent first.
    pub annees: Vec<String>,
    pub dernier_import: Option<i64>,
    /// Files set aside by the imports (another key holds the year, or the
    /// establishment does not match the annuaire).
    pub ecartes: u32,
    /// Where the space keeps its data, in words (the file, or the server).
    pub stockage: String,
}

pub use schematic_core::import::StatutImport;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LigneImportDto {
    pub chemin: String,
    pub statut: StatutImport,
    pub libelle: String,
    /// Why, in one French sentence.
    pub detail: String,
    pub uai: Option<String>,
    pub annee: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompteStatutDto {
    pub statut: StatutImport,
    pub libelle: String,
    pub nombre: u32,
}

/// What an import of diagnostics did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportDto {
    /// Number of the import report (to export it again later).
    pub import: i64,
    pub fichiers: u32,
    /// Every status, in the order of [`StatutImport::TOUS`], with its count.
    pub comptes: Vec<CompteStatutDto>,
    /// The files, in the order read; files not imported first when truncated.
    pub lignes: Vec<LigneImportDto>,
    /// Only the first lines are listed; the CSV report has them all.
    pub lignes_tronquees: bool,
}

/// How far an import has gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgressionDto {
    pub traites: u32,
    pub total: u32,
}

/// Why a value is hidden by statistical secrecy: built from too few
/// establishments, or hidden so that such a value cannot be recomputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum MotifMasque {
    Primaire,
    Secondaire,
}

/// What approving an enrolment request will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum EtatDemande {
    Nouvelle,
    DejaEnrolee,
    Revoquee,
}

/// One published or internal value: hidden by statistical secrecy when
/// `masque` is set.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValeurDto {
    pub valeur: Option<f64>,
    pub masque: Option<MotifMasque>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LigneTerritoireDto {
    pub code: String,
    pub libelle: String,
    /// Establishments in the annuaire (public information, never hidden).
    pub etablissements: u32,
    /// Establishments with a diagnostic this year.
    pub diagnostics: ValeurDto,
    /// Of which not enrolled (internal view only; 0 when publishing).
    pub non_enroles: u32,
    /// Participation rate in percent (one decimal).
    pub taux: ValeurDto,
    /// Mean maturity per domain (0 to 3), in the order of `domaines`.
    pub moyennes: Vec<ValeurDto>,
    /// Change of each mean since the previous school year.
    pub evolutions: Vec<ValeurDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DomaineSyntheseDto {
    pub id: String,
    pub titre: String,
}

/// Level distribution of one item over the whole scope.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemSyntheseDto {
    pub referentiel: String,
    /// The version the item belongs to (the newest in use for the year).
    pub version: String,
    pub item: String,
    pub titre: String,
    /// Aucun niveau, 1, 2, 3, non applicable, non renseigné. Diagnostics
    /// answered on another version count only where the correspondence makes
    /// the item comparable.
    pub comptes: Vec<ValeurDto>,
}

/// How many establishments of the year answered one referential version.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionSyntheseDto {
    pub referentiel: String,
    pub version: String,
    pub diagnostics: ValeurDto,
}

/// Territory figures for one school year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyntheseDto {
    pub annee: String,
    pub annee_precedente: String,
    /// `academie`, `departement`, `circonscription`, `type`, `etablissement`.
    pub par: String,
    pub libelle_par: String,
    /// The filter applied, in words (« Académie de Bordeaux »…), if any.
    pub perimetre: Option<String>,
    /// Statistical secrecy applied and unenrolled diagnostics left out.
    pub publication: bool,
    pub domaines: Vec<DomaineSyntheseDto>,
    pub territoires: Vec<LigneTerritoireDto>,
    pub total: LigneTerritoireDto,
    pub items: Vec<ItemSyntheseDto>,
    /// Establishments of the year (the whole scope) per referential version.
    pub versions: Vec<VersionSyntheseDto>,
    /// What was hidden or left out, and why (printed under the tables).
    pub notes: Vec<String>,
}

/// The file formats of an exported synthesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum FormatSynthese {
    Csv,
    Xlsx,
    Json,
}

impl FormatSynthese {
    /// As typed on the command line: `csv`, `xlsx` or `json`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Json => "json",
        }
    }
}

/// The options of a territory query, as the shells pass them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequeteSyntheseDto {
    pub par: String,
    pub annee: Option<String>,
    pub academie: Option<String>,
    pub departement: Option<String>,
    pub circonscription: Option<String>,
    #[serde(rename = "type")]
    pub famille: Option<String>,
    pub publication: bool,
}

/// One stored diagnostic of an establishment, for the drill-down.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticDaneDto {
    pub annee: String,
    pub referentiel: String,
    /// The referential version it was answered on.
    pub version: String,
    pub revision: u32,
    pub statut: schematic_core::Statut,
    pub genere_le: String,
    pub enrole: bool,
    pub empreinte: String,
    /// Mean maturity per domain (hundredths), referential order.
    pub resultats: crate::dto::ResultatsDto,
}

/// An establishment seen from the DANE: the annuaire and its diagnostics.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EtablissementDaneDto {
    pub uai: String,
    pub nom: String,
    pub type_libelle: String,
    pub secteur: String,
    pub commune: String,
    pub departement: String,
    pub academie: String,
    pub circonscription: Option<String>,
    pub ouvert: bool,
    pub diagnostics: Vec<DiagnosticDaneDto>,
    /// Files received for this establishment and set aside (counted nowhere).
    pub ecartes: Vec<EcarteDto>,
}

/// A file set aside by the import, as the DANE reviews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EcarteDto {
    pub annee: String,
    /// The status that set it aside, and its label.
    pub statut: StatutImport,
    pub libelle: String,
    pub detail: String,
    pub fichier: String,
    pub ecarte_le: String,
    /// Short fingerprint of the key that signed it.
    pub empreinte_cle: String,
}

/// Every stored diagnostic verified again from its raw envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReverificationDto {
    pub diagnostics: u32,
    pub valides: u32,
    /// One sentence per diagnostic that no longer verifies.
    pub anomalies: Vec<String>,
}

/// Where the DANE space keeps its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BaseDaneDto {
    /// The PostgreSQL server's address, `None` for the SQLite file of this
    /// data folder.
    pub adresse: Option<String>,
    /// The engine and where, in words.
    pub description: String,
}

/// What copying the DANE space to another store did (`dane migrer`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MigrationDaneDto {
    pub source: String,
    pub cible: String,
    /// Diagnostics and files set aside whose envelope was verified again.
    pub verifies: u32,
    /// Rows written to the target, and rows it held already (a copy run
    /// again writes none).
    pub copies: u64,
    pub deja_presents: u64,
    /// One sentence per diagnostic not copied: the target holds another
    /// diagnostic for its establishment and year.
    pub en_conflit: Vec<String>,
    /// One sentence per stored envelope that no longer verifies (not copied).
    pub anomalies: Vec<String>,
    /// This installation now uses the target.
    pub utilise: bool,
}

/// A file written by an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FichiersDto {
    pub fichiers: Vec<String>,
}

/// Territorial references a DANE has just published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReperesPubliesDto {
    /// The signed file written.
    pub fichier: String,
    pub annee: String,
    pub academies: Vec<String>,
    /// Groups of similar establishments published.
    pub groupes: u32,
    /// Establishments counted (every family, at the académie level).
    pub etablissements: u32,
    /// Cells published, and how many of them statistical secrecy hides.
    pub cases: u32,
    pub cases_cachees: u32,
    /// Short fingerprint of the DANE key that signed.
    pub empreinte_cle: String,
}
