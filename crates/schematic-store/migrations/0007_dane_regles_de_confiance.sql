-- Schema version 7: the DANE import's trust rules (docs/format/import-dane.md).
--
-- First reception of every validly signed payload: a key's revocation is
-- judged on the DANE's own clock (when it first saw the payload), never on a
-- date the signer wrote. Diagnostics already stored were received when they
-- were imported.
CREATE TABLE dane_reception (
    empreinte TEXT PRIMARY KEY,
    recu_le   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO dane_reception (empreinte, recu_le) SELECT empreinte, importe_le FROM dane_diagnostic;

-- Diagnostics set aside: validly signed, kept as received for the record,
-- never counted in any figure (a file from another key than the one that
-- holds the establishment's year, an establishment that does not match the
-- annuaire…). `motif` is an import status code. The diagnostic's columns are
-- kept so that one set aside for its key can take its place once that key is
-- enrolled.
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
    octets              BLOB NOT NULL
) STRICT;

CREATE INDEX dane_ecarte_par_uai ON dane_ecarte (uai, annee);

-- One diagnostic per establishment and school year, whatever the referential:
-- where two were stored (one per referential), the one signed by an enrolled
-- key, then the most recently signed, stays; the other is set aside.
INSERT INTO dane_ecarte (empreinte, uai, annee, cle, motif, detail, fichier, ecarte_le, referentiel,
                         version_referentiel, revision, genere_le, statut, niveaux, importe_le, octets)
SELECT d.empreinte, d.uai, d.annee, d.cle, 'ecarte',
       'Un autre diagnostic de cet établissement pour cette année, avec l’autre référentiel, est retenu.',
       d.fichier, d.importe_le, d.referentiel, d.version_referentiel, d.revision, d.genere_le, d.statut,
       d.niveaux, d.importe_le, e.octets
  FROM dane_diagnostic d JOIN dane_enveloppe e USING (empreinte)
 WHERE EXISTS (SELECT 1 FROM dane_diagnostic o
                WHERE o.uai = d.uai AND o.annee = d.annee AND o.empreinte <> d.empreinte
                  AND (o.enrole, o.genere_le, o.empreinte) > (d.enrole, d.genere_le, d.empreinte));

DELETE FROM dane_enveloppe WHERE empreinte IN (SELECT empreinte FROM dane_ecarte);
DELETE FROM dane_diagnostic WHERE empreinte IN (SELECT empreinte FROM dane_ecarte);

DROP INDEX dane_diagnostic_courant;
CREATE UNIQUE INDEX dane_diagnostic_courant ON dane_diagnostic (uai, annee);
