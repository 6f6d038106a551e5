-- Jobs: the one durable record of every request answered with 202.
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    created DOUBLE PRECISION NOT NULL,
    updated DOUBLE PRECISION NOT NULL,
    idem_key TEXT UNIQUE,
    request_hash TEXT,
    request TEXT,
    progress TEXT,
    article_id TEXT,
    error TEXT,
    attempts INTEGER,
    worker TEXT,
    lease_until DOUBLE PRECISION
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, created);
