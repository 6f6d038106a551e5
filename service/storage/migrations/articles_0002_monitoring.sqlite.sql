-- The monitoring desk (SQLite): where each article comes from, its tags, review state and doubts, and the
-- full-text index of the original and of every translation. The PostgreSQL file of this step builds the same
-- with tsvector and unaccent; both index the articles already saved, with the rows ArticleStore writes.
ALTER TABLE articles ADD COLUMN outlet TEXT;
ALTER TABLE articles ADD COLUMN url TEXT;
ALTER TABLE articles ADD COLUMN day TEXT;
ALTER TABLE articles ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN doubts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN content_key TEXT;
CREATE TABLE IF NOT EXISTS article_tags (
    article_id TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX IF NOT EXISTS article_tags_by_tag ON article_tags (tag, article_id);
CREATE INDEX IF NOT EXISTS articles_by_created ON articles (created);
CREATE INDEX IF NOT EXISTS articles_by_day ON articles (day, created);
CREATE INDEX IF NOT EXISTS articles_by_outlet ON articles (outlet);
CREATE INDEX IF NOT EXISTS articles_by_content_key ON articles (content_key);
-- One row per article and language: the original's title and text, each translation's title and translated text.
CREATE TABLE IF NOT EXISTS article_texts (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    language TEXT NOT NULL,
    is_source INTEGER NOT NULL,
    title TEXT,
    body TEXT
);
CREATE INDEX IF NOT EXISTS article_texts_by_article ON article_texts (article_id);
-- Accents and case ignored (unicode61, remove_diacritics 2); phrase and prefix queries are FTS5's own.
CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, content = 'article_texts', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER article_texts_indexed AFTER INSERT ON article_texts BEGIN INSERT INTO article_search (rowid, title, body) VALUES (new.id, new.title, new.body); END;
CREATE TRIGGER article_texts_unindexed AFTER DELETE ON article_texts BEGIN INSERT INTO article_search (article_search, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END;
-- The articles saved before this step: their day, doubts and texts, as ArticleStore.save computes them.
UPDATE articles SET day = CASE
    WHEN json_extract(body, '$.article.published') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
    THEN substr(json_extract(body, '$.article.published'), 1, 10)
    ELSE date(created, 'unixepoch') END;
UPDATE articles SET doubts = (
    SELECT count(*) FROM json_each(articles.body, '$.targets') t WHERE json_type(t.value, '$.error') = 'object'
) + (
    SELECT count(*) FROM json_each(articles.body, '$.targets') t, json_each(t.value, '$.sentences') s
    WHERE coalesce(json_type(t.value, '$.error'), 'null') = 'null'
      AND json_extract(s.value, '$.confidence') < 0.5  -- SentenceResult.doubtful (DOUBTFUL_BELOW)
);
INSERT INTO article_texts (article_id, language, is_source, title, body)
SELECT a.id, a.source, 1,
    (SELECT group_concat(json_extract(s.value, '$.text'), ' ') FROM json_each(a.body, '$.sentences') s
     WHERE json_extract(s.value, '$.kind') = 'title'),
    (SELECT group_concat(json_extract(s.value, '$.text'), ' ') FROM json_each(a.body, '$.sentences') s
     WHERE json_extract(s.value, '$.kind') <> 'title')
FROM articles a;
INSERT INTO article_texts (article_id, language, is_source, title, body)
SELECT a.id, t.key, 0,
    (SELECT group_concat(json_extract(tr.value, '$.text'), ' ') FROM json_each(t.value, '$.sentences') tr
     WHERE json_extract(a.body, '$.sentences[' || tr.key || '].kind') = 'title'),
    (SELECT group_concat(json_extract(tr.value, '$.text'), ' ') FROM json_each(t.value, '$.sentences') tr
     WHERE json_extract(a.body, '$.sentences[' || tr.key || '].kind') IN ('kicker', 'standfirst', 'caption', 'heading', 'body'))
FROM articles a, json_each(a.body, '$.targets') t
WHERE coalesce(json_type(t.value, '$.error'), 'null') = 'null' AND t.key <> a.source;
