//! Referential versions from the command line: the catalogue, importing the
//! test version eple 2026.9, next year through the correspondence (previewed
//! first), « non applicable » only where allowed, moving a draft to the
//! newest version (the published 2027.1).

use super::commun::{Dossier, college_avec_deux_annees, outil};

const EPLE_2026_9: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/referentiels/eple-2026.9.json");

#[test]
fn the_catalogue_is_listed_and_a_newer_version_installs_once() {
    let d = Dossier::nouveau();
    let liste = d.ok(&["referentiel", "lister"]);
    assert!(
        liste.contains("eple   version 2026.1") && liste.contains("pour les années à partir de 2025-2026 ; intégrée"),
        "{liste}"
    );
    assert!(
        liste.contains("eple   version 2027.1")
            && liste.contains("pour les années à partir de 2027-2028 ; intégrée ; correspondance depuis 2026.1"),
        "{liste}"
    );
    let verifie = d.ok(&["referentiel", "verifier", EPLE_2026_9]);
    assert!(verifie.contains("Correspondance depuis la version 2026.1 vérifiée : 20 liens"), "{verifie}");
    assert!(verifie.contains("pas encore installée"), "{verifie}");
    let importe = d.ok(&["referentiel", "importer", EPLE_2026_9]);
    assert!(importe.contains("Version installée"), "{importe}");
    assert!(d.ok(&["referentiel", "importer", EPLE_2026_9]).contains("déjà connue : rien n’a changé"));
    let liste = d.ok(&["referentiel", "lister"]);
    assert!(
        liste.contains("eple   version 2026.9") && liste.contains("importée ; correspondance depuis 2026.1"),
        "{liste}"
    );
    let recent = d.ok(&["referentiel", "afficher", "eple"]);
    assert!(recent.contains("version 2027.1"), "{recent}");
    assert!(
        recent.contains("Obligation légale, au niveau 1 : Tenir le cahier de textes de classe sous forme numérique")
            && recent.contains("Pour lancer le débat : Quels outils en ligne utilisons-nous avec des données d’élèves")
            && recent.contains("schematic referentiel imprimer"),
        "{recent}"
    );
    let importee = d.ok(&["referentiel", "afficher", "eple", "--version", "2026.9"]);
    assert!(
        importee.contains("version 2026.9")
            && importee.contains("« Non applicable » possible : Établissement où la collectivité"),
        "{importee}"
    );
    let ancien = d.ok(&["referentiel", "afficher", "eple", "--version", "2026.1"]);
    assert!(ancien.contains("version 2026.1") && !ancien.contains("Non applicable"), "{ancien}");
    d.cmd(&["referentiel", "afficher", "eple", "--version", "2030.1"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("« eple » en version 2030.1 n’est pas connu ; référentiels disponibles : ecole 2026.1, ecole 2027.1, eple 2026.1, eple 2026.9, eple 2027.1"));
}

#[test]
fn next_year_is_previewed_then_created_through_the_correspondence() {
    let d = college_avec_deux_annees();
    d.ok(&["diagnostic", "repondre", "INF-4", "3", "--annee", "2025-2026"]);
    d.ok(&["referentiel", "importer", EPLE_2026_9]);
    let apercu = d.ok(&["diagnostic", "creer", "--annee", "2026-2027", "--reprendre-annee-precedente", "--apercu"]);
    assert!(apercu.contains("de la version 2026.1 à la version 2026.9"), "{apercu}");
    assert!(
        apercu.contains("INF-4  réponse (2026.1) : l’item INF-4 a été retiré du référentiel en version 2026.9."),
        "{apercu}"
    );
    assert!(!d.ok(&["diagnostic", "lister"]).contains("2026-2027"), "a preview creates nothing");
    let cree = d.ok(&["diagnostic", "creer", "--annee", "2026-2027", "--reprendre-annee-precedente"]);
    assert!(cree.contains("Diagnostic 2026-2027 créé (référentiel eple version 2026.9"), "{cree}");
    assert!(cree.contains("Non repris (1)"), "{cree}");
    let affiche = d.ok(&["diagnostic", "afficher", "--annee", "2026-2027"]);
    assert!(affiche.contains("l’an dernier : référentiel version 2026.1"), "{affiche}");
    assert!(affiche.contains("Sans équivalent l’an dernier : PIL-3, PIL-5, FOR-1, PED-2, INF-5"), "{affiche}");
}

#[test]
fn not_applicable_is_refused_where_the_item_does_not_allow_it() {
    let d = Dossier::nouveau();
    d.ok(&[
        "etablissement",
        "definir",
        "--uai",
        "0330021U",
        "--nom",
        "Lycée professionnel",
        "--type",
        "lycee-professionnel",
    ]);
    d.ok(&["referentiel", "importer", EPLE_2026_9]);
    d.ok(&["diagnostic", "creer", "--annee", "2026-2027"]);
    let avant = d.contenu();
    let sortie = d.cmd(&["diagnostic", "repondre", "PIL-1", "na", "--annee", "2026-2027"]).output().unwrap();
    let erreur = String::from_utf8_lossy(&sortie.stderr);
    assert_eq!(sortie.status.code(), Some(3), "{erreur}");
    assert!(erreur.contains("L’item PIL-1 ne peut pas être déclaré « non applicable » : le référentiel eple 2026.9 ne le prévoit pas pour lui."), "{erreur}");
    assert_eq!(erreur.trim().lines().count(), 1);
    assert!(d.contenu() == avant, "a refused answer changes nothing");
    let ok = d.ok(&["diagnostic", "repondre", "IMP-4", "na", "--annee", "2026-2027"]);
    assert!(ok.contains("IMP-4 → Non applicable"), "{ok}");
    let affiche = d.ok(&["diagnostic", "afficher", "--annee", "2026-2027"]);
    assert!(affiche.contains("+ 1 non applicable(s)"), "{affiche}");
}

#[test]
fn a_draft_moves_to_the_newer_version_when_the_team_asks() {
    let d = college_avec_deux_annees();
    let apercu = d.ok(&["diagnostic", "changer-version", "--annee", "2025-2026", "--apercu"]);
    assert!(apercu.contains("sera en révision 1, brouillon"), "{apercu}");
    let fait = d.ok(&["diagnostic", "changer-version", "--annee", "2025-2026"]);
    assert!(fait.contains("passé en version 2027.1 du référentiel eple (révision 1, brouillon)"), "{fait}");
    d.cmd(&["diagnostic", "changer-version", "--annee", "2025-2026"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("suit déjà la version la plus récente du référentiel (eple 2027.1)"));
    // The finalised 2024-2025 is never changed in place: it gets revision 2.
    let fait = d.ok(&["diagnostic", "changer-version", "--annee", "2024-2025"]);
    assert!(fait.contains("(révision 2, brouillon)"), "{fait}");
}

/// The printable grid of every embedded version: real text holding every
/// item id, every level descriptor and every evidence example, its fonts
/// embedded; a bad version or folder gets one sentence.
#[test]
fn the_printable_grid_holds_every_item_and_level_as_text() {
    let d = Dossier::nouveau();
    let catalogue = schematic_core::referentiel::Catalogue::embarque();
    for publie in catalogue.entrees() {
        let r = &publie.referentiel;
        let pdf = d.chemin().join(format!("grille-{}-{}.pdf", r.id, r.version));
        let pdf_s = pdf.to_str().unwrap();
        let sortie = d.ok(&["referentiel", "imprimer", &r.id, "--version", &r.version, "--sortie", pdf_s]);
        assert!(sortie.contains(pdf_s), "{sortie}");
        // pdftotext breaks lines where the grid wraps them: compare words.
        let texte = outil("pdftotext", &[pdf_s, "-"]).split_whitespace().collect::<Vec<_>>().join(" ");
        let mot_a_mot = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        for item in r.items() {
            assert!(
                texte.contains(&format!("{}  {}", item.id, item.titre).replace("  ", " ")),
                "{} {}",
                r.version,
                item.id
            );
            for (k, n) in item.niveaux.iter().enumerate() {
                assert!(texte.contains(&mot_a_mot(n)), "{} {} N{}: {n}", r.version, item.id, k + 1);
            }
            for exemple in item.observables.iter().flatten() {
                assert!(texte.contains(&mot_a_mot(exemple)), "{} {}: {exemple}", r.version, item.id);
            }
            if let Some(q) = &item.question_debat {
                assert!(texte.contains(&mot_a_mot(q)), "{} {}", r.version, item.id);
            }
        }
        for t in &r.glossaire {
            assert!(texte.contains(&mot_a_mot(&t.definition)), "{}", t.terme);
        }
        assert!(texte.contains("Récapitulatif des réponses de l’équipe"));
        let polices = outil("pdffonts", &[pdf_s]);
        let lignes: Vec<&str> = polices.lines().skip(2).collect();
        assert!(!lignes.is_empty());
        for l in &lignes {
            assert!(l.split_whitespace().rev().nth(4) == Some("yes"), "font not embedded: {l}");
        }
    }
    // Default: the newest version, in the folder given.
    let dossier = d.chemin().join("grilles");
    let sortie = d.ok(&["referentiel", "imprimer", "eple", "--sortie", dossier.to_str().unwrap()]);
    assert!(
        sortie.contains("SchemaTIC_grille_eple_2027.1.pdf")
            && dossier.join("SchemaTIC_grille_eple_2027.1.pdf").exists()
    );
    d.cmd(&["referentiel", "imprimer", "eple", "--version", "2019.1"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("« eple » en version 2019.1 n’est pas connu"));
}
