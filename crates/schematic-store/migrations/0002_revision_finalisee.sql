-- Schema version 2: keep the answers of every finalised revision, so that
-- reopening a diagnostic (revision n+1) never loses what revision n said.
CREATE TABLE revision_finalisee (
    diagnostic_id INTEGER NOT NULL REFERENCES diagnostic (id) ON DELETE CASCADE,
    revision      INTEGER NOT NULL,
    finalise_le   TEXT NOT NULL,
    -- JSON object: item id -> niveau (0 to 3).
    reponses      TEXT NOT NULL,
    PRIMARY KEY (diagnostic_id, revision)
) STRICT;

-- Diagnostics finalised under version 1 get their snapshot now.
INSERT INTO revision_finalisee (diagnostic_id, revision, finalise_le, reponses)
SELECT d.id,
       d.revision,
       coalesce(d.finalise_le, d.modifie_le),
       coalesce((SELECT json_group_object(r.item_id, r.niveau)
                   FROM reponse r
                  WHERE r.diagnostic_id = d.id AND r.niveau IS NOT NULL), '{}')
  FROM diagnostic d
 WHERE d.statut = 'finalise';
