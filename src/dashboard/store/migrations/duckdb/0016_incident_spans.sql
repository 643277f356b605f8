-- Version 16 (issue 14): PostgreSQL gets covering indexes on the incidents' spans for
-- the date filter (its version 16 says why). DuckDB needs none: it reads only the few
-- columns the query asks for, skipping the rest of each row (incident_groups at 1M
-- events, the 2023 exodus dates: 8 ms p50).
--
-- One row per type group and day in sum_figure_groups (0015): a unique key on (types,
-- date_start), as on PostgreSQL. Not a primary key: an undated figure's day is NULL
-- (DuckDB has no partial index to key those by type alone; a DuckDB file has one writer
-- process, which writes one batch at a time, so the undated rows cannot race). The
-- table is made anew, empty, and its rows recomputed by the post step
-- (figure_groups.rebuild), so that a duplicate left before cannot stop the key: DuckDB
-- builds a unique index over the rows a DELETE in the same transaction removed.
-- DuckDB refuses to ALTER a table with an index: a later migration changing this table
-- drops the index first.
DROP TABLE sum_figure_groups;

CREATE TABLE sum_figure_groups (
    types VARCHAR NOT NULL,
    date_start DATE,
    n BIGINT NOT NULL,
    low BIGINT,
    high BIGINT,
    outlets BIGINT NOT NULL
);

CREATE UNIQUE INDEX sum_figure_groups_day ON sum_figure_groups (types, date_start);
