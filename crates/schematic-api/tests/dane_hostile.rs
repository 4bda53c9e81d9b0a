//! The DANE import against hostile and clumsy files (issue 11): the trust
//! rules cannot be gamed, entries that are not regular files never stop a
//! batch, and nothing is stored that should not be. Every file is made here,
//! signed with made-up keys.

mod moteurs;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use schematic_api::dane::corpus::{ENTETE_ANNUAIRE, Fictif};
use schematic_api::dto::{ImportDto, LigneImportDto, RequeteSyntheseDto, StatutImport};
use schematic_api::{EspaceDane, Horloge, Installation};
use schematic_core::diagnostic::{Reponse, Reponses};
use schematic_core::{AnneeScolaire, Degre, Referentiel, Uai};
use schematic_exchange::dsse::{Enveloppe, TYPE_DIAGNOSTIC_V1};
use schematic_exchange::format_diagnostic::ChargeDiagnostic;

use StatutImport::*;

use moteurs::Moteur;

sur_les_deux_moteurs!(
    an_unenrolled_key_never_replaces_hides_or_outranks_an_enrolled_diagnostic,
    a_revoked_key_is_judged_on_when_the_dane_first_received_the_file,
    payloads_the_rules_refuse_are_refused_before_anything_is_stored,
    entries_that_are_not_regular_files_never_stop_a_batch,
);

fn a(dossier: &Path, jour: &str) -> Installation {
    let (y, m, d): (i32, u32, u32) =
        (jour[..4].parse().unwrap(), jour[5..7].parse().unwrap(), jour[8..].parse().unwrap());
    Installation::ouvrir(dossier).unwrap().avec_horloge(Horloge::Fixe(Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap()))
}

/// The DANE space of the installation in `dossier`, on `jour`.
fn dane_a(dossier: &Path, jour: &str) -> EspaceDane {
    a(dossier, jour).espace_dane().unwrap()
}

/// A DANE data folder with an annuaire, and a place to drop files.
struct Banc {
    racine: tempfile::TempDir,
    depots: std::cell::Cell<u32>,
}

impl Banc {
    fn nouveau(m: Moteur, etablissements: &[&Fictif]) -> Self {
        let b = Self { racine: tempfile::tempdir().unwrap(), depots: std::cell::Cell::new(0) };
        m.preparer(&b.dane());
        let mut csv = String::from(ENTETE_ANNUAIRE);
        for e in etablissements {
            csv.push_str(&e.ligne_annuaire(&format!("Établissement {}", e.uai)));
        }
        let chemin = b.racine.path().join("annuaire.csv");
        fs::write(&chemin, csv).unwrap();
        dane_a(&b.dane(), "2026-09-01").importer_annuaire(&chemin, None, false).unwrap();
        b
    }

    fn dane(&self) -> PathBuf {
        self.racine.path().join("dane")
    }

    /// Enrols `e`'s key with the DANE on `jour`, through a real request.
    fn enroler(&self, e: &Fictif, jour: &str) {
        let echanges = self.racine.path().join("echanges");
        fs::create_dir_all(&echanges).unwrap();
        let demande = schematic_exchange::enrolement::demande(
            &Uai::parse(&e.uai).unwrap(),
            &e.cle(),
            &format!("{jour}T08:00:00Z"),
            "SchémaTIC (test)",
        );
        let n = self.depots.get() + 1;
        self.depots.set(n);
        let chemin = echanges.join(format!("demande-{}-{n}.json", e.uai));
        fs::write(&chemin, demande.octets()).unwrap();
        dane_a(&self.dane(), jour).enroler(&chemin, &echanges, 3).unwrap();
    }

    /// A fresh folder holding `fichiers`.
    fn deposer(&self, fichiers: &[(&str, Vec<u8>)]) -> PathBuf {
        let n = self.depots.get() + 1;
        self.depots.set(n);
        let dossier = self.racine.path().join(format!("depot-{n}"));
        fs::create_dir_all(&dossier).unwrap();
        for (nom, octets) in fichiers {
            fs::write(dossier.join(nom), octets).unwrap();
        }
        dossier
    }

    fn importer(&self, jour: &str, fichiers: &[(&str, Vec<u8>)]) -> ImportDto {
        let dossier = self.deposer(fichiers);
        dane_a(&self.dane(), jour).importer_diagnostics(&[dossier], &mut |_| {}).unwrap()
    }

    /// The stored diagnostics of `uai`: (year, revision, enrolled, signed at).
    fn stockes(&self, uai: &str) -> Vec<(String, u32, bool, String)> {
        dane_a(&self.dane(), "2026-12-01")
            .etablissement_dane(uai)
            .unwrap()
            .diagnostics
            .into_iter()
            .map(|d| (d.annee, d.revision, d.enrole, d.genere_le))
            .collect()
    }
}

fn ligne<'a>(import: &'a ImportDto, fin: &str) -> &'a LigneImportDto {
    import
        .lignes
        .iter()
        .find(|l| l.chemin.ends_with(fin))
        .unwrap_or_else(|| panic!("no line for {fin}: {:#?}", import.lignes))
}

/// Asserts the status of `fin` and that its detail says `phrase`.
fn attendu(import: &ImportDto, fin: &str, statut: StatutImport, phrase: &str) {
    let l = ligne(import, fin);
    assert_eq!(l.statut, statut, "{fin}: {l:#?}");
    assert!(l.detail.contains(phrase), "{fin}: « {} » should say « {phrase} »", l.detail);
}

fn reponses(degre: Degre, niveau: u8) -> Reponses {
    Referentiel::pour_degre(degre)
        .items()
        .map(|i| (i.id.clone(), Reponse::depuis_valeur(Some(niveau)).unwrap()))
        .collect()
}

/// A diagnostic of `e`, not yet signed.
fn charge(e: &Fictif, annee: &str, revision: u32, genere_le: &str, niveau: u8) -> ChargeDiagnostic {
    let degre = if e.famille == "ecole" { Degre::Premier } else { Degre::Second };
    e.diagnostic(annee.parse::<AnneeScolaire>().unwrap(), revision, genere_le, &reponses(degre, niveau), None)
}

fn signe(e: &Fictif, d: &ChargeDiagnostic) -> Vec<u8> {
    d.signer(&e.cle()).octets()
}

/// A college of Gironde and a key of its own; `autre_cle` gives the same
/// establishment a different key (anyone can make one).
fn college(numero: usize, autre_cle: u64) -> Fictif {
    Fictif::nouveau("33", numero, "college", 7 + autre_cle).unwrap()
}

fn an_unenrolled_key_never_replaces_hides_or_outranks_an_enrolled_diagnostic(m: Moteur) {
    let c = college(1, 0);
    let intrus = college(1, 1);
    assert_eq!(
        (c.uai.as_str(), c.cle().publique().keyid() == intrus.cle().publique().keyid()),
        (intrus.uai.as_str(), false)
    );
    let d = college(2, 0);
    let d_intrus = college(2, 1);
    let e1 = college(3, 0);
    let e2 = college(3, 1);
    let banc = Banc::nouveau(m, &[&c, &d, &e1]);
    banc.enroler(&c, "2026-09-02");

    // The enrolled establishment's diagnostic, then a forged one at the
    // highest revision the format allows: set aside, out of the figures.
    let import = banc
        .importer("2026-10-02", &[("vrai.json", signe(&c, &charge(&c, "2026-2027", 1, "2026-10-01T10:00:00Z", 2)))]);
    attendu(&import, "vrai.json", Importe, "enrôlée");
    let faux = signe(&intrus, &charge(&intrus, "2026-2027", 9999, "2026-10-03T10:00:00Z", 0));
    let import = banc.importer("2026-10-04", &[("faux.json", faux.clone())]);
    attendu(&import, "faux.json", Ecarte, "clé enrôlée est déjà importé");
    assert_eq!(banc.stockes(&c.uai), [("2026-2027".into(), 1, true, "2026-10-01T10:00:00Z".into())]);
    // The DANE sees the forged file on the establishment's page, with the
    // key that signed it, and counted in its state.
    let fiche = dane_a(&banc.dane(), "2026-10-04").etablissement_dane(&c.uai).unwrap();
    assert_eq!(fiche.ecartes.len(), 1);
    let x = &fiche.ecartes[0];
    assert_eq!((x.annee.as_str(), x.statut, x.fichier.as_str()), ("2026-2027", Ecarte, "faux.json"));
    assert_eq!(x.empreinte_cle, intrus.cle().publique().empreinte_courte());
    assert_eq!(dane_a(&banc.dane(), "2026-10-04").etat_dane().unwrap().ecartes, 1);
    // The genuine file again: still the one held; the forged one again: known.
    let vrai = signe(&c, &charge(&c, "2026-2027", 1, "2026-10-01T10:00:00Z", 2));
    let import = banc.importer("2026-10-05", &[("vrai.json", vrai), ("faux.json", faux)]);
    attendu(&import, "vrai.json", DejaImporte, "déjà importé");
    attendu(&import, "faux.json", DejaImporte, "gardé à l’écart");
    // The enrolled key's next revision replaces its own.
    let import =
        banc.importer("2026-11-02", &[("r2.json", signe(&c, &charge(&c, "2026-2027", 2, "2026-11-01T10:00:00Z", 3)))]);
    attendu(&import, "r2.json", Importe, "");
    assert_eq!(banc.stockes(&c.uai)[0].1, 2);

    // The forged file came first, while the establishment was not enrolled:
    // kept as unenrolled, then replaced (and set aside) by the enrolled one,
    // even with a lower revision.
    let import = banc.importer(
        "2026-10-02",
        &[("faux.json", signe(&d_intrus, &charge(&d_intrus, "2026-2027", 50, "2026-10-01T10:00:00Z", 0)))],
    );
    attendu(&import, "faux.json", NonEnrole, "");
    banc.enroler(&d, "2026-10-03");
    let import = banc
        .importer("2026-10-04", &[("vrai.json", signe(&d, &charge(&d, "2026-2027", 1, "2026-10-03T10:00:00Z", 2)))]);
    attendu(&import, "vrai.json", Importe, "");
    assert_eq!(banc.stockes(&d.uai), [("2026-2027".into(), 1, true, "2026-10-03T10:00:00Z".into())]);
    // Both in one import, the forged one first in name order: same outcome,
    // and the forged file's line says it was set aside.
    let d3 = college(4, 0);
    let d3_intrus = college(4, 1);
    let banc2 = Banc::nouveau(m, &[&d3]);
    banc2.enroler(&d3, "2026-09-02");
    let import = banc2.importer(
        "2026-10-04",
        &[
            ("a-faux.json", signe(&d3_intrus, &charge(&d3_intrus, "2026-2027", 9, "2026-10-02T10:00:00Z", 0))),
            ("b-vrai.json", signe(&d3, &charge(&d3, "2026-2027", 1, "2026-10-01T10:00:00Z", 2))),
        ],
    );
    attendu(
        &import,
        "a-faux.json",
        Ecarte,
        "Remplacé, dans le même import, par le diagnostic du 2026-10-01 signé par une clé enrôlée",
    );
    attendu(&import, "b-vrai.json", Importe, "");
    assert_eq!((import.comptes.iter().find(|c| c.statut == NonEnrole).unwrap().nombre), 0);
    let stockes = banc2.stockes(&d3.uai);
    assert_eq!((stockes.len(), stockes[0].1, stockes[0].2), (1, 1, true));

    // Two unenrolled keys for one establishment: the first holds the year,
    // the other is set aside; revisions are never compared across keys.
    let import = banc.importer(
        "2026-10-04",
        &[
            ("1.json", signe(&e1, &charge(&e1, "2026-2027", 1, "2026-10-01T10:00:00Z", 1))),
            ("2.json", signe(&e2, &charge(&e2, "2026-2027", 9999, "2026-10-02T10:00:00Z", 3))),
        ],
    );
    attendu(&import, "1.json", NonEnrole, "");
    attendu(&import, "2.json", Ecarte, "enrôlez la clé");
    assert_eq!(banc.stockes(&e1.uai), [("2026-2027".into(), 1, false, "2026-10-01T10:00:00Z".into())]);
    // The second was the establishment's own: once its key is enrolled, its
    // file takes the year, and the other unenrolled one is set aside.
    banc.enroler(&e2, "2026-10-05");
    assert_eq!(banc.stockes(&e1.uai), [("2026-2027".into(), 9999, true, "2026-10-02T10:00:00Z".into())]);
    let fiche = dane_a(&banc.dane(), "2026-10-05").etablissement_dane(&e1.uai).unwrap();
    let ecartes: Vec<_> = fiche.ecartes.iter().map(|x| (x.fichier.as_str(), x.empreinte_cle.clone())).collect();
    assert_eq!(ecartes, [("1.json", e1.cle().publique().empreinte_courte())]);
    assert_eq!(dane_a(&banc.dane(), "2026-10-05").reverifier_diagnostics().unwrap().anomalies, Vec::<String>::new());
}

fn a_revoked_key_is_judged_on_when_the_dane_first_received_the_file(m: Moteur) {
    let c = college(1, 0);
    let banc = Banc::nouveau(m, &[&c]);
    banc.enroler(&c, "2026-09-02");
    // Received before the revocation: imported, and it stays.
    let avant = signe(&c, &charge(&c, "2026-2027", 1, "2026-10-10T10:00:00Z", 2));
    let import = banc.importer("2026-10-15", &[("avant.json", avant.clone())]);
    attendu(&import, "avant.json", Importe, "");
    dane_a(&banc.dane(), "2026-11-01").revoquer(&c.uai, Some("2026-11-01")).unwrap();
    // Signed by the stolen key, dated before the revocation, received after:
    // refused, whatever date the signer wrote.
    for (nom, genere_le) in [("hier.json", "2026-10-31T10:00:00Z"), ("septembre.json", "2026-09-05T10:00:00Z")] {
        let import = banc.importer("2026-11-05", &[(nom, signe(&c, &charge(&c, "2026-2027", 7, genere_le, 3)))]);
        attendu(&import, nom, CleRevoquee, "parvenu à la DANE pour la première fois le 2026-11-05");
    }
    // Dates a signer may write to slip under a revocation are not dates.
    let mut sans_date = charge(&c, "2026-2027", 8, "2026-10-31T10:00:00Z", 3);
    sans_date.genere_le = String::new();
    let mut zero = sans_date.clone();
    zero.genere_le = "0".into();
    let mut an_1999 = sans_date.clone();
    an_1999.genere_le = "1999-12-31T10:00:00Z".into();
    let mut an_9999 = sans_date.clone();
    an_9999.genere_le = "9999-01-01T00:00:00Z".into();
    let import = banc.importer(
        "2026-11-05",
        &[
            ("vide.json", signe(&c, &sans_date)),
            ("zero.json", signe(&c, &zero)),
            ("1999.json", signe(&c, &an_1999)),
            ("9999.json", signe(&c, &an_9999)),
        ],
    );
    for nom in ["vide.json", "zero.json", "1999.json", "9999.json"] {
        attendu(&import, nom, FormatNonReconnu, "genere_le");
    }
    // The file received before is still held (and known when sent again).
    let import = banc.importer("2026-11-05", &[("avant.json", avant)]);
    attendu(&import, "avant.json", DejaImporte, "");
    assert_eq!(banc.stockes(&c.uai), [("2026-2027".into(), 1, true, "2026-10-10T10:00:00Z".into())]);

    // A file first seen before the revocation but refused then (its
    // establishment was missing from the annuaire) is judged on that first
    // reception.
    let n = college(5, 0);
    let banc = Banc::nouveau(m, &[&c]);
    banc.enroler(&n, "2026-09-02");
    let premier = signe(&n, &charge(&n, "2026-2027", 1, "2026-10-10T10:00:00Z", 2));
    let import = banc.importer("2026-10-11", &[("n.json", premier.clone())]);
    attendu(&import, "n.json", UaiInconnu, "");
    dane_a(&banc.dane(), "2026-11-01").revoquer(&n.uai, Some("2026-11-01")).unwrap();
    let csv = banc.racine.path().join("annuaire2.csv");
    fs::write(&csv, format!("{ENTETE_ANNUAIRE}{}{}", c.ligne_annuaire("C"), n.ligne_annuaire("N"))).unwrap();
    dane_a(&banc.dane(), "2026-11-02").importer_annuaire(&csv, None, false).unwrap();
    let import = banc.importer("2026-11-05", &[("n.json", premier)]);
    attendu(&import, "n.json", Importe, "");
}

fn payloads_the_rules_refuse_are_refused_before_anything_is_stored(m: Moteur) {
    let c = college(1, 0);
    let ecole = Fictif::nouveau("33", 9, "ecole", 7).unwrap();
    let banc = Banc::nouveau(m, &[&c, &ecole]);
    banc.enroler(&c, "2026-09-02");
    let bon = charge(&c, "2026-2027", 1, "2026-10-01T10:00:00Z", 2);

    let mut lointaine = charge(&c, "2099-2100", 1, "2026-10-01T10:00:00Z", 2);
    lointaine.annee_scolaire = "2099-2100".into();
    let futur = charge(&c, "2026-2027", 2, "2027-06-01T10:00:00Z", 2);
    let ancienne = charge(&c, "2019-2020", 1, "2020-01-10T10:00:00Z", 2);
    // The payload's own bytes, with a key twice (the signature holds).
    let texte = String::from_utf8(bon.octets()).unwrap();
    let double = texte.replacen(
        "\"annee_scolaire\":\"2026-2027\"",
        "\"annee_scolaire\":\"2026-2027\",\"annee_scolaire\":\"2099-2100\"",
        1,
    );
    assert_ne!(double, texte);
    let double = Enveloppe::signer(TYPE_DIAGNOSTIC_V1, double.as_bytes(), &c.cle()).octets();
    let mut commentaire = bon.clone();
    commentaire.commentaires = Some([("PIL-1".to_string(), "x".repeat(1_500_000))].into());
    let mut formule = bon.clone();
    formule.etablissement.type_etablissement = "=HYPERLINK(\"http://x\")".into();
    // The other referential for a collège, and another département.
    let mut autre_referentiel = charge(&ecole, "2026-2027", 1, "2026-10-01T10:00:00Z", 3);
    autre_referentiel.etablissement.uai = c.uai.clone();
    autre_referentiel.cle = c.cle().publique().keyid();
    let mut autre_departement = charge(&c, "2025-2026", 1, "2026-06-01T10:00:00Z", 3);
    autre_departement.etablissement.departement = "40".into();

    let import = banc.importer(
        "2026-10-02",
        &[
            ("bon.json", signe(&c, &bon)),
            ("lointaine.json", signe(&c, &lointaine)),
            ("futur.json", signe(&c, &futur)),
            ("ancienne.json", signe(&c, &ancienne)),
            ("double.json", double),
            ("commentaire.json", signe(&c, &commentaire)),
            ("formule.json", signe(&c, &formule)),
            ("referentiel.json", signe(&c, &autre_referentiel)),
            ("departement.json", signe(&c, &autre_departement)),
        ],
    );
    attendu(&import, "bon.json", Importe, "");
    attendu(&import, "lointaine.json", DatesInvraisemblables, "trop lointaine");
    attendu(&import, "futur.json", DatesInvraisemblables, "après sa réception par la DANE");
    attendu(&import, "ancienne.json", DatesInvraisemblables, "antérieure à SchémaTIC");
    attendu(&import, "double.json", FormatNonReconnu, "");
    attendu(&import, "commentaire.json", FormatNonReconnu, "");
    attendu(&import, "formule.json", FormatNonReconnu, "");
    attendu(
        &import,
        "referentiel.json",
        EtablissementNonConforme,
        "référentiel « ecole » pour un établissement « Collège »",
    );
    attendu(&import, "departement.json", EtablissementNonConforme, "département 40 au lieu de 33");
    let fiche = dane_a(&banc.dane(), "2026-10-02").etablissement_dane(&c.uai).unwrap();
    let motifs: Vec<_> = fiche.ecartes.iter().map(|x| (x.fichier.as_str(), x.statut)).collect();
    assert_eq!(motifs.len(), 2, "{motifs:?}");
    assert!(motifs.contains(&("referentiel.json", EtablissementNonConforme)), "{motifs:?}");
    for l in &import.lignes {
        assert!(l.detail.chars().count() <= 1001 && !l.detail.chars().any(char::is_control), "{l:#?}");
    }
    // Only the good file is counted: one diagnostic, for 2026-2027, which is
    // also the year the synthesis shows by default.
    assert_eq!(banc.stockes(&c.uai), [("2026-2027".into(), 1, true, "2026-10-01T10:00:00Z".into())]);
    let s = dane_a(&banc.dane(), "2026-10-02")
        .synthese(&RequeteSyntheseDto { par: "departement".into(), ..Default::default() })
        .unwrap();
    assert_eq!((s.annee.as_str(), s.total.diagnostics.valeur), ("2026-2027", Some(1.0)));
}

/// Runs `f` on another thread and fails if it takes longer than a minute
/// (a hang would otherwise block the test run).
fn sans_blocage<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the import blocked")
}

#[cfg(unix)]
fn entries_that_are_not_regular_files_never_stop_a_batch(m: Moteur) {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let c = college(1, 0);
    let banc = Banc::nouveau(m, &[&c]);
    let dossier = banc.deposer(&[("a-bon.json", signe(&c, &charge(&c, "2026-2027", 1, "2026-10-01T10:00:00Z", 2)))]);
    let tube = dossier.join("b-tube.json");
    assert!(std::process::Command::new("mkfifo").arg(&tube).status().unwrap().success());
    symlink(dossier.join("a-bon.json"), dossier.join("c-lien.json")).unwrap();
    let boucle = banc.racine.path().join("boucle");
    symlink(banc.racine.path().join("boucle2"), &boucle).unwrap();
    symlink(&boucle, banc.racine.path().join("boucle2")).unwrap();
    let ferme = dossier.join("d-ferme");
    fs::create_dir(&ferme).unwrap();
    fs::write(ferme.join("x.json"), "{}").unwrap();
    fs::set_permissions(&ferme, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads a folder whatever its permissions: then it is simply read.
    let ferme_lisible = fs::read_dir(&ferme).is_ok();
    let absent = banc.racine.path().join("absent.json");

    let dane = banc.dane();
    let chemins = vec![dossier, tube, boucle, absent];
    let import = sans_blocage(move || dane_a(&dane, "2026-10-02").importer_diagnostics(&chemins, &mut |_| {}).unwrap());
    fs::set_permissions(&ferme, fs::Permissions::from_mode(0o755)).unwrap();

    attendu(&import, "a-bon.json", NonEnrole, "");
    let tubes: Vec<_> = import.lignes.iter().filter(|l| l.chemin.ends_with("b-tube.json")).collect();
    assert_eq!(tubes.len(), 2, "found in the folder and named: {tubes:#?}");
    assert!(tubes.iter().all(|l| l.statut == NonLu && l.detail.contains("pas un fichier ordinaire")), "{tubes:#?}");
    attendu(&import, "c-lien.json", NonLu, "lien symbolique");
    attendu(&import, "boucle", NonLu, "lien symbolique");
    attendu(&import, "absent.json", NonLu, "n’existe pas");
    if ferme_lisible {
        attendu(&import, "x.json", FormatNonReconnu, "");
    } else {
        attendu(&import, "d-ferme", NonLu, "l’accès est refusé");
    }
    assert_eq!(import.fichiers, 7);
    assert_eq!(banc.stockes(&c.uai).len(), 1, "the rest of the batch was imported");
}
