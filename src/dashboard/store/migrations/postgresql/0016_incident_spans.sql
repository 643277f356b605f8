-- Version 16 (issue 14): two things, both small.
--
-- 1. The incidents whose span overlaps a date filter (query.incidents._span_where:
-- date_end >= from AND date_start <= to), grouped for the Map and the Incidents page
-- (incident_groups), from an index alone. No existing index led with date_end, so a
-- date filter read every incident (a sequential scan of 300,000 wide rows with their
-- figures' JSON, 55 ms of the 66 at 1M events for the 2023 exodus dates). This index
-- holds each incident's span and every column the grouping reads (and the type and
-- outlets a view may also filter on), a fifth of the table's size, so the planner
-- answers with an index-only scan: the range date_end >= from is its first key, and
-- date_start <= to is tested on the index entries (a B-tree bounds an overlap from one
-- side only, but a scan of the whole index, 20 MB, still costs less than the table's,
-- 88 MB, so an early or wide span is no slower than before). 66 -> 13 ms for the exodus.
-- The query's SQL is unchanged: the same on DuckDB.
CREATE INDEX IF NOT EXISTS incidents_span
    ON incidents (date_end, date_start) INCLUDE (lat, lon, type, place, conflict, outlets);

-- A view of some types (the Map's military incidents of the 2020 war) read its incidents
-- through incidents_type_dates (0004) and fetched each from the table (6-9 ms; with the
-- index above alone, the planner took that one: 12 ms); it now holds the same columns,
-- so those views are index-only too (5 ms). Same keys, so every query that used it
-- still can.
DROP INDEX IF EXISTS incidents_type_dates;

CREATE INDEX IF NOT EXISTS incidents_type_dates
    ON incidents (type, date_start, date_end) INCLUDE (lat, lon, place, conflict, outlets);

-- 2. One row per type group and day in sum_figure_groups (0015): unique keys instead of
-- the plain index. A primary key is not possible (an undated figure's day is NULL), so
-- the dated rows are unique by (types, date_start), which also serves the reads as the
-- plain index did, and the undated by types (a partial index: NULLs are distinct in a
-- unique index before PostgreSQL 15's NULLS NOT DISTINCT, and we support 13 on).
-- Writers recompute a day's rows under the summary lock (postgres_store._summarise), so
-- two of them never both insert a day; the keys make any other writer fail rather than
-- leave a second row. The rows are recomputed by the post step (figure_groups.rebuild),
-- after the old ones are deleted here, so that a duplicate left before cannot stop the
-- unique index from being built.
DELETE FROM sum_figure_groups;

DROP INDEX IF EXISTS sum_figure_groups_types;

CREATE UNIQUE INDEX IF NOT EXISTS sum_figure_groups_day ON sum_figure_groups (types, date_start);

CREATE UNIQUE INDEX IF NOT EXISTS sum_figure_groups_undated
    ON sum_figure_groups (types) WHERE date_start IS NULL;
