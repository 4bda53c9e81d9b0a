//! The DANE space, first part: the DANE key, issuing enrolment certificates
//! from establishments' requests, and revoking them. (Importing diagnostics and
//! the territory views come next.)

use std::path::Path;

use schematic_core::Uai;
use schematic_core::plan_action::date;
use schematic_exchange::cles::FICHIER_CLE_DANE;
use schematic_exchange::enrolement::{DemandeV1, emettre, lire_certificat, lire_demande};
use schematic_exchange::{ClePublique, TrousseauCles, TrousseauFichier};
use schematic_store::EnrolementEnregistre;

use crate::dto::{CleDto, DemandeExamineeDto, EnrolementDto};
use crate::echange::{ecrire_durablement, lire_borne};
use crate::error::{ApiError, ErrorKind};
use crate::installation::Installation;

mod annuaire;
pub mod corpus;
mod import;
mod synthese;

pub use annuaire::TAILLE_MAX_ANNUAIRE;
pub use import::TAILLE_MAX_FICHIER;
pub use synthese::{MARQUE_SECRET, REGROUPEMENTS, feuilles};

/// How long a certificate is valid unless told otherwise, in years.
pub const DUREE_PAR_DEFAUT: u16 = 3;

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

impl Installation {
    pub(crate) fn trousseau_dane(&self) -> TrousseauFichier {
        TrousseauFichier::nomme(self.dossier(), FICHIER_CLE_DANE)
    }

    /// The DANE key, created on first need.
    pub fn cle_dane(&self) -> Result<CleDto, ApiError> {
        Ok(self.trousseau_dane().cle_ou_creer()?.publique().into())
    }

    /// Writes the DANE public key into `fichier`, as text other verifiers
    /// can use (`schematic verifier --cle-dane FICHIER`).
    pub fn exporter_cle_dane(&self, fichier: &Path) -> Result<String, ApiError> {
        let cle = self.trousseau_dane().cle_ou_creer()?.publique();
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
        let nom = self.store.etablissement_annuaire(&requete.uai)?.map(|(e, _)| e.nom);
        let (etat, detail) = if let Some(r) = existants.iter().find(|e| e.revoque_a_partir_du.is_some()) {
            (
                "revoquee",
                format!(
                    "Clé révoquée à partir du {} : elle ne peut pas être enrôlée de nouveau.",
                    r.revoque_a_partir_du.as_deref().unwrap_or_default()
                ),
            )
        } else if let Some(v) =
            existants.iter().find(|e| e.uai == requete.uai && e.valide_au.as_str() >= aujourd_hui.as_str())
        {
            ("deja-enrolee", format!("Déjà enrôlée (certificat n° {}) : le même certificat sera réécrit.", v.numero))
        } else if nom.is_none() {
            ("nouvelle", "Nouvelle demande ; attention : cet établissement n’est pas dans l’annuaire importé.".into())
        } else {
            ("nouvelle", "Nouvelle demande : un certificat sera émis.".into())
        };
        Ok(DemandeExamineeDto {
            fichier: demande.display().to_string(),
            uai: requete.uai,
            nom,
            empreinte_cle,
            date: requete.date.get(..10).unwrap_or_default().to_string(),
            etat: etat.into(),
            detail,
        })
    }

    fn lire_demande(&self, demande: &Path) -> Result<(DemandeV1, Vec<EnrolementEnregistre>), ApiError> {
        let octets = lire_borne(demande, schematic_exchange::dsse::TAILLE_MAX)?;
        let requete = lire_demande(&octets)
            .map_err(|e| ApiError::new(ErrorKind::SaisieInvalide, format!("{} : {e}", demande.display())))?;
        let existants = self.store.enrolements_de_cle(&requete.cle)?;
        Ok((requete, existants))
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
        if let Some(valide) = existants.iter().find(|e| e.uai == requete.uai && e.valide_au.as_str() >= aujourd_hui) {
            ecrire_durablement(&fichier, valide.certificat.as_bytes())?;
            return Ok(EnrolementDto {
                nom: self.store.etablissement_annuaire(&valide.uai)?.map(|(e, _)| e.nom),
                uai: valide.uai.clone(),
                empreinte_cle,
                numero: valide.numero.clone(),
                valide_du: valide.valide_du.clone(),
                valide_au: valide.valide_au.clone(),
                fichier: fichier.display().to_string(),
                deja_enrolee: true,
            });
        }
        let cle_dane = self.trousseau_dane().cle_ou_creer()?;
        let numero = self.store.prochain_numero(&aujourd_hui[..4])?;
        let valide_au = plus_annees(aujourd_hui, duree_annees);
        let certificat = emettre(&requete, &numero, aujourd_hui, &valide_au, &cle_dane, &maintenant).octets();
        let texte =
            String::from_utf8(certificat).map_err(|e| ApiError::new(ErrorKind::BaseDeDonnees, e.to_string()))?;
        lire_certificat(texte.as_bytes())?;
        self.store.enregistrer_enrolement(&EnrolementEnregistre {
            numero: numero.clone(),
            uai: requete.uai.clone(),
            cle: requete.cle.clone(),
            valide_du: aujourd_hui.to_string(),
            valide_au: valide_au.clone(),
            emis_le: maintenant.clone(),
            revoque_a_partir_du: None,
            certificat: texte.clone(),
        })?;
        ecrire_durablement(&fichier, texte.as_bytes())?;
        Ok(EnrolementDto {
            nom: self.store.etablissement_annuaire(&requete.uai)?.map(|(e, _)| e.nom),
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
        let (n, _) = self.store.revoquer_uai(uai.as_str(), &jour)?;
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
