"""PostgreSQL reads a text filter's events through the trigram index on their
lower-cased evidence (migration 0014), with the same answers as scanning every row."""

from __future__ import annotations

import pytest

# words of the sample corpus in its three scripts, a word absent from it, short patterns
# (fewer than three letters give the index no trigram to look up) and LIKE's wildcards
WORDS = ("lachin", "LACHIN", "Степанакерт", "Ստեփանակերտ", "zzqx", "a", "ev", "100%", "_")


def _ids(conn, pattern: str) -> list[int]:
    rows = conn.execute(
        "SELECT e.id FROM events e WHERE LOWER(e.evidence) LIKE %s ESCAPE '\\' ORDER BY e.id",
        (pattern,),
    ).fetchall()
    return [r[0] for r in rows]


def test_text_filter_uses_the_trigram_index_with_the_scans_answers(pg_sample_db):
    psycopg = pytest.importorskip("psycopg")
    from dashboard.query.filters import like_pattern

    with psycopg.connect(pg_sample_db) as conn:
        conn.execute("SET enable_bitmapscan = off")
        conn.execute("SET enable_indexscan = off")
        scanned = {w: _ids(conn, like_pattern(w)) for w in WORDS}
        conn.execute("RESET enable_bitmapscan")
        conn.execute("RESET enable_indexscan")
        conn.execute("SET enable_seqscan = off")
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                "EXPLAIN SELECT e.id FROM events e WHERE LOWER(e.evidence) LIKE %s",
                (like_pattern("lachin"),),
            ).fetchall()
        )
        assert "events_evidence_trgm" in plan, plan
        indexed = {w: _ids(conn, like_pattern(w)) for w in WORDS}
    assert indexed == scanned
    assert scanned["lachin"] and scanned["lachin"] == scanned["LACHIN"]
    assert not scanned["zzqx"]
