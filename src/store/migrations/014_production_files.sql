-- zhurnal schema, version 14: production calendar files an administrator imported for
-- years the binary does not know (the format of `src/domain/production/ru.toml`). Each
-- file's years replace the shipped ones and those of earlier files.

CREATE TABLE production_file (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    text  TEXT NOT NULL,
    years TEXT NOT NULL,
    at    TEXT NOT NULL,
    actor TEXT NOT NULL
) STRICT;
