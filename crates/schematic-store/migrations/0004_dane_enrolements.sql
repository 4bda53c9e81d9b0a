-- Schema version 4: the DANE space's registry of enrolled keys. An
-- installation used as a DANE issues enrolment certificates; each one is kept
-- here with the key it binds and, when revoked, the day from which that key is
-- refused.
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
