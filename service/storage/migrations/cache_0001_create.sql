-- Sentence translations, one row per engine hop, keyed by everything that determines the output.
CREATE TABLE IF NOT EXISTS translation_cache (
    key TEXT PRIMARY KEY,
    engine TEXT NOT NULL,
    model_id TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    sentence TEXT NOT NULL,
    translation TEXT NOT NULL,
    score DOUBLE PRECISION,
    created DOUBLE PRECISION NOT NULL,
    info TEXT
);
