//! Choosing the DANE space's server: every way a connection can fail says so
//! in one French sentence and leaves the installation on the store it had.

use schematic_api::{ErrorKind, Installation};
use schematic_postgres_essai::serveur_des_tests;

#[test]
fn a_server_that_cannot_be_used_is_said_and_the_local_store_kept() {
    let dossier = tempfile::tempdir().unwrap();
    let mut i = Installation::ouvrir(dossier.path()).unwrap();
    let serveur = serveur_des_tests();
    let (debut, _) = serveur.rsplit_once('/').unwrap();
    let port = debut.rsplit_once(':').unwrap().1;
    for (adresse, attendu) in [
        ("postgres://postgres@127.0.0.1:1/dane".to_string(), "Le serveur PostgreSQL 127.0.0.1:1 refuse la connexion"),
        (format!("{debut}/inexistante"), "La base inexistante n’existe pas sur le serveur PostgreSQL"),
        (format!("{debut}/postgres?sslmode=require"), "La connexion chiffrée (TLS) au serveur PostgreSQL"),
        (
            format!("postgres://postgres:secret@127.0.0.1:{port}/postgres"),
            "SchémaTIC n’enregistre jamais de mot de passe",
        ),
        ("mysql://x@y/z".to_string(), "n’est pas une adresse de serveur PostgreSQL"),
    ] {
        let e = i.definir_base_dane(Some(&adresse), None).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BaseDeDonnees, "{adresse}: {}", e.message);
        assert!(e.message.starts_with(attendu) || e.message.contains(attendu), "{adresse}: {}", e.message);
        assert!(!e.message.contains("error") && e.message.lines().count() == 1, "{adresse}: {}", e.message);
        assert_eq!(i.base_dane().unwrap(), None, "{adresse}");
        assert!(i.espace_dane().unwrap().description_stockage().starts_with("SQLite"));
    }
}
