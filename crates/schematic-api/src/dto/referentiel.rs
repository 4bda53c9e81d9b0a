//! Referential versions: the catalogue as shown to users, and what moving a
//! diagnostic from one version to another carries or leaves behind.

use serde::Serialize;
use ts_rs::TS;

use schematic_core::Referentiel;
use schematic_core::referentiel::ReferentielPublie;
use schematic_core::referentiel::correspondance::{Element, NonReporte};

use super::compte;

/// A referential version in a few figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferentielResume {
    pub id: String,
    pub version: String,
    pub titre: String,
    pub degre: String,
    /// SHA-256 of the canonical content, hex.
    pub empreinte: String,
    pub nombre_domaines: u32,
    pub nombre_items: u32,
}

impl From<&Referentiel> for ReferentielResume {
    fn from(r: &Referentiel) -> Self {
        Self {
            id: r.id.clone(),
            version: r.version.clone(),
            titre: r.titre.clone(),
            degre: r.degre.libelle().into(),
            empreinte: r.empreinte(),
            nombre_domaines: compte(r.domaines.len()),
            nombre_items: compte(r.nombre_items()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferentielDto {
    pub resume: ReferentielResume,
    /// Meaning of levels 1, 2 and 3.
    pub niveaux: Vec<String>,
    pub domaines: Vec<DomaineDto>,
    /// Acronyms and terms of the texts, explained (empty before 2027.1).
    pub glossaire: Vec<TermeDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TermeDto {
    pub terme: String,
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ObligationDto {
    pub objet: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DomaineDto {
    pub id: String,
    pub titre: String,
    pub description: Option<String>,
    pub items: Vec<ItemDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemDto {
    pub id: String,
    pub titre: String,
    pub intention: String,
    /// Descriptors of levels 1, 2 and 3.
    pub niveaux: Vec<String>,
    /// Present when « non applicable » is allowed: the situation it is for.
    pub non_applicable: Option<String>,
    /// Legal obligations the level 1 descriptor contains.
    pub obligations: Vec<ObligationDto>,
    /// A question that opens the debate in a workshop.
    pub question_debat: Option<String>,
    /// Per level (1 to 3): examples of evidence; empty before 2027.1.
    pub observables: Vec<Vec<String>>,
    /// Suggested actions to reach level 1, 2 and 3: `pourAtteindre[n]` serves
    /// a team now at level n. Empty before 2027.1.
    pub pour_atteindre: Vec<Vec<String>>,
}

impl From<&Referentiel> for ReferentielDto {
    fn from(r: &Referentiel) -> Self {
        Self {
            resume: r.into(),
            niveaux: r.niveaux.clone(),
            domaines: r
                .domaines
                .iter()
                .map(|d| DomaineDto {
                    id: d.id.clone(),
                    titre: d.titre.clone(),
                    description: d.description.clone(),
                    items: d
                        .items
                        .iter()
                        .map(|i| ItemDto {
                            id: i.id.clone(),
                            titre: i.titre.clone(),
                            intention: i.intention.clone(),
                            niveaux: i.niveaux.clone(),
                            non_applicable: i.non_applicable.clone(),
                            obligations: i
                                .obligations
                                .iter()
                                .map(|o| ObligationDto { objet: o.objet.clone(), source: o.source.clone() })
                                .collect(),
                            question_debat: i.question_debat.clone(),
                            observables: i.observables.clone(),
                            pour_atteindre: i.pour_atteindre.clone(),
                        })
                        .collect(),
                })
                .collect(),
            glossaire: r
                .glossaire
                .iter()
                .map(|t| TermeDto { terme: t.terme.clone(), definition: t.definition.clone() })
                .collect(),
        }
    }
}

/// One published version of a referential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferentielPublieDto {
    pub resume: ReferentielResume,
    /// `AAAA-MM-JJ`.
    pub publie_le: String,
    /// First school year it is meant for (`2027-2028`).
    pub premiere_annee: String,
    pub licence: String,
    /// What changed and why (French), one sentence each.
    pub changements: Vec<String>,
    /// Built into the application (otherwise imported into this installation).
    pub embarque: bool,
    /// The version its correspondence starts from.
    pub depuis: Option<String>,
    /// Its correspondence from that version, line by line.
    pub liens: Vec<LienDto>,
}

/// A referential file checked or imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferentielImporteDto {
    pub publie: ReferentielPublieDto,
    /// Not known to this installation before (for a check: not installed yet).
    pub nouveau: bool,
}

/// One line of a correspondence between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LienDto {
    /// `equivalent`, `reformule`, `scinde`, `fusionne`, `nouveau`, `retire`.
    pub relation: String,
    pub relation_libelle: String,
    pub avant: Vec<String>,
    pub apres: Vec<String>,
    /// What carries: `reponse`, `commentaire`, `actions`.
    pub reporte: Vec<String>,
    pub a_revoir: bool,
    pub note: Option<String>,
}

impl From<&ReferentielPublie> for ReferentielPublieDto {
    fn from(p: &ReferentielPublie) -> Self {
        let r = &p.referentiel;
        let liens = r.correspondance.as_ref().map_or_else(Vec::new, |c| {
            c.liens
                .iter()
                .map(|l| LienDto {
                    relation: l.relation.code().into(),
                    relation_libelle: l.relation.libelle().into(),
                    avant: l.avant.clone(),
                    apres: l.apres.clone(),
                    reporte: l.reporter.iter().map(|e| code_element(*e).to_string()).collect(),
                    a_revoir: l.a_revoir,
                    note: l.note.clone(),
                })
                .collect()
        });
        Self {
            resume: r.into(),
            publie_le: p.publication.publie_le.clone(),
            premiere_annee: p.publication.premiere_annee.clone(),
            licence: p.publication.licence.clone(),
            changements: p.publication.changements.clone(),
            embarque: p.embarque,
            depuis: r.correspondance.as_ref().map(|c| c.depuis.clone()),
            liens,
        }
    }
}

pub(crate) fn code_element(e: Element) -> &'static str {
    match e {
        Element::Reponse => "reponse",
        Element::Commentaire => "commentaire",
        Element::Actions => "actions",
    }
}

/// What creating a diagnostic from last year's, or moving one to a newer
/// version, carries and leaves behind — shown before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApercuVersionDto {
    /// The school year of the diagnostic created or moved.
    pub annee: String,
    pub referentiel_id: String,
    /// The version the content comes from (none: nothing to carry).
    pub version_depart: Option<String>,
    /// The version the diagnostic will be on.
    pub version_arrivee: String,
    pub reponses_reportees: u32,
    pub commentaires_reportes: u32,
    pub actions_reportees: u32,
    /// Items whose carried answer the team must confirm.
    pub a_revoir: Vec<ItemARevoirDto>,
    /// What does not carry, and why.
    pub non_reportes: Vec<NonReporteDto>,
    /// For a move: the revision the diagnostic will have (a new one when the
    /// current revision is finalised or was exported).
    pub revision: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemARevoirDto {
    pub item_id: String,
    pub titre: String,
    /// The correspondence's note on why.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NonReporteDto {
    /// The item in the version it was answered on.
    pub item_id: String,
    pub version: String,
    /// `reponse`, `commentaire` or `actions`.
    pub element: String,
    pub element_libelle: String,
    pub raison: String,
}

impl From<&NonReporte> for NonReporteDto {
    fn from(n: &NonReporte) -> Self {
        Self {
            item_id: n.item.clone(),
            version: n.version.clone(),
            element: code_element(n.element).into(),
            element_libelle: n.element.libelle().into(),
            raison: n.raison.clone(),
        }
    }
}
