-- Version 14 (issue 14): a trigram index on the events' lower-cased evidence, so a text
-- filter on events or incidents (`Where.text_in`: LOWER(e.evidence) LIKE '%word%') reads
-- the matching events through the index instead of lower-casing every sentence (a Map
-- view of "Lachin" at 1M events took over a second). The index is on the expression the
-- queries test, so the planner uses it for the same SQL on both backends and the answers
-- are the plain LIKE's: the index only proposes candidates, PostgreSQL rechecks each.
-- `pg_trgm` ships with PostgreSQL and is a trusted extension (PostgreSQL 13+): the
-- database owner may create it. The index fills itself from the existing rows.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX IF NOT EXISTS events_evidence_trgm ON events USING gin (LOWER(evidence) gin_trgm_ops);
