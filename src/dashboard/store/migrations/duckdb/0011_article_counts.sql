-- Version 11 (issue 14): each article's number of places, events and statements as
-- columns of its row (dashboard.store.article_counts), so that an article list or a
-- search reads them with the articles instead of scanning the three fact tables' article
-- ids. The store writes them with the facts; the articles stored before this version are
-- counted by the code that runs this migration (migrate.POST_STEPS).
-- DuckDB refuses a NOT NULL column on a table other tables refer to (the facts' keys):
-- the default fills them, and the store always writes a number. IF NOT EXISTS: a test
-- may take a database back to an older version (a column cannot be dropped either).

ALTER TABLE articles ADD COLUMN IF NOT EXISTS n_places INTEGER DEFAULT 0;

ALTER TABLE articles ADD COLUMN IF NOT EXISTS n_events INTEGER DEFAULT 0;

ALTER TABLE articles ADD COLUMN IF NOT EXISTS n_statements INTEGER DEFAULT 0;
