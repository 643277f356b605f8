"""Summary tables ("cubes"): counts of the facts per combination of a few columns, kept
up to date by every write in the same transaction, so that the pages' aggregates (the
map's groups, the statement timeline, the figures per day, the overview, the filter
choices, articles by number of facts) read thousands of rows instead of a million.

Each `Cube` is a GROUP BY over a fact table (joined to its article where it needs the
outlet or language): its `dims` are the grouping columns, its `measures` the aggregates.
Several cubes summarise the same facts at different detail (with or without the day,
the outlet and language): a query picks the smallest one that has every column its
filters and groups need (`pick`), and reads the facts when none has (a text search, an
actor). Since every measure is a count, a minimum or a maximum, summing, minimising or
maximising a cube's rows over any subset of its dims gives the same answer as the facts.

Writes: `add` folds the facts a transaction inserted into every cube (their delta,
merged into the rows of the same key: `k`, the dims joined into one text, so that
missing values match; PostgreSQL indexes it). On DuckDB (`defer`) the delta is appended
instead, as pending rows (`PENDING` before their key), and merged only once a cube holds
many (`settle`): DuckDB has no index on `k`, so each merge scanned the cube and rewrote
the row groups it touched at the checkpoint, for every write. `rebuild` recomputes a
cube from all facts (migration 0006, bulk loads). Facts are only ever added
(re-ingesting an article stores nothing), so the cubes never need to subtract. Should
two writers ever insert the same new key at once (PostgreSQL), the two rows still add up
to the right answer: every query aggregates, which is also what lets DuckDB's pending
rows sit beside the merged ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dashboard.store.sqlparams import ID_ARRAY, marks

# Runs one statement with `?` placeholders and returns its rows (as migrate.Execute).
Execute = Callable[[str, Sequence[Any]], list[tuple]]

# an event dated to the day and placed at a town by its own sentence (query.facts.EXACT)
EXACT = "(e.time_precision = 'day' AND e.geo_precision = 1 AND e.place_source = 'sentence')"
MONTH = "CAST(date_trunc('month', {}) AS DATE)"
# joins the dims into the merge key; a unit separator cannot occur in a name or number
_SEP = " || chr(31) || "
_MISSING = "'~'"

_EVENTS = "{events} e JOIN {articles} a ON a.id = e.article_id"
_STATEMENTS = "{statements} s JOIN {articles} a ON a.id = s.article_id"


@dataclass(frozen=True)
class Cube:
    """One summary table: `source` (a FROM clause over `{table}` placeholders) grouped by
    `dims` (column, SQL type, expression) with `measures` (column, SQL type, aggregate,
    how a stored value `c.x` and a delta `d.x` merge)."""

    name: str
    table: str  # the fact table whose new rows change it
    source: str
    dims: tuple[tuple[str, str, str], ...]
    measures: tuple[tuple[str, str, str, str], ...]
    where: str = ""

    @property
    def dim_names(self) -> frozenset[str]:
        return frozenset(d[0] for d in self.dims)

    @property
    def columns(self) -> tuple[str, ...]:
        return ("k", *(d[0] for d in self.dims), *(m[0] for m in self.measures))

    def covers(self, needed: Iterable[str]) -> bool:
        """Whether every needed column is a dim (a month is also read from a day)."""
        names = self.dim_names
        return all(n in names or (n == "month" and "date_start" in names) for n in needed)

    @property
    def joins_articles(self) -> bool:
        return self.table != "articles" and "{articles}" in self.source

    def select(self, relations: Mapping[str, str] | None = None) -> str:
        """The cube's rows computed from the facts: the tables themselves, or other
        `relations` standing in for some (the new rows, their articles)."""
        names = {t: t for t in ("articles", "places", "events", "statements")}
        names.update(relations or {})
        key = self.key(expr for _, _, expr in self.dims)
        dims = ", ".join(f"{expr} AS {name}" for name, _, expr in self.dims)
        aggs = ", ".join(f"{agg} AS {name}" for name, _, agg, _ in self.measures)
        where = f" WHERE {self.where}" if self.where else ""
        groups = ", ".join(str(i + 1) for i in range(len(self.dims) + 1))
        source = self.source.format(**names)
        return f"SELECT {key} AS k, {dims}, {aggs} FROM {source}{where} GROUP BY {groups}"

    @staticmethod
    def key(values: Iterable[str]) -> str:
        """The merge key of the dims' `values` (SQL expressions, in the dims' order)."""
        return _SEP.join(f"COALESCE(CAST({v} AS VARCHAR), {_MISSING})" for v in values)

    def ddl(self) -> str:
        cols = [("k", "VARCHAR NOT NULL")]
        cols += [(n, t) for n, t, _ in self.dims] + [(n, t) for n, t, _, _ in self.measures]
        body = ",\n    ".join(f"{n} {t}" for n, t in cols)
        return f"CREATE TABLE {self.name} (\n    {body}\n)"


_N = ("n", "BIGINT NOT NULL", "COUNT(*)", "c.n + d.n")


def _lowest(column: str) -> str:
    return f"CASE WHEN c.{column} IS NULL OR d.{column} < c.{column} THEN d.{column} ELSE c.{column} END"


def _highest(column: str) -> str:
    return f"CASE WHEN c.{column} IS NULL OR d.{column} > c.{column} THEN d.{column} ELSE c.{column} END"


_FIRST = ("first_day", "DATE", "MIN(e.date_start)", _lowest("first_day"))
_LAST = ("last_day", "DATE", "MAX(e.date_start)", _highest("last_day"))
_PLACE = (
    ("type", "VARCHAR", "e.type"),
    ("place", "VARCHAR", "e.place"),
    ("lat", "DOUBLE PRECISION", "e.lat"),
    ("lon", "DOUBLE PRECISION", "e.lon"),
    ("exact", "BOOLEAN", f"COALESCE({EXACT}, FALSE)"),
)
_SOURCE = (("language", "VARCHAR", "a.language"), ("outlet", "VARCHAR", "a.outlet"))
_EVENT_DAY = (("date_start", "DATE", "e.date_start"),)
_STATEMENT_DAY = (("date_start", "DATE", "s.date_start"),)
_STATEMENT_MONTH = (("month", "DATE", MONTH.format("s.date_start")),)
_SPEAKER = (("speaker", "VARCHAR", "s.speaker"), ("side", "VARCHAR", "s.side"))
_STATEMENT_MEASURES = (
    _N,
    (
        "direct",
        "BIGINT NOT NULL",
        "SUM(CASE WHEN s.mode = 'direct' THEN 1 ELSE 0 END)",
        "c.direct + d.direct",
    ),
)
_FIGURE_MEASURES = (
    _N,
    ("low", "BIGINT", 'MIN(e."count")', _lowest("low")),
    ("high", "BIGINT", 'MAX(e."count")', _highest("high")),
)
_COUNTED = 'e."count" IS NOT NULL'


def _per_article(name: str, table: str, alias: str) -> Cube:
    return Cube(
        name,
        table,
        f"{{{table}}} {alias}",
        (("article_id", "VARCHAR", f"{alias}.article_id"),),
        (_N,),
    )


# Smallest first within each family: `pick` takes the first that covers a query. The
# first dims lead the key, so a cube rebuilt in key order is stored by them: the day
# cubes by day, the all-time ones with sources by language and outlet (what their
# PostgreSQL indexes then read as a few runs of pages, not a page per row).
EVENT_CUBES = (
    Cube("sum_event_groups", "events", _EVENTS, _PLACE, (_N, _FIRST, _LAST)),
    Cube("sum_event_sources", "events", _EVENTS, _SOURCE + _PLACE, (_N, _FIRST, _LAST)),
    Cube("sum_event_days", "events", _EVENTS, _EVENT_DAY + _PLACE + _SOURCE, (_N,)),
)
STATEMENT_CUBES = (
    Cube(
        "sum_statement_months",
        "statements",
        _STATEMENTS,
        _STATEMENT_MONTH + _SPEAKER,
        _STATEMENT_MEASURES,
    ),
    Cube(
        "sum_statement_month_sources",
        "statements",
        _STATEMENTS,
        _SOURCE + _STATEMENT_MONTH + _SPEAKER,
        _STATEMENT_MEASURES,
    ),
    Cube(
        "sum_statement_days",
        "statements",
        _STATEMENTS,
        _STATEMENT_DAY + _SPEAKER,
        _STATEMENT_MEASURES,
    ),
    Cube(
        "sum_statement_day_sources",
        "statements",
        _STATEMENTS,
        _STATEMENT_DAY + _SPEAKER + _SOURCE,
        _STATEMENT_MEASURES,
    ),
)
FIGURE_CUBES = (
    Cube(
        "sum_figure_days",
        "events",
        _EVENTS,
        (("type", "VARCHAR", "e.type"), *_EVENT_DAY, ("outlet", "VARCHAR", "a.outlet")),
        _FIGURE_MEASURES,
        _COUNTED,
    ),
    Cube(
        "sum_figure_day_sources",
        "events",
        _EVENTS,
        (
            ("type", "VARCHAR", "e.type"),
            *_EVENT_DAY,
            ("outlet", "VARCHAR", "a.outlet"),
            ("language", "VARCHAR", "a.language"),
            ("place", "VARCHAR", "e.place"),
        ),
        _FIGURE_MEASURES,
        _COUNTED,
    ),
)
ARTICLE_COUNT_CUBES = {
    "places": _per_article("sum_article_places", "places", "p"),
    "events": _per_article("sum_article_events", "events", "e"),
    "statements": _per_article("sum_article_statements", "statements", "s"),
}
OTHER_CUBES = (
    Cube(
        "sum_article_sources",
        "articles",
        "{articles} a",
        (("outlet", "VARCHAR", "a.outlet"), ("language", "VARCHAR", "a.language")),
        (
            _N,
            ("first_day", "DATE", "MIN(a.published)", _lowest("first_day")),
            ("last_day", "DATE", "MAX(a.published)", _highest("last_day")),
        ),
    ),
    Cube("sum_place_names", "places", "{places} p", (("name", "VARCHAR", "p.name"),), (_N,)),
    Cube("sum_event_actors", "events", "{events} e", (("actors", "VARCHAR", "e.actors"),), (_N,)),
)
CUBES: tuple[Cube, ...] = (
    *EVENT_CUBES,
    *STATEMENT_CUBES,
    *FIGURE_CUBES,
    *ARTICLE_COUNT_CUBES.values(),
    *OTHER_CUBES,
)
BY_NAME = {c.name: c for c in CUBES}
SUMMARY_VERSION = 6  # the migration that created them


def pick(family: Sequence[Cube], needed: Iterable[str]) -> Cube | None:
    """The smallest cube of `family` that has every `needed` column, or None."""
    needed = set(needed)
    return next((c for c in family if c.covers(needed)), None)


def rebuild(execute: Execute, cubes: Iterable[Cube] = CUBES, groups: bool = True) -> None:
    """Recompute `cubes` from every fact (after a bulk load, or the migration), in key
    order: new rows merge by key, and on DuckDB a key range then skips most of the
    table (zone maps; a day's key starts with the day, and ingest mostly appends days
    in order). Then, unless `groups` is false (migration 0006, before 0015 made their
    table), the figures per type group and day from the figure cube (`figure_groups`)."""
    from dashboard.store import figure_groups

    cubes = tuple(cubes)
    for cube in cubes:
        execute(f"DELETE FROM {cube.name}", ())
        execute(
            f"INSERT INTO {cube.name} ({', '.join(cube.columns)}) "
            f"SELECT * FROM ({cube.select()}) x ORDER BY k",
            (),
        )
    if groups and BY_NAME["sum_figure_days"] in cubes:
        figure_groups.rebuild(execute)


def _merge(execute: Execute, cube: Cube, relations: Mapping[str, str]) -> None:
    """Add the cube's rows computed from `relations` (new facts) to the stored ones:
    those of a stored key update it, the others are inserted. The update finds the
    stored keys by a join (not an anti-join), so that DuckDB narrows its scan to the new
    keys' range, and returns them: the insert leaves those out of the delta alone rather
    than joining the cube again (a second scan of it: 10-30 ms for each big cube at 1M
    events on DuckDB, a quarter of the summaries' time a batch)."""
    # no DROP IF EXISTS first: the previous merge dropped it, and a failed one aborted
    # the transaction that created it (15 statements fewer a batch; PostgreSQL writes
    # its catalog for each)
    execute(f"CREATE TEMPORARY TABLE _delta AS {cube.select(relations)}", ())
    _merge_delta(execute, cube)


def _merge_delta(execute: Execute, cube: Cube) -> None:
    """Merge the rows of `_delta` (one per key) into the cube's, and drop it."""
    sets = ", ".join(f"{name} = {merge}" for name, _, _, merge in cube.measures)
    updated = execute(
        f"UPDATE {cube.name} AS c SET {sets} FROM _delta d WHERE c.k = d.k RETURNING c.k", ()
    )
    cols = ", ".join(cube.columns)
    execute(
        f"INSERT INTO {cube.name} ({cols}) SELECT {cols} FROM _delta d WHERE d.k NOT IN {ID_ARRAY}",
        ([row[0] for row in updated],),
    )
    execute("DROP TABLE _delta", ())


# DuckDB: a pending row's key is its delta's key after this character, below any a
# dimension starts with (dates, names, ids), so that the pending rows, appended at the end
# of the table, are found by `k < PENDING_END` in the row groups whose zone maps allow it
# (the merge computes their key again from their dims, so that a merged row whose first
# dim began with such a character would only be merged again, as itself)
PENDING = "chr(1)"
PENDING_END = "chr(2)"
# ... and a cube is merged once its pending rows are at least this many and this share of
# its merged ones: few enough that the pages' scans do not notice (they read the pending
# rows too: they sit in the last row groups, and every query aggregates), and the merge
# then costs about what one write's did (a scan of the cube), once per many writes
PENDING_MIN = 4_096
PENDING_SHARE = 1 / 16


def _append(execute: Execute, cube: Cube, relations: Mapping[str, str]) -> None:
    """Append the cube's rows computed from `relations` (new facts) as pending rows."""
    rest = ", ".join(cube.columns[1:])
    execute(
        f"INSERT INTO {cube.name} ({', '.join(cube.columns)}) "
        f"SELECT {PENDING} || k, {rest} FROM ({cube.select(relations)}) x",
        (),
    )


def _pending(cube: Cube) -> str:
    """The cube's pending rows added up per key, as `Cube.select` gives a delta."""
    names = [name for name, _, _ in cube.dims]
    dims = ", ".join(names)
    aggs = []
    for name, _, agg, _ in cube.measures:
        fn = agg.split("(")[0]  # a count or a sum adds up; a minimum or maximum stays one
        aggs.append(f"{'SUM' if fn in ('COUNT', 'SUM') else fn}({name}) AS {name}")
    groups = ", ".join(str(i + 1) for i in range(len(cube.dims) + 1))
    return (
        f"SELECT {cube.key(names)} AS k, {dims}, {', '.join(aggs)} FROM {cube.name} "
        f"WHERE k < {PENDING_END} GROUP BY {groups}"
    )


def settle(execute: Execute, cube: Cube, force: bool = False) -> bool:
    """Merge the cube's pending rows into its merged ones if they are many (or `force`);
    whether it did. The count reads only the row groups that hold pending rows."""
    pending = execute(f"SELECT COUNT(*) FROM {cube.name} WHERE k < {PENDING_END}", ())[0][0]
    if not pending:
        return False
    if not force:
        total = execute(f"SELECT COUNT(*) FROM {cube.name}", ())[0][0]
        if pending < max(PENDING_MIN, (total - pending) * PENDING_SHARE):
            return False
    execute(f"CREATE TEMPORARY TABLE _delta AS {_pending(cube)}", ())
    execute(f"DELETE FROM {cube.name} WHERE k < {PENDING_END}", ())
    _merge_delta(execute, cube)
    return True


_BY_ID = 1_000  # ids per statement of `_by_id`


def _by_id(execute: Execute, name: str, table: str, ids: Sequence[str]) -> None:
    """A temporary table `name` of the rows of `table` with `ids`. By `id IN (?, ...)`:
    DuckDB looks the listed keys up in the primary key's index, where a semi-join with
    the ids (`IN (SELECT UNNEST(?))`) scanned the whole table: at 1M events 40-90 ms for
    the events, 25-80 ms for the places, 20-60 ms for their articles, in each 50-article
    batch, against a few milliseconds (PostgreSQL probes its index either way)."""
    execute(f"DROP TABLE IF EXISTS {name}", ())
    for start in range(0, max(len(ids), 1), _BY_ID):
        part = list(ids[start : start + _BY_ID])
        where = f"id IN ({marks(part)})" if part else "FALSE"
        if start == 0:
            execute(f"CREATE TEMPORARY TABLE {name} AS SELECT * FROM {table} WHERE {where}", part)
        else:
            execute(f"INSERT INTO {name} SELECT * FROM {table} WHERE {where}", part)


def add(execute: Execute, new_ids: Mapping[str, Sequence[str]], defer: bool = False) -> None:
    """Fold the rows a transaction just inserted (ids per table: articles, places,
    events, statements) into every cube. Each table's new rows, and their articles, are
    read once into temporary tables (by key), from which every cube of that table
    computes and merges its delta.

    The facts of articles inserted in the same call (`new_ids["articles"]`: a store's
    `write`) are all new, as `article_counts` relies on too, so their articles have no
    row in the per-article cubes yet: those rows are inserted, not merged (a scan of a
    cube of every article saved, 10-15 ms each at 1M events on DuckDB).

    `defer` (DuckDB): the other cubes' deltas are appended as pending rows, and a cube
    merged only when they are many (`settle`). At 1M events a 50-article batch spent
    0.16-0.3 s merging (the UPDATE scanning the big cubes: `sum_event_days` holds a row
    for nearly every event), and about 0.1 s more at the checkpoint rewriting the row
    groups the updates touched; appending is a few milliseconds a cube."""
    new_articles = set(new_ids.get("articles", ()))
    for table, ids in new_ids.items():
        cubes = [c for c in CUBES if c.table == table]
        if not ids or not cubes:
            continue
        relations = {table: f"_new_{table}"}
        _by_id(execute, relations[table], table, ids)
        per_article = ARTICLE_COUNT_CUBES.get(table)
        owners: list[str] = []
        if any(c.joins_articles for c in cubes) or (per_article and new_articles):
            found = execute(f"SELECT DISTINCT article_id FROM {relations[table]}", ())
            owners = sorted(r[0] for r in found)
        if any(c.joins_articles for c in cubes):
            relations["articles"] = f"_new_{table}_articles"
            _by_id(execute, relations["articles"], "articles", owners)
        fresh = bool(new_articles) and all(a in new_articles for a in owners)
        try:
            for cube in cubes:
                if fresh and cube is per_article:
                    _insert_new(execute, cube, relations)
                elif defer and cube is not per_article:
                    _append(execute, cube, relations)
                    settle(execute, cube)
                else:
                    _merge(execute, cube, relations)
            if table == "events":  # recounted from the merged figure cube
                from dashboard.store import figure_groups

                figure_groups.update(execute, relations[table])
        finally:
            for temp in relations.values():
                execute(f"DROP TABLE IF EXISTS {temp}", ())


def _insert_new(execute: Execute, cube: Cube, relations: Mapping[str, str]) -> None:
    """Insert the cube's rows computed from `relations`, whose keys it does not hold."""
    execute(f"INSERT INTO {cube.name} ({', '.join(cube.columns)}) {cube.select(relations)}", ())


def migration_sql(backend: str) -> str:
    """The CREATE statements of migration 0006 (kept in the migration files; a test
    checks that they match these cubes)."""
    parts = [cube.ddl() + ";" for cube in CUBES]
    if backend == "postgresql":
        for cube in CUBES:
            parts.append(f"CREATE INDEX {cube.name}_k ON {cube.name} (k);")
        parts.extend(f"{ddl};" for ddl in POSTGRES_INDEXES)
    return "\n\n".join(parts) + "\n"


# PostgreSQL indexes for the filters that narrow a big cube (DuckDB's zone maps do this)
POSTGRES_INDEXES = (
    "CREATE INDEX sum_event_days_date ON sum_event_days (date_start)",
    "CREATE INDEX sum_event_sources_language ON sum_event_sources (language)",
    "CREATE INDEX sum_event_sources_outlet ON sum_event_sources (outlet)",
    "CREATE INDEX sum_statement_days_date ON sum_statement_days (date_start)",
    "CREATE INDEX sum_statement_day_sources_date ON sum_statement_day_sources (date_start)",
    "CREATE INDEX sum_statement_month_sources_language ON sum_statement_month_sources (language)",
    "CREATE INDEX sum_statement_month_sources_outlet ON sum_statement_month_sources (outlet)",
    "CREATE INDEX sum_figure_days_type ON sum_figure_days (type, date_start)",
    "CREATE INDEX sum_figure_day_sources_date ON sum_figure_day_sources (date_start)",
    "CREATE INDEX sum_figure_day_sources_place ON sum_figure_day_sources (place)",
    "CREATE INDEX sum_article_events_n ON sum_article_events (n DESC, article_id)",
    "CREATE INDEX sum_article_places_n ON sum_article_places (n DESC, article_id)",
    "CREATE INDEX sum_article_statements_n ON sum_article_statements (n DESC, article_id)",
    "CREATE INDEX sum_article_events_id ON sum_article_events (article_id)",
    "CREATE INDEX sum_article_places_id ON sum_article_places (article_id)",
    "CREATE INDEX sum_article_statements_id ON sum_article_statements (article_id)",
)
