//! The DANE side end to end, through real installations and real files:
//! establishments enrol and export signed diagnostics over two school years;
//! the DANE imports one folder holding those and every kind of bad file;
//! statuses, synthesis and publication are checked against hand-computed
//! values.

mod moteurs;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use schematic_api::dane::corpus::{ENTETE_ANNUAIRE, Fictif};
use schematic_api::dto::{
    ImportDto, LigneTerritoireDto, MotifMasque, RequeteSyntheseDto, SaisieEtablissementDto, StatutImport, SyntheseDto,
};
use schematic_api::echange::Formats;
use schematic_api::{EspaceDane, Horloge, Installation};
use schematic_core::AnneeScolaire;
use schematic_core::diagnostic::{Reponse, Reponses};
use schematic_core::referentiel::Referentiel;

use moteurs::Moteur;

sur_les_deux_moteurs!(
    three_years_of_a_territory_imported_checked_summed_and_published,
    publication_hides_small_cells_and_the_one_that_would_reveal_them,
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

/// An establishment's own installation.
struct Ecole {
    dossier: PathBuf,
}

impl Ecole {
    fn nouvelle(racine: &Path, uai: &'static str, type_etablissement: &str) -> Self {
        let dossier = racine.join(uai);
        a(&dossier, "2024-09-05")
            .definir_etablissement(&SaisieEtablissementDto {
                uai: uai.into(),
                nom: format!("Établissement {uai}"),
                type_etablissement: type_etablissement.into(),
                ..Default::default()
            })
            .unwrap();
        Self { dossier }
    }

    fn enroler(&self, dane: &Path, jour: &str, duree: u16, echanges: &Path) {
        let demande = a(&self.dossier, jour).demande_enrolement(echanges).unwrap();
        let e = dane_a(dane, jour).enroler(Path::new(&demande), echanges, duree).unwrap();
        a(&self.dossier, jour).importer_certificat(Path::new(&e.fichier)).unwrap();
    }

    /// Answers every item of domain PIL with `pil` and every other with
    /// `autres` for `annee`, finalises, and exports JSON (and PDF) into
    /// `sortie` on `jour`. Returns the JSON path.
    fn diagnostic(&self, annee: &str, jour: &str, pil: &str, autres: &str, sortie: &Path, pdf: bool) -> PathBuf {
        let mut i = a(&self.dossier, jour);
        if i.diagnostic(Some(annee)).is_err() {
            i.creer_diagnostic(Some(annee), false).unwrap();
        } else {
            i.rouvrir(Some(annee)).unwrap();
        }
        let id = i.referentiel_du_diagnostic(Some(annee)).unwrap();
        for d in &id.domaines {
            for item in &d.items {
                i.repondre(Some(annee), &item.id, if d.id == "PIL" { pil } else { autres }, None).unwrap();
            }
        }
        i.finaliser(Some(annee)).unwrap();
        let export = i.exporter(Some(annee), Formats { json: true, pdf }, false, sortie).unwrap();
        PathBuf::from(&export.fichiers[0])
    }
}

fn compte(import: &ImportDto, statut: StatutImport) -> u32 {
    import.comptes.iter().find(|c| c.statut == statut).unwrap().nombre
}

fn statut_de(import: &ImportDto, fin: &str) -> StatutImport {
    import
        .lignes
        .iter()
        .find(|l| l.chemin.ends_with(fin))
        .unwrap_or_else(|| panic!("no line for {fin}: {:#?}", import.lignes))
        .statut
}

fn ligne<'a>(s: &'a SyntheseDto, code: &str) -> &'a LigneTerritoireDto {
    s.territoires.iter().find(|l| l.code == code).unwrap_or_else(|| panic!("no territory {code}"))
}

fn requete(par: &str, annee: &str, publication: bool) -> RequeteSyntheseDto {
    RequeteSyntheseDto {
        par: par.into(),
        annee: Some(annee.into()),
        academie: Some("Bordeaux".into()),
        publication,
        ..Default::default()
    }
}

fn three_years_of_a_territory_imported_checked_summed_and_published(m: Moteur) {
    let racine = tempfile::tempdir().unwrap();
    let r = racine.path();
    let dane = r.join("dane");
    m.preparer(&dane);
    let echanges = r.join("echanges");
    let depot = r.join("depot");
    fs::create_dir_all(depot.join("z-anciens")).unwrap();

    // The annuaire: the establishments below, 8 more schools in Gironde, one
    // more lycée in the Landes, a closed school and a CIO (neither counts).
    let mut csv = String::from(ENTETE_ANNUAIRE);
    for (uai, nom, type_, dep, dep_nom, etat) in [
        ("0330021U", "Collège A", "Collège", "033", "Gironde", "OUVERT"),
        ("0331500B", "École B", "Ecole", "033", "Gironde", "OUVERT"),
        ("0400007R", "Lycée C", "Lycée", "040", "Landes", "OUVERT"),
        ("0470009E", "Collège U", "Collège", "047", "Lot-et-Garonne", "OUVERT"),
        ("0240003Y", "École R", "Ecole", "024", "Dordogne", "OUVERT"),
        ("0640011P", "Collège X", "Collège", "064", "Pyrénées-Atlantiques", "OUVERT"),
        ("0401000V", "Lycée des Landes", "Lycée", "040", "Landes", "OUVERT"),
        ("0331900L", "École fermée", "Ecole", "033", "Gironde", "FERME"),
        ("0331901M", "CIO de Bordeaux", "Information et orientation", "033", "Gironde", "OUVERT"),
    ] {
        csv.push_str(&format!("{uai};{nom};{type_};Public;33000;Commune;{dep};{dep_nom};04;Bordeaux;{etat}\n"));
    }
    for uai in ["0331600K", "0331601L", "0331602M", "0331603N", "0331604P", "0331605R", "0331606S", "0331607T"] {
        csv.push_str(&format!("{uai};École {uai};Ecole;Public;33000;Commune;033;Gironde;04;Bordeaux;OUVERT\n"));
    }
    fs::write(r.join("annuaire.csv"), csv).unwrap();
    let annuaire = dane_a(&dane, "2024-09-01").importer_annuaire(&r.join("annuaire.csv"), None, false).unwrap();
    assert_eq!((annuaire.etablissements, annuaire.lignes_ignorees), (17, 0));

    let ea = Ecole::nouvelle(r, "0330021U", "college");
    let eb = Ecole::nouvelle(r, "0331500B", "ecole-primaire");
    let ec = Ecole::nouvelle(r, "0400007R", "lycee");
    let eu = Ecole::nouvelle(r, "0470009E", "college");
    let er = Ecole::nouvelle(r, "0240003Y", "ecole-primaire");
    let ex = Ecole::nouvelle(r, "0640011P", "college");
    let ez = Ecole::nouvelle(r, "0331777C", "college");
    for e in [&ea, &eb, &ec, &er, &ez] {
        e.enroler(&dane, "2024-09-10", 3, &echanges);
    }
    ex.enroler(&dane, "2024-09-10", 1, &echanges);

    // 2024-2025.
    let a24 = ea.diagnostic("2024-2025", "2025-06-02", "1", "1", &depot, false);
    eb.diagnostic("2024-2025", "2025-06-02", "2", "2", &depot, false);
    // R's 2024-2025 reached the DANE before R's key was revoked: it stays.
    let premier_envoi = r.join("premier-envoi");
    er.diagnostic("2024-2025", "2025-06-02", "2", "2", &premier_envoi, false);
    let avant = dane_a(&dane, "2025-06-10").importer_diagnostics(&[premier_envoi], &mut |_| {}).unwrap();
    assert_eq!(compte(&avant, Importe), 1, "{:#?}", avant.lignes);
    ex.diagnostic("2024-2025", "2025-06-02", "1", "1", &depot, false);
    // 2025-2026.
    let a25 = ea.diagnostic("2025-2026", "2026-03-02", "2", "2", &depot, true);
    eb.diagnostic("2025-2026", "2026-03-02", "1", "1", &depot, false); // r1, replaced in the same import
    eb.diagnostic("2025-2026", "2026-03-09", "3", "3", &depot, false); // r2
    let c1 = ec.diagnostic("2025-2026", "2026-03-02", "2", "2", &depot.join("z-anciens"), false);
    ec.diagnostic("2025-2026", "2026-03-09", "3", "1", &depot, false);
    eu.diagnostic("2025-2026", "2026-03-02", "aucun", "aucun", &depot, false);
    dane_a(&dane, "2026-01-05").revoquer("0240003Y", Some("2026-01-01")).unwrap();
    er.diagnostic("2025-2026", "2026-03-02", "3", "3", &depot, false);
    ex.diagnostic("2025-2026", "2026-03-02", "3", "3", &depot, false);
    ez.diagnostic("2025-2026", "2026-03-02", "3", "3", &depot, false);

    // Bad files.
    fs::copy(&a24, depot.join("zz-copie.json")).unwrap();
    let mut falsifie = fs::read(&a25).unwrap();
    let i = falsifie.len() / 2;
    falsifie[i] = if falsifie[i] == b'A' { b'B' } else { b'A' };
    fs::write(depot.join("falsifie.json"), falsifie).unwrap();
    fs::write(depot.join("notes.txt"), "Compte rendu de réunion").unwrap();
    fs::write(depot.join("coupe.json"), &fs::read(&a24).unwrap()[..100]).unwrap();
    fs::write(depot.join("profond.json"), "{\"a\":".repeat(100_000)).unwrap();
    fs::write(depot.join("latin1.json"), b"{\"payloadType\":\"\xe9t\xe9\"}").unwrap();
    fs::File::create(depot.join("enorme.pdf")).unwrap().set_len(2 << 30).unwrap();
    let _ = c1;

    let mut etapes = Vec::new();
    let import = dane_a(&dane, "2026-04-01")
        .importer_diagnostics(std::slice::from_ref(&depot), &mut |p| etapes.push(p))
        .unwrap();
    assert_eq!(etapes.last().map(|p| (p.traites, p.total)), Some((20, 20)), "{etapes:?}");

    use StatutImport::*;
    let attendus = [
        ("SchemaTIC_0330021U_2024-2025_r1.json", Importe),
        ("SchemaTIC_0330021U_2025-2026_r1.json", Importe),
        ("SchemaTIC_0330021U_2025-2026_r1.pdf", DejaImporte),
        ("zz-copie.json", DejaImporte),
        ("SchemaTIC_0331500B_2024-2025_r1.json", Importe),
        ("SchemaTIC_0331500B_2025-2026_r1.json", RevisionPlusAncienne),
        ("SchemaTIC_0331500B_2025-2026_r2.json", Importe),
        ("SchemaTIC_0400007R_2025-2026_r2.json", Importe),
        ("z-anciens/SchemaTIC_0400007R_2025-2026_r1.json", RevisionPlusAncienne),
        ("SchemaTIC_0470009E_2025-2026_r1.json", NonEnrole),
        ("SchemaTIC_0240003Y_2025-2026_r1.json", CleRevoquee),
        ("SchemaTIC_0640011P_2024-2025_r1.json", Importe),
        ("SchemaTIC_0640011P_2025-2026_r1.json", CertificatInvalide),
        ("SchemaTIC_0331777C_2025-2026_r1.json", UaiInconnu),
        ("falsifie.json", SignatureInvalide),
        ("notes.txt", FormatNonReconnu),
        ("coupe.json", TropGrosOuIllisible),
        ("latin1.json", TropGrosOuIllisible),
        ("enorme.pdf", TropGrosOuIllisible),
    ];
    for (fin, statut) in attendus {
        assert_eq!(
            statut_de(&import, fin),
            statut,
            "{fin}: {:#?}",
            import.lignes.iter().find(|l| l.chemin.ends_with(fin))
        );
    }
    for l in &import.lignes {
        eprintln!("{} | {:?} | {}", l.chemin.rsplit('/').next().unwrap_or_default(), l.statut, l.detail);
    }
    let profond = statut_de(&import, "profond.json");
    assert!(matches!(profond, FormatNonReconnu | TropGrosOuIllisible), "{profond:?}");
    assert_eq!(import.fichiers, 20);
    assert_eq!(import.comptes.iter().map(|c| c.nombre).sum::<u32>(), 20);
    assert_eq!((compte(&import, Importe), compte(&import, NonEnrole)), (6, 1));
    assert!(import.lignes.iter().all(|l| !l.detail.is_empty()));

    // Every stored envelope verifies again, and is the payload counted.
    let v = dane_a(&dane, "2026-04-02").reverifier_diagnostics().unwrap();
    assert_eq!((v.diagnostics, v.valides, v.anomalies.len()), (8, 8, 0), "{:?}", v.anomalies);

    // Idempotent: the same folder again stores nothing new.
    let encore = dane_a(&dane, "2026-04-02").importer_diagnostics(std::slice::from_ref(&depot), &mut |_| {}).unwrap();
    assert_eq!(compte(&encore, Importe) + compte(&encore, NonEnrole), 0);
    assert_eq!(compte(&encore, DejaImporte), 9);
    // The report is exported as CSV, French Excel dialect.
    let rapport = r.join("rapport.csv");
    dane_a(&dane, "2026-04-02").exporter_rapport_import(Some(import.import), &rapport).unwrap();
    let texte = fs::read_to_string(&rapport).unwrap();
    assert!(texte.starts_with("\u{feff}Fichier;Statut;Détail;UAI;Année scolaire\r\n"), "{texte}");
    assert_eq!(texte.matches("\r\n").count(), 21);

    // Synthesis by département, 2025-2026, hand-computed.
    let d = dane_a(&dane, "2026-04-02");
    let s = d.synthese(&requete("departement", "2025-2026", false)).unwrap();
    assert_eq!(s.territoires.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), ["24", "33", "40", "47", "64"]);
    let k = s.domaines.iter().position(|d| d.id == "PIL").unwrap();
    let f = s.domaines.iter().position(|d| d.id == "FOR").unwrap();
    let g = ligne(&s, "33");
    // Gironde: A (2) and B r2 (3), out of 10 open schools (closed school and CIO left out).
    assert_eq!((g.etablissements, g.diagnostics.valeur, g.taux.valeur), (10, Some(2.0), Some(20.0)));
    assert_eq!((g.moyennes[k].valeur, g.moyennes[f].valeur), (Some(2.5), Some(2.5)));
    // Last year A 1 and B 2: PIL 1.5 → +1.
    assert_eq!(g.evolutions[k].valeur, Some(1.0));
    let l = ligne(&s, "40");
    assert_eq!((l.etablissements, l.diagnostics.valeur, l.taux.valeur), (2, Some(1.0), Some(50.0)));
    assert_eq!((l.moyennes[k].valeur, l.moyennes[f].valeur, l.evolutions[k].valeur), (Some(3.0), Some(1.0), None));
    let u = ligne(&s, "47");
    assert_eq!((u.diagnostics.valeur, u.non_enroles, u.moyennes[k].valeur), (Some(1.0), 1, Some(0.0)));
    assert_eq!(ligne(&s, "24").diagnostics.valeur, Some(0.0));
    assert_eq!(ligne(&s, "64").taux.valeur, Some(0.0));
    // Total: PIL (2+3+3+0)/4 = 2; last year A 1, B 2, R 2, X 1 = 1.5.
    assert_eq!((s.total.etablissements, s.total.diagnostics.valeur, s.total.non_enroles), (15, Some(4.0), 1));
    assert_eq!((s.total.moyennes[k].valeur, s.total.moyennes[f].valeur), (Some(2.0), Some(1.5)));
    assert_eq!(s.total.evolutions[k].valeur, Some(0.5));
    // Items: PIL-1 of the eple referential: A 2, C 3, U aucun.
    let item = s.items.iter().find(|i| i.referentiel == "eple" && i.item == "PIL-1").unwrap();
    let comptes: Vec<Option<f64>> = item.comptes.iter().map(|c| c.valeur).collect();
    assert_eq!(comptes, [Some(1.0), Some(0.0), Some(1.0), Some(1.0), Some(0.0), Some(0.0)]);

    // Publication: unenrolled excluded; every non-empty cell is under 5.
    let p = d.synthese(&requete("departement", "2025-2026", true)).unwrap();
    assert_eq!(ligne(&p, "33").diagnostics.masque, Some(MotifMasque::Primaire));
    assert_eq!(ligne(&p, "33").moyennes[k].valeur, None);
    assert_eq!(ligne(&p, "40").diagnostics.masque, Some(MotifMasque::Primaire));
    assert_eq!((ligne(&p, "47").diagnostics.valeur, ligne(&p, "47").moyennes[k].valeur), (Some(0.0), None));
    assert_eq!(p.total.diagnostics.masque, Some(MotifMasque::Primaire));
    assert!(p.notes.iter().any(|n| n.contains("non enrôlée")), "{:#?}", p.notes);
    assert!(p.notes.iter().any(|n| n.contains("« 33 — Gironde » : moins de 5")), "{:#?}", p.notes);
    assert!(d.synthese(&requete("etablissement", "2025-2026", true)).is_err());

    // Drill-down to one establishment.
    let e = d.etablissement_dane("0331500B").unwrap();
    assert_eq!(e.diagnostics.len(), 2);
    assert_eq!((e.diagnostics[0].annee.as_str(), e.diagnostics[0].revision), ("2025-2026", 2));
    assert_eq!(e.diagnostics[0].resultats.maturite_globale_centiemes, Some(300));

    // Enrolling a key later counts the diagnostics it had already signed.
    eu.enroler(&dane, "2026-04-03", 3, &echanges);
    let s = dane_a(&dane, "2026-04-03").synthese(&requete("departement", "2025-2026", false)).unwrap();
    assert_eq!((ligne(&s, "47").non_enroles, s.total.non_enroles), (0, 0));
    // Revoking a key takes the diagnostics it signed from that day on out of
    // the enrolled figures (A's 2025-2026 was signed on 2026-03-02).
    dane_a(&dane, "2026-04-04").revoquer("0330021U", Some("2026-03-01")).unwrap();
    let s = dane_a(&dane, "2026-04-04").synthese(&requete("departement", "2025-2026", false)).unwrap();
    assert_eq!((ligne(&s, "33").non_enroles, s.total.non_enroles), (1, 1));
    let p = dane_a(&dane, "2026-04-04").synthese(&requete("departement", "2025-2026", true)).unwrap();
    assert!(
        p.notes.iter().any(|n| n.contains("1 diagnostic signé par une clé non enrôlée est exclu")),
        "{:#?}",
        p.notes
    );

    // A report changed after its export (bytes appended, as an editor or an
    // incremental update would): its signed data are stored, the file is
    // flagged with a status of its own.
    let tard = r.join("tard");
    let json = eb.diagnostic("2026-2027", "2026-10-02", "2", "2", &tard, true);
    fs::remove_file(&json).unwrap();
    let pdf = json.with_extension("pdf");
    let mut octets = fs::read(&pdf).unwrap();
    octets.extend_from_slice(b"\n% ajout\n");
    fs::write(&pdf, octets).unwrap();
    let import = dane_a(&dane, "2026-10-05").importer_diagnostics(&[tard], &mut |_| {}).unwrap();
    let ligne_pdf = import.lignes.iter().find(|l| l.chemin.ends_with(".pdf")).unwrap();
    assert_eq!(ligne_pdf.statut, PagesNonConformes, "{ligne_pdf:#?}");
    assert!(ligne_pdf.detail.contains("modifié après son export"), "{}", ligne_pdf.detail);
    assert!(PagesNonConformes.est_importe());
    let s = dane_a(&dane, "2026-10-05").synthese(&requete("departement", "2026-2027", false)).unwrap();
    assert_eq!(s.total.diagnostics.valeur, Some(1.0), "the signed data were stored");
}

/// Publication over a territory large enough to publish: one département
/// under the threshold is hidden, and the smallest other one too, so that it
/// cannot be recomputed from the total.
fn publication_hides_small_cells_and_the_one_that_would_reveal_them(m: Moteur) {
    let racine = tempfile::tempdir().unwrap();
    let r = racine.path();
    let dane = r.join("dane");
    let url = m.preparer(&dane);
    let depot = r.join("depot");
    fs::create_dir_all(&depot).unwrap();
    let cle_dane = {
        dane_a(&dane, "2025-09-01").cle_dane().unwrap();
        schematic_exchange::TrousseauFichier::nomme(&dane, schematic_exchange::cles::FICHIER_CLE_DANE)
    };
    use schematic_exchange::TrousseauCles;
    let cle_dane = cle_dane.cle_ou_creer().unwrap();
    let eple = Referentiel::publie("eple", "2026.1").unwrap();
    let mut csv = String::from(ENTETE_ANNUAIRE);
    let mut n = 0;
    // Gironde 6, Landes 5, Lot-et-Garonne 2, Dordogne 7 diagnostics; Pyrénées-Atlantiques none.
    for (dep, nombre) in [("33", 6), ("40", 5), ("47", 2), ("24", 7), ("64", 0)] {
        for k in 0..(nombre + 3) {
            let e = Fictif::nouveau(dep, k, "college", 7).unwrap();
            csv.push_str(&e.ligne_annuaire(&format!("Collège {k}")));
            if k < nombre {
                n += 1;
                // PIL-1 at level 3 in one establishment only; level 2 elsewhere.
                let reponses: Reponses = eple
                    .items()
                    .map(|i| {
                        let v = if i.id == "PIL-1" && n == 1 { Reponse::Niveau3 } else { Reponse::Niveau2 };
                        (i.id.clone(), v)
                    })
                    .collect();
                let c = e.certificat(&cle_dane, &format!("SCH-2025-{n:05}"), "2025-09-01", "2028-09-01");
                let d = e.diagnostic(
                    AnneeScolaire::commencant_en(2025).unwrap(),
                    1,
                    "2026-03-01T10:00:00Z",
                    &reponses,
                    Some(c),
                );
                fs::write(depot.join(d.nom_fichier()), d.signer(&e.cle()).octets()).unwrap();
            }
        }
    }
    fs::write(r.join("annuaire.csv"), csv).unwrap();
    let mut d = dane_a(&dane, "2026-04-01");
    d.importer_annuaire(&r.join("annuaire.csv"), None, false).unwrap();
    let import = d.importer_diagnostics(&[depot], &mut |_| {}).unwrap();
    assert_eq!(compte(&import, StatutImport::Importe), 20);

    let p = d.synthese(&requete("departement", "2025-2026", true)).unwrap();
    let masque = |code: &str| ligne(&p, code).diagnostics.masque;
    assert_eq!(masque("47"), Some(MotifMasque::Primaire));
    assert_eq!(masque("40"), Some(MotifMasque::Secondaire), "the smallest other cell hides 47");
    assert_eq!((masque("33"), masque("24"), masque("64")), (None, None, None));
    assert_eq!(ligne(&p, "33").diagnostics.valeur, Some(6.0));
    assert_eq!(ligne(&p, "40").taux.valeur, None);
    assert_eq!(ligne(&p, "64").diagnostics.valeur, Some(0.0));
    let k = p.domaines.iter().position(|d| d.id == "PIL").unwrap();
    assert_eq!(ligne(&p, "40").moyennes[k].masque, Some(MotifMasque::Secondaire));
    assert!(ligne(&p, "24").moyennes[k].valeur.is_some());
    assert_eq!((p.total.diagnostics.valeur, p.total.diagnostics.masque), (Some(20.0), None));
    assert!(p.notes.iter().any(|n| n.contains("« 40 — Landes » : masqué")), "{:#?}", p.notes);
    // Items: PIL-1 has one establishment at level 3 (primary) and 19 at level
    // 2; the zeros stay, so level 2 is hidden too (secondary).
    let item = p.items.iter().find(|i| i.item == "PIL-1").unwrap();
    let masques: Vec<Option<MotifMasque>> = item.comptes.iter().map(|c| c.masque).collect();
    assert_eq!(masques, [None, None, Some(MotifMasque::Secondaire), Some(MotifMasque::Primaire), None, None]);

    // Exports: CSV (French Excel) and XLSX carry the same hiding.
    let sortie = r.join("publication.csv");
    let f = d.exporter_synthese(&requete("departement", "2025-2026", true), "csv", &sortie).unwrap();
    assert_eq!(f.fichiers.len(), 2);
    let texte = fs::read_to_string(&sortie).unwrap();
    assert!(texte.contains("47;47 — Lot-et-Garonne;5;s;s;"), "{texte}");
    assert!(texte.contains("33;33 — Gironde;9;6;66,7;"), "{texte}");
    assert!(texte.contains("secret secondaire"));
    let xlsx = r.join("publication.xlsx");
    d.exporter_synthese(&requete("departement", "2025-2026", true), "xlsx", &xlsx).unwrap();
    assert!(fs::read(&xlsx).unwrap().starts_with(b"PK"));

    // The figures kept for dashboard tools hide the same cells.
    let participation = "SELECT code || '|' || coalesce(CAST(diagnostics AS TEXT), '-') || '|' || coalesce(masque, '')
                           FROM dane_publication_territoire WHERE annee = '2025-2026' AND regroupement = 'departement'
                          ORDER BY code";
    let attendu = ["24|7|", "33|6|", "40|-|secondaire", "47|-|primaire", "64|0|"];
    let Some(url) = url else {
        let conn = rusqlite::Connection::open(dane.join("dane.sqlite")).unwrap();
        let lignes: Vec<String> =
            conn.prepare(participation).unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        assert_eq!(lignes, attendu);
        return;
    };
    use schematic_postgres_essai::psql;
    let vue = psql(
        &url,
        "SELECT territoire || '|' || coalesce(etablissements_avec_diagnostic::text, '-') || '|' || coalesce(masque, '')
           FROM publication.participation WHERE annee = '2025-2026' AND regroupement = 'departement' ORDER BY 1",
    )
    .unwrap();
    assert_eq!(vue.lines().collect::<Vec<_>>(), attendu);
    let pil = psql(
        &url,
        "SELECT territoire || '|' || coalesce(maturite_moyenne::text, '-') || '|' || coalesce(masque_moyenne, '')
           FROM publication.maturite WHERE regroupement = 'departement' AND domaine = 'PIL' AND territoire IN ('40', '47')
          ORDER BY 1",
    )
    .unwrap();
    assert_eq!(pil.lines().collect::<Vec<_>>(), ["40|-|secondaire", "47|-|primaire"]);
    let item = psql(
        &url,
        "SELECT niveau || '|' || coalesce(etablissements::text, '-') || '|' || coalesce(masque, '')
           FROM publication.repartition_items WHERE item = 'PIL-1' AND niveau IN ('2', '3') ORDER BY 1",
    )
    .unwrap();
    assert_eq!(item.lines().collect::<Vec<_>>(), ["2|-|secondaire", "3|-|primaire"]);
    // Never a cell built from 1 to 4 establishments, in any published view.
    for (vue, colonne) in [("participation", "etablissements_avec_diagnostic"), ("repartition_items", "etablissements")]
    {
        let n = psql(&url, &format!("SELECT count(*) FROM publication.{vue} WHERE {colonne} BETWEEN 1 AND 4")).unwrap();
        assert_eq!(n.trim(), "0", "{vue}");
    }
    // The read-only role reads the views and nothing else.
    for vue in ["participation", "maturite", "repartition_items"] {
        let n = psql(&url, &format!("SET ROLE schematic_lecture; SELECT count(*) > 0 FROM publication.{vue}")).unwrap();
        assert_eq!(n.trim(), "t", "{vue}");
    }
    let tables = psql(&url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").unwrap();
    assert!(tables.lines().count() >= 15, "{tables}");
    for table in tables.lines() {
        let refus =
            psql(&url, &format!("SET ROLE schematic_lecture; SELECT 1 FROM public.{table} LIMIT 1")).unwrap_err();
        assert!(refus.contains("permission denied for table"), "{table}: {refus}");
    }
}
