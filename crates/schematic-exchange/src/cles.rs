//! The installation's Ed25519 key pair. The private key never leaves the data
//! directory: it is read and written only here, behind [`TrousseauCles`] so
//! that an OS keyring can replace the file later.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::error::ExchangeError;

/// Prefix of a DSSE `keyid`: the key id carries the public key itself, so an
/// envelope can be verified without a registry (trust then comes from the
/// enrolment certificate).
const PREFIXE_KEYID: &str = "ed25519:";

#[derive(Clone)]
pub struct CleInstallation {
    signature: SigningKey,
}

impl std::fmt::Debug for CleInstallation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CleInstallation").field("publique", &self.publique().keyid()).finish_non_exhaustive()
    }
}

impl CleInstallation {
    /// A key from its 32-byte seed (test vectors use a fixed one).
    pub fn depuis_graine(graine: [u8; 32]) -> Self {
        Self { signature: SigningKey::from_bytes(&graine) }
    }

    /// A new key from the operating system's random source.
    pub fn generer() -> Result<Self, ExchangeError> {
        let mut graine = [0u8; 32];
        getrandom::fill(&mut graine).map_err(|e| {
            ExchangeError::Cle(format!(
                "Le générateur aléatoire du système est indisponible ({e}) : aucune clé n’a été créée."
            ))
        })?;
        Ok(Self::depuis_graine(graine))
    }

    pub fn publique(&self) -> ClePublique {
        ClePublique(self.signature.verifying_key())
    }

    pub fn signer(&self, message: &[u8]) -> [u8; 64] {
        self.signature.sign(message).to_bytes()
    }

    fn graine_base64(&self) -> String {
        STANDARD.encode(self.signature.to_bytes())
    }
}

/// A public key, as found in envelopes and certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClePublique(pub(crate) VerifyingKey);

impl ClePublique {
    pub fn depuis_octets(octets: &[u8]) -> Result<Self, ExchangeError> {
        let tableau: [u8; 32] = octets.try_into().map_err(|_| {
            ExchangeError::Format(format!("Une clé publique Ed25519 fait 32 octets, pas {}.", octets.len()))
        })?;
        VerifyingKey::from_bytes(&tableau)
            .map(Self)
            .map_err(|_| ExchangeError::Format("La clé publique n’est pas un point Ed25519 valide.".into()))
    }

    pub fn octets(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    pub fn base64(&self) -> String {
        STANDARD.encode(self.octets())
    }

    /// The DSSE key id: `ed25519:<base64 of the 32 bytes>`.
    pub fn keyid(&self) -> String {
        format!("{PREFIXE_KEYID}{}", self.base64())
    }

    pub fn depuis_keyid(keyid: &str) -> Result<Self, ExchangeError> {
        let b64 = keyid.strip_prefix(PREFIXE_KEYID).ok_or_else(|| {
            ExchangeError::Format(format!("L’identifiant de clé doit commencer par « {PREFIXE_KEYID} »."))
        })?;
        let octets = STANDARD
            .decode(b64)
            .map_err(|_| ExchangeError::Format("L’identifiant de clé n’est pas en base64.".into()))?;
        Self::depuis_octets(&octets)
    }

    /// SHA-256 of the raw public key, in hexadecimal.
    pub fn empreinte(&self) -> String {
        Sha256::digest(self.octets()).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The first 64 bits of the fingerprint in four groups (`3F2A 9C01 …`), for
    /// people to compare on screen and on paper.
    pub fn empreinte_courte(&self) -> String {
        let hex = self.empreinte().to_uppercase();
        hex.as_bytes()[..16].chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
    }
}

/// Where the installation's private key lives.
pub trait TrousseauCles {
    /// The key, if one was created.
    fn cle(&self) -> Result<Option<CleInstallation>, ExchangeError>;
    /// Creates and keeps a new key; refuses to replace an existing one.
    fn creer(&self) -> Result<CleInstallation, ExchangeError>;

    /// Keeps `cle`, given by the user (a key restored or shared on
    /// purpose), where no key is yet; refuses to replace another one.
    fn installer(&self, cle: &CleInstallation) -> Result<(), ExchangeError>;

    /// The key, created on first need.
    fn cle_ou_creer(&self) -> Result<CleInstallation, ExchangeError> {
        match self.cle()? {
            Some(c) => Ok(c),
            None => self.creer(),
        }
    }
}

/// The key in a file of the data directory, readable by its owner only (0600).
#[derive(Debug, Clone)]
pub struct TrousseauFichier {
    chemin: PathBuf,
}

/// Writes the private key into a new file readable by its owner only (a
/// backup kept on purpose, to restore a key or share the DANE's with its
/// team); never over an existing file.
pub fn sauvegarder_cle(cle: &CleInstallation, fichier: &Path) -> Result<(), ExchangeError> {
    let ecrire = || -> std::io::Result<()> {
        let mut f = ouvrir_prive(fichier)?;
        f.write_all(format!("{}\n", cle.graine_base64()).as_bytes())?;
        f.sync_all()
    };
    ecrire().map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            ExchangeError::Cle(format!("Le fichier {} existe déjà : choisissez un autre nom.", fichier.display()))
        } else {
            erreur_fichier(fichier, &e)
        }
    })
}

/// Reads a private key file written by [`sauvegarder_cle`] (or a data
/// directory's key file), without changing it.
pub fn lire_cle(fichier: &Path) -> Result<CleInstallation, ExchangeError> {
    let texte = fs::read_to_string(fichier).map_err(|e| erreur_fichier(fichier, &e))?;
    let graine: [u8; 32] = STANDARD.decode(texte.trim()).ok().and_then(|o| o.try_into().ok()).ok_or_else(|| {
        ExchangeError::Cle(format!("Le fichier {} n’est pas une clé privée SchémaTIC.", fichier.display()))
    })?;
    Ok(CleInstallation::depuis_graine(graine))
}

/// File name of the private key inside the data directory.
pub const FICHIER_CLE: &str = "cle-installation.ed25519";
/// File name of the DANE key, when the installation is used as a DANE.
pub const FICHIER_CLE_DANE: &str = "cle-dane.ed25519";

impl TrousseauFichier {
    /// The installation key of a data directory.
    pub fn dans(dossier: &Path) -> Self {
        Self::nomme(dossier, FICHIER_CLE)
    }

    /// Another key of the data directory (the DANE key).
    pub fn nomme(dossier: &Path, nom: &str) -> Self {
        Self { chemin: dossier.join(nom) }
    }

    pub fn chemin(&self) -> &Path {
        &self.chemin
    }
}

fn erreur_fichier(chemin: &Path, e: &std::io::Error) -> ExchangeError {
    ExchangeError::Cle(format!("Le fichier de clé {} ne peut pas être lu ou écrit : {e}.", chemin.display()))
}

impl TrousseauCles for TrousseauFichier {
    fn cle(&self) -> Result<Option<CleInstallation>, ExchangeError> {
        let texte = match fs::read_to_string(&self.chemin) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(erreur_fichier(&self.chemin, &e)),
        };
        let graine: [u8; 32] = STANDARD.decode(texte.trim()).ok().and_then(|o| o.try_into().ok()).ok_or_else(|| {
            ExchangeError::Cle(format!(
                "Le fichier de clé {} est endommagé : restaurez-le depuis une sauvegarde du dossier de données.",
                self.chemin.display()
            ))
        })?;
        restreindre(&self.chemin).map_err(|e| erreur_fichier(&self.chemin, &e))?;
        Ok(Some(CleInstallation::depuis_graine(graine)))
    }

    /// Creates the key, atomically and exclusively: the key is written in
    /// full to a temporary file of this process, then linked to its name,
    /// which fails if a key is already there. When another process won the
    /// race, its key (the one on disk) is returned: every process ends up
    /// with the same key, and an existing key is never replaced.
    fn creer(&self) -> Result<CleInstallation, ExchangeError> {
        self.ecrire_exclusivement(CleInstallation::generer()?)
    }

    fn installer(&self, cle: &CleInstallation) -> Result<(), ExchangeError> {
        let gardee = self.ecrire_exclusivement(cle.clone())?;
        if gardee.publique() != cle.publique() {
            return Err(ExchangeError::Cle(format!(
                "Une autre clé (empreinte {}) est déjà dans {} : elle n’est jamais remplacée.",
                gardee.publique().empreinte_courte(),
                self.chemin.display()
            )));
        }
        Ok(())
    }
}

impl TrousseauFichier {
    /// Writes `cle` under the file's name unless a key is already there
    /// (then that key is returned).
    fn ecrire_exclusivement(&self, cle: CleInstallation) -> Result<CleInstallation, ExchangeError> {
        // Unique to this process and this key: no other process touches it.
        let unique = cle.publique().empreinte_courte().replace(|c: char| !c.is_ascii_alphanumeric(), "");
        let temporaire = self.chemin.with_extension(format!("{}-{unique}.tmp", std::process::id()));
        let ecrire = || -> std::io::Result<()> {
            let mut f = ouvrir_prive(&temporaire)?;
            f.write_all(format!("{}\n", cle.graine_base64()).as_bytes())?;
            f.sync_all()
        };
        let ecrit = ecrire().and_then(|()| fs::hard_link(&temporaire, &self.chemin));
        let _ = fs::remove_file(&temporaire);
        match ecrit {
            Ok(()) => Ok(cle),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => self.cle()?.ok_or_else(|| {
                ExchangeError::Cle(format!(
                    "Le fichier de clé {} a disparu pendant sa création.",
                    self.chemin.display()
                ))
            }),
            Err(e) => Err(erreur_fichier(&self.chemin, &e)),
        }
    }
}

#[cfg(unix)]
fn ouvrir_prive(chemin: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(chemin)
}

#[cfg(not(unix))]
fn ouvrir_prive(chemin: &Path) -> std::io::Result<fs::File> {
    // On Windows the data directory is in the user's profile, whose ACL
    // already keeps other users out.
    fs::OpenOptions::new().write(true).create_new(true).open(chemin)
}

#[cfg(unix)]
fn restreindre(chemin: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(chemin)?.permissions().mode();
    if mode & 0o077 != 0 {
        fs::set_permissions(chemin, fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn restreindre(_chemin: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_created_once_with_owner_only_permissions() {
        let dossier = tempfile::tempdir().unwrap();
        let trousseau = TrousseauFichier::dans(dossier.path());
        assert!(trousseau.cle().unwrap().is_none());
        let cle = trousseau.cle_ou_creer().unwrap();
        let relue = trousseau.cle_ou_creer().unwrap();
        assert_eq!(cle.publique(), relue.publique());
        let avant = fs::read(trousseau.chemin()).unwrap();
        let encore = trousseau.creer().unwrap();
        assert_eq!(encore.publique(), cle.publique(), "an existing key is never replaced: it is the key");
        assert_eq!(fs::read(trousseau.chemin()).unwrap(), avant);
        let restes: Vec<_> = fs::read_dir(dossier.path()).unwrap().filter_map(|e| e.ok()).collect();
        assert_eq!(restes.len(), 1, "no temporary file left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(trousseau.chemin()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn damaged_key_file_is_reported() {
        let dossier = tempfile::tempdir().unwrap();
        let trousseau = TrousseauFichier::dans(dossier.path());
        fs::write(trousseau.chemin(), "pas une clé").unwrap();
        assert!(trousseau.cle().unwrap_err().to_string().contains("endommagé"));
    }

    #[test]
    fn keyid_round_trips_and_fingerprints_are_stable() {
        let cle = CleInstallation::depuis_graine([7; 32]);
        let p = cle.publique();
        assert_eq!(ClePublique::depuis_keyid(&p.keyid()).unwrap(), p);
        assert!(p.keyid().starts_with("ed25519:"));
        assert_eq!(p.empreinte().len(), 64);
        assert_eq!(p.empreinte_courte().len(), 19);
        assert!(ClePublique::depuis_keyid("rsa:AAAA").is_err());
        assert!(ClePublique::depuis_keyid("ed25519:AAAA").is_err());
    }
}
