-- The figures the DANE publishes, statistical secrecy applied (a hidden cell
-- has no value and its mask says why), per school year and grouping,
-- refreshed by SchémaTIC after every change of the diagnostics.
CREATE TABLE dane_publication_territoire (
    annee          text NOT NULL,
    regroupement   text NOT NULL,
    code           text NOT NULL,
    libelle        text NOT NULL,
    etablissements bigint NOT NULL,
    diagnostics    bigint,
    taux           bigint,
    masque         text CHECK (masque IN ('primaire', 'secondaire')),
    PRIMARY KEY (annee, regroupement, code)
);

CREATE TABLE dane_publication_maturite (
    annee            text NOT NULL,
    regroupement     text NOT NULL,
    code             text NOT NULL,
    domaine          text NOT NULL,
    moyenne          double precision,
    masque_moyenne   text CHECK (masque_moyenne IN ('primaire', 'secondaire')),
    evolution        double precision,
    masque_evolution text CHECK (masque_evolution IN ('primaire', 'secondaire')),
    PRIMARY KEY (annee, regroupement, code, domaine)
);

CREATE TABLE dane_publication_item (
    annee          text NOT NULL,
    referentiel    text NOT NULL,
    version        text NOT NULL,
    item           text NOT NULL,
    niveau         text NOT NULL,
    etablissements bigint,
    masque         text CHECK (masque IN ('primaire', 'secondaire')),
    PRIMARY KEY (annee, referentiel, version, item, niveau)
);

-- What dashboard tools (Metabase, Superset, Grist) read: views in their own
-- schema, the only thing the read-only role schematic_lecture is granted
-- (see docs/dane-serveur.md). A hidden cell shows no value, whatever is
-- stored.
CREATE SCHEMA publication;

CREATE VIEW publication.participation AS
SELECT annee, regroupement, code AS territoire, libelle, etablissements AS etablissements_annuaire,
       CASE WHEN masque IS NULL THEN diagnostics END AS etablissements_avec_diagnostic,
       CASE WHEN masque IS NULL THEN round(taux / 10.0, 1) END AS participation_pourcent,
       masque
  FROM public.dane_publication_territoire;

CREATE VIEW publication.maturite AS
SELECT annee, regroupement, code AS territoire, domaine,
       CASE WHEN masque_moyenne IS NULL THEN moyenne END AS maturite_moyenne,
       masque_moyenne,
       CASE WHEN masque_evolution IS NULL THEN evolution END AS evolution_depuis_annee_precedente,
       masque_evolution
  FROM public.dane_publication_maturite;

CREATE VIEW publication.repartition_items AS
SELECT annee, referentiel, version, item, niveau,
       CASE WHEN masque IS NULL THEN etablissements END AS etablissements,
       masque
  FROM public.dane_publication_item;

COMMENT ON SCHEMA publication IS 'SchémaTIC : chiffres publiés de l’espace DANE, secret statistique appliqué (une case construite à partir de moins de 5 établissements, ou qui permettrait de la retrouver, est vide et sa colonne masque dit pourquoi).';
