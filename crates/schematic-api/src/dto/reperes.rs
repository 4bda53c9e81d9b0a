//! DTOs of the territorial references on the school's side: what an import
//! kept, and the results beside similar establishments.

use serde::Serialize;
use ts_rs::TS;

use super::RadarDto;

/// A publication of references kept by the installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReperesGardesDto {
    pub annee: String,
    /// When the DANE published them (RFC 3339) and when they were imported.
    pub publie_le: String,
    pub importe_le: String,
    pub academies: Vec<String>,
    /// First 12 hexadecimal digits of the SHA-256 of the signed payload.
    pub empreinte: String,
    /// Short fingerprint of the DANE key that signed them.
    pub empreinte_cle_dane: String,
    /// Groups published for this establishment's family (every level).
    pub groupes_famille: u32,
}

/// What an import of references did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReperesImportesDto {
    pub reperes: ReperesGardesDto,
    /// The same publication was already kept: nothing changed.
    pub deja_importes: bool,
    /// References of an earlier publication of the same year were replaced.
    pub remplace: Option<String>,
}

/// A level of territory the school can compare itself with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EchelonDto {
    /// `departement`, `academie`, `region_academique`.
    pub code: String,
    /// « Gironde (33) », « académie de Bordeaux ».
    pub libelle: String,
    /// Establishments in the group; `None` when secrecy hides it.
    pub etablissements: Option<u32>,
}

/// One domain: the school's maturity and the group's mean (0 to 3).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DomaineCompareDto {
    pub domaine_id: String,
    pub titre: String,
    pub etablissement: Option<f64>,
    pub groupe: Option<f64>,
    /// The group's mean is hidden by statistical secrecy.
    pub secret: bool,
}

/// One level of an item's distribution in the group.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PartNiveauDto {
    /// « Aucun niveau », « Niveau 1 »… « Non renseigné ».
    pub libelle: String,
    /// Share of the group's establishments, in percent (one decimal).
    pub pourcent: Option<f64>,
    pub secret: bool,
    /// The school is at this level.
    pub etablissement: bool,
}

/// One item: the school's answer beside the group's distribution.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemCompareDto {
    pub item_id: String,
    pub domaine_id: String,
    pub titre: String,
    /// The school's answer, as a label.
    pub reponse: String,
    /// `false`: the group's figures do not cover this item (another version
    /// of the referential, without a comparable item).
    pub comparable: bool,
    pub parts: Vec<PartNiveauDto>,
}

/// The school's and the group's means per domain, one school year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnneeCompareeDto {
    pub annee: String,
    /// Per domain of [`ComparaisonDto::domaines`], in that order.
    pub etablissement: Vec<Option<f64>>,
    pub groupe: Vec<Option<f64>>,
    /// Establishments in that year's group, `None` when hidden or absent.
    pub etablissements: Option<u32>,
}

/// The school's results beside similar establishments of its territory.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComparaisonDto {
    pub annee: String,
    /// « collèges », « écoles »…
    pub famille: String,
    pub echelon: EchelonDto,
    /// The levels published for the school's family, the one shown included.
    pub echelons: Vec<EchelonDto>,
    pub source: ReperesGardesDto,
    pub domaines: Vec<DomaineCompareDto>,
    pub items: Vec<ItemCompareDto>,
    /// The school's radar with the group's means as the second outline
    /// (`polygonePrecedent`).
    pub radar: RadarDto,
    /// Up to three school years, the oldest first (those with both a
    /// diagnostic and references).
    pub trajectoire: Vec<AnneeCompareeDto>,
    pub notes: Vec<String>,
}
