-- Version 3 (issue 14): indexes for the pages' filters, and article search.
-- article_terms: one row per (folded word, article): the word as a 64-bit key
-- (store.terms.term_key) with how often the word occurs there
-- (title occurrences weigh more) and the article's publication date; article_words:
-- each article's folded words in order, one space around each, for phrases. Both are
-- written with the article, in the same transaction; dashboard.store.terms folds the
-- text in Python on every backend (not unaccent/to_tsvector), so DuckDB and PostgreSQL
-- find the same articles. Articles stored before this version are folded by the code
-- that runs this migration (migrate.POST_STEPS).
-- No foreign keys: both tables are derived from articles, which are never deleted, and
-- a key check per word would slow ingest for nothing.
-- article_terms_rank answers a one-word search from the index alone: the count (an
-- index-only scan of the word's entries) and the best matches first (the index order).
-- The other indexes serve the filters the pages offer and their newest-first lists
-- (DESC NULLS LAST, the lists' own order; a range filter uses them as well); the plans
-- are kept in bench/explain/. events_unlocated is the map's list of events it cannot place
-- (the same condition as query.facts.UNLOCATED, so the planner matches it), events_figures
-- the Evacuations page's reported figures, events_map the map's groups read from the
-- index alone.

CREATE TABLE article_terms (
    term_key BIGINT NOT NULL,
    article_id VARCHAR NOT NULL,
    published DATE,
    hits INTEGER NOT NULL
);

CREATE INDEX article_terms_rank ON article_terms
    (term_key, hits DESC, published DESC NULLS LAST, article_id);

CREATE TABLE article_words (
    article_id VARCHAR PRIMARY KEY,
    words VARCHAR NOT NULL
);

CREATE INDEX articles_published ON articles (published DESC NULLS LAST, ingested_at DESC, id);

CREATE INDEX articles_outlet ON articles (outlet);

CREATE INDEX articles_language ON articles (language);

CREATE INDEX events_date_start ON events (date_start DESC NULLS LAST);

CREATE INDEX events_type_date ON events (type, date_start DESC NULLS LAST);

CREATE INDEX events_place ON events (place);

CREATE INDEX statements_date_start ON statements (date_start DESC NULLS LAST);

CREATE INDEX statements_speaker ON statements (speaker);

CREATE INDEX places_name ON places (name);

CREATE INDEX events_unlocated ON events (date_start DESC NULLS LAST)
    WHERE (lat IS NULL OR lon IS NULL OR lat NOT BETWEEN -90 AND 90 OR lon NOT BETWEEN -180 AND 180);

CREATE INDEX events_figures ON events (type, date_start DESC NULLS LAST) WHERE "count" IS NOT NULL;

CREATE INDEX events_map ON events (type, place, lat, lon, date_start);
