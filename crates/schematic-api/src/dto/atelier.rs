//! DTOs of the équipe-relais workshop.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleParticipantDto {
    pub code: String,
    pub libelle: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantDto {
    pub id: i64,
    pub role: String,
    pub libelle_role: String,
    /// Shown on this computer only; never exported.
    pub prenom: Option<String>,
    /// The votes came in a contribution file from another computer.
    pub contribution: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VoteDto {
    pub participant_id: i64,
    /// 0 (aucun niveau) to 3.
    pub niveau: u8,
}

/// One item in the workshop: who voted what, what the votes say, and the
/// team's consensus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemAtelierDto {
    pub item_id: String,
    pub domaine_id: String,
    pub votes: Vec<VoteDto>,
    /// Votes at aucun niveau, 1, 2, 3.
    pub repartition: Vec<u32>,
    /// The median in half levels (0 to 6): 3 means 1.5.
    pub mediane_demis: Option<u8>,
    /// Highest vote minus lowest.
    pub ecart: Option<u8>,
    /// Votes two levels apart or more.
    pub desaccord: bool,
    /// The consensus, i.e. the diagnostic's answer (0 to 3), if set.
    pub consensus: Option<u8>,
    /// The diagnostic's answer is « non applicable » (`consensus` is then `None`).
    pub consensus_non_applicable: bool,
    pub note: Option<String>,
}

/// Per domain: the consensus and how far individual views went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DomaineAtelierDto {
    pub domaine_id: String,
    pub titre: String,
    /// Maturity of the consensus answers, in hundredths.
    pub consensus_centiemes: Option<u32>,
    /// Lowest and highest of the participants' own maturities in the domain.
    pub individuel_min_centiemes: Option<u32>,
    pub individuel_max_centiemes: Option<u32>,
    pub items_en_desaccord: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AtelierDto {
    pub annee: String,
    pub finalise: bool,
    pub participants: Vec<ParticipantDto>,
    pub items: Vec<ItemAtelierDto>,
    pub domaines: Vec<DomaineAtelierDto>,
}

/// What importing a contribution did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContributionDto {
    pub role: String,
    pub libelle_role: String,
    pub votes: u32,
    /// The same computer had contributed before: its votes were replaced.
    pub remplace: bool,
    pub participant_id: i64,
}
