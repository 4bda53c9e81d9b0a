//! Territorial references (« repères territoriaux »): the figures a DANE
//! publishes for the schools of its territory — per type family and
//! territory, how many establishments answered, their mean maturity per
//! domain and, per item, how many reached each level — statistical secrecy
//! applied (a hidden cell is written `"s"`). A DSSE envelope signed with the
//! DANE key, which the schools already trust through their enrolment
//! certificate. Specified in `docs/format/reperes-territoriaux-v1.md`.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use schematic_core::reperes::{Echelon, Groupe, Reperes};
use schematic_core::secret::{Case, Valeur};
use schematic_core::synthese::{COLONNES_NIVEAUX, SEUIL_SECRET};

use crate::cles::CleInstallation;
use crate::dsse::Enveloppe;

pub const TYPE_REPERES_V1: &str = "application/vnd.schematic.reperes-territoriaux+json; version=1";
pub const FORMAT_REPERES: &str = "schematic.reperes-territoriaux";

/// The mark of a cell hidden by statistical secrecy.
pub const SECRET: &str = "s";

/// A published figure, or `None` where secrecy hides it (`"s"` in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cellule(pub Option<u32>);

impl Serialize for Cellule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(n) => s.serialize_u32(n),
            None => s.serialize_str(SECRET),
        }
    }
}

impl<'de> Deserialize<'de> for Cellule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) if s == SECRET => Ok(Self(None)),
            serde_json::Value::Number(n) => n
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(|n| Self(Some(n)))
                .ok_or_else(|| D::Error::custom("une case est un entier positif ou \"s\"")),
            _ => Err(D::Error::custom("une case est un entier positif ou \"s\"")),
        }
    }
}

impl From<&Case> for Cellule {
    fn from(c: &Case) -> Self {
        Self(match c.publiee() {
            Some(Valeur::Entier(n)) => Some(n),
            // Every figure of the references is an integer.
            _ => None,
        })
    }
}

/// Where a group's establishments are: exactly one of the three.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerritoireV1 {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub departement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub academie: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub region_academique: Option<String>,
}

impl TerritoireV1 {
    pub fn nouveau(echelon: Echelon, code: &str) -> Self {
        let code = Some(code.to_string());
        match echelon {
            Echelon::Departement => Self { departement: code, ..Self::default() },
            Echelon::Academie => Self { academie: code, ..Self::default() },
            Echelon::RegionAcademique => Self { region_academique: code, ..Self::default() },
        }
    }

    /// The level and the code (`33`, `Bordeaux`…).
    pub fn echelon(&self) -> Option<(Echelon, &str)> {
        match (&self.departement, &self.academie, &self.region_academique) {
            (Some(d), None, None) => Some((Echelon::Departement, d)),
            (None, Some(a), None) => Some((Echelon::Academie, a)),
            (None, None, Some(r)) => Some((Echelon::RegionAcademique, r)),
            _ => None,
        }
    }
}

/// One item's distribution: establishments at aucun niveau, 1, 2, 3, non
/// applicable, non renseigné; and their total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemV1 {
    pub niveaux: [Cellule; COLONNES_NIVEAUX],
    pub total: Cellule,
}

/// The items of one referential, in one of its versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartV1 {
    pub id: String,
    pub version: String,
    pub items: BTreeMap<String, ItemV1>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupeV1 {
    /// `ecole`, `college`, `lycee`, `erea`, `autre`.
    pub famille: String,
    pub territoire: TerritoireV1,
    /// Establishments with a diagnostic.
    pub etablissements: Cellule,
    /// Per domain id: the mean maturity in hundredths (0 to 300).
    pub domaines: BTreeMap<String, Cellule>,
    pub referentiels: Vec<PartV1>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReperesV1 {
    pub format: String,
    pub version_format: u32,
    pub application: String,
    /// RFC 3339, UTC: orders two publications of one year.
    pub publie_le: String,
    /// Key id of the DANE key, which signs.
    pub dane: String,
    pub annee_scolaire: String,
    /// The académies whose establishments the figures come from.
    pub academies: Vec<String>,
    pub seuil_secret: u32,
    pub groupes: Vec<GroupeV1>,
}

fn groupe(g: &Groupe) -> GroupeV1 {
    GroupeV1 {
        famille: g.famille.clone(),
        territoire: TerritoireV1::nouveau(g.echelon, &g.code),
        etablissements: (&g.etablissements).into(),
        domaines: g.domaines.iter().map(|(d, c)| (d.clone(), c.into())).collect(),
        referentiels: g
            .referentiels
            .iter()
            .map(|p| PartV1 {
                id: p.id.clone(),
                version: p.version.clone(),
                items: p
                    .items
                    .iter()
                    .map(|i| {
                        (
                            i.id.clone(),
                            ItemV1 { niveaux: i.niveaux.each_ref().map(Cellule::from), total: (&i.total).into() },
                        )
                    })
                    .collect(),
            })
            .collect(),
    }
}

impl ReperesV1 {
    /// The published document of `reperes` (secrecy already applied).
    pub fn nouveau(
        reperes: &Reperes,
        annee_scolaire: &str,
        dane: &CleInstallation,
        publie_le: &str,
        application: &str,
    ) -> Self {
        Self {
            format: FORMAT_REPERES.into(),
            version_format: 1,
            application: application.into(),
            publie_le: publie_le.into(),
            dane: dane.publique().keyid(),
            annee_scolaire: annee_scolaire.into(),
            academies: reperes.academies.clone(),
            seuil_secret: SEUIL_SECRET,
            groupes: reperes.groupes.iter().map(groupe).collect(),
        }
    }

    pub fn signer(&self, cle: &CleInstallation) -> Enveloppe {
        let octets = serde_json_canonicalizer::to_vec(self).expect("references always serialise");
        Enveloppe::signer(TYPE_REPERES_V1, &octets, cle)
    }

    /// `SchemaTIC_reperes_<année>.json`.
    pub fn nom_fichier(&self) -> String {
        format!("SchemaTIC_reperes_{}.json", self.annee_scolaire)
    }

    /// The group of `famille` in this territory, if published.
    pub fn groupe(&self, famille: &str, echelon: Echelon, code: &str) -> Option<&GroupeV1> {
        self.groupes.iter().find(|g| g.famille == famille && g.territoire.echelon() == Some((echelon, code)))
    }

    /// The first pair of groups for one family and territory, if any (the
    /// format allows one).
    pub fn groupe_en_double(&self) -> Option<&GroupeV1> {
        let mut vus = std::collections::BTreeSet::new();
        self.groupes.iter().find(|g| !vus.insert((g.famille.as_str(), &g.territoire)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_a_number_or_s_and_nothing_else() {
        let lire = |t: &str| serde_json::from_str::<Cellule>(t).map_err(|e| e.to_string());
        assert_eq!(lire("12"), Ok(Cellule(Some(12))));
        assert_eq!(lire("\"s\""), Ok(Cellule(None)));
        for faux in ["-1", "1.5", "\"S\"", "null", "4294967296"] {
            assert!(lire(faux).is_err(), "{faux}");
        }
        assert_eq!(serde_json::to_string(&[Cellule(Some(3)), Cellule(None)]).unwrap(), "[3,\"s\"]");
    }
}
