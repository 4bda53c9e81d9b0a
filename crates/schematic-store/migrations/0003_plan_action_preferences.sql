-- Schema version 3: the action plan of each diagnostic, and the user's
-- display preferences.

-- One action on one item; `responsable` is a role, never a person's name.
-- `reportee_de` is the school year (start) the action was carried over from.
CREATE TABLE action (
    id            INTEGER PRIMARY KEY,
    diagnostic_id INTEGER NOT NULL REFERENCES diagnostic (id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,
    niveau_cible  INTEGER NOT NULL CHECK (niveau_cible BETWEEN 1 AND 3),
    action        TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 500),
    responsable   TEXT NOT NULL CHECK (length(responsable) BETWEEN 1 AND 100),
    echeance      TEXT NOT NULL,
    statut        TEXT NOT NULL CHECK (statut IN ('a-faire', 'en-cours', 'fait', 'abandonne')),
    reportee_de   INTEGER,
    cree_le       TEXT NOT NULL,
    modifie_le    TEXT NOT NULL
) STRICT;

CREATE INDEX action_par_diagnostic ON action (diagnostic_id);

CREATE TABLE preference (
    cle    TEXT PRIMARY KEY,
    valeur TEXT NOT NULL
) STRICT;
