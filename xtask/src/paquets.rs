//! What we ship, built here: the Windows x64 programs cross-built with
//! mingw-w64, an MSI (wixl, from packaging/windows/schematic.wxs), a per-user
//! NSIS installer (makensis, packaging/windows/schematic.nsi) and a .deb
//! (dpkg-deb). `cargo xtask dist` makes them from release builds; the
//! installer tests of `cargo xtask test` make them from debug builds.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Resultat, cargo, etape, racine};

/// The Rust target of the Windows programs.
pub const CIBLE_WINDOWS: &str = "x86_64-pc-windows-gnu";

/// Debian packages needed to build the Windows programs and installers.
pub const PAQUETS_WINDOWS: &[&str] = &["gcc-mingw-w64-x86-64", "msitools", "wixl", "nsis"];

/// File names of the artefacts, in `target/dist` (release) or
/// `target/paquets-test` (debug, for the tests).
pub const MSI: &str = "SchemaTIC.msi";
pub const NSIS: &str = "SchemaTIC-installation-utilisateur.exe";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profil {
    Debug,
    Release,
}

impl Profil {
    fn dossier(self) -> &'static str {
        match self {
            Self::Debug => "debug",
            Self::Release => "release",
        }
    }

    fn options(self) -> &'static [&'static str] {
        match self {
            Self::Debug => &[],
            Self::Release => &["--release"],
        }
    }
}

/// The application's version, from src-tauri/tauri.conf.json (the same as
/// the workspace's).
pub fn version() -> Result<String, String> {
    let chemin = racine().join("src-tauri/tauri.conf.json");
    let texte = fs::read_to_string(&chemin).map_err(|e| format!("{} illisible ({e})", chemin.display()))?;
    texte
        .lines()
        .find_map(|l| l.trim().strip_prefix("\"version\": \"").and_then(|v| v.split('"').next()))
        .map(str::to_string)
        .ok_or_else(|| format!("pas de « version » dans {}", chemin.display()))
}

/// Adds the Rust target of Windows when it is missing.
fn cible_rust_windows() -> Resultat {
    let installees = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup est nécessaire pour construire les programmes Windows ({e})"))?;
    if String::from_utf8_lossy(&installees.stdout).lines().any(|l| l.trim() == CIBLE_WINDOWS) {
        return Ok(());
    }
    etape(
        &format!("Installation de la cible Rust {CIBLE_WINDOWS}"),
        Command::new("rustup").args(["target", "add", CIBLE_WINDOWS]),
    )
}

/// Cross-builds `schematic-app.exe` and `schematic.exe` (the linker is set
/// in .cargo/config.toml) and returns their folder, where the build also
/// put `WebView2Loader.dll`.
pub fn programmes_windows(profil: Profil) -> Result<PathBuf, String> {
    cible_rust_windows()?;
    etape(
        &format!("Construction des programmes Windows x64 ({}, mingw-w64)", profil.dossier()),
        cargo()
            .args(["build", "--target", CIBLE_WINDOWS, "-p", "schematic-app", "-p", "schematic-cli"])
            .args(profil.options()),
    )?;
    let dossier = racine().join("target").join(CIBLE_WINDOWS).join(profil.dossier());
    for f in ["schematic-app.exe", "schematic.exe", "WebView2Loader.dll"] {
        if !dossier.join(f).is_file() {
            return Err(format!("{} manque après la construction", dossier.join(f).display()));
        }
    }
    Ok(dossier)
}

/// Builds the Linux programs and returns their folder.
pub fn programmes_linux(profil: Profil) -> Result<PathBuf, String> {
    etape(
        &format!("Construction des programmes Linux ({})", profil.dossier()),
        cargo().args(["build", "-p", "schematic-app", "-p", "schematic-cli"]).args(profil.options()),
    )?;
    Ok(racine().join("target").join(profil.dossier()))
}

fn copier(de: &Path, vers: &Path) -> Resultat {
    fs::copy(de, vers)
        .map(drop)
        .map_err(|e| format!("copie de {} vers {} impossible ({e})", de.display(), vers.display()))
}

fn dossier_neuf(dossier: &Path) -> Resultat {
    let _ = fs::remove_dir_all(dossier);
    fs::create_dir_all(dossier).map_err(|e| format!("{} ne peut pas être créé ({e})", dossier.display()))
}

/// Gathers what the Windows installers contain into `sortie/windows`.
fn preparer_windows(binaires: &Path, sortie: &Path) -> Result<PathBuf, String> {
    let dossier = sortie.join("windows");
    dossier_neuf(&dossier)?;
    for f in ["schematic-app.exe", "schematic.exe", "WebView2Loader.dll"] {
        copier(&binaires.join(f), &dossier.join(f))?;
    }
    copier(&racine().join("packaging/windows/LISEZMOI.txt"), &dossier.join("LISEZMOI.txt"))?;
    copier(&racine().join("src-tauri/icons/icon.ico"), &dossier.join("schematic.ico"))?;
    Ok(dossier)
}

/// The MSI: wixl over our WiX source, then what wixl cannot express added
/// with msibuild — the PATH entry of the optional feature (Environment
/// table and its two standard actions) and the package's language (wixl
/// writes 1033 in the summary whatever the source says).
pub fn msi(binaires: &Path, sortie: &Path) -> Result<PathBuf, String> {
    msi_en_version(binaires, sortie, &version()?, MSI)
}

/// As [`msi`], under another version number and file name (the tests make a
/// "newer" package to check that it replaces the older one).
pub fn msi_en_version(binaires: &Path, sortie: &Path, version: &str, nom: &str) -> Result<PathBuf, String> {
    let contenu = preparer_windows(binaires, sortie)?;
    let msi = sortie.join(nom);
    let _ = fs::remove_file(&msi);
    etape(
        "Construction du paquet MSI (wixl)",
        Command::new("wixl")
            .args(["-a", "x64", "-D", &format!("Version={version}"), "-o"])
            .arg(&msi)
            .arg(racine().join("packaging/windows/schematic.wxs"))
            .current_dir(&contenu),
    )?;
    copier(&racine().join("packaging/windows/chemin.idt"), &contenu.join("Environment.idt"))?;
    let code_paquet = guid_aleatoire()?;
    etape(
        "Compléments du paquet MSI (msibuild : PATH, langue)",
        Command::new("msibuild")
            .arg(&msi)
            .args(["-i", "Environment.idt"])
            .args([
                "-q",
                "INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('RemoveEnvironmentStrings', 3300)",
                "-q",
                "INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('WriteEnvironmentStrings', 5200)",
            ])
            .args([
                "-s",
                &format!("SchémaTIC {version} — autodiagnostic de la maturité numérique des établissements scolaires"),
                "SchémaTIC",
                "x64;1036",
                &code_paquet,
            ])
            .current_dir(&contenu),
    )?;
    Ok(msi)
}

/// A new package code, as every distinct MSI must have.
fn guid_aleatoire() -> Result<String, String> {
    let texte = fs::read_to_string("/proc/sys/kernel/random/uuid")
        .map_err(|e| format!("pas de générateur d’identifiants (/proc/sys/kernel/random/uuid : {e})"))?;
    Ok(format!("{{{}}}", texte.trim().to_uppercase()))
}

/// The per-user installer. `rapide` (tests) stores the files uncompressed.
pub fn nsis(binaires: &Path, sortie: &Path, rapide: bool) -> Result<PathBuf, String> {
    let version = version()?;
    let contenu = preparer_windows(binaires, sortie)?;
    let exe = sortie.join(NSIS);
    let mut c = Command::new("makensis");
    c.args(["-V2", "-INPUTCHARSET", "UTF8"])
        .arg(format!("-DVERSION={version}"))
        .arg(format!("-DBINAIRES={}", contenu.display()))
        .arg(format!("-DSORTIE={}", exe.display()));
    if rapide {
        c.arg("-DRAPIDE");
    }
    etape(
        "Construction de l’installateur par utilisateur (NSIS)",
        c.arg(racine().join("packaging/windows/schematic.nsi")),
    )?;
    Ok(exe)
}

/// Name of the .deb for a version.
pub fn nom_deb(version: &str) -> String {
    format!("schematic_{version}_amd64.deb")
}

/// The .deb: both programs in /usr/bin, the menu entry, the icons; its
/// dependencies are the packages holding the libraries the app links to.
pub fn deb(binaires: &Path, sortie: &Path) -> Result<PathBuf, String> {
    let version = version()?;
    let arbre = sortie.join("deb");
    dossier_neuf(&arbre)?;
    let creer = |d: &Path| fs::create_dir_all(d).map_err(|e| format!("{} ({e})", d.display()));
    for d in ["DEBIAN", "usr/bin", "usr/share/applications", "usr/share/doc/schematic"] {
        creer(&arbre.join(d))?;
    }
    for f in ["schematic-app", "schematic"] {
        copier(&binaires.join(f), &arbre.join("usr/bin").join(f))?;
    }
    for (taille, source) in [("32x32", "32x32.png"), ("128x128", "128x128.png"), ("512x512", "icon.png")] {
        let d = arbre.join("usr/share/icons/hicolor").join(taille).join("apps");
        creer(&d)?;
        copier(&racine().join("src-tauri/icons").join(source), &d.join("schematic-app.png"))?;
    }
    copier(
        &racine().join("packaging/linux/schematic.desktop"),
        &arbre.join("usr/share/applications/fr.schematic.app.desktop"),
    )?;
    copier(&racine().join("packaging/linux/copyright"), &arbre.join("usr/share/doc/schematic/copyright"))?;
    let dependances = dependances_debian(&binaires.join("schematic-app"))?;
    let taille_kio = taille(&arbre.join("usr")) / 1024;
    let controle = format!(
        "Package: schematic\n\
         Version: {version}\n\
         Architecture: amd64\n\
         Maintainer: SchémaTIC <schematic@example.invalid>\n\
         Installed-Size: {taille_kio}\n\
         Depends: {}\n\
         Section: education\n\
         Priority: optional\n\
         Description: autodiagnostic de la maturité numérique des établissements scolaires\n \
         SchémaTIC : l’établissement évalue sa maturité numérique (référentiel en 5\n \
         domaines et 3 niveaux), année après année, hors ligne, et exporte un\n \
         diagnostic signé pour sa DANE. Contient l’application (schematic-app) et la\n \
         ligne de commande (schematic).\n",
        dependances.join(", ")
    );
    fs::write(arbre.join("DEBIAN/control"), controle).map_err(|e| format!("DEBIAN/control ({e})"))?;
    let deb = sortie.join(nom_deb(&version));
    etape(
        "Construction du paquet .deb (dpkg-deb)",
        Command::new("dpkg-deb").args(["--build", "--root-owner-group", "-Zxz"]).arg(&arbre).arg(&deb),
    )?;
    Ok(deb)
}

fn taille(chemin: &Path) -> u64 {
    match fs::symlink_metadata(chemin) {
        Ok(m) if m.is_dir() => {
            fs::read_dir(chemin).map(|d| d.filter_map(Result::ok).map(|e| taille(&e.path())).sum()).unwrap_or(0)
        }
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

/// The Debian packages holding the shared libraries `binaire` needs (its
/// NEEDED entries, found with ldconfig's cache and `dpkg -S`), the C
/// library excepted (every system has it).
fn dependances_debian(binaire: &Path) -> Result<Vec<String>, String> {
    let sortie = Command::new("objdump").arg("-p").arg(binaire).output().map_err(|e| format!("objdump ({e})"))?;
    let cache = Command::new("ldconfig").arg("-p").output().map_err(|e| format!("ldconfig ({e})"))?;
    let cache = String::from_utf8_lossy(&cache.stdout).into_owned();
    let mut paquets: Vec<String> = Vec::new();
    for bibliotheque in String::from_utf8_lossy(&sortie.stdout).lines().filter_map(|l| l.trim().strip_prefix("NEEDED"))
    {
        let bibliotheque = bibliotheque.trim();
        let Some(chemin) = cache
            .lines()
            .filter(|l| l.trim_start().starts_with(&format!("{bibliotheque} ")) && l.contains("x86-64"))
            .find_map(|l| l.split(" => ").nth(1))
        else {
            return Err(format!("la bibliothèque {bibliotheque} n’est pas dans le cache de ldconfig"));
        };
        // With a merged /usr, dpkg knows /usr/lib/… where ldconfig says /lib/….
        let chemin = chemin.trim();
        let mut texte = String::new();
        for essai in [chemin.to_string(), format!("/usr{chemin}")] {
            let o = Command::new("dpkg").args(["-S", &essai]).output().map_err(|e| format!("dpkg -S ({e})"))?;
            if o.status.success() {
                texte = String::from_utf8_lossy(&o.stdout).into_owned();
                break;
            }
        }
        let Some(paquet) = texte.split(':').next().filter(|p| !p.is_empty()) else {
            return Err(format!("aucun paquet Debian ne fournit {chemin}"));
        };
        if paquet != "libc6" && !paquets.iter().any(|p| p == paquet) {
            paquets.push(paquet.to_string());
        }
    }
    paquets.push("libc6".into());
    Ok(paquets)
}

/// `SHA256SUMS` beside the artefacts, in `sha256sum --check` format.
pub fn sommes_sha256(dossier: &Path, fichiers: &[&Path]) -> Resultat {
    let mut c = Command::new("sha256sum");
    c.current_dir(dossier);
    for f in fichiers {
        c.arg(f.file_name().ok_or("artefact sans nom")?);
    }
    let sortie = c.output().map_err(|e| format!("sha256sum ({e})"))?;
    if !sortie.status.success() {
        return Err(format!("sha256sum : {}", String::from_utf8_lossy(&sortie.stderr)));
    }
    fs::write(dossier.join("SHA256SUMS"), sortie.stdout).map_err(|e| format!("SHA256SUMS ({e})"))
}
