-- Version 19 (issue 12): an incremental attach deletes the search rows of the incidents
-- it replaces (incidents.terms.delete) by a 64-bit number of their id, not by the id.
-- incident_terms is kept in term_key order for the search (version 18), so the rows of
-- an incident are spread over every row group and no zone map narrows the delete: it
-- scans the table whatever it deletes. Testing 10.7 million VARCHAR ids (1M events)
-- against the batch's 150-250 took 0.16 s quiet, 0.5-0.9 s under load; the same
-- IN-list over a BIGINT column is 5-10 times faster. An ART index on incident_id was
-- measured and is worse: DuckDB removes a deleted row's entry at commit by fetching its
-- id again, 0.1 s per 5,000 rows and 2 s for the 100,000 rows a batch deletes (two
-- ongoing-state incidents hold 89,000), on top of the delete and of each insert's
-- entries. incident_key is the first 8 bytes of the id's MD5, little-endian, top bit
-- cleared (md5_number_upper here, incidents.terms.incident_key in Python: the same
-- number; collisions one in 2**63 per pair of ids, as term_key's). DuckDB only:
-- PostgreSQL has B-trees on the ids (version 18). The UPDATE keeps the rows in place,
-- so the key order of incident_terms is kept. IF NOT EXISTS: a database taken back to
-- an older version (as tests do) runs this again.

ALTER TABLE incident_terms ADD COLUMN IF NOT EXISTS incident_key BIGINT;

UPDATE incident_terms
SET incident_key = CAST(md5_number_upper(incident_id) & 9223372036854775807 AS BIGINT);

ALTER TABLE incident_words ADD COLUMN IF NOT EXISTS incident_key BIGINT;

UPDATE incident_words
SET incident_key = CAST(md5_number_upper(incident_id) & 9223372036854775807 AS BIGINT);
