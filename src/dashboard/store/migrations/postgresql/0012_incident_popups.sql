-- Version 12 (issue 14): each incident's first reports as a map popup lists them, with
-- what the popup shows, one row per report: its place in the popup's order (`rank`:
-- published first, then by outlet, undated last, then by event id) and the event's and
-- article's columns a popup reads, with the incident's type and span (a map's popups
-- say which types and days their incidents are of, so DuckDB reads only the row groups
-- of those: the rows are in that order, as a rebuild writes them). An incident map of the 2023 exodus draws ~1,300
-- incidents with 45,000 reports; their popups then read the ~5,600 rows of these
-- incidents down the key here instead of joining 45,000 reports to their events and
-- articles and ranking them per incident (380 ms at 1M events). Only the first 8 reports
-- of an incident are kept (`incidents.derived.POPUP_REPORTS`, the popup's length): the
-- Incidents page lists them all from the reports.
-- Derived like incident_sources (0009): written in the same transaction as the
-- incidents (`incidents.derived`), recomputed by a rebuild; backfilled here from the
-- stored incidents.

CREATE TABLE IF NOT EXISTS incident_popups (
    incident_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    date_start DATE,
    date_end DATE,
    rank INTEGER NOT NULL,
    event_id VARCHAR NOT NULL,
    article_id VARCHAR,
    outlet VARCHAR,
    language VARCHAR,
    published DATE,
    "date" VARCHAR,
    place VARCHAR,
    "count" BIGINT,
    evidence VARCHAR,
    url VARCHAR,
    title VARCHAR,
    PRIMARY KEY (incident_id, rank)
);

-- emptied first: a database taken back to an older version runs this again
DELETE FROM incident_popups;

INSERT INTO incident_popups
    (incident_id, type, date_start, date_end, rank, event_id, article_id, outlet, language,
    published, "date", place, "count", evidence, url, title)
SELECT incident_id, type, date_start, date_end, rank, event_id, article_id, outlet,
    language, published, "date", place, "count", evidence, url, title
FROM (
    SELECT r.incident_id, i.type, i.date_start, i.date_end, ROW_NUMBER() OVER (
            PARTITION BY r.incident_id
            ORDER BY a.published NULLS LAST, a.outlet NULLS LAST, e.id) AS rank,
        r.event_id, e.article_id, a.outlet, a.language, a.published, e."date", e.place,
        e."count", e.evidence, a.url, a.title
    FROM incident_reports r
    JOIN incidents i ON i.incident_id = r.incident_id
    JOIN events e ON e.id = r.event_id
    JOIN articles a ON a.id = e.article_id
) t
WHERE rank <= 8;

ANALYZE incident_popups;


-- The incident's type and span on each of its sources (incident_sources, 0009), so that
-- a language, outlet or actor filter on the incident views takes the view's types and
-- dates on the sources too: an exodus map of the Russian-language evacuation reports
-- semi-joined every Russian-language source (105,000 rows at 1M events, hashed: 100-
-- 160 ms on PostgreSQL) to keep 1,300 incidents; it now reads the 3,700 of those
-- types and days. Written with the sources (`incidents.derived`); filled here.
-- IF NOT EXISTS: a database taken back to an older version keeps these columns.
ALTER TABLE incident_sources ADD COLUMN IF NOT EXISTS type VARCHAR;

ALTER TABLE incident_sources ADD COLUMN IF NOT EXISTS date_start DATE;

ALTER TABLE incident_sources ADD COLUMN IF NOT EXISTS date_end DATE;

UPDATE incident_sources SET type = i.type, date_start = i.date_start, date_end = i.date_end
FROM incidents i WHERE i.incident_id = incident_sources.incident_id;

-- a language's or an outlet's sources of some types and days: one range of these
CREATE INDEX IF NOT EXISTS incident_sources_language_span
    ON incident_sources (language, type, date_end, date_start, incident_id);
CREATE INDEX IF NOT EXISTS incident_sources_outlet_span
    ON incident_sources (outlet, type, date_end, date_start, incident_id);

ANALYZE incident_sources;

-- The Map's list of the events it cannot place, newest first: its cut-off day is a
-- running count over the unplaced events' day summaries, newest day first
-- (query.summary.event_cut). Of one type, that read every day summary without this
-- index (a sequential scan of 830,000 rows at 1M events, 150 ms); with it, the newest
-- unplaced days until the count is reached, whatever the types (the predicate is
-- query.facts.UNLOCATED's, as events_unlocated's).
CREATE INDEX IF NOT EXISTS sum_event_days_unlocated ON sum_event_days (date_start DESC)
    WHERE (lat IS NULL OR lon IS NULL OR lat NOT BETWEEN -90 AND 90
        OR lon NOT BETWEEN -180 AND 180);

ANALYZE sum_event_days;
