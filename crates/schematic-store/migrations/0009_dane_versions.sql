-- Referential versions on the DANE side (issue 12).
--
-- Each stored diagnostic records the exact referential version it was
-- answered on; its *niveaux* are positional in that version's item order
-- (never re-read with another version's). Versions are numbered here and
-- identified by their fingerprint; their texts are the embedded ones or
-- those imported into this installation (table referentiel).
CREATE TABLE dane_referentiel (
    numero    INTEGER PRIMARY KEY,
    empreinte TEXT NOT NULL UNIQUE,
    id        TEXT NOT NULL,
    version   TEXT NOT NULL
) STRICT;

-- Until now the import accepted only the embedded version 2026.1 (the same
-- id, version and fingerprint): every existing row was answered on it.
INSERT INTO dane_referentiel (numero, empreinte, id, version) VALUES
    (1, 'cbe77386cd0aff7476afebf20ac3cf4073a3be88389e3df9c69f5b38eee4b64d', 'ecole', '2026.1'),
    (2, '9aa481cd1f5fbdb4983922b3b57876d84bd9fa3cdd0dd6f5a19f0fc8d3a62b28', 'eple', '2026.1');

-- 0 would mean a version this migration could not name; none exists.
ALTER TABLE dane_diagnostic ADD COLUMN referentiel_numero INTEGER NOT NULL DEFAULT 0;
UPDATE dane_diagnostic
   SET referentiel_numero = coalesce((SELECT r.numero FROM dane_referentiel r
                                       WHERE r.id = dane_diagnostic.referentiel
                                         AND r.version = dane_diagnostic.version_referentiel), 0);

ALTER TABLE dane_ecarte ADD COLUMN referentiel_numero INTEGER NOT NULL DEFAULT 0;
UPDATE dane_ecarte
   SET referentiel_numero = coalesce((SELECT r.numero FROM dane_referentiel r
                                       WHERE r.id = dane_ecarte.referentiel
                                         AND r.version = dane_ecarte.version_referentiel), 0);

-- The territory queries read only this index.
DROP INDEX dane_diagnostic_par_annee;
CREATE INDEX dane_diagnostic_par_annee ON dane_diagnostic (annee, uai, referentiel_numero, enrole, niveaux);
