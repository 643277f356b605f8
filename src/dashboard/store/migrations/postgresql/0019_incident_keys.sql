-- Version 19 (issue 12): DuckDB gives incident_terms and incident_words a 64-bit number
-- of the incident id (incident_key), so that an incremental attach deletes the rows of
-- the incidents it replaces by a scan of integers instead of ids. PostgreSQL needs
-- none: version 18 made B-trees on both tables' ids (incident_terms_incident, the
-- primary key of incident_words), and the attach's DELETE reads them
-- (bench/explain/pg-1m-incident-terms-delete.txt). Kept here as it is, so that the
-- versions of both backends stay one list.

CREATE INDEX IF NOT EXISTS incident_terms_incident ON incident_terms (incident_id);
