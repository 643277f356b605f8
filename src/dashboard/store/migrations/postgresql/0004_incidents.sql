-- Version 4 (issue 12): incidents (one real-world happening, reported by one or more
-- event reports) and the link from each event report to its incident. The events table is
-- unchanged. outlets and languages are counts; conflicts is a JSON list of short reasons
-- ("figures 5,000 vs 30,000"); figures is a JSON list of {outlet, language, date, count}
-- per report that gave a figure. The rules that group reports live in
-- data/incidents/rules.json; `dashboard incidents --rebuild` recomputes both tables.

CREATE TABLE incidents (
    incident_id VARCHAR PRIMARY KEY,
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
    event_id VARCHAR PRIMARY KEY,
    incident_id VARCHAR NOT NULL
);

CREATE INDEX incident_reports_incident ON incident_reports (incident_id);

CREATE INDEX incidents_type_dates ON incidents (type, date_start, date_end);
