//! The SchémaTIC referential as data: 5 domaines, about 20 items, each with three
//! progressive level descriptors. Two variants exist (`ecole` for the 1er degré,
//! `eple` for the 2nd degré), each published in successive versions; every
//! published version ships embedded in the binaries ([`catalogue`]) and a
//! newer one can be read from a file with [`Referentiel::depuis_json`]. Both
//! paths go through the same validation, whose messages name the faulty
//! element in French. A version after the first carries its
//! [`correspondance`] from the previous one.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::annee::AnneeScolaire;
use crate::error::CoreError;

pub mod catalogue;
pub mod correspondance;

pub use catalogue::{Catalogue, ReferentielPublie};
pub use correspondance::{Correspondance, Lien, Relation};

/// School level a referential is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Degre {
    /// 1er degré: écoles maternelles, élémentaires, primaires.
    #[default]
    Premier,
    /// 2nd degré: EPLE (collèges, lycées, LP, EREA, cités scolaires).
    Second,
}

impl Degre {
    /// Id of the embedded referential for this degree.
    pub fn referentiel_id(self) -> &'static str {
        match self {
            Self::Premier => "ecole",
            Self::Second => "eple",
        }
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Self::Premier => "1er degré",
            Self::Second => "2nd degré",
        }
    }
}

/// Number of domaines every referential has.
pub const NOMBRE_DOMAINES: usize = 5;
/// Number of levels every item has.
pub const NOMBRE_NIVEAUX: usize = 3;
/// Upper bound on the size of a referential file; an official one is ~30 KB.
pub const TAILLE_MAX_OCTETS: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Referentiel {
    pub id: String,
    pub version: String,
    pub titre: String,
    pub degre: Degre,
    /// What each of the three levels means across the referential.
    pub niveaux: Vec<String>,
    pub domaines: Vec<Domaine>,
    /// When and for which school years it was published. Absent from the
    /// files of 2026.1, which predate the field: the catalogue holds theirs.
    /// Absent fields are not serialised, so their fingerprint is unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publication: Option<Publication>,
    /// How the previous version's items carry into this one; absent from a
    /// first version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correspondance: Option<Correspondance>,
    /// The acronyms and terms the texts use (GAR, PAP, RUPN…), explained.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub glossaire: Vec<Terme>,
}

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Terme {
    /// As written in the texts (`RUPN`).
    pub terme: String,
    pub definition: String,
}

/// A legal obligation an item's level 1 contains: a school that merely obeys
/// the law reaches level 1, never more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Obligation {
    /// What the law requires, in a few words.
    pub objet: String,
    /// The text that requires it (`Règlement (UE) 2016/679 (RGPD), article 30`).
    pub source: String,
}

/// Publication metadata of a referential version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Publication {
    /// `AAAA-MM-JJ`.
    pub publie_le: String,
    /// The first school year the version is meant for (`2027-2028`); it serves
    /// until the first year of the next version.
    pub premiere_annee: String,
    pub licence: String,
    /// What changed and why, in French, one sentence per line.
    pub changements: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Domaine {
    /// Short stable code, the prefix of its items' ids (`PIL`).
    pub id: String,
    pub titre: String,
    /// What the domain looks at, in two or three sentences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Item {
    /// Stable id, `<domaine>-<n>` (`PIL-1`); answers refer to it year after year.
    pub id: String,
    pub titre: String,
    pub intention: String,
    /// The N1, N2 and N3 descriptors, in that order.
    pub niveaux: Vec<String>,
    /// Present when « non applicable » is an allowed answer: the situation in
    /// which the item does not apply, shown to the user (« École maternelle
    /// qui limite l’usage des écrans avant 6 ans »).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_applicable: Option<String>,
    /// Legal obligations the level 1 descriptor contains.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<Obligation>,
    /// A question that opens the team's debate in a workshop.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question_debat: Option<String>,
    /// Per level (N1, N2, N3): 2 to 4 examples of what a team can show to
    /// support that level (« éléments observables »).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observables: Vec<Vec<String>>,
    /// Suggested actions to reach N1, N2 and N3, in that order (so
    /// `pour_atteindre[n]` serves a team now at level `n`): 1 to 4 each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pour_atteindre: Vec<Vec<String>>,
}

/// Bounds on the per-level lists of an item.
pub const OBSERVABLES_PAR_NIVEAU: std::ops::RangeInclusive<usize> = 2..=4;
pub const ACTIONS_PAR_NIVEAU: std::ops::RangeInclusive<usize> = 1..=4;

impl Item {
    /// The suggested actions for a team now at `niveau` (0 to 2): those that
    /// lead to the next level. Empty at level 3 or when the version has none.
    pub fn actions_suggerees(&self, niveau: u8) -> &[String] {
        self.pour_atteindre.get(usize::from(niveau)).map(Vec::as_slice).unwrap_or(&[])
    }

    fn valider_enrichissements(&self) -> Result<(), CoreError> {
        let listes = |listes: &[Vec<String>],
                      quoi: &str,
                      bornes: &std::ops::RangeInclusive<usize>,
                      niveau: &dyn Fn(usize) -> String| {
            if listes.len() != NOMBRE_NIVEAUX {
                return Err(invalide(format!(
                    "l’item {} doit donner {quoi} pour exactement {NOMBRE_NIVEAUX} niveaux ; il en donne pour {}.",
                    self.id,
                    listes.len()
                )));
            }
            for (k, liste) in listes.iter().enumerate() {
                if !bornes.contains(&liste.len()) {
                    return Err(invalide(format!(
                        "l’item {} donne {} {quoi} {} ; il en faut de {} à {}.",
                        self.id,
                        liste.len(),
                        niveau(k),
                        bornes.start(),
                        bornes.end()
                    )));
                }
                for t in liste {
                    non_vide(t, &format!("un texte de {quoi} de l’item {} ({})", self.id, niveau(k)))?;
                }
            }
            Ok(())
        };
        if !self.observables.is_empty() {
            listes(&self.observables, "éléments observables", &OBSERVABLES_PAR_NIVEAU, &|k| {
                format!("au niveau {}", k + 1)
            })?;
        }
        if !self.pour_atteindre.is_empty() {
            listes(&self.pour_atteindre, "actions suggérées", &ACTIONS_PAR_NIVEAU, &|k| {
                format!("pour atteindre le niveau {}", k + 1)
            })?;
        }
        for o in &self.obligations {
            non_vide(&o.objet, &format!("l’objet d’une obligation de l’item {}", self.id))?;
            non_vide(&o.source, &format!("la source d’une obligation de l’item {}", self.id))?;
        }
        if let Some(q) = &self.question_debat {
            non_vide(q, &format!("la question pour le débat de l’item {}", self.id))?;
        }
        Ok(())
    }
}

impl Referentiel {
    /// The newest embedded version of each referential (`ecole`, then `eple`).
    pub fn embarques() -> &'static [Referentiel] {
        static RECENTS: OnceLock<Vec<Referentiel>> = OnceLock::new();
        RECENTS.get_or_init(|| {
            ["ecole", "eple"]
                .iter()
                .filter_map(|id| Catalogue::embarque().plus_recent(id))
                .map(|p| p.referentiel.clone())
                .collect()
        })
    }

    /// The newest embedded version of the referential with this id.
    pub fn embarque(id: &str) -> Option<&'static Referentiel> {
        Self::embarques().iter().find(|r| r.id == id)
    }

    /// One embedded version (`("eple", "2026.1")`).
    pub fn publie(id: &str, version: &str) -> Option<&'static Referentiel> {
        Catalogue::embarque().trouver(id, version).map(|p| &p.referentiel)
    }

    /// The newest embedded referential for a degree.
    pub fn pour_degre(degre: Degre) -> &'static Referentiel {
        Self::embarque(degre.referentiel_id()).expect("both degrees have an embedded referential")
    }

    /// Reads and validates a referential from JSON text.
    pub fn depuis_json(texte: &str) -> Result<Self, CoreError> {
        if texte.len() > TAILLE_MAX_OCTETS {
            return Err(invalide(format!(
                "le fichier fait {} octets ; un référentiel en fait au plus {TAILLE_MAX_OCTETS}.",
                texte.len()
            )));
        }
        let referentiel: Referentiel = serde_json::from_str(texte).map_err(|e| invalide(message_json(&e)))?;
        referentiel.valider()?;
        Ok(referentiel)
    }

    /// Checks the rules every referential obeys; the message names the first
    /// faulty element.
    pub fn valider(&self) -> Result<(), CoreError> {
        non_vide(&self.id, "l’identifiant du référentiel (champ « id »)")?;
        if !self.id.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-') {
            return Err(invalide(format!(
                "l’identifiant « {} » ne doit contenir que des minuscules sans accent, des chiffres et des tirets.",
                self.id
            )));
        }
        non_vide(&self.version, "la version du référentiel (champ « version »)")?;
        if cle_version(&self.version).is_none() {
            return Err(invalide(format!(
                "la version « {} » doit s’écrire année, point, numéro (par exemple 2027.1).",
                self.version
            )));
        }
        non_vide(&self.titre, "le titre du référentiel (champ « titre »)")?;
        if self.niveaux.len() != NOMBRE_NIVEAUX {
            return Err(invalide(format!(
                "le référentiel doit définir exactement {NOMBRE_NIVEAUX} niveaux (champ « niveaux ») ; il en définit {}.",
                self.niveaux.len()
            )));
        }
        for (i, n) in self.niveaux.iter().enumerate() {
            non_vide(n, &format!("la description du niveau {}", i + 1))?;
        }
        if self.domaines.len() != NOMBRE_DOMAINES {
            return Err(invalide(format!(
                "le référentiel doit compter exactement {NOMBRE_DOMAINES} domaines ; il en compte {}.",
                self.domaines.len()
            )));
        }
        let mut ids_domaines = HashSet::new();
        let mut ids_items = HashSet::new();
        for (i, domaine) in self.domaines.iter().enumerate() {
            let ou = format!("le domaine n° {}", i + 1);
            non_vide(&domaine.id, &format!("l’identifiant de {ou}"))?;
            let ou = format!("le domaine {}", domaine.id);
            if !domaine.id.bytes().all(|c| c.is_ascii_uppercase()) || !(2..=5).contains(&domaine.id.len()) {
                return Err(invalide(format!(
                    "l’identifiant du domaine « {} » doit faire 2 à 5 lettres majuscules (par exemple PIL).",
                    domaine.id
                )));
            }
            if !ids_domaines.insert(domaine.id.as_str()) {
                return Err(invalide(format!("l’identifiant de domaine {} apparaît deux fois.", domaine.id)));
            }
            non_vide(&domaine.titre, &format!("le titre du domaine {}", domaine.id))?;
            if domaine.items.is_empty() {
                return Err(invalide(format!("{ou} ne contient aucun item.")));
            }
            for (j, item) in domaine.items.iter().enumerate() {
                non_vide(&item.id, &format!("l’identifiant de l’item n° {} du domaine {}", j + 1, domaine.id))?;
                let attendu = format!("{}-", domaine.id);
                let suffixe = item.id.strip_prefix(&attendu).unwrap_or("");
                if suffixe.is_empty() || !suffixe.bytes().all(|c| c.is_ascii_digit()) || suffixe.len() > 2 {
                    return Err(invalide(format!(
                        "l’item « {} » du domaine {} doit avoir un identifiant de la forme {}N (par exemple {}1).",
                        item.id, domaine.id, attendu, attendu
                    )));
                }
                if !ids_items.insert(item.id.as_str()) {
                    return Err(invalide(format!("l’identifiant d’item {} apparaît deux fois.", item.id)));
                }
                non_vide(&item.titre, &format!("le titre de l’item {}", item.id))?;
                non_vide(&item.intention, &format!("l’intention de l’item {}", item.id))?;
                if item.niveaux.len() != NOMBRE_NIVEAUX {
                    return Err(invalide(format!(
                        "l’item {} doit avoir exactement {NOMBRE_NIVEAUX} niveaux ; il en a {}.",
                        item.id,
                        item.niveaux.len()
                    )));
                }
                for (k, n) in item.niveaux.iter().enumerate() {
                    non_vide(n, &format!("le descripteur du niveau {} de l’item {}", k + 1, item.id))?;
                }
                if let Some(motif) = &item.non_applicable {
                    non_vide(motif, &format!("le cas « non applicable » de l’item {}", item.id))?;
                }
                item.valider_enrichissements()?;
            }
            if let Some(d) = &domaine.description {
                non_vide(d, &format!("la description du domaine {}", domaine.id))?;
            }
        }
        let mut termes = HashSet::new();
        for t in &self.glossaire {
            non_vide(&t.terme, "un terme du glossaire")?;
            non_vide(&t.definition, &format!("la définition de « {} » dans le glossaire", t.terme))?;
            if !termes.insert(t.terme.to_lowercase()) {
                return Err(invalide(format!("le terme « {} » apparaît deux fois dans le glossaire.", t.terme)));
            }
        }
        textes_sans_caractere_cache(&serde_json::to_value(self).expect("a referential always serialises"), "")?;
        if let Some(p) = &self.publication {
            p.valider()?;
        }
        if let Some(c) = &self.correspondance {
            c.valider_forme(self)?;
        }
        Ok(())
    }

    /// Whether this referential's `version` comes after `autre`'s.
    pub fn plus_recent_que(&self, autre: &Referentiel) -> bool {
        cle_version(&self.version) > cle_version(&autre.version)
    }

    /// The first school year this version is meant for, when it says so.
    pub fn premiere_annee(&self) -> Option<AnneeScolaire> {
        self.publication.as_ref().and_then(|p| p.premiere_annee.parse().ok())
    }

    /// SHA-256 (hex) of the referential's canonical bytes: the RFC 8785 (JCS)
    /// serialisation of its content, so layout and key order in the file do not
    /// matter but any change of text does. Recorded with every diagnostic.
    pub fn empreinte(&self) -> String {
        let canonique = serde_json_canonicalizer::to_vec(self).expect("a referential always serialises");
        let hash = Sha256::digest(&canonique);
        hash.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Checks that `reponse` is allowed for `item`: « non applicable » only
    /// where the referential provides for it.
    pub fn verifier_reponse(&self, item: &Item, reponse: crate::Reponse) -> Result<(), CoreError> {
        if reponse == crate::Reponse::NonApplicable && item.non_applicable.is_none() {
            return Err(CoreError::ReponseInvalide(format!(
                "L’item {} ne peut pas être déclaré « non applicable » : le référentiel {} {} ne le prévoit pas pour lui. Répondez 1, 2, 3 ou « aucun ».",
                item.id, self.id, self.version
            )));
        }
        Ok(())
    }

    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.domaines.iter().flat_map(|d| d.items.iter())
    }

    pub fn nombre_items(&self) -> usize {
        self.domaines.iter().map(|d| d.items.len()).sum()
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().find(|i| i.id == id)
    }

    /// The item with this id, accepting lower case (`pil-1`); otherwise an error
    /// that lists the closest valid ids.
    pub fn item_saisi(&self, saisie: &str) -> Result<&Item, CoreError> {
        let id = saisie.trim().to_uppercase();
        self.item(&id).ok_or_else(|| {
            let proches = self.ids_proches(&id, 3);
            CoreError::ItemInconnu(format!(
                "L’item « {} » n’existe pas dans le référentiel {} ; identifiants les plus proches : {}.",
                saisie.trim(),
                self.id,
                proches.join(", ")
            ))
        })
    }

    fn ids_proches(&self, id: &str, combien: usize) -> Vec<&str> {
        let mut tous: Vec<(usize, usize, &str)> =
            self.items().enumerate().map(|(ordre, i)| (distance(id, &i.id), ordre, i.id.as_str())).collect();
        tous.sort_unstable();
        tous.into_iter().take(combien).map(|(_, _, id)| id).collect()
    }
}

/// Levenshtein distance, small inputs only (item ids).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut ligne: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = ligne[0];
        ligne[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let haut = ligne[j + 1];
            ligne[j + 1] = (diag + usize::from(ca != *cb)).min(haut + 1).min(ligne[j] + 1);
            diag = haut;
        }
    }
    ligne[b.len()]
}

/// A version `AAAA.N` as a pair that orders versions (`2026.9` < `2026.10` <
/// `2027.1`); `None` for any other form.
pub fn cle_version(version: &str) -> Option<(u16, u16)> {
    let (annee, numero) = version.split_once('.')?;
    let chiffres = |t: &str, max: usize| !t.is_empty() && t.len() <= max && t.bytes().all(|c| c.is_ascii_digit());
    if annee.len() != 4 || !chiffres(annee, 4) || !chiffres(numero, 2) {
        return None;
    }
    Some((annee.parse().ok()?, numero.parse().ok()?))
}

impl Publication {
    fn valider(&self) -> Result<(), CoreError> {
        let date_valide = |t: &str| {
            let b = t.as_bytes();
            b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && t[..4].parse::<u32>().is_ok_and(|a| (2000..=2099).contains(&a))
                && t[5..7].parse::<u32>().ok().zip(t[8..].parse::<u32>().ok()).is_some_and(|(m, j)| {
                    crate::annee::jours_du_mois(t[..4].parse().unwrap_or(0), m).is_some_and(|n| (1..=n).contains(&j))
                })
        };
        if !date_valide(&self.publie_le) {
            return Err(invalide(format!(
                "la date de publication « {} » doit être une date réelle écrite AAAA-MM-JJ (champ « publication.publie_le »).",
                self.publie_le
            )));
        }
        self.premiere_annee.parse::<AnneeScolaire>().map_err(|_| {
            invalide(format!(
                "la première année scolaire « {} » doit s’écrire comme 2027-2028 (champ « publication.premiere_annee »).",
                self.premiere_annee
            ))
        })?;
        non_vide(&self.licence, "la licence (champ « publication.licence »)")?;
        if self.changements.is_empty() {
            return Err(invalide("la liste des changements (champ « publication.changements ») est vide."));
        }
        for (i, c) in self.changements.iter().enumerate() {
            non_vide(c, &format!("le changement n° {}", i + 1))?;
        }
        Ok(())
    }
}

/// Every text of a referential is shown to people as it is: none may hold a
/// control character or one that reorders or hides text (bidi controls,
/// zero-width characters). `chemin` names the field (`domaines[0].items[2].titre`).
fn textes_sans_caractere_cache(valeur: &serde_json::Value, chemin: &str) -> Result<(), CoreError> {
    match valeur {
        serde_json::Value::String(t) => {
            let cache = |c: char| {
                (c.is_control() && c != '\n')
                    || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
            };
            if let Some(c) = t.chars().find(|c| cache(*c)) {
                return Err(invalide(format!(
                    "le texte « {chemin} » contient le caractère invisible ou de contrôle U+{:04X} : un référentiel n’en contient pas.",
                    u32::from(c)
                )));
            }
            Ok(())
        }
        serde_json::Value::Array(v) => {
            v.iter().enumerate().try_for_each(|(i, x)| textes_sans_caractere_cache(x, &format!("{chemin}[{i}]")))
        }
        serde_json::Value::Object(o) => o.iter().try_for_each(|(k, x)| {
            let sous = if chemin.is_empty() { k.clone() } else { format!("{chemin}.{k}") };
            textes_sans_caractere_cache(x, &sous)
        }),
        _ => Ok(()),
    }
}

pub(crate) fn invalide(detail: impl std::fmt::Display) -> CoreError {
    CoreError::ReferentielInvalide(format!("Référentiel invalide : {detail}"))
}

pub(crate) fn non_vide(texte: &str, quoi: &str) -> Result<(), CoreError> {
    if texte.trim().is_empty() { Err(invalide(format!("{quoi} est vide ou absent."))) } else { Ok(()) }
}

fn message_json(e: &serde_json::Error) -> String {
    if e.to_string().starts_with("unknown variant") && e.to_string().contains("`premier`, `second`") {
        format!(
            "le champ « degre » doit valoir « premier » ou « second » (ligne {}, colonne {}).",
            e.line(),
            e.column()
        )
    } else {
        format!("{}.", crate::json::erreur_en_francais(e))
    }
}

#[cfg(test)]
mod revue;
#[cfg(test)]
mod tests;
