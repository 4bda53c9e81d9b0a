-- Import reports copied from another store (schematic dane migrer): a copy
-- run again does not copy them twice.
CREATE TABLE dane_copie (
    source        text NOT NULL,
    import_source bigint NOT NULL,
    import        bigint NOT NULL REFERENCES dane_import (id) ON DELETE CASCADE,
    PRIMARY KEY (source, import_source)
);
