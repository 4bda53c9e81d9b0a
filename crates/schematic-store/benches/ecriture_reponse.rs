//! Durable answer-write latency: the time `Store::enregistrer_reponse` takes to
//! return, i.e. until the answer is committed and on disk (WAL, synchronous =
//! FULL). Reports p50/p90/p99/max over many writes on a file database in the
//! system's temporary folder, and the same on an in-memory database in the same
//! run, so the share of the disk flush is visible whatever the machine's noise.
//!
//! Run: `cargo xtask bench` (or `cargo bench -p schematic-store`).

use std::time::{Duration, Instant};

use schematic_core::{AnneeScolaire, Referentiel, Reponse};
use schematic_store::{ChangementCommentaire, Store};

const ECHAUFFEMENT: usize = 100;
const MESURES: usize = 2000;

fn mesurer(store: &mut Store) -> Vec<Duration> {
    let referentiel = Referentiel::publie("eple", "2026.1").unwrap();
    let annee: AnneeScolaire = "2025-2026".parse().unwrap();
    let d = store
        .creer_diagnostic(annee, referentiel, &schematic_store::Reprise::default(), "2025-10-01T08:00:00Z")
        .unwrap();
    let items: Vec<&str> = referentiel.items().map(|i| i.id.as_str()).collect();
    let niveaux = [Reponse::AucunNiveau, Reponse::Niveau1, Reponse::Niveau2, Reponse::Niveau3];
    let mut durees = Vec::with_capacity(MESURES);
    for n in 0..ECHAUFFEMENT + MESURES {
        let commentaire = if n % 5 == 0 {
            ChangementCommentaire::Remplacer(Some(format!("Commentaire n° {n}")))
        } else {
            ChangementCommentaire::Garder
        };
        let debut = Instant::now();
        store
            .enregistrer_reponse(
                d.id,
                items[n % items.len()],
                niveaux[(n / items.len()) % 4],
                &commentaire,
                &horodatage(n),
            )
            .unwrap();
        if n >= ECHAUFFEMENT {
            durees.push(debut.elapsed());
        }
    }
    durees.sort_unstable();
    durees
}

fn centile(durees: &[Duration], p: f64) -> Duration {
    let rang = ((durees.len() as f64) * p).ceil() as usize;
    durees[rang.clamp(1, durees.len()) - 1]
}

fn rapport(nom: &str, durees: &[Duration]) -> Duration {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p50 = centile(durees, 0.50);
    println!(
        "{nom:<28} n={}  p50={:.3} ms  p90={:.3} ms  p99={:.3} ms  max={:.3} ms",
        durees.len(),
        ms(p50),
        ms(centile(durees, 0.90)),
        ms(centile(durees, 0.99)),
        ms(*durees.last().unwrap())
    );
    p50
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench`-less args; keep it quick there.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let dossier = tempfile::tempdir().unwrap();
    let mut fichier = Store::ouvrir(&dossier.path().join("bench.sqlite")).unwrap();
    let mut memoire = Store::en_memoire().unwrap();
    println!("Durable answer write (Store::enregistrer_reponse), {MESURES} writes after {ECHAUFFEMENT} warm-up");
    let disque = rapport("file, WAL, synchronous=FULL", &mesurer(&mut fichier));
    // The journal a data folder on a network drive gets (measured here on the
    // local disk: the share's own latency comes on top).
    let mut rollback =
        Store::ouvrir_en_mode(&dossier.path().join("bench-delete.sqlite"), schematic_store::ModeJournal::Delete)
            .unwrap();
    let delete = rapport("file, DELETE journal, FULL", &mesurer(&mut rollback));
    let ram = rapport("in memory (no flush)", &mesurer(&mut memoire));
    println!("ratio p50 file / memory: {:.1}", disque.as_secs_f64() / ram.as_secs_f64().max(1e-9));
    println!("ratio p50 DELETE journal / WAL: {:.1}", delete.as_secs_f64() / disque.as_secs_f64().max(1e-9));
}

/// A distinct timestamp per write, as in real use.
fn horodatage(n: usize) -> String {
    format!("2025-10-01T{:02}:{:02}:{:02}Z", (n / 3600) % 24, (n / 60) % 60, n % 60)
}
