-- Version 9 (issue 14): which languages and outlets reported each incident, one row per
-- (incident, language, outlet) of its reports' articles. A language or outlet filter on
-- the incident views ("reported in Armenian", "reported by outlet X") is a semi-join on
-- this small table instead of one through incident_reports -> events -> articles (a
-- million rows each at 1M events). Derived like the incident tables: written in the same
-- transaction as the incidents (`incidents.build`), recomputed by a rebuild; backfilled
-- here from the stored incidents.
--
-- The indexes: the filter's incidents by language or outlet, and an incident's sources
-- (a list walked in its order probes them row by row). The incidents get one index per
-- order the pages list them in (query.incidents.ORDERS), so the first 2,000 of a view
-- are read from an index instead of sorting some 300,000 incidents, and one on outlets
-- for "reported by at least n outlets".

CREATE TABLE IF NOT EXISTS incident_sources (
    incident_id VARCHAR NOT NULL,
    language VARCHAR,
    outlet VARCHAR
);

-- emptied first: a database taken back to an older version runs this again
DELETE FROM incident_sources;

INSERT INTO incident_sources (incident_id, language, outlet)
SELECT DISTINCT r.incident_id, a.language, a.outlet
FROM incident_reports r
JOIN events e ON e.id = r.event_id
JOIN articles a ON a.id = e.article_id;

CREATE INDEX IF NOT EXISTS incident_sources_incident ON incident_sources (incident_id);
CREATE INDEX IF NOT EXISTS incident_sources_language ON incident_sources (language, outlet, incident_id);
CREATE INDEX IF NOT EXISTS incident_sources_outlet ON incident_sources (outlet, incident_id);

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

ANALYZE incident_sources;
ANALYZE incidents;
