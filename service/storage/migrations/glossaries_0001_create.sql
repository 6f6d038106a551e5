-- Saved, named glossaries.
CREATE TABLE IF NOT EXISTS glossaries (
    name TEXT PRIMARY KEY,
    updated DOUBLE PRECISION NOT NULL,
    body TEXT NOT NULL
);
