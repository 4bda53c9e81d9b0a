-- The figures the DANE publishes (statistical secrecy applied: a hidden
-- cell has no value and its mask says why), per school year and grouping,
-- refreshed after every change of the diagnostics. On PostgreSQL, views
-- over the same tables are what dashboard tools read.
CREATE TABLE dane_publication_territoire (
    annee          TEXT NOT NULL,
    regroupement   TEXT NOT NULL,
    code           TEXT NOT NULL,
    libelle        TEXT NOT NULL,
    etablissements INTEGER NOT NULL,
    diagnostics    INTEGER,
    taux           INTEGER,
    masque         TEXT CHECK (masque IN ('primaire', 'secondaire')),
    PRIMARY KEY (annee, regroupement, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE dane_publication_maturite (
    annee            TEXT NOT NULL,
    regroupement     TEXT NOT NULL,
    code             TEXT NOT NULL,
    domaine          TEXT NOT NULL,
    moyenne          REAL,
    masque_moyenne   TEXT CHECK (masque_moyenne IN ('primaire', 'secondaire')),
    evolution        REAL,
    masque_evolution TEXT CHECK (masque_evolution IN ('primaire', 'secondaire')),
    PRIMARY KEY (annee, regroupement, code, domaine)
) STRICT, WITHOUT ROWID;

CREATE TABLE dane_publication_item (
    annee          TEXT NOT NULL,
    referentiel    TEXT NOT NULL,
    version        TEXT NOT NULL,
    item           TEXT NOT NULL,
    niveau         TEXT NOT NULL,
    etablissements INTEGER,
    masque         TEXT CHECK (masque IN ('primaire', 'secondaire')),
    PRIMARY KEY (annee, referentiel, version, item, niveau)
) STRICT, WITHOUT ROWID;
