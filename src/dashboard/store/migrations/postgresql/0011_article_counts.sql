-- Version 11 (issue 14): each article's number of places, events and statements as
-- columns of its row (dashboard.store.article_counts), so that an article list or a
-- search reads them with the articles instead of scanning the three fact tables' article
-- ids. The store writes them with the facts; the articles stored before this version are
-- counted by the code that runs this migration (migrate.POST_STEPS).
-- IF NOT EXISTS: a test may take a database back to an older version.

ALTER TABLE articles ADD COLUMN IF NOT EXISTS n_places INTEGER NOT NULL DEFAULT 0;

ALTER TABLE articles ADD COLUMN IF NOT EXISTS n_events INTEGER NOT NULL DEFAULT 0;

ALTER TABLE articles ADD COLUMN IF NOT EXISTS n_statements INTEGER NOT NULL DEFAULT 0;
