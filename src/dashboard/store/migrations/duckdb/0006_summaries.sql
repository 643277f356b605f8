-- Version 6 (issue 14): summary tables ("cubes", dashboard.store.summaries): counts of
-- the facts per combination of a few columns (type, place, day, outlet, language;
-- speaker, side, month; ...), which the pages' aggregates read instead of a million facts.
-- Every write adds its new facts to them in the same transaction (summaries.add);
-- databases that already hold facts are summarised by the code that runs this
-- migration (migrate.POST_STEPS, summaries.rebuild). k joins a row's dims into one text
-- (missing values included), the key new rows are merged on. The definitions here must
-- match summaries.CUBES (tested). No indexes: DuckDB scans these small tables.

CREATE TABLE sum_event_groups (
    k VARCHAR NOT NULL,
    type VARCHAR,
    place VARCHAR,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    exact BOOLEAN,
    n BIGINT NOT NULL,
    first_day DATE,
    last_day DATE
);

CREATE TABLE sum_event_sources (
    k VARCHAR NOT NULL,
    language VARCHAR,
    outlet VARCHAR,
    type VARCHAR,
    place VARCHAR,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    exact BOOLEAN,
    n BIGINT NOT NULL,
    first_day DATE,
    last_day DATE
);

CREATE TABLE sum_event_days (
    k VARCHAR NOT NULL,
    date_start DATE,
    type VARCHAR,
    place VARCHAR,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    exact BOOLEAN,
    language VARCHAR,
    outlet VARCHAR,
    n BIGINT NOT NULL
);

CREATE TABLE sum_statement_months (
    k VARCHAR NOT NULL,
    month DATE,
    speaker VARCHAR,
    side VARCHAR,
    n BIGINT NOT NULL,
    direct BIGINT NOT NULL
);

CREATE TABLE sum_statement_month_sources (
    k VARCHAR NOT NULL,
    language VARCHAR,
    outlet VARCHAR,
    month DATE,
    speaker VARCHAR,
    side VARCHAR,
    n BIGINT NOT NULL,
    direct BIGINT NOT NULL
);

CREATE TABLE sum_statement_days (
    k VARCHAR NOT NULL,
    date_start DATE,
    speaker VARCHAR,
    side VARCHAR,
    n BIGINT NOT NULL,
    direct BIGINT NOT NULL
);

CREATE TABLE sum_statement_day_sources (
    k VARCHAR NOT NULL,
    date_start DATE,
    speaker VARCHAR,
    side VARCHAR,
    language VARCHAR,
    outlet VARCHAR,
    n BIGINT NOT NULL,
    direct BIGINT NOT NULL
);

CREATE TABLE sum_figure_days (
    k VARCHAR NOT NULL,
    type VARCHAR,
    date_start DATE,
    outlet VARCHAR,
    n BIGINT NOT NULL,
    low BIGINT,
    high BIGINT
);

CREATE TABLE sum_figure_day_sources (
    k VARCHAR NOT NULL,
    type VARCHAR,
    date_start DATE,
    outlet VARCHAR,
    language VARCHAR,
    place VARCHAR,
    n BIGINT NOT NULL,
    low BIGINT,
    high BIGINT
);

CREATE TABLE sum_article_places (
    k VARCHAR NOT NULL,
    article_id VARCHAR,
    n BIGINT NOT NULL
);

CREATE TABLE sum_article_events (
    k VARCHAR NOT NULL,
    article_id VARCHAR,
    n BIGINT NOT NULL
);

CREATE TABLE sum_article_statements (
    k VARCHAR NOT NULL,
    article_id VARCHAR,
    n BIGINT NOT NULL
);

CREATE TABLE sum_article_sources (
    k VARCHAR NOT NULL,
    outlet VARCHAR,
    language VARCHAR,
    n BIGINT NOT NULL,
    first_day DATE,
    last_day DATE
);

CREATE TABLE sum_place_names (
    k VARCHAR NOT NULL,
    name VARCHAR,
    n BIGINT NOT NULL
);

CREATE TABLE sum_event_actors (
    k VARCHAR NOT NULL,
    actors VARCHAR,
    n BIGINT NOT NULL
);
