//! `schematic dane importer` and `dane annuaire importer` against hostile
//! and clumsy files, as a DANE would run them: exit codes, sentences, what
//! is stored, and the bounds on memory and time (issue 11).

use std::fs;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use schematic_exchange::CleInstallation;
use schematic_exchange::dsse::{Enveloppe, TYPE_DIAGNOSTIC_V1};

use super::commun::{Dossier, Moteur, binaire};

crate::sur_les_deux_moteurs!(
    the_annuaire_is_never_silently_degraded,
    hostile_annuaires_stay_in_bounded_memory,
    concurrent_first_starts_agree_on_one_dane_key,
);

const ENTETE: &str = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_departement;Libelle_departement;Libelle_academie;etat\n";

/// Peak resident memory any import may reach, whatever the input.
const MEMOIRE_MAX_KIO: u64 = 200 * 1024;

/// Time one hostile file may take.
const DUREE_MAX: Duration = Duration::from_secs(2);

/// A valid UAI of Gironde numbered `n` (its check letter computed).
fn uai(n: usize) -> String {
    let sept = format!("033{n:04}");
    let lettres = "ABCDEFGHJKLMNPRSTUVWXYZ";
    let reste = sept.parse::<usize>().unwrap() % 23;
    format!("{sept}{}", &lettres[reste..=reste])
}

fn ligne(n: usize, nom: &str) -> String {
    format!("{};{nom};Collège;033;Gironde;Bordeaux;OUVERT\n", uai(n))
}

fn taille_annuaire(d: &Dossier) -> i64 {
    d.lignes_dane("dane_annuaire")
}

/// Runs the command with the peak-memory report on; returns (exit code,
/// stdout, stderr, peak in KiB, wall time).
fn mesurer(d: &Dossier, args: &[&str]) -> (i32, String, String, u64, Duration) {
    let debut = Instant::now();
    let sortie = d.cmd(args).env("SCHEMATIC_MEMOIRE_CRETE", "1").output().unwrap();
    let duree = debut.elapsed();
    let stderr = String::from_utf8(sortie.stderr).unwrap();
    let crete = stderr
        .lines()
        .find_map(|l| l.strip_prefix("mémoire crête : "))
        .and_then(|v| v.trim_end_matches(" Kio").parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in {stderr}"));
    (sortie.status.code().unwrap(), String::from_utf8(sortie.stdout).unwrap(), stderr, crete, duree)
}

fn the_annuaire_is_never_silently_degraded(m: Moteur) {
    let dane = Dossier::dane(m);
    let noms: Vec<String> = (0..219).map(|n| format!("Collège Éluard n° {n} — « Œuvre »")).collect();
    let utf8: String =
        std::iter::once(ENTETE.to_string()).chain(noms.iter().enumerate().map(|(n, nom)| ligne(n, nom))).collect();
    let fichier = dane.chemin().join("annuaire.csv");
    fs::write(&fichier, &utf8).unwrap();
    let f = fichier.to_str().unwrap();
    let sortie = dane.ok(&["dane", "annuaire", "importer", f]);
    assert!(
        sortie.contains(
            "Annuaire importé : 219 établissements (219 lignes lues, 0 ignorée, 0 en double ; encodage UTF-8)"
        ),
        "{sortie}"
    );
    assert_eq!(taille_annuaire(&dane), 219);

    // The same annuaire as an older tool writes it (Windows-1252): converted,
    // said, nothing lost.
    let cp1252: Vec<u8> = utf8
        .chars()
        .map(|c| match c {
            '—' => 0x97,
            'Œ' => 0x8c,
            c if u32::from(c) < 256 => u8::try_from(u32::from(c)).unwrap(),
            c => panic!("{c} is not in Windows-1252"),
        })
        .collect();
    fs::write(&fichier, &cp1252).unwrap();
    let sortie = dane.ok(&["dane", "annuaire", "importer", f]);
    assert!(
        sortie.contains("219 établissements (219 lignes lues, 0 ignorée, 0 en double ; encodage Windows-1252"),
        "{sortie}"
    );
    assert!(sortie.contains("0 nouveaux, 0 qui n’y sont plus"), "{sortie}");
    let fiche = dane.ok(&["dane", "etablissement", &uai(7)]);
    assert!(fiche.contains("Collège Éluard n° 7 — « Œuvre »"), "{fiche}");

    // One stray quote on row 2 of 1,000: the read stops at its line, exit 3,
    // nothing replaced.
    let mut guillemet = String::from(ENTETE);
    for n in 0..1000 {
        guillemet.push_str(&ligne(n, if n == 1 { "\"Collège ouvert" } else { "Collège" }));
    }
    fs::write(&fichier, guillemet).unwrap();
    dane.cmd(&["dane", "annuaire", "importer", f]).assert().code(3).stderr(
        predicate::str::contains("ligne 3 : un guillemet").and(predicate::str::contains("Rien n’a été modifié")),
    );
    assert_eq!(taille_annuaire(&dane), 219);

    // Much smaller: needs --remplacer (exit 7 and the difference without it).
    fs::write(&fichier, format!("{ENTETE}{}{}", ligne(0, "A"), ligne(1, "B"))).unwrap();
    dane.cmd(&["dane", "annuaire", "importer", f]).assert().code(7).stdout(
        predicate::str::contains("Annuaire lu, pas importé : 2 établissements")
            .and(predicate::str::contains("217 qui n’y sont plus"))
            .and(predicate::str::contains("relancez avec --remplacer")),
    );
    assert_eq!(taille_annuaire(&dane), 219);
    // Many rows ignored (here 3 of 219 with a wrong UAI, over 1 %): the same.
    let abimes =
        utf8.replacen(&uai(3), "0330003X", 1).replacen(&uai(4), "0330004X", 1).replacen(&uai(5), "0330005X", 1);
    fs::write(&fichier, abimes).unwrap();
    dane.cmd(&["dane", "annuaire", "importer", f])
        .assert()
        .code(7)
        .stdout(predicate::str::contains("3 lignes sur 219 n’ont pas pu être reprises"));
    dane.ok(&["dane", "annuaire", "importer", f, "--remplacer"]);
    assert_eq!(taille_annuaire(&dane), 216);

    // Duplicate UAIs: reported, the first row kept.
    fs::write(&fichier, format!("{utf8}{}", ligne(0, "Doublon"))).unwrap();
    let sortie = dane.ok(&["dane", "annuaire", "importer", f, "--remplacer"]);
    assert!(
        sortie.contains("1 en double") && sortie.contains(&format!("UAI {} déjà donné ligne 2", uai(0))),
        "{sortie}"
    );
    assert!(dane.ok(&["dane", "etablissement", &uai(0)]).contains("Collège Éluard n° 0"));
}

/// Hostile annuaires: a million rows, one 200 MB line, millions of invalid
/// rows. Memory stays bounded and each refusal is quick.
fn hostile_annuaires_stay_in_bounded_memory(m: Moteur) {
    let dane = Dossier::dane(m);
    let dossier = tempfile::tempdir().unwrap();
    // A million valid rows (the national annuaire has about 70,000).
    let million = dossier.path().join("million.csv");
    let mut texte = String::with_capacity(70_000_000);
    texte.push_str(ENTETE);
    for n in 0..1_000_000 {
        let sept = format!("{:07}", 1_000_000 + n);
        let reste = sept.parse::<usize>().unwrap() % 23;
        texte.push_str(&format!("{sept}{};É{n};Ecole;;;;OUVERT\n", &"ABCDEFGHJKLMNPRSTUVWXYZ"[reste..=reste]));
    }
    fs::write(&million, texte).unwrap();
    // One line of 200 MB (a sparse file: no line break after the header).
    let ligne_geante = dossier.path().join("ligne.csv");
    fs::write(&ligne_geante, ENTETE).unwrap();
    fs::OpenOptions::new().write(true).open(&ligne_geante).unwrap().set_len(200 * 1024 * 1024).unwrap();
    // Five million invalid rows.
    let invalides = dossier.path().join("invalides.csv");
    let mut texte = String::from(ENTETE);
    texte.push_str(&"0330000X;X;Ecole;033;;;\n".repeat(5_000_000));
    fs::write(&invalides, texte).unwrap();

    let (code, sortie, erreur, crete, _) = mesurer(&dane, &["dane", "annuaire", "importer", million.to_str().unwrap()]);
    assert_eq!(code, 0, "{erreur}");
    assert!(sortie.contains("1000000 établissements"), "{sortie}");
    assert!(crete < MEMOIRE_MAX_KIO, "a million rows: {crete} KiB");
    println!("annuaire d’un million de lignes : {crete} Kio au plus");

    let (code, _, erreur, crete, duree) =
        mesurer(&dane, &["dane", "annuaire", "importer", ligne_geante.to_str().unwrap()]);
    assert_eq!(code, 3, "{erreur}");
    assert!(erreur.contains("ligne 2 : elle dépasse"), "{erreur}");
    assert!(crete < MEMOIRE_MAX_KIO && duree < DUREE_MAX, "a 200 MB line: {crete} KiB, {duree:?}");

    let (code, _, erreur, crete, _) = mesurer(&dane, &["dane", "annuaire", "importer", invalides.to_str().unwrap()]);
    assert_eq!(code, 3, "{erreur}");
    assert!(erreur.contains("aucune ligne de l’annuaire n’est utilisable (5000000 lignes ignorées)"), "{erreur}");
    assert!(crete < MEMOIRE_MAX_KIO, "5 million invalid rows: {crete} KiB");
    assert_eq!(taille_annuaire(&dane), 1_000_000, "refused files changed nothing");
}

/// A signed envelope (made-up key) whose payload is `charge`.
fn signe(charge: &[u8]) -> Vec<u8> {
    Enveloppe::signer(TYPE_DIAGNOSTIC_V1, charge, &CleInstallation::depuis_graine([7; 32])).octets()
}

/// A PDF of about 4 MiB: an array of `noms` names and a stream of filler.
fn pdf_de_noms(noms: usize) -> Vec<u8> {
    let mut o = b"%PDF-1.7\n1 0 obj\n[".to_vec();
    o.extend(b"/a ".repeat(noms));
    o.extend(b"]\nendobj\n2 0 obj\n<< /Length 3900000 >>\nstream\n");
    o.extend((0..3_900_000u32).map(|i| b"0123456789abcdef"[(i * 7 % 16) as usize]));
    o.extend(b"\nendstream\nendobj\n");
    let xref = o.len();
    o.extend(format!("xref\n0 3\n0000000000 65535 f\r\n0000000009 00000 n\r\n0000000000 00000 f\r\ntrailer\n<< /Size 3 >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    o
}

#[test]
fn hostile_diagnostic_files_stay_under_200_mb_and_2_s_each() {
    let dane = Dossier::nouveau();
    let annuaire = dane.chemin().join("annuaire.csv");
    fs::write(&annuaire, format!("{ENTETE}{}", ligne(0, "Collège"))).unwrap();
    dane.ok(&["dane", "annuaire", "importer", annuaire.to_str().unwrap()]);

    let mut xref = b"%PDF-1.7\n".to_vec();
    xref.extend(b"xref".repeat(250_000));
    let mut dictionnaires = b"%PDF-1.7\n1 0 obj\n[".to_vec();
    dictionnaires.extend(b"<<>>".repeat(1_000_000));
    // Signed payloads as large as a JSON file may be, built to make a parser
    // allocate as much as possible per byte.
    let mut nombres = b"{\"a\":[".to_vec();
    nombres.extend(b"0,".repeat(700_000));
    nombres.extend(b"0]}");
    let mut objets = b"{\"a\":[".to_vec();
    objets.extend(b"{},".repeat(470_000));
    objets.extend(b"{}]}");
    let profond = format!("{}{}", "[".repeat(700_000), "]".repeat(700_000)).into_bytes();
    let cas: Vec<(&str, Vec<u8>)> = vec![
        ("xref.pdf", xref),
        ("dictionnaires.pdf", dictionnaires),
        ("noms.pdf", pdf_de_noms(49_000)),
        ("nombres.json", signe(&nombres)),
        ("objets.json", signe(&objets)),
        ("profond.json", signe(&profond)),
    ];
    let tous = tempfile::tempdir().unwrap();
    for (nom, octets) in &cas {
        // Each file alone, for its time.
        let seul = tempfile::tempdir().unwrap();
        fs::write(seul.path().join(nom), octets).unwrap();
        let (code, sortie, erreur, crete, duree) = mesurer(&dane, &["dane", "importer", seul.path().to_str().unwrap()]);
        assert_eq!(code, 10, "{nom}: {sortie} {erreur}");
        assert!(crete < MEMOIRE_MAX_KIO && duree < DUREE_MAX, "{nom}: {crete} KiB, {duree:?}");
        println!("{nom} ({} octets) : {crete} Kio, {} ms", octets.len(), duree.as_millis());
        // Eight copies of each, verified in parallel, in one folder.
        for k in 0..8 {
            fs::write(tous.path().join(format!("{k}-{nom}")), octets).unwrap();
        }
    }
    let (code, sortie, erreur, crete, _) = mesurer(&dane, &["dane", "importer", tous.path().to_str().unwrap()]);
    assert_eq!(code, 10, "{erreur}");
    assert!(sortie.contains(&format!("Import n° 7 : {} fichiers.", cas.len() * 8)), "{sortie}");
    assert!(crete < MEMOIRE_MAX_KIO, "eight copies of each: {crete} KiB");
    println!("{} fichiers hostiles en parallèle : {crete} Kio", cas.len() * 8);
}

#[test]
fn text_from_files_never_drives_the_terminal() {
    let dane = Dossier::nouveau();
    let annuaire = dane.chemin().join("annuaire.csv");
    fs::write(&annuaire, format!("{ENTETE}{}", ligne(0, "Collège \u{1b}[31mrouge\u{7} \u{202e}fdp.exe"))).unwrap();
    let sortie = dane.ok(&["dane", "annuaire", "importer", annuaire.to_str().unwrap()]);
    assert!(!sortie.contains('\u{1b}'), "{sortie:?}");
    let fiche = dane.ok(&["dane", "etablissement", &uai(0)]);
    assert!(fiche.contains("Collège \\u{001b}[31mrouge\\u{0007} \\u{202e}fdp.exe"), "{fiche:?}");
    let json = dane.ok(&["dane", "etablissement", &uai(0), "--json"]);
    assert!(!json.contains('\u{202e}') && json.contains("\\u202e"), "{json}");
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());

    // A file name with an escape sequence, a payload type of 1.9 MB.
    let depot = dane.chemin().join("depot");
    fs::create_dir(&depot).unwrap();
    fs::write(depot.join("a\u{1b}]0;titre\u{7}.json"), b"{}").unwrap();
    let long = format!("{{\"payloadType\":\"{}\",\"payload\":\"\",\"signatures\":[]}}", "\u{202e}x".repeat(600_000));
    fs::write(depot.join("b.json"), long).unwrap();
    fs::write(depot.join("c.json"), b"\xEF\xBB\xBF{}").unwrap();
    let rapport = dane.chemin().join("rapport.csv");
    let sortie = dane.importer(&depot, &rapport, 10);
    assert!(!sortie.contains('\u{1b}') && !sortie.contains('\u{7}') && !sortie.contains('\u{202e}'), "{sortie:?}");
    assert!(sortie.len() < 20_000, "attacker strings are capped: {} bytes", sortie.len());
    assert!(sortie.contains("marque d’ordre des octets (BOM)"), "{sortie}");
    let csv = fs::read_to_string(&rapport).unwrap();
    assert!(csv.len() < 20_000 && !csv.contains('\u{202e}') && !csv.contains('\u{1b}'), "{} bytes", csv.len());
}

/// Eight processes start at once on a new data folder and all ask for the
/// DANE key, fifteen times: every one succeeds (none fails in a migration),
/// every one prints the same key, and it is the key kept on disk.
fn concurrent_first_starts_agree_on_one_dane_key(m: Moteur) {
    for tour in 0..15 {
        let d = Dossier::dane(m);
        let processus: Vec<_> = (0..8)
            .map(|_| {
                std::process::Command::new(binaire())
                    .env_remove("SCHEMATIC_DATA_DIR")
                    .arg("--data-dir")
                    .arg(d.chemin())
                    .args(["dane", "cle", "--json"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut cles = Vec::new();
        for p in processus {
            let sortie = p.wait_with_output().unwrap();
            assert!(sortie.status.success(), "round {tour}: {}", String::from_utf8_lossy(&sortie.stderr));
            let json: serde_json::Value = serde_json::from_slice(&sortie.stdout).unwrap();
            cles.push(json["publique"].as_str().unwrap().to_string());
        }
        let sur_disque: serde_json::Value = serde_json::from_str(&d.ok(&["dane", "cle", "--json"])).unwrap();
        assert!(cles.iter().all(|c| c == sur_disque["publique"].as_str().unwrap()), "round {tour}: {cles:?}");
        let restes: Vec<_> = fs::read_dir(d.chemin())
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(restes.is_empty(), "temporary files left: {restes:?}");
    }
}

/// A named pipe given to the verifier or the DANE import is refused at
/// once, never waited for.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_not_waited_for() {
    let d = Dossier::nouveau();
    let tube = d.chemin().join("tube.json");
    assert!(std::process::Command::new("mkfifo").arg(&tube).status().unwrap().success());
    let t = tube.to_str().unwrap();
    let mut verifier = assert_cmd::Command::new(binaire());
    verifier.args(["verifier", t]).timeout(Duration::from_secs(30));
    verifier.assert().code(14).stdout(predicate::str::contains("pas un fichier ordinaire"));
    let annuaire = d.chemin().join("annuaire.csv");
    fs::write(&annuaire, format!("{ENTETE}{}", ligne(0, "Collège"))).unwrap();
    d.ok(&["dane", "annuaire", "importer", annuaire.to_str().unwrap()]);
    d.cmd(&["dane", "importer", t])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(10)
        .stdout(predicate::str::contains("pas un fichier ordinaire"));
    d.cmd(&["dane", "annuaire", "importer", t])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(8)
        .stderr(predicate::str::contains("pas un fichier ordinaire"));
}

/// A folder the importing user may not read gets its own line and the rest
/// of the batch goes on. Root reads every folder, so when the tests run as
/// root the import is run as `nobody` (with `setpriv`, from util-linux).
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_folder_is_one_line_not_an_aborted_batch() {
    use std::os::unix::fs::PermissionsExt;
    let base = tempfile::tempdir().unwrap();
    fs::set_permissions(base.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let depot = base.path().join("depot");
    let ferme = depot.join("b-ferme");
    fs::create_dir_all(&ferme).unwrap();
    fs::write(depot.join("a-notes.txt"), "notes").unwrap();
    fs::write(ferme.join("x.json"), "{}").unwrap();
    fs::write(depot.join("c-notes.txt"), "notes").unwrap();
    fs::set_permissions(&ferme, fs::Permissions::from_mode(0o000)).unwrap();
    let annuaire = base.path().join("annuaire.csv");
    fs::write(&annuaire, format!("{ENTETE}{}", ligne(0, "Collège"))).unwrap();
    let donnees = base.path().join("donnees");
    let root = fs::read_dir(&ferme).is_ok();
    let lancer = |args: &[&str]| {
        let mut c = if root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(binaire());
            c
        } else {
            std::process::Command::new(binaire())
        };
        c.env_remove("SCHEMATIC_DATA_DIR").env("HOME", base.path()).arg("--data-dir").arg(&donnees).args(args);
        c.output().unwrap()
    };
    let sortie = lancer(&["dane", "annuaire", "importer", annuaire.to_str().unwrap()]);
    assert!(sortie.status.success(), "{}", String::from_utf8_lossy(&sortie.stderr));
    let sortie = lancer(&["dane", "importer", depot.to_str().unwrap(), "--json"]);
    fs::set_permissions(&ferme, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(sortie.status.code(), Some(10), "{}", String::from_utf8_lossy(&sortie.stderr));
    let import: serde_json::Value = serde_json::from_slice(&sortie.stdout).unwrap();
    let lignes: Vec<(String, String, String)> = import["lignes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let chemin = l["chemin"].as_str().unwrap();
            (
                chemin.rsplit('/').next().unwrap().to_string(),
                l["statut"].as_str().unwrap().into(),
                l["detail"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(lignes.len(), 3, "{lignes:#?}");
    assert_eq!((lignes[0].0.as_str(), lignes[0].1.as_str()), ("a-notes.txt", "format-non-reconnu"));
    assert_eq!((lignes[1].0.as_str(), lignes[1].1.as_str()), ("b-ferme", "non-lu"));
    assert!(
        lignes[1].2.contains("l’accès est refusé") && !lignes[1].2.contains("Permission denied"),
        "{}",
        lignes[1].2
    );
    assert_eq!((lignes[2].0.as_str(), lignes[2].1.as_str()), ("c-notes.txt", "format-non-reconnu"));
}
