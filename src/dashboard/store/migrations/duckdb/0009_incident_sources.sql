-- Version 9 (issue 14): which languages and outlets reported each incident with which
-- actors, one row per (incident, language, outlet, actors) of its reports (the article's
-- language and outlet, the event's actors list). A language, outlet or actor filter on
-- the incident views ("reported in Armenian", "by outlet X", "naming Russia") is a
-- semi-join on this table instead of one through incident_reports -> events -> articles
-- (a million rows each at 1M events); one row matching every filter is one report that
-- does, as the join asks. Derived like the incident tables: written in the same
-- transaction as the incidents (`incidents.build`), recomputed by a rebuild; filled from
-- the stored incidents after this file by the same code (`incidents.derived.backfill`,
-- store.migrate POST_STEPS), which then analyses them for the planner. No key (see
-- 0004): the writer deletes an incident's rows before writing them again.

CREATE TABLE IF NOT EXISTS incident_sources (
    incident_id VARCHAR NOT NULL,
    language VARCHAR,
    outlet VARCHAR,
    actors VARCHAR
);

-- The incidents counted per (type, lat, lon, place, outlets): the map's groups of an
-- unfiltered, type or "at least n outlets" view add up these rows (tens of thousands)
-- instead of grouping every incident (some 300,000 at 1M events). Kept by the writer
-- (`incidents.derived`) in the same transaction as the incidents.
CREATE TABLE IF NOT EXISTS sum_incident_groups (
    type VARCHAR NOT NULL,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    place VARCHAR,
    outlets INTEGER NOT NULL,
    incidents BIGINT NOT NULL,
    date_first DATE,
    date_last DATE,
    conflicting BIGINT NOT NULL
);

-- The same per language an incident was reported in (once in each of its languages):
-- a view of one language adds up that language's rows.
CREATE TABLE IF NOT EXISTS sum_incident_language_groups (
    language VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    place VARCHAR,
    outlets INTEGER NOT NULL,
    incidents BIGINT NOT NULL,
    date_first DATE,
    date_last DATE,
    conflicting BIGINT NOT NULL
);

