-- Version 9 (issue 14): which languages and outlets reported each incident with which
-- actors, one row per (incident, language, outlet, actors) of its reports (the article's
-- language and outlet, the event's actors list). A language, outlet or actor filter on
-- the incident views ("reported in Armenian", "by outlet X", "naming Russia") is a
-- semi-join on this table instead of one through incident_reports -> events -> articles
-- (a million rows each at 1M events); one row matching every filter is one report that
-- does, as the join asks. Derived like the incident tables: written in the same
-- transaction as the incidents (`incidents.build`), recomputed by a rebuild; filled from
-- the stored incidents after this file by the same code (`incidents.derived.backfill`,
-- store.migrate POST_STEPS), which then analyses them for the planner.
--
-- The indexes: the filter's incidents by language or outlet, and an incident's sources
-- (a list walked in its order probes them row by row). The incidents get one index per
-- order the pages list them in (query.incidents.ORDERS), so the first 2,000 of a view
-- are read from an index instead of sorting some 300,000 incidents.

CREATE TABLE IF NOT EXISTS incident_sources (
    incident_id VARCHAR NOT NULL,
    language VARCHAR,
    outlet VARCHAR,
    actors VARCHAR
);

-- (incident_id, language, outlet, actors): a probe per listed incident reads the index
CREATE INDEX IF NOT EXISTS incident_sources_incident
    ON incident_sources (incident_id, language, outlet, actors);
CREATE INDEX IF NOT EXISTS incident_sources_language
    ON incident_sources (language, outlet, incident_id);
CREATE INDEX IF NOT EXISTS incident_sources_outlet ON incident_sources (outlet, incident_id);
-- an actor filter matches the few distinct actors lists (sum_event_actors), then these
CREATE INDEX IF NOT EXISTS incident_sources_actors ON incident_sources (actors, incident_id);

CREATE INDEX IF NOT EXISTS incidents_newest
    ON incidents (date_start DESC NULLS LAST, outlets DESC, incident_id);
CREATE INDEX IF NOT EXISTS incidents_oldest
    ON incidents (date_start ASC NULLS LAST, outlets DESC, incident_id);
CREATE INDEX IF NOT EXISTS incidents_by_outlets
    ON incidents (outlets DESC, languages DESC, date_start DESC NULLS LAST, incident_id);
CREATE INDEX IF NOT EXISTS incidents_by_reports
    ON incidents (reports DESC, date_start DESC NULLS LAST, outlets DESC, incident_id);
CREATE INDEX IF NOT EXISTS incidents_conflicts
    ON incidents (conflict DESC, outlets DESC, date_start DESC NULLS LAST, incident_id);
-- the Map lists the newest unplaced incidents of a view under it: the few without a
-- place (the predicate is query.facts.UNLOCATED's) in that order, not a walk of all
CREATE INDEX IF NOT EXISTS incidents_unlocated_newest
    ON incidents (date_start DESC NULLS LAST, outlets DESC, incident_id)
    WHERE (lat IS NULL OR lon IS NULL OR lat NOT BETWEEN -90 AND 90
        OR lon NOT BETWEEN -180 AND 180);

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

-- an attach recounts the groups of the (type, place) pairs it touched
CREATE INDEX IF NOT EXISTS incidents_type_place ON incidents (type, place);
CREATE INDEX IF NOT EXISTS sum_incident_groups_type_place ON sum_incident_groups (type, place);

CREATE INDEX IF NOT EXISTS sum_incident_language_groups_key
    ON sum_incident_language_groups (language, type, place);

