-- The monitoring desk (PostgreSQL): the same columns, tags and texts as the SQLite file of this step, indexed with
-- PostgreSQL's own full-text search: a text search configuration that lower-cases and removes accents (unaccent,
-- a trusted extension shipped with PostgreSQL) and a GIN index over each text's tsvector, kept by a trigger.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION service_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION service_search ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
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
CREATE TABLE IF NOT EXISTS article_texts (
    id BIGSERIAL PRIMARY KEY,
    article_id TEXT NOT NULL,
    language TEXT NOT NULL,
    is_source INTEGER NOT NULL,
    title TEXT,
    body TEXT,
    document tsvector
);
CREATE INDEX IF NOT EXISTS article_texts_by_article ON article_texts (article_id);
CREATE INDEX IF NOT EXISTS article_texts_search ON article_texts USING GIN (document);
CREATE FUNCTION article_texts_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.document := setweight(to_tsvector('service_search', coalesce(NEW.title, '')), 'A') || to_tsvector('service_search', coalesce(NEW.body, '')); RETURN NEW; END $$;
CREATE TRIGGER article_texts_document BEFORE INSERT OR UPDATE ON article_texts FOR EACH ROW EXECUTE FUNCTION article_texts_document();
UPDATE articles SET day = CASE
    WHEN (body::jsonb -> 'article' ->> 'published') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
    THEN substr(body::jsonb -> 'article' ->> 'published', 1, 10)
    ELSE to_char(to_timestamp(created) AT TIME ZONE 'UTC', 'YYYY-MM-DD') END;
UPDATE articles SET doubts = (
    SELECT count(*) FROM jsonb_each(articles.body::jsonb -> 'targets') t WHERE jsonb_typeof(t.value -> 'error') = 'object'
) + (
    SELECT count(*) FROM jsonb_each(articles.body::jsonb -> 'targets') t, jsonb_array_elements(t.value -> 'sentences') s
    WHERE coalesce(jsonb_typeof(t.value -> 'error'), 'null') = 'null'
      AND (s ->> 'confidence')::double precision < 0.5  -- SentenceResult.doubtful (DOUBTFUL_BELOW)
);
INSERT INTO article_texts (article_id, language, is_source, title, body)
SELECT a.id, a.source, 1,
    (SELECT string_agg(x.s ->> 'text', ' ' ORDER BY x.i) FROM jsonb_array_elements(a.body::jsonb -> 'sentences')
     WITH ORDINALITY AS x(s, i) WHERE x.s ->> 'kind' = 'title'),
    (SELECT string_agg(x.s ->> 'text', ' ' ORDER BY x.i) FROM jsonb_array_elements(a.body::jsonb -> 'sentences')
     WITH ORDINALITY AS x(s, i) WHERE x.s ->> 'kind' <> 'title')
FROM articles a;
INSERT INTO article_texts (article_id, language, is_source, title, body)
SELECT a.id, t.key, 0,
    (SELECT string_agg(x.tr ->> 'text', ' ' ORDER BY x.i) FROM jsonb_array_elements(t.value -> 'sentences')
     WITH ORDINALITY AS x(tr, i) WHERE (a.body::jsonb -> 'sentences' -> (x.i::int - 1) ->> 'kind') = 'title'),
    (SELECT string_agg(x.tr ->> 'text', ' ' ORDER BY x.i) FROM jsonb_array_elements(t.value -> 'sentences')
     WITH ORDINALITY AS x(tr, i)
     WHERE (a.body::jsonb -> 'sentences' -> (x.i::int - 1) ->> 'kind') IN ('kicker', 'standfirst', 'caption', 'heading', 'body'))
FROM articles a, jsonb_each(a.body::jsonb -> 'targets') t
WHERE coalesce(jsonb_typeof(t.value -> 'error'), 'null') = 'null' AND t.key <> a.source;
