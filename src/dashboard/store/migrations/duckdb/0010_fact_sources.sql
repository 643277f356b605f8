-- Version 10 (issue 14): every event and statement carries its article's outlet, language
-- and publication date, so a list or count of facts filtered by outlet or language, or
-- ordered by the publication date after its own date, reads the fact table alone instead
-- of joining (or semi-joining) every article of the outlet. The values are the article's
-- and never change (an article is stored once); the store writes them with each fact
-- (store.rows, and insert_rows from the article for rows that lack them). Facts stored
-- before this version are filled from their articles here.
-- IF NOT EXISTS: a database taken back to an older version keeps these columns.

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
