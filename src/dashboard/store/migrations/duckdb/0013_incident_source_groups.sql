-- Version 13 (issue 14): the incidents counted per outlet and per actor, as
-- sum_incident_language_groups counts them per language (0009): a Map, Overview or
-- Incidents page view of one outlet or one actor adds up that outlet's (actor's) rows, a
-- few thousand, instead of grouping the tens of thousands of incidents it reported.
-- An incident counts once for each outlet that reported it and once for each actor its
-- reports name. Kept by the writer (`incidents.source_groups`, called by
-- `incidents.derived`) in the same transaction as the incidents; filled here by the
-- migration's post step with that code (the actors lists are parsed in Python).

CREATE TABLE IF NOT EXISTS sum_incident_outlet_groups (
    outlet VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    place VARCHAR,
    outlets INTEGER NOT NULL,
    incidents BIGINT NOT NULL,
    date_first DATE,
    date_last DATE,
    conflicting BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS sum_incident_actor_groups (
    actor VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    place VARCHAR,
    outlets INTEGER NOT NULL,
    incidents BIGINT NOT NULL,
    date_first DATE,
    date_last DATE,
    conflicting BIGINT NOT NULL
);
