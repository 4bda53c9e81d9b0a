//! The DANE space: an object of its own beside the establishment's
//! [`Installation`], over its own store ([`StockageDane`]: a SQLite file
//! beside the installation's database by default). It holds the DANE key
//! (a file of the data folder), issues and revokes enrolment certificates,
//! imports the annuaire and signed diagnostics, and computes the territory
//! figures.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use schematic_core::Uai;
use schematic_core::plan_action::date;
use schematic_core::referentiel::Catalogue;
use schematic_dane_postgres::{Adresse, StockagePostgres};
use schematic_dane_sqlite::StockageSqlite;
use schematic_dane_store::{EnrolementEnregistre, NouvelEnrolement, StockageDane, StockageError};
use schematic_exchange::cles::FICHIER_CLE_DANE;
use schematic_exchange::enrolement::{DemandeV1, emettre, lire_certificat, lire_demande};
use schematic_exchange::{CleInstallation, ClePublique, TrousseauCles, TrousseauFichier};

use crate::dossier;
use crate::dto::{BaseDaneDto, CleDto, DemandeExamineeDto, EnrolementDto, EtatDemande};
use crate::echange::{ecrire_durablement, lire_borne};
use crate::error::{ApiError, ErrorKind};
use crate::installation::{Horloge, Installation};

mod annuaire;
pub mod corpus;
mod import;
mod migration;
mod synthese;

pub use annuaire::TAILLE_MAX_ANNUAIRE;
pub use import::TAILLE_MAX_FICHIER;
pub use synthese::{MARQUE_SECRET, REGROUPEMENTS, feuilles};

/// How long a certificate is valid unless told otherwise, in years.
pub const DUREE_PAR_DEFAUT: u16 = 3;

/// The short fingerprint of a recorded key (`ed25519:…`), or the text itself.
fn empreinte(keyid: &str) -> String {
    ClePublique::depuis_keyid(keyid).map_or_else(|_| keyid.to_string(), |c| c.empreinte_courte())
}

/// `2026-11-24` plus `annees` years (29 February becomes 28 February).
fn plus_annees(jour: &str, annees: u16) -> String {
    let annee: u32 = jour[..4].parse().unwrap_or(2000) + u32::from(annees);
    let mut reste = jour[4..].to_string();
    let bissextile = date(&format!("{annee}-02-29"), "").is_ok();
    if reste == "-02-29" && !bissextile {
        reste = "-02-28".into();
    }
    format!("{annee}{reste}")
}

/// The DANE space of an installation.
#[derive(Debug)]
pub struct EspaceDane {
    pub(crate) stockage: Box<dyn StockageDane>,
    /// The installation's data folder (the DANE key lives there).
    dossier: PathBuf,
    /// The referential versions the installation knows (embedded and imported).
    pub(crate) catalogue: Catalogue,
    horloge: Horloge,
}

impl From<StockageError> for ApiError {
    fn from(e: StockageError) -> Self {
        match e {
            StockageError::Introuvable(m) => Self::new(ErrorKind::Introuvable, m),
            StockageError::Existe(m) => Self::new(ErrorKind::ExisteDeja, m),
            autre @ (StockageError::TropRecente { .. } | StockageError::Connexion(_) | StockageError::Base(_)) => {
                Self::new(ErrorKind::BaseDeDonnees, autre.to_string())
            }
        }
    }
}

/// The setting naming the DANE space's PostgreSQL server (absent: the
/// SQLite file beside the installation's database).
const REGLAGE_BASE: &str = "dane.base";

impl Installation {
    /// Opens this installation's DANE space on the store its settings name
    /// (created on first use); a server's password comes from PostgreSQL's
    /// password file or `PGPASSWORD`.
    pub fn espace_dane(&self) -> Result<EspaceDane, ApiError> {
        self.espace_dane_avec(None)
    }

    /// As [`Installation::espace_dane`], with the password typed by the user.
    pub fn espace_dane_avec(&self, mot_de_passe: Option<&str>) -> Result<EspaceDane, ApiError> {
        let adresse = self.store.preference(REGLAGE_BASE)?;
        self.ouvrir_espace(adresse.as_deref(), mot_de_passe)
    }

    /// The PostgreSQL server the DANE space uses, if it is not the local file.
    pub fn base_dane(&self) -> Result<Option<String>, ApiError> {
        Ok(self.store.preference(REGLAGE_BASE)?)
    }

    /// Where the DANE space keeps its data, said without connecting.
    pub fn base_dane_dto(&self) -> Result<BaseDaneDto, ApiError> {
        let adresse = self.base_dane()?;
        let description = match &adresse {
            Some(a) => format!("serveur PostgreSQL {a}"),
            None => format!("fichier {}", self.dossier().join(dossier::BASE_DANE).display()),
        };
        Ok(BaseDaneDto { adresse, description })
    }

    /// Moves the DANE space to the server at `adresse` (`None`: back to the
    /// local SQLite file): it is connected first, its tables created if
    /// needed, and only then is the choice recorded. Nothing is copied (see
    /// `dane migrer`).
    pub fn definir_base_dane(
        &mut self,
        adresse: Option<&str>,
        mot_de_passe: Option<&str>,
    ) -> Result<EspaceDane, ApiError> {
        let espace = self.ouvrir_espace(adresse, mot_de_passe)?;
        match adresse {
            Some(a) => self.store.definir_preference(REGLAGE_BASE, a.trim())?,
            None => self.store.supprimer_preference(REGLAGE_BASE)?,
        }
        Ok(espace)
    }

    fn ouvrir_espace(&self, adresse: Option<&str>, mot_de_passe: Option<&str>) -> Result<EspaceDane, ApiError> {
        let stockage: Box<dyn StockageDane> = match adresse {
            Some(a) => Box::new(StockagePostgres::connecter(&Adresse::lire(a)?, mot_de_passe)?),
            None => {
                Box::new(StockageSqlite::ouvrir(&self.dossier().join(dossier::BASE_DANE), self.store.mode_journal())?)
            }
        };
        Ok(EspaceDane {
            stockage,
            dossier: self.dossier().to_path_buf(),
            catalogue: self.catalogue()?,
            horloge: self.horloge(),
        })
    }
}

impl EspaceDane {
    /// The referential versions known since the space was opened changed
    /// (a referential was imported): figures read with these.
    pub fn definir_catalogue(&mut self, catalogue: Catalogue) {
        self.catalogue = catalogue;
    }

    pub fn avec_horloge(mut self, horloge: Horloge) -> Self {
        self.horloge = horloge;
        self
    }

    /// The engine and where the data are, for the user.
    pub fn description_stockage(&self) -> String {
        self.stockage.description()
    }

    pub(crate) fn maintenant(&self) -> DateTime<Utc> {
        self.horloge.maintenant()
    }

    pub(crate) fn horodatage(&self) -> String {
        self.maintenant().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    pub(crate) fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The same space (key, versions, clock) over another store.
    pub(crate) fn sur(&self, stockage: Box<dyn StockageDane>) -> EspaceDane {
        EspaceDane { stockage, dossier: self.dossier.clone(), catalogue: self.catalogue.clone(), horloge: self.horloge }
    }

    pub(crate) fn trousseau_dane(&self) -> TrousseauFichier {
        TrousseauFichier::nomme(&self.dossier, FICHIER_CLE_DANE)
    }

    /// The DANE's public key: the one recorded in the store (a team shares
    /// one); on first need, this PC's key (created then) is recorded.
    pub(crate) fn cle_publique_dane(&mut self) -> Result<ClePublique, ApiError> {
        if let Some(cle) = self.stockage.cle_dane()? {
            return Ok(ClePublique::depuis_keyid(&cle)?);
        }
        Ok(self.cle_privee_dane()?.publique())
    }

    /// The DANE's private key, for signing certificates: this PC's, which
    /// must be the one the store recorded (a team shares one key, on
    /// purpose: see `docs/dane-serveur.md`, « La clé de la DANE »).
    pub(crate) fn cle_privee_dane(&mut self) -> Result<CleInstallation, ApiError> {
        let trousseau = self.trousseau_dane();
        let enregistree = self.stockage.cle_dane()?;
        let locale = match (&enregistree, trousseau.cle()?) {
            (_, Some(c)) => c,
            (None, None) => trousseau.creer()?,
            (Some(k), None) => {
                return Err(ApiError::new(
                    ErrorKind::EtatIncompatible,
                    format!(
                        "Ce poste n’a pas la clé de la DANE (empreinte {}) avec laquelle l’espace partagé signe les certificats : seul un poste qui la détient peut enrôler. Pour enrôler aussi depuis ce poste, importez-y la sauvegarde de cette clé (« schematic dane cle --importer FICHIER »).",
                        empreinte(k)
                    ),
                ));
            }
        };
        let keyid = locale.publique().keyid();
        let gardee = match enregistree {
            Some(k) => k,
            None => self.stockage.enregistrer_cle_dane(&keyid, &self.horodatage())?,
        };
        if gardee != keyid {
            return Err(ApiError::new(
                ErrorKind::EtatIncompatible,
                format!(
                    "La clé de la DANE de ce poste (empreinte {}) n’est pas celle de l’espace partagé (empreinte {}) : ce poste ne peut pas enrôler, ses certificats ne seraient reconnus par personne. Utilisez un dossier de données sans clé DANE et importez-y la sauvegarde de la clé de l’espace.",
                    locale.publique().empreinte_courte(),
                    empreinte(&gardee)
                ),
            ));
        }
        Ok(locale)
    }

    /// Writes this PC's DANE private key into a new file, to keep it safe or
    /// give it, on purpose, to another adviser of the team.
    pub fn sauvegarder_cle_dane(&mut self, fichier: &Path) -> Result<CleDto, ApiError> {
        let cle = self.cle_privee_dane()?;
        schematic_exchange::cles::sauvegarder_cle(&cle, fichier)?;
        Ok(cle.publique().into())
    }

    /// Installs on this PC the DANE key saved in `fichier`: only where no DANE
    /// key is yet, and only the key the store recorded, if it recorded one.
    pub fn importer_cle_dane(&mut self, fichier: &Path) -> Result<CleDto, ApiError> {
        let cle = schematic_exchange::cles::lire_cle(fichier)?;
        if let Some(k) = self.stockage.cle_dane()?
            && k != cle.publique().keyid()
        {
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                format!(
                    "La clé de {} (empreinte {}) n’est pas celle de l’espace DANE (empreinte {}) : rien n’a été installé.",
                    fichier.display(),
                    cle.publique().empreinte_courte(),
                    empreinte(&k)
                ),
            ));
        }
        self.trousseau_dane().installer(&cle)?;
        self.cle_privee_dane()?;
        Ok(cle.publique().into())
    }

    /// The DANE's public key (recorded in the store, or this PC's, created
    /// on first need).
    pub fn cle_dane(&mut self) -> Result<CleDto, ApiError> {
        Ok(self.cle_publique_dane()?.into())
    }

    /// Writes the DANE public key into `fichier`, as text other verifiers
    /// can use (`schematic verifier --cle-dane FICHIER`).
    pub fn exporter_cle_dane(&mut self, fichier: &Path) -> Result<String, ApiError> {
        let cle = self.cle_publique_dane()?;
        let texte = format!(
            "# Clé publique de la DANE (SchémaTIC, Ed25519) — empreinte {}\n# Pour vérifier : schematic verifier --cle-dane {}\n{}\n",
            cle.empreinte_courte(),
            fichier.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            cle.keyid()
        );
        ecrire_durablement(fichier, texte.as_bytes())?;
        Ok(fichier.display().to_string())
    }

    /// Reads and checks a request, and says what approving it would do:
    /// the establishment's name from the annuaire, the key's fingerprint,
    /// whether it is new, already enrolled or revoked. Nothing is written.
    pub fn examiner_demande(&self, demande: &Path) -> Result<DemandeExamineeDto, ApiError> {
        let (requete, existants) = self.lire_demande(demande)?;
        let aujourd_hui = self.horodatage()[..10].to_string();
        let empreinte_cle = ClePublique::depuis_keyid(&requete.cle)?.empreinte_courte();
        let nom = self.nom_annuaire(&requete.uai)?;
        let (etat, detail) = if let Some(r) = existants.iter().find(|e| e.revoque_a_partir_du.is_some()) {
            (
                EtatDemande::Revoquee,
                format!(
                    "Clé révoquée à partir du {} : elle ne peut pas être enrôlée de nouveau.",
                    r.revoque_a_partir_du.as_deref().unwrap_or_default()
                ),
            )
        } else if let Some(v) =
            existants.iter().find(|e| e.uai.as_str() == requete.uai && e.valide_au.as_str() >= aujourd_hui.as_str())
        {
            (
                EtatDemande::DejaEnrolee,
                format!("Déjà enrôlée (certificat n° {}) : le même certificat sera réécrit.", v.numero),
            )
        } else if nom.is_none() {
            (
                EtatDemande::Nouvelle,
                "Nouvelle demande ; attention : cet établissement n’est pas dans l’annuaire importé.".into(),
            )
        } else {
            (EtatDemande::Nouvelle, "Nouvelle demande : un certificat sera émis.".into())
        };
        Ok(DemandeExamineeDto {
            fichier: demande.display().to_string(),
            uai: requete.uai,
            nom,
            empreinte_cle,
            date: requete.date.get(..10).unwrap_or_default().to_string(),
            etat,
            detail,
        })
    }

    fn lire_demande(&self, demande: &Path) -> Result<(DemandeV1, Vec<EnrolementEnregistre>), ApiError> {
        let octets = lire_borne(demande, schematic_exchange::dsse::TAILLE_MAX)?;
        let requete = lire_demande(&octets)
            .map_err(|e| ApiError::new(ErrorKind::SaisieInvalide, format!("{} : {e}", demande.display())))?;
        let existants = self.stockage.enrolements_de_cle(&requete.cle)?;
        Ok((requete, existants))
    }

    /// The name the annuaire gives a UAI, if it lists it.
    fn nom_annuaire(&self, uai: &str) -> Result<Option<String>, ApiError> {
        let Ok(uai) = Uai::parse(uai) else { return Ok(None) };
        Ok(self.stockage.etablissement_annuaire(&uai)?.map(|(e, _)| e.nom))
    }

    /// Checks an enrolment request (self-signature, UAI) and issues its
    /// certificate, valid `duree_annees` years from today, written as
    /// `certificat-enrolement_<UAI>.json` into `sortie`. A key already enrolled
    /// gets its certificate again; a revoked key is refused.
    pub fn enroler(&mut self, demande: &Path, sortie: &Path, duree_annees: u16) -> Result<EnrolementDto, ApiError> {
        let (requete, existants) = self.lire_demande(demande)?;
        if !(1..=10).contains(&duree_annees) {
            return Err(ApiError::new(ErrorKind::SaisieInvalide, "La durée de validité doit aller de 1 à 10 ans."));
        }
        let empreinte_cle = ClePublique::depuis_keyid(&requete.cle)?.empreinte_courte();
        let fichier = sortie.join(format!("certificat-enrolement_{}.json", requete.uai));
        let maintenant = self.horodatage();
        let aujourd_hui = &maintenant[..10];
        if let Some(revoque) = existants.iter().find(|e| e.revoque_a_partir_du.is_some()) {
            return Err(ApiError::new(
                ErrorKind::EtatIncompatible,
                format!(
                    "La clé {empreinte_cle} de l’établissement {} a été révoquée à partir du {} (certificat n° {}) : elle ne peut pas être enrôlée de nouveau.",
                    revoque.uai,
                    revoque.revoque_a_partir_du.as_deref().unwrap_or_default(),
                    revoque.numero
                ),
            ));
        }
        if let Some(valide) =
            existants.iter().find(|e| e.uai.as_str() == requete.uai && e.valide_au.as_str() >= aujourd_hui)
        {
            ecrire_durablement(&fichier, valide.certificat.as_bytes())?;
            return Ok(EnrolementDto {
                nom: self.nom_annuaire(valide.uai.as_str())?,
                uai: valide.uai.to_string(),
                empreinte_cle,
                numero: valide.numero.clone(),
                valide_du: valide.valide_du.clone(),
                valide_au: valide.valide_au.clone(),
                fichier: fichier.display().to_string(),
                deja_enrolee: true,
            });
        }
        let cle_dane = self.cle_privee_dane()?;
        let valide_au = plus_annees(aujourd_hui, duree_annees);
        let uai = Uai::parse(&requete.uai)?;
        let (enrolement, comptes) = self.stockage.enroler(
            &NouvelEnrolement {
                uai,
                cle: requete.cle.clone(),
                valide_du: aujourd_hui.to_string(),
                valide_au: valide_au.clone(),
                emis_le: maintenant.clone(),
            },
            &mut |numero| {
                let octets = emettre(&requete, numero, aujourd_hui, &valide_au, &cle_dane, &maintenant).octets();
                debug_assert!(lire_certificat(&octets).is_ok(), "a certificate just issued reads back");
                String::from_utf8_lossy(&octets).into_owned()
            },
        )?;
        if comptes > 0 {
            self.rafraichir_publications(None)?;
        }
        let (numero, texte) = (enrolement.numero, enrolement.certificat);
        ecrire_durablement(&fichier, texte.as_bytes())?;
        Ok(EnrolementDto {
            nom: self.nom_annuaire(&requete.uai)?,
            uai: requete.uai,
            empreinte_cle,
            numero,
            valide_du: aujourd_hui.to_string(),
            valide_au,
            fichier: fichier.display().to_string(),
            deja_enrolee: false,
        })
    }

    /// Revokes the enrolled keys of a UAI from `a_partir_du` (default: today);
    /// diagnostics already imported that those keys signed from that day on
    /// leave the enrolled figures. Returns how many certificates were revoked.
    pub fn revoquer(&mut self, uai: &str, a_partir_du: Option<&str>) -> Result<usize, ApiError> {
        let uai = Uai::parse(uai)?;
        let jour = match a_partir_du {
            Some(j) => date(j, "La date de révocation")?,
            None => self.horodatage()[..10].to_string(),
        };
        let (n, diagnostics) = self.stockage.revoquer(&uai, &jour)?;
        if diagnostics > 0 {
            self.rafraichir_publications(None)?;
        }
        if n == 0 {
            return Err(ApiError::new(
                ErrorKind::Introuvable,
                format!("Aucune clé enrôlée et non révoquée pour l’établissement {uai}."),
            ));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::plus_annees;

    #[test]
    fn validity_ends_the_same_day_years_later() {
        assert_eq!(plus_annees("2026-11-24", 3), "2029-11-24");
        assert_eq!(plus_annees("2028-02-29", 1), "2029-02-28");
        assert_eq!(plus_annees("2028-02-29", 4), "2032-02-29");
    }
}
