//! The DANE store on a PostgreSQL server, shared by a DANE's team.
//!
//! Synchronous like the rest (`postgres`, a small `r2d2` pool); TLS through
//! the system's library (`native-tls`: SChannel on Windows, OpenSSL on
//! Linux) whenever the address's `sslmode` allows or asks for it, the
//! server's certificate always checked. Every write that touches imported
//! diagnostics (a batch, an enrolment, a revocation) first takes one
//! transaction-level advisory lock: writers from every process follow one
//! another, each seeing what the previous one committed, so the trust rules
//! hold across processes and no two writers can deadlock; readers are never
//! blocked (MVCC). A batch is written with a few set-based statements.

use std::time::Duration;

use postgres::Client;
use postgres::config::SslMode;
use postgres_native_tls::MakeTlsConnector;
use r2d2_postgres::PostgresConnectionManager;
use schematic_dane_store::StockageError;

pub mod adresse;
mod annuaire;
mod copie;
mod enrolement;
mod import;
mod publication;
mod schema;
mod stockage;
mod territoire;

pub use adresse::Adresse;
pub use schema::ROLE_LECTURE;

/// The key of the advisory lock every diagnostics writer takes.
const VERROU_ECRITURE: i64 = 0x5343_4845_4D41_5449; // « SCHEMATI »

type Gestionnaire = PostgresConnectionManager<MakeTlsConnector>;

/// The DANE store on a PostgreSQL server.
pub struct StockagePostgres {
    pool: r2d2::Pool<Gestionnaire>,
    description: String,
}

impl std::fmt::Debug for StockagePostgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StockagePostgres").field("description", &self.description).finish_non_exhaustive()
    }
}

impl StockagePostgres {
    /// Connects to the server at `adresse` (password typed, or from the
    /// password file), creating or migrating the DANE's tables.
    pub fn connecter(adresse: &Adresse, mot_de_passe: Option<&str>) -> Result<Self, StockageError> {
        let mut config = adresse.config.clone();
        if let Some(m) = adresse.mot_de_passe(mot_de_passe) {
            config.password(m);
        }
        config.connect_timeout(Duration::from_secs(10));
        config.application_name("SchémaTIC");
        let tls = connecteur(adresse)?;
        let (hote, port, base) = adresse.serveur();
        let ou = format!("PostgreSQL, base {base} sur {hote}:{port}");
        let mut client = config.connect(tls.clone()).map_err(|e| erreur_connexion(&e, adresse))?;
        schema::migrer(&mut client)?;
        let pool = r2d2::Pool::builder()
            .max_size(4)
            .min_idle(Some(0))
            .connection_timeout(Duration::from_secs(10))
            .build_unchecked(PostgresConnectionManager::new(config, tls));
        let chiffre = match adresse.ssl() {
            SslMode::Disable => ", sans chiffrement",
            SslMode::Require => ", chiffrée (TLS)",
            _ => "",
        };
        Ok(Self { pool, description: format!("{ou}{chiffre}") })
    }

    pub(crate) fn client(&self) -> Result<r2d2::PooledConnection<Gestionnaire>, StockageError> {
        self.pool.get().map_err(|_| connexion_perdue())
    }
}

fn connecteur(adresse: &Adresse) -> Result<MakeTlsConnector, StockageError> {
    let mut constructeur = native_tls::TlsConnector::builder();
    if let Some(fichier) = &adresse.certificat_racine {
        let pem = std::fs::read(fichier).map_err(|e| {
            StockageError::Connexion(format!(
                "Le certificat d’autorité {} (sslrootcert) ne peut pas être lu : {e}.",
                fichier.display()
            ))
        })?;
        let certificat = native_tls::Certificate::from_pem(&pem).map_err(|e| {
            StockageError::Connexion(format!(
                "Le fichier {} (sslrootcert) n’est pas un certificat PEM : {e}.",
                fichier.display()
            ))
        })?;
        constructeur.add_root_certificate(certificat);
    }
    let tls = constructeur.build().map_err(|e| {
        StockageError::Connexion(format!("La bibliothèque TLS du système n’a pas pu être préparée : {e}."))
    })?;
    Ok(MakeTlsConnector::new(tls))
}

/// One sentence for a connection that failed, without the library's English.
fn erreur_connexion(e: &postgres::Error, adresse: &Adresse) -> StockageError {
    let (hote, port, base) = adresse.serveur();
    let utilisateur = adresse.config.get_user().unwrap_or_default();
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    let mut io = None;
    let mut tls = false;
    while let Some(s) = source {
        if let Some(x) = s.downcast_ref::<std::io::Error>() {
            io = Some(x.kind());
        }
        tls |= s.is::<native_tls::Error>();
        source = s.source();
    }
    let texte = e.to_string();
    let phrase = match e.as_db_error().map(|d| d.code().code()) {
        Some("28P01" | "28000") => format!(
            "Le serveur PostgreSQL {hote}:{port} a refusé l’utilisateur {utilisateur} (mot de passe absent ou faux, ou poste non autorisé) : tapez le mot de passe, ou ajoutez une ligne au fichier de mots de passe de PostgreSQL (.pgpass)."
        ),
        Some("3D000") => format!(
            "La base {base} n’existe pas sur le serveur PostgreSQL {hote}:{port} : créez-la d’abord (voir docs/dane-serveur.md)."
        ),
        Some(_) => format!(
            "Le serveur PostgreSQL {hote}:{port} a refusé la connexion : {}.",
            e.as_db_error().map(|d| d.message().to_string()).unwrap_or_default()
        ),
        None if texte.contains("password missing") => format!(
            "Le serveur PostgreSQL {hote}:{port} demande un mot de passe pour {utilisateur} : tapez-le, ou ajoutez une ligne au fichier de mots de passe de PostgreSQL (.pgpass)."
        ),
        None if tls || texte.contains("TLS") => format!(
            "La connexion chiffrée (TLS) au serveur PostgreSQL {hote}:{port} a échoué : le serveur doit accepter TLS, avec un certificat reconnu par ce poste ou donné par sslrootcert."
        ),
        None => {
            let pourquoi = match io {
                Some(std::io::ErrorKind::ConnectionRefused) => {
                    "refuse la connexion (aucun serveur n’écoute sur ce port)"
                }
                Some(std::io::ErrorKind::TimedOut) => "ne répond pas dans le délai (10 secondes)",
                Some(std::io::ErrorKind::NotFound) => "est introuvable (nom inconnu du réseau)",
                _ => "ne répond pas",
            };
            format!(
                "Le serveur PostgreSQL {hote}:{port} {pourquoi} : vérifiez l’adresse, et que le serveur est démarré et joignable."
            )
        }
    };
    StockageError::Connexion(phrase)
}

/// A failure during an operation: the connection lost (the server stopped,
/// the network cut) is said as such; nothing of the transaction stays.
#[allow(clippy::needless_pass_by_value, reason = "called through `map_err`, which hands the error over")]
pub(crate) fn erreur(e: postgres::Error) -> StockageError {
    let code = e.as_db_error().map(|d| d.code().code().to_string());
    let perdue = e.is_closed()
        || code.as_deref().is_some_and(|c| c.starts_with("57P") || c.starts_with("08"))
        || (code.is_none() && std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()));
    if perdue { connexion_perdue() } else { StockageError::Base(e.to_string()) }
}

/// The server went away during an operation, or does not answer any more.
fn connexion_perdue() -> StockageError {
    StockageError::Connexion(
        "La connexion au serveur PostgreSQL de l’espace DANE a été perdue : ce qui était en cours n’a pas été enregistré ; relancez l’opération une fois le serveur de nouveau joignable."
            .into(),
    )
}

/// A stored value that does not read back.
pub(crate) fn corrompu(quoi: &str) -> StockageError {
    StockageError::Base(format!("valeur enregistrée illisible : {quoi}"))
}

/// Begins a write transaction that follows every other diagnostics writer.
pub(crate) fn ecrivain(client: &mut Client) -> Result<postgres::Transaction<'_>, StockageError> {
    let mut tx = client.transaction().map_err(erreur)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&VERROU_ECRITURE]).map_err(erreur)?;
    Ok(tx)
}
