-- The lines of each saved article, as fingerprints (a hash of the line's text, never the text): a line found
-- in other saved articles is evidence of page furniture for the structure reader.
CREATE TABLE IF NOT EXISTS article_lines (
    article_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (article_id, fingerprint)
);
CREATE INDEX IF NOT EXISTS article_lines_by_fingerprint ON article_lines (fingerprint);
