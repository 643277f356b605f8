-- Version 6 (issue 14): summary tables ("cubes", dashboard.store.summaries): counts of
-- the facts per combination of a few columns (type, place, day, outlet, language;
-- speaker, side, month; ...), which the pages' aggregates read instead of a million facts.
-- Every write adds its new facts to them in the same transaction (summaries.add);
-- databases that already hold facts are summarised by the code that runs this
-- migration (migrate.POST_STEPS, summaries.rebuild). k joins a row's dims into one text
-- (missing values included), the key new rows are merged on (indexed here); the other
-- indexes serve the filters that narrow the larger cubes (plans in bench/explain/).
-- The definitions here must match summaries.CUBES (tested).

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

CREATE INDEX sum_event_groups_k ON sum_event_groups (k);

CREATE INDEX sum_event_sources_k ON sum_event_sources (k);

CREATE INDEX sum_event_days_k ON sum_event_days (k);

CREATE INDEX sum_statement_months_k ON sum_statement_months (k);

CREATE INDEX sum_statement_month_sources_k ON sum_statement_month_sources (k);

CREATE INDEX sum_statement_days_k ON sum_statement_days (k);

CREATE INDEX sum_statement_day_sources_k ON sum_statement_day_sources (k);

CREATE INDEX sum_figure_days_k ON sum_figure_days (k);

CREATE INDEX sum_figure_day_sources_k ON sum_figure_day_sources (k);

CREATE INDEX sum_article_places_k ON sum_article_places (k);

CREATE INDEX sum_article_events_k ON sum_article_events (k);

CREATE INDEX sum_article_statements_k ON sum_article_statements (k);

CREATE INDEX sum_article_sources_k ON sum_article_sources (k);

CREATE INDEX sum_place_names_k ON sum_place_names (k);

CREATE INDEX sum_event_actors_k ON sum_event_actors (k);

CREATE INDEX sum_event_days_date ON sum_event_days (date_start);

CREATE INDEX sum_event_sources_language ON sum_event_sources (language);

CREATE INDEX sum_event_sources_outlet ON sum_event_sources (outlet);

CREATE INDEX sum_statement_days_date ON sum_statement_days (date_start);

CREATE INDEX sum_statement_day_sources_date ON sum_statement_day_sources (date_start);

CREATE INDEX sum_statement_month_sources_language ON sum_statement_month_sources (language);

CREATE INDEX sum_statement_month_sources_outlet ON sum_statement_month_sources (outlet);

CREATE INDEX sum_figure_days_type ON sum_figure_days (type, date_start);

CREATE INDEX sum_figure_day_sources_date ON sum_figure_day_sources (date_start);

CREATE INDEX sum_figure_day_sources_place ON sum_figure_day_sources (place);

CREATE INDEX sum_article_events_n ON sum_article_events (n DESC, article_id);

CREATE INDEX sum_article_places_n ON sum_article_places (n DESC, article_id);

CREATE INDEX sum_article_statements_n ON sum_article_statements (n DESC, article_id);

CREATE INDEX sum_article_events_id ON sum_article_events (article_id);

CREATE INDEX sum_article_places_id ON sum_article_places (article_id);

CREATE INDEX sum_article_statements_id ON sum_article_statements (article_id);
