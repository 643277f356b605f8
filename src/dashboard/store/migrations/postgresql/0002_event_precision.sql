-- Version 2 (issue 11): how precise each event's date and place are, where the place was
-- read, and every sentence that reports the happening (JSON list, the first is "evidence").
-- time_precision: day | week | month | year | reported (the publication date stands in);
-- geo_precision: 1 town or village, 2 district or region, 3 country or whole region.
-- Rows stored before this version keep NULLs: unknown, not exact.

ALTER TABLE events ADD COLUMN time_precision VARCHAR;

ALTER TABLE events ADD COLUMN geo_precision INTEGER;

ALTER TABLE events ADD COLUMN place_source VARCHAR;

ALTER TABLE events ADD COLUMN evidence_all VARCHAR;
