use super::*;

/// Reads an annuaire into memory (rows, bilan), with duplicate detection.
fn lire(octets: &[u8]) -> Result<(Vec<EtablissementAnnuaire>, Bilan), ExchangeError> {
    let mut vus = std::collections::HashMap::new();
    let mut lignes = Vec::new();
    let bilan = lire_annuaire(octets, |e, ligne| {
        if let Some(&premiere_ligne) = vus.get(&e.uai) {
            return Ok(Accueil::Doublon { premiere_ligne });
        }
        vus.insert(e.uai.clone(), ligne);
        lignes.push(e.clone());
        Ok(Accueil::Retenu)
    })?;
    Ok((lignes, bilan))
}

const LIBELLES: &str = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Adresse_1;Code_postal;Nom_commune;Code_departement;Libelle_departement;Code_academie;Libelle_academie;etat;Colonne_inconnue\n\
0330021U;Collège Jean Moulin;Collège;Public;1 rue X;33000;Bordeaux;033;Gironde;04;Bordeaux;OUVERT;x\n\
0311234Y;\"École Jules Ferry; annexe\";Ecole;Public;;31000;Toulouse;031;Haute-Garonne;16;Toulouse;FERME;y\n";

#[test]
fn label_headers_with_semicolons_are_read() {
    let (a, bilan) = lire(LIBELLES.as_bytes()).unwrap();
    assert!(bilan.exemples.is_empty(), "{:?}", bilan.exemples);
    assert_eq!((a.len(), bilan.lignes, bilan.retenues, bilan.encodage), (2, 2, 2, Encodage::Utf8));
    let c = &a[0];
    assert_eq!(
        (c.uai.as_str(), c.nom.as_str(), c.famille, c.secteur.as_str(), c.departement.as_str()),
        ("0330021U", "Collège Jean Moulin", "college", "Public", "33")
    );
    assert_eq!((c.libelle_departement.as_str(), c.academie.as_str(), c.ouvert), ("Gironde", "Bordeaux", true));
    let e = &a[1];
    assert_eq!((e.nom.as_str(), e.famille, e.ouvert), ("École Jules Ferry; annexe", "ecole", false));
}

#[test]
fn lower_case_names_commas_and_bom_are_read_too() {
    let csv = "\u{feff}identifiant_de_l_etablissement,nom_etablissement,type_etablissement,etat\n0330021U,Lycée Montaigne,Lycée,OUVERT\n";
    let (a, _) = lire(csv.as_bytes()).unwrap();
    assert_eq!(a.len(), 1);
    let l = &a[0];
    // Département and académie derived from the UAI when the columns are absent.
    assert_eq!((l.famille, l.departement.as_str(), l.academie.as_str()), ("lycee", "33", "Bordeaux"));
    assert_eq!(l.libelle_departement, "Gironde");
}

#[test]
fn bad_rows_are_skipped_with_their_line_and_reason() {
    let csv = b"Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement\n0330021A;Faux;Coll\xc3\xa8ge\n0330021U;Bon;Coll\xc3\xa8ge\n0330021U;Nom \xff;Coll\xc3\xa8ge\n\n";
    let (a, bilan) = lire(&csv[..]).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!((bilan.lignes, bilan.retenues, bilan.ignorees, bilan.doublons), (3, 1, 2, 0));
    assert_eq!(bilan.exemples[0].ligne, 2);
    assert!(bilan.exemples[0].raison.contains("lettre"), "{}", bilan.exemples[0].raison);
    assert_eq!(bilan.exemples[1].ligne, 4);
    assert!(bilan.exemples[1].raison.contains("UTF-8"));
}

#[test]
fn a_file_without_the_columns_is_refused_in_one_sentence() {
    let e = lire("uai;nom\n0330021U;X\n".as_bytes()).unwrap_err().to_string();
    assert!(e.contains("n’est pas l’annuaire") && e.contains("identifiant_de_l_etablissement"), "{e}");
    assert!(lire(&b""[..]).unwrap_err().to_string().contains("vide"));
}

#[test]
fn circonscriptions_accept_a_header_and_report_bad_rows() {
    let Circonscriptions { lignes, ignorees, exemples } = lire_circonscriptions(
        "uai;circonscription\n0330021U;Bordeaux Sud\n0330021A;X\n0311234y;Toulouse 3\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(
        lignes,
        [("0330021U".to_string(), "Bordeaux Sud".to_string()), ("0311234Y".to_string(), "Toulouse 3".to_string())]
    );
    assert_eq!(ignorees, 1);
    assert_eq!(exemples[0].ligne, 3);
    assert!(lire_circonscriptions("rien\n".as_bytes()).is_err());
}

const ENTETE: &str = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_departement\n";

#[test]
fn windows_1252_is_converted_and_said() {
    let mut csv = ENTETE.as_bytes().to_vec();
    csv.extend(b"0330021U;Coll\xe8ge \x93Jean\x94;Coll\xe8ge;033\n0331500B;\xc9cole;Ecole;033\n");
    let (a, bilan) = lire(&csv).unwrap();
    assert_eq!((bilan.encodage, bilan.retenues, bilan.ignorees), (Encodage::Windows1252, 2, 0));
    assert_eq!((a[0].nom.as_str(), a[0].famille, a[1].nom.as_str()), ("Collège “Jean”", "college", "École"));
}

#[test]
fn a_structure_error_stops_the_read_with_its_line() {
    let mut csv = String::from(ENTETE);
    csv.push_str("0330021U;Collège;Collège;033\n0331500B;\"École ouverte;Ecole;033\n");
    for i in 0..998 {
        csv.push_str(&format!("0331500B;École {i};Ecole;033\n"));
    }
    let e = lire(csv.as_bytes()).unwrap_err().to_string();
    assert!(e.contains("ligne 3 : un guillemet"), "{e}");
    let e = lire(format!("{ENTETE}0330021U;Collège;Collège\n").as_bytes()).unwrap_err().to_string();
    assert!(e.contains("ligne 2 : 3 champs au lieu des 4"), "{e}");
    let mut long = ENTETE.as_bytes().to_vec();
    long.extend(vec![b'x'; 200_000]);
    let e = lire(&long).unwrap_err().to_string();
    assert!(e.contains("ligne 2 : elle dépasse"), "{e}");
}

#[test]
fn duplicates_are_reported_and_the_first_row_kept() {
    let csv = format!("{ENTETE}0330021U;Premier;Collège;033\n0331500B;École;Ecole;033\n0330021U;Second;Collège;033\n");
    let (a, bilan) = lire(csv.as_bytes()).unwrap();
    assert_eq!((a.len(), a[0].nom.as_str(), bilan.doublons), (2, "Premier", 1));
    assert_eq!(bilan.exemples[0].ligne, 4);
    assert!(bilan.exemples[0].raison.contains("UAI 0330021U déjà donné ligne 2"), "{:?}", bilan.exemples);
}

#[test]
fn only_a_few_ignored_rows_are_kept_as_examples() {
    let mut csv = String::from(ENTETE);
    for _ in 0..100_000 {
        csv.push_str("0330021A;Faux;Collège;033\n");
    }
    let (a, bilan) = lire(csv.as_bytes()).unwrap();
    assert_eq!((a.len(), bilan.ignorees, bilan.exemples.len()), (0, 100_000, EXEMPLES_MAX));
}
