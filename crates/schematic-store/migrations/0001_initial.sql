-- Schema version 1. Never edit a migration once released: add a new one.

-- One establishment per installation (data directory).
CREATE TABLE etablissement (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    uai                TEXT NOT NULL,
    nom                TEXT NOT NULL,
    type_etablissement TEXT NOT NULL,
    academie           TEXT NOT NULL,
    departement        TEXT NOT NULL,
    circonscription    TEXT,
    commune            TEXT,
    cree_le            TEXT NOT NULL,
    modifie_le         TEXT NOT NULL
) STRICT;

-- Every referential a diagnostic was made with, kept whole so that an old
-- diagnostic can always be shown against the exact text it was answered on.
CREATE TABLE referentiel (
    empreinte TEXT PRIMARY KEY,
    id        TEXT NOT NULL,
    version   TEXT NOT NULL,
    contenu   TEXT NOT NULL
) STRICT;

CREATE TABLE diagnostic (
    id                    INTEGER PRIMARY KEY,
    annee_debut           INTEGER NOT NULL,
    referentiel_id        TEXT NOT NULL,
    referentiel_empreinte TEXT NOT NULL REFERENCES referentiel (empreinte),
    revision              INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    statut                TEXT NOT NULL CHECK (statut IN ('brouillon', 'finalise')),
    cree_le               TEXT NOT NULL,
    modifie_le            TEXT NOT NULL,
    finalise_le           TEXT,
    UNIQUE (annee_debut, referentiel_id)
) STRICT;

-- An absent row, or a NULL niveau, is "non renseigné"; 0 is "aucun niveau atteint".
CREATE TABLE reponse (
    diagnostic_id INTEGER NOT NULL REFERENCES diagnostic (id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,
    niveau        INTEGER CHECK (niveau BETWEEN 0 AND 3),
    commentaire   TEXT CHECK (commentaire IS NULL OR length(commentaire) <= 1000),
    modifie_le    TEXT NOT NULL,
    PRIMARY KEY (diagnostic_id, item_id)
) STRICT;
