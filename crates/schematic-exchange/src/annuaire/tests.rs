use super::*;

const LIBELLES: &str = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Adresse_1;Code_postal;Nom_commune;Code_departement;Libelle_departement;Code_academie;Libelle_academie;etat;Colonne_inconnue\n\
0330021U;Collège Jean Moulin;Collège;Public;1 rue X;33000;Bordeaux;033;Gironde;04;Bordeaux;OUVERT;x\n\
0311234Y;\"École Jules Ferry; annexe\";Ecole;Public;;31000;Toulouse;031;Haute-Garonne;16;Toulouse;FERME;y\n";

#[test]
fn label_headers_with_semicolons_are_read() {
    let a = lire_annuaire(LIBELLES.as_bytes()).unwrap();
    assert!(a.ignorees.is_empty(), "{:?}", a.ignorees);
    assert_eq!(a.etablissements.len(), 2);
    let c = &a.etablissements[0];
    assert_eq!(
        (c.uai.as_str(), c.nom.as_str(), c.famille, c.secteur.as_str(), c.departement.as_str()),
        ("0330021U", "Collège Jean Moulin", "college", "Public", "33")
    );
    assert_eq!((c.libelle_departement.as_str(), c.academie.as_str(), c.ouvert), ("Gironde", "Bordeaux", true));
    let e = &a.etablissements[1];
    assert_eq!((e.nom.as_str(), e.famille, e.ouvert), ("École Jules Ferry; annexe", "ecole", false));
}

#[test]
fn lower_case_names_commas_and_bom_are_read_too() {
    let csv = "\u{feff}identifiant_de_l_etablissement,nom_etablissement,type_etablissement,etat\n0330021U,Lycée Montaigne,Lycée,OUVERT\n";
    let a = lire_annuaire(csv.as_bytes()).unwrap();
    assert_eq!(a.etablissements.len(), 1);
    let l = &a.etablissements[0];
    // Département and académie derived from the UAI when the columns are absent.
    assert_eq!((l.famille, l.departement.as_str(), l.academie.as_str()), ("lycee", "33", "Bordeaux"));
    assert_eq!(l.libelle_departement, "Gironde");
}

#[test]
fn bad_rows_are_skipped_with_their_line_and_reason() {
    let csv = b"Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement\n0330021A;Faux;Coll\xc3\xa8ge\n0330021U;Bon;Coll\xc3\xa8ge\n0330021U;Nom \xff;Coll\xc3\xa8ge\n\n";
    let a = lire_annuaire(&csv[..]).unwrap();
    assert_eq!(a.etablissements.len(), 1);
    assert_eq!(a.ignorees.len(), 2);
    assert_eq!(a.ignorees[0].ligne, 2);
    assert!(a.ignorees[0].raison.contains("lettre"), "{}", a.ignorees[0].raison);
    assert_eq!(a.ignorees[1].ligne, 4);
    assert!(a.ignorees[1].raison.contains("UTF-8"));
}

#[test]
fn a_file_without_the_columns_is_refused_in_one_sentence() {
    let e = lire_annuaire("uai;nom\n0330021U;X\n".as_bytes()).unwrap_err().to_string();
    assert!(e.contains("n’est pas l’annuaire") && e.contains("identifiant_de_l_etablissement"), "{e}");
    assert!(lire_annuaire(&b""[..]).unwrap_err().to_string().contains("vide"));
}

#[test]
fn circonscriptions_accept_a_header_and_report_bad_rows() {
    let Circonscriptions { lignes, ignorees } = lire_circonscriptions(
        "uai;circonscription\n0330021U;Bordeaux Sud\n0330021A;X\n0311234y;Toulouse 3\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(
        lignes,
        [("0330021U".to_string(), "Bordeaux Sud".to_string()), ("0311234Y".to_string(), "Toulouse 3".to_string())]
    );
    assert_eq!(ignorees.len(), 1);
    assert_eq!(ignorees[0].ligne, 3);
    assert!(lire_circonscriptions("rien\n".as_bytes()).is_err());
}
