//! Importing signed diagnostics into the DANE space: files or folders, JSON
//! or PDF. Each file gets exactly one status (see [`StatutImport`]). Files
//! are verified in parallel, in batches; each batch is stored in one
//! transaction together with its lines of the import report, so an
//! interrupted import keeps what it reported and can simply be run again
//! (imports are idempotent on the payload hash).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use schematic_core::diagnostic::Reponse;
use schematic_core::referentiel::{Catalogue, Referentiel};
use schematic_core::{AnneeScolaire, Statut, Uai, synthese};
use schematic_dane_store::{
    ClesLot, DiagnosticImporte, EnrolementEnregistre, FicheAnnuaire, Issue, LigneRapport, PlanLot,
};
use schematic_exchange::ClePublique;
use schematic_exchange::format_diagnostic::ChargeDiagnostic;
use schematic_exchange::rapport::PIECE_JOINTE;
use schematic_exchange::texte::nettoyer;
use schematic_exchange::verification::{Document, Verdict, est_une_image, verifier};

use super::EspaceDane;
use crate::dto::{ImportDto, ProgressionDto, ReverificationDto, StatutImport};
use crate::error::{ApiError, ErrorKind};

mod chaine;
mod entrees;
mod rapport;
mod regles;

pub use entrees::TAILLE_MAX_FICHIER;
use entrees::{Entree, entrees, lire};
use regles::{dates_invraisemblables, ecarts_annuaire};

/// Files verified and stored together (one transaction).
const LOT: usize = 1024;

/// An import of at least this many files ends with the store's upkeep
/// ([`schematic_dane_store::StockageDane::entretenir`]) before the
/// published figures are computed again.
const ENTRETIEN_APRES: usize = 5_000;

/// What the verification of one file concluded, before the database is asked.
enum Analyse {
    /// `recu`: the payload hash when the signature held (its reception is
    /// recorded even though the file is refused).
    Refus { statut: StatutImport, detail: String, uai: Option<String>, annee: Option<String>, recu: Option<String> },
    /// `pages`: why the PDF's pages are not proven to be the signed data's
    /// (the data are stored, the file's status says so). `ecart`: why the
    /// diagnostic is set aside instead of stored.
    Valide {
        diagnostic: Box<DiagnosticImporte>,
        detail: String,
        pages: Option<String>,
        ecart: Option<(StatutImport, String)>,
    },
}

fn refus(statut: StatutImport, detail: impl Into<String>) -> Analyse {
    Analyse::Refus { statut, detail: detail.into(), uai: None, annee: None, recu: None }
}

/// What every file is checked against, loaded once per import.
struct Contexte<'a> {
    confiance: [ClePublique; 1],
    annuaire: &'a HashMap<String, FicheAnnuaire>,
    enrolements: HashMap<&'a str, Vec<&'a EnrolementEnregistre>>,
    importe_le: &'a str,
    maintenant: DateTime<Utc>,
    /// The referential versions this installation knows.
    catalogue: &'a Catalogue,
}

/// The published version a payload was answered on, if this installation
/// knows it (embedded, or imported with `referentiel importer`); otherwise
/// the sentence of the status `referentiel-inconnu`.
fn referentiel<'c>(d: &ChargeDiagnostic, catalogue: &'c Catalogue) -> Result<&'c Referentiel, String> {
    let (id, version) = (nettoyer(&d.referentiel.id), nettoyer(&d.referentiel.version));
    match catalogue.trouver(&d.referentiel.id, &d.referentiel.version) {
        Some(p) if p.empreinte == d.referentiel.empreinte => Ok(&p.referentiel),
        Some(_) => Err(format!(
            "Référentiel inconnu (version {version}) : ce fichier cite un texte de {id} {version} dont l’empreinte n’est pas celle du texte publié ; il ne peut être lu avec aucune version connue."
        )),
        None => Err(format!(
            "Référentiel inconnu (version {version}) : la version {version} de {id} n’est pas connue de cette installation. Installez la mise à jour de SchémaTIC qui la publie, ou importez le fichier de ce référentiel (« schematic referentiel importer »), puis importez ce fichier de nouveau."
        )),
    }
}

/// The answers of a payload as *niveaux* of the version it was answered on:
/// every item must be one of that version, and « non applicable » allowed there.
fn niveaux(d: &ChargeDiagnostic, r: &Referentiel) -> Result<String, String> {
    for (id, n) in &d.reponses {
        let Some(item) = r.item(id) else {
            return Err(format!(
                "L’item « {} » n’existe pas dans le référentiel {} {}.",
                nettoyer(id),
                r.id,
                r.version
            ));
        };
        if let Err(e) = r.verifier_reponse(item, n.reponse()) {
            return Err(e.to_string());
        }
    }
    Ok(synthese::encoder(r, |id| d.reponses.get(id).map_or(Reponse::NonRenseigne, |n| n.reponse())))
}

fn analyser(chemin: &Path, ctx: &Contexte<'_>) -> Analyse {
    let octets = match lire(chemin) {
        Ok(o) => o,
        Err((statut, detail)) => return refus(statut, detail),
    };
    if est_une_image(&octets) {
        return refus(
            StatutImport::FormatNonReconnu,
            "C’est une image (page numérisée ou photographiée) : l’espace DANE importe le fichier JSON ou le rapport PDF ; une page se vérifie avec « Vérifier un fichier ».",
        );
    }
    let rapport = verifier(&octets, &ctx.confiance);
    // A PDF whose pages do not match still carries signed data: it is checked
    // on its own and stored, and the file's status says the pages do not match.
    // The attachment is taken out of a PDF at most once, and only from a PDF
    // whose signed data passed (never for a JSON file).
    let mut piece = None;
    let (rapport, pages) = match rapport.verdict {
        Verdict::PagesNonConformes => match schematic_exchange::pdf::extraire(&octets, PIECE_JOINTE) {
            Ok(lu) => {
                let seule = schematic_exchange::verification::verifier_json(&lu.piece, &ctx.confiance);
                piece = Some(lu.piece);
                (seule, Some(rapport.detail))
            }
            Err(_) => (rapport, None),
        },
        _ => (rapport, None),
    };
    let statut = match rapport.verdict {
        Verdict::Illisible => Some(StatutImport::TropGrosOuIllisible),
        Verdict::FormatInconnu | Verdict::NonCanonique => Some(StatutImport::FormatNonReconnu),
        Verdict::SignatureInvalide => Some(StatutImport::SignatureInvalide),
        Verdict::ValideEnrole | Verdict::ValideNonEnrole | Verdict::CertificatInvalide | Verdict::PagesNonConformes => {
            None
        }
    };
    let (Some(d), Some(empreinte), None) = (rapport.diagnostic, rapport.empreinte_charge, statut) else {
        let detail = match rapport.document {
            Some(Document::Demande(_)) => "Ce fichier est une demande d’enrôlement, pas un diagnostic : enrôlez-la (Enrôlement).".into(),
            Some(Document::Certificat(_)) => "Ce fichier est un certificat d’enrôlement, pas un diagnostic.".into(),
            Some(Document::Contribution(_)) => {
                "Ce fichier est une contribution à un atelier : elle reste dans l’établissement, elle ne s’importe pas ici.".into()
            }
            _ => rapport.detail,
        };
        return refus(statut.unwrap_or(StatutImport::FormatNonReconnu), detail);
    };
    let uai = Some(d.etablissement.uai.clone());
    let annee = Some(d.annee_scolaire.clone());
    let recu = Some(empreinte.clone());
    let refuser = |statut, detail: String| Analyse::Refus {
        statut,
        detail,
        uai: uai.clone(),
        annee: annee.clone(),
        recu: recu.clone(),
    };
    if let Some(m) = dates_invraisemblables(&d, ctx.maintenant) {
        return refuser(StatutImport::DatesInvraisemblables, m);
    }
    if rapport.verdict == Verdict::CertificatInvalide {
        return refuser(StatutImport::CertificatInvalide, rapport.detail);
    }
    let jour = d.genere_le.get(..10).unwrap_or_default();
    let inscrits = ctx.enrolements.get(d.cle.as_str()).map_or(&[][..], Vec::as_slice);
    let mut certificat = rapport.certificat;
    let mut detail = rapport.detail;
    if certificat.is_none() {
        // No certificate in the file: the DANE's own registry may know the key.
        if let Some(autre) = inscrits.iter().find(|e| e.uai.as_str() != d.etablissement.uai) {
            return refuser(
                StatutImport::CertificatInvalide,
                format!(
                    "Cette clé est enrôlée pour l’établissement {} (certificat n° {}), pas pour {}.",
                    autre.uai, autre.numero, d.etablissement.uai
                ),
            );
        }
        // A key enrolled after it signed (a diagnostic sent before the
        // certificate came back) is the same key: it counts as enrolled.
        if let Some(e) = inscrits.iter().find(|e| jour <= e.valide_au.as_str()) {
            certificat = Some(e.numero.clone());
            detail =
                format!("Signature valide ; clé enrôlée dans le registre de la DANE (certificat n° {}).", e.numero);
        }
    }
    let Some(fiche) = ctx.annuaire.get(&d.etablissement.uai) else {
        return refuser(
            StatutImport::UaiInconnu,
            format!(
                "L’établissement {} n’est pas dans l’annuaire importé : importez un annuaire à jour, puis ce fichier de nouveau.",
                d.etablissement.uai
            ),
        );
    };
    let referentiel = match referentiel(&d, ctx.catalogue) {
        Ok(r) => r,
        Err(m) => return refuser(StatutImport::ReferentielInconnu, m),
    };
    let niveaux = match niveaux(&d, referentiel) {
        Ok(n) => n,
        Err(m) => return refuser(StatutImport::FormatNonReconnu, m),
    };
    let ecarts = ecarts_annuaire(&d, fiche, referentiel);
    let ecart = (!ecarts.is_empty()).then(|| {
        (
            StatutImport::EtablissementNonConforme,
            format!(
                "Le fichier décrit l’établissement {} autrement que l’annuaire : {}. Il est gardé à l’écart, hors chiffres.",
                d.etablissement.uai,
                ecarts.join(" ; ")
            ),
        )
    });
    let (Ok(uai), Ok(annee_scolaire), Some(statut)) = (
        Uai::parse(&d.etablissement.uai),
        d.annee_scolaire.parse::<AnneeScolaire>(),
        Statut::depuis_code(&d.diagnostic.statut),
    ) else {
        return refuser(
            StatutImport::FormatNonReconnu,
            "L’UAI, l’année scolaire ou le statut du diagnostic n’est pas lisible.".into(),
        );
    };
    let enveloppe = match piece {
        Some(p) => p,
        None if octets.starts_with(b"%PDF-") => match schematic_exchange::pdf::extraire(&octets, PIECE_JOINTE) {
            Ok(lu) => lu.piece,
            Err(e) => return refuser(StatutImport::FormatNonReconnu, e.to_string()),
        },
        None => octets,
    };
    Analyse::Valide {
        detail,
        pages,
        ecart,
        diagnostic: Box::new(DiagnosticImporte {
            empreinte,
            uai,
            annee: annee_scolaire,
            referentiel: d.referentiel.id,
            version_referentiel: d.referentiel.version,
            empreinte_referentiel: d.referentiel.empreinte,
            revision: d.diagnostic.revision,
            genere_le: d.genere_le,
            statut,
            cle: d.cle,
            enrole: certificat.is_some(),
            certificat,
            niveaux,
            fichier: nettoyer(&chemin.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()),
            importe_le: ctx.importe_le.to_string(),
            enveloppe,
        }),
    }
}

/// The key's revocation, judged on the DANE's first reception of the
/// payload (`recu_le`), never on the date the signer wrote.
fn revocation(d: &DiagnosticImporte, recu_le: &str, ctx: &Contexte<'_>) -> Option<String> {
    let jour = recu_le.get(..10).unwrap_or_default();
    let inscrits = ctx.enrolements.get(d.cle.as_str()).map_or(&[][..], Vec::as_slice);
    let r = inscrits.iter().find(|e| e.revoque_a_partir_du.as_deref().is_some_and(|j| j <= jour))?;
    Some(format!(
        "Clé de l’établissement {} révoquée à partir du {} (certificat n° {}) ; ce diagnostic est parvenu à la DANE pour la première fois le {jour}.",
        r.uai,
        r.revoque_a_partir_du.as_deref().unwrap_or_default(),
        r.numero
    ))
}

/// Stores one verified file and says what became of it (and, when the
/// rules were asked, their answer).
fn stocker(
    plan: &mut PlanLot,
    ctx: &Contexte<'_>,
    diagnostic: DiagnosticImporte,
    detail: String,
    pages: Option<String>,
    ecart: Option<(StatutImport, String)>,
) -> (StatutImport, String, Option<Issue>) {
    let recu_le = plan.recevoir(&diagnostic.empreinte, ctx.importe_le);
    if let Some(m) = revocation(&diagnostic, &recu_le, ctx) {
        return (StatutImport::CleRevoquee, m, None);
    }
    if let Some((statut, pourquoi)) = ecart {
        return match plan.ecarter_pour(diagnostic, statut, pourquoi.clone()) {
            Some(deja) => (StatutImport::DejaImporte, deja_importe(&deja), Some(deja)),
            None => (statut, pourquoi, None),
        };
    }
    let enrole = diagnostic.enrole;
    let issue = plan.enregistrer(diagnostic);
    let (statut, detail) = match &issue {
        Issue::DejaImporte { .. } => (StatutImport::DejaImporte, deja_importe(&issue)),
        Issue::RevisionPlusAncienne { revision, genere_le, meme_cle: true } => (
            StatutImport::RevisionPlusAncienne,
            format!(
                "Une révision plus récente est déjà importée (révision {revision} du {}).",
                genere_le.get(..10).unwrap_or_default()
            ),
        ),
        Issue::RevisionPlusAncienne { genere_le, meme_cle: false, .. } => (
            StatutImport::RevisionPlusAncienne,
            format!(
                "Un diagnostic signé plus tard ({}) par une autre clé enrôlée de l’établissement est déjà importé.",
                genere_le.get(..10).unwrap_or_default()
            ),
        ),
        Issue::Ecarte { enrole: true } => (
            StatutImport::Ecarte,
            "Un diagnostic signé par une clé enrôlée est déjà importé pour cet établissement et cette année : ce fichier, d’une clé non enrôlée, est gardé à l’écart, hors chiffres.".into(),
        ),
        Issue::Ecarte { enrole: false } => (
            StatutImport::Ecarte,
            "Un diagnostic d’une autre clé, non enrôlée elle aussi, est déjà importé pour cet établissement et cette année : ce fichier est gardé à l’écart ; enrôlez la clé de l’établissement pour trancher.".into(),
        ),
        Issue::Importe { .. } => match pages {
            Some(p) => (StatutImport::PagesNonConformes, format!("{p} Données signées importées : {detail}")),
            None if enrole => (StatutImport::Importe, detail),
            None => (StatutImport::NonEnrole, detail),
        },
    };
    (statut, detail, Some(issue))
}

/// What the store is asked about for a batch: every payload whose signature
/// held, and the establishment × year of every valid diagnostic.
fn cles_du_lot(analyses: &[Analyse]) -> ClesLot {
    let mut cles = ClesLot::default();
    for a in analyses {
        match a {
            Analyse::Refus { recu: Some(e), .. } => cles.empreintes.push(e.clone()),
            Analyse::Refus { .. } => {}
            Analyse::Valide { diagnostic: d, .. } => {
                cles.empreintes.push(d.empreinte.clone());
                cles.etablissements.push((d.uai.to_string(), d.annee.to_string()));
            }
        }
    }
    cles
}

fn deja_importe(issue: &Issue) -> String {
    if matches!(issue, Issue::DejaImporte { ecarte: true }) {
        "Ce diagnostic (même contenu signé) a déjà été reçu et gardé à l’écart.".into()
    } else {
        "Ce diagnostic (même contenu signé) est déjà importé.".into()
    }
}

impl EspaceDane {
    /// Imports the signed diagnostics found in `chemins` (files or folders).
    /// `progression` is called after each batch.
    pub fn importer_diagnostics(
        &mut self,
        chemins: &[PathBuf],
        progression: &mut dyn FnMut(ProgressionDto),
    ) -> Result<ImportDto, ApiError> {
        if chemins.is_empty() {
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                "Indiquez au moins un fichier ou un dossier à importer.",
            ));
        }
        let annuaire = self.stockage.fiches_annuaire()?;
        if annuaire.is_empty() {
            return Err(ApiError::new(
                ErrorKind::EtatIncompatible,
                "Importez d’abord l’annuaire de l’éducation (« schematic dane annuaire importer FICHIER.csv ») : sans lui, aucun établissement ne peut être reconnu.",
            ));
        }
        let liste = entrees(chemins);
        let cle_dane = self.cle_publique_dane()?;
        let registre = self.stockage.tous_enrolements()?;
        let mut enrolements: HashMap<&str, Vec<&EnrolementEnregistre>> = HashMap::new();
        for e in &registre {
            enrolements.entry(e.cle.as_str()).or_default().push(e);
        }
        let importe_le = self.horodatage();
        let catalogue = &self.catalogue;
        let ctx = Contexte {
            confiance: [cle_dane],
            annuaire: &annuaire,
            enrolements,
            importe_le: &importe_le,
            maintenant: self.maintenant(),
            catalogue,
        };
        let total = u32::try_from(liste.len()).unwrap_or(u32::MAX);
        let import = self.stockage.commencer_import(&importe_le)?;
        // Payload hash → rank of the file that stored it in this import, so
        // that a later revision in the same import re-labels the earlier file.
        let mut stockes: HashMap<String, (u32, StatutImport)> = HashMap::new();
        let mut comptes: HashMap<StatutImport, u32> = HashMap::new();
        let mut traites = 0u32;
        // The school years whose figures this import may change.
        let mut annees: Vec<AnneeScolaire> = Vec::new();
        progression(ProgressionDto { traites, total });
        let ctx = &ctx;
        let analyser_entree = |e: &Entree| match e {
            Entree::Fichier(f) => analyser(f, ctx),
            Entree::NonLue { detail, .. } => refus(StatutImport::NonLu, detail.clone()),
        };
        let coeurs = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(8);
        // Files are verified on every core while each batch is written.
        chaine::en_chaine(&liste, LOT, coeurs, &analyser_entree, &mut |numero_lot, analyses| {
            let lot_entrees = &liste[numero_lot * LOT..(numero_lot * LOT + analyses.len())];
            let cles = cles_du_lot(&analyses);
            let mut analyses = Some(analyses);
            // Only the last batch waits for the disk, for all of them.
            let durable = lot_entrees.len() + numero_lot * LOT == liste.len();
            self.stockage.ecrire_lot(import, &cles, durable, &mut |etat| {
                let mut plan = PlanLot::nouveau(etat);
                let analyses = analyses.take().unwrap_or_default();
                for (k, (entree, analyse)) in lot_entrees.iter().zip(analyses).enumerate() {
                    let rang = u32::try_from(numero_lot * LOT + k).unwrap_or(u32::MAX);
                    let chemin = nettoyer(
                        &match entree {
                            Entree::Fichier(c) | Entree::NonLue { chemin: c, .. } => c,
                        }
                        .display()
                        .to_string(),
                    );
                    let (statut, detail, uai, annee) = match analyse {
                        Analyse::Refus { statut, detail, uai, annee, recu } => {
                            if let Some(empreinte) = recu {
                                plan.recevoir(&empreinte, &importe_le);
                            }
                            (statut, detail, uai, annee)
                        }
                        Analyse::Valide { diagnostic, detail, pages, ecart } => {
                            if !annees.contains(&diagnostic.annee) {
                                annees.push(diagnostic.annee);
                            }
                            let (uai, annee) = (Some(diagnostic.uai.to_string()), Some(diagnostic.annee.to_string()));
                            let empreinte = diagnostic.empreinte.clone();
                            let (revision, jour) =
                                (diagnostic.revision, diagnostic.genere_le.get(..10).unwrap_or_default().to_string());
                            let (statut, detail, issue) = stocker(&mut plan, ctx, *diagnostic, detail, pages, ecart);
                            if let Some(Issue::Importe { remplace, ecarte }) = issue {
                                if let Some(ancien) = remplace.and_then(|h| stockes.remove(&h)) {
                                    plan.noter(remplace_dans_l_import(ancien, revision, &jour, ecarte, &mut comptes));
                                }
                                stockes.insert(empreinte, (rang, statut));
                            }
                            (statut, detail, uai, annee)
                        }
                    };
                    *comptes.entry(statut).or_default() += 1;
                    plan.noter(LigneRapport {
                        rang,
                        chemin,
                        statut,
                        detail: nettoyer(&detail),
                        uai: uai.map(|u| nettoyer(&u)),
                        annee: annee.map(|a| nettoyer(&a)),
                    });
                }
                plan.ecritures()
            })?;
            traites += u32::try_from(lot_entrees.len()).unwrap_or(u32::MAX);
            progression(ProgressionDto { traites, total });
            Ok::<(), ApiError>(())
        })?;
        if liste.len() >= ENTRETIEN_APRES {
            // Only an optimisation (the import is committed): see `entretenir`.
            let _ = self.stockage.entretenir();
        }
        self.rafraichir_publications(Some(&annees))?;
        self.rapport_import(import, Some(&comptes))
    }

    /// Verifies again every stored diagnostic from its raw envelope: the
    /// signature holds and the payload is the one the figures were computed
    /// from (same hash).
    pub fn reverifier_diagnostics(&mut self) -> Result<ReverificationDto, ApiError> {
        let confiance = [self.cle_publique_dane()?];
        let mut r = ReverificationDto { diagnostics: 0, valides: 0, anomalies: Vec::new() };
        self.stockage.parcourir_enveloppes(&mut |empreinte, octets| {
            r.diagnostics += 1;
            let v = schematic_exchange::verification::verifier_json(octets, &confiance);
            if v.empreinte_charge.as_deref() == Some(empreinte) {
                r.valides += 1;
            } else {
                r.anomalies.push(format!("Diagnostic {} : {}", &empreinte[..12.min(empreinte.len())], v.detail));
            }
        })?;
        Ok(r)
    }
}

/// A file stored earlier in this import was replaced by a later revision of
/// the same diagnostic (`revision`, signed on `jour`), or set aside for an
/// enrolled key's file (`ecarte`): its line now says so.
fn remplace_dans_l_import(
    (rang, ancien): (u32, StatutImport),
    revision: u32,
    jour: &str,
    ecarte: bool,
    comptes: &mut HashMap<StatutImport, u32>,
) -> LigneRapport {
    if let Some(n) = comptes.get_mut(&ancien) {
        *n = n.saturating_sub(1);
    }
    let (statut, detail) = if ecarte {
        (
            StatutImport::Ecarte,
            format!(
                "Remplacé, dans le même import, par le diagnostic du {jour} signé par une clé enrôlée ; gardé à l’écart, hors chiffres."
            ),
        )
    } else {
        (
            StatutImport::RevisionPlusAncienne,
            format!("Remplacé, dans le même import, par la révision {revision} du {jour}."),
        )
    };
    *comptes.entry(statut).or_default() += 1;
    LigneRapport { rang, chemin: String::new(), statut, detail, uai: None, annee: None }
}
