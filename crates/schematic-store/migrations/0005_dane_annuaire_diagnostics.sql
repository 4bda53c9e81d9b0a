-- Schema version 5: the DANE space's data. The annuaire (reference list of
-- establishments), circonscriptions (kept apart: they come from another file
-- and survive a new annuaire), imported diagnostics (the latest revision per
-- establishment × school year × referential, unique on the payload hash), their
-- raw envelopes (so that any figure can be re-verified), and import reports.
CREATE TABLE dane_annuaire (
    uai                 TEXT PRIMARY KEY,
    nom                 TEXT NOT NULL,
    type_libelle        TEXT NOT NULL,
    famille             TEXT NOT NULL,
    secteur             TEXT NOT NULL,
    code_postal         TEXT NOT NULL,
    commune             TEXT NOT NULL,
    departement         TEXT NOT NULL,
    libelle_departement TEXT NOT NULL,
    academie            TEXT NOT NULL,
    ouvert              INTEGER NOT NULL CHECK (ouvert IN (0, 1))
) STRICT, WITHOUT ROWID;

CREATE INDEX dane_annuaire_par_academie ON dane_annuaire (academie);
CREATE INDEX dane_annuaire_par_departement ON dane_annuaire (departement);

CREATE TABLE dane_circonscription (
    uai             TEXT PRIMARY KEY,
    circonscription TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Columns read by the territory queries first; the envelope lives in its own
-- table so that scanning diagnostics never reads it.
CREATE TABLE dane_diagnostic (
    empreinte           TEXT PRIMARY KEY,
    uai                 TEXT NOT NULL,
    annee               TEXT NOT NULL,
    referentiel         TEXT NOT NULL,
    enrole              INTEGER NOT NULL CHECK (enrole IN (0, 1)),
    niveaux             TEXT NOT NULL,
    version_referentiel TEXT NOT NULL,
    revision            INTEGER NOT NULL,
    genere_le           TEXT NOT NULL,
    statut              TEXT NOT NULL CHECK (statut IN ('brouillon', 'finalise')),
    cle                 TEXT NOT NULL,
    certificat          TEXT,
    fichier             TEXT NOT NULL,
    importe_le          TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX dane_diagnostic_courant ON dane_diagnostic (uai, annee, referentiel);
CREATE INDEX dane_diagnostic_par_annee ON dane_diagnostic (annee, uai, referentiel, enrole, niveaux);

CREATE TABLE dane_enveloppe (
    empreinte TEXT PRIMARY KEY REFERENCES dane_diagnostic (empreinte) ON DELETE CASCADE,
    octets    BLOB NOT NULL
) STRICT;

CREATE TABLE dane_import (
    id          INTEGER PRIMARY KEY,
    commence_le TEXT NOT NULL
) STRICT;

CREATE TABLE dane_import_fichier (
    import  INTEGER NOT NULL REFERENCES dane_import (id) ON DELETE CASCADE,
    rang    INTEGER NOT NULL,
    chemin  TEXT NOT NULL,
    statut  TEXT NOT NULL,
    detail  TEXT NOT NULL,
    uai     TEXT,
    annee   TEXT,
    PRIMARY KEY (import, rang)
) STRICT;
