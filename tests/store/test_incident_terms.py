"""Migration 0018: the Incidents page's text box searches the words of each incident's
evidence (`incidents.terms`, `query.incidents.search_where`) with the Articles search's
semantics, the same answers on both backends and as a plain reading of the evidence;
every write path keeps the rows; a version 16 database upgrades, and one not upgraded
yet is still read (the old substring test)."""

from __future__ import annotations

from collections import defaultdict

from older_db import back_to

from dashboard.incidents import terms
from dashboard.query import Filters
from dashboard.query import incidents as inc
from dashboard.query.search import parse
from dashboard.store import open_store
from dashboard.store.copy import copy_store
from dashboard.store.terms import pair_key, term_key, word_text, words

# words of the sample in two scripts, either case, with and without accents (Lachín),
# a word absent from it, a part of a word (whole words only), punctuation alone (no
# search)
FIXED = ("lachin", "LACHÍN", "Корнидзор", "кОРНИДЗОР", "zzqx", "lach", "!!")


def _evidence(store) -> dict[str, list[str | None]]:
    rows = store.query(f"{terms.EVIDENCE_SQL} ORDER BY r.incident_id, r.event_id")
    out: dict[str, list[str | None]] = defaultdict(list)
    for incident_id, evidence in rows.itertuples(index=False):
        out[incident_id].append(evidence)
    return out


def _queries(evidence: dict[str, list[str | None]]) -> list[str]:
    """FIXED, and phrases and word sets taken from the sample's own sentences: two and
    three consecutive words quoted, two words of two reports of one incident."""
    found = list(FIXED)
    longest = max((words(t) for ts in evidence.values() for t in ts), key=len)
    found += [f'"{longest[1]} {longest[2]}"', f'"{longest[1]} {longest[2]} {longest[3]}"']
    found.append(f'"{longest[3]} {longest[2]} {longest[1]}"')  # the words, not the phrase
    for texts in evidence.values():
        seqs = [words(t) for t in texts if words(t)]
        if len(seqs) > 1 and set(seqs[0]) != set(seqs[1]):
            only = [w for w in seqs[1] if w not in seqs[0]]
            if only:
                found.append(f"{seqs[0][-1]} {only[0]}")
                break
    return found


def _expected(evidence: dict[str, list[str | None]], text: str) -> set[str] | None:
    """The incidents a search finds, read from the evidence itself: every word in one of
    the reports, each phrase in one report's sentence; None when there is no search."""
    search = parse(text)
    if search is None:
        return None
    out = set()
    for incident_id, texts in evidence.items():
        seqs = [words(t) for t in texts]
        held = {w for seq in seqs for w in seq}
        sentences = [word_text(seq) for seq in seqs]
        if set(search.terms) <= held and all(
            any(word_text(p) in s for s in sentences) for p in search.phrases
        ):
            out.add(incident_id)
    return out


def _answers(store, queries) -> list[tuple[set[str], int]]:
    """Each query's listed incidents and the incidents its groups count."""
    out = []
    for text in queries:
        listed = set(
            inc.incidents(store, Filters(text=text), columns=["incident_id"])["incident_id"]
        )
        counted = int(inc.incident_groups(store, Filters(text=text))["events"].sum())
        out.append((listed, counted))
    return out


def test_search_answers_as_the_evidence_reads_on_both_backends(duckdb_sample_db, pg_sample_db):
    with open_store(duckdb_sample_db, read_only=True) as duck:
        evidence = _evidence(duck)
        queries = _queries(evidence)
        expected_duck = _answers(duck, queries)
    with open_store(pg_sample_db, read_only=True) as pg:
        assert _answers(pg, queries) == expected_duck
        assert inc.terms_ready(pg)
    everything = len(evidence)
    for text, (listed, counted) in zip(queries, expected_duck, strict=True):
        expected = _expected(evidence, text)
        assert listed == (set(evidence) if expected is None else expected), text
        assert counted == len(listed), text
    answers = dict(zip(queries, (a[0] for a in expected_duck), strict=True))
    assert answers["lachin"] and answers["lachin"] == answers["LACHÍN"]
    assert answers["Корнидзор"] and answers["Корнидзор"] == answers["кОРНИДЗОР"]
    assert not answers["zzqx"] and not answers["lach"]
    assert len(answers["!!"]) == everything
    two, three, reversed_, across = queries[len(FIXED) :]
    assert answers[three] and answers[three] <= answers[two]
    assert answers[reversed_] != answers[three] or not answers[reversed_]
    assert answers[across]  # words of two reports find their incident


def _stored_rows(store) -> tuple[set[tuple[int, str]], dict[str, str]]:
    keys = store.query("SELECT term_key, incident_id FROM incident_terms")
    texts = store.query("SELECT incident_id, words FROM incident_words")
    pairs = [(int(k), i) for k, i in keys.itertuples(index=False)]
    assert len(pairs) == len(set(pairs))  # once per incident
    return set(pairs), dict(texts.itertuples(index=False))


def _recomputed(evidence: dict[str, list[str | None]]) -> tuple[set, dict[str, str]]:
    """The rows read from the evidence with `store.terms`, one incident at a time."""
    keys, texts = set(), {}
    for incident_id, reports in evidence.items():
        seq: list[str] = []
        sentences = [words(text) for text in reports]
        for found in sentences:
            keys.update((term_key(w), incident_id) for w in found)
            keys.update(
                (pair_key(a, b), incident_id) for a, b in zip(found, found[1:], strict=False)
            )
        for found in sorted(s for s in sentences if s):  # in sorted order, not the reports'
            seq += ([terms.REPORT_END] if seq else []) + found
        texts[incident_id] = word_text(seq)
    return keys, texts


def test_every_write_path_keeps_the_rows(db_path, corpus, tmp_path):
    """Ingest in batches (incremental attach), a rebuild and a copy all leave the rows a
    reading of the incidents' evidence gives."""
    with open_store(db_path) as store:
        for start in range(0, len(corpus), 2):
            store.write(corpus[start : start + 2])
        assert _stored_rows(store) == _recomputed(_evidence(store))
        assert _stored_rows(store)[0]
        store.rebuild_incidents()
        assert _stored_rows(store) == _recomputed(_evidence(store))
        copied = str(tmp_path / "copy.duckdb")
        with open_store(copied) as target:
            copy_store(store, target)
            assert _stored_rows(target) == _recomputed(_evidence(target))


def test_a_v17_database_upgrades_and_is_read_before(db_path, corpus):
    """A database written before version 18 is read the old way (a substring of a
    report's evidence) by a read-only store, and its upgrade fills the rows."""
    with open_store(db_path) as store:
        store.write(corpus)
        rows = _stored_rows(store)
    drops = [f"DROP TABLE {t}" for t in terms.TABLES]
    if not db_path.startswith("postgresql"):
        drops.append(f"DROP TABLE {terms.LAYOUT}")
    back_to(db_path, 17, drops)
    with open_store(db_path, read_only=True) as store:
        assert not inc.terms_ready(store)
        old = _answers(store, ["stepanakert", "stepan"])
    assert old[0][0] and old[0][0] == old[1][0]  # a part of a word, as before
    with open_store(db_path) as store:
        assert terms.VERSION in store.migrate().applied
        assert _stored_rows(store) == rows
        new = _answers(store, ["stepanakert", "stepan"])
    assert new[0] == old[0] and not new[1][0]


def test_duckdb_puts_the_appended_rows_in_key_order(duckdb_file, corpus, monkeypatch):
    """Each attach's rows are counted as an unsorted tail, which the writer sorts once it
    is large enough (here: at once); the rows are the same either way."""
    from dashboard.store import term_order

    def layout(store) -> tuple[int, list[int]]:
        unsorted = int(store.query(f"SELECT unsorted_rows FROM {terms.LAYOUT}").iloc[0, 0])
        keys = store.query("SELECT term_key FROM incident_terms ORDER BY rowid")["term_key"]
        return unsorted, [int(k) for k in keys]

    with open_store(duckdb_file) as store:
        store.write(corpus[:1])
        unsorted, keys = layout(store)
        assert unsorted == len(keys) > 0 and keys == sorted(keys)  # one batch: in order
        store.write(corpus[1:2])
        unsorted, keys = layout(store)
        assert unsorted > 0 and keys != sorted(keys)  # the second batch's rows after it
        monkeypatch.setattr(term_order, "MIN_UNSORTED", 1)
        store.write(corpus[2:])
        unsorted, keys = layout(store)
        assert unsorted == 0 and keys == sorted(keys)
        assert _stored_rows(store) == _recomputed(_evidence(store))
        store.rebuild_incidents()
        assert layout(store)[0] == 0
