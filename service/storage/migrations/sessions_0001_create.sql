-- Signed-in sessions: the cookie names a row; signing out deletes it, so a copied cookie stops working.
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL,
    created DOUBLE PRECISION NOT NULL
);
