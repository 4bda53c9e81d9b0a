//! The import's pipeline: files are verified on every core continuously
//! (each worker takes the next file as soon as it is done with one, with no
//! wait at batch boundaries), while the calling thread writes the batches in
//! input order. The workers stay at most [`AVANCE`] batches ahead of the
//! writer, which bounds the memory held by verified files waiting.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// How many batches the workers may verify ahead of the one being written.
const AVANCE: usize = 2;

type Issue<A> = Result<A, Box<dyn Any + Send>>;

struct Partage<A> {
    /// The result of each element, until its batch is handed to the writer.
    resultats: Vec<Option<Issue<A>>>,
    /// Per batch, how many of its elements are done.
    faits: Vec<usize>,
    /// Elements from this index on wait: the writer is too far behind.
    limite: usize,
    /// The writer stopped (an error): the workers stop too.
    arret: bool,
}

/// Runs `analyser` over `elements` on `ouvriers` threads and hands the
/// results to `ecrire` batch by batch (`lot` elements, the last one
/// shorter), in input order, on the calling thread. An error of `ecrire`
/// stops everything and is returned; a panic of `analyser` is resumed on
/// the calling thread when its batch comes.
pub(super) fn en_chaine<E: Sync, A: Send, Err>(
    elements: &[E],
    lot: usize,
    ouvriers: usize,
    analyser: &(dyn Fn(&E) -> A + Sync),
    ecrire: &mut dyn FnMut(usize, Vec<A>) -> Result<(), Err>,
) -> Result<(), Err> {
    let lot = lot.max(1);
    let lots = elements.len().div_ceil(lot);
    let partage = Mutex::new(Partage {
        resultats: (0..elements.len()).map(|_| None).collect(),
        faits: vec![0; lots],
        limite: (AVANCE + 1) * lot,
        arret: false,
    });
    let (pour_ecrivain, pour_ouvriers) = (Condvar::new(), Condvar::new());
    let suivant = AtomicUsize::new(0);
    let verrou = || partage.lock().unwrap_or_else(std::sync::PoisonError::into_inner);

    std::thread::scope(|s| {
        for _ in 0..ouvriers.max(1) {
            s.spawn(|| {
                loop {
                    let i = suivant.fetch_add(1, Ordering::Relaxed);
                    let Some(element) = elements.get(i) else { return };
                    {
                        let mut p = verrou();
                        while i >= p.limite && !p.arret {
                            p = attendre(&pour_ouvriers, p);
                        }
                        if p.arret {
                            return;
                        }
                    }
                    let resultat = catch_unwind(AssertUnwindSafe(|| analyser(element)));
                    let mut p = verrou();
                    p.resultats[i] = Some(resultat);
                    p.faits[i / lot] += 1;
                    let complet = p.faits[i / lot] == lot.min(elements.len() - i / lot * lot);
                    drop(p);
                    if complet {
                        pour_ecrivain.notify_one();
                    }
                }
            });
        }
        let resultat = (|| {
            for numero in 0..lots {
                let debut = numero * lot;
                let fin = (debut + lot).min(elements.len());
                let issues: Vec<Issue<A>> = {
                    let mut p = verrou();
                    while p.faits[numero] < fin - debut {
                        p = attendre(&pour_ecrivain, p);
                    }
                    let issues = p.resultats[debut..fin].iter_mut().filter_map(Option::take).collect();
                    p.limite = fin + (AVANCE + 1) * lot;
                    issues
                };
                pour_ouvriers.notify_all();
                let mut analyses = Vec::with_capacity(issues.len());
                for issue in issues {
                    match issue {
                        Ok(a) => analyses.push(a),
                        Err(panique) => {
                            arreter(&partage, &pour_ouvriers);
                            resume_unwind(panique);
                        }
                    }
                }
                ecrire(numero, analyses)?;
            }
            Ok(())
        })();
        arreter(&partage, &pour_ouvriers);
        resultat
    })
}

fn attendre<'a, A>(c: &Condvar, g: MutexGuard<'a, Partage<A>>) -> MutexGuard<'a, Partage<A>> {
    c.wait(g).unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn arreter<A>(partage: &Mutex<Partage<A>>, pour_ouvriers: &Condvar) {
    partage.lock().unwrap_or_else(std::sync::PoisonError::into_inner).arret = true;
    pour_ouvriers.notify_all();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_come_whole_and_in_order_whatever_the_workers_finish_first() {
        let elements: Vec<u64> = (0..1000).collect();
        // Uneven work, so that workers finish out of order.
        let analyser = |x: &u64| {
            std::thread::sleep(std::time::Duration::from_micros((x * 7919) % 200));
            x * 2
        };
        let mut vus = Vec::new();
        let mut numeros = Vec::new();
        en_chaine::<_, _, ()>(&elements, 64, 3, &analyser, &mut |n, lot| {
            numeros.push(n);
            assert!(lot.len() == 64 || n == 15);
            vus.extend(lot);
            Ok(())
        })
        .unwrap();
        assert_eq!(numeros, (0..16).collect::<Vec<_>>());
        assert_eq!(vus, elements.iter().map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn workers_stay_a_few_batches_ahead_of_the_writer() {
        let elements: Vec<usize> = (0..400).collect();
        let plus_loin = AtomicUsize::new(0);
        let analyser = |x: &usize| {
            plus_loin.fetch_max(*x, Ordering::Relaxed);
            *x
        };
        en_chaine::<_, _, ()>(&elements, 10, 2, &analyser, &mut |n, _| {
            std::thread::sleep(std::time::Duration::from_millis(2));
            // While batch n is written, nothing beyond batch n + 1 + AVANCE
            // has been started.
            assert!(plus_loin.load(Ordering::Relaxed) < (n + 2 + AVANCE) * 10);
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn an_error_of_the_writer_stops_the_workers_and_is_returned() {
        let elements: Vec<usize> = (0..10_000).collect();
        let analyses = AtomicUsize::new(0);
        let analyser = |_: &usize| {
            analyses.fetch_add(1, Ordering::Relaxed);
        };
        let r = en_chaine(&elements, 100, 2, &analyser, &mut |n, _| if n == 3 { Err("disque plein") } else { Ok(()) });
        assert_eq!(r, Err("disque plein"));
        assert!(analyses.load(Ordering::Relaxed) <= (4 + AVANCE + 1) * 100 + 2);
    }

    #[test]
    fn a_panic_while_analysing_reaches_the_caller() {
        let elements: Vec<usize> = (0..300).collect();
        let analyser = |x: &usize| assert!(*x != 150, "fichier 150");
        let r =
            catch_unwind(AssertUnwindSafe(|| en_chaine::<_, _, ()>(&elements, 100, 2, &analyser, &mut |_, _| Ok(()))));
        assert!(r.is_err());
    }

    #[test]
    fn nothing_to_do_is_done_at_once() {
        let mut appels = 0;
        en_chaine::<u8, u8, ()>(&[], 10, 2, &|x| *x, &mut |_, _| {
            appels += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(appels, 0);
    }
}
