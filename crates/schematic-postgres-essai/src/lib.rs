//! A private PostgreSQL server for tests and benchmarks, from the Debian
//! package's binaries: `initdb` into a folder (as the `postgres` user when
//! run as root: initdb refuses root), started on a free local port with its
//! own socket folder, stopped when dropped. Nothing is assumed running and
//! nothing outside the folder is touched.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Where `cargo xtask test` tells the tests its server is
/// (`postgres://postgres@127.0.0.1:PORT/postgres`).
pub const VARIABLE_URL: &str = "SCHEMATIC_TEST_POSTGRES";

/// A running server.
#[derive(Debug)]
pub struct Serveur {
    bin: PathBuf,
    dossier: PathBuf,
    /// The folder of the server's socket.
    socket: PathBuf,
    donnees: PathBuf,
    pub port: u16,
    options: String,
    /// The user that owns and runs the server, when run as root.
    utilisateur: Option<&'static str>,
    arrete: bool,
}

/// The folder of the newest installed PostgreSQL's programs.
pub fn binaires() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, b)| b)
}

/// The server `cargo xtask test` started for the tests (its `postgres`
/// database), from [`VARIABLE_URL`].
pub fn serveur_des_tests() -> String {
    std::env::var(VARIABLE_URL).unwrap_or_else(|_| {
        panic!("{VARIABLE_URL} is not set: the PostgreSQL tests need the server that `cargo xtask test` starts")
    })
}

static BASES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A new empty database on the server of `url_admin` (a URL ending with a
/// database name); returns the new database's URL.
pub fn nouvelle_base(url_admin: &str) -> Result<String, String> {
    let n = BASES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let nom = format!("dane_{}_{n}", std::process::id());
    let bin = binaires().ok_or("PostgreSQL n’est pas installé (paquet Debian « postgresql »)")?;
    verifier(
        "psql",
        Command::new(bin.join("psql"))
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url_admin, "-c", &format!("CREATE DATABASE {nom}")])
            .output(),
    )?;
    let (debut, _) = url_admin.rsplit_once('/').ok_or("l’adresse du serveur ne nomme pas de base")?;
    Ok(format!("{debut}/{nom}"))
}

/// Runs `psql` with `sql` on the database at `url`; returns its output
/// (unaligned, tuples only).
pub fn psql(url: &str, sql: &str) -> Result<String, String> {
    let bin = binaires().ok_or("PostgreSQL n’est pas installé (paquet Debian « postgresql »)")?;
    let s = verifier(
        "psql",
        Command::new(bin.join("psql"))
            .args(["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
            .output(),
    )?;
    Ok(String::from_utf8_lossy(&s.stdout).into_owned())
}

/// Empties and creates `dossier`, owned by `utilisateur` if given, and
/// checks that this user can write there.
fn preparer(dossier: &Path, utilisateur: Option<&str>) -> Result<PathBuf, String> {
    let _ = fs::remove_dir_all(dossier);
    fs::create_dir_all(dossier).map_err(|e| format!("{} ({e})", dossier.display()))?;
    let dossier = dossier.canonicalize().map_err(|e| e.to_string())?;
    if let Some(u) = utilisateur {
        verifier("chown", Command::new("chown").args(["-R", u]).arg(&dossier).output())?;
        let atteint = Command::new("runuser").args(["-u", u, "--", "test", "-w"]).arg(&dossier).status();
        if !atteint.is_ok_and(|s| s.success()) {
            let _ = fs::remove_dir_all(&dossier);
            return Err(format!(
                "l’utilisateur {u} ne peut pas écrire dans {} (un dossier parent lui est fermé)",
                dossier.display()
            ));
        }
    }
    Ok(dossier)
}

fn est_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|s| String::from_utf8_lossy(&s.stdout).trim() == "0")
}

fn libre() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("aucun port local libre ({e})"))?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn verifier(quoi: &str, sortie: std::io::Result<Output>) -> Result<Output, String> {
    let s = sortie.map_err(|e| format!("{quoi} n’a pas pu être lancé ({e})"))?;
    if s.status.success() {
        Ok(s)
    } else {
        Err(format!(
            "{quoi} a échoué ({}) :\n{}{}",
            s.status,
            String::from_utf8_lossy(&s.stdout),
            String::from_utf8_lossy(&s.stderr)
        ))
    }
}

impl Serveur {
    /// Creates a new cluster in `dossier` (emptied first) and starts it; the
    /// folder is removed when the server is dropped. When run as root and
    /// the `postgres` user cannot reach `dossier` (a parent closed to
    /// others, as `/root` is), the cluster goes to the system's temporary
    /// folder instead. The socket always goes there: its path must stay
    /// short (about 100 bytes).
    pub fn demarrer(dossier: &Path) -> Result<Self, String> {
        let bin = binaires().ok_or("PostgreSQL n’est pas installé (paquet Debian « postgresql »)")?;
        let utilisateur = est_root().then_some("postgres");
        let dossier = match preparer(dossier, utilisateur) {
            Ok(d) => d,
            Err(pourquoi) => {
                let repli = std::env::temp_dir().join(format!("schematic-postgres-{}", std::process::id()));
                eprintln!("    ({pourquoi} : le serveur de test va dans {})", repli.display());
                preparer(&repli, utilisateur)?
            }
        };
        let donnees = dossier.join("donnees");
        let port = libre()?;
        let socket = std::env::temp_dir().join(format!("schematic-pg-{port}"));
        preparer(&socket, utilisateur)?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c max_connections=200",
            socket.display()
        );
        let mut s = Self { bin, dossier, socket, donnees, port, options, utilisateur, arrete: true };
        verifier(
            "initdb",
            s.commande("initdb")
                .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "-D"])
                .arg(&s.donnees)
                .output(),
        )?;
        s.lancer()?;
        Ok(s)
    }

    fn commande(&self, programme: &str) -> Command {
        match self.utilisateur {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(self.bin.join(programme));
                c
            }
            None => Command::new(self.bin.join(programme)),
        }
    }

    fn lancer(&mut self) -> Result<(), String> {
        verifier(
            "pg_ctl start",
            self.commande("pg_ctl")
                .arg("-D")
                .arg(&self.donnees)
                .args(["-o", &self.options, "-w", "-t", "60", "-l"])
                .arg(self.donnees.join("journal.log"))
                .arg("start")
                .output(),
        )?;
        self.arrete = false;
        Ok(())
    }

    /// The URL of database `base` as the superuser (trust authentication).
    pub fn url(&self, base: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{base}", self.port)
    }

    /// Stops the server at once, as a power cut would (`-m immediate`).
    pub fn couper(&mut self) -> Result<(), String> {
        self.arreter_en("immediate")
    }

    /// Starts it again after [`Serveur::couper`].
    pub fn relancer(&mut self) -> Result<(), String> {
        self.lancer()
    }

    fn arreter_en(&mut self, mode: &str) -> Result<(), String> {
        if self.arrete {
            return Ok(());
        }
        verifier(
            "pg_ctl stop",
            self.commande("pg_ctl").arg("-D").arg(&self.donnees).args(["-m", mode, "-w", "stop"]).output(),
        )?;
        self.arrete = true;
        Ok(())
    }
}

impl Drop for Serveur {
    /// Stops the server and removes its folder.
    fn drop(&mut self) {
        if self.arreter_en("fast").is_ok() {
            let _ = fs::remove_dir_all(&self.dossier);
            let _ = fs::remove_dir_all(&self.socket);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Run as root, a folder under a parent closed to others (as `/root` is)
    /// still gets a server: the cluster goes to the temporary folder, and
    /// everything is removed when it stops.
    #[cfg(unix)]
    #[test]
    fn a_folder_the_server_cannot_reach_falls_back_to_the_temporary_folder() {
        use std::os::unix::fs::PermissionsExt;
        let parent = std::env::temp_dir().join(format!("schematic-ferme-{}", std::process::id()));
        fs::create_dir_all(&parent).unwrap();
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o700)).unwrap();
        let serveur = Serveur::demarrer(&parent.join("pg")).unwrap();
        assert_eq!(psql(&serveur.url("postgres"), "SELECT 1").unwrap().trim(), "1");
        let (dossier, socket) = (serveur.dossier.clone(), serveur.socket.clone());
        if est_root() {
            assert!(!dossier.starts_with(&parent), "{}", dossier.display());
        }
        drop(serveur);
        assert!(!dossier.exists() && !socket.exists());
        fs::remove_dir_all(&parent).unwrap();
    }
}
