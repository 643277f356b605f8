-- Version 18 (issue 14): the Incidents page's text box searches words, as the Articles
-- page does, instead of testing every report's evidence for a substring
-- (LOWER(evidence) LIKE over a million events: 150-230 ms, twice per view).
-- incident_terms: once per incident, the 64-bit key (store.terms) of every word and of
-- every pair of consecutive words of its reports' evidence; incident_words: its folded
-- words in order, one report's after another's with "|" between them, for phrases of
-- three words or more ("% a b c %"). Both are kept with the incidents
-- (dashboard.incidents.terms, called by incidents.derived in the incidents'
-- transaction); the folding is Python, so the post step of this version
-- (store.migrate.POST_STEPS) fills them from the incidents already stored, the terms in
-- key order: DuckDB then skips every row group but a searched word's by its zone maps,
-- as for article_terms. No index, no key: DuckDB scans these columns faster than it
-- probes an index for a word's thousands of rows. incident_terms_layout counts the rows
-- an incremental attach appended since (an unsorted tail every search scans), which the
-- writer puts in key order once they are many (incidents.terms.keep_sorted). IF NOT
-- EXISTS: a database taken back to an older version (as tests do) runs this again; the
-- post step rewrites the rows whole, in key order.

CREATE TABLE IF NOT EXISTS incident_terms (
    term_key BIGINT NOT NULL,
    incident_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS incident_words (
    incident_id VARCHAR NOT NULL,
    words VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS incident_terms_layout (
    unsorted_rows BIGINT NOT NULL
);

DELETE FROM incident_terms_layout;

INSERT INTO incident_terms_layout VALUES (0);
