//! Project automation, in Rust so that it runs wherever cargo does:
//!
//! - `cargo xtask run [-- ARGS]`: install what is missing, build, open the app;
//! - `cargo xtask test`: install what is missing, then run every test of the
//!   project (UI, Rust, end-to-end in the real window under Xvfb);
//! - `cargo xtask bench`: the benchmarks whose figures go in docs/performance.md;
//! - `cargo xtask dist`: the release artefacts in target/dist — the Windows
//!   MSI and per-user installer, the .deb, their SHA256SUMS;
//! - `cargo xtask codegen`: regenerate the TypeScript bindings of the DTOs,
//!   the command client and the window's capability (from the one list of
//!   src-tauri/src/liste_commandes.rs) and the published JSON Schemas;
//! - `cargo xtask conformite [--option-cle OPT] [-- COMMAND…]`: run a verifier
//!   over the format's test vectors and list the disagreements;
//! - `cargo xtask fuzz [SECONDS]`: run every fuzz target of `fuzz/` (also part
//!   of `test`, 60 s each);
//! - `cargo xtask gen-dane-corpus …`: write a corpus of signed diagnostics for
//!   the DANE space (see `crates/schematic-api/examples/gen_dane_corpus.rs`).
//!
//! No dependencies: it must compile in seconds on a fresh machine, before any
//! system package is installed.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Instant, SystemTime};

mod installeurs;
mod paquets;

use schematic_postgres_essai::{Serveur, VARIABLE_URL};

/// Debian packages needed to build the Tauri app (see shared/design/testing.md).
const PAQUETS_CONSTRUCTION: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "libxdo-dev",
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "file",
];

/// Debian packages needed by the tests: a virtual display, the WebDriver of
/// WebKitGTK, and tools to look at screenshots and PDFs.
const PAQUETS_TEST: &[&str] =
    &["xvfb", "xauth", "webkit2gtk-driver", "imagemagick", "poppler-utils", "x11-utils", "xdotool", "postgresql"];

/// The fuzz targets of `fuzz/` (cargo-fuzz, libFuzzer) and how long `cargo
/// xtask test` runs each.
const CIBLES_FUZZ: &[&str] = &["enveloppe", "charge", "pdf", "annuaire", "referentiel"];
const SECONDES_PAR_CIBLE_FUZZ: u32 = 60;

type Resultat = Result<(), String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let resultat = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("bench") => match args.get(1).map(String::as_str) {
            None => bench(),
            Some("fenetre") => fenetre_contre_fenetre_nue(),
            Some(autre) => Err(format!("cargo xtask bench [fenetre] : « {autre} » inconnu")),
        },
        Some("dist") => dist(),
        Some("postgres") => avec_postgres(&args[1..]),
        Some("installeurs") => installeurs_seuls(),
        Some("codegen") => codegen(),
        Some("conformite") => conformite(&args[1..]),
        Some("fuzz") => match args.get(1).map(|s| s.parse::<u32>()) {
            None => fuzz(SECONDES_PAR_CIBLE_FUZZ),
            Some(Ok(secondes)) => fuzz(secondes),
            Some(Err(_)) => Err("cargo xtask fuzz [SECONDES] : un nombre de secondes par cible est attendu".into()),
        },
        Some("gen-dane-corpus") => etape(
            "Génération d’un corpus de diagnostics signés pour l’espace DANE",
            cargo()
                .args(["run", "--release", "-q", "-p", "schematic-api", "--example", "gen_dane_corpus", "--"])
                .args(&args[1..]),
        ),
        _ => {
            eprintln!(
                "Utilisation : cargo xtask <run|test|bench|dist|codegen|conformite|fuzz|gen-dane-corpus>\n\
                 \x20 run [-- ARGS]  installe ce qui manque, construit et ouvre l’application\n\
                 \x20 test           installe ce qui manque et lance tous les tests\n\
                 \x20 bench [fenetre] lance les mesures de performance (docs/performance.md) ;\n\
                 \x20                « fenetre » : seulement l’application contre une fenêtre Tauri nue\n\
                 \x20 dist           construit ce qui est distribué (MSI, installateur NSIS, .deb) dans target/dist\n\
                 \x20 installeurs    seulement les tests des installateurs (partie de « test »)\n\
                 \x20 codegen        régénère les types TypeScript partagés avec Rust, le client des commandes, la capacité de la fenêtre et les schémas publiés\n\
                 \x20 conformite [--option-cle OPT] [-- COMMANDE…]\n\
                 \x20                passe un vérificateur sur les vecteurs de test du format (docs/format/verdicts.md)\n\
                 \x20 fuzz [SECONDES] lance chaque cible de fuzzing (fuzz/) SECONDES secondes (60 par défaut)\n\
                 \x20 gen-dane-corpus --diagnostics N --etablissements M --annees Y --sortie DOSSIER\n\
                 \x20                écrit un corpus de diagnostics signés pour l’espace DANE"
            );
            return ExitCode::from(2);
        }
    };
    match resultat {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nÉchec : {message}");
            ExitCode::FAILURE
        }
    }
}

fn racine() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn cargo() -> Command {
    let mut c = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(racine());
    c
}

fn npm(dossier: &Path) -> Command {
    let mut c = Command::new("npm");
    c.current_dir(dossier).env("npm_config_update_notifier", "false").env("npm_config_fund", "false");
    c
}

/// Runs a step, printing what it is and how long it took.
fn etape(titre: &str, commande: &mut Command) -> Resultat {
    println!("\n==> {titre}");
    let debut = Instant::now();
    let statut = commande.status().map_err(|e| format!("{titre} : impossible de lancer {commande:?} ({e})"))?;
    if !statut.success() {
        return Err(format!("{titre} ({statut})"));
    }
    println!("    {titre} : fait en {:.0} s", debut.elapsed().as_secs_f64());
    Ok(())
}

// ---- prerequisites ----------------------------------------------------------

fn est_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// Installs the missing Debian packages when running as root; otherwise
/// prints the exact command and stops.
fn paquets_debian(paquets: &[&str]) -> Resultat {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    let Ok(sortie) =
        Command::new("dpkg-query").args(["-W", "-f=${Package} ${db:Status-Status}\n"]).args(paquets).output()
    else {
        println!(
            "Système sans dpkg : assurez-vous que l’équivalent de ces paquets Debian est installé : {}.",
            paquets.join(" ")
        );
        return Ok(());
    };
    let installes = String::from_utf8_lossy(&sortie.stdout);
    let manquants: Vec<&str> = paquets
        .iter()
        .copied()
        .filter(|p| !installes.lines().any(|l| l.split_once(' ') == Some((p, "installed"))))
        .collect();
    if manquants.is_empty() {
        return Ok(());
    }
    let commande = format!("apt-get install -y --no-install-recommends {}", manquants.join(" "));
    if !est_root() {
        return Err(format!(
            "paquets système manquants. Installez-les puis relancez :\n    sudo apt-get update && sudo {commande}"
        ));
    }
    etape("Mise à jour de la liste des paquets Debian", Command::new("apt-get").args(["update", "-q"]))?;
    etape(
        &format!("Installation des paquets Debian : {}", manquants.join(" ")),
        Command::new("apt-get")
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(&manquants)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn verifier_node() -> Resultat {
    match Command::new("npm").arg("--version").output() {
        Ok(o) if o.status.success() => Ok(()),
        _ => {
            Err("Node.js et npm sont nécessaires pour construire l’interface : installez-les (Node 20 ou plus).".into())
        }
    }
}

fn modifie_le(chemin: &Path) -> Option<SystemTime> {
    fs::metadata(chemin).and_then(|m| m.modified()).ok()
}

/// `npm ci` when node_modules is missing or older than package-lock.json.
fn dependances_npm(dossier: &Path, titre: &str) -> Resultat {
    let verrou = modifie_le(&dossier.join("package-lock.json"));
    let installe = modifie_le(&dossier.join("node_modules/.package-lock.json"));
    if installe.is_some() && installe >= verrou {
        return Ok(());
    }
    etape(titre, npm(dossier).args(["ci", "--no-audit"]))
}

fn interface() -> Resultat {
    verifier_node()?;
    let ui = racine().join("ui");
    dependances_npm(&ui, "Installation des paquets npm de l’interface (ui/)")?;
    etape("Construction de l’interface (vite build)", npm(&ui).args(["run", "build"]))
}

/// A cargo-installed tool at a pinned version, built once into target/outils
/// (nothing outside the project).
fn outil(nom: &str, version: &str, titre: &str) -> Result<PathBuf, String> {
    let outils = racine().join("target/outils");
    let binaire = outils.join("bin").join(if cfg!(windows) { format!("{nom}.exe") } else { nom.to_string() });
    if !binaire.exists() {
        etape(
            &format!("Installation de {titre} dans target/outils"),
            cargo().args(["install", nom, "--version", version, "--locked", "--root"]).arg(&outils),
        )?;
    }
    Ok(binaire)
}

/// tauri-driver, the WebDriver of Tauri apps.
fn tauri_driver() -> Result<PathBuf, String> {
    outil("tauri-driver", "2.1.0", "tauri-driver (WebDriver de Tauri)")
}

/// cargo-fuzz. With `--sanitizer none` it builds with the stable toolchain:
/// nothing else to install.
fn cargo_fuzz() -> Result<PathBuf, String> {
    outil("cargo-fuzz", "0.13.2", "cargo-fuzz")
}

/// Runs every fuzz target for `secondes` from the committed seeds
/// (fuzz/graines, the format's test vectors); what the fuzzer learns goes to
/// target/fuzz-corpus, a crash fails the step (its input is in
/// fuzz/artifacts).
fn fuzz(secondes: u32) -> Resultat {
    let outil = cargo_fuzz()?;
    let fuzz = racine().join("fuzz");
    etape(
        "Construction des cibles de fuzzing (cargo fuzz, libFuzzer)",
        Command::new(&outil).args(["build", "--sanitizer", "none"]).current_dir(&fuzz),
    )?;
    let vecteurs = racine().join("tests/fixtures/format-v1/vecteurs");
    for cible in CIBLES_FUZZ {
        let corpus = racine().join("target/fuzz-corpus").join(cible);
        fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        let mut graines = vec![corpus, fuzz.join("graines").join(cible)];
        if matches!(*cible, "enveloppe" | "charge" | "pdf") {
            graines.extend([vecteurs.join("acceptes"), vecteurs.join("refuses")]);
        }
        if *cible == "referentiel" {
            graines.extend([racine().join("assets/referentiels"), racine().join("tests/fixtures/referentiels")]);
        }
        let graines: Vec<PathBuf> = graines.into_iter().filter(|g| g.exists()).collect();
        etape(
            &format!("Fuzzing de « {cible} » pendant {secondes} s"),
            Command::new(&outil)
                .args(["run", "--sanitizer", "none", cible])
                .args(&graines)
                .arg("--")
                .args([
                    format!("-max_total_time={secondes}"),
                    "-timeout=5".into(),
                    "-rss_limit_mb=1024".into(),
                    "-max_len=1048576".into(),
                    "-print_final_stats=1".into(),
                ])
                .current_dir(&fuzz),
        )?;
    }
    Ok(())
}

fn binaire(nom: &str) -> PathBuf {
    let mut chemin = racine().join("target/debug").join(nom);
    if cfg!(windows) {
        chemin.set_extension("exe");
    }
    chemin
}

// ---- commands ---------------------------------------------------------------

fn run(args: &[String]) -> Resultat {
    paquets_debian(PAQUETS_CONSTRUCTION)?;
    interface()?;
    etape(
        "Construction de l’application et de la ligne de commande",
        cargo().args(["build", "-p", "schematic-app", "-p", "schematic-cli"]),
    )?;
    let cli = binaire("schematic");
    if cfg!(target_os = "linux") && env::var_os("DISPLAY").is_none() && env::var_os("WAYLAND_DISPLAY").is_none() {
        println!(
            "\nAucun écran n’est disponible ici (ni DISPLAY ni WAYLAND_DISPLAY) : l’application de bureau ne peut pas s’ouvrir, mais la ligne de commande fonctionne — essayez « {} demo » puis « {} diagnostic afficher », ou « {} --help ».",
            cli.display(),
            cli.display(),
            cli.display()
        );
        return Ok(());
    }
    let passes: Vec<&String> = args.iter().skip_while(|a| *a == "--").collect();
    println!("\n==> Ouverture de SchémaTIC");
    let statut = Command::new(binaire("schematic-app"))
        .args(passes)
        .status()
        .map_err(|e| format!("l’application n’a pas pu être lancée ({e})"))?;
    if statut.success() { Ok(()) } else { Err(format!("l’application s’est arrêtée ({statut})")) }
}

fn test() -> Resultat {
    let debut = Instant::now();
    paquets_debian(&[PAQUETS_CONSTRUCTION, PAQUETS_TEST, paquets::PAQUETS_WINDOWS, installeurs::PAQUETS].concat())?;
    verifier_node()?;
    let ui = racine().join("ui");
    dependances_npm(&ui, "Installation des paquets npm de l’interface (ui/)")?;
    etape("Vérification de l’interface (svelte-check)", npm(&ui).args(["run", "check"]))?;
    etape("Tests unitaires de l’interface (Vitest)", npm(&ui).args(["test"]))?;
    etape("Construction de l’interface (vite build)", npm(&ui).args(["run", "build"]))?;
    etape("Format du code Rust (cargo fmt --check)", cargo().args(["fmt", "--all", "--", "--check"]))?;
    etape(
        "Analyse du code Rust (cargo clippy -D warnings)",
        cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    )?;
    etape("Construction (une fois pour tous les tests)", cargo().args(["build", "--workspace"]))?;
    // The tests' PostgreSQL server lives until the end-to-end tests are done.
    let serveur = serveur_postgres()?;
    etape(
        "Tests Rust (unitaires, intégration, CLI, migration, crash ; espace DANE sur SQLite et sur PostgreSQL)",
        cargo().args(["test", "--workspace"]).env(VARIABLE_URL, serveur.url("postgres")),
    )?;
    // The binary just built for the tests: building `-p schematic-cli` alone
    // would resolve features differently and compile the dependencies again.
    passer_les_vecteurs(&[binaire("schematic").display().to_string(), "verifier".into()], "--cle-dane")?;
    fuzz(SECONDES_PAR_CIBLE_FUZZ)?;

    let driver = tauri_driver()?;
    let e2e = racine().join("tests/e2e");
    dependances_npm(&e2e, "Installation des paquets npm des tests de bout en bout (tests/e2e)")?;
    let captures = racine().join("target/captures");
    let _ = fs::remove_dir_all(&captures);
    etape(
        "Tests de bout en bout dans la vraie fenêtre (Xvfb, tauri-driver, WebKitWebDriver)",
        Command::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", "npm", "test"])
            .current_dir(&e2e)
            .env("SCHEMATIC_APP", binaire("schematic-app"))
            .env("SCHEMATIC_CLI", binaire("schematic"))
            .env("TAURI_DRIVER", &driver)
            .env("SCHEMATIC_CAPTURES", &captures)
            .env(VARIABLE_URL, serveur.url("postgres"))
            .env_remove("SCHEMATIC_DATA_DIR"),
    )?;
    drop(serveur);
    installeurs::tester(&captures)?;
    let mut images: Vec<String> = fs::read_dir(&captures)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned())).collect())
        .unwrap_or_default();
    images.sort();
    println!(
        "\nTous les tests sont passés en {:.0} s. Captures d’écran dans {} : {}.",
        debut.elapsed().as_secs_f64(),
        captures.display(),
        images.join(", ")
    );
    Ok(())
}

/// The release artefacts, from a fresh machine: Windows programs
/// cross-built, the MSI, the per-user installer, the .deb, SHA256SUMS.
fn dist() -> Resultat {
    let debut = Instant::now();
    paquets_debian(&[PAQUETS_CONSTRUCTION, paquets::PAQUETS_WINDOWS].concat())?;
    interface()?;
    let sortie = racine().join("target/dist");
    let _ = fs::remove_dir_all(&sortie);
    fs::create_dir_all(&sortie).map_err(|e| format!("{} ({e})", sortie.display()))?;
    let windows = paquets::programmes_windows(paquets::Profil::Release)?;
    let linux = paquets::programmes_linux(paquets::Profil::Release)?;
    let msi = paquets::msi(&windows, &sortie)?;
    let nsis = paquets::nsis(&windows, &sortie, false)?;
    let deb = paquets::deb(&linux, &sortie)?;
    paquets::sommes_sha256(&sortie, &[&msi, &nsis, &deb])?;
    let sommes = fs::read_to_string(sortie.join("SHA256SUMS")).unwrap_or_default();
    println!(
        "\nArtefacts de la version {} écrits dans {} en {:.0} s :\n{sommes}",
        paquets::version()?,
        sortie.display(),
        debut.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A private PostgreSQL server for the tests, under target/ (stopped when
/// dropped).
fn serveur_postgres() -> Result<Serveur, String> {
    // One folder per command: two commands may run at once.
    let dossier = racine().join("target/postgres").join(std::process::id().to_string());
    println!("\n==> Démarrage d’un serveur PostgreSQL privé pour les tests ({})", dossier.display());
    let serveur =
        Serveur::demarrer(&dossier).map_err(|e| format!("le serveur PostgreSQL des tests n’a pas démarré : {e}"))?;
    println!("    PostgreSQL écoute sur 127.0.0.1:{}", serveur.port);
    Ok(serveur)
}

/// `cargo xtask postgres COMMANDE…`: the command run beside a private
/// server, told where it is (for running some tests by hand).
fn avec_postgres(commande: &[String]) -> Resultat {
    let Some((programme, args)) = commande.split_first() else {
        return Err(
            "cargo xtask postgres COMMANDE… : une commande est attendue (par exemple cargo test -p schematic-api)"
                .into(),
        );
    };
    paquets_debian(&["postgresql"])?;
    let serveur = serveur_postgres()?;
    etape(
        &format!("{programme} {} (avec {VARIABLE_URL})", args.join(" ")),
        Command::new(programme).args(args).current_dir(racine()).env(VARIABLE_URL, serveur.url("postgres")),
    )
}

/// The installer tests alone (they are part of `test`).
fn installeurs_seuls() -> Resultat {
    paquets_debian(&[PAQUETS_CONSTRUCTION, PAQUETS_TEST, paquets::PAQUETS_WINDOWS, installeurs::PAQUETS].concat())?;
    interface()?;
    etape("Construction (comme pour les autres tests)", cargo().args(["build", "--workspace"]))?;
    installeurs::tester(&racine().join("target/captures"))
}

fn bench() -> Resultat {
    etape(
        "Latence d’une écriture de réponse durable",
        cargo().args(["bench", "-p", "schematic-store", "--bench", "ecriture_reponse"]),
    )?;
    etape(
        "Export signé, rapport PDF et vérification",
        cargo().args(["bench", "-p", "schematic-exchange", "--bench", "echange"]),
    )?;
    paquets_debian(&["postgresql"])?;
    {
        let serveur = serveur_postgres()?;
        etape(
            "Espace DANE sur SQLite puis sur PostgreSQL : annuaire, import de 60 000 diagnostics, requêtes territoriales sur 5 ans, migration",
            cargo()
                .args(["bench", "-p", "schematic-api", "--bench", "dane"])
                .env(VARIABLE_URL, serveur.url("postgres")),
        )?;
    }
    fenetre_contre_fenetre_nue()
}

/// The release app against a bare Tauri window, in one run (see
/// tests/e2e/bench/fenetre.mjs).
fn fenetre_contre_fenetre_nue() -> Resultat {
    paquets_debian(&[PAQUETS_CONSTRUCTION, PAQUETS_TEST].concat())?;
    interface()?;
    etape(
        "Construction en release de l’application, de la ligne de commande et d’une fenêtre Tauri nue",
        cargo().args([
            "build",
            "--release",
            "-p",
            "schematic-app",
            "-p",
            "schematic-cli",
            "--bins",
            "--example",
            "fenetre_nue",
        ]),
    )?;
    let driver = tauri_driver()?;
    let e2e = racine().join("tests/e2e");
    dependances_npm(&e2e, "Installation des paquets npm des tests de bout en bout (tests/e2e)")?;
    let release = racine().join("target/release");
    etape(
        "Mémoire et démarrage : SchémaTIC (release) contre une fenêtre Tauri nue",
        Command::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", "node", "bench/fenetre.mjs"])
            .current_dir(&e2e)
            .env("SCHEMATIC_APP", release.join("schematic-app"))
            .env("SCHEMATIC_CLI", release.join("schematic"))
            .env("FENETRE_NUE", release.join("examples/fenetre_nue"))
            .env("TAURI_DRIVER", &driver)
            .env("SCHEMATIC_CAPTURES", racine().join("target/mesures-fenetre"))
            .env_remove("SCHEMATIC_DATA_DIR"),
    )
}

fn codegen() -> Resultat {
    etape(
        "Génération des types TypeScript (ui/src/lib/bindings)",
        cargo().args(["test", "-p", "schematic-api", "--test", "bindings"]).env("SCHEMATIC_ECRIRE_BINDINGS", "1"),
    )?;
    etape(
        "Génération du client TypeScript des commandes (ui/src/lib/commandes) et de la capacité de la fenêtre",
        cargo()
            .args([
                "test",
                "-p",
                "schematic-app",
                "--bin",
                "schematic-app",
                "--",
                "client::tests::the_committed_client",
            ])
            .env("SCHEMATIC_ECRIRE_BINDINGS", "1"),
    )?;
    etape(
        "Génération des schémas JSON publiés (docs/format/*.schema.json)",
        cargo()
            .args(["test", "-p", "schematic-exchange", "--lib", "--", "published_schemas_are_the_code_s"])
            .env("SCHEMATIC_ECRIRE_SCHEMAS", "1"),
    )
}

/// Runs a verifier over every line of the vectors' `vecteurs.tsv` and lists
/// where its exit code differs from the expected one (docs/format/verdicts.md).
fn conformite(args: &[String]) -> Resultat {
    let mut option_cle = "--cle-dane".to_string();
    let mut commande: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--option-cle" if i + 1 < args.len() => {
                option_cle = args[i + 1].clone();
                i += 2;
            }
            "--" => {
                commande = args[i + 1..].to_vec();
                break;
            }
            autre => return Err(format!("argument inconnu « {autre} » : attendu [--option-cle OPT] [-- COMMANDE…]")),
        }
    }
    if commande.is_empty() {
        etape("Construction de la ligne de commande", cargo().args(["build", "-q", "-p", "schematic-cli"]))?;
        commande = vec![binaire("schematic").display().to_string(), "verifier".into()];
    }
    passer_les_vecteurs(&commande, &option_cle)
}

fn passer_les_vecteurs(commande: &[String], option_cle: &str) -> Resultat {
    let dossier = racine().join("tests/fixtures/format-v1/vecteurs");
    let index = fs::read_to_string(dossier.join("vecteurs.tsv"))
        .map_err(|e| format!("{} illisible ({e})", dossier.join("vecteurs.tsv").display()))?;
    println!("\n==> Conformité de « {} » aux vecteurs de {}", commande.join(" "), dossier.display());
    let (mut total, mut desaccords) = (0, 0);
    for ligne in index.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let champs: Vec<&str> = ligne.split('\t').collect();
        let [fichier, cle_dane, code, motif, regle] = champs[..] else {
            return Err(format!("ligne mal formée dans vecteurs.tsv : {ligne}"));
        };
        let mut c = Command::new(&commande[0]);
        c.args(&commande[1..]).current_dir(&dossier);
        if cle_dane != "-" {
            c.args([option_cle, cle_dane]);
        }
        let sortie = c.arg(fichier).output().map_err(|e| format!("impossible de lancer {} ({e})", commande[0]))?;
        total += 1;
        let obtenu = sortie.status.code().map_or("signal".to_string(), |c| c.to_string());
        if obtenu != code {
            desaccords += 1;
            println!(
                "  DÉSACCORD {fichier} (clé DANE : {cle_dane}) : attendu {code} ({motif} — {regle}), obtenu {obtenu}"
            );
        }
    }
    println!("    {total} vérifications, {desaccords} désaccord(s).");
    if desaccords == 0 { Ok(()) } else { Err(format!("{desaccords} désaccord(s) avec les vecteurs")) }
}
