-- The DANE's public key, recorded by the first computer that needed it: a
-- team sharing one store signs with one key, and a computer with another
-- one is told so instead of signing certificates nobody can check.
CREATE TABLE dane_cle (
    id             integer PRIMARY KEY CHECK (id = 1),
    cle            text NOT NULL,
    enregistree_le text NOT NULL
);
