"""The words of each incident's evidence, for the Incidents page's search (migration 0018).

The page's text box used to be a case-folded substring test on every report's evidence
(`LOWER(e.evidence) LIKE '%lachin%'` over a million events: 150-230 ms on DuckDB, 310 ms
on PostgreSQL even with a trigram index), twice per view. It now searches like the
Articles page: whole words and "quoted phrases", case and accents ignored in every
script, folded by the same code (`store.terms`, `query.search`), so that a search finds
its incidents by the keys of its words instead of reading every sentence.

An incident is the searched document: `incident_terms` holds, once per incident, the key
of every word and of every pair of consecutive words of any of its reports' evidence
(pairs within one report's sentence, never across two), and `incident_words` its folded
words in order, the reports' sentences separated by `REPORT_END`, for the phrases of
three words or more that the pairs do not settle (as `article_words` does for articles).
So "Lachin shelling" finds an incident one report of which names Lachin and another the
shelling; "\"Lachin corridor\"" only one whose report says so.

Kept with the incidents they describe, in the same transaction (`incidents.derived`): a
rebuild writes every incident's rows, in key order (DuckDB skips the row groups of other
keys by their zone maps, as for `article_terms`; PostgreSQL has a B-tree), and an
incremental attach deletes the rows of the incidents it replaces and writes those of the
incidents it made, and adds to an incident it grew in place the keys its new sentences
bring and merges them into its words (`grow`: which is why the sentences of
`incident_words` are in sorted order, not the reports'). On DuckDB those appended rows form an unsorted tail that every search
scans (a whole table out of order: 35-55 ms per search at 1M events); `LAYOUT` counts
them, and once they are many the DuckDB store puts the tail in key order
(`keep_sorted`, with `store.term_order`'s thresholds and code). Folding is Python (the same function on both backends), which is why
a migration's post step fills the tables (`store.migrate`), not its SQL.

Key order spreads an incident's rows over the whole table, so the attach's delete finds
them by a scan on DuckDB (PostgreSQL reads its B-trees on the ids): since migration 0019
both DuckDB tables carry `KEY`, a 64-bit number of the incident id (`incident_key`), and
the delete tests that instead of the id, several times faster (an ART index on the id
cost more at commit than the scan it saved: see the migration).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

from dashboard.store import term_order
from dashboard.store.schema import COLUMNS
from dashboard.store.sqlparams import ID_ARRAY
from dashboard.store.terms import TITLE_END, pair_key, term_key, word_text, words

TABLES = ("incident_terms", "incident_words")
# DuckDB only (migration 0018): the rows appended since the table was last in key order
LAYOUT = "incident_terms_layout"
ORDER = "term_key, incident_id"
VERSION = 18  # the migration that made them
# DuckDB only (migration 0019): `incident_key(incident_id)` on every row of both tables
KEY = "incident_key"
KEY_VERSION = 19
_KEY_MASK = (1 << 63) - 1
# the same number in DuckDB's SQL (migration 0019; the store's insert of rows without it)
KEY_SQL = "CAST(md5_number_upper(incident_id) & 9223372036854775807 AS BIGINT)"
# between two reports' words in `incident_words`: never part of a word, so a phrase
# never runs from one report's sentence into the next
REPORT_END = TITLE_END
EVIDENCE_SQL = (
    "SELECT r.incident_id, e.evidence FROM incident_reports r JOIN events e ON e.id = r.event_id"
)
# the same order everywhere, so that an incident's words read the same after an attach
# as after a rebuild
_BY = "ORDER BY r.incident_id, r.event_id"
_BATCH = 200_000  # rows per insert
_CACHE_MAX = 1_000_000  # folded words and pairs whose keys are remembered during a write


class Tx(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...


def incident_key(incident_id: str) -> int:
    """The `KEY` of an incident id: the first 8 bytes of its MD5, little-endian, top bit
    cleared, which is what migration 0019 computes in SQL (DuckDB's `md5_number_upper`):
    a BIGINT that DuckDB tests several times faster than a VARCHAR id."""
    digest = hashlib.md5(incident_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "little") & _KEY_MASK


def keyed(tx: Tx) -> bool:
    """Whether the tables carry `KEY`. A store's transaction says so itself
    (`search_keyed`: DuckDB's schema is always the newest and has it, PostgreSQL's has
    none); a migration's plain transaction asks the catalog (a database held back before
    version 19 has no such column)."""
    said = getattr(tx, "search_keyed", None)
    if said is not None:
        return bool(said)
    found = tx.rows(
        "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
        ["incident_terms", KEY],
    )
    return bool(found[0][0])


def delete(tx: Tx, incident_ids: Sequence[str]) -> None:
    """The rows of incidents about to be replaced (an attach's `derived.delete_sources`):
    by `KEY` where the tables have it (DuckDB), else by id (PostgreSQL's B-trees)."""
    if not incident_ids:
        return
    by_key = keyed(tx)
    # one array parameter (DuckDB binds an `IN (?, ...)` of hundreds slowly: 0.18 against
    # 0.11 s for the 500 incidents of a 1M-event batch)
    values: list[Any] = sorted({incident_key(i) for i in incident_ids} if by_key else incident_ids)
    column, kind = (KEY, "BIGINT") if by_key else ("incident_id", "VARCHAR")
    for table in TABLES:
        tx.execute(
            f"DELETE FROM {table} WHERE {column} IN (SELECT UNNEST(CAST(? AS {kind}[])))", [values]
        )


def rebuild(tx: Tx) -> None:
    """Every incident's rows, the old ones deleted."""
    for table in TABLES:
        tx.execute(f"DELETE FROM {table}")
    _write(tx, tx.rows(f"{EVIDENCE_SQL} {_BY}"))
    if _has_layout(tx):  # written in key order
        tx.execute(f"UPDATE {LAYOUT} SET unsorted_rows = 0")


def update(tx: Tx, found: list[tuple]) -> None:
    """The rows of incidents an attach just wrote (their old rows deleted), from `found`:
    (incident_id, evidence) of each of their reports, in `_BY`'s order (the attach read
    them with the rows it makes, `derived._Facts.evidence`)."""
    added = _write(tx, found)
    if added and _has_layout(tx):
        tx.execute(f"UPDATE {LAYOUT} SET unsorted_rows = unsorted_rows + ?", [added])


def _has_layout(tx: Tx) -> bool:
    found = tx.rows("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ?", [LAYOUT])
    return bool(found[0][0])


def keep_sorted(con: term_order.Connection) -> bool:
    """On DuckDB, in the writer's transaction: put the appended tail of `incident_terms`
    in key order once `term_order.needs_sorting` says so for its size (the article
    search's thresholds); whether it did (not before migration 0018: a test may hold a
    database back at an older version)."""
    found = con.execute(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ?", [LAYOUT]
    ).fetchone()
    if not found[0]:
        return False
    unsorted = con.execute(f"SELECT unsorted_rows FROM {LAYOUT}").fetchone()[0]
    total = con.execute("SELECT COUNT(*) FROM incident_terms").fetchone()[0]
    if not term_order.needs_sorting(unsorted, total):
        return False
    columns = ", ".join((*COLUMNS["incident_terms"], KEY))
    term_order.sort_tail(con, min(unsorted, total), "incident_terms", columns, ORDER, LAYOUT)
    return True


def _write(tx: Tx, found: list[tuple]) -> int:
    """Insert the rows of the incidents in `found` ((incident_id, evidence), by incident,
    then event): the terms in (key, incident) order, which DuckDB keeps as written; how
    many terms.
    Hand-written, because a rebuild folds a
    million sentences: keys are remembered across incidents (a word recurs in thousands)
    and held in NumPy arrays, tens of millions of rows sorted at once."""
    ids: list[str] = []
    texts: list[tuple[str, str]] = []
    keys: list[int] = []
    owners: list[int] = []
    cache: dict[Any, int] = {}
    for incident_id, group in groupby(found, key=itemgetter(0)):
        distinct: set[Any] = set()
        sentences: list[list[str]] = []
        for _, text in group:
            found_words = words(text)
            if not found_words:
                continue
            distinct.update(found_words)
            distinct.update(zip(found_words, found_words[1:], strict=False))
            sentences.append(found_words)
        owner = len(ids)
        ids.append(incident_id)
        texts.append((incident_id, _word_row(sentences)))
        if len(cache) > _CACHE_MAX:
            cache.clear()
        for term in distinct:
            key = cache.get(term)
            if key is None:
                key = term_key(term) if isinstance(term, str) else pair_key(*term)
                cache[term] = key
            keys.append(key)
        owners.extend([owner] * len(distinct))
    if not ids:
        return 0
    key_array = np.array(keys, dtype=np.int64)
    owner_array = np.array(owners, dtype=np.int64)
    order = np.lexsort((owner_array, key_array))
    key_array, owner_array = key_array[order], owner_array[order]
    if getattr(tx, "pack", None) is not None:  # DuckDB: one Arrow table, no Python rows
        owner_column = pa.array(owner_array)
        own = pa.array([incident_key(i) for i in ids], type=pa.int64())
        table = pa.table(
            {
                "term_key": pa.array(key_array),
                "incident_id": pa.array(ids, type=pa.string()).take(owner_column),
                KEY: own.take(owner_column),
            }
        )
        tx.insert("incident_terms", (*COLUMNS["incident_terms"], KEY), table)  # type: ignore[attr-defined]
        text_table = pa.table(
            {
                "incident_id": pa.array([i for i, _ in texts], type=pa.string()),
                "words": pa.array([w for _, w in texts], type=pa.string()),
                KEY: own,
            }
        )
        tx.insert("incident_words", (*COLUMNS["incident_words"], KEY), text_table)  # type: ignore[attr-defined]
        return len(key_array)
    by_key = keyed(tx)
    for start in range(0, len(owner_array), _BATCH):
        part_keys = key_array[start : start + _BATCH].tolist()
        part_ids = [ids[i] for i in owner_array[start : start + _BATCH].tolist()]
        _insert(tx, "incident_terms", list(zip(part_keys, part_ids, strict=True)), by_key)
    for start in range(0, len(texts), _BATCH):
        _insert(tx, "incident_words", texts[start : start + _BATCH], by_key)
    return len(key_array)


def _word_row(sentences: list[list[str]]) -> str:
    """An incident's `incident_words` text: its reports' folded sentences in sorted order
    (not the reports' order: so an incident grown in place merges its new sentences
    into the text it has, without reading its reports again), `REPORT_END` between."""
    return _joined(sorted(" ".join(sentence) for sentence in sentences))


def _joined(lines: list[str]) -> str:
    """`word_text` of sentences given as their words joined by spaces, in order. (Sorting
    those strings sorts the sentences as lists of words: a space sorts before every
    character a word has.)"""
    return word_text([f" {REPORT_END} ".join(lines)] if lines else [])


def _lines(text: str) -> list[str]:
    """The sentences of an `incident_words` text, each its words joined by spaces."""
    inner = text.strip()
    return inner.split(f" {REPORT_END} ") if inner else []


def grow(tx: Tx, grown: Mapping[str, Sequence[str]], evidence: Mapping[str, str]) -> int:
    """Add to the rows of stored incidents (id -> the event ids of the reports they
    gained, linked) those of their new reports' evidence (`evidence`, by event id, as the
    attach read it): the keys of words and pairs each lacks, and
    the new sentences merged into its words; how many keys were added. What an incident
    has is read from its `incident_words` row (every word and pair of its sentences is
    there), not from its reports."""
    ids = sorted(grown)
    owner = {e: i for i in ids for e in grown[i]}
    fresh: dict[str, list[list[str]]] = {i: [] for i in ids}
    for event_id, text in [(e, evidence[e]) for e in sorted(owner) if e in evidence]:
        found = words(text)
        if found:
            fresh[owner[event_id]].append(found)
    ids = [i for i in ids if fresh[i]]
    if not ids:
        return 0
    stored = dict(
        tx.rows(
            f"SELECT incident_id, words FROM incident_words WHERE incident_id IN {ID_ARRAY}", [ids]
        )
    )
    keys: list[tuple[int, str]] = []
    texts: list[tuple[str, str]] = []
    for incident_id in ids:
        text = stored.get(incident_id, " ")
        keys += [(k, incident_id) for k in _lacking(text, fresh[incident_id])]
        lines = _lines(text) + [" ".join(sentence) for sentence in fresh[incident_id]]
        texts.append((incident_id, _joined(sorted(lines))))
    tx.execute(f"DELETE FROM incident_words WHERE incident_id IN {ID_ARRAY}", [ids])
    by_key = keyed(tx)
    _insert(tx, "incident_words", texts, by_key)
    if keys:
        _insert(tx, "incident_terms", sorted(keys), by_key)
        if _has_layout(tx):
            tx.execute(f"UPDATE {LAYOUT} SET unsorted_rows = unsorted_rows + ?", [len(keys)])
    return len(keys)


def _lacking(text: str, fresh: list[list[str]]) -> list[int]:
    """The keys of the words and pairs of `fresh` sentences that an incident whose
    `incident_words` is `text` lacks: a word or pair it has is in its text with a space
    either side (a pair never spans two sentences: `REPORT_END` lies between).

    Each word is a substring test, not a set of the text's words: a grown giant's text
    is 1.4 MB at 1M events, whose split cost 17 ms a call, where a word it has is found
    in its first lines and one it lacks costs a scan of about 2 ms (a batch's new
    sentences mostly repeat its words: 20 ms instead of 70-120 ms for the grown
    incidents of two bench batches). A pair of a lacking word is lacking unread."""
    found = {w for sentence in fresh for w in sentence}
    pairs = {p for sentence in fresh for p in zip(sentence, sentence[1:], strict=False)}
    absent = {w for w in found if f" {w} " not in text}
    keys = [term_key(w) for w in absent]
    keys += [
        pair_key(a, b) for a, b in pairs if a in absent or b in absent or f" {a} {b} " not in text
    ]
    return keys


def _insert(tx: Tx, table: str, rows: list[tuple], by_key: bool) -> None:
    """The store's bulk insert when it has one (COPY on PostgreSQL), else (a migration's
    plain `execute`) the rows as arrays, with their `KEY` where the table has it."""
    insert = getattr(tx, "insert", None)
    columns = COLUMNS[table]
    if insert is not None:
        insert(table, columns, rows)
        return
    types = ("BIGINT", "VARCHAR") if table == "incident_terms" else ("VARCHAR", "VARCHAR")
    if by_key:
        at = columns.index("incident_id")
        rows = [(*row, incident_key(row[at])) for row in rows]
        columns, types = (*columns, KEY), (*types, "BIGINT")
    select = ", ".join(f"UNNEST(CAST(? AS {t}[]))" for t in types)
    tx.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select}",
        [list(column) for column in zip(*rows, strict=True)],
    )
