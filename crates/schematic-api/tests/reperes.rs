//! Territorial references end to end: a DANE imports a territory's signed
//! diagnostics over two years and publishes its references; a collège
//! enrolled with that DANE imports them and sees its results beside the
//! collèges of its département and académie, hand-computed; a tampered file,
//! one signed by another key, one for another académie, an older one and
//! one for a school that is not enrolled are each refused with their
//! sentence.

mod moteurs;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use schematic_api::dane::corpus::{ENTETE_ANNUAIRE, Fictif};
use schematic_api::dto::{SaisieEtablissementDto, StatutImport};
use schematic_api::echange::Formats;
use schematic_api::{EspaceDane, Horloge, Installation};
use schematic_core::diagnostic::{Reponse, Reponses};
use schematic_core::{AnneeScolaire, Referentiel};
use schematic_exchange::reperes::ReperesV1;
use schematic_exchange::verification::{Document, ouvrir};
use schematic_exchange::{CleInstallation, TrousseauCles};

use moteurs::Moteur;

sur_les_deux_moteurs!(a_college_sees_itself_beside_the_colleges_of_its_territory);

fn a(dossier: &Path, jour: &str) -> Installation {
    let (y, m, d): (i32, u32, u32) =
        (jour[..4].parse().unwrap(), jour[5..7].parse().unwrap(), jour[8..].parse().unwrap());
    Installation::ouvrir(dossier).unwrap().avec_horloge(Horloge::Fixe(Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap()))
}

fn dane_a(dossier: &Path, jour: &str) -> EspaceDane {
    a(dossier, jour).espace_dane().unwrap()
}

fn annee(debut: u16) -> AnneeScolaire {
    AnneeScolaire::commencant_en(debut).unwrap()
}

/// The references inside a published file.
fn lire(fichier: &Path) -> ReperesV1 {
    match ouvrir(&fs::read(fichier).unwrap()).unwrap().document {
        Document::Reperes(r) => *r,
        autre => panic!("{autre:?}"),
    }
}

/// A school's installation answering every item at `niveau` for `annee`,
/// exported into `depot`.
fn repondre(ecole: &Path, an: &str, jour: &str, niveau: &str, depot: &Path) -> PathBuf {
    let mut i = a(ecole, jour);
    i.creer_diagnostic(Some(an), false).unwrap();
    for d in i.referentiel_du_diagnostic(Some(an)).unwrap().domaines {
        for item in d.items {
            i.repondre(Some(an), &item.id, niveau, None).unwrap();
        }
    }
    i.finaliser(Some(an)).unwrap();
    PathBuf::from(&i.exporter(Some(an), Formats { json: true, pdf: false }, false, depot).unwrap().fichiers[0])
}

fn a_college_sees_itself_beside_the_colleges_of_its_territory(m: Moteur) {
    let racine = tempfile::tempdir().unwrap();
    let r = racine.path();
    let dane = r.join("dane");
    m.preparer(&dane);
    let (depot, echanges, publications) = (r.join("depot"), r.join("echanges"), r.join("publications"));
    for d in [&depot, &echanges, &publications] {
        fs::create_dir_all(d).unwrap();
    }
    dane_a(&dane, "2024-09-01").cle_dane().unwrap();
    let cle_dane = schematic_exchange::TrousseauFichier::nomme(&dane, schematic_exchange::cles::FICHIER_CLE_DANE)
        .cle_ou_creer()
        .unwrap();

    let moi = Fictif::nouveau("33", 0, "college", 7).unwrap();
    // The collège's own installation, enrolled with the DANE.
    let ecole = r.join("ecole");
    a(&ecole, "2024-09-05")
        .definir_etablissement(&SaisieEtablissementDto {
            uai: moi.uai.clone(),
            nom: "Collège Montesquieu".into(),
            type_etablissement: "college".into(),
            ..Default::default()
        })
        .unwrap();
    // Before enrolment, references cannot be checked.
    let demande = a(&ecole, "2024-09-10").demande_enrolement(&echanges).unwrap();
    let certificat = dane_a(&dane, "2024-09-10").enroler(Path::new(&demande), &echanges, 3).unwrap();
    a(&ecole, "2024-09-10").importer_certificat(Path::new(&certificat.fichier)).unwrap();
    repondre(&ecole, "2024-2025", "2025-03-01", "1", &depot);
    repondre(&ecole, "2025-2026", "2026-03-01", "2", &depot);

    // The others answer on the version the collège answered each year.
    let version = |an: &str| a(&ecole, "2026-03-02").referentiel_du_diagnostic(Some(an)).unwrap().resume.version;
    let versions = [version("2024-2025"), version("2025-2026")];
    // The collège of this test (Gironde), five more in Gironde — three at
    // level 1 everywhere, two at level 3 — and five in the Landes at level 3;
    // the same answers in 2024-2025 and 2025-2026.
    let mut csv = String::from(ENTETE_ANNUAIRE);
    csv.push_str(&moi.ligne_annuaire("Collège Montesquieu"));
    let mut n = 0;
    for (dep, k, niveau) in [("33", 1, 1), ("33", 2, 1), ("33", 3, 1), ("33", 4, 3), ("33", 5, 3)]
        .into_iter()
        .chain((0..5).map(|k| ("40", k, 3)))
    {
        let e = Fictif::nouveau(dep, k, "college", 7).unwrap();
        csv.push_str(&e.ligne_annuaire(&format!("Collège {dep}-{k}")));
        n += 1;
        let c = e.certificat(&cle_dane, &format!("SCH-2024-{n:05}"), "2024-09-01", "2027-09-01");
        for (debut, version) in [2024, 2025].into_iter().zip(&versions) {
            let referentiel = Referentiel::publie("eple", version).unwrap();
            let reponses: Reponses =
                referentiel.items().map(|i| (i.id.clone(), Reponse::depuis_valeur(Some(niveau)).unwrap())).collect();
            let jour = format!("{}-03-01T10:00:00Z", debut + 1);
            let d = e.diagnostic_sur(referentiel, annee(debut), 1, &jour, &reponses, Some(c.clone()));
            fs::write(depot.join(d.nom_fichier()), d.signer(&e.cle()).octets()).unwrap();
        }
    }
    fs::write(r.join("annuaire.csv"), csv).unwrap();

    let mut d = dane_a(&dane, "2026-04-01");
    d.importer_annuaire(&r.join("annuaire.csv"), None, false).unwrap();
    let import = d.importer_diagnostics(std::slice::from_ref(&depot), &mut |_| {}).unwrap();
    let importes = import.comptes.iter().find(|c| c.statut == StatutImport::Importe).unwrap().nombre;
    assert_eq!(importes, 22, "{:#?}", import.lignes);

    // The DANE publishes both years.
    let mut d = dane_a(&dane, "2026-07-01");
    let p25 = d.publier_reperes(Some("2025-2026"), &publications).unwrap();
    assert_eq!((p25.academies.as_slice(), p25.etablissements), (&["Bordeaux".to_string()][..], 11));
    assert!(p25.fichier.ends_with("SchemaTIC_reperes_2025-2026.json"), "{}", p25.fichier);
    let f24 = publications.join("2024");
    fs::create_dir_all(&f24).unwrap();
    let p24 = d.publier_reperes(Some("2024-2025"), &f24).unwrap();
    let (f25, f24) = (PathBuf::from(&p25.fichier), PathBuf::from(&p24.fichier));

    // A school that is not enrolled cannot check them.
    let seule = r.join("seule");
    a(&seule, "2026-07-02")
        .definir_etablissement(&SaisieEtablissementDto {
            uai: Fictif::nouveau("33", 9, "college", 7).unwrap().uai,
            nom: "Collège sans certificat".into(),
            type_etablissement: "college".into(),
            ..Default::default()
        })
        .unwrap();
    let e = a(&seule, "2026-07-02").importer_reperes(&f25).unwrap_err();
    assert!(e.message.starts_with("Cet établissement n’est pas enrôlé"), "{}", e.message);

    // The collège imports them.
    let mut i = a(&ecole, "2026-07-02");
    assert!(i.comparaison(Some("2025-2026"), None).unwrap().is_none(), "nothing before the import");
    let importes = i.importer_reperes(&f25).unwrap();
    assert!(!importes.deja_importes);
    assert_eq!((importes.reperes.annee.as_str(), importes.reperes.groupes_famille), ("2025-2026", 3));
    assert!(i.importer_reperes(&f25).unwrap().deja_importes, "the same file twice changes nothing");
    i.importer_reperes(&f24).unwrap();

    // Its results beside the collèges of the Gironde: 6, PIL mean
    // (3 × 1 + 2 × 3 + 1 × 2) / 6 = 1.83; every item's levels 1 to 3 are
    // built from 1 to 3 collèges, hidden.
    let c = i.comparaison(Some("2025-2026"), None).unwrap().unwrap();
    assert_eq!((c.echelon.code.as_str(), c.echelon.libelle.as_str()), ("departement", "Gironde (33)"));
    assert_eq!(c.echelon.etablissements, Some(6));
    assert_eq!(c.famille, "collèges");
    assert_eq!(
        c.echelons.iter().map(|e| (e.code.as_str(), e.etablissements)).collect::<Vec<_>>(),
        [("departement", Some(6)), ("academie", Some(11))]
    );
    for dom in &c.domaines {
        assert_eq!((dom.etablissement, dom.groupe, dom.secret), (Some(2.0), Some(1.83), false), "{}", dom.domaine_id);
    }
    let item = &c.items[0];
    assert!(item.comparable, "{:#?} {:#?}", c.notes, item);
    assert_eq!(item.reponse, "Niveau 2");
    let secrets: Vec<bool> = item.parts.iter().map(|p| p.secret).collect();
    assert_eq!(secrets[1..4], [true, true, true]);
    assert!(item.parts[2].etablissement, "the collège's own level is marked");
    assert_eq!(c.radar.polygone_precedent.as_ref().map(Vec::len), Some(c.domaines.len()));
    assert!(c.notes.iter().any(|n| n.contains("secret")), "{:#?}", c.notes);

    // Beside the académie's 11: PIL mean (3 + 6 + 2 + 15) / 11 = 2.36; 7 of
    // 11 at level 3 (63.6 %), levels 1 and 2 (3 and 1 collèges) hidden.
    let c = i.comparaison(Some("2025-2026"), Some("academie")).unwrap().unwrap();
    assert_eq!((c.echelon.libelle.as_str(), c.echelon.etablissements), ("académie de Bordeaux", Some(11)));
    assert!(c.domaines.iter().all(|d| d.groupe == Some(2.36)));
    let parts: Vec<(Option<f64>, bool)> = c.items[0].parts.iter().map(|p| (p.pourcent, p.secret)).collect();
    assert_eq!(
        parts,
        [(Some(0.0), false), (None, true), (None, true), (Some(63.6), false), (Some(0.0), false), (Some(0.0), false)]
    );
    // Two years: the collège went from 1 to 2, the Gironde's group from
    // (3 + 6 + 1) / 6 = 1.67 to 1.83.
    let c = i.comparaison(Some("2025-2026"), Some("departement")).unwrap().unwrap();
    let t: Vec<(&str, Option<f64>, Option<f64>)> =
        c.trajectoire.iter().map(|a| (a.annee.as_str(), a.etablissement[0], a.groupe[0])).collect();
    assert_eq!(t, [("2024-2025", Some(1.0), Some(1.67)), ("2025-2026", Some(2.0), Some(1.83))]);
    let e = i.comparaison(Some("2025-2026"), Some("region_academique")).unwrap_err();
    assert!(e.message.contains("ne publient pas de groupe de collèges pour votre région académique"), "{}", e.message);

    // Refused, each with its sentence, nothing changed.
    let mut falsifie = fs::read(&f25).unwrap();
    let k = falsifie.len() / 2;
    falsifie[k] = if falsifie[k] == b'A' { b'B' } else { b'A' };
    let chemin = r.join("falsifie.json");
    fs::write(&chemin, falsifie).unwrap();
    let e = i.importer_reperes(&chemin).unwrap_err();
    assert!(e.message.starts_with("Ce fichier de repères territoriaux est refusé."), "{}", e.message);

    let resigner = |nom: &str, cle: &CleInstallation, changer: &dyn Fn(&mut ReperesV1)| {
        let mut doc = lire(&f25);
        changer(&mut doc);
        let chemin = r.join(nom);
        fs::write(&chemin, doc.signer(cle).octets()).unwrap();
        chemin
    };
    let autre = CleInstallation::depuis_graine([9; 32]);
    let chemin = resigner("autre-cle.json", &autre, &|doc| doc.dane = autre.publique().keyid());
    let e = i.importer_reperes(&chemin).unwrap_err();
    assert!(e.message.starts_with("Ces repères sont signés par une autre clé"), "{}", e.message);
    let chemin = resigner("toulouse.json", &cle_dane, &|doc| {
        doc.academies = vec!["Toulouse".into()];
        doc.publie_le = "2026-08-01T10:00:00Z".into();
    });
    let e = i.importer_reperes(&chemin).unwrap_err();
    assert_eq!(
        e.message,
        "Ces repères concernent l’académie de Toulouse, pas celle de votre établissement (académie de Bordeaux) : ils ne sont pas importés."
    );
    let chemin = resigner("ancien.json", &cle_dane, &|doc| doc.publie_le = "2026-06-01T10:00:00Z".into());
    let e = i.importer_reperes(&chemin).unwrap_err();
    assert_eq!(
        e.message,
        "Des repères plus récents pour 2025-2026 sont déjà gardés (publiés le 2026-07-01) ; ce fichier, publié le 2026-06-01, n’est pas importé."
    );
    let e = i.importer_reperes(&depot.join(format!("SchemaTIC_{}_2025-2026_r1.json", moi.uai))).unwrap_err();
    assert!(e.message.starts_with("Ce fichier est un diagnostic signé, pas un fichier de repères"), "{}", e.message);
    let gardes = i.reperes_gardes().unwrap();
    assert_eq!(gardes.iter().map(|g| g.publie_le.as_str()).collect::<Vec<_>>(), ["2026-07-01T10:00:00Z"; 2]);

    // A newer publication replaces the one kept.
    let chemin = resigner("nouveau.json", &cle_dane, &|doc| doc.publie_le = "2026-09-01T10:00:00Z".into());
    let remplace = i.importer_reperes(&chemin).unwrap();
    assert_eq!(remplace.remplace.as_deref(), Some("2026-07-01T10:00:00Z"));
}
