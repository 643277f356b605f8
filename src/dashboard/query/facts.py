"""Tables of events, statements and articles for the pages, each row with its source.

Every fact row carries the article's outlet, title, url and published date, because a
fact on screen is only useful next to the evidence and where it came from.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pandas as pd

from dashboard.query import search
from dashboard.query.filters import Filters, Where
from dashboard.query.overview import to_date
from dashboard.store import Store
from dashboard.store.article_counts import COLUMN as ARTICLE_COUNT
from dashboard.store.schema import ARTICLE_SOURCE
from dashboard.store.sqlparams import marks
from dashboard.store.summaries import ARTICLE_COUNT_CUBES

# EXACT: an event dated to the day and placed at a town or village by its own sentence
# (issue 11): what an analyst keeps when inferred dates and region-level places would
# mislead; defined with the summaries, which count it
from dashboard.store.summaries import EXACT as EXACT

_SOURCE_COLS = "a.outlet, a.title, a.url, a.published, a.language"
_ORDER_LIMIT = " LIMIT ?"
# an event the map can place: both coordinates present and in range (as `split_placed`)
LOCATED = (
    "(e.lat IS NOT NULL AND e.lon IS NOT NULL "
    "AND e.lat BETWEEN -90 AND 90 AND e.lon BETWEEN -180 AND 180)"
)
UNLOCATED = (
    "(e.lat IS NULL OR e.lon IS NULL "
    "OR e.lat NOT BETWEEN -90 AND 90 OR e.lon NOT BETWEEN -180 AND 180)"
)
UNKNOWN_SIDE = "unknown side"
# a statement's side as the Statements page names it: missing or empty -> "unknown side"
SIDE = f"CASE WHEN s.side IS NULL OR s.side = '' THEN '{UNKNOWN_SIDE}' ELSE s.side END"


def _limit(sql: str, params: list, limit: int | None) -> tuple[str, list]:
    if limit is None:
        return sql, params
    return sql + _ORDER_LIMIT, [*params, int(limit)]


def _parse_lists(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """JSON-text list column -> Python lists (empty list for NULL). Each distinct text is
    parsed once (a list holds a few distinct values: languages), each row gets a copy."""
    if column in df.columns:
        values = df[column].tolist()
        parsed = {v: json.loads(v) for v in set(values) if isinstance(v, str) and v}
        df[column] = [list(parsed.get(v, ())) if isinstance(v, str) else [] for v in values]
    return df


def fact_sources_ready(store: Store) -> bool:
    """Whether the events and statements carry their article's outlet, language and
    publication date (migration 0010, `schema.ARTICLE_SOURCE`): a read-only store may
    open a database that no writer has migrated yet, which is then read through the
    articles. Asked of the catalog, as `summary.summaries_ready`."""
    if getattr(store, "_fact_sources_ready", False):
        return True
    df = store.query(
        "SELECT COUNT(*) AS n FROM information_schema.columns "
        "WHERE table_name = ? AND column_name = ?",
        ["statements", ARTICLE_SOURCE[-1]],
    )
    ready = bool(len(df)) and int(df.iloc[0, 0]) > 0
    if ready:  # columns are never dropped: remember it
        store._fact_sources_ready = True  # type: ignore[attr-defined]
    return ready


def article_filter(w: Where, f: Filters, column: str, joined: bool, sourced: bool = False) -> None:
    """Outlet and language filters on the fact's article: on the fact's own copy of them
    when it has one (`sourced`: events and statements from version 10), else on the
    joined `a` when the query joins articles anyway, else as a semi-join, so counts
    need no join at all."""
    if sourced:
        alias = column.split(".")[0]
        w.one_of(f"{alias}.outlet", f.outlets)
        w.one_of(f"{alias}.language", f.languages)
        return
    if joined:
        w.one_of("a.outlet", f.outlets)
        w.one_of("a.language", f.languages)
        return
    inner = Where()
    inner.one_of("outlet", f.outlets)
    inner.one_of("language", f.languages)
    if inner.clauses:
        w.add(f"{column} IN (SELECT id FROM articles{inner.sql})", *inner.params)


def event_where(
    f: Filters, joined: bool = True, located: bool | None = None, sourced: bool = False
) -> Where:
    """The WHERE clause of `events` (alias `e`, articles `a` when `joined`); `located`
    True/False keeps only events the map can / cannot place; `sourced`: the events
    carry their article's outlet and language (`fact_sources_ready`)."""
    w = Where()
    w.between("e.date_start", f.date_from, f.date_to)
    w.one_of("e.type", f.types)
    article_filter(w, f, "e.article_id", joined, sourced)
    w.actors_in("e.actors", f.actors)
    w.one_of("e.place", f.places)
    w.text_in(["e.evidence"], f.text)
    if f.exact:
        w.add(EXACT)
    if located is not None:
        w.add(LOCATED if located else UNLOCATED)
    return w


def _newest_first(
    store: Store,
    select: str,
    table: str,
    w: Where,
    order: str,
    limit: int | None,
    cut: tuple[str, list] | None = None,
    sourced: bool = False,
) -> pd.DataFrame:
    """`SELECT select FROM table JOIN articles a ... w ORDER BY order`, newest first by
    the fact's `date_start`, optionally limited.

    With a limit, the date of the limit-th newest matching fact is found first, in the
    fact table alone (a top-N over one column); then only facts at least that new are
    joined to their articles and sorted, which gives the same rows as sorting every match
    (ties on that date are all kept). The date is passed to the second query as a value,
    not a subquery, so the database can skip the older rows while scanning instead of
    reading every column of every row first. (Facts are only ever added, so a batch
    written between the two queries cannot make the second return fewer or other rows
    than sorting all matches would.) `w` must not use `a` (`joined=False`).

    `cut`, when given, is the query of that date from a day summary (`summary._cut`):
    the same date, from the facts counted per day instead of every matching fact.

    `sourced`: the facts carry their article's outlet, language and publication date
    (`fact_sources_ready`), so the first `limit` of them are picked from the fact table
    alone (its own copy of the article columns in `order`) and only those are joined to
    their articles: PostgreSQL reads them down a date index and looks up `limit`
    articles by key, where sorting the joined rows made it join every fact since the
    cut-off day first. The join also matches the publication date (the same value on
    both sides), so DuckDB skips the row groups of articles published outside the
    listed facts' range (articles are stored roughly in publication order) instead of
    probing every article id."""
    alias = table.split()[-1]
    join = f"FROM {table} JOIN articles a ON a.id = {alias}.article_id"
    if limit is None:
        return store.query(f"SELECT {select} {join}{w.sql} ORDER BY {order}", w.params)
    if cut is None:
        cut = (
            f"SELECT {alias}.date_start AS d FROM {table}{w.sql} "
            f"ORDER BY {alias}.date_start DESC NULLS LAST LIMIT 1 OFFSET ?",
            [*w.params, max(int(limit) - 1, 0)],
        )
    got = store.query(*cut)
    newest = Where(list(w.clauses), list(w.params))
    day = to_date(got.iloc[0, 0]) if len(got) else None
    if day is not None:  # else fewer than `limit` dated matches: all of them qualify
        newest.add(f"{alias}.date_start >= ?", day)
    if sourced:
        own = re.sub(r"\ba\.", f"{alias}.", order)
        # only the columns the list shows and sorts by (DuckDB reads no others)
        used = re.findall(
            rf'\b{alias}\.("?\w+"?)', f"{select}, {own}, {alias}.article_id, {alias}.published"
        )
        cols = ", ".join(f"{alias}.{c}" for c in dict.fromkeys(used))
        top = f"SELECT {cols} FROM {table}{newest.sql} ORDER BY {own} LIMIT ?"
        return store.query(
            f"WITH top AS MATERIALIZED ({top}) SELECT {select} FROM top {alias} "
            f"JOIN articles a ON a.id = {alias}.article_id "
            f"AND a.published IS NOT DISTINCT FROM {alias}.published ORDER BY {order}",
            [*newest.params, int(limit)],
        )
    return store.query(
        f"SELECT {select} {join}{newest.sql} ORDER BY {order} LIMIT ?",
        [*newest.params, int(limit)],
    )


def events(
    store: Store,
    filters: Filters | None = None,
    limit: int | None = None,
    located: bool | None = None,
) -> pd.DataFrame:
    """Events, newest first, each with both precisions (`time_precision`, `geo_precision`,
    `place_source`) and every evidence sentence (`evidence_all`). Uses date (on
    date_start), types, outlets, languages, actors, places (event place), text (evidence)
    and exact (`EXACT`). `located` True/False keeps only the events
    with / without usable coordinates."""
    sourced = fact_sources_ready(store)
    w = event_where(filters or Filters(), joined=False, located=located, sourced=sourced)
    select = (
        'e.id, e.article_id, e.type, e."date", e.date_start, e.date_precision, '
        'e.place, e.lat, e.lon, e.actors, e."count", e.count_qualifier, e.evidence, '
        "e.date_source, e.time_precision, e.geo_precision, e.place_source, e.evidence_all, "
        f"{_SOURCE_COLS}"
    )
    order = "e.date_start DESC NULLS LAST, a.published DESC NULLS LAST, e.id"
    cut = None
    if limit is not None:
        from dashboard.query.summary import event_cut

        cut = event_cut(store, filters or Filters(), located, int(limit))
    df = _newest_first(store, select, "events e", w, order, limit, cut, sourced)
    return _parse_lists(_parse_lists(df, "actors"), "evidence_all")


def statement_where(
    f: Filters, sides: Sequence[str] = (), joined: bool = True, sourced: bool = False
) -> Where:
    """The WHERE clause of `statements` (alias `s`, articles `a` when `joined`); `sides`
    as the page names them (`SIDE`); `sourced` as `event_where`."""
    w = Where()
    w.between("s.date_start", f.date_from, f.date_to)
    article_filter(w, f, "s.article_id", joined, sourced)
    w.one_of("s.speaker", f.speakers)
    if f.places:
        holes = marks(f.places)
        w.add(f"s.article_id IN (SELECT article_id FROM places WHERE name IN ({holes}))", *f.places)
    w.text_in(["s.evidence", "s.quote"], f.text)
    w.one_of(SIDE, sides)
    return w


def statements(
    store: Store,
    filters: Filters | None = None,
    limit: int | None = None,
    sides: Sequence[str] = (),
) -> pd.DataFrame:
    """Statements, newest first. Uses date (on date_start), outlets, languages, speakers,
    places (article mentions the place) and text (evidence or quote); `sides` keeps the
    statements of those sides (missing sides are "unknown side")."""
    sourced = fact_sources_ready(store)
    w = statement_where(filters or Filters(), sides, joined=False, sourced=sourced)
    select = (
        's.id, s.article_id, s.speaker, s.speaker_role, s.side, s."date", '
        f"s.date_start, s.quote, s.mode, s.evidence, {_SOURCE_COLS}"
    )
    order = "s.date_start DESC NULLS LAST, a.published DESC NULLS LAST, s.id"
    cut = None
    if limit is not None:
        from dashboard.query.summary import statement_cut

        cut = statement_cut(store, filters or Filters(), sides, int(limit))
    return _newest_first(store, select, "statements s", w, order, limit, cut, sourced)


_ARTICLE_COLS = (
    "a.id, a.source, a.title, a.outlet, a.published, a.language, a.languages, a.url, a.ingested_at"
)
_ARTICLE_ORDER = "a.published DESC NULLS LAST, a.ingested_at DESC, a.id"
COUNT_COLUMNS = ("places", "events", "statements")
# columns an article list can be sorted by; text columns compare case-folded
SORTABLE = {"published": "a.published", "outlet": "LOWER(a.outlet)", "title": "LOWER(a.title)"}
# best match first: only with a text search (`query.search`), and only as the first key
RELEVANCE = "score"
SORTABLE.update({c: c for c in COUNT_COLUMNS})  # the counts' names in the list


def _counts(store: Store) -> str:
    """SELECT expressions of each listed article's (`a`) fact counts: read from its row
    (store.article_counts), or, in a database no writer has migrated to that version yet
    (a read-only store may open one), counted from the facts."""
    if counts_ready(store):
        kept = (f"a.{ARTICLE_COUNT[c]}" for c in COUNT_COLUMNS)
    else:
        kept = (f"(SELECT COUNT(*) FROM {c} f WHERE f.article_id = a.id)" for c in COUNT_COLUMNS)
    return ", ".join(
        f"CAST({expr} AS BIGINT) AS {c}" for expr, c in zip(kept, COUNT_COLUMNS, strict=True)
    )


def counts_ready(store: Store) -> bool:
    """Whether the articles hold their fact counts, and the search its word pairs (both
    migration 0011). Asked of the catalog, as `summary.summaries_ready`, and remembered
    once true (never dropped)."""
    if getattr(store, "_counts_ready", False):
        return True
    df = store.query(
        "SELECT COUNT(*) AS n FROM information_schema.columns "
        "WHERE table_name = 'articles' AND column_name = ?",
        [ARTICLE_COUNT[COUNT_COLUMNS[-1]]],
    )
    ready = bool(len(df)) and int(df.iloc[0, 0]) > 0
    if ready:
        store._counts_ready = True  # type: ignore[attr-defined]
    return ready


def article_where(f: Filters, pairs: bool = True) -> Where:
    """The WHERE clause of `articles` (alias `a`); the text is an article search (`pairs`:
    whether the search holds word pairs, see `counts_ready`)."""
    w = Where()
    w.between("a.published", f.date_from, f.date_to)
    w.one_of("a.outlet", f.outlets)
    w.one_of("a.language", f.languages)
    found = search.parse(f.text, pairs)
    if found is not None:
        sql, params = found.matches()
        w.add(f"a.id IN (SELECT article_id FROM ({sql}) m)", *params)
    for column, table, values in (
        ("type", "events", f.types),
        ("speaker", "statements", f.speakers),
        ("name", "places", f.places),
    ):
        if values:
            holes = marks(values)
            w.add(f"a.id IN (SELECT article_id FROM {table} WHERE {column} IN ({holes}))", *values)
    if f.actors:
        inner = Where()
        inner.actors_in("actors", f.actors)
        w.add(f"a.id IN (SELECT article_id FROM events{inner.sql})", *inner.params)
    return w


def _order_sql(order: Sequence[tuple[str, bool]], prefix: str) -> str:
    """ORDER BY terms for (column, ascending) pairs (missing values last), then the
    list's own order, so ties keep it, as a stable sort of the default list would."""
    terms = []
    for column, ascending in order:
        if column not in SORTABLE:
            raise ValueError(f"cannot sort articles by {column!r}")
        expr = SORTABLE[column].replace("a.", prefix)
        terms.append(f"{expr} {'ASC' if ascending else 'DESC'} NULLS LAST")
    return ", ".join([*terms, _ARTICLE_ORDER.replace("a.", prefix)])


def articles(
    store: Store,
    filters: Filters | None = None,
    limit: int | None = None,
    order: Sequence[tuple[str, bool]] = (),
) -> pd.DataFrame:
    """Articles, newest first, with fact counts. Uses date (on published), outlets,
    languages, text (an article search, see `query.search`), and keeps articles having an event of `types`, an
    event with `actors`, a statement by `speakers` or a mention of `places`.

    `order` sorts first by (column, ascending) pairs of `SORTABLE` (ties keep the newest
    first order). With a `limit` and no count in `order`, the facts are counted only for
    the articles returned, so the first rows of a long list cost little. With a `limit`,
    no filters and the most facts of one kind first, the limit-th highest count is found
    first and only the articles with at least that many are listed (the same rows).

    With a search, the list is best matches first (`order` empty or `RELEVANCE` first)
    with a `score`, and a limited list has each article's `match`ing sentence."""
    ready = counts_ready(store)
    w = article_where(filters or Filters(), ready)
    found = search.parse((filters or Filters()).text, ready)
    if found is None:
        order = tuple(o for o in order if o[0] != RELEVANCE)
    elif not order or order[0][0] == RELEVANCE:
        return _ranked(store, filters or Filters(), found, limit)
    by_count = any(c in COUNT_COLUMNS for c, _ in order)
    most_first = bool(order) and order[0][0] in COUNT_COLUMNS and not order[0][1]
    if limit is not None and most_first and not w.clauses:  # filtered: costs more than saves
        w = _most_facts(store, w, order[0][0], int(limit))

    def first(where: Where) -> pd.DataFrame:
        sql, params = _limit(
            f"SELECT {_ARTICLE_COLS}, {_counts(store)} FROM articles a{where.sql} "
            f"ORDER BY {_order_sql(order, 'a.')}",
            list(where.params),
            limit,
        )
        return _parse_lists(store.query(sql, params), "languages")

    if limit is not None and not by_count:
        f = filters or Filters()
        if found is not None:
            return _with_sentences(store, first(w), found)
        # worth it when a filter costs per row: a look into the facts
        costly = any((f.types, f.speakers, f.places, f.actors))
        if costly and (not order or order[0] == ("published", False)):
            scale = WINDOW
            for _ in range(2):  # once more, wider, when the filters keep too few
                window = _newest_window(store, f, int(limit), scale)
                if window is None:
                    break
                newest = Where(list(w.clauses), list(w.params))
                newest.add("a.published >= ?", window)
                df = first(newest)
                if len(df) >= limit:
                    return df
                # wide enough if the share of matches holds, and a quarter more
                scale = math.ceil(scale * limit / max(len(df), 1) * 1.25)
    df = first(w)
    return _with_sentences(store, df, found) if found and limit is not None else df


# Newest-first lists with a limit look at the WINDOW × limit newest articles first.
WINDOW = 4


def _newest_window(store: Store, f: Filters, limit: int, scale: int | None = None) -> date | None:
    """The publication date of the scale × limit-th newest article (WINDOW × limit by
    default) in the date range of `f`, or None if there are not that many dated ones.

    When the articles at least that new hold `limit` matches, those are the first of
    the whole list (every other article is older or undated, so sorts after them), and
    the database need not apply the other filters (a look into the facts) to the rest.
    When they hold fewer (a place named in one article in ten), `articles` tries once
    more with a window wider by the share of matches it found, before the whole list.
    Passed as a value, the date lets the scan skip older row groups; a top-N alone
    reads them in whatever order its threads pick. Only used with filters that cost per
    row: for plain column filters the window's extra query is not repaid. (A search
    needs no window: its matches come from the search tables, see `query.search`.)"""
    w = Where()
    w.between("a.published", f.date_from, f.date_to)
    df = store.query(
        f"SELECT a.published AS d FROM articles a{w.sql} "
        "ORDER BY a.published DESC NULLS LAST LIMIT 1 OFFSET ?",
        [*w.params, max((scale or WINDOW) * limit - 1, 0)],
    )
    return to_date(df.iloc[0, 0]) if len(df) else None


def _most_facts(store: Store, w: Where, table: str, limit: int) -> Where:
    """`w` (no filters) narrowed to the articles that can be among the `limit` with the
    most `table` facts: those with at least as many as the limit-th highest count (ties
    all kept). Unchanged when fewer than `limit` articles have any: articles without
    such facts then make the list too."""
    from dashboard.query.summary import summaries_ready

    if summaries_ready(store):  # one row per article with its count (summaries.add)
        counted = f"SELECT article_id, n FROM {ARTICLE_COUNT_CUBES[table].name}"
    else:
        counted = f"SELECT article_id, COUNT(*) AS n FROM {table} GROUP BY article_id"
    cut = store.query(
        f"SELECT n FROM ({counted}) c ORDER BY n DESC LIMIT 1 OFFSET ?",
        [*w.params, max(limit - 1, 0)],
    )
    if cut.empty:
        return w
    narrowed = Where(list(w.clauses), list(w.params))
    narrowed.add(
        f"a.id IN (SELECT article_id FROM ({counted}) c WHERE n >= ?)", int(cut.iloc[0, 0])
    )
    return narrowed


def _search_parts(f: Filters, found: search.Search) -> tuple[str, list, Where]:
    """A search's matches (in their date range) and the article filters left to apply."""
    sql, params = found.matches(f.date_from, f.date_to)
    return sql, params, article_where(replace(f, text=None, date_from=None, date_to=None))


# a search's order: best matches first, the newest first among equals
_RANK = "m.score DESC, m.published DESC NULLS LAST, m.article_id"


def _ranked(store: Store, f: Filters, found: search.Search, limit: int | None) -> pd.DataFrame:
    """`articles` of a search, best matches first (see `query.search`), with `score` and
    the `match`ing sentence of each. Without other filters than dates, the best `limit`
    matches are picked from the search tables alone (on PostgreSQL: from the index; on
    DuckDB: the word's rows, kept together by `store.term_order`) and only then are
    those articles read, by id. Only a limited list gets sentences (not the downloads:
    folding every body of a common word's matches would take minutes)."""
    sql, params, rest = _search_parts(f, found)
    if limit is not None and not rest.clauses:
        if found.unsettled:
            return _parse_lists(_best_checked(store, f, found, int(limit)), "languages")
        best = store.query(
            f"SELECT m.article_id, m.score FROM ({sql}) m ORDER BY {_RANK} LIMIT ?",
            [*params, int(limit)],
        )
        return _parse_lists(_best_articles(store, best, found), "languages")
    top = (
        f"SELECT {_ARTICLE_COLS}, m.score, {_counts(store)} FROM ({sql}) m "
        f"JOIN articles a ON a.id = m.article_id{rest.sql} ORDER BY {_RANK}"
    )
    df = store.query(*_limit(top, [*params, *rest.params], limit))
    df["score"] = df["score"].astype("int64")
    if limit is not None:
        df = _with_sentences(store, df, found)
    return _parse_lists(df, "languages")


def _best_checked(store: Store, f: Filters, found: search.Search, limit: int) -> pd.DataFrame:
    """`_best_articles` of a search with phrases of three words or more, which the keys
    alone do not settle: the candidates (every article holding all the phrases' word
    pairs) are taken best first, a little more than `limit` at a time, and each is
    checked in its own text as it is read for its sentence, until `limit` have passed.
    The same rows as checking every candidate first (`search.matches`), which reads the
    words of tens of thousands of articles for a common phrase (0.5-1.3 s at 1M events)
    where a list shows a thousand."""
    sql, params = found.matches(f.date_from, f.date_to, verify=False)
    chunk = limit + limit // 4 + 1
    kept: list[pd.DataFrame] = []
    offset = have = 0
    while have < limit:
        best = store.query(
            f"SELECT m.article_id, m.score FROM ({sql}) m ORDER BY {_RANK} LIMIT ? OFFSET ?",
            [*params, chunk, offset],
        )
        got = _best_articles(store, best, found, checked=True)
        kept.append(got)
        have += len(got)
        if len(best) < chunk:
            break
        offset += chunk
    return pd.concat(kept, ignore_index=True).head(limit)


# the ids of a list, as a table: joining an array costs DuckDB less than planning a long
# IN list, and PostgreSQL plans it as well
_IDS = "SELECT UNNEST(CAST(? AS VARCHAR[])) AS id"


def _best_articles(
    store: Store, best: pd.DataFrame, found: search.Search, checked: bool = False
) -> pd.DataFrame:
    """The articles of `best` (article_id, score; best first), in that order, with their
    fact counts, `score` and `match`ing sentence: one query reads them (and their
    bodies, for the sentences) by id. `checked`: keep only those holding the search's
    long phrases (`search.Search.holds_phrases`)."""
    ids = best["article_id"].tolist()
    got = store.query(
        f"SELECT {_ARTICLE_COLS}, a.body, {_counts(store)} FROM articles a "
        f"JOIN ({_IDS}) w ON w.id = a.id",
        [ids],
    )
    if checked:
        holds = [found.holds_phrases(t, b) for t, b in zip(got["title"], got["body"], strict=True)]
        got = got[pd.Series(holds, index=got.index, dtype=bool)]
    score = dict(zip(ids, best["score"].astype("int64"), strict=True))
    present = set(got["id"])
    got = got.set_index("id").loc[[i for i in ids if i in present]].reset_index()
    got.insert(len(got.columns) - 4, "score", [score[i] for i in got["id"]])
    got.insert(3, "match", search.with_sentences(got.pop("body").tolist(), found))
    return got


# the article columns a search list reads (`_best_articles`)
_SEARCH_COLUMNS = (*(c.removeprefix("a.") for c in _ARTICLE_COLS.split(", ")), "body")


def read_ahead_search(store: Store) -> None:
    """Have the store read, in the background, what a search list reads of its articles
    (`_best_articles`), so that a search soon after finds it cached (`Store.read_ahead`:
    DuckDB, whose cache is gone each time the connection was let go). The best 1,001
    matches of a word are spread over the whole table: their bodies are in almost every
    block of the column, read cold from disk when the kernel has evicted the idle file
    (a first search at 1M events took 55-270 ms instead of 25). Reading it all ahead
    costs about 100 ms of CPU once per connection, between the pages' queries, and the
    memory one search would take."""
    store.read_ahead("articles", _SEARCH_COLUMNS)


def _with_sentences(store: Store, df: pd.DataFrame, found: search.Search) -> pd.DataFrame:
    """`df` (articles of a search) with each one's `match`ing sentence. The bodies are
    read by joining an array of the ids: with the ids as a long IN list, DuckDB spends
    more time planning than reading, and a join in the list query itself would read
    every matching article's body."""
    ids = df["id"].tolist()
    got = store.query(f"SELECT a.id, a.body FROM articles a JOIN ({_IDS}) w ON w.id = a.id", [ids])
    bodies = dict(zip(got["id"], got["body"], strict=True))
    df.insert(3, "match", search.with_sentences([bodies.get(i) for i in ids], found))
    return df


def count_articles(store: Store, filters: Filters | None = None) -> int:
    """How many articles `articles` would list."""
    f = filters or Filters()
    found = search.parse(f.text, counts_ready(store))
    if found is not None:
        sql, params, rest = _search_parts(f, found)
        join = f" JOIN articles a ON a.id = m.article_id{rest.sql}" if rest.clauses else ""
        return _scalar(store, f"SELECT COUNT(*) AS n FROM ({sql}) m{join}", [*params, *rest.params])
    keyed = _one_fact_filter(f) or _by_source(store, f)
    if keyed is not None:
        return _scalar(store, *keyed)
    w = article_where(f)
    return _scalar(store, f"SELECT COUNT(*) AS n FROM articles a{w.sql}", w.params)


def _one_fact_filter(f: Filters) -> tuple[str, list] | None:
    """How many articles have a fact of `f`'s one fact filter (types, speakers or places,
    nothing else), counted in the fact table alone: every fact belongs to a stored
    article, so its distinct article ids are the articles. PostgreSQL reads them from an
    index on (filter column, article_id) in article order (migration 0008), where the
    semi-join into `articles` hashed every article id. None when other filters apply."""
    if any((f.date_from, f.date_to, f.outlets, f.languages, f.actors)) or (
        f.text and f.text.strip()
    ):
        return None
    given = [
        (table, column, values)
        for table, column, values in (
            ("events", "type", f.types),
            ("statements", "speaker", f.speakers),
            ("places", "name", f.places),
        )
        if values
    ]
    if len(given) != 1:
        return None
    table, column, values = given[0]
    holes = marks(values)
    return (
        f"SELECT COUNT(*) AS n FROM (SELECT DISTINCT article_id FROM {table} "
        f"WHERE {column} IN ({holes})) t",
        list(values),
    )


def _by_source(store: Store, f: Filters) -> tuple[str, list] | None:
    """How many articles there are of `f`'s outlets and languages (no other filter), read
    from the articles counted per outlet and language (`sum_article_sources`: a few
    hundred rows) instead of every article row. None when other filters apply or the
    database has no summaries."""
    from dashboard.query.summary import summaries_ready

    others = (f.date_from, f.date_to, f.types, f.actors, f.places, f.speakers)
    if any(others) or (f.text and f.text.strip()) or not summaries_ready(store):
        return None
    w = Where()
    w.one_of("outlet", f.outlets)
    w.one_of("language", f.languages)
    return (
        f"SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM sum_article_sources{w.sql}",
        w.params,
    )


def _scalar(store: Store, sql: str, params: Sequence) -> int:
    df = store.query(sql, list(params))
    return int(df.iloc[0, 0]) if len(df) else 0


def recent_articles(store: Store, limit: int = 10) -> pd.DataFrame:
    """The `limit` most recently published articles (undated ones last)."""
    return articles(store, None, limit)


def article(store: Store, article_id: str) -> dict | None:
    """One article with its body, for an evidence view; None if unknown."""
    df = store.query(
        "SELECT id, source, title, outlet, published, language, languages, body, url "
        "FROM articles WHERE id = ?",
        [article_id],
    )
    if df.empty:
        return None
    row = df.iloc[0].to_dict()
    row["languages"] = json.loads(row["languages"]) if row.get("languages") else []
    return row
