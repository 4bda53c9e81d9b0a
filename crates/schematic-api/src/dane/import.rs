//! Importing signed diagnostics into the DANE space: files or folders, JSON
//! or PDF. Each file gets exactly one status (see [`StatutImport`]). Files
//! are verified in parallel, in batches; each batch is stored in one
//! transaction together with its lines of the import report, so an
//! interrupted import keeps what it reported and can simply be run again
//! (imports are idempotent on the payload hash).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use schematic_core::Referentiel;
use schematic_core::diagnostic::Reponse;
use schematic_core::synthese;
use schematic_exchange::format_v1::DiagnosticV1;
use schematic_exchange::rapport::PIECE_JOINTE;
use schematic_exchange::verification::{Document, Verdict, verifier};
use schematic_exchange::{ClePublique, TrousseauCles};
use schematic_store::{DiagnosticImporte, EnrolementEnregistre, Issue, LigneRapport};

use crate::dto::{CompteStatutDto, ImportDto, LigneImportDto, ProgressionDto, ReverificationDto, StatutImport};
use crate::error::{ApiError, ErrorKind};
use crate::installation::Installation;

/// Files verified and stored together (one transaction).
const LOT: usize = 1024;

/// Lines listed in the answer (the CSV report has them all).
const LIGNES_MAX: usize = 2000;

/// A file read from outside is refused unread beyond this size.
pub const TAILLE_MAX_FICHIER: u64 = schematic_exchange::pdf::TAILLE_MAX_PDF as u64;

/// What the verification of one file concluded, before the database is asked.
enum Analyse {
    Refus {
        statut: StatutImport,
        detail: String,
        uai: Option<String>,
        annee: Option<String>,
    },
    /// `pages`: why the PDF's pages are not proven to be the signed data's
    /// (the data are stored, the file's status says so).
    Valide {
        diagnostic: Box<DiagnosticImporte>,
        detail: String,
        pages: Option<String>,
    },
}

fn refus(statut: StatutImport, detail: impl Into<String>) -> Analyse {
    Analyse::Refus { statut, detail: detail.into(), uai: None, annee: None }
}

/// What every file is checked against, loaded once per import.
struct Contexte<'a> {
    confiance: [ClePublique; 1],
    annuaire: &'a HashSet<String>,
    enrolements: HashMap<&'a str, Vec<&'a EnrolementEnregistre>>,
    importe_le: &'a str,
}

/// The files named: each file as is, each folder walked recursively (symbolic
/// links are not followed), in name order.
fn fichiers(chemins: &[PathBuf]) -> Result<Vec<PathBuf>, ApiError> {
    fn parcourir(dossier: &Path, sortie: &mut Vec<PathBuf>) -> Result<(), ApiError> {
        let echec = |e: std::io::Error| {
            ApiError::new(ErrorKind::Fichier, format!("Le dossier {} ne peut pas être lu : {e}.", dossier.display()))
        };
        let mut entrees: Vec<_> = fs::read_dir(dossier).map_err(echec)?.collect::<Result<_, _>>().map_err(echec)?;
        entrees.sort_by_key(fs::DirEntry::file_name);
        for e in entrees {
            let genre = e.file_type().map_err(echec)?;
            if genre.is_dir() {
                parcourir(&e.path(), sortie)?;
            } else if genre.is_file() {
                sortie.push(e.path());
            }
        }
        Ok(())
    }
    let mut sortie = Vec::new();
    for c in chemins {
        let meta = fs::metadata(c).map_err(|_| {
            ApiError::new(ErrorKind::Fichier, format!("{} n’existe pas ou ne peut pas être lu.", c.display()))
        })?;
        if meta.is_dir() { parcourir(c, &mut sortie)? } else { sortie.push(c.clone()) }
    }
    Ok(sortie)
}

fn lire(chemin: &Path) -> Result<Vec<u8>, Analyse> {
    let illisible = |e: std::io::Error| refus(StatutImport::TropGrosOuIllisible, format!("Lecture impossible : {e}."));
    let f = fs::File::open(chemin).map_err(illisible)?;
    let taille = f.metadata().map_err(illisible)?.len();
    if taille > TAILLE_MAX_FICHIER {
        return Err(refus(
            StatutImport::TropGrosOuIllisible,
            format!("Le fichier fait {taille} octets, au-delà des {TAILLE_MAX_FICHIER} acceptés ; il n’a pas été lu."),
        ));
    }
    let mut octets = Vec::with_capacity(usize::try_from(taille).unwrap_or(0));
    f.take(TAILLE_MAX_FICHIER + 1).read_to_end(&mut octets).map_err(illisible)?;
    if octets.len() as u64 > TAILLE_MAX_FICHIER {
        return Err(refus(
            StatutImport::TropGrosOuIllisible,
            "Le fichier a grossi pendant sa lecture ; il n’a pas été lu.",
        ));
    }
    Ok(octets)
}

/// The answers of a payload as *niveaux*, if its referential is one this
/// application knows.
fn niveaux(d: &DiagnosticV1) -> Result<String, String> {
    let r = Referentiel::embarque(&d.referentiel.id)
        .filter(|r| r.version == d.referentiel.version && r.empreinte() == d.referentiel.empreinte)
        .ok_or_else(|| {
            format!(
                "Référentiel « {} » version {} inconnu de cette version de SchémaTIC : mettez l’application à jour.",
                d.referentiel.id, d.referentiel.version
            )
        })?;
    if let Some(item) = d.reponses.keys().find(|id| r.item(id).is_none()) {
        return Err(format!("L’item « {item} » n’existe pas dans le référentiel {}.", r.id));
    }
    Ok(synthese::encoder(r, |id| {
        d.reponses.get(id).map_or(Reponse::NonRenseigne, |n| {
            Reponse::depuis_valeur(Some(n.valeur())).unwrap_or(Reponse::NonRenseigne)
        })
    }))
}

fn analyser(chemin: &Path, ctx: &Contexte<'_>) -> Analyse {
    let octets = match lire(chemin) {
        Ok(o) => o,
        Err(a) => return a,
    };
    let rapport = verifier(&octets, &ctx.confiance);
    // A PDF whose pages do not match still carries signed data: it is checked
    // on its own and stored, and the file's status says the pages do not match.
    let (rapport, pages) = match (rapport.verdict, schematic_exchange::pdf::extraire(&octets, PIECE_JOINTE)) {
        (Verdict::PagesNonConformes, Ok(lu)) => {
            (schematic_exchange::verification::verifier_json(&lu.piece, &ctx.confiance), Some(rapport.detail))
        }
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
    let refuser = |statut, detail: String| Analyse::Refus { statut, detail, uai: uai.clone(), annee: annee.clone() };
    let jour = d.genere_le.get(..10).unwrap_or_default();
    let inscrits = ctx.enrolements.get(d.cle.as_str()).map_or(&[][..], Vec::as_slice);
    if let Some(r) = inscrits.iter().find(|e| e.revoque_a_partir_du.as_deref().is_some_and(|j| j <= jour)) {
        return refuser(
            StatutImport::CleRevoquee,
            format!(
                "Clé de l’établissement {} révoquée à partir du {} (certificat n° {}) ; diagnostic signé le {jour}.",
                r.uai,
                r.revoque_a_partir_du.as_deref().unwrap_or_default(),
                r.numero
            ),
        );
    }
    if rapport.verdict == Verdict::CertificatInvalide {
        return refuser(StatutImport::CertificatInvalide, rapport.detail);
    }
    let mut certificat = rapport.certificat;
    let mut detail = rapport.detail;
    if certificat.is_none() {
        // No certificate in the file: the DANE's own registry may know the key.
        if let Some(autre) = inscrits.iter().find(|e| e.uai != d.etablissement.uai) {
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
    if !ctx.annuaire.contains(&d.etablissement.uai) {
        return refuser(
            StatutImport::UaiInconnu,
            format!(
                "L’établissement {} n’est pas dans l’annuaire importé : importez un annuaire à jour, puis ce fichier de nouveau.",
                d.etablissement.uai
            ),
        );
    }
    let niveaux = match niveaux(&d) {
        Ok(n) => n,
        Err(m) => return refuser(StatutImport::FormatNonReconnu, m),
    };
    let enveloppe = if octets.starts_with(b"%PDF-") {
        match schematic_exchange::pdf::extraire(&octets, PIECE_JOINTE) {
            Ok(lu) => lu.piece,
            Err(e) => return refuser(StatutImport::FormatNonReconnu, e.to_string()),
        }
    } else {
        octets
    };
    Analyse::Valide {
        detail,
        pages,
        diagnostic: Box::new(DiagnosticImporte {
            empreinte,
            uai: d.etablissement.uai,
            annee: d.annee_scolaire,
            referentiel: d.referentiel.id,
            version_referentiel: d.referentiel.version,
            revision: d.diagnostic.revision,
            genere_le: d.genere_le,
            statut: d.diagnostic.statut,
            cle: d.cle,
            enrole: certificat.is_some(),
            certificat,
            niveaux,
            fichier: chemin.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            importe_le: ctx.importe_le.to_string(),
            enveloppe,
        }),
    }
}

/// Verifies `fichiers` on every core; results in input order.
fn analyser_en_parallele(fichiers: &[PathBuf], ctx: &Contexte<'_>) -> Vec<Analyse> {
    let coeurs = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(8);
    let part = fichiers.len().div_ceil(coeurs).max(1);
    std::thread::scope(|s| {
        let taches: Vec<_> = fichiers
            .chunks(part)
            .map(|c| s.spawn(move || c.iter().map(|f| analyser(f, ctx)).collect::<Vec<_>>()))
            .collect();
        taches.into_iter().flat_map(|t| t.join().unwrap_or_default()).collect()
    })
}

impl Installation {
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
        let liste = fichiers(chemins)?;
        let annuaire = self.store.uai_annuaire()?;
        if annuaire.is_empty() {
            return Err(ApiError::new(
                ErrorKind::EtatIncompatible,
                "Importez d’abord l’annuaire de l’éducation (« schematic dane annuaire importer FICHIER.csv ») : sans lui, aucun établissement ne peut être reconnu.",
            ));
        }
        let cle_dane = self.trousseau_dane().cle_ou_creer()?.publique();
        let registre = self.store.tous_enrolements()?;
        let mut enrolements: HashMap<&str, Vec<&EnrolementEnregistre>> = HashMap::new();
        for e in &registre {
            enrolements.entry(e.cle.as_str()).or_default().push(e);
        }
        let importe_le = self.horodatage();
        let ctx = Contexte { confiance: [cle_dane], annuaire: &annuaire, enrolements, importe_le: &importe_le };
        let total = u32::try_from(liste.len()).unwrap_or(u32::MAX);
        let import = self.store.commencer_import(&importe_le)?;
        // Payload hash → rank of the file that stored it in this import, so
        // that a later revision in the same import re-labels the earlier file.
        let mut stockes: HashMap<String, (u32, StatutImport)> = HashMap::new();
        let mut comptes: HashMap<StatutImport, u32> = HashMap::new();
        let mut traites = 0u32;
        progression(ProgressionDto { traites, total });
        let lots: Vec<&[PathBuf]> = liste.chunks(LOT).collect();
        let ctx = &ctx;
        std::thread::scope(|s| -> Result<(), ApiError> {
            let mut a_venir = lots.first().map(|l| s.spawn(move || analyser_en_parallele(l, ctx)));
            for (numero_lot, lot_fichiers) in lots.iter().enumerate() {
                let analyses = match a_venir.take() {
                    Some(t) => t.join().unwrap_or_else(|panique| std::panic::resume_unwind(panique)),
                    None => Vec::new(),
                };
                // The next batch is verified while this one is written.
                a_venir = lots.get(numero_lot + 1).map(|l| s.spawn(move || analyser_en_parallele(l, ctx)));
                let mut lot = self.store.lot(import)?;
                for (k, (chemin, analyse)) in lot_fichiers.iter().zip(analyses).enumerate() {
                    let rang = u32::try_from(numero_lot * LOT + k).unwrap_or(u32::MAX);
                    let chemin = chemin.display().to_string();
                    let ligne = match analyse {
                        Analyse::Refus { statut, detail, uai, annee } => (statut, detail, uai, annee),
                        Analyse::Valide { diagnostic, detail, pages } => {
                            let (uai, annee) = (Some(diagnostic.uai.clone()), Some(diagnostic.annee.clone()));
                            let (statut, detail) = match lot.enregistrer(&diagnostic)? {
                                Issue::DejaImporte => (
                                    StatutImport::DejaImporte,
                                    "Ce diagnostic (même contenu signé) est déjà importé.".into(),
                                ),
                                Issue::RevisionPlusAncienne { revision, genere_le } => (
                                    StatutImport::RevisionPlusAncienne,
                                    format!(
                                        "Une révision plus récente est déjà importée (révision {revision} du {}).",
                                        genere_le.get(..10).unwrap_or_default()
                                    ),
                                ),
                                Issue::Importe { remplace } => {
                                    if let Some(ancien) = remplace.and_then(|h| stockes.remove(&h)) {
                                        remplace_dans_l_import(&mut lot, ancien, &diagnostic, &mut comptes)?;
                                    }
                                    let (statut, detail) = match pages {
                                        Some(p) => (
                                            StatutImport::PagesNonConformes,
                                            format!("{p} Données signées importées : {detail}"),
                                        ),
                                        None if diagnostic.enrole => (StatutImport::Importe, detail),
                                        None => (StatutImport::NonEnrole, detail),
                                    };
                                    stockes.insert(diagnostic.empreinte.clone(), (rang, statut));
                                    (statut, detail)
                                }
                            };
                            (statut, detail, uai, annee)
                        }
                    };
                    let (statut, detail, uai, annee) = ligne;
                    *comptes.entry(statut).or_default() += 1;
                    lot.noter(&LigneRapport { rang, chemin, statut: statut.code().into(), detail, uai, annee })?;
                }
                lot.valider()?;
                traites += u32::try_from(lot_fichiers.len()).unwrap_or(u32::MAX);
                progression(ProgressionDto { traites, total });
            }
            Ok(())
        })?;
        self.rapport_import(import, Some(&comptes))
    }

    /// Verifies again every stored diagnostic from its raw envelope: the
    /// signature holds and the payload is the one the figures were computed
    /// from (same hash).
    pub fn reverifier_diagnostics(&self) -> Result<ReverificationDto, ApiError> {
        let confiance = [self.trousseau_dane().cle_ou_creer()?.publique()];
        let mut r = ReverificationDto { diagnostics: 0, valides: 0, anomalies: Vec::new() };
        self.store.parcourir_enveloppes(|empreinte, octets| {
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

    /// `import`, or the last import's number.
    fn numero_import(&self, import: Option<i64>) -> Result<i64, ApiError> {
        match import {
            Some(i) => Ok(i),
            None => self
                .store
                .dernier_import()?
                .ok_or_else(|| ApiError::new(ErrorKind::Introuvable, "Aucun import n’a encore été fait.")),
        }
    }

    /// An import report (the last one when `import` is `None`).
    pub fn rapport_import_dto(&self, import: Option<i64>) -> Result<ImportDto, ApiError> {
        let import = self.numero_import(import)?;
        self.rapport_import(import, None)
    }

    fn rapport_import(&self, import: i64, comptes: Option<&HashMap<StatutImport, u32>>) -> Result<ImportDto, ApiError> {
        let lignes = self.store.rapport_import(import)?;
        let mut calcules = HashMap::new();
        let comptes = match comptes {
            Some(c) => c,
            None => {
                for l in &lignes {
                    if let Some(s) = StatutImport::depuis_code(&l.statut) {
                        *calcules.entry(s).or_default() += 1;
                    }
                }
                &calcules
            }
        };
        let fichiers = u32::try_from(lignes.len()).unwrap_or(u32::MAX);
        let mut dto: Vec<LigneImportDto> = lignes.into_iter().filter_map(ligne_dto).collect();
        let lignes_tronquees = dto.len() > LIGNES_MAX;
        if lignes_tronquees {
            // Keep what needs attention first.
            dto.sort_by_key(|l| (l.statut == StatutImport::Importe, l.statut));
            dto.truncate(LIGNES_MAX);
        }
        Ok(ImportDto {
            import,
            fichiers,
            comptes: StatutImport::TOUS
                .into_iter()
                .map(|s| CompteStatutDto {
                    statut: s,
                    libelle: s.libelle().into(),
                    nombre: comptes.get(&s).copied().unwrap_or(0),
                })
                .collect(),
            lignes: dto,
            lignes_tronquees,
        })
    }

    /// Writes an import report as CSV (French Excel dialect); into a folder,
    /// as `rapport-import-<n>.csv`.
    pub fn exporter_rapport_import(&self, import: Option<i64>, sortie: &Path) -> Result<String, ApiError> {
        use schematic_exchange::tableur::{Cellule, Feuille, csv};
        let import = self.numero_import(import)?;
        let nomme = sortie.join(format!("rapport-import-{import}.csv"));
        let sortie = if sortie.is_dir() { nomme.as_path() } else { sortie };
        let lignes = self.store.rapport_import(import)?;
        let feuille = Feuille {
            nom: "Import".into(),
            entetes: ["Fichier", "Statut", "Détail", "UAI", "Année scolaire"].map(String::from).to_vec(),
            lignes: lignes
                .into_iter()
                .filter_map(ligne_dto)
                .map(|l| {
                    vec![
                        Cellule::texte(l.chemin),
                        Cellule::texte(l.libelle),
                        Cellule::texte(l.detail),
                        Cellule::texte(l.uai.unwrap_or_default()),
                        Cellule::texte(l.annee.unwrap_or_default()),
                    ]
                })
                .collect(),
            notes: Vec::new(),
        };
        crate::echange::ecrire_durablement(sortie, &csv(&feuille))?;
        Ok(sortie.display().to_string())
    }
}

fn ligne_dto(l: LigneRapport) -> Option<LigneImportDto> {
    let statut = StatutImport::depuis_code(&l.statut)?;
    Some(LigneImportDto {
        chemin: l.chemin,
        statut,
        libelle: statut.libelle().into(),
        detail: l.detail,
        uai: l.uai,
        annee: l.annee,
    })
}

/// A file stored earlier in this import was replaced by a later revision of
/// the same diagnostic: its line now says so.
fn remplace_dans_l_import(
    lot: &mut schematic_store::Lot<'_>,
    (rang, ancien): (u32, StatutImport),
    nouveau: &DiagnosticImporte,
    comptes: &mut HashMap<StatutImport, u32>,
) -> Result<(), ApiError> {
    if let Some(n) = comptes.get_mut(&ancien) {
        *n = n.saturating_sub(1);
    }
    *comptes.entry(StatutImport::RevisionPlusAncienne).or_default() += 1;
    lot.noter(&LigneRapport {
        rang,
        chemin: String::new(),
        statut: StatutImport::RevisionPlusAncienne.code().into(),
        detail: format!(
            "Remplacé, dans le même import, par la révision {} du {}.",
            nouveau.revision,
            nouveau.genere_le.get(..10).unwrap_or_default()
        ),
        uai: None,
        annee: None,
    })?;
    Ok(())
}
