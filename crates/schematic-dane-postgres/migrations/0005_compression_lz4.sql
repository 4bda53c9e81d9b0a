-- Signed envelopes (about 3 KB each) are compressed on write: with lz4
-- where the server has it (PostgreSQL 14 or later built with it, as the
-- Debian and PGDG packages are), several times cheaper in CPU than the
-- default pglz, which took a tenth of an import's time on a two-core
-- server; elsewhere (PostgreSQL 13, or a build without lz4) nothing changes.
-- Already stored values are left as they are. Run through EXECUTE so that
-- PostgreSQL 13, which does not know the clause, can catch the error.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE dane_enveloppe ALTER COLUMN octets SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE dane_ecarte ALTER COLUMN octets SET COMPRESSION lz4';
EXCEPTION WHEN syntax_error OR feature_not_supported THEN NULL;
END
$$;
