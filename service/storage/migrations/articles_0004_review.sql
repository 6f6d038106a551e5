-- The review desk: a revision counter on each article (its sentences are corrected in place), and the
-- translation memory of reviewed sentence pairs, per language pair, beside the articles they came from.
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE TABLE IF NOT EXISTS memory (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    key TEXT NOT NULL,
    sentence TEXT NOT NULL,
    translation TEXT NOT NULL,
    reviewed DOUBLE PRECISION NOT NULL,
    reviewer TEXT,
    article_id TEXT,
    PRIMARY KEY (source, target, key)
);
CREATE INDEX IF NOT EXISTS memory_by_article ON memory (article_id);
CREATE INDEX IF NOT EXISTS memory_by_reviewed ON memory (reviewed);
-- Bumped by every change to a language pair's memory: processes rebuild their fuzzy index when it moves.
CREATE TABLE IF NOT EXISTS memory_generations (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    generation INTEGER NOT NULL,
    PRIMARY KEY (source, target)
);
