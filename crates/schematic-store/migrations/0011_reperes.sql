-- Schema version 11: territorial references imported from the DANE (issue
-- 16). One publication per school year, the latest the DANE published; the
-- file is kept exactly as received, and verified again whenever it is read.
CREATE TABLE reperes (
    annee_scolaire TEXT PRIMARY KEY,
    publie_le      TEXT NOT NULL,
    -- SHA-256 of the signed payload, hexadecimal.
    empreinte      TEXT NOT NULL,
    enveloppe      BLOB NOT NULL,
    importe_le     TEXT NOT NULL
) STRICT;
