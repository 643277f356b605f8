-- Version 12 (issue 14): each incident's first reports as a map popup lists them, with
-- what the popup shows, one row per report: its place in the popup's order (`rank`:
-- published first, then by outlet, undated last, then by event id) and the event's and
-- article's columns a popup reads, with the incident's type and span (a map's popups
-- say which types and days their incidents are of, so DuckDB reads only the row groups
-- of those: the rows are in that order, as a rebuild writes them). An incident map of the 2023 exodus draws ~1,300
-- incidents with 45,000 reports; their popups then read the ~5,600 rows of these
-- incidents here instead of finding their reports among a million, joining the events
-- and articles and ranking every report per incident (170 ms at 1M events). Only the
-- first 8 reports of an incident are kept (`incidents.derived.POPUP_REPORTS`, the
-- popup's length): the Incidents page lists them all from the reports.
-- Derived like incident_sources (0009): written in the same transaction as the
-- incidents (`incidents.derived`), recomputed by a rebuild; backfilled here from the
-- stored incidents. No key (see 0004): the writer deletes an incident's rows before
-- writing them again. In incident order, as a rebuild writes it.

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
    title VARCHAR
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
WHERE rank <= 8
ORDER BY type, date_start, incident_id, rank;

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
