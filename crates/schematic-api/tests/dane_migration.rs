//! Growing from one PC to a team (issue 15): a DANE space in its SQLite file
//! copied to a PostgreSQL server with every figure unchanged, every envelope
//! verified again, the copy run again writing nothing.

use std::fs;
use std::path::Path;

use chrono::{TimeZone, Utc};
use schematic_api::dane::corpus::{self, Parametres, generer};
use schematic_api::dto::{EtatDaneDto, RequeteSyntheseDto, SyntheseDto};
use schematic_api::{EspaceDane, Horloge, Installation};
use schematic_core::AnneeScolaire;
use schematic_core::diagnostic::{Reponse, Reponses};
use schematic_postgres_essai::{nouvelle_base, psql, serveur_des_tests};

fn installation(dossier: &Path) -> Installation {
    Installation::ouvrir(dossier)
        .unwrap()
        .avec_horloge(Horloge::Fixe(Utc.with_ymd_and_hms(2026, 6, 15, 10, 0, 0).unwrap()))
}

/// Every synthesis a DANE looks at: each grouping, both years, internal and
/// published.
fn syntheses(d: &EspaceDane) -> Vec<SyntheseDto> {
    let mut s = Vec::new();
    for par in ["academie", "departement", "circonscription", "type"] {
        for annee in ["2024-2025", "2025-2026"] {
            for publication in [false, true] {
                let q = RequeteSyntheseDto {
                    par: par.into(),
                    annee: Some(annee.into()),
                    publication,
                    ..Default::default()
                };
                s.push(d.synthese(&q).unwrap());
            }
        }
    }
    // Filtered, and per establishment: the engines read the annuaire
    // differently (SQLite joins in memory), the figures must not differ.
    let premier = |par: &str| {
        s.iter()
            .find(|x| x.par == par)
            .and_then(|x| x.territoires.iter().find(|t| !t.code.is_empty()))
            .unwrap()
            .code
            .clone()
    };
    let (academie, departement, circonscription) =
        (premier("academie"), premier("departement"), premier("circonscription"));
    let filtrees = [
        RequeteSyntheseDto {
            par: "etablissement".into(),
            departement: Some(departement.clone()),
            ..Default::default()
        },
        RequeteSyntheseDto { par: "circonscription".into(), departement: Some(departement), ..Default::default() },
        RequeteSyntheseDto { par: "type".into(), academie: Some(academie.clone()), ..Default::default() },
        RequeteSyntheseDto { par: "departement".into(), famille: Some("college".into()), ..Default::default() },
        RequeteSyntheseDto {
            par: "etablissement".into(),
            circonscription: Some(circonscription),
            ..Default::default()
        },
        RequeteSyntheseDto {
            par: "academie".into(),
            academie: Some(academie),
            famille: Some("ecole".into()),
            publication: true,
            ..Default::default()
        },
    ];
    for q in filtrees {
        let r = d.synthese(&q).unwrap();
        assert!(!r.territoires.is_empty(), "{q:?}");
        s.push(r);
    }
    s
}

fn etat(d: &EspaceDane) -> EtatDaneDto {
    EtatDaneDto { dernier_import: None, stockage: String::new(), ..d.etat_dane().unwrap() }
}

#[test]
fn a_dane_space_moves_from_its_file_to_a_server_with_every_figure() {
    let racine = tempfile::tempdir().unwrap();
    let dossier = racine.path().join("dane");
    let mut i = installation(&dossier);
    let mut dane = i.espace_dane().unwrap();
    // Two years of 1,200 establishments, 100 of which sent a second revision each year.
    let p = Parametres { diagnostics: 2600, etablissements: 1200, annees: 2, derniere_annee: 2025, graine: 15 };
    let c = generer(&mut dane, racine.path(), p).unwrap();
    dane.importer_annuaire(&c.annuaire, Some(&c.circonscriptions), false).unwrap();
    dane.importer_diagnostics(std::slice::from_ref(&c.diagnostics), &mut |_| {}).unwrap();
    // Three files from another key for establishments already held: set aside.
    let intrus = racine.path().join("intrus");
    fs::create_dir_all(&intrus).unwrap();
    for k in [7, 17, 27] {
        let e = corpus::etablissement(k, 99);
        let r = e.referentiel();
        let reponses: Reponses = r.items().map(|item| (item.id.clone(), Reponse::Niveau1)).collect();
        let d = e.diagnostic(AnneeScolaire::commencant_en(2025).unwrap(), 1, "2026-05-20T10:00:00Z", &reponses, None);
        fs::write(intrus.join(d.nom_fichier()), d.signer(&e.cle()).octets()).unwrap();
    }
    dane.importer_diagnostics(&[intrus], &mut |_| {}).unwrap();
    let avant = syntheses(&dane);
    let etat_avant = etat(&dane);
    assert_eq!(etat_avant.ecartes, 3);
    let uai = corpus::etablissement(7, 15).uai;
    let fiche_avant = dane.etablissement_dane(&uai).unwrap();
    drop(dane);

    let url = nouvelle_base(&serveur_des_tests()).unwrap();
    let m = i.migrer_espace_dane(&url, None, false).unwrap();
    assert_eq!((m.anomalies.len(), m.en_conflit.len()), (0, 0), "{m:#?}");
    assert_eq!(m.verifies, 2400 + 3);
    assert!(m.source.starts_with("SQLite") && m.cible.starts_with("PostgreSQL"), "{m:#?}");
    assert!(!m.utilise);
    assert_eq!(i.espace_dane().unwrap().description_stockage(), m.source, "still on its file");
    // Run again: nothing new, and this time the installation moves.
    let encore = i.migrer_espace_dane(&url, None, true).unwrap();
    assert_eq!(encore.copies, 0, "{encore:#?}");
    assert_eq!(encore.deja_presents, m.copies + m.deja_presents);
    assert!(encore.utilise);

    let mut dane = i.espace_dane().unwrap();
    assert!(dane.description_stockage().starts_with("PostgreSQL"));
    assert_eq!(etat(&dane), etat_avant);
    assert_eq!(dane.etablissement_dane(&uai).unwrap(), fiche_avant);
    let apres = syntheses(&dane);
    assert_eq!(apres.len(), avant.len());
    for (a, b) in avant.iter().zip(&apres) {
        assert_eq!(a, b, "{} par {}{}", a.annee, a.par, if a.publication { " (publication)" } else { "" });
    }
    // The published figures were computed on the server too.
    assert_ne!(psql(&url, "SELECT count(*) FROM publication.participation").unwrap().trim(), "0");
    // Each copy ended with the store's upkeep: the tables it filled vacuumed
    // and analysed by SchémaTIC itself (the autovacuum's runs are counted apart).
    let entretien = psql(
        &url,
        "SELECT vacuum_count >= 2 AND analyze_count >= 2 FROM pg_stat_user_tables WHERE relname = 'dane_diagnostic'",
    )
    .unwrap();
    assert_eq!(entretien.trim(), "t", "{entretien}");
    // Envelopes are compressed with lz4 on this server (migration 0005), and
    // read back whole: every one of them verifies again.
    let compression = psql(
        &url,
        "SELECT string_agg(attcompression::text, ',' ORDER BY attrelid::regclass::text) FROM pg_attribute
          WHERE attname = 'octets' AND attrelid IN ('dane_enveloppe'::regclass, 'dane_ecarte'::regclass)",
    )
    .unwrap();
    assert_eq!(compression.trim(), "l,l");
    let r = dane.reverifier_diagnostics().unwrap();
    assert_eq!((r.diagnostics, r.valides, r.anomalies.len()), (2400, 2400, 0), "{r:?}");
}

#[test]
fn an_envelope_that_no_longer_verifies_is_said_and_not_copied() {
    let racine = tempfile::tempdir().unwrap();
    let dossier = racine.path().join("dane");
    let mut i = installation(&dossier);
    let mut dane = i.espace_dane().unwrap();
    let p = Parametres { diagnostics: 20, etablissements: 20, annees: 1, derniere_annee: 2025, graine: 3 };
    let c = generer(&mut dane, racine.path(), p).unwrap();
    dane.importer_annuaire(&c.annuaire, None, false).unwrap();
    dane.importer_diagnostics(std::slice::from_ref(&c.diagnostics), &mut |_| {}).unwrap();
    drop(dane);
    // One stored envelope altered on disk (its payload no longer the one signed).
    let conn = rusqlite::Connection::open(dossier.join("dane.sqlite")).unwrap();
    let (empreinte, octets): (String, Vec<u8>) = conn
        .query_row("SELECT empreinte, octets FROM dane_enveloppe ORDER BY empreinte LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let texte = String::from_utf8(octets).unwrap();
    let debut = texte.find("\"payload\":\"").unwrap() + 12;
    let mut altere = texte.into_bytes();
    altere[debut] = if altere[debut] == b'A' { b'B' } else { b'A' };
    conn.execute("UPDATE dane_enveloppe SET octets = ?1 WHERE empreinte = ?2", rusqlite::params![altere, empreinte])
        .unwrap();
    drop(conn);

    let url = nouvelle_base(&serveur_des_tests()).unwrap();
    let m = i.migrer_espace_dane(&url, None, false).unwrap();
    assert_eq!(m.anomalies.len(), 1, "{m:#?}");
    assert!(m.anomalies[0].starts_with(&format!("Diagnostic {}", &empreinte[..12])), "{}", m.anomalies[0]);
    assert!(m.anomalies[0].ends_with("Il n’est pas copié."), "{}", m.anomalies[0]);
    assert_eq!(psql(&url, "SELECT count(*) FROM dane_diagnostic").unwrap().trim(), "19");
}
