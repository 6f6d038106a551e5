-- Saved article results (the API's JSON document) and the cached sentences each one used.
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    created DOUBLE PRECISION NOT NULL,
    title TEXT,
    source TEXT NOT NULL,
    targets TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_cache_keys (
    article_id TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (article_id, key)
);
CREATE INDEX IF NOT EXISTS article_cache_keys_by_key ON article_cache_keys (key);
