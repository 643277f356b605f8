-- Version 10 (issue 14): every event and statement carries its article's outlet, language
-- and publication date, so a list or count of facts filtered by outlet or language, or
-- ordered by the publication date after its own date, reads the fact table alone instead
-- of joining (or semi-joining) every article of the outlet: PostgreSQL used to start from
-- the outlet's ~5,700 articles and probe each one's facts (100-300 ms at 1M events). The
-- values are the article's and never change (an article is stored once); the store
-- writes them with each fact (store.rows, and insert_rows from the article for rows that
-- lack them). Facts stored before this version are filled from their articles here.
-- IF NOT EXISTS: a database taken back to an older version keeps these columns and indexes.

ALTER TABLE events ADD COLUMN IF NOT EXISTS outlet VARCHAR;

ALTER TABLE events ADD COLUMN IF NOT EXISTS language VARCHAR;

ALTER TABLE events ADD COLUMN IF NOT EXISTS published DATE;

ALTER TABLE statements ADD COLUMN IF NOT EXISTS outlet VARCHAR;

ALTER TABLE statements ADD COLUMN IF NOT EXISTS language VARCHAR;

ALTER TABLE statements ADD COLUMN IF NOT EXISTS published DATE;

UPDATE events SET outlet = a.outlet, language = a.language, published = a.published
FROM articles a WHERE a.id = events.article_id;

UPDATE statements SET outlet = a.outlet, language = a.language, published = a.published
FROM articles a WHERE a.id = statements.article_id;

-- The newest-first lists of one outlet or language (statements, reported figures,
-- events): a range of these indexes, newest first, from the list's cut-off day on.
CREATE INDEX IF NOT EXISTS events_outlet_date ON events (outlet, date_start DESC NULLS LAST);

CREATE INDEX IF NOT EXISTS events_language_date ON events (language, date_start DESC NULLS LAST);

CREATE INDEX IF NOT EXISTS statements_outlet_date ON statements (outlet, date_start DESC NULLS LAST);

CREATE INDEX IF NOT EXISTS statements_language_date ON statements (language, date_start DESC NULLS LAST);

-- The same for reported figures (events with a count, as `events_figures`): without
-- these PostgreSQL intersects the outlet's events with every event of the types.
CREATE INDEX IF NOT EXISTS events_figures_outlet ON events (outlet, date_start DESC NULLS LAST) WHERE "count" IS NOT NULL;

CREATE INDEX IF NOT EXISTS events_figures_language ON events (language, date_start DESC NULLS LAST) WHERE "count" IS NOT NULL;

-- The Articles page's list of one outlet or language, newest first (its order, as
-- articles_published): the first rows of this range instead of walking the newest
-- articles of every outlet until enough of this one turned up.
CREATE INDEX IF NOT EXISTS articles_outlet_published ON articles (outlet, published DESC NULLS LAST, ingested_at DESC, id);

CREATE INDEX IF NOT EXISTS articles_language_published ON articles (language, published DESC NULLS LAST, ingested_at DESC, id);

-- The cut-off day of such a list is a running count over the day summaries of one
-- outlet or language, newest day first (query.summary._cut): these read only its days.
CREATE INDEX IF NOT EXISTS sum_statement_day_sources_outlet ON sum_statement_day_sources (outlet, date_start);

CREATE INDEX IF NOT EXISTS sum_statement_day_sources_language ON sum_statement_day_sources (language, date_start);

CREATE INDEX IF NOT EXISTS sum_statement_days_speaker ON sum_statement_days (speaker, date_start);

CREATE INDEX IF NOT EXISTS sum_figure_days_outlet ON sum_figure_days (outlet, date_start);

CREATE INDEX IF NOT EXISTS sum_figure_day_sources_language ON sum_figure_day_sources (language, date_start);

-- the planner's statistics of the new columns, for the plans right after the upgrade
ANALYZE events;

ANALYZE statements;
