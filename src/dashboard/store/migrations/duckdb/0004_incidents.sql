-- Version 4 (issue 12): incidents (one real-world happening, reported by one or more
-- event reports) and the link from each event report to its incident. The events table is
-- unchanged. outlets and languages are counts; conflicts is a JSON list of short reasons
-- ("figures 5,000 vs 30,000"); figures is a JSON list of {outlet, language, date, count}
-- per report that gave a figure. The rules that group reports live in
-- data/incidents/rules.json; `dashboard incidents --rebuild` recomputes both tables.
-- No PRIMARY KEY here (PostgreSQL has them): DuckDB's key index made committing a rebuild
-- of 100k reports take 8 s instead of 0.2 s. Keys stay unique because only the writer
-- fills these tables, each event is linked once (only unlinked events are attached) and
-- an incident row is deleted before it is written again.

CREATE TABLE incidents (
    incident_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    date_start DATE,
    date_end DATE,
    place VARCHAR,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    geo_precision INTEGER,
    reports INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    languages INTEGER NOT NULL,
    first_outlet VARCHAR,
    first_published DATE,
    first_article_id VARCHAR,
    count_min BIGINT,
    count_max BIGINT,
    count_latest BIGINT,
    conflict BOOLEAN NOT NULL,
    conflicts VARCHAR,
    figures VARCHAR
);

CREATE TABLE incident_reports (
    event_id VARCHAR NOT NULL,
    incident_id VARCHAR NOT NULL
);
