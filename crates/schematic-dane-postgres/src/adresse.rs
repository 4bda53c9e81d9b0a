//! The address of a DANE's PostgreSQL server as the user writes it
//! (`postgres://utilisateur@serveur:5432/base?sslmode=require`), and where
//! its password comes from: typed at connection, or the standard password
//! file (`PGPASSFILE`, `~/.pgpass`, `%APPDATA%\postgresql\pgpass.conf`), or
//! `PGPASSWORD`. SchémaTIC never writes a password anywhere: an address that
//! holds one is refused.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use postgres::config::{Host, SslMode};
use schematic_dane_store::StockageError;

/// An address, checked, without password.
#[derive(Debug, Clone)]
pub struct Adresse {
    pub config: postgres::Config,
    /// A CA certificate to trust besides the system's (`sslrootcert=FICHIER`).
    pub certificat_racine: Option<PathBuf>,
    /// The address as shown to the user.
    pub texte: String,
}

fn refus(phrase: String) -> StockageError {
    StockageError::Connexion(phrase)
}

impl Adresse {
    /// Reads `postgres://…` (or `postgresql://…`). `sslmode` may be
    /// `disable`, `prefer` (the default), `require`, `verify-ca` or
    /// `verify-full`: whenever TLS is used the server's certificate is
    /// checked against the system's authorities (and `sslrootcert`), so the
    /// last three mean the same here.
    pub fn lire(texte: &str) -> Result<Self, StockageError> {
        let texte = texte.trim();
        if !(texte.starts_with("postgres://") || texte.starts_with("postgresql://")) {
            return Err(refus(format!(
                "« {texte} » n’est pas une adresse de serveur PostgreSQL : écrivez-la sous la forme postgres://utilisateur@serveur/base."
            )));
        }
        let (base, requete) = texte.split_once('?').unwrap_or((texte, ""));
        let mut gardes = Vec::new();
        let mut certificat_racine = None;
        for parametre in requete.split('&').filter(|p| !p.is_empty()) {
            let (cle, valeur) = parametre.split_once('=').unwrap_or((parametre, ""));
            match cle {
                "sslrootcert" => certificat_racine = Some(PathBuf::from(valeur)),
                "sslmode" if matches!(valeur, "verify-ca" | "verify-full") => {
                    gardes.push("sslmode=require".to_string());
                }
                "password" => return Err(mot_de_passe_dans_l_adresse()),
                _ => gardes.push(parametre.to_string()),
            }
        }
        let nettoyee = if gardes.is_empty() { base.to_string() } else { format!("{base}?{}", gardes.join("&")) };
        let mut config = postgres::Config::from_str(&nettoyee).map_err(|e| {
            refus(format!("L’adresse « {texte} » n’est pas valide ({e}) : écrivez-la sous la forme postgres://utilisateur@serveur/base."))
        })?;
        if config.get_password().is_some() {
            return Err(mot_de_passe_dans_l_adresse());
        }
        if config.get_user().is_none() {
            let utilisateur = std::env::var("PGUSER")
                .or_else(|_| std::env::var("USER"))
                .or_else(|_| std::env::var("USERNAME"))
                .map_err(|_| refus(format!("L’adresse « {texte} » ne dit pas quel utilisateur se connecte : écrivez postgres://utilisateur@serveur/base.")))?;
            config.user(&utilisateur);
        }
        if config.get_hosts().is_empty() {
            config.host("localhost");
        }
        Ok(Self { config, certificat_racine, texte: texte.to_string() })
    }

    pub fn ssl(&self) -> SslMode {
        self.config.get_ssl_mode()
    }

    /// Server, port and database, for messages and the password file.
    pub fn serveur(&self) -> (String, u16, String) {
        let hote = match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            // libpq matches a socket folder as « localhost » in the password file.
            _ => "localhost".to_string(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let utilisateur = self.config.get_user().unwrap_or_default();
        let base = self.config.get_dbname().unwrap_or(utilisateur).to_string();
        (hote, port, base)
    }

    /// The password to use: the one typed, else the password file's, else
    /// `PGPASSWORD`; `None` when the server is to be tried without.
    pub fn mot_de_passe(&self, saisi: Option<&str>) -> Option<String> {
        if let Some(m) = saisi {
            return Some(m.to_string());
        }
        let (hote, port, base) = self.serveur();
        let utilisateur = self.config.get_user().unwrap_or_default();
        fichier_mots_de_passe()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|texte| chercher(&texte, &hote, port, &base, utilisateur))
            .or_else(|| std::env::var("PGPASSWORD").ok())
    }
}

fn mot_de_passe_dans_l_adresse() -> StockageError {
    refus(
        "L’adresse contient un mot de passe : SchémaTIC n’enregistre jamais de mot de passe. Retirez-le de l’adresse ; il sera demandé à la connexion, ou lu dans le fichier de mots de passe de PostgreSQL (.pgpass)."
            .into(),
    )
}

/// Where libpq looks for the password file.
fn fichier_mots_de_passe() -> Option<PathBuf> {
    let f = match std::env::var_os("PGPASSFILE") {
        Some(f) => PathBuf::from(f),
        None if cfg!(windows) => dirs::config_dir()?.join("postgresql").join("pgpass.conf"),
        None => dirs::home_dir()?.join(".pgpass"),
    };
    if trop_ouvert(&f) { None } else { Some(f) }
}

/// libpq ignores a password file that others may read (Unix).
#[cfg(unix)]
fn trop_ouvert(f: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(f).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn trop_ouvert(_: &Path) -> bool {
    false
}

/// The password of the first matching line of a password file
/// (`serveur:port:base:utilisateur:mot de passe`, `*` matching anything,
/// `\:` and `\\` escaped).
pub fn chercher(texte: &str, hote: &str, port: u16, base: &str, utilisateur: &str) -> Option<String> {
    let port = port.to_string();
    for ligne in texte.lines() {
        if ligne.trim_start().starts_with('#') || ligne.trim().is_empty() {
            continue;
        }
        let champs = champs(ligne);
        if champs.len() != 5 {
            continue;
        }
        let correspond = |champ: &str, valeur: &str| champ == "*" || champ == valeur;
        if correspond(&champs[0], hote)
            && correspond(&champs[1], &port)
            && correspond(&champs[2], base)
            && correspond(&champs[3], utilisateur)
        {
            return Some(champs[4].clone());
        }
    }
    None
}

fn champs(ligne: &str) -> Vec<String> {
    let mut champs = vec![String::new()];
    let mut car = ligne.chars();
    while let Some(c) = car.next() {
        match c {
            '\\' => {
                if let (Some(suivant), Some(dernier)) = (car.next(), champs.last_mut()) {
                    dernier.push(suivant);
                }
            }
            ':' if champs.len() < 5 => champs.push(String::new()),
            c => {
                if let Some(dernier) = champs.last_mut() {
                    dernier.push(c);
                }
            }
        }
    }
    champs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_file_matches_like_libpq() {
        let f = "# DANE\nautre:5432:*:*:non\nserveur.ac:5432:dane:conseiller:mot\\:de\\\\passe\n*:*:*:*:joker\n";
        assert_eq!(chercher(f, "serveur.ac", 5432, "dane", "conseiller").as_deref(), Some("mot:de\\passe"));
        assert_eq!(chercher(f, "serveur.ac", 5433, "dane", "conseiller").as_deref(), Some("joker"));
        assert_eq!(chercher("a:1:b:c", "a", 1, "b", "c"), None);
    }

    #[test]
    fn an_address_never_carries_a_password() {
        for adresse in ["postgres://u:secret@h/b", "postgres://u@h/b?password=secret"] {
            let e = Adresse::lire(adresse).unwrap_err().to_string();
            assert!(e.contains("n’enregistre jamais de mot de passe"), "{e}");
        }
        assert!(Adresse::lire("mysql://u@h/b").unwrap_err().to_string().contains("n’est pas une adresse"));
        let a = Adresse::lire("postgres://u@serveur:6543/dane?sslmode=verify-full&sslrootcert=/etc/ca.pem").unwrap();
        assert_eq!(a.serveur(), ("serveur".into(), 6543, "dane".into()));
        assert_eq!(a.ssl(), SslMode::Require);
        assert_eq!(a.certificat_racine.as_deref(), Some(Path::new("/etc/ca.pem")));
    }
}
