//! Signed export and verification: the installation key, the export of a
//! diagnostic as a signed JSON envelope (format v1), and the verdict on files.
//! The one place that builds the export payload.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use schematic_core::diagnostic::Reponses;
use schematic_core::plan_action::role_exportable;
use schematic_core::resultats;
use schematic_core::{Referentiel, Reponse};
use schematic_exchange::format_diagnostic::{
    ActionCharge, ChargeDiagnostic, EtablissementCharge, FORMAT, InfoDiagnosticCharge, ReferentielCharge,
    VERSION_FORMAT, empreinte_charge, reponses_charge,
};
use schematic_exchange::verification::{
    Document, Motif, Rapport, Refus, TAILLE_MAX_IMAGE, verifier, verifier_avec_reference,
};
use schematic_exchange::{CleInstallation, ExchangeError, TrousseauCles, TrousseauFichier};

use schematic_exchange::rapport::{
    self, ActionRapport, DomaineRapport, DonneesRapport, EnrolementRapport, ItemRapport,
};

use schematic_exchange::enrolement::{self, CertificatV1};
use schematic_exchange::{ClePublique, Enveloppe};

use crate::dto::{CertificatDto, CleDto, ExportDto, ReponseVerifieeDto, ResultatVerifieDto, VerificationDto};

/// File, in the data directory, of the enrolment certificate (exact bytes as
/// received from the DANE).
const FICHIER_CERTIFICAT: &str = "certificat-enrolement.json";

impl From<ClePublique> for CleDto {
    fn from(p: ClePublique) -> Self {
        Self {
            keyid: p.keyid(),
            publique: p.base64(),
            empreinte: p.empreinte(),
            empreinte_courte: p.empreinte_courte(),
        }
    }
}

fn certificat_dto(c: &CertificatV1) -> CertificatDto {
    CertificatDto {
        numero: c.numero.clone(),
        uai: c.uai.clone(),
        valide_du: c.valide_du.clone(),
        valide_au: c.valide_au.clone(),
        empreinte_dane: ClePublique::depuis_keyid(&c.dane).map(|k| k.empreinte_courte()).unwrap_or_default(),
    }
}

/// Which files an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Formats {
    pub json: bool,
    pub pdf: bool,
}

/// `2026-03-12T10:00:00Z` → `12 mars 2026`.
fn date_en_francais(rfc3339: &str) -> String {
    const MOIS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let jour = rfc3339.get(..10).unwrap_or(rfc3339);
    let parties: Vec<u32> = jour.split('-').filter_map(|p| p.parse().ok()).collect();
    match parties.as_slice() {
        [a, m @ 1..=12, j] => format!("{j} {} {a}", MOIS[(*m - 1) as usize]),
        _ => rfc3339.to_string(),
    }
}
use crate::error::{ApiError, ErrorKind, phrase_io};
use crate::installation::Installation;
use schematic_exchange::texte::nettoyer;

impl From<ExchangeError> for ApiError {
    fn from(e: ExchangeError) -> Self {
        let kind = match e {
            ExchangeError::Cle(_) => ErrorKind::Fichier,
            ExchangeError::Format(_) | ExchangeError::Signature(_) | ExchangeError::TropGros(_) => {
                ErrorKind::SaisieInvalide
            }
        };
        ApiError::new(kind, e.to_string())
    }
}

impl Installation {
    fn trousseau(&self) -> TrousseauFichier {
        TrousseauFichier::dans(self.dossier())
    }

    /// The installation key, created on first need.
    pub(crate) fn cle_installation(&self) -> Result<CleInstallation, ApiError> {
        Ok(self.trousseau().cle_ou_creer()?)
    }

    pub fn cle(&self) -> Result<CleDto, ApiError> {
        Ok(self.cle_installation()?.publique().into())
    }

    /// Writes the enrolment request `demande-enrolement_<UAI>.json` into
    /// `sortie`: UAI + public key + date, signed with the installation key.
    pub fn demande_enrolement(&self, sortie: &Path) -> Result<String, ApiError> {
        let etablissement = self.store.etablissement()?.map(|e| e.etablissement).ok_or_else(|| {
            ApiError::new(
                ErrorKind::EtablissementAbsent,
                "Définissez d’abord l’établissement : la demande porte son code UAI.",
            )
        })?;
        let cle = self.cle_installation()?;
        let env = enrolement::demande(
            &etablissement.uai,
            &cle,
            &self.horodatage(),
            &format!("SchémaTIC {}", env!("CARGO_PKG_VERSION")),
        );
        let chemin = sortie.join(enrolement::nom_demande(etablissement.uai.as_str()));
        ecrire_durablement(&chemin, &env.octets())?;
        Ok(chemin.display().to_string())
    }

    /// Checks that a certificate issued by the DANE binds this establishment to
    /// this installation's key and is valid today, then keeps it: every later
    /// export carries it.
    pub fn importer_certificat(&mut self, chemin: &Path) -> Result<CertificatDto, ApiError> {
        let octets = lire_borne(chemin, schematic_exchange::dsse::TAILLE_MAX)?;
        let c = enrolement::lire_certificat(&octets)?;
        let etablissement = self.store.etablissement()?.map(|e| e.etablissement).ok_or_else(|| {
            ApiError::new(
                ErrorKind::EtablissementAbsent,
                "Définissez d’abord l’établissement avant d’importer son certificat.",
            )
        })?;
        let cle = self.cle_installation()?.publique().keyid();
        let aujourd_hui = self.horodatage();
        c.couvre(etablissement.uai.as_str(), &cle, &aujourd_hui[..10]).map_err(|raison| {
            ApiError::new(ErrorKind::SaisieInvalide, format!("Ce certificat ne peut pas être utilisé ici : {raison}."))
        })?;
        ecrire_durablement(&self.dossier().join(FICHIER_CERTIFICAT), &octets)?;
        Ok(certificat_dto(&c))
    }

    /// The certificate this installation holds, if any.
    pub fn certificat(&self) -> Result<Option<CertificatDto>, ApiError> {
        Ok(self.enveloppe_certificat()?.map(|(_, c)| certificat_dto(&c)))
    }

    pub(crate) fn enveloppe_certificat(&self) -> Result<Option<(Enveloppe, CertificatV1)>, ApiError> {
        let chemin = self.dossier().join(FICHIER_CERTIFICAT);
        if !chemin.exists() {
            return Ok(None);
        }
        let octets = lire_borne(&chemin, schematic_exchange::dsse::TAILLE_MAX)?;
        let c = enrolement::lire_certificat(&octets)?;
        Ok(Some((Enveloppe::lire(&octets)?, c)))
    }

    /// The payload of the diagnostic of `annee`, as it would be signed now.
    pub(crate) fn charge_utile(
        &self,
        annee: Option<&str>,
        avec_commentaires: bool,
        cle: &CleInstallation,
    ) -> Result<ChargeDiagnostic, ApiError> {
        let etablissement = self.store.etablissement()?.map(|e| e.etablissement).ok_or_else(|| {
            ApiError::new(ErrorKind::EtablissementAbsent, "Aucun établissement n’est défini : rien à exporter.")
        })?;
        let d = self.cible(annee)?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let enregistrees = self.store.reponses(d.id)?;
        let reponses: Reponses = enregistrees.iter().map(|r| (r.item_id.clone(), r.reponse)).collect();
        let (niveaux, non_renseignes, resultats) = reponses_charge(&referentiel, &reponses);
        let commentaires = avec_commentaires.then(|| {
            enregistrees
                .iter()
                .filter_map(|r| r.commentaire.as_ref().map(|c| (r.item_id.clone(), c.clone())))
                .collect::<BTreeMap<_, _>>()
        });
        Ok(ChargeDiagnostic {
            format: FORMAT.into(),
            version_format: VERSION_FORMAT,
            application: format!("SchémaTIC {}", env!("CARGO_PKG_VERSION")),
            genere_le: self.horodatage(),
            cle: cle.publique().keyid(),
            referentiel: ReferentielCharge {
                id: referentiel.id.clone(),
                version: referentiel.version,
                empreinte: d.referentiel_empreinte.clone(),
            },
            etablissement: EtablissementCharge {
                uai: etablissement.uai.to_string(),
                type_etablissement: etablissement.type_etablissement.code().into(),
                academie: etablissement.academie,
                departement: etablissement.departement,
                circonscription: etablissement.circonscription,
            },
            annee_scolaire: d.cycle.annee.to_string(),
            diagnostic: InfoDiagnosticCharge {
                id: d.id,
                revision: d.cycle.revision,
                statut: d.cycle.statut.code().into(),
            },
            reponses: niveaux,
            non_renseignes,
            resultats,
            plan_action: self
                .store
                .actions(d.id)?
                .iter()
                .map(|a| ActionCharge {
                    item: a.action.item_id.clone(),
                    niveau_cible: a.action.niveau_cible,
                    action: a.action.action.clone(),
                    responsable: role_exportable(&a.action.responsable).into(),
                    echeance: a.action.echeance.clone(),
                    statut: a.action.statut.code().into(),
                })
                .collect(),
            participants: self.participants_par_role(d.id)?,
            commentaires: commentaires.filter(|c| !c.is_empty()),
            certificat: self.enveloppe_certificat()?.map(|(e, _)| e),
        })
    }

    /// Signs the diagnostic of `annee` and writes, into `sortie`, the signed
    /// JSON (`SchemaTIC_<UAI>_<année>_r<n>.json`) and/or the PDF report
    /// (`….pdf`) carrying the very same JSON bytes. Comments go in only when
    /// `avec_commentaires`.
    pub fn exporter(
        &mut self,
        annee: Option<&str>,
        formats: Formats,
        avec_commentaires: bool,
        sortie: &Path,
    ) -> Result<ExportDto, ApiError> {
        let cle = self.cle_installation()?;
        let charge = self.charge_utile(annee, avec_commentaires, &cle)?;
        let octets = charge.signer(&cle).octets();
        let nom = charge.nom_fichier();
        let mut fichiers = Vec::new();
        if formats.json || !formats.pdf {
            let chemin = sortie.join(&nom);
            ecrire_durablement(&chemin, &octets)?;
            fichiers.push(chemin.display().to_string());
        }
        if formats.pdf {
            let donnees = self.donnees_rapport(annee, &charge, &cle, octets)?;
            let chemin = sortie.join(nom.replace(".json", ".pdf"));
            ecrire_durablement(&chemin, &rapport::generer(&donnees, &cle))?;
            fichiers.push(chemin.display().to_string());
        }
        // This revision now exists outside: it is never changed in place
        // (a move to another referential version makes the next revision).
        self.store.marquer_exporte(charge.diagnostic.id, charge.diagnostic.revision)?;
        Ok(ExportDto {
            fichiers,
            empreinte_charge: empreinte_charge(&charge.octets()),
            brouillon: charge.diagnostic.statut == "brouillon",
        })
    }

    /// What the PDF report shows, read from the database.
    fn donnees_rapport(
        &self,
        annee: Option<&str>,
        charge: &ChargeDiagnostic,
        cle: &CleInstallation,
        json_signe: Vec<u8>,
    ) -> Result<DonneesRapport, ApiError> {
        let etablissement = self.store.etablissement()?.map(|e| e.etablissement).ok_or_else(|| {
            ApiError::new(ErrorKind::EtablissementAbsent, "Aucun établissement n’est défini : rien à exporter.")
        })?;
        let d = self.cible(annee)?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let reponses: Reponses = self.store.reponses(d.id)?.into_iter().map(|r| (r.item_id, r.reponse)).collect();
        let calcul = resultats::calculer(&referentiel, &reponses);
        let precedente = d.cycle.annee.precedente();
        let precedent_enregistre = match precedente.map(|p| self.store.diagnostic(p, &d.referentiel_id)) {
            Some(r) => r?,
            None => None,
        };
        let mut calcul_precedent = None;
        let catalogue = self.catalogue()?;
        let precedent: Option<(Reponses, Referentiel)> = match &precedent_enregistre {
            Some(p) => {
                let reponses: Reponses =
                    self.store.reponses(p.id)?.into_iter().map(|r| (r.item_id, r.reponse)).collect();
                let referentiel_precedent = self.store.referentiel(&p.referentiel_empreinte)?;
                calcul_precedent = Some(resultats::calculer(&referentiel_precedent, &reponses));
                Some((reponses, referentiel_precedent))
            }
            None => None,
        };
        let passage = precedent.as_ref().map(|(_, avant)| Self::passage_pour_comparer(&catalogue, avant, &referentiel));
        // Last year's value of an item, read in this year's version; `None`
        // when there was no diagnostic or the item has no comparable one.
        let valeur_precedente = |item: &str| -> Option<Option<u8>> {
            let (reponses, avant) = precedent.as_ref()?;
            let (ancien, table) = passage.as_ref()?.comparable(item).filter(|(a, _)| avant.item(a).is_some())?;
            Some(reponses.get(&ancien).and_then(|r| r.valeur()).map(|v| table[usize::from(v)]))
        };
        let version_precedente = precedent
            .as_ref()
            .filter(|(_, avant)| avant.empreinte() != referentiel.empreinte())
            .map(|(_, avant)| avant.version.clone());
        let domaines = referentiel
            .domaines
            .iter()
            .zip(&calcul.domaines)
            .map(|(dom, res)| DomaineRapport {
                id: dom.id.clone(),
                titre: dom.titre.clone(),
                maturite_centiemes: res.maturite.centiemes(),
                maturite_precedente_centiemes: calcul_precedent
                    .as_ref()
                    .and_then(|c| c.domaines.iter().find(|p| p.domaine_id == dom.id))
                    .and_then(|p| p.maturite.centiemes()),
                niveau_atteint: res.niveau_atteint,
                repondus: res.maturite.repondus,
                non_applicables: res.non_applicables,
                items: dom
                    .items
                    .iter()
                    .map(|item| {
                        let niveau = reponses.get(&item.id).and_then(|r| r.valeur());
                        let niveau_precedent = valeur_precedente(&item.id);
                        ItemRapport {
                            id: item.id.clone(),
                            titre: item.titre.clone(),
                            niveau,
                            non_applicable: reponses.get(&item.id) == Some(&Reponse::NonApplicable),
                            descripteur: niveau
                                .filter(|n| *n > 0)
                                .and_then(|n| item.niveaux.get(usize::from(n) - 1).cloned()),
                            sans_equivalent: precedent.is_some() && niveau_precedent.is_none(),
                            niveau_precedent,
                        }
                    })
                    .collect(),
            })
            .collect();
        let debats = self.points_de_debat(annee, &referentiel)?;
        let departement = match etablissement.nom_departement() {
            Some(nom) => format!("{} — {nom}", etablissement.departement),
            None => etablissement.departement.clone(),
        };
        Ok(DonneesRapport {
            nom_etablissement: etablissement.nom.clone(),
            uai: etablissement.uai.to_string(),
            type_libelle: etablissement.type_etablissement.libelle().into(),
            academie: etablissement.academie.clone(),
            departement,
            circonscription: etablissement.circonscription.clone(),
            commune: etablissement.commune,
            annee: d.cycle.annee.to_string(),
            annee_precedente: precedent.as_ref().and(precedente).map(|p| p.to_string()),
            version_precedente,
            referentiel_titre: referentiel.titre.clone(),
            referentiel_version: referentiel.version.clone(),
            statut: d.cycle.statut.libelle().into(),
            revision: d.cycle.revision,
            date: date_en_francais(&charge.genere_le),
            empreinte_charge: empreinte_charge(&charge.octets()),
            empreinte_cle: cle.publique().empreinte_courte(),
            niveaux: referentiel.niveaux,
            domaines,
            actions: self
                .store
                .actions(d.id)?
                .iter()
                .map(|a| ActionRapport {
                    item: a.action.item_id.clone(),
                    action: a.action.action.clone(),
                    niveau_cible: a.action.niveau_cible,
                    responsable: role_exportable(&a.action.responsable).into(),
                    echeance: a.action.echeance.clone(),
                    statut: a.action.statut.libelle().into(),
                })
                .collect(),
            debats,
            enrolement: self
                .enveloppe_certificat()?
                .map(|(_, c)| EnrolementRapport { numero: c.numero, valide_au: c.valide_au }),
            reperes: self.reperes_rapport(&d.cycle.annee.to_string())?,
            json_signe,
        })
    }

    /// The verdict on a file that claims to be a signed SchémaTIC document
    /// (JSON, PDF report, or the image of a printed page, compared with the
    /// signed file `reference` when given). At most 30 MiB are read.
    pub fn verifier(chemin: &Path, confiance: &[ClePublique], reference: Option<&Path>) -> VerificationDto {
        let nom = nettoyer(&chemin.display().to_string());
        let lire = |chemin: &Path| {
            let limite = TAILLE_MAX_IMAGE.max(schematic_exchange::pdf::TAILLE_MAX_PDF) as u64 + 1;
            ouvrir_fichier_ordinaire(chemin).and_then(|f| {
                let mut octets = Vec::new();
                f.take(limite).read_to_end(&mut octets)?;
                Ok(octets)
            })
        };
        let reference = match reference.map(|r| (r, lire(r))) {
            None => None,
            Some((_, Ok(octets))) => Some(verifier(&octets, confiance)),
            Some((r, Err(e))) => Some(Rapport::from(Refus::new(
                Motif::FichierIllisible,
                format!(
                    "Le fichier de référence {} ne peut pas être lu : {}.",
                    nettoyer(&r.display().to_string()),
                    phrase_io(&e)
                ),
            ))),
        };
        let lu = lire(chemin);
        let rapport = match lu {
            Ok(octets) => verifier_avec_reference(&octets, confiance, reference.as_ref()),
            Err(e) => {
                let v = Motif::FichierIllisible.verdict();
                return VerificationDto {
                    fichier: nom,
                    verdict: v.code().into(),
                    verdict_libelle: v.libelle().into(),
                    code_sortie: v.code_sortie(),
                    motif: Motif::FichierIllisible.code().into(),
                    detail: format!(
                        "{} {} : {}.",
                        Motif::FichierIllisible.phrase(),
                        nettoyer(&chemin.display().to_string()),
                        phrase_io(&e)
                    ),
                    ..VerificationDto::vide()
                };
            }
        };
        let d = rapport.diagnostic.as_ref();
        let completion = d.map(ChargeDiagnostic::completion);
        let (document, uai, annee) = match &rapport.document {
            Some(Document::Diagnostic(d)) => {
                ("diagnostic", Some(d.etablissement.uai.clone()), Some(d.annee_scolaire.clone()))
            }
            Some(Document::Demande(d)) => ("demande-enrolement", Some(d.uai.clone()), None),
            Some(Document::Certificat(c)) => ("certificat-enrolement", Some(c.uai.clone()), None),
            Some(Document::Contribution(c)) => ("contribution", Some(c.uai.clone()), Some(c.annee_scolaire.clone())),
            Some(Document::Reperes(r)) => ("reperes-territoriaux", None, Some(r.annee_scolaire.clone())),
            Some(Document::Liaison(_)) | None => ("", None, None),
        };
        VerificationDto {
            fichier: nom,
            verdict: rapport.verdict.code().into(),
            verdict_libelle: rapport.verdict.libelle().into(),
            code_sortie: rapport.verdict.code_sortie(),
            motif: rapport.motif.code().into(),
            detail: rapport.detail.clone(),
            document: (!document.is_empty()).then(|| document.to_string()),
            uai,
            annee,
            revision: d.map(|d| d.diagnostic.revision),
            statut: d.map(|d| d.diagnostic.statut.clone()),
            repondus: completion.map(|c| u32::try_from(c.0).unwrap_or(u32::MAX)),
            total: completion.map(|c| u32::try_from(c.1).unwrap_or(u32::MAX)),
            empreinte_charge: rapport.empreinte_charge.clone(),
            empreinte_cle: rapport.empreinte_cle.clone(),
            resultats: d
                .map(|d| {
                    d.resultats
                        .iter()
                        .map(|r| ResultatVerifieDto {
                            domaine: r.domaine.clone(),
                            items: r.items,
                            repondus: r.repondus,
                            non_applicables: r.non_applicables,
                            maturite_centiemes: r.maturite_centiemes,
                            niveau_atteint: r.niveau_atteint,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            reponses: d
                .map(|d| {
                    d.reponses
                        .iter()
                        .map(|(item, n)| ReponseVerifieeDto {
                            item: item.clone(),
                            niveau: n.valeur(),
                            non_applicable: n.valeur().is_none(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

impl VerificationDto {
    fn vide() -> Self {
        Self {
            fichier: String::new(),
            verdict: String::new(),
            verdict_libelle: String::new(),
            code_sortie: 0,
            motif: String::new(),
            detail: String::new(),
            document: None,
            uai: None,
            annee: None,
            revision: None,
            statut: None,
            repondus: None,
            total: None,
            empreinte_charge: None,
            empreinte_cle: None,
            resultats: Vec::new(),
            reponses: Vec::new(),
        }
    }
}

mod fichiers;

pub(crate) use fichiers::{ecrire_durablement, lire_borne, ouvrir_fichier_ordinaire};

/// A public key given by a user: base64 of the 32 bytes, a key id
/// `ed25519:…`, or the path of a public key file (its first line that is not a
/// `#` comment holds one of those).
pub fn cle_publique(texte: &str) -> Result<ClePublique, ApiError> {
    let chemin = Path::new(texte.trim());
    let contenu;
    let t = if !texte.trim().is_empty() && chemin.is_file() {
        contenu = String::from_utf8(lire_borne(chemin, 4096)?).map_err(|_| {
            ApiError::new(
                ErrorKind::SaisieInvalide,
                format!("{} n’est pas un fichier texte de clé publique.", chemin.display()),
            )
        })?;
        contenu.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or_default()
    } else {
        texte.trim()
    };
    let keyid = if t.starts_with("ed25519:") { t.to_string() } else { format!("ed25519:{t}") };
    ClePublique::depuis_keyid(&keyid).map_err(|_| {
        ApiError::new(
            ErrorKind::SaisieInvalide,
            format!("« {t} » n’est pas une clé publique Ed25519 : attendu 44 caractères base64 (ou « ed25519: » suivi de ceux-ci)."),
        )
    })
}

/// Where exports go unless the user picks another folder: the user's
/// documents folder, else the home folder.
pub fn dossier_export_par_defaut() -> Option<PathBuf> {
    dirs::document_dir().or_else(dirs::home_dir)
}
