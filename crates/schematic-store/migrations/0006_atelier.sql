-- Schema version 6: the équipe-relais workshop. Participants of a diagnostic
-- (a role; a first name that never leaves this computer and can be purged;
-- for votes that came from another computer, the contribution's payload hash
-- and signing key), their votes per item, and the note of each item's debate.
CREATE TABLE participant (
    id            INTEGER PRIMARY KEY,
    diagnostic_id INTEGER NOT NULL REFERENCES diagnostic (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    prenom        TEXT CHECK (prenom IS NULL OR length(prenom) BETWEEN 1 AND 40),
    contribution  TEXT UNIQUE,
    cle           TEXT,
    cree_le       TEXT NOT NULL
) STRICT;

CREATE INDEX participant_par_diagnostic ON participant (diagnostic_id);

CREATE TABLE vote (
    participant_id INTEGER NOT NULL REFERENCES participant (id) ON DELETE CASCADE,
    item_id        TEXT NOT NULL,
    niveau         INTEGER NOT NULL CHECK (niveau BETWEEN 0 AND 3),
    vote_le        TEXT NOT NULL,
    PRIMARY KEY (participant_id, item_id)
) STRICT;

CREATE TABLE debat (
    diagnostic_id INTEGER NOT NULL REFERENCES diagnostic (id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,
    note          TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 1000),
    PRIMARY KEY (diagnostic_id, item_id)
) STRICT;
