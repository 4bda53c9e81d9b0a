//! The catalogue of published referentials: every version of `ecole` and
//! `eple`, keyed by id, version and fingerprint, with its publication
//! metadata. The embedded catalogue ([`Catalogue::embarque`]) holds the
//! versions built into the binaries (`assets/referentiels/`, listed in
//! `catalogue.json`); an installation adds the versions it imported or
//! received ([`Catalogue::ajouter`]). A version is never replaced: the same
//! id and version with another text is refused.

use std::sync::OnceLock;

use serde::Deserialize;

use super::correspondance::Passage;
use super::{Publication, Referentiel, invalide};
use crate::annee::AnneeScolaire;
use crate::error::CoreError;

/// The files of `assets/referentiels/`, oldest version first.
const FICHIERS: &[(&str, &str)] = &[
    ("ecole-2026.1.json", include_str!("../../../../assets/referentiels/ecole-2026.1.json")),
    ("eple-2026.1.json", include_str!("../../../../assets/referentiels/eple-2026.1.json")),
    ("ecole-2027.1.json", include_str!("../../../../assets/referentiels/ecole-2027.1.json")),
    ("eple-2027.1.json", include_str!("../../../../assets/referentiels/eple-2027.1.json")),
];

const CATALOGUE_JSON: &str = include_str!("../../../../assets/referentiels/catalogue.json");

/// One published version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferentielPublie {
    pub referentiel: Referentiel,
    pub empreinte: String,
    /// From the file, or from `catalogue.json` for versions that predate the
    /// field.
    pub publication: Publication,
    /// Built into the binaries (otherwise imported into this installation).
    pub embarque: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Sorted by id, then version.
    entrees: Vec<ReferentielPublie>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FichierCatalogue {
    referentiels: Vec<EntreeCatalogue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntreeCatalogue {
    fichier: String,
    empreinte: String,
    #[serde(default)]
    publication: Option<Publication>,
}

impl Catalogue {
    /// The versions built into the binaries, checked once (their tests make
    /// sure this never fails).
    pub fn embarque() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| Self::lire_embarque().expect("the embedded catalogue is checked by its tests"))
    }

    fn lire_embarque() -> Result<Catalogue, CoreError> {
        let liste: FichierCatalogue = serde_json::from_str(CATALOGUE_JSON)
            .map_err(|e| invalide(format!("catalogue.json : {}", crate::json::erreur_en_francais(&e))))?;
        let mut catalogue = Catalogue::default();
        for (nom, texte) in FICHIERS {
            let entree = liste
                .referentiels
                .iter()
                .find(|e| e.fichier == *nom)
                .ok_or_else(|| invalide(format!("{nom} n’est pas dans catalogue.json.")))?;
            let referentiel = Referentiel::depuis_json(texte)?;
            let empreinte = referentiel.empreinte();
            if empreinte != entree.empreinte {
                return Err(invalide(format!(
                    "{nom} a l’empreinte {empreinte}, catalogue.json annonce {}.",
                    entree.empreinte
                )));
            }
            let publication = match (&referentiel.publication, &entree.publication) {
                (Some(p), None) | (None, Some(p)) => p.clone(),
                _ => {
                    return Err(invalide(format!(
                        "{nom} : sa publication doit être décrite une fois, dans le fichier ou dans catalogue.json."
                    )));
                }
            };
            catalogue.inserer(referentiel, publication, true)?;
        }
        if let Some(e) = liste.referentiels.iter().find(|e| !FICHIERS.iter().any(|(n, _)| *n == e.fichier)) {
            return Err(invalide(format!("catalogue.json cite {}, qui n’est pas embarqué.", e.fichier)));
        }
        Ok(catalogue)
    }

    /// Adds a version imported into an installation (or read back from its
    /// database). Already known with the same text: nothing changes, `false`.
    /// Refused: another text under a known id and version; a version after
    /// the first without its correspondence, or whose correspondence does
    /// not fit the previous version held; no publication metadata.
    pub fn ajouter(&mut self, referentiel: Referentiel) -> Result<bool, CoreError> {
        referentiel.valider()?;
        let publication = referentiel.publication.clone().ok_or_else(|| {
            invalide(format!(
                "le référentiel {} {} ne dit pas quand ni pour quelles années il est publié (champ « publication ») : seul un référentiel publié s’installe.",
                referentiel.id, referentiel.version
            ))
        })?;
        self.inserer(referentiel, publication, false)
    }

    fn inserer(
        &mut self,
        referentiel: Referentiel,
        publication: Publication,
        embarque: bool,
    ) -> Result<bool, CoreError> {
        let empreinte = referentiel.empreinte();
        if let Some(connu) = self.trouver(&referentiel.id, &referentiel.version) {
            if connu.empreinte == empreinte {
                return Ok(false);
            }
            return Err(invalide(format!(
                "une autre version {} {} est déjà connue (empreinte {}…) : une version publiée n’est jamais remplacée ; un texte corrigé porte un nouveau numéro de version.",
                referentiel.id,
                referentiel.version,
                &connu.empreinte[..12]
            )));
        }
        match &referentiel.correspondance {
            Some(c) => {
                let precedent = self.trouver(&referentiel.id, &c.depuis).ok_or_else(|| {
                    invalide(format!(
                        "la version {} {} part de la version {}, que cette installation ne connaît pas : installez d’abord celle-ci.",
                        referentiel.id, referentiel.version, c.depuis
                    ))
                })?;
                c.verifier_depuis(&referentiel, &precedent.referentiel)?;
            }
            None => {
                if let Some(premier) = self.versions(&referentiel.id).next() {
                    return Err(invalide(format!(
                        "la version {} {} ne publie pas de correspondance, alors que la version {} existe : chaque nouvelle version dit comment les réponses de la précédente s’y reportent.",
                        referentiel.id, referentiel.version, premier.referentiel.version
                    )));
                }
            }
        }
        let place = self
            .entrees
            .iter()
            .position(|e| {
                (e.referentiel.id.as_str(), super::cle_version(&e.referentiel.version))
                    > (referentiel.id.as_str(), super::cle_version(&referentiel.version))
            })
            .unwrap_or(self.entrees.len());
        self.entrees.insert(place, ReferentielPublie { referentiel, empreinte, publication, embarque });
        Ok(true)
    }

    /// Every version held, by id then version.
    pub fn entrees(&self) -> &[ReferentielPublie] {
        &self.entrees
    }

    /// The versions of one referential, oldest first.
    pub fn versions<'a, 'b>(&'a self, id: &'b str) -> impl Iterator<Item = &'a ReferentielPublie> + use<'a, 'b> {
        self.entrees.iter().filter(move |e| e.referentiel.id == id)
    }

    pub fn plus_recent(&self, id: &str) -> Option<&ReferentielPublie> {
        self.versions(id).last()
    }

    pub fn trouver(&self, id: &str, version: &str) -> Option<&ReferentielPublie> {
        self.versions(id).find(|e| e.referentiel.version == version)
    }

    pub fn par_empreinte(&self, empreinte: &str) -> Option<&ReferentielPublie> {
        self.entrees.iter().find(|e| e.empreinte == empreinte)
    }

    /// The version a diagnostic of `annee` is created on: the newest one
    /// meant for that year or before, else the oldest.
    pub fn pour_annee(&self, id: &str, annee: AnneeScolaire) -> Option<&ReferentielPublie> {
        let debut = |e: &ReferentielPublie| e.publication.premiere_annee.parse::<AnneeScolaire>().ok();
        self.versions(id).filter(|e| debut(e).is_some_and(|d| d <= annee)).last().or_else(|| self.versions(id).next())
    }

    /// The way from `de` to `vers` (same id, `vers` not older) through the
    /// correspondences of every version in between; an error says which link
    /// is missing.
    pub fn passage<'a>(&'a self, de: &'a Referentiel, vers: &'a Referentiel) -> Result<Passage<'a>, CoreError> {
        // Fingerprints are a JCS serialisation and a SHA-256 each: once.
        let empreinte_de = de.empreinte();
        if empreinte_de == vers.empreinte() {
            return Ok(Passage::identite());
        }
        let mut chaine = vec![vers];
        let mut courant = vers;
        while courant.version != de.version || courant.id != de.id {
            let c = courant.correspondance.as_ref().ok_or_else(|| {
                invalide(format!(
                    "aucune correspondance ne mène de {} {} à {} {}.",
                    de.id, de.version, vers.id, vers.version
                ))
            })?;
            let precedent = if c.depuis == de.version && de.id == courant.id {
                de
            } else {
                &self
                    .trouver(&courant.id, &c.depuis)
                    .ok_or_else(|| {
                        invalide(format!(
                            "la version {} {} part de la version {}, que cette installation ne connaît pas.",
                            courant.id, courant.version, c.depuis
                        ))
                    })?
                    .referentiel
            };
            if chaine.len() > self.entrees.len() + 1 {
                return Err(invalide("les correspondances forment un cycle."));
            }
            chaine.push(precedent);
            courant = precedent;
        }
        if empreinte_de != courant.empreinte() {
            return Err(invalide(format!(
                "le texte de {} {} diffère de celui dont part la correspondance.",
                de.id, de.version
            )));
        }
        chaine.reverse();
        Ok(Passage::par(&chaine))
    }
}

#[cfg(test)]
mod tests;
