-- Version 7 (issue 14): article search reads only its words' rows.
-- DuckDB keeps article_terms in word order (dashboard.store.term_order): its zone maps
-- then skip every row group but the searched words' ones. search_layout holds how many
-- rows were appended after the last rewrite in word order; the writer adds to it in the
-- same transaction as the rows and rewrites the table once that tail is large enough.
-- Here the whole existing table counts as unsorted: the store that runs this migration
-- rewrites it in word order in the same transaction, if it is large enough to matter.

CREATE TABLE search_layout (
    unsorted_rows BIGINT NOT NULL
);

INSERT INTO search_layout SELECT COUNT(*) FROM article_terms;
