-- The DANE space in its own SQLite file (issue 15). Until schema 9 of the
-- establishment's database these tables lived there (migrations 0004, 0005,
-- 0007 and 0009); an installation that had them has them copied here once
-- (reprise.rs), then removed there.

-- Every enrolment certificate issued, the key it binds and, when revoked,
-- the day from which that key is refused.
CREATE TABLE dane_enrolement (
    numero              TEXT PRIMARY KEY,
    uai                 TEXT NOT NULL,
    cle                 TEXT NOT NULL,
    valide_du           TEXT NOT NULL,
    valide_au           TEXT NOT NULL,
    emis_le             TEXT NOT NULL,
    revoque_a_partir_du TEXT,
    certificat          TEXT NOT NULL
) STRICT;

CREATE INDEX dane_enrolement_par_uai ON dane_enrolement (uai);
CREATE INDEX dane_enrolement_par_cle ON dane_enrolement (cle);

-- The annuaire (reference list of establishments) and the circonscriptions
-- (kept apart: they come from another file and survive a new annuaire).
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

-- The referential versions diagnostics were answered on, numbered here and
-- identified by their fingerprint. A diagnostic's *niveaux* are positional
-- in its version's item order.
CREATE TABLE dane_referentiel (
    numero    INTEGER PRIMARY KEY,
    empreinte TEXT NOT NULL UNIQUE,
    id        TEXT NOT NULL,
    version   TEXT NOT NULL
) STRICT;

-- Imported diagnostics: one per establishment and school year, unique on
-- the payload hash. The columns the territory queries read come first; the
-- envelope lives in its own table so that scanning never reads it.
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
    importe_le          TEXT NOT NULL,
    referentiel_numero  INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX dane_diagnostic_courant ON dane_diagnostic (uai, annee);
-- The territory queries read only this index.
CREATE INDEX dane_diagnostic_par_annee ON dane_diagnostic (annee, uai, referentiel_numero, enrole, niveaux);

CREATE TABLE dane_enveloppe (
    empreinte TEXT PRIMARY KEY REFERENCES dane_diagnostic (empreinte) ON DELETE CASCADE,
    octets    BLOB NOT NULL
) STRICT;

-- First reception of every validly signed payload: a key's revocation is
-- judged on the DANE's own clock, never on a date the signer wrote.
CREATE TABLE dane_reception (
    empreinte TEXT PRIMARY KEY,
    recu_le   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Diagnostics set aside: validly signed, kept as received, never counted.
-- `motif` is an import status code (schematic_core::import::CODES).
CREATE TABLE dane_ecarte (
    empreinte           TEXT PRIMARY KEY,
    uai                 TEXT NOT NULL,
    annee               TEXT NOT NULL,
    cle                 TEXT NOT NULL,
    motif               TEXT NOT NULL,
    detail              TEXT NOT NULL,
    fichier             TEXT NOT NULL,
    ecarte_le           TEXT NOT NULL,
    referentiel         TEXT NOT NULL,
    version_referentiel TEXT NOT NULL,
    revision            INTEGER NOT NULL,
    genere_le           TEXT NOT NULL,
    statut              TEXT NOT NULL,
    niveaux             TEXT NOT NULL,
    importe_le          TEXT NOT NULL,
    octets              BLOB NOT NULL,
    referentiel_numero  INTEGER NOT NULL
) STRICT;

CREATE INDEX dane_ecarte_par_uai ON dane_ecarte (uai, annee);

-- Import reports: one line per file, written in the same transaction as
-- the file's data. `statut` is an import status code.
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

-- Where this store's data came from, when copied (reprise.rs, migration to
-- another engine): copies are done once.
CREATE TABLE dane_origine (
    source    TEXT PRIMARY KEY,
    copie_le  TEXT NOT NULL
) STRICT;
