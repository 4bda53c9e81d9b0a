//! An installation: one data directory, one establishment, its diagnostics.
//! Every operation the shells offer is a method here. Each write validates all
//! its input first and then makes a single store transaction, so a refused
//! operation leaves the database exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, SecondsFormat, Utc};
use schematic_core::diagnostic::Reponses;
use schematic_core::etablissement::{Etablissement, SaisieEtablissement};
use schematic_core::radar::{self, Ancrage, Point};
use schematic_core::resultats;
use schematic_core::{AnneeScolaire, Commentaire, Reponse};
use schematic_dane_sqlite::{StockageSqlite, reprendre_installation};
use schematic_store::{ChangementCommentaire, DiagnosticEnregistre, ModeJournal, Store, VERSION_AVEC_DANE};

use crate::dossier;
use crate::dto::{
    AxeDto, DiagnosticDetail, DiagnosticResume, EffacementDto, EtablissementDto, EvolutionDto, PointDto, RadarDto,
    ReferentielDto, ReponseDto, ResultatsDto, SaisieEtablissementDto,
};
use crate::error::{ApiError, ErrorKind};

/// Where "now" comes from: the system clock, or a fixed instant (tests, demo
/// screenshots).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horloge {
    Systeme,
    Fixe(DateTime<Utc>),
}

impl Horloge {
    pub(crate) fn maintenant(self) -> DateTime<Utc> {
        match self {
            Self::Systeme => Utc::now(),
            Self::Fixe(t) => t,
        }
    }
}

#[derive(Debug)]
pub struct Installation {
    pub(crate) store: Store,
    dossier: PathBuf,
    horloge: Horloge,
}

/// An installation's database up to schema 9 held the DANE space's tables:
/// they are copied whole into the DANE space's own store (once) before the
/// migration that removes them runs.
fn separer_l_espace_dane(dossier: &Path, base: &Path, journal: ModeJournal) -> Result<(), ApiError> {
    let version = Store::version_du_fichier(base)?;
    if version == 0 || version > VERSION_AVEC_DANE {
        return Ok(());
    }
    Store::migrer_jusqu_a(base, journal, VERSION_AVEC_DANE)?;
    let mut dane = StockageSqlite::ouvrir(&dossier.join(dossier::BASE_DANE), journal)?;
    let maintenant = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    reprendre_installation(&mut dane, base, &maintenant)?;
    Ok(())
}

impl Installation {
    /// Opens the installation in `dossier`, creating the folder and the
    /// database on first use.
    pub fn ouvrir(dossier: &Path) -> Result<Self, ApiError> {
        Self::ouvrir_sur(dossier, &dossier::VolumesDuSysteme)
    }

    /// As [`Installation::ouvrir`], asking `volumes` whether the folder is on
    /// a network drive (then the database keeps a rollback journal: WAL does
    /// not work there).
    pub fn ouvrir_sur(dossier: &Path, volumes: &dyn dossier::Volumes) -> Result<Self, ApiError> {
        fs::create_dir_all(dossier).map_err(|e| {
            ApiError::new(
                ErrorKind::Fichier,
                format!(
                    "Le dossier de données {} ne peut pas être créé : {}.",
                    dossier.display(),
                    crate::error::phrase_io(&e)
                ),
            )
        })?;
        let journal = dossier::mode_journal(dossier, volumes);
        let base = dossier.join(dossier::BASE);
        separer_l_espace_dane(dossier, &base, journal)?;
        let store = Store::ouvrir_en_mode(&base, journal)?;
        Ok(Self { store, dossier: dossier.to_path_buf(), horloge: Horloge::Systeme })
    }

    pub fn avec_horloge(mut self, horloge: Horloge) -> Self {
        self.horloge = horloge;
        self
    }

    pub fn dossier(&self) -> &Path {
        &self.dossier
    }

    pub(crate) fn maintenant(&self) -> DateTime<Utc> {
        self.horloge.maintenant()
    }

    pub(crate) fn horloge(&self) -> Horloge {
        self.horloge
    }

    pub(crate) fn horodatage(&self) -> String {
        self.maintenant().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// The school year in progress today (it starts on 1 September).
    pub fn annee_en_cours(&self) -> Result<AnneeScolaire, ApiError> {
        let t = self.maintenant();
        Ok(AnneeScolaire::en_cours(t.year(), t.month())?)
    }

    // ---- establishment ----------------------------------------------------

    pub fn etablissement(&self) -> Result<Option<EtablissementDto>, ApiError> {
        Ok(self.store.etablissement()?.map(|e| (&e.etablissement).into()))
    }

    pub(crate) fn etablissement_requis(&self) -> Result<Etablissement, ApiError> {
        self.store.etablissement()?.map(|e| e.etablissement).ok_or_else(|| {
            ApiError::new(
                ErrorKind::EtablissementAbsent,
                "Aucun établissement n’est encore défini pour cette installation : définissez d’abord l’établissement (code UAI, nom, type).",
            )
        })
    }

    /// Defines the establishment, or corrects it. Once diagnostics exist, the
    /// UAI and the degree (which selects the referential) can no longer change.
    pub fn definir_etablissement(&mut self, saisie: &SaisieEtablissementDto) -> Result<EtablissementDto, ApiError> {
        let nouveau = Etablissement::valider(&SaisieEtablissement {
            uai: saisie.uai.clone(),
            nom: saisie.nom.clone(),
            type_etablissement: saisie.type_etablissement.clone(),
            departement: saisie.departement.clone(),
            circonscription: saisie.circonscription.clone(),
            commune: saisie.commune.clone(),
        })?;
        if let Some(actuel) = self.store.etablissement()?.map(|e| e.etablissement)
            && !self.store.diagnostics()?.is_empty()
        {
            if actuel.uai != nouveau.uai {
                return Err(ApiError::new(
                    ErrorKind::EtatIncompatible,
                    format!(
                        "Cette installation appartient à l’établissement {} et contient déjà des diagnostics : son code UAI ne peut pas changer. Pour un autre établissement, utilisez un autre dossier de données.",
                        actuel.uai
                    ),
                ));
            }
            if actuel.degre() != nouveau.degre() {
                return Err(ApiError::new(
                    ErrorKind::EtatIncompatible,
                    format!(
                        "Les diagnostics de cette installation suivent le référentiel du {} : le type ne peut pas devenir « {} ».",
                        actuel.degre().libelle(),
                        nouveau.type_etablissement.libelle()
                    ),
                ));
            }
        }
        self.store.definir_etablissement(&nouveau, &self.horodatage())?;
        Ok((&nouveau).into())
    }

    // ---- diagnostics ------------------------------------------------------

    pub fn diagnostics(&self) -> Result<Vec<DiagnosticResume>, ApiError> {
        self.store.diagnostics()?.iter().map(|d| self.resume(d)).collect()
    }

    pub(crate) fn resume(&self, d: &DiagnosticEnregistre) -> Result<DiagnosticResume, ApiError> {
        let total = self.store.referentiel(&d.referentiel_empreinte)?.nombre_items();
        Ok(DiagnosticResume::depuis(d, total))
    }

    /// The diagnostic of `annee` (`None`: the most recent one) for the
    /// establishment's referential.
    pub(crate) fn cible(&self, annee: Option<&str>) -> Result<DiagnosticEnregistre, ApiError> {
        let etablissement = self.etablissement_requis()?;
        let referentiel_id = etablissement.degre().referentiel_id();
        match annee {
            Some(texte) => {
                let annee: AnneeScolaire = texte.parse()?;
                self.store.diagnostic(annee, referentiel_id)?.ok_or_else(|| {
                    ApiError::new(
                        ErrorKind::Introuvable,
                        format!("Aucun diagnostic n’existe pour l’année scolaire {annee} : créez-le d’abord."),
                    )
                })
            }
            None => {
                self.store.diagnostics()?.into_iter().find(|d| d.referentiel_id == referentiel_id).ok_or_else(|| {
                    ApiError::new(ErrorKind::Introuvable, "Aucun diagnostic n’a encore été créé : créez-en un d’abord.")
                })
            }
        }
    }

    /// A diagnostic with its answers, results and change since last year.
    pub fn diagnostic(&self, annee: Option<&str>) -> Result<DiagnosticDetail, ApiError> {
        let d = self.cible(annee)?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let enregistrees = self.store.reponses(d.id)?;
        let reponses: Reponses = enregistrees.iter().map(|r| (r.item_id.clone(), r.reponse)).collect();
        let resultats = resultats::calculer(&referentiel, &reponses);
        let precedente = d.cycle.annee.precedente();
        let precedent = match precedente {
            Some(p) => self.store.diagnostic(p, &d.referentiel_id)?,
            None => None,
        };
        let catalogue = self.catalogue()?;
        let version_plus_recente = catalogue
            .plus_recent(&referentiel.id)
            .filter(|p| p.referentiel.plus_recent_que(&referentiel))
            .map(|p| p.referentiel.version.clone());
        let evolution = match (precedent, precedente) {
            (Some(precedent), Some(annee_precedente)) => {
                let referentiel_precedent = self.store.referentiel(&precedent.referentiel_empreinte)?;
                let reponses_precedentes: Reponses =
                    self.store.reponses(precedent.id)?.into_iter().map(|r| (r.item_id, r.reponse)).collect();
                let passage = Self::passage_pour_comparer(&catalogue, &referentiel_precedent, &referentiel);
                let e = resultats::evolution(
                    &referentiel,
                    &reponses,
                    &referentiel_precedent,
                    &reponses_precedentes,
                    &passage,
                );
                let differentes = referentiel_precedent.empreinte() != referentiel.empreinte();
                Some((
                    EvolutionDto::depuis(annee_precedente.to_string(), referentiel_precedent.version, differentes, &e),
                    e,
                ))
            }
            _ => None,
        };
        Ok(DiagnosticDetail {
            resume: DiagnosticResume::depuis(&d, referentiel.nombre_items()),
            reponses: enregistrees
                .iter()
                .map(|r| {
                    let mut dto = ReponseDto::from(r);
                    if r.a_revoir {
                        dto.note_revision = crate::versions::note_de_revision(&referentiel, &r.item_id);
                    }
                    dto
                })
                .collect(),
            version_plus_recente,
            resultats: ResultatsDto::from(&resultats),
            radar: radar_dto(&resultats, evolution.as_ref().map(|(_, e)| e)),
            evolution: evolution.map(|(dto, _)| dto),
        })
    }

    /// The referential text a diagnostic was made with (kept in the database,
    /// so an older diagnostic still shows the descriptors it was answered on).
    pub fn referentiel_du_diagnostic(&self, annee: Option<&str>) -> Result<ReferentielDto, ApiError> {
        let d = self.cible(annee)?;
        Ok((&self.store.referentiel(&d.referentiel_empreinte)?).into())
    }

    /// Records the level of one item (`1`, `2`, `3` or `aucun`) and, when
    /// `commentaire` is given, replaces its comment (an empty text removes it).
    /// Returns once the change is durable.
    pub fn repondre(
        &mut self,
        annee: Option<&str>,
        item: &str,
        niveau: &str,
        commentaire: Option<&str>,
    ) -> Result<ReponseDto, ApiError> {
        let d = self.cible(annee)?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let item_ref = referentiel.item_saisi(item)?;
        let reponse: Reponse = niveau.parse()?;
        referentiel.verifier_reponse(item_ref, reponse)?;
        let item_id = item_ref.id.clone();
        let changement = match commentaire {
            None => ChangementCommentaire::Garder,
            Some(texte) => ChangementCommentaire::Remplacer(Commentaire::parse(texte)?.map(|c| c.as_str().to_string())),
        };
        d.cycle.verifier_modifiable()?;
        self.store.enregistrer_reponse(d.id, &item_id, reponse, &changement, &self.horodatage())?;
        self.store
            .reponses(d.id)?
            .iter()
            .find(|r| r.item_id == item_id)
            .map(Into::into)
            .ok_or_else(|| ApiError::new(ErrorKind::BaseDeDonnees, "La réponse enregistrée n’a pas été relue."))
    }

    /// Replaces only the comment of an item (an empty text removes it); the
    /// level is kept, and an item may be commented before it is answered.
    pub fn commenter(&mut self, annee: Option<&str>, item: &str, commentaire: &str) -> Result<ReponseDto, ApiError> {
        let d = self.cible(annee)?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let item_id = referentiel.item_saisi(item)?.id.clone();
        let commentaire = Commentaire::parse(commentaire)?;
        d.cycle.verifier_modifiable()?;
        let maintenant = self.horodatage();
        self.store.enregistrer_commentaire(
            d.id,
            &item_id,
            commentaire.as_ref().map(Commentaire::as_str),
            &maintenant,
        )?;
        Ok(self.store.reponses(d.id)?.iter().find(|r| r.item_id == item_id).map_or_else(
            || ReponseDto {
                item_id: item_id.clone(),
                niveau: None,
                non_applicable: false,
                a_revoir: false,
                note_revision: None,
                libelle: Reponse::NonRenseigne.libelle().into(),
                commentaire: None,
                modifie_le: maintenant.clone(),
            },
            Into::into,
        ))
    }

    /// Returns an item to *non renseigné* (its comment goes too).
    pub fn effacer(&mut self, annee: Option<&str>, item: &str) -> Result<EffacementDto, ApiError> {
        let d = self.cible(annee)?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let item_id = referentiel.item_saisi(item)?.id.clone();
        d.cycle.verifier_modifiable()?;
        let commentaire_supprime = self.store.effacer_reponse(d.id, &item_id, &self.horodatage())?;
        Ok(EffacementDto { item_id, commentaire_supprime })
    }

    pub fn finaliser(&mut self, annee: Option<&str>) -> Result<DiagnosticResume, ApiError> {
        let d = self.cible(annee)?;
        let fait = self.store.finaliser(d.id, &self.horodatage())?;
        self.resume(&fait)
    }

    pub fn rouvrir(&mut self, annee: Option<&str>) -> Result<DiagnosticResume, ApiError> {
        let d = self.cible(annee)?;
        let fait = self.store.rouvrir(d.id, &self.horodatage())?;
        self.resume(&fait)
    }
}

/// Size of the radar's SVG box; the figure keeps a margin for the labels.
const RADAR_TAILLE: f64 = 400.0;

fn radar_dto(r: &resultats::Resultats, evolution: Option<&resultats::Evolution>) -> RadarDto {
    let domaines: Vec<(String, String)> = r.domaines.iter().map(|d| (d.domaine_id.clone(), d.titre.clone())).collect();
    let valeurs: Vec<Option<f64>> = r.domaines.iter().map(|d| d.maturite.moyenne()).collect();
    let avant = evolution.map(|e| e.domaines.iter().map(|d| d.avant.moyenne()).collect::<Vec<_>>());
    radar_valeurs(&domaines, &valeurs, avant.as_deref())
}

/// The radar of five domains (id, title) with `valeurs` (0 to 3), and
/// `reference` drawn dashed behind it (last year, or a territory's total).
pub(crate) fn radar_valeurs(
    domaines: &[(String, String)],
    valeurs: &[Option<f64>],
    reference: Option<&[Option<f64>]>,
) -> RadarDto {
    let centre = Point { x: RADAR_TAILLE / 2.0, y: RADAR_TAILLE / 2.0 };
    let rayon = RADAR_TAILLE * 0.32;
    let point = |p: &Point| PointDto { x: p.x, y: p.y };
    let figure = radar::radar(valeurs, 3, centre, rayon);
    let polygone_precedent =
        reference.map(|avant| radar::radar(avant, 3, centre, rayon).polygone.iter().map(point).collect());
    RadarDto {
        taille: RADAR_TAILLE,
        centre: point(&figure.centre),
        axes: figure
            .axes
            .iter()
            .zip(domaines)
            .map(|(a, (id, titre))| AxeDto {
                domaine_id: id.clone(),
                titre: titre.clone(),
                extremite: point(&a.extremite),
                etiquette: point(&a.etiquette),
                ancrage: match a.ancrage {
                    Ancrage::Debut => "start",
                    Ancrage::Milieu => "middle",
                    Ancrage::Fin => "end",
                }
                .into(),
            })
            .collect(),
        anneaux: figure.anneaux.iter().map(|a| a.iter().map(point).collect()).collect(),
        polygone: figure.polygone.iter().map(point).collect(),
        polygone_precedent,
    }
}

#[cfg(test)]
mod tests;
