//! Referential versions on the establishment's side: the catalogue this
//! installation knows (embedded versions and the ones it imported), importing
//! a newer published version, creating next year's diagnostic through the
//! correspondence, and moving a diagnostic to a newer version by the team's
//! choice. What does not carry is shown before anything is written
//! (`apercu_*`), and the same computation then writes it.

use std::collections::BTreeSet;
use std::path::Path;

use schematic_core::AnneeScolaire;
use schematic_core::referentiel::correspondance::{Contenu, Element, NonReporte, Passage};
use schematic_core::referentiel::{Catalogue, Referentiel, TAILLE_MAX_OCTETS};
use schematic_store::{ActionReprise, DiagnosticEnregistre, ReponseEnregistree, Reprise};

use crate::Installation;
use crate::dto::{
    ApercuVersionDto, DiagnosticResume, ItemARevoirDto, NonReporteDto, ReferentielDto, ReferentielImporteDto,
    ReferentielPublieDto,
};
use crate::error::{ApiError, ErrorKind};

/// Which actions of the source diagnostic go along.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Actions {
    /// A new school year: the unfinished ones (à faire, en cours).
    NonTerminees,
    /// A move to another version: all of them.
    Toutes,
}

/// What will be written, and what the user is shown first.
struct Preparation {
    reprise: Reprise,
    retirees: Vec<i64>,
    apercu: ApercuVersionDto,
    cible: Referentiel,
}

impl Installation {
    /// The referential versions this installation knows: those built into the
    /// application and those it imported (kept in its database).
    pub(crate) fn catalogue(&self) -> Result<Catalogue, ApiError> {
        let mut catalogue = Catalogue::embarque().clone();
        for r in self.store.referentiels_enregistres()? {
            if catalogue.par_empreinte(&r.empreinte()).is_none() && r.publication.is_some() {
                // A stored text the catalogue now refuses (an imported file
                // that used the number a later update publishes with another
                // text) stays readable by its fingerprint for the diagnostics
                // written on it, but is no longer offered: the published one
                // wins, and the installation keeps working.
                let _refusee = catalogue.ajouter(r).is_err();
            }
        }
        Ok(catalogue)
    }

    /// Every published version known here, by id then version.
    pub fn referentiels(&self) -> Result<Vec<ReferentielPublieDto>, ApiError> {
        Ok(self.catalogue()?.entrees().iter().map(Into::into).collect())
    }

    /// One version (default: the newest) of a referential.
    pub fn referentiel(&self, id: &str, version: Option<&str>) -> Result<ReferentielDto, ApiError> {
        let catalogue = self.catalogue()?;
        Ok((&publie(&catalogue, id, version)?.referentiel).into())
    }

    /// Writes the printable grid (PDF) of a referential version (default:
    /// the newest) into the folder `sortie`, or to `sortie` itself when it
    /// names a `.pdf` file. Returns the path written.
    pub fn imprimer_referentiel(&self, id: &str, version: Option<&str>, sortie: &Path) -> Result<String, ApiError> {
        if sortie.as_os_str().is_empty() {
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                "Indiquez le dossier où enregistrer la grille (par exemple vos Documents).",
            ));
        }
        let catalogue = self.catalogue()?;
        let p = publie(&catalogue, id, version)?;
        let octets = schematic_exchange::grille::generer(&p.referentiel, &p.publication);
        let est_pdf = sortie.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        let chemin = if est_pdf {
            sortie.to_path_buf()
        } else {
            sortie.join(format!("SchemaTIC_grille_{}_{}.pdf", p.referentiel.id, p.referentiel.version))
        };
        crate::echange::ecrire_durablement(&chemin, &octets)?;
        Ok(chemin.display().to_string())
    }

    /// Reads a referential file (at most 1 MiB) and checks it as an import
    /// would — form, publication, and its correspondence against the
    /// previous version held — without installing it. Returns the version and
    /// whether it is already installed.
    pub fn verifier_referentiel(&self, chemin: &Path) -> Result<ReferentielImporteDto, ApiError> {
        let referentiel = lire_fichier_referentiel(chemin)?;
        let mut catalogue = self.catalogue()?;
        let nouveau = catalogue.ajouter(referentiel.clone()).or_else(|e| {
            // A text identical to a known one is fine even without its
            // metadata (the embedded 2026.1 files carry none).
            if catalogue.par_empreinte(&referentiel.empreinte()).is_some() { Ok(false) } else { Err(e) }
        })?;
        let publie = catalogue.par_empreinte(&referentiel.empreinte()).expect("just checked or added");
        Ok(ReferentielImporteDto { publie: publie.into(), nouveau })
    }

    /// Installs a newer published version read from a file. A version is
    /// never replaced: the same id and version with another text is refused.
    pub fn importer_referentiel(&mut self, chemin: &Path) -> Result<ReferentielImporteDto, ApiError> {
        let referentiel = lire_fichier_referentiel(chemin)?;
        let mut catalogue = self.catalogue()?;
        if catalogue.par_empreinte(&referentiel.empreinte()).is_some() {
            let p = catalogue.par_empreinte(&referentiel.empreinte()).expect("present");
            return Ok(ReferentielImporteDto { publie: p.into(), nouveau: false });
        }
        catalogue.ajouter(referentiel.clone())?;
        self.store.enregistrer_referentiel(&referentiel)?;
        let p = catalogue.par_empreinte(&referentiel.empreinte()).expect("just added");
        Ok(ReferentielImporteDto { publie: p.into(), nouveau: true })
    }

    // ---- creating a school year --------------------------------------------

    /// What creating the diagnostic of `annee` would carry from last year's,
    /// and what it would leave behind: shown before creating.
    pub fn apercu_creation(&self, annee: Option<&str>, reprendre: bool) -> Result<ApercuVersionDto, ApiError> {
        let annee = self.annee_ou_en_cours(annee)?;
        Ok(self.preparer_creation(annee, reprendre)?.apercu)
    }

    /// Creates the diagnostic of `annee` (default: the school year in
    /// progress) on the newest version meant for that year, optionally
    /// starting from the previous year's answers read through the
    /// correspondence. Unfinished actions of last year are carried over.
    pub fn creer_diagnostic(&mut self, annee: Option<&str>, reprendre: bool) -> Result<DiagnosticResume, ApiError> {
        let annee = self.annee_ou_en_cours(annee)?;
        let p = self.preparer_creation(annee, reprendre)?;
        let maintenant = self.horodatage();
        let cree = self.store.creer_diagnostic(annee, &p.cible, &p.reprise, &maintenant)?;
        self.resume(&cree)
    }

    fn annee_ou_en_cours(&self, annee: Option<&str>) -> Result<AnneeScolaire, ApiError> {
        match annee {
            Some(texte) => Ok(texte.parse()?),
            None => self.annee_en_cours(),
        }
    }

    fn preparer_creation(&self, annee: AnneeScolaire, reprendre: bool) -> Result<Preparation, ApiError> {
        let etablissement = self.etablissement_requis()?;
        let id = etablissement.degre().referentiel_id();
        if self.store.diagnostic(annee, id)?.is_some() {
            return Err(ApiError::new(
                ErrorKind::ExisteDeja,
                format!(
                    "Un diagnostic existe déjà pour l’année scolaire {annee} : reprenez-le plutôt que d’en créer un autre."
                ),
            ));
        }
        let catalogue = self.catalogue()?;
        let precedent = match annee.precedente() {
            Some(p) => self.store.diagnostic(p, id)?,
            None => None,
        };
        if reprendre && precedent.is_none() {
            return Err(ApiError::new(
                ErrorKind::Introuvable,
                format!(
                    "Impossible de reprendre les réponses de l’année précédente : aucun diagnostic n’existe pour {}.",
                    annee.precedente().map_or_else(|| "l’année précédente".to_string(), |p| p.to_string())
                ),
            ));
        }
        let mut cible =
            catalogue.pour_annee(id, annee).map(|p| p.referentiel.clone()).expect("both degrees have a referential");
        let source = match &precedent {
            Some(d) => {
                let r = self.store.referentiel(&d.referentiel_empreinte)?;
                // Never go back to an older version than last year's.
                if r.plus_recent_que(&cible) {
                    cible = r.clone();
                }
                Some((d, r))
            }
            None => None,
        };
        self.preparer(&catalogue, annee, source, cible, reprendre, Actions::NonTerminees)
    }

    // ---- moving a diagnostic to a newer version ---------------------------

    /// What moving the diagnostic of `annee` to the newest version would
    /// carry and leave behind, and the revision it would get.
    pub fn apercu_changement_version(&self, annee: Option<&str>) -> Result<ApercuVersionDto, ApiError> {
        let d = self.cible(annee)?;
        Ok(self.preparer_changement(&d)?.apercu)
    }

    /// Moves the diagnostic of `annee` to the newest version of its
    /// referential, through the correspondence. A finalised revision, or one
    /// already written to a signed file, is never changed: the move makes
    /// the next revision, a brouillon.
    pub fn changer_version(&mut self, annee: Option<&str>) -> Result<DiagnosticResume, ApiError> {
        let d = self.cible(annee)?;
        let p = self.preparer_changement(&d)?;
        let maintenant = self.horodatage();
        let fait = self.store.changer_version(d.id, &p.cible, &p.reprise, &p.retirees, &maintenant)?;
        self.resume(&fait)
    }

    fn preparer_changement(&self, d: &DiagnosticEnregistre) -> Result<Preparation, ApiError> {
        let catalogue = self.catalogue()?;
        let actuel = self.store.referentiel(&d.referentiel_empreinte)?;
        let recent = catalogue.plus_recent(&d.referentiel_id).map(|p| p.referentiel.clone()).unwrap_or(actuel.clone());
        if !recent.plus_recent_que(&actuel) {
            return Err(ApiError::new(
                ErrorKind::EtatIncompatible,
                format!(
                    "Le diagnostic {} suit déjà la version la plus récente du référentiel ({} {}).",
                    d.cycle.annee, actuel.id, actuel.version
                ),
            ));
        }
        let mut p = self.preparer(&catalogue, d.cycle.annee, Some((d, actuel)), recent, true, Actions::Toutes)?;
        let nouvelle =
            d.cycle.statut == schematic_core::Statut::Finalise || d.revision_exportee == Some(d.cycle.revision);
        p.apercu.revision = Some(if nouvelle { d.cycle.revision + 1 } else { d.cycle.revision });
        Ok(p)
    }

    /// Reads `source`'s answers, comments and actions through the
    /// correspondence from its version to `cible`.
    fn preparer(
        &self,
        catalogue: &Catalogue,
        annee: AnneeScolaire,
        source: Option<(&DiagnosticEnregistre, Referentiel)>,
        cible: Referentiel,
        reprendre: bool,
        actions: Actions,
    ) -> Result<Preparation, ApiError> {
        let mut apercu = ApercuVersionDto {
            annee: annee.to_string(),
            referentiel_id: cible.id.clone(),
            version_depart: None,
            version_arrivee: cible.version.clone(),
            reponses_reportees: 0,
            commentaires_reportes: 0,
            actions_reportees: 0,
            a_revoir: Vec::new(),
            non_reportes: Vec::new(),
            revision: None,
        };
        let Some((d, depart)) = source else {
            return Ok(Preparation { reprise: Reprise::default(), retirees: Vec::new(), apercu, cible });
        };
        apercu.version_depart = Some(depart.version.clone());
        let passage = catalogue.passage(&depart, &cible).map_err(|e| {
            ApiError::new(
                ErrorKind::EtatIncompatible,
                format!(
                    "Le diagnostic {} (référentiel {} {}) ne peut pas être repris en version {} : {e}",
                    d.cycle.annee, depart.id, depart.version, cible.version
                ),
            )
        })?;
        let mut non_reportes: Vec<NonReporte> = Vec::new();
        let mut reprise = Reprise::default();
        if reprendre {
            let enregistrees = self.store.reponses(d.id)?;
            let contenu = Contenu {
                reponses: enregistrees.iter().map(|r| (r.item_id.clone(), r.reponse)).collect(),
                commentaires: enregistrees
                    .iter()
                    .filter_map(|r| r.commentaire.clone().map(|c| (r.item_id.clone(), c)))
                    .collect(),
                a_revoir: enregistrees.iter().filter(|r| r.a_revoir).map(|r| r.item_id.clone()).collect(),
            };
            let (reporte, perdus) = passage.reporter(&contenu);
            non_reportes.extend(perdus);
            reprise.reponses = reponses_reportees(&reporte, &self.horodatage());
            apercu.reponses_reportees = compte(reporte.reponses.values().filter(|r| r.est_renseignee()).count());
            apercu.commentaires_reportes = compte(reporte.commentaires.len());
            apercu.a_revoir = reporte
                .a_revoir
                .iter()
                .map(|id| ItemARevoirDto {
                    item_id: id.clone(),
                    titre: cible.item(id).map(|i| i.titre.clone()).unwrap_or_default(),
                    note: note_de_revision(&cible, id),
                })
                .collect();
        }
        let mut retirees = Vec::new();
        for a in self.store.actions(d.id)? {
            if actions == Actions::NonTerminees && !a.action.statut.se_reporte() {
                continue;
            }
            match passage.action(&a.action.item_id, a.action.niveau_cible) {
                Ok((item_id, niveau_cible)) => {
                    reprise.actions.push(ActionReprise { source: a.id, item_id, niveau_cible });
                }
                Err(raison) => {
                    retirees.push(a.id);
                    non_reportes.push(NonReporte {
                        item: a.action.item_id.clone(),
                        version: depart.version.clone(),
                        element: Element::Actions,
                        raison: format!("« {} » : {raison}", a.action.action),
                    });
                }
            }
        }
        apercu.actions_reportees = compte(reprise.actions.len());
        apercu.non_reportes = non_reportes.iter().map(NonReporteDto::from).collect();
        Ok(Preparation { reprise, retirees, apercu, cible })
    }

    /// The way from a diagnostic's version to another's, for comparisons:
    /// the identity for the same text, nothing comparable when no known
    /// correspondence links them.
    pub(crate) fn passage_pour_comparer<'a>(
        catalogue: &'a Catalogue,
        avant: &'a Referentiel,
        apres: &'a Referentiel,
    ) -> Passage<'a> {
        catalogue.passage(avant, apres).unwrap_or_else(|_| Passage::coupe())
    }
}

/// The correspondence's note for an item of `referentiel`, when its line has one.
pub(crate) fn note_de_revision(referentiel: &Referentiel, item: &str) -> Option<String> {
    referentiel
        .correspondance
        .as_ref()?
        .liens
        .iter()
        .find(|l| l.apres.iter().any(|a| a == item))
        .and_then(|l| l.note.clone())
}

fn reponses_reportees(c: &Contenu, maintenant: &str) -> Vec<ReponseEnregistree> {
    let items: BTreeSet<&String> = c.reponses.keys().chain(c.commentaires.keys()).collect();
    items
        .into_iter()
        .map(|id| ReponseEnregistree {
            item_id: id.clone(),
            reponse: c.reponses.get(id).copied().unwrap_or_default(),
            commentaire: c.commentaires.get(id).cloned(),
            modifie_le: maintenant.to_string(),
            a_revoir: c.a_revoir.contains(id),
        })
        .collect()
}

fn lire_fichier_referentiel(chemin: &Path) -> Result<Referentiel, ApiError> {
    let octets = crate::echange::lire_borne(chemin, TAILLE_MAX_OCTETS)?;
    let texte = String::from_utf8(octets).map_err(|_| {
        ApiError::new(
            ErrorKind::SaisieInvalide,
            format!("Le fichier {} n’est pas un texte UTF-8 : un référentiel est un fichier JSON.", chemin.display()),
        )
    })?;
    Ok(Referentiel::depuis_json(&texte)?)
}

fn compte(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One version (default: the newest) of a referential in `catalogue`, or an
/// error listing the versions known.
fn publie<'a>(
    catalogue: &'a Catalogue,
    id: &str,
    version: Option<&str>,
) -> Result<&'a schematic_core::referentiel::ReferentielPublie, ApiError> {
    let id = id.trim();
    let trouve = match version {
        Some(v) => catalogue.trouver(id, v.trim()),
        None => catalogue.plus_recent(id),
    };
    trouve.ok_or_else(|| {
        let connus: Vec<String> =
            catalogue.entrees().iter().map(|p| format!("{} {}", p.referentiel.id, p.referentiel.version)).collect();
        let quoi = version.map_or_else(|| format!("« {id} »"), |v| format!("« {id} » en version {}", v.trim()));
        ApiError::new(
            ErrorKind::Introuvable,
            format!("Le référentiel {quoi} n’est pas connu ; référentiels disponibles : {}.", connus.join(", ")),
        )
    })
}

#[cfg(test)]
mod tests;
