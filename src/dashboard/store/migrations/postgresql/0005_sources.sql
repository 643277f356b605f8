-- Version 5 (issue 13): saved sources and what was fetched from them.
-- sources: one row per saved source. kind: "url" (a page, feed or sitemap, told apart
-- when fetched: "detected") or "gdelt" (then "url" holds the GDELT query). The last_*
-- columns describe the last fetch (last_error: the source itself failed; last_note: what
-- else to know, such as the first articles that failed and why); etag and last_modified
-- make the next one conditional.
-- fetched_urls: every URL fetched (canonical), with the article it gave and the
-- validators for a conditional GET, so a feed entry met again is not fetched again.

CREATE TABLE sources (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    every_seconds INTEGER NOT NULL,
    added_at TIMESTAMP NOT NULL,
    detected VARCHAR,
    etag VARCHAR,
    last_modified VARCHAR,
    last_fetch_at TIMESTAMP,
    last_ok_at TIMESTAMP,
    last_new INTEGER,
    last_unchanged INTEGER,
    last_failed INTEGER,
    last_error VARCHAR,
    last_note VARCHAR,
    total_new INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE fetched_urls (
    url VARCHAR PRIMARY KEY,
    source_id VARCHAR,
    article_id VARCHAR,
    etag VARCHAR,
    last_modified VARCHAR,
    fetched_at TIMESTAMP NOT NULL
);
