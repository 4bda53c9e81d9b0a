//! The .deb, installed with dpkg and started under Xvfb.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::Duration;

use super::{Ecran, boite_de_message, lancer, texte, verifier};
use crate::{Resultat, est_root, paquets, racine};

pub(super) fn tester_deb(deb: &Path, captures: &Path) -> Resultat {
    if !est_root() {
        println!("    (non vérifié : installer un .deb demande d’être root ; lancez cargo xtask test en root)");
        return Err("les tests du paquet .deb doivent être lancés en root (dpkg -i)".into());
    }
    let o = lancer(Command::new("dpkg").arg("-i").arg(deb))?;
    verifier(
        o.status.success(),
        &format!("dpkg -i {}", deb.file_name().unwrap_or_default().to_string_lossy()),
        || texte(&o),
    )?;
    let resultat = deb_installe(captures);
    let o = lancer(Command::new("dpkg").args(["-r", "schematic"]))?;
    resultat?;
    verifier(o.status.success() && !Path::new("/usr/bin/schematic").exists(), "dpkg -r schematic : retiré", || {
        texte(&o)
    })
}

fn deb_installe(captures: &Path) -> Resultat {
    let version = paquets::version()?;
    let o = lancer(Command::new("/usr/bin/schematic").arg("--version"))?;
    verifier(
        String::from_utf8_lossy(&o.stdout).trim() == format!("schematic {version}"),
        "/usr/bin/schematic --version",
        || texte(&o),
    )?;
    let o = lancer(Command::new("dpkg").args(["-L", "schematic"]))?;
    let liste = String::from_utf8_lossy(&o.stdout).into_owned();
    verifier(
        [
            "/usr/bin/schematic-app",
            "/usr/share/applications/fr.schematic.app.desktop",
            "/usr/share/icons/hicolor/128x128/apps/schematic-app.png",
        ]
        .iter()
        .all(|f| liste.lines().any(|l| l == *f)),
        "le paquet contient l’application, son entrée de menu et son icône",
        || liste.clone(),
    )?;

    let donnees = racine().join("target/paquets-test/donnees-deb");
    let _ = fs::remove_dir_all(&donnees);
    let ecran = Ecran::ouvrir()?;
    let mut app = Command::new("/usr/bin/schematic-app")
        .env("DISPLAY", ecran.display())
        .env("SCHEMATIC_DATA_DIR", &donnees)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("/usr/bin/schematic-app ne se lance pas ({e})"))?;
    let fenetre = ecran.fenetre("SchémaTIC", 60);
    // The first screen is drawn a moment after the window appears.
    sleep(Duration::from_secs(4));
    let capture = captures.join("installeur-deb-premier-ecran.png");
    let capturee = ecran.capturer(&capture);
    let encore = app.try_wait().map_err(|e| e.to_string())?.is_none();
    let _ = app.kill();
    let _ = app.wait();
    fenetre?;
    capturee?;
    verifier(encore, "/usr/bin/schematic-app ouvre sa fenêtre et reste ouverte", || "arrêtée".into())?;
    let o = lancer(Command::new("convert").arg(&capture).args(["-format", "%k", "info:"]))?;
    let couleurs: u32 = String::from_utf8_lossy(&o.stdout).trim().parse().unwrap_or(0);
    verifier(
        couleurs > 200,
        &format!("premier écran dessiné ({couleurs} couleurs) : {}", capture.display()),
        || "écran vide".into(),
    )?;
    verifier(donnees.join("schematic.sqlite").is_file(), "la base créée dans le dossier de données", || {
        "absente".into()
    })?;
    dossier_impossible(&ecran, captures)
}

/// A start-up failure on Linux is told the same way as WebView2's absence on
/// Windows: a data folder that cannot be created (under a file).
fn dossier_impossible(ecran: &Ecran, captures: &Path) -> Resultat {
    let fichier = racine().join("target/paquets-test/un-fichier");
    fs::write(&fichier, "pas un dossier").map_err(|e| format!("{} ({e})", fichier.display()))?;
    let (code, sortie) = boite_de_message(
        ecran,
        Command::new("/usr/bin/schematic-app").env("SCHEMATIC_DATA_DIR", fichier.join("donnees")),
        ("SchémaTIC ne peut pas ouvrir ses données", "ne peut pas ouvrir ses donn"),
        &captures.join("installeur-deb-donnees-impossibles.png"),
    )?;
    verifier(
        code == Some(4) && !sortie.contains("panicked") && sortie.contains("ne peut pas être créé"),
        "fermée par OK, l’application s’arrête avec le code 4, sans panique, la raison sur la sortie d’erreur",
        || format!("code {code:?}\n{sortie}"),
    )
}
