//! The installer tests of `cargo xtask test`: what we ship, installed and run
//! as a user would, from debug builds.
//!
//! - the MSI read with `msiinfo`: per-machine, MajorUpgrade, the files, a
//!   shortcut, HKLM only, French, the PATH feature, no custom action;
//! - under Wine (a 64-bit prefix made here, with the test-only `ProcessPrng`
//!   stand-in of tests/wine built here): the MSI installed silently, the
//!   installed CLI running a school's journey and a DANE import, its files
//!   verified by the Linux build, its data in `%LOCALAPPDATA%`; the installed
//!   app showing the WebView2 message box (screenshot) and exiting non-zero
//!   without a panic; the MSI uninstalled silently, the data kept; the
//!   per-user NSIS installer installed and uninstalled silently;
//! - the .deb installed with dpkg, `schematic --version` from /usr/bin, the
//!   app started from its installed path under Xvfb (first screen captured),
//!   then removed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

mod deb;
mod msi;

use crate::paquets::{self, Profil};
use crate::{Resultat, etape, racine};

/// Debian packages the installer tests need beyond the build's.
pub const PAQUETS: &[&str] = &["wine64"];

fn ok(quoi: &str) {
    println!("    ok — {quoi}");
}

fn verifier(condition: bool, quoi: &str, detail: impl FnOnce() -> String) -> Resultat {
    if condition {
        ok(quoi);
        Ok(())
    } else {
        Err(format!("{quoi} : NON — {}", detail()))
    }
}

fn lancer(commande: &mut Command) -> Result<Output, String> {
    commande.output().map_err(|e| format!("impossible de lancer {commande:?} ({e})"))
}

fn texte(o: &Output) -> String {
    format!("code {:?}\n{}{}", o.status.code(), String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

pub fn tester(captures: &Path) -> Resultat {
    let debut = Instant::now();
    let sortie = racine().join("target/paquets-test");
    let _ = fs::remove_dir_all(&sortie);
    fs::create_dir_all(&sortie).map_err(|e| format!("{} ({e})", sortie.display()))?;
    let windows = paquets::programmes_windows(Profil::Debug)?;
    let msi = paquets::msi(&windows, &sortie)?;
    let nsis = paquets::nsis(&windows, &sortie, true)?;
    // The Linux programs were built once for every test (cargo build --workspace).
    let deb = paquets::deb(&racine().join("target/debug"), &sortie)?;
    fs::create_dir_all(captures).map_err(|e| format!("{} ({e})", captures.display()))?;

    println!("\n==> Programmes Windows et paquet MSI lu avec msiinfo");
    msi::ressources_de_version(&windows)?;
    msi::inspecter_msi(&msi)?;

    println!("\n==> Sous Wine : installation du MSI, ligne de commande, message WebView2, désinstallation");
    let wine = Wine::preparer()?;
    let resultat = sous_wine(&wine, &msi, &nsis, captures);
    wine.arreter();
    resultat?;

    println!("\n==> Paquet .deb installé avec dpkg");
    deb::tester_deb(&deb, captures)?;
    println!("    Tests des installateurs : faits en {:.0} s", debut.elapsed().as_secs_f64());
    Ok(())
}

// ---- Wine ----------------------------------------------------------------

/// A 64-bit Wine prefix of our own, under target/wine.
struct Wine {
    wine: PathBuf,
    prefixe: PathBuf,
}

impl Wine {
    fn preparer() -> Result<Self, String> {
        let wine = ["/usr/lib/wine/wine64", "/usr/bin/wine64"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
            .ok_or("wine64 est introuvable (paquet Debian wine64)")?;
        let dossier = racine().join("target/wine");
        let prefixe = dossier.join("prefixe");
        let _ = fs::remove_dir_all(&prefixe);
        fs::create_dir_all(&dossier).map_err(|e| format!("{} ({e})", dossier.display()))?;
        let w = Self { wine, prefixe };
        etape("Création d’un préfixe Wine 64 bits", w.commande().args(["wineboot", "--init"]))?;
        // Rust programs need ProcessPrng, which Wine 8 lacks: the stand-in.
        let dll = dossier.join("bcryptprimitives.dll");
        let source = racine().join("tests/wine");
        etape(
            "Construction du remplaçant de bcryptprimitives.dll (tests/wine, mingw-w64)",
            Command::new("x86_64-w64-mingw32-gcc")
                .args(["-shared", "-O2", "-o"])
                .arg(&dll)
                .arg(source.join("bcryptprimitives.c"))
                .arg(source.join("bcryptprimitives.def"))
                .arg("-ladvapi32"),
        )?;
        let system32 = w.prefixe.join("drive_c/windows/system32");
        fs::copy(&dll, system32.join("bcryptprimitives.dll")).map_err(|e| format!("{} ({e})", system32.display()))?;
        Ok(w)
    }

    fn commande(&self) -> Command {
        let mut c = Command::new(&self.wine);
        c.env("WINEPREFIX", &self.prefixe)
            .env("WINEARCH", "win64")
            .env("WINEDEBUG", "-all")
            // No menu entries or file associations written into the host.
            .env("WINEDLLOVERRIDES", "winemenubuilder.exe=d")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        c
    }

    /// The Windows form of a host path (Wine's Z: drive is /).
    fn z(chemin: &Path) -> String {
        format!("Z:{}", chemin.display().to_string().replace('/', "\\"))
    }

    fn c(&self, windows: &str) -> PathBuf {
        self.prefixe.join("drive_c").join(windows.replace('\\', "/"))
    }

    /// The user's profile folder in the prefix (named after the Unix user).
    fn profil(&self) -> Result<PathBuf, String> {
        let utilisateurs = self.prefixe.join("drive_c/users");
        fs::read_dir(&utilisateurs)
            .map_err(|e| format!("{} ({e})", utilisateurs.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.join("AppData/Local").is_dir())
            .ok_or_else(|| format!("aucun profil d’utilisateur dans {}", utilisateurs.display()))
    }

    /// Stops the prefix's Wine server and its processes, and waits for it.
    fn arreter(&self) {
        let serveur = self.wine.with_file_name("wineserver");
        let _ = Command::new(&serveur).arg("-k").env("WINEPREFIX", &self.prefixe).status();
        let _ = Command::new(&serveur).arg("-w").env("WINEPREFIX", &self.prefixe).status();
    }
}

const CLI_INSTALLEE: &str = r"C:\Program Files\SchémaTIC\schematic.exe";
const APP_INSTALLEE: &str = r"C:\Program Files\SchémaTIC\schematic-app.exe";

fn sous_wine(wine: &Wine, msi: &Path, nsis: &Path, captures: &Path) -> Resultat {
    let o = lancer(wine.commande().args(["msiexec", "/i", &Wine::z(msi), "/qn"]))?;
    verifier(o.status.success(), "msiexec /i SchemaTIC.msi /qn", || texte(&o))?;
    let dossier = wine.c(r"Program Files\SchémaTIC");
    for f in ["schematic-app.exe", "schematic.exe", "WebView2Loader.dll", "LISEZMOI.txt"] {
        verifier(dossier.join(f).is_file(), &format!("installé : Program Files\\SchémaTIC\\{f}"), || {
            format!("{} absent", dossier.join(f).display())
        })?;
    }
    let chemin = chemin_systeme(wine)?;
    verifier(
        chemin.contains(r"C:\Program Files\Sch") && chemin.contains(r"maTIC\"),
        "PATH du système : le dossier d’installation y est",
        || chemin.clone(),
    )?;
    let produits = produits_installes(wine)?;
    verifier(
        produits == [paquets::version()?],
        "inscrit auprès de Windows Installer (HKLM), en version du projet",
        || format!("{produits:?}"),
    )?;
    let raccourci = trouver(&wine.prefixe.join("drive_c"), "SchémaTIC.lnk");
    verifier(raccourci.is_some(), "raccourci SchémaTIC.lnk créé", || "aucun".into())?;

    journee_en_ligne_de_commande(wine)?;
    webview2_absent(wine, captures)?;

    // A newer package replaces the older (MajorUpgrade): one product left.
    let version = paquets::version()?;
    let suivante = version_suivante(&version)?;
    let plus_recent = paquets::msi_en_version(
        &wine.prefixe.join("drive_c/Program Files/SchémaTIC"),
        &racine().join("target/paquets-test/mise-a-niveau"),
        &suivante,
        "SchemaTIC-suivant.msi",
    )?;
    let o = lancer(wine.commande().args(["msiexec", "/i", &Wine::z(&plus_recent), "/qn"]))?;
    verifier(o.status.success(), &format!("msiexec /i du paquet {suivante} par-dessus {version}"), || texte(&o))?;
    let produits = produits_installes(wine)?;
    verifier(
        produits == [suivante.clone()],
        &format!("mise à niveau : un seul SchémaTIC installé, en version {suivante}"),
        || format!("{produits:?}"),
    )?;
    let o = lancer(wine.commande().args(["msiexec", "/x", &Wine::z(&plus_recent), "/qn"]))?;
    verifier(o.status.success(), "msiexec /x SchemaTIC.msi /qn", || texte(&o))?;
    verifier(produits_installes(wine)?.is_empty(), "plus aucun SchémaTIC inscrit dans le registre", || {
        "encore inscrit".into()
    })?;
    verifier(!dossier.join("schematic.exe").exists(), "désinstallé : plus de programme dans Program Files", || {
        format!("{} existe encore", dossier.display())
    })?;
    let chemin = chemin_systeme(wine)?;
    verifier(!chemin.contains(r"C:\Program Files\Sch"), "PATH du système : le dossier en est retiré", || {
        chemin.clone()
    })?;
    let donnees = wine.profil()?.join("AppData/Local/fr.schematic.app/schematic.sqlite");
    verifier(donnees.is_file(), "les données restent après la désinstallation", || {
        format!("{} absent", donnees.display())
    })?;

    installeur_par_utilisateur(wine, nsis)
}

/// The version with its last number increased (0.2.0 → 0.2.1).
fn version_suivante(version: &str) -> Result<String, String> {
    let (debut, dernier) = version.rsplit_once('.').ok_or_else(|| format!("version « {version} » inattendue"))?;
    let n: u32 = dernier.parse().map_err(|_| format!("version « {version} » inattendue"))?;
    Ok(format!("{debut}.{}", n + 1))
}

/// The versions of the SchémaTIC products Windows Installer has registered
/// (machine-wide uninstall keys).
fn produits_installes(wine: &Wine) -> Result<Vec<String>, String> {
    let o = lancer(wine.commande().args([
        "reg",
        "query",
        r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall",
        "/s",
    ]))?;
    let sortie = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut versions = Vec::new();
    // One block per key: its DisplayName and DisplayVersion values.
    for bloc in sortie.split("\nHKEY_").filter(|b| b.contains("maTIC") && b.contains("DisplayName")) {
        if let Some(v) = bloc.lines().find_map(|l| l.trim().strip_prefix("DisplayVersion")) {
            versions.push(v.trim().trim_start_matches("REG_SZ").trim().to_string());
        }
    }
    Ok(versions)
}

fn chemin_systeme(wine: &Wine) -> Result<String, String> {
    let o = lancer(wine.commande().args([
        "reg",
        "query",
        r"HKLM\System\CurrentControlSet\Control\Session Manager\Environment",
        "/v",
        "PATH",
    ]))?;
    Ok(String::from_utf8_lossy(&o.stdout).into_owned())
}

fn trouver(dossier: &Path, nom: &str) -> Option<PathBuf> {
    for e in fs::read_dir(dossier).ok()?.filter_map(Result::ok) {
        let p = e.path();
        if e.file_name().to_string_lossy() == nom {
            return Some(p);
        }
        if e.file_type().is_ok_and(|t| t.is_dir())
            && let Some(trouve) = trouver(&p, nom)
        {
            return Some(trouve);
        }
    }
    None
}

/// The installed CLI: the demo, a signed export (JSON and PDF), its
/// verification, a DANE import of the exported folder; the files verified
/// by the Linux build.
fn journee_en_ligne_de_commande(wine: &Wine) -> Resultat {
    let travail = racine().join("target/wine/travail");
    let _ = fs::remove_dir_all(&travail);
    let exports = travail.join("exports");
    fs::create_dir_all(&exports).map_err(|e| format!("{} ({e})", exports.display()))?;
    let cli = |args: &[&str]| lancer(wine.commande().arg(CLI_INSTALLEE).args(args));

    let o = cli(&["demo"])?;
    verifier(o.status.success(), "schematic.exe demo (installé, sans --data-dir)", || texte(&o))?;
    let profil = wine.profil()?;
    let local = profil.join("AppData/Local/fr.schematic.app");
    verifier(
        local.join("schematic.sqlite").is_file(),
        "les données vont dans %LOCALAPPDATA%\\fr.schematic.app",
        || format!("{} absent", local.display()),
    )?;
    verifier(
        !profil.join("AppData/Roaming/fr.schematic.app").exists(),
        "rien dans %APPDATA% (profil itinérant)",
        || "AppData/Roaming/fr.schematic.app existe".into(),
    )?;
    let o = cli(&["a-propos"])?;
    let a_propos = String::from_utf8_lossy(&o.stdout).into_owned();
    verifier(
        a_propos.contains(r"AppData\Local\fr.schematic.app") && a_propos.contains("Journal : WAL"),
        "schematic.exe a-propos",
        || texte(&o),
    )?;

    let o = cli(&["exporter", "--json", "--pdf", "--sortie", &Wine::z(&exports)])?;
    verifier(o.status.success(), "schematic.exe exporter --json --pdf", || texte(&o))?;
    let mut ecrits: Vec<PathBuf> = fs::read_dir(&exports)
        .map_err(|e| format!("{} ({e})", exports.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    ecrits.sort();
    let noms: Vec<String> =
        ecrits.iter().map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned()).collect();
    verifier(
        noms.len() == 2 && noms[0].ends_with(".json") && noms[1].ends_with(".pdf"),
        "un JSON signé et un rapport PDF écrits, sans fichier temporaire laissé",
        || format!("{noms:?}"),
    )?;
    for fichier in &ecrits {
        // 10: valid, signed by a key not enrolled with a DANE (docs/format/verdicts.md).
        let o = cli(&["verifier", &Wine::z(fichier)])?;
        verifier(
            o.status.code() == Some(10),
            &format!("schematic.exe verifier {} : valide", fichier.display()),
            || texte(&o),
        )?;
        let o = lancer(Command::new(racine().join("target/debug/schematic")).arg("verifier").arg(fichier))?;
        verifier(
            o.status.code() == Some(10) && String::from_utf8_lossy(&o.stdout).contains("valide — non enrôlé"),
            &format!("la version Linux vérifie {} : valide", fichier.display()),
            || texte(&o),
        )?;
    }

    let annuaire = travail.join("annuaire.csv");
    fs::write(
        &annuaire,
        "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_departement;Libelle_departement;Libelle_academie;etat\n\
         0332345V;Collège de démonstration;Collège;033;Gironde;Bordeaux;OUVERT\n",
    )
    .map_err(|e| format!("{} ({e})", annuaire.display()))?;
    let dane = r"C:\dane";
    let o = cli(&["--data-dir", dane, "dane", "annuaire", "importer", &Wine::z(&annuaire)])?;
    verifier(o.status.success(), "schematic.exe dane annuaire importer", || texte(&o))?;
    let rapport = travail.join("rapport.csv");
    let o = cli(&["--data-dir", dane, "dane", "importer", &Wine::z(&exports), "--rapport", &Wine::z(&rapport)])?;
    let sortie = String::from_utf8_lossy(&o.stdout).into_owned();
    verifier(
        o.status.success()
            && sortie.contains("Import n° 1 : 2 fichiers.")
            && sortie.contains("1  clé inconnue (non enrôlé)")
            && sortie.contains("1  déjà importé"),
        "schematic.exe dane importer : le JSON importé, le PDF reconnu comme le même diagnostic",
        || texte(&o),
    )?;
    let csv = fs::read_to_string(&rapport).unwrap_or_default();
    verifier(
        csv.matches("\r\n").count() == 3 && csv.contains("0332345V;2026-2027"),
        "rapport d’import CSV écrit",
        || csv.clone(),
    )?;
    verifier(wine.c(r"dane\schematic.sqlite").is_file(), "la base de la DANE dans le dossier demandé", || {
        "absente".into()
    })
}

/// An X display of our own for the programs that draw windows.
struct Ecran {
    xvfb: Child,
    numero: u32,
}

impl Ecran {
    fn ouvrir() -> Result<Self, String> {
        let numero = (90..200)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .ok_or("aucun numéro d’écran X libre")?;
        let xvfb = Command::new("Xvfb")
            .arg(format!(":{numero}"))
            .args(["-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("Xvfb ne démarre pas ({e})"))?;
        let ecran = Self { xvfb, numero };
        let prise = PathBuf::from(format!("/tmp/.X11-unix/X{numero}"));
        let debut = Instant::now();
        while !prise.exists() {
            if debut.elapsed() > Duration::from_secs(20) {
                return Err("Xvfb n’a pas ouvert son écran en 20 s".into());
            }
            sleep(Duration::from_millis(100));
        }
        Ok(ecran)
    }

    fn display(&self) -> String {
        format!(":{}", self.numero)
    }

    fn capturer(&self, fichier: &Path) -> Resultat {
        let o = lancer(Command::new("import").args(["-window", "root"]).arg(fichier).env("DISPLAY", self.display()))?;
        if o.status.success() { Ok(()) } else { Err(format!("capture d’écran impossible : {}", texte(&o))) }
    }

    /// Waits (at most `secondes`) for a window whose name contains `nom`.
    fn fenetre(&self, nom: &str, secondes: u32) -> Result<String, String> {
        let o = lancer(
            Command::new("timeout")
                .arg(secondes.to_string())
                .args(["xdotool", "search", "--sync", "--name", nom])
                .env("DISPLAY", self.display()),
        )?;
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .next()
            .map(str::to_string)
            .ok_or_else(|| format!("aucune fenêtre « {nom} » en {secondes} s"))
    }
}

impl Drop for Ecran {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// Waits for a child at most `secondes`, killing it after.
fn attendre(enfant: &mut Child, secondes: u64) -> Result<Option<i32>, String> {
    let debut = Instant::now();
    loop {
        if let Some(statut) = enfant.try_wait().map_err(|e| e.to_string())? {
            return Ok(statut.code());
        }
        if debut.elapsed() > Duration::from_secs(secondes) {
            let _ = enfant.kill();
            let _ = enfant.wait();
            return Err(format!("toujours en cours après {secondes} s"));
        }
        sleep(Duration::from_millis(100));
    }
}

/// Starts `commande` (an app that cannot start) on `ecran`, waits for its
/// message box titled with `titre` (found by the ASCII part `motif`: Wine
/// does not always give X the title in UTF-8), captures the screen into
/// `capture`, closes the box with Enter and returns the exit code and
/// standard error.
fn boite_de_message(
    ecran: &Ecran,
    commande: &mut Command,
    (titre, motif): (&str, &str),
    capture: &Path,
) -> Result<(Option<i32>, String), String> {
    let journal = capture.with_extension("stderr.txt");
    let mut app = commande
        .env("DISPLAY", ecran.display())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&journal).map_err(|e| format!("{} ({e})", journal.display()))?)
        .spawn()
        .map_err(|e| format!("{commande:?} ne se lance pas ({e})"))?;
    let fenetre = match ecran.fenetre(motif, 60) {
        Ok(f) => f,
        Err(e) => {
            let _ = app.kill();
            return Err(format!("{e} ; sortie : {}", fs::read_to_string(&journal).unwrap_or_default()));
        }
    };
    ok(&format!("boîte de message « {titre} »"));
    sleep(Duration::from_millis(800));
    ecran.capturer(capture)?;
    ok(&format!("capture : {}", capture.display()));
    let o = lancer(
        Command::new("xdotool")
            .args(["windowfocus", "--sync", &fenetre, "key", "Return"])
            .env("DISPLAY", ecran.display()),
    )?;
    if !o.status.success() {
        let _ = app.kill();
        return Err(format!("la boîte ne peut pas être fermée au clavier : {}", texte(&o)));
    }
    let code = attendre(&mut app, 30)?;
    let sortie = fs::read_to_string(&journal).unwrap_or_default();
    let _ = fs::remove_file(&journal);
    Ok((code, sortie))
}

/// The installed app on a PC without WebView2: a French message box, then a
/// non-zero exit, no panic.
fn webview2_absent(wine: &Wine, captures: &Path) -> Resultat {
    let ecran = Ecran::ouvrir()?;
    // A Wine server started by the commands before, without a display, would
    // keep windows off this one: a new server starts with the app.
    wine.arreter();
    let (code, sortie) = boite_de_message(
        &ecran,
        wine.commande().arg(APP_INSTALLEE),
        ("SchémaTIC ne peut pas s’ouvrir : composant WebView2 manquant", "WebView2 manquant"),
        &captures.join("installeur-wine-webview2-absent.png"),
    )?;
    verifier(
        code == Some(3)
            && !sortie.contains("panicked")
            && sortie.contains("SchémaTIC a besoin du composant Microsoft Edge WebView2"),
        "fermée par OK, schematic-app.exe s’arrête avec le code 3, sans panique, le même texte sur la sortie d’erreur",
        || format!("code {code:?}\n{sortie}"),
    )
}

/// The NSIS installer, for one user without administrator rights.
fn installeur_par_utilisateur(wine: &Wine, nsis: &Path) -> Resultat {
    let o = lancer(wine.commande().arg(Wine::z(nsis)).arg("/S"))?;
    verifier(o.status.success(), "installateur par utilisateur (NSIS) /S", || texte(&o))?;
    let dossier = wine.profil()?.join("AppData/Local/Programs/SchémaTIC");
    verifier(
        dossier.join("schematic-app.exe").is_file() && dossier.join("WebView2Loader.dll").is_file(),
        "installé dans %LOCALAPPDATA%\\Programs\\SchémaTIC",
        || format!("{} incomplet", dossier.display()),
    )?;
    let installe = format!(r"{}\schematic.exe", windows_du_profil(wine, &dossier)?);
    let o = lancer(wine.commande().arg(&installe).arg("--version"))?;
    verifier(
        String::from_utf8_lossy(&o.stdout).starts_with("schematic "),
        "schematic.exe --version depuis ce dossier",
        || texte(&o),
    )?;
    let o = lancer(wine.commande().args([
        "reg",
        "query",
        r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\SchemaTIC",
    ]))?;
    verifier(
        String::from_utf8_lossy(&o.stdout).contains("QuietUninstallString"),
        "désinstallation inscrite pour l’utilisateur (HKCU)",
        || texte(&o),
    )?;
    let desinstalleur = format!(r"{}\Désinstaller SchémaTIC.exe", windows_du_profil(wine, &dossier)?);
    let o = lancer(wine.commande().arg(&desinstalleur).arg("/S"))?;
    verifier(o.status.success(), "désinstallation silencieuse lancée", || texte(&o))?;
    // The uninstaller copies itself elsewhere and returns at once.
    let debut = Instant::now();
    while dossier.exists() && debut.elapsed() < Duration::from_secs(60) {
        sleep(Duration::from_millis(200));
    }
    verifier(!dossier.exists(), "désinstallé : le dossier du programme a disparu", || {
        format!("{} existe encore", dossier.display())
    })
}

/// `C:\users\…` for a folder of the prefix.
fn windows_du_profil(wine: &Wine, dossier: &Path) -> Result<String, String> {
    let relatif = dossier
        .strip_prefix(wine.prefixe.join("drive_c"))
        .map_err(|_| format!("{} n’est pas dans le préfixe", dossier.display()))?;
    Ok(format!(r"C:\{}", relatif.display().to_string().replace('/', "\\")))
}
