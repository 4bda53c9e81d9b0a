//! Kill the CLI with SIGKILL at random moments during a long series of answer
//! writes; on reopening, every answer whose command reported success must be
//! there and the database must pass `PRAGMA integrity_check`.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::commun::{Dossier, binaire};

/// xorshift64*: enough randomness for kill timings, reproducible from the seed.
struct Hasard(u64);

impl Hasard {
    fn suivant(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn jusqu_a(&mut self, n: u64) -> u64 {
        self.suivant() % n
    }
}

const ECRITURES: usize = 240;

#[test]
fn acknowledged_answers_survive_sigkill() {
    let graine = std::env::var("SCHEMATIC_GRAINE")
        .ok()
        .and_then(|g| g.parse().ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1);
    eprintln!("crash test seed (SCHEMATIC_GRAINE): {graine}");
    let mut hasard = Hasard(graine);

    let d = Dossier::nouveau();
    d.ok(&["etablissement", "definir", "--uai", "0330021U", "--nom", "Collège", "--type", "college"]);
    d.ok(&["diagnostic", "creer", "--annee", "2025-2026"]);

    // Measure one write so that kills land before, during and after it.
    let debut = Instant::now();
    d.ok(&["diagnostic", "repondre", "PIL-1", "1"]);
    let duree = debut.elapsed().as_micros().max(1000) as u64;

    let niveaux = ["aucun", "1", "2", "3"];
    let mut tentes: BTreeMap<String, Vec<(&str, bool)>> = BTreeMap::new();
    tentes.entry("PIL-1".into()).or_default().push(("1", true));
    let (mut confirmes, mut tues) = (0, 0);
    for _ in 0..ECRITURES {
        let item =
            format!("{}-{}", ["PIL", "FOR", "IMP", "PED", "INF"][hasard.jusqu_a(5) as usize], 1 + hasard.jusqu_a(4));
        let niveau = niveaux[hasard.jusqu_a(4) as usize];
        let mut enfant = Command::new(binaire())
            .env_remove("SCHEMATIC_DATA_DIR")
            .arg("--data-dir")
            .arg(d.chemin())
            .args(["diagnostic", "repondre", &item, niveau])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        sleep(Duration::from_micros(hasard.jusqu_a(duree * 3 / 2)));
        let _ = enfant.kill();
        let sortie = enfant.wait_with_output().unwrap();
        let confirme =
            sortie.status.success() && String::from_utf8_lossy(&sortie.stdout).contains("Réponse enregistrée");
        confirmes += usize::from(confirme);
        tues += usize::from(!sortie.status.success());
        tentes.entry(item).or_default().push((niveau, confirme));
    }
    eprintln!("{confirmes} acknowledged writes, {tues} killed");
    assert!(confirmes > 10 && tues > 10, "the timings must produce both outcomes ({confirmes} ok, {tues} killed)");

    let conn = rusqlite::Connection::open(d.base()).unwrap();
    let integrite: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrite, "ok");
    let mut lu: BTreeMap<String, Option<u8>> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT item_id, niveau FROM reponse").unwrap();
    for ligne in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<u8>>(1)?))).unwrap() {
        let (item, niveau) = ligne.unwrap();
        lu.insert(item, niveau);
    }
    let valeur = |code: &str| if code == "aucun" { 0 } else { code.parse::<u8>().unwrap() };
    for (item, essais) in &tentes {
        let trouve = lu.get(item).copied().flatten();
        // The value is the last acknowledged one, or one attempted after it
        // (a write may complete even though its process was killed before
        // it could report).
        let dernier_confirme = essais.iter().rposition(|(_, ok)| *ok);
        let mut possibles: Vec<Option<u8>> = match dernier_confirme {
            Some(i) => essais[i..].iter().map(|(n, _)| Some(valeur(n))).collect(),
            None => std::iter::once(None).chain(essais.iter().map(|(n, _)| Some(valeur(n)))).collect(),
        };
        possibles.dedup();
        assert!(possibles.contains(&trouve), "{item}: found {trouve:?}, possible {possibles:?} (attempts {essais:?})");
    }
}
