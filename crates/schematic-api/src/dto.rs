//! Data crossing to the shells (IPC and `--json`). Only this module's types
//! leave the API; the domain types stay inside. Field names are camelCase;
//! levels are integers (0 = aucun niveau atteint) and maturities are in
//! hundredths (0–300) so that nothing depends on float formatting.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod atelier;
mod dane;
mod referentiel;
mod reperes;
pub use atelier::*;
pub use dane::*;
pub use referentiel::*;
pub use reperes::*;

use schematic_core::etablissement::Etablissement;
use schematic_core::plan_action::StatutAction;
use schematic_core::resultats::{Evolution, ItemClasse, Resultats};
use schematic_store::{DiagnosticEnregistre, ReponseEnregistree};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EtablissementDto {
    pub uai: String,
    pub nom: String,
    /// Code: `college`, `ecole-primaire`...
    pub type_etablissement: String,
    pub type_libelle: String,
    /// `premier` or `second`.
    pub degre: String,
    /// Id of the referential used: `ecole` or `eple`.
    pub referentiel_id: String,
    pub academie: String,
    pub departement: String,
    pub departement_nom: Option<String>,
    pub circonscription: Option<String>,
    pub commune: Option<String>,
}

impl From<&Etablissement> for EtablissementDto {
    fn from(e: &Etablissement) -> Self {
        Self {
            uai: e.uai.to_string(),
            nom: e.nom.clone(),
            type_etablissement: e.type_etablissement.code().into(),
            type_libelle: e.type_etablissement.libelle().into(),
            degre: match e.degre() {
                schematic_core::Degre::Premier => "premier".into(),
                schematic_core::Degre::Second => "second".into(),
            },
            referentiel_id: e.degre().referentiel_id().into(),
            academie: e.academie.clone(),
            departement: e.departement.clone(),
            departement_nom: e.nom_departement().map(str::to_string),
            circonscription: e.circonscription.clone(),
            commune: e.commune.clone(),
        }
    }
}

/// What the user types to define the establishment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaisieEtablissementDto {
    pub uai: String,
    pub nom: String,
    pub type_etablissement: String,
    pub departement: Option<String>,
    pub circonscription: Option<String>,
    pub commune: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticResume {
    pub id: i64,
    /// `2025-2026`.
    pub annee: String,
    pub statut: schematic_core::Statut,
    pub statut_libelle: String,
    pub revision: u32,
    pub referentiel_id: String,
    pub referentiel_version: String,
    pub referentiel_empreinte: String,
    /// Items answered (a level, aucun niveau or non applicable), those still
    /// to be reviewed included.
    pub repondus: u32,
    /// Answers carried from another referential version that the team has
    /// not confirmed yet; finalising waits for them.
    pub a_revoir: u32,
    pub total: u32,
    pub completion_pourcent: u32,
    /// RFC 3339, UTC.
    pub cree_le: String,
    pub modifie_le: String,
    pub finalise_le: Option<String>,
}

impl DiagnosticResume {
    pub(crate) fn depuis(d: &DiagnosticEnregistre, total: usize) -> Self {
        let total = compte(total);
        Self {
            id: d.id,
            annee: d.cycle.annee.to_string(),
            statut: d.cycle.statut,
            statut_libelle: d.cycle.statut.libelle().into(),
            revision: d.cycle.revision,
            referentiel_id: d.referentiel_id.clone(),
            referentiel_version: d.referentiel_version.clone(),
            referentiel_empreinte: d.referentiel_empreinte.clone(),
            repondus: d.repondus,
            a_revoir: d.a_revoir,
            total,
            completion_pourcent: (d.repondus * 100).checked_div(total).unwrap_or(0),
            cree_le: d.cree_le.clone(),
            modifie_le: d.modifie_le.clone(),
            finalise_le: d.finalise_le.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReponseDto {
    pub item_id: String,
    /// `None`: non renseigné or non applicable; 0: aucun niveau atteint; 1
    /// to 3: level.
    pub niveau: Option<u8>,
    /// Answered « non applicable » (then `niveau` is `None`).
    pub non_applicable: bool,
    pub libelle: String,
    pub commentaire: Option<String>,
    pub modifie_le: String,
    /// Carried from another referential version, not confirmed yet.
    pub a_revoir: bool,
    /// Why, when it is to be reviewed: the correspondence's note.
    pub note_revision: Option<String>,
}

impl From<&ReponseEnregistree> for ReponseDto {
    fn from(r: &ReponseEnregistree) -> Self {
        Self {
            item_id: r.item_id.clone(),
            niveau: r.reponse.valeur(),
            non_applicable: r.reponse == schematic_core::Reponse::NonApplicable,
            libelle: r.reponse.libelle().into(),
            commentaire: r.commentaire.clone(),
            modifie_le: r.modifie_le.clone(),
            a_revoir: r.a_revoir,
            note_revision: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticDetail {
    pub resume: DiagnosticResume,
    /// Only the items answered or commented, in id order.
    pub reponses: Vec<ReponseDto>,
    pub resultats: ResultatsDto,
    /// Present when the previous school year has a diagnostic.
    pub evolution: Option<EvolutionDto>,
    pub radar: RadarDto,
    /// A newer published version of the diagnostic's referential, which the
    /// team may move it to.
    pub version_plus_recente: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResultatDomaineDto {
    pub domaine_id: String,
    pub titre: String,
    pub items: u32,
    /// Items with a level or aucun niveau (those in the mean).
    pub repondus: u32,
    /// Items answered « non applicable ».
    pub non_applicables: u32,
    /// Mean of the answered items in hundredths (0–300).
    pub maturite_centiemes: Option<u32>,
    /// Lowest answered level (0–3).
    pub niveau_atteint: Option<u8>,
    /// Every item answered, so the level is final.
    pub complet: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemClasseDto {
    pub item_id: String,
    pub domaine_id: String,
    pub niveau: u8,
}

impl From<&ItemClasse> for ItemClasseDto {
    fn from(i: &ItemClasse) -> Self {
        Self { item_id: i.item_id.clone(), domaine_id: i.domaine_id.clone(), niveau: i.valeur }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResultatsDto {
    pub domaines: Vec<ResultatDomaineDto>,
    pub repondus: u32,
    pub total: u32,
    pub completion_pourcent: u32,
    pub maturite_globale_centiemes: Option<u32>,
    pub niveau_global: Option<u8>,
    pub forces: Vec<ItemClasseDto>,
    pub priorites: Vec<ItemClasseDto>,
}

impl From<&Resultats> for ResultatsDto {
    fn from(r: &Resultats) -> Self {
        Self {
            domaines: r
                .domaines
                .iter()
                .map(|d| ResultatDomaineDto {
                    domaine_id: d.domaine_id.clone(),
                    titre: d.titre.clone(),
                    items: d.items,
                    repondus: d.maturite.repondus,
                    non_applicables: d.non_applicables,
                    maturite_centiemes: d.maturite.centiemes(),
                    niveau_atteint: d.niveau_atteint,
                    complet: d.complet,
                })
                .collect(),
            repondus: r.repondus,
            total: r.total,
            completion_pourcent: r.completion_pourcent(),
            maturite_globale_centiemes: r.profil.maturite.centiemes(),
            niveau_global: r.profil.niveau_global,
            forces: r.forces.iter().map(Into::into).collect(),
            priorites: r.priorites.iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvolutionDomaineDto {
    pub domaine_id: String,
    pub avant_centiemes: Option<u32>,
    pub apres_centiemes: Option<u32>,
    pub ecart_centiemes: Option<i32>,
    pub niveau_avant: Option<u8>,
    pub niveau_apres: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvolutionItemDto {
    pub item_id: String,
    pub avant: u8,
    pub apres: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvolutionDto {
    pub annee_precedente: String,
    /// The referential version last year's diagnostic was answered on.
    pub version_precedente: String,
    /// The two years were answered on different versions: items compare only
    /// through the correspondence, domains each as its version defines them.
    pub versions_differentes: bool,
    pub domaines: Vec<EvolutionDomaineDto>,
    pub progres: Vec<EvolutionItemDto>,
    pub reculs: Vec<EvolutionItemDto>,
    /// Items with no comparable item last year (new, split, merged, to be
    /// reviewed): not compared.
    pub sans_equivalent: Vec<String>,
}

impl EvolutionDto {
    pub(crate) fn depuis(
        annee_precedente: String,
        version_precedente: String,
        versions_differentes: bool,
        e: &Evolution,
    ) -> Self {
        let item = |i: &schematic_core::resultats::EvolutionItem| EvolutionItemDto {
            item_id: i.item_id.clone(),
            avant: i.avant,
            apres: i.apres,
        };
        Self {
            annee_precedente,
            version_precedente,
            versions_differentes,
            sans_equivalent: if versions_differentes { e.sans_equivalent.clone() } else { Vec::new() },
            domaines: e
                .domaines
                .iter()
                .map(|d| EvolutionDomaineDto {
                    domaine_id: d.domaine_id.clone(),
                    avant_centiemes: d.avant.centiemes(),
                    apres_centiemes: d.apres.centiemes(),
                    ecart_centiemes: d.ecart_centiemes,
                    niveau_avant: d.niveau_avant,
                    niveau_apres: d.niveau_apres,
                })
                .collect(),
            progres: e.progres.iter().map(item).collect(),
            reculs: e.reculs.iter().map(item).collect(),
        }
    }
}

/// Outcome of clearing an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EffacementDto {
    pub item_id: String,
    /// A comment was removed together with the answer.
    pub commentaire_supprime: bool,
}

/// What `demo` created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoDto {
    pub etablissement: EtablissementDto,
    pub diagnostics: Vec<DiagnosticResume>,
}

fn compte(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The live check of a UAI as it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerificationUaiDto {
    /// The normalised UAI when valid.
    pub uai: Option<String>,
    /// Why it is not valid (names the expected check letter).
    pub erreur: Option<String>,
    pub departement: Option<String>,
    pub departement_nom: Option<String>,
    pub academie: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TypeEtablissementDto {
    pub code: String,
    pub libelle: String,
    /// `premier` or `second`.
    pub degre: String,
    pub referentiel_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionDto {
    pub id: i64,
    pub item_id: String,
    pub niveau_cible: u8,
    pub action: String,
    /// A role, never a person's name.
    pub responsable: String,
    /// `AAAA-MM-JJ`.
    pub echeance: String,
    pub statut: StatutAction,
    pub statut_libelle: String,
    /// School year the action was carried over from (`2024-2025`).
    pub reportee_de: Option<String>,
    pub modifie_le: String,
}

impl From<&schematic_store::ActionEnregistree> for ActionDto {
    fn from(a: &schematic_store::ActionEnregistree) -> Self {
        Self {
            id: a.id,
            item_id: a.action.item_id.clone(),
            niveau_cible: a.action.niveau_cible,
            action: a.action.action.clone(),
            responsable: a.action.responsable.clone(),
            echeance: a.action.echeance.clone(),
            statut: a.action.statut,
            statut_libelle: a.action.statut.libelle().into(),
            reportee_de: a.reportee_de.map(|debut| format!("{debut}-{}", debut + 1)),
            modifie_le: a.modifie_le.clone(),
        }
    }
}

/// An action as typed; `id` is absent for a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaisieActionDto {
    pub id: Option<i64>,
    pub item_id: String,
    pub niveau_cible: u8,
    pub action: String,
    pub responsable: String,
    pub echeance: String,
    pub statut: StatutAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreferencesDto {
    /// Larger type for projection or low vision.
    pub grands_caracteres: bool,
    /// The space the app opens on: `etablissement` or `dane`; `None` until
    /// chosen at first start.
    pub espace: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AProposDto {
    pub version_application: String,
    pub version_schema: u32,
    pub dossier: String,
    pub base: String,
    /// The data folder is on a network drive: the database then keeps a
    /// rollback journal (DELETE) instead of WAL.
    pub dossier_reseau: bool,
    /// Every referential version known here, with its changelog.
    pub referentiels: Vec<ReferentielPublieDto>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct PointDto {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AxeDto {
    pub domaine_id: String,
    pub titre: String,
    pub extremite: PointDto,
    pub etiquette: PointDto,
    /// SVG `text-anchor`: `start`, `middle` or `end`.
    pub ancrage: String,
}

/// The radar of the five domains, computed by the core's geometry in a
/// `taille` × `taille` box (SVG user units).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RadarDto {
    pub taille: f64,
    pub centre: PointDto,
    pub axes: Vec<AxeDto>,
    /// Rings of levels 1, 2 and 3.
    pub anneaux: Vec<Vec<PointDto>>,
    pub polygone: Vec<PointDto>,
    /// Previous school year, when there is one.
    pub polygone_precedent: Option<Vec<PointDto>>,
}

/// The installation's public key, as shown to people and sent for enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CleDto {
    /// DSSE key id: `ed25519:<base64>`.
    pub keyid: String,
    /// The 32-byte public key in base64.
    pub publique: String,
    /// SHA-256 of the public key, hex.
    pub empreinte: String,
    /// First 64 bits of the fingerprint, `3F2A 9C01 77B0 D4E2`.
    pub empreinte_courte: String,
}

/// Files written by an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportDto {
    pub fichiers: Vec<String>,
    /// SHA-256 of the signed payload, hex.
    pub empreinte_charge: String,
    pub brouillon: bool,
}

/// The verdict on one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerificationDto {
    pub fichier: String,
    /// `valide-enrole`, `valide-non-enrole`, `certificat-invalide`,
    /// `signature-invalide`, `format-inconnu`, `illisible`, `non-canonique`,
    /// `pages-non-conformes` (docs/format/verdicts.md).
    pub verdict: String,
    pub verdict_libelle: String,
    /// The exit code of `schematic verifier` for this verdict (0, 10 to 16).
    pub code_sortie: u8,
    /// Why: a motif code of docs/format/verdicts.md (`charge.non-conforme`…).
    pub motif: String,
    pub detail: String,
    /// `diagnostic`, `demande-enrolement`, `certificat-enrolement` or
    /// `contribution`, once the signature and the format are verified.
    pub document: Option<String>,
    pub uai: Option<String>,
    pub annee: Option<String>,
    pub revision: Option<u32>,
    pub statut: Option<String>,
    pub repondus: Option<u32>,
    pub total: Option<u32>,
    pub empreinte_charge: Option<String>,
    pub empreinte_cle: Option<String>,
    /// What the signed diagnostic says, domain by domain (as the establishment
    /// saw it: `resultats` of the payload), to compare with printed pages.
    pub resultats: Vec<ResultatVerifieDto>,
    /// Each answered item and its level (0: aucun niveau atteint).
    pub reponses: Vec<ReponseVerifieeDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResultatVerifieDto {
    pub domaine: String,
    pub items: u32,
    pub repondus: u32,
    /// Items answered « non applicable » (format 2 only).
    pub non_applicables: Option<u32>,
    pub maturite_centiemes: Option<u32>,
    pub niveau_atteint: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReponseVerifieeDto {
    pub item: String,
    /// 0 (aucun niveau atteint) to 3; `None` when non applicable.
    pub niveau: Option<u8>,
    /// Answered « non applicable » (format 2).
    pub non_applicable: bool,
}

/// The enrolment certificate this installation holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CertificatDto {
    pub numero: String,
    pub uai: String,
    /// `AAAA-MM-JJ`.
    pub valide_du: String,
    pub valide_au: String,
    /// Short fingerprint of the DANE key that issued it.
    pub empreinte_dane: String,
}

/// What the action-plan form offers: the roles that may be exported, and the
/// statuses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OptionsPlanDto {
    pub roles: Vec<String>,
    pub statuts: Vec<StatutActionDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatutActionDto {
    pub code: StatutAction,
    pub libelle: String,
}

/// A certificate issued by the DANE space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnrolementDto {
    pub uai: String,
    /// The establishment's name in the annuaire, when it is there.
    pub nom: Option<String>,
    /// Short fingerprint of the enrolled installation key.
    pub empreinte_cle: String,
    pub numero: String,
    pub valide_du: String,
    pub valide_au: String,
    /// The certificate file written, to send back to the establishment.
    pub fichier: String,
    /// The key was already enrolled: the existing certificate was written again.
    pub deja_enrolee: bool,
}
