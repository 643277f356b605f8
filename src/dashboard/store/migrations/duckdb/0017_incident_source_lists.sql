-- Version 17 (issue 14): each incident's languages and outlets of its reports on its own
-- row, as compact JSON lists of the distinct non-null values, sorted (what its
-- incident_sources rows hold; schema.INCIDENT_SOURCE_LISTS). The Incidents page's list
-- of the newest 2,000 reported in Armenian was a semi-join of 300,000 incidents with the
-- 228,000 Armenian source rows, hashed on every call (1M events: 35 ms median, 57-60 ms
-- p95); it is now a substring test of each row's list while DuckDB reads the incidents
-- newest first (kept in that order, duckdb_store._INSERT_ORDER) and stops after the
-- first row group that fills the list (12 ms). A filter on languages and outlets
-- together, or on actors, still reads the sources (one source row must match all).
-- Written with the incident's row (incidents.summary.source_lists); filled here from the
-- sources. VARCHAR columns are updated in place, so the rows keep their order.
-- IF NOT EXISTS: a database taken back to an older version keeps these columns.

ALTER TABLE incidents ADD COLUMN IF NOT EXISTS source_languages VARCHAR;

ALTER TABLE incidents ADD COLUMN IF NOT EXISTS source_outlets VARCHAR;

UPDATE incidents SET source_languages = s.languages, source_outlets = s.outlets
FROM (
    SELECT incident_id,
        to_json(list_sort(list_distinct(list(language))))::VARCHAR AS languages,
        to_json(list_sort(list_distinct(list(outlet))))::VARCHAR AS outlets
    FROM incident_sources
    GROUP BY incident_id
) s
WHERE s.incident_id = incidents.incident_id;

-- an incident without sources (none of its reports' articles stored) names none
UPDATE incidents SET source_languages = COALESCE(source_languages, '[]'),
    source_outlets = COALESCE(source_outlets, '[]')
WHERE source_languages IS NULL OR source_outlets IS NULL;
