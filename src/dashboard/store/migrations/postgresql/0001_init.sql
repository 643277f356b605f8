-- Version 1: articles and the facts read from them; the same tables, columns, types and
-- keys as migrations/duckdb/0001_init.sql. Statements end with ";" at the end of a line;
-- no ";" inside a statement.
-- Lists (languages, actors) are JSON text; "date" keeps the precision the text gave and
-- date_start is its first day; "date" and "count" are quoted keywords.
-- Indexes on article_id serve the article view and the per-article fact counts (DuckDB
-- scans instead, so its migration has none).

CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    title VARCHAR,
    outlet VARCHAR,
    published DATE,
    language VARCHAR,
    languages VARCHAR,
    body VARCHAR NOT NULL,
    url VARCHAR,
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE places (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL REFERENCES articles (id),
    name VARCHAR NOT NULL,
    surface VARCHAR,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    kind VARCHAR,
    evidence VARCHAR NOT NULL
);

CREATE TABLE events (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL REFERENCES articles (id),
    type VARCHAR NOT NULL,
    "date" VARCHAR,
    date_start DATE,
    date_precision VARCHAR,
    place VARCHAR,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    actors VARCHAR,
    "count" BIGINT,
    count_qualifier VARCHAR,
    evidence VARCHAR NOT NULL,
    date_source VARCHAR
);

CREATE TABLE statements (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL REFERENCES articles (id),
    speaker VARCHAR NOT NULL,
    speaker_role VARCHAR,
    side VARCHAR,
    "date" VARCHAR,
    date_start DATE,
    quote VARCHAR,
    mode VARCHAR,
    evidence VARCHAR NOT NULL
);

CREATE INDEX places_article_id ON places (article_id);
CREATE INDEX events_article_id ON events (article_id);
CREATE INDEX statements_article_id ON statements (article_id);
