//! The correspondence a referential version publishes from the previous one:
//! per item, old ids → new ids, the relation between them, how levels
//! correspond, what carries (answer, comment, actions) and whether the team
//! must look again (« à revoir »). It is data, in the newer version's file
//! (`correspondance`), checked twice: its form on its own
//! ([`Correspondance::valider_forme`]) and its completeness against the
//! previous version ([`Correspondance::verifier_depuis`]).
//!
//! Carrying a diagnostic's content across one or several versions
//! ([`Passage`]) never drops anything silently: what cannot carry is listed
//! ([`NonReporte`]). Comparing two years across versions goes only through
//! items the correspondence declares comparable ([`Passage::comparable`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{Referentiel, cle_version, invalide, non_vide};
use crate::diagnostic::{COMMENTAIRE_MAX, Reponse, Reponses};
use crate::error::CoreError;

/// How new items relate to old ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Same meaning, same levels (typo fixed, wording polished).
    Equivalent,
    /// Reworded: the meaning is close; levels may move.
    Reformule,
    /// One old item became several new ones.
    Scinde,
    /// Several old items became one.
    Fusionne,
    /// A new item with no predecessor.
    Nouveau,
    /// An old item with no successor.
    Retire,
}

impl Relation {
    pub fn code(self) -> &'static str {
        match self {
            Self::Equivalent => "equivalent",
            Self::Reformule => "reformule",
            Self::Scinde => "scinde",
            Self::Fusionne => "fusionne",
            Self::Nouveau => "nouveau",
            Self::Retire => "retire",
        }
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Self::Equivalent => "équivalent",
            Self::Reformule => "reformulé",
            Self::Scinde => "scindé",
            Self::Fusionne => "fusionné",
            Self::Nouveau => "nouveau",
            Self::Retire => "retiré",
        }
    }
}

/// What of an old item may carry into the new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Element {
    Reponse,
    Commentaire,
    Actions,
}

impl Element {
    pub fn libelle(self) -> &'static str {
        match self {
            Self::Reponse => "réponse",
            Self::Commentaire => "commentaire",
            Self::Actions => "actions du plan",
        }
    }
}

/// Old level `avant` (1 to 3) reads as new level `apres` (0 = aucun niveau
/// atteint, 1 to 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NiveauCorrespondant {
    pub avant: u8,
    pub apres: u8,
}

/// One line of the correspondence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lien {
    pub relation: Relation,
    /// Ids in the previous version (none for `nouveau`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub avant: Vec<String>,
    /// Ids in this version (none for `retire`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apres: Vec<String>,
    /// How levels read in the new items; absent: level N stays level N.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub niveaux: Vec<NiveauCorrespondant>,
    /// What carries; absent: nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reporter: Vec<Element>,
    /// The team must look again at what carried.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub a_revoir: bool,
    /// Why, in a sentence shown to the team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The correspondence from the previous version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Correspondance {
    /// The previous version (`2026.1`).
    pub depuis: String,
    /// Its fingerprint: the mapping applies to that exact text only.
    pub empreinte: String,
    pub liens: Vec<Lien>,
}

impl Lien {
    fn nom(&self, rang: usize) -> String {
        let cote = |ids: &[String]| if ids.is_empty() { "∅".to_string() } else { ids.join(", ") };
        format!("le lien n° {rang} ({} → {})", cote(&self.avant), cote(&self.apres))
    }

    fn reporte(&self, e: Element) -> bool {
        self.reporter.contains(&e)
    }

    /// Old value (0 to 3) → new value (0 to 3).
    pub(crate) fn table_niveaux(&self) -> [u8; 4] {
        let mut t = [0, 1, 2, 3];
        for n in &self.niveaux {
            t[usize::from(n.avant)] = n.apres;
        }
        t
    }
}

impl Correspondance {
    /// The rules that need only the new version: arities of each relation,
    /// levels mapped once each and completely, every new item reached exactly
    /// once, no old item in two lines, a previous version strictly older (so
    /// that versions never form a cycle). The message names the faulty line.
    pub fn valider_forme(&self, nouveau: &Referentiel) -> Result<(), CoreError> {
        if cle_version(&self.depuis).is_none() {
            return Err(invalide(format!(
                "la correspondance part d’une version « {} » qui ne s’écrit pas année, point, numéro (champ « correspondance.depuis »).",
                self.depuis
            )));
        }
        if cle_version(&self.depuis) >= cle_version(&nouveau.version) {
            return Err(invalide(format!(
                "la correspondance de la version {} part de la version {}, qui n’est pas antérieure : les versions formeraient un cycle.",
                nouveau.version, self.depuis
            )));
        }
        if self.empreinte.len() != 64
            || !self.empreinte.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        {
            return Err(invalide(
                "l’empreinte de la version précédente (champ « correspondance.empreinte ») doit faire 64 chiffres hexadécimaux en minuscules.",
            ));
        }
        if self.liens.is_empty() {
            return Err(invalide("la correspondance ne contient aucun lien (champ « correspondance.liens »)."));
        }
        let mut avant_vus: HashMap<&str, usize> = HashMap::new();
        let mut apres_vus: HashMap<&str, usize> = HashMap::new();
        for (i, lien) in self.liens.iter().enumerate() {
            let rang = i + 1;
            let nom = lien.nom(rang);
            valider_lien(lien, &nom)?;
            for id in &lien.avant {
                if let Some(autre) = avant_vus.insert(id.as_str(), rang) {
                    return Err(invalide(format!(
                        "l’item {id} de la version {} apparaît dans deux liens (n° {autre} et n° {rang}) : chaque ancien item a une seule destination.",
                        self.depuis
                    )));
                }
            }
            for id in &lien.apres {
                if nouveau.item(id).is_none() {
                    return Err(invalide(format!(
                        "{nom} mène à l’item {id}, qui n’existe pas dans la version {}.",
                        nouveau.version
                    )));
                }
                if let Some(autre) = apres_vus.insert(id.as_str(), rang) {
                    return Err(invalide(format!(
                        "l’item {id} de la version {} est atteint par deux liens (n° {autre} et n° {rang}).",
                        nouveau.version
                    )));
                }
            }
        }
        if let Some(oublie) = nouveau.items().find(|i| !apres_vus.contains_key(i.id.as_str())) {
            return Err(invalide(format!(
                "l’item {} de la version {} n’apparaît dans aucun lien de la correspondance (un item nouveau a un lien « nouveau »).",
                oublie.id, nouveau.version
            )));
        }
        Ok(())
    }

    /// The rules that need the previous version too: it is the one named
    /// (same id, version and fingerprint) and every one of its items appears
    /// in exactly one line, with ids that exist there.
    pub fn verifier_depuis(&self, nouveau: &Referentiel, ancien: &Referentiel) -> Result<(), CoreError> {
        if ancien.id != nouveau.id || ancien.version != self.depuis {
            return Err(invalide(format!(
                "la correspondance de {} {} part de la version {} ; le référentiel fourni est {} {}.",
                nouveau.id, nouveau.version, self.depuis, ancien.id, ancien.version
            )));
        }
        if ancien.empreinte() != self.empreinte {
            return Err(invalide(format!(
                "la correspondance de {} {} part d’un texte de la version {} dont l’empreinte diffère de celle du texte publié : elle ne s’applique pas à lui.",
                nouveau.id, nouveau.version, self.depuis
            )));
        }
        let mut vus = BTreeSet::new();
        for (i, lien) in self.liens.iter().enumerate() {
            for id in &lien.avant {
                if ancien.item(id).is_none() {
                    return Err(invalide(format!(
                        "{} part de l’item {id}, qui n’existe pas dans la version {}.",
                        lien.nom(i + 1),
                        self.depuis
                    )));
                }
                vus.insert(id.as_str());
            }
        }
        if let Some(oublie) = ancien.items().find(|i| !vus.contains(i.id.as_str())) {
            return Err(invalide(format!(
                "l’item {} de la version {} n’est mis en correspondance nulle part (un item abandonné a un lien « retire »).",
                oublie.id, self.depuis
            )));
        }
        Ok(())
    }

    fn lien_depuis(&self, ancien_item: &str) -> Option<&Lien> {
        self.liens.iter().find(|l| l.avant.iter().any(|a| a == ancien_item))
    }

    fn lien_vers(&self, nouvel_item: &str) -> Option<&Lien> {
        self.liens.iter().find(|l| l.apres.iter().any(|a| a == nouvel_item))
    }
}

fn valider_lien(lien: &Lien, nom: &str) -> Result<(), CoreError> {
    let (a, b) = (lien.avant.len(), lien.apres.len());
    let arite = match lien.relation {
        Relation::Equivalent | Relation::Reformule => a == 1 && b == 1,
        Relation::Scinde => a == 1 && b >= 2,
        Relation::Fusionne => a >= 2 && b == 1,
        Relation::Nouveau => a == 0 && b >= 1,
        Relation::Retire => a >= 1 && b == 0,
    };
    if !arite {
        let attendu = match lien.relation {
            Relation::Equivalent | Relation::Reformule => "un ancien item et un nouveau",
            Relation::Scinde => "un ancien item et au moins deux nouveaux",
            Relation::Fusionne => "au moins deux anciens items et un nouveau",
            Relation::Nouveau => "aucun ancien item et au moins un nouveau",
            Relation::Retire => "au moins un ancien item et aucun nouveau",
        };
        return Err(invalide(format!("{nom} est « {} » : il doit relier {attendu}.", lien.relation.code())));
    }
    for id in lien.avant.iter().chain(&lien.apres) {
        let forme = id.split_once('-').is_some_and(|(d, n)| {
            (2..=5).contains(&d.len())
                && d.bytes().all(|c| c.is_ascii_uppercase())
                && (1..=2).contains(&n.len())
                && n.bytes().all(|c| c.is_ascii_digit())
        });
        if !forme {
            return Err(invalide(format!("{nom} cite « {id} », qui n’est pas un identifiant d’item (PIL-1).")));
        }
    }
    let mut elements = BTreeSet::new();
    for e in &lien.reporter {
        if !elements.insert(*e) {
            return Err(invalide(format!("{nom} cite deux fois « {} » dans « reporter ».", e.libelle())));
        }
    }
    if matches!(lien.relation, Relation::Nouveau | Relation::Retire) && !lien.reporter.is_empty() {
        return Err(invalide(format!(
            "{nom} est « {} » : rien ne peut s’y reporter (« reporter » doit être absent).",
            lien.relation.code()
        )));
    }
    if !lien.niveaux.is_empty() {
        if !lien.reporte(Element::Reponse) {
            return Err(invalide(format!(
                "{nom} met des niveaux en correspondance sans reporter la réponse : ajoutez « reponse » à « reporter » ou retirez « niveaux »."
            )));
        }
        let mut vus = [false; 4];
        for n in &lien.niveaux {
            if !(1..=3).contains(&n.avant) || n.apres > 3 {
                return Err(invalide(format!(
                    "{nom} met en correspondance le niveau {} avec le niveau {} : attendu un ancien niveau de 1 à 3 et un nouveau de 0 à 3.",
                    n.avant, n.apres
                )));
            }
            if std::mem::replace(&mut vus[usize::from(n.avant)], true) {
                return Err(invalide(format!("{nom} met le niveau {} en correspondance deux fois.", n.avant)));
            }
        }
        if let Some(manque) = (1..=3u8).find(|n| !vus[usize::from(*n)]) {
            return Err(invalide(format!(
                "{nom} ne dit pas ce que devient le niveau {manque} : une correspondance de niveaux les donne tous les trois."
            )));
        }
    }
    if lien.relation == Relation::Equivalent && (lien.a_revoir || lien.table_niveaux() != [0, 1, 2, 3]) {
        return Err(invalide(format!(
            "{nom} est « equivalent » : ses niveaux restent les mêmes et rien n’est à revoir ; sinon, c’est « reformule »."
        )));
    }
    if let Some(note) = &lien.note {
        non_vide(note, &format!("la note de {nom}"))?;
    }
    Ok(())
}

/// What a diagnostic holds that can carry from one version to another.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contenu {
    pub reponses: Reponses,
    pub commentaires: BTreeMap<String, String>,
    /// Items whose carried answer the team must confirm.
    pub a_revoir: BTreeSet<String>,
}

/// Something that did not carry, and why (French, for the user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonReporte {
    /// The item in the version it was answered on.
    pub item: String,
    pub version: String,
    pub element: Element,
    pub raison: String,
}

/// An action of the plan, seen by the correspondence: its item and target
/// level; what it becomes, or why it cannot carry.
pub type ActionReportee = Result<(String, u8), String>;

/// The way from one version of a referential to a later one: the
/// correspondences of every version in between, applied in order.
#[derive(Debug, Clone)]
pub struct Passage<'a> {
    /// (old, new) pairs, oldest first; empty when both ends are the same text.
    pas: Vec<(&'a Referentiel, &'a Referentiel)>,
    /// No correspondence links the two ends: nothing compares.
    coupe: bool,
}

impl<'a> Passage<'a> {
    /// The way through `chaine`: referentials of one id, each the successor
    /// of the one before (as the catalogue gives them).
    pub fn par(chaine: &[&'a Referentiel]) -> Self {
        Self { pas: chaine.windows(2).map(|w| (w[0], w[1])).collect(), coupe: false }
    }

    /// No version change.
    pub fn identite() -> Self {
        Self { pas: Vec::new(), coupe: false }
    }

    /// Two texts no known correspondence links: no item is comparable and
    /// nothing carries.
    pub fn coupe() -> Self {
        Self { pas: Vec::new(), coupe: true }
    }

    pub fn est_identite(&self) -> bool {
        self.pas.is_empty() && !self.coupe
    }

    /// Carries a diagnostic's content to the last version: answers through
    /// the level correspondence, comments, « à revoir » marks; everything
    /// that does not carry is listed in the second value.
    pub fn reporter(&self, depart: &Contenu) -> (Contenu, Vec<NonReporte>) {
        let mut contenu = depart.clone();
        let mut non_reportes = Vec::new();
        for (ancien, nouveau) in &self.pas {
            let c = nouveau.correspondance.as_ref().expect("each step of a passage has a correspondence");
            contenu = reporter_pas(c, ancien, nouveau, &contenu, &mut non_reportes);
        }
        (contenu, non_reportes)
    }

    /// Where an action on `item` with target level `niveau_cible` goes: the
    /// first new item of its line, the target read through the level
    /// correspondence (at least 1).
    pub fn action(&self, item: &str, niveau_cible: u8) -> ActionReportee {
        let (mut item, mut niveau) = (item.to_string(), niveau_cible);
        for (ancien, nouveau) in &self.pas {
            let c = nouveau.correspondance.as_ref().expect("each step of a passage has a correspondence");
            let lien = c.lien_depuis(&item).ok_or_else(|| {
                format!("l’item {item} n’existe pas dans la version {} du référentiel.", ancien.version)
            })?;
            if lien.apres.is_empty() {
                return Err(format!("l’item {item} a été retiré du référentiel en version {}.", nouveau.version));
            }
            if !lien.reporte(Element::Actions) {
                return Err(format!(
                    "en version {}, la correspondance ne reporte pas les actions de l’item {item} ({} → {}).",
                    nouveau.version,
                    lien.relation.libelle(),
                    lien.apres.join(", ")
                ));
            }
            niveau = lien.table_niveaux()[usize::from(niveau.min(3))].max(1);
            item = lien.apres[0].clone();
        }
        Ok((item, niveau))
    }

    /// For an item of the last version, the item of the first version it can
    /// be compared with, and how that item's values (0 to 3) read now: only
    /// through lines that are « equivalent » or « reformule », carry the
    /// answer and ask for no review, at every step.
    pub fn comparable(&self, nouvel_item: &str) -> Option<(String, [u8; 4])> {
        if self.coupe {
            return None;
        }
        let mut item = nouvel_item.to_string();
        let mut table = [0, 1, 2, 3];
        for (_, nouveau) in self.pas.iter().rev() {
            let c = nouveau.correspondance.as_ref()?;
            let lien = c.lien_vers(&item)?;
            let direct = matches!(lien.relation, Relation::Equivalent | Relation::Reformule)
                && lien.reporte(Element::Reponse)
                && !lien.a_revoir;
            if !direct {
                return None;
            }
            let pas = lien.table_niveaux();
            table = [0, 1, 2, 3].map(|v| table[usize::from(pas[v])]);
            item = lien.avant[0].clone();
        }
        Some((item, table))
    }
}

fn reporter_pas(
    c: &Correspondance,
    ancien: &Referentiel,
    nouveau: &Referentiel,
    contenu: &Contenu,
    non_reportes: &mut Vec<NonReporte>,
) -> Contenu {
    let mut suivant = Contenu::default();
    let perdu = |item: &str, element: Element, raison: String| NonReporte {
        item: item.to_string(),
        version: ancien.version.clone(),
        element,
        raison,
    };
    for lien in &c.liens {
        let a_des_reponses = lien.avant.iter().any(|id| contenu.reponses.get(id).is_some_and(|r| r.est_renseignee()));
        // Answers
        if lien.reporte(Element::Reponse) {
            let table = lien.table_niveaux();
            let valeurs: Vec<(&str, Reponse)> = lien
                .avant
                .iter()
                .filter_map(|id| contenu.reponses.get(id).filter(|r| r.est_renseignee()).map(|r| (id.as_str(), *r)))
                .map(|(id, r)| (id, lire_niveau(r, &table)))
                .collect();
            let herite_revoir = lien.avant.iter().any(|id| contenu.a_revoir.contains(id));
            for cible in &lien.apres {
                let accepte_na = nouveau.item(cible).is_some_and(|i| i.non_applicable.is_some());
                let mut retenues: Vec<Reponse> = Vec::new();
                for (id, r) in &valeurs {
                    if *r == Reponse::NonApplicable && !accepte_na {
                        non_reportes.push(perdu(
                            id,
                            Element::Reponse,
                            format!(
                                "« non applicable » n’est pas une réponse prévue pour l’item {cible} de la version {}.",
                                nouveau.version
                            ),
                        ));
                    } else {
                        retenues.push(*r);
                    }
                }
                let Some(valeur) = fusionner(&retenues) else { continue };
                let differentes = retenues.iter().any(|r| *r != retenues[0]) || retenues.len() < lien.avant.len();
                suivant.reponses.insert(cible.clone(), valeur);
                if lien.a_revoir || herite_revoir || (lien.avant.len() > 1 && differentes) {
                    suivant.a_revoir.insert(cible.clone());
                }
            }
        } else if a_des_reponses {
            for id in lien.avant.iter().filter(|id| contenu.reponses.get(*id).is_some_and(|r| r.est_renseignee())) {
                let raison = if lien.apres.is_empty() {
                    format!("l’item {id} a été retiré du référentiel en version {}.", nouveau.version)
                } else {
                    format!(
                        "l’item {id} est {} en {} dans la version {} : la correspondance demande d’y répondre à nouveau.",
                        lien.relation.libelle(),
                        lien.apres.join(", "),
                        nouveau.version
                    )
                };
                non_reportes.push(perdu(id, Element::Reponse, raison));
            }
        }
        // Comments
        let commentes: Vec<(&str, &str)> = lien
            .avant
            .iter()
            .filter_map(|id| contenu.commentaires.get(id).map(|t| (id.as_str(), t.as_str())))
            .collect();
        if commentes.is_empty() {
            continue;
        }
        if !lien.reporte(Element::Commentaire) || lien.apres.is_empty() {
            for (id, _) in &commentes {
                let raison = if lien.apres.is_empty() {
                    format!("l’item {id} a été retiré du référentiel en version {}.", nouveau.version)
                } else {
                    format!(
                        "la correspondance de la version {} ne reporte pas les commentaires de l’item {id}.",
                        nouveau.version
                    )
                };
                non_reportes.push(perdu(id, Element::Commentaire, raison));
            }
            continue;
        }
        let mut texte = String::new();
        for (id, t) in &commentes {
            let morceau = if commentes.len() > 1 { format!("{id} : {t}") } else { (*t).to_string() };
            let avec = if texte.is_empty() { morceau } else { format!("{texte}\n\n{morceau}") };
            if avec.chars().count() <= COMMENTAIRE_MAX {
                texte = avec;
            } else {
                non_reportes.push(perdu(
                    id,
                    Element::Commentaire,
                    format!(
                        "réuni aux autres commentaires de {}, il dépasserait {COMMENTAIRE_MAX} caractères.",
                        lien.apres.join(", ")
                    ),
                ));
            }
        }
        for cible in &lien.apres {
            suivant.commentaires.insert(cible.clone(), texte.clone());
        }
    }
    suivant
}

/// An old answer read through a line's level table.
fn lire_niveau(r: Reponse, table: &[u8; 4]) -> Reponse {
    match r.valeur() {
        Some(v) => Reponse::depuis_valeur(Some(table[usize::from(v)])).unwrap_or(r),
        None => r,
    }
}

/// Several old answers into one new item: the same value when they agree;
/// otherwise the lowest level (« non applicable » counts only when all are).
fn fusionner(valeurs: &[Reponse]) -> Option<Reponse> {
    let niveaux: Vec<u8> = valeurs.iter().filter_map(|r| r.valeur()).collect();
    match niveaux.iter().min() {
        Some(&min) => Reponse::depuis_valeur(Some(min)),
        None => valeurs.first().copied(),
    }
}

#[cfg(test)]
pub(crate) mod tests;
