-- Schema version 10: the DANE space has its own store (issue 15: a SQLite
-- file of its own, or a PostgreSQL server). Its tables were copied there
-- (schematic-dane-sqlite, reprise.rs) before this migration runs; the
-- backup copy taken before any migration keeps them here too.
DROP TABLE dane_import_fichier;
DROP TABLE dane_import;
DROP TABLE dane_enveloppe;
DROP TABLE dane_diagnostic;
DROP TABLE dane_ecarte;
DROP TABLE dane_reception;
DROP TABLE dane_referentiel;
DROP TABLE dane_circonscription;
DROP TABLE dane_annuaire;
DROP TABLE dane_enrolement;
