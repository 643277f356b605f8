-- Version 16 (issue 14): PostgreSQL gets a covering index on the incidents' spans for
-- the date filter (its version 16 says why). DuckDB needs none: it scans the incidents'
-- few columns the query reads (incident_groups at 1M events, the 2023 exodus dates:
-- about 10 ms).
--
-- One row per type group and day in sum_figure_groups (0015): a unique key on (types,
-- date_start), as on PostgreSQL. Not a primary key: an undated figure's day is NULL
-- (DuckDB has no partial index to key those by type alone; a DuckDB file has one writer
-- process, which writes one batch at a time, so the undated rows cannot race). The rows
-- are recomputed by the post step (figure_groups.rebuild) after the old ones are deleted
-- here, so that a duplicate left before cannot stop the unique index from being built.
-- DuckDB refuses to ALTER a table with an index: a later migration changing this table
-- drops the index first.
DELETE FROM sum_figure_groups;

CREATE UNIQUE INDEX IF NOT EXISTS sum_figure_groups_day ON sum_figure_groups (types, date_start);
