-- Import reports copied from another store (schematic dane migrer): a copy
-- run again does not copy them twice.
CREATE TABLE dane_copie (
    source        TEXT NOT NULL,
    import_source INTEGER NOT NULL,
    import        INTEGER NOT NULL REFERENCES dane_import (id) ON DELETE CASCADE,
    PRIMARY KEY (source, import_source)
) STRICT, WITHOUT ROWID;
