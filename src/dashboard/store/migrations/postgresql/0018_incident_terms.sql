-- Version 18 (issue 14): the Incidents page's text box searches words, as the Articles
-- page does, instead of testing every report's evidence for a substring (the trigram
-- index of version 14 still left 310 ms per query at 1M events).
-- incident_terms: once per incident, the 64-bit key (store.terms) of every word and of
-- every pair of consecutive words of its reports' evidence; incident_words: its folded
-- words in order, one report's after another's with "|" between them, for phrases of
-- three words or more ("% a b c %"). Both are kept with the incidents
-- (dashboard.incidents.terms, called by incidents.derived in the incidents'
-- transaction); the folding is Python, so the post step of this version
-- (store.migrate.POST_STEPS) fills them from the incidents already stored.
-- incident_terms_key finds a search's incidents from the index alone (an index-only
-- scan of its keys' entries); incident_terms_incident serves an incremental attach's
-- delete of the incidents it replaces.

CREATE TABLE IF NOT EXISTS incident_terms (
    term_key BIGINT NOT NULL,
    incident_id VARCHAR NOT NULL
);

CREATE INDEX IF NOT EXISTS incident_terms_key ON incident_terms (term_key, incident_id);

CREATE INDEX IF NOT EXISTS incident_terms_incident ON incident_terms (incident_id);

CREATE TABLE IF NOT EXISTS incident_words (
    incident_id VARCHAR PRIMARY KEY,
    words VARCHAR NOT NULL
);
