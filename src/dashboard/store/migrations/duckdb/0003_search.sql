-- Version 3 (issue 14): article search.
-- article_terms: one row per (folded word, article): the word as a 64-bit key
-- (store.terms.term_key) with how often the word occurs there
-- (title occurrences weigh more) and the article's publication date, so that a search
-- finds, counts and ranks its articles from this table alone. article_words: each
-- article's folded words in order, one space around each, for phrases ("% a b %").
-- Both are written with the article, in the same transaction (dashboard.store.terms
-- folds the text; the same Python on every backend, so the same results). Articles
-- stored before this version are folded by the code that runs this migration
-- (migrate.POST_STEPS). No index: DuckDB scans these columns faster than it would
-- probe an index for the thousands of rows a common word has.

CREATE TABLE article_terms (
    term_key BIGINT NOT NULL,
    article_id VARCHAR NOT NULL,
    published DATE,
    hits INTEGER NOT NULL
);

CREATE TABLE article_words (
    article_id VARCHAR PRIMARY KEY,
    words VARCHAR NOT NULL
);
