//! The DANE reads every published referential version: a folder mixing
//! format 1 files on eple 2026.1 and format 2 files on the test version
//! 2026.9 (`tests/fixtures/referentiels/eple-2026.9.json`), with figures
//! checked against hand-computed values; a file on a version it does not know;
//! and a DANE database of the previous schema (positional rows), migrated
//! with every figure identical.

mod moteurs;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use schematic_api::dane::corpus::{ENTETE_ANNUAIRE, Fictif};
use schematic_api::dto::{ImportDto, RequeteSyntheseDto, StatutImport, SyntheseDto};
use schematic_api::{Horloge, Installation};
use schematic_core::AnneeScolaire;
use schematic_core::diagnostic::{Reponse, Reponses};
use schematic_core::referentiel::Referentiel;

use moteurs::Moteur;

sur_les_deux_moteurs!(
    a_folder_mixing_versions_and_formats_is_imported_and_summed_through_the_correspondence,
    a_format_1_file_written_by_0_1_0_still_imports,
);

const RACINE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn dane(dossier: &Path) -> Installation {
    Installation::ouvrir(dossier)
        .unwrap()
        .avec_horloge(Horloge::Fixe(Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap()))
}

fn v9() -> Referentiel {
    Referentiel::depuis_json(
        &fs::read_to_string(format!("{RACINE}/tests/fixtures/referentiels/eple-2026.9.json")).unwrap(),
    )
    .unwrap()
}

/// Every item of `r` answered by domain: `par_domaine[d]` is a level code
/// (`"0"`–`"3"`, `"-"` not answered) for all the domain's items; `na` items
/// are « non applicable ».
fn reponses(r: &Referentiel, par_domaine: [&str; 5], na: &[&str]) -> Reponses {
    let mut rep = Reponses::new();
    for (d, code) in r.domaines.iter().zip(par_domaine) {
        for item in &d.items {
            if na.contains(&item.id.as_str()) {
                rep.insert(item.id.clone(), Reponse::NonApplicable);
            } else if code != "-" {
                rep.insert(item.id.clone(), code.parse().unwrap());
            }
        }
    }
    rep
}

/// A signed file of `e` for `annee` on `r`, in format `version`.
fn fichier(dossier: &Path, e: &Fictif, r: &Referentiel, annee: &str, version: u32, rep: &Reponses) -> PathBuf {
    let annee: AnneeScolaire = annee.parse().unwrap();
    // Signed in June of the year, or, for the year in progress, before the
    // DANE's day (20 November 2026).
    let signe = if annee.debut() >= 2026 {
        "2026-11-10T10:00:00Z".into()
    } else {
        format!("{}-06-15T10:00:00Z", annee.debut() + 1)
    };
    let mut d = e.diagnostic(annee, 1, &signe, rep, None);
    let (niveaux, non_renseignes, mut resultats) = schematic_exchange::format_diagnostic::reponses_charge(r, rep);
    if version == 1 {
        for x in &mut resultats {
            x.non_applicables = None;
        }
    }
    d.version_format = version;
    d.referentiel.version = r.version.clone();
    d.referentiel.empreinte = r.empreinte();
    (d.reponses, d.non_renseignes, d.resultats) = (niveaux, non_renseignes, resultats);
    let chemin = dossier.join(format!("{}_{}_{}.json", e.uai, d.annee_scolaire, r.version));
    fs::write(&chemin, d.signer(&e.cle()).octets()).unwrap();
    chemin
}

fn statut(import: &ImportDto, fin: &str) -> (StatutImport, String) {
    let l = import.lignes.iter().find(|l| l.chemin.ends_with(fin)).unwrap_or_else(|| panic!("{fin}"));
    (l.statut, l.detail.clone())
}

fn requete(par: &str, annee: &str, publication: bool) -> RequeteSyntheseDto {
    RequeteSyntheseDto { par: par.into(), annee: Some(annee.into()), publication, ..Default::default() }
}

/// A, B on 2026.1 (format 1); C, D on 2026.9 (format 2; C's IMP-4 « non
/// applicable »). Domains PIL FOR IMP PED INF:
/// A 3 2 1 0 2 · B 1 1 3 2 — · C 2 2 2(IMP-4 na) 2 2 · D 3 3 3 3 3;
/// A also answered 2025-2026 on 2026.1: 2 everywhere.
fn a_folder_mixing_versions_and_formats_is_imported_and_summed_through_the_correspondence(m: Moteur) {
    let racine = tempfile::tempdir().unwrap();
    let r = racine.path();
    let dossier = r.join("recus");
    fs::create_dir_all(&dossier).unwrap();
    let [a, b, c, d, f, g] = [1, 2, 3, 4, 5, 6].map(|n| Fictif::nouveau("33", n, "college", 7).unwrap());
    let mut annuaire = String::from(ENTETE_ANNUAIRE);
    for e in [&a, &b, &c, &d, &f, &g] {
        annuaire.push_str(&e.ligne_annuaire(&format!("Collège {}", e.uai)));
    }
    fs::write(r.join("annuaire.csv"), annuaire).unwrap();
    m.preparer(&r.join("dane"));
    let mut i = dane(&r.join("dane"));
    i.importer_referentiel(Path::new(&format!("{RACINE}/tests/fixtures/referentiels/eple-2026.9.json"))).unwrap();
    let mut i = i.espace_dane().unwrap();
    i.importer_annuaire(&r.join("annuaire.csv"), None, false).unwrap();

    let v1 = Referentiel::publie("eple", "2026.1").unwrap();
    let v9 = v9();
    fichier(&dossier, &a, v1, "2025-2026", 1, &reponses(v1, ["2", "2", "2", "2", "2"], &[]));
    fichier(&dossier, &a, v1, "2026-2027", 1, &reponses(v1, ["3", "2", "1", "0", "2"], &[]));
    fichier(&dossier, &b, v1, "2026-2027", 1, &reponses(v1, ["1", "1", "3", "2", "-"], &[]));
    fichier(&dossier, &c, &v9, "2026-2027", 2, &reponses(&v9, ["2", "2", "2", "2", "2"], &["IMP-4"]));
    fichier(&dossier, &d, &v9, "2026-2027", 2, &reponses(&v9, ["3", "3", "3", "3", "3"], &[]));
    // F: a version this DANE does not know; G: « na » where 2026.9 does not allow it.
    let mut inconnue = v9.clone();
    inconnue.version = "2027.5".into();
    fichier(&dossier, &f, &inconnue, "2026-2027", 2, &reponses(&v9, ["2", "2", "2", "2", "2"], &[]));
    fichier(&dossier, &g, &v9, "2026-2027", 2, &reponses(&v9, ["2", "2", "2", "2", "2"], &["PIL-1"]));

    let import = i.importer_diagnostics(&[dossier], &mut |_| {}).unwrap();
    for fin in [&a.uai, &b.uai, &c.uai, &d.uai] {
        for l in import.lignes.iter().filter(|l| l.chemin.contains(fin.as_str())) {
            assert_eq!(l.statut, StatutImport::NonEnrole, "{}: {}", l.chemin, l.detail);
        }
    }
    let (s, detail) = statut(&import, &format!("{}_2026-2027_2027.5.json", f.uai));
    assert_eq!(s, StatutImport::ReferentielInconnu);
    assert!(
        detail.starts_with("Référentiel inconnu (version 2027.5) : la version 2027.5 de eple n’est pas connue"),
        "{detail}"
    );
    assert!(detail.contains("schematic referentiel importer"), "{detail}");
    let (s, detail) = statut(&import, &format!("{}_2026-2027_2026.9.json", g.uai));
    assert_eq!(s, StatutImport::FormatNonReconnu);
    assert!(detail.contains("L’item PIL-1 ne peut pas être déclaré « non applicable »"), "{detail}");

    let s = i.synthese(&requete("departement", "2026-2027", false)).unwrap();
    let l = s.territoires.iter().find(|t| t.code == "33").unwrap();
    let moyennes: Vec<Option<f64>> = l.moyennes.iter().map(|v| v.valeur).collect();
    // PIL (3+1+2+3)/4 · FOR (2+1+2+3)/4 · IMP (1+3+2+3)/4 (C's IMP-4 left out)
    // · PED (0+2+2+3)/4 · INF (2+2+3)/3 (B answered nothing there).
    assert_eq!(moyennes, [Some(2.25), Some(2.0), Some(2.25), Some(1.75), Some(2.33)]);
    assert_eq!(l.diagnostics.valeur, Some(4.0));
    // Last year only A: 2 everywhere.
    assert_eq!(l.evolutions[0].valeur, Some(0.25));
    let versions: Vec<(&str, &str, Option<f64>)> =
        s.versions.iter().map(|v| (v.referentiel.as_str(), v.version.as_str(), v.diagnostics.valeur)).collect();
    assert_eq!(versions, [("eple", "2026.1", Some(2.0)), ("eple", "2026.9", Some(2.0))]);
    assert!(
        s.notes.iter().any(|n| n.contains("eple a été répondu sur plusieurs versions (2026.1 : 2 ; 2026.9 : 2)")),
        "{:#?}",
        s.notes
    );
    let item = |id: &str| -> Vec<f64> {
        let i = s.items.iter().find(|i| i.referentiel == "eple" && i.item == id).unwrap();
        assert_eq!(i.version, "2026.9");
        i.comptes.iter().map(|c| c.valeur.unwrap()).collect()
    };
    // Columns: aucun, 1, 2, 3, non applicable, non renseigné.
    assert_eq!(item("PIL-1"), [0.0, 1.0, 1.0, 2.0, 0.0, 0.0]);
    assert_eq!(item("PIL-2"), [0.0, 1.0, 2.0, 1.0, 0.0, 0.0], "A's 3 reads 2 in 2026.9");
    assert_eq!(item("PIL-3"), [0.0, 0.0, 1.0, 1.0, 0.0, 0.0], "split: 2026.9 only");
    assert_eq!(item("PIL-5"), [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]);
    assert_eq!(item("FOR-1"), [0.0, 0.0, 1.0, 1.0, 0.0, 0.0], "merged: 2026.9 only");
    assert_eq!(item("IMP-4"), [0.0, 1.0, 0.0, 2.0, 1.0, 0.0]);
    assert_eq!(item("PED-1"), [1.0, 0.0, 2.0, 1.0, 0.0, 0.0]);
    assert_eq!(item("PED-2"), [0.0, 0.0, 1.0, 1.0, 0.0, 0.0], "to answer again: 2026.9 only");
    assert_eq!(item("INF-1"), [0.0, 0.0, 2.0, 1.0, 0.0, 1.0]);
    assert_eq!(item("INF-5"), [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]);
    assert!(s.items.iter().all(|i| i.item != "INF-4" && i.item != "FOR-2"));

    // Each establishment reads on its own version.
    let fiche = i.etablissement_dane(&c.uai).unwrap();
    assert_eq!(fiche.diagnostics[0].version, "2026.9");
    assert_eq!(fiche.diagnostics[0].resultats.domaines[2].non_applicables, 1);
    let fiche = i.etablissement_dane(&a.uai).unwrap();
    let versions: Vec<(&str, &str)> =
        fiche.diagnostics.iter().map(|d| (d.annee.as_str(), d.version.as_str())).collect();
    assert_eq!(versions, [("2026-2027", "2026.1"), ("2025-2026", "2026.1")]);

    // The CSV carries the version and the « non applicable » column.
    let sortie = r.join("synthese.csv");
    i.exporter_synthese(&requete("departement", "2026-2027", false), "csv", &sortie).unwrap();
    let items = fs::read_to_string(r.join("synthese-items.csv")).unwrap();
    assert!(
        items.contains(
            "Référentiel;Version;Item;Intitulé;Aucun niveau;Niveau 1;Niveau 2;Niveau 3;Non applicable;Non renseigné"
        ),
        "{items}"
    );
    assert!(items.contains("eple;2026.9;IMP-4;"), "{items}");
}

/// The figures a synthesis shows, as the previous schema's code wrote them:
/// item counts had no « non applicable » column.
fn figures(s: &serde_json::Value, avant: bool) -> serde_json::Value {
    let ligne = |l: &serde_json::Value| {
        serde_json::json!([l["code"], l["diagnostics"], l["nonEnroles"], l["taux"], l["moyennes"], l["evolutions"]])
    };
    let items: Vec<serde_json::Value> = s["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let mut c = i["comptes"].as_array().unwrap().clone();
            if avant {
                c.insert(4, serde_json::json!({ "valeur": 0.0, "masque": null }));
            }
            serde_json::json!([i["referentiel"], i["item"], c])
        })
        .collect();
    serde_json::json!({
        "territoires": s["territoires"].as_array().unwrap().iter().map(ligne).collect::<Vec<_>>(),
        "total": ligne(&s["total"]),
        "items": items,
    })
}

/// `tests/fixtures/dane-schema-v7/`: a DANE database written by the code of
/// schema 7 (positional rows, before versions were recorded) with 90
/// diagnostics of 45 establishments over two years, and the syntheses that
/// code computed from it. Opened by today's code, it is migrated (a copy
/// taken first), its DANE tables move into the DANE space's own store
/// (`dane.sqlite`), and every figure of every synthesis is the same.
#[test]
fn a_dane_database_of_the_previous_schema_keeps_every_figure() {
    let racine = tempfile::tempdir().unwrap();
    let dossier = racine.path().join("dane");
    fs::create_dir_all(&dossier).unwrap();
    let fixture = format!("{RACINE}/tests/fixtures/dane-schema-v7");
    fs::copy(format!("{fixture}/schematic.sqlite"), dossier.join("schematic.sqlite")).unwrap();
    let avant: Vec<serde_json::Value> =
        serde_json::from_str(&fs::read_to_string(format!("{fixture}/syntheses-avant.json")).unwrap()).unwrap();
    let mut i = dane(&dossier).espace_dane().unwrap();
    assert!(dossier.join("sauvegardes").read_dir().unwrap().next().is_some(), "a copy was taken before migrating");
    assert_eq!(avant.len(), 16);
    for s in &avant {
        let q = requete(s["par"].as_str().unwrap(), s["annee"].as_str().unwrap(), s["publication"].as_bool().unwrap());
        let apres: SyntheseDto = i.synthese(&q).unwrap();
        assert!(s["items"].as_array().unwrap().len() >= 40 && !s["territoires"].as_array().unwrap().is_empty());
        assert_eq!(
            figures(&serde_json::to_value(&apres).unwrap(), false),
            figures(s, true),
            "{} par {} ({})",
            q.annee.as_deref().unwrap(),
            q.par,
            if q.publication { "publication" } else { "interne" }
        );
        assert!(apres.versions.iter().all(|v| v.version == "2026.1"));
    }
    // Every stored diagnostic reads on 2026.1, its own version.
    let s = i.synthese(&requete("etablissement", "2025-2026", false)).unwrap();
    for l in s.territoires.iter().filter(|l| l.diagnostics.valeur == Some(1.0)).take(5) {
        let fiche = i.etablissement_dane(&l.code).unwrap();
        assert!(fiche.diagnostics.iter().all(|d| d.version == "2026.1"), "{}", l.code);
    }
    let v = i.reverifier_diagnostics().unwrap();
    assert_eq!((v.diagnostics, v.anomalies), (90, Vec::<String>::new()));
    drop(i);

    // The establishment's database no longer holds them; opening again
    // copies nothing twice.
    let tables = |base: &str| -> Vec<String> {
        let conn = rusqlite::Connection::open(dossier.join(base)).unwrap();
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'dane%' ORDER BY 1")
            .unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(tables("schematic.sqlite"), Vec::<String>::new());
    assert!(tables("dane.sqlite").contains(&"dane_diagnostic".to_string()));
    let mut i = dane(&dossier).espace_dane().unwrap();
    assert_eq!(i.reverifier_diagnostics().unwrap().diagnostics, 90);
}

/// A format 1 file written by SchémaTIC 0.1.0 (`tests/fixtures/format-v1/v0.1.0/`)
/// still imports, read on eple 2026.1.
fn a_format_1_file_written_by_0_1_0_still_imports(m: Moteur) {
    let racine = tempfile::tempdir().unwrap();
    let r = racine.path();
    let annuaire = format!(
        "{ENTETE_ANNUAIRE}0332345V;Collège Les Tilleuls;Collège;Public;33500;Libourne;033;Gironde;04;Bordeaux;OUVERT\n"
    );
    fs::write(r.join("annuaire.csv"), annuaire).unwrap();
    m.preparer(&r.join("dane"));
    let mut i = Installation::ouvrir(&r.join("dane"))
        .unwrap()
        .avec_horloge(Horloge::Fixe(Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap()))
        .espace_dane()
        .unwrap();
    i.importer_annuaire(&r.join("annuaire.csv"), None, false).unwrap();
    let fichier = PathBuf::from(format!("{RACINE}/tests/fixtures/format-v1/v0.1.0/diagnostic-non-enrole.json"));
    let import = i.importer_diagnostics(&[fichier], &mut |_| {}).unwrap();
    let (s, detail) = statut(&import, "diagnostic-non-enrole.json");
    assert_eq!(s, StatutImport::NonEnrole, "{detail}");
    let fiche = i.etablissement_dane("0332345V").unwrap();
    assert_eq!((fiche.diagnostics[0].referentiel.as_str(), fiche.diagnostics[0].version.as_str()), ("eple", "2026.1"));
    assert!(fiche.diagnostics[0].resultats.repondus > 0);
}
