-- Referential versions on the school side (issue 12).
--
-- « Non applicable » is an answer of its own: NULL level, flag set. « À revoir »
-- marks an answer carried from another referential version that the team has
-- not confirmed yet; any new answer to the item clears it.
ALTER TABLE reponse ADD COLUMN non_applicable INTEGER NOT NULL DEFAULT 0
    CHECK (non_applicable IN (0, 1) AND (non_applicable = 0 OR niveau IS NULL));
ALTER TABLE reponse ADD COLUMN a_revoir INTEGER NOT NULL DEFAULT 0 CHECK (a_revoir IN (0, 1));

-- Each finalised revision keeps the referential text it was answered on: a
-- diagnostic moved to a newer version keeps its earlier revisions readable.
ALTER TABLE revision_finalisee ADD COLUMN referentiel_empreinte TEXT REFERENCES referentiel (empreinte);
UPDATE revision_finalisee
   SET referentiel_empreinte = (SELECT d.referentiel_empreinte FROM diagnostic d WHERE d.id = diagnostic_id);

-- The last revision written to a signed file: that revision is never changed
-- afterwards (moving it to another version makes a new revision).
ALTER TABLE diagnostic ADD COLUMN revision_exportee INTEGER;
