-- Version 17 (issue 14): each incident's languages and outlets of its reports on its own
-- row, as compact JSON lists of the distinct non-null values, sorted by code point
-- (what its incident_sources rows hold; schema.INCIDENT_SOURCE_LISTS). The Incidents
-- page's list of the newest 2,000 reported in Armenian semi-joined the incidents with
-- the 228,000 Armenian source rows (1M events: 22 ms median, 34-57 ms p95); it now walks
-- incidents_newest testing each row's list (a LIKE the planner estimates from the
-- column's statistics) and stops at the 2,000th (5 ms); one outlet's list, 63 -> 22 ms.
-- A filter on languages and outlets together, or on actors, still reads the sources (one
-- source row must match all). Written with the incident's row
-- (incidents.summary.source_lists); filled here from the sources.
-- IF NOT EXISTS: a database taken back to an older version keeps these columns.

ALTER TABLE incidents ADD COLUMN IF NOT EXISTS source_languages VARCHAR;

ALTER TABLE incidents ADD COLUMN IF NOT EXISTS source_outlets VARCHAR;

UPDATE incidents SET source_languages = s.languages, source_outlets = s.outlets
FROM (
    SELECT incident_id,
        COALESCE(to_json(array_agg(DISTINCT language COLLATE "C" ORDER BY language COLLATE "C")
            FILTER (WHERE language IS NOT NULL))::text, '[]') AS languages,
        COALESCE(to_json(array_agg(DISTINCT outlet COLLATE "C" ORDER BY outlet COLLATE "C")
            FILTER (WHERE outlet IS NOT NULL))::text, '[]') AS outlets
    FROM incident_sources
    GROUP BY incident_id
) s
WHERE s.incident_id = incidents.incident_id;

-- an incident without sources (none of its reports' articles stored) names none
UPDATE incidents SET source_languages = COALESCE(source_languages, '[]'),
    source_outlets = COALESCE(source_outlets, '[]')
WHERE source_languages IS NULL OR source_outlets IS NULL;

ANALYZE incidents;
