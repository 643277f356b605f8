"""The reported figures per type group and day (migration 0015): what the Evacuations
page's daily range needs (the day's figures, lowest and highest, and how many outlets
gave one), so that its default view reads a few thousand rows instead of the tens of
thousands of (type, day, outlet) rows of `sum_figure_days`.

Unlike the cubes of `summaries`, the outlet count is not additive: an outlet that gave an
evacuation and a displacement figure on one day counts once for "people", so a group's
row cannot be the sum of its types' rows, and a new fact cannot be merged in by adding.
Each row is therefore recomputed from `sum_figure_days` (which holds every outlet's
figures per type and day): all of them by `rebuild`, those of the days a write touched
by `update` (called by `summaries.add` once the cubes hold the new facts), so the rows
are the same whatever the batches were.

One row per group and day (keyed since migration 0016): a day is recomputed by deleting
its rows and inserting them anew, which two writers doing at once could duplicate, each
deleting before the other inserts. They never do: PostgreSQL writers fold their facts
into the summaries one at a time (`postgres_store._summarise` holds the summary lock to
the end of the transaction, so the next one reads the committed rows), and a DuckDB file
has one writer. The unique keys make any writer that broke this fail instead.

Groups are each type alone and the `GROUPS` below (the types a page counts together);
a group's key is its types, sorted and joined by commas.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dashboard.store.sqlparams import marks
from dashboard.store.summaries import Execute

VERSION = 15  # the migration that creates the table
KEYED_VERSION = 16  # the migration that keys it by (types, date_start)
TABLE = "sum_figure_groups"
# the types counted together as one measure (query.figures.PEOPLE_TYPES: "people")
GROUPS: tuple[tuple[str, ...], ...] = (("displacement", "evacuation"),)
# an outlet as the daily range counts it: a missing or empty outlet is one "unknown outlet"
OUTLET = "COALESCE(NULLIF(f.outlet, ''), 'unknown outlet')"


def key(types: Sequence[str]) -> str | None:
    """The stored key of the group of `types` (None: no row holds that group)."""
    unique = tuple(sorted(set(types)))
    if len(unique) == 1 or unique in GROUPS:
        return ",".join(unique)
    return None


def _select(where: str = "") -> str:
    """Every group's rows from `sum_figure_days` (those whose `f` rows `where` keeps, a
    condition, when given)."""
    where = f" AND {where}" if where else ""
    aggs = (
        "CAST(SUM(f.n) AS BIGINT) AS n, MIN(f.low) AS low, MAX(f.high) AS high, "
        f"COUNT(DISTINCT {OUTLET}) AS outlets"
    )
    parts = [
        f"SELECT f.type AS types, f.date_start, {aggs} FROM sum_figure_days f "
        f"WHERE f.type IS NOT NULL{where} GROUP BY 1, 2"
    ]
    for group in GROUPS:
        listed = ", ".join(f"'{t}'" for t in group)
        parts.append(
            f"SELECT '{','.join(group)}' AS types, f.date_start, {aggs} FROM sum_figure_days f "
            f"WHERE f.type IN ({listed}){where} GROUP BY 2"
        )
    return " UNION ALL ".join(parts)


def _on_days(days: Sequence[date | None], column: str) -> tuple[str, list[date]]:
    """`column` on one of `days` (None: NULL), and the parameters. A list of the days
    rather than a semi-join with IS NOT DISTINCT FROM on a table of them, which
    PostgreSQL can neither hash nor serve from the date index: it compared every row
    of `sum_figure_days` with every day (0.4 s a 50-article batch at 1M events)."""
    dated = sorted(d for d in days if d is not None)
    terms = [f"{column} IN ({marks(dated)})"] if dated else []
    if len(dated) < len(days):
        terms.append(f"{column} IS NULL")
    return "(" + " OR ".join(terms) + ")", dated


COLUMNS = "types, date_start, n, low, high, outlets"


def rebuild(execute: Execute) -> None:
    """Recompute every row (the migration, bulk loads), in (group, day) order."""
    execute(f"DELETE FROM {TABLE}", ())
    execute(f"INSERT INTO {TABLE} ({COLUMNS}) SELECT * FROM ({_select()}) x ORDER BY 1, 2", ())


def update(execute: Execute, new_events: str) -> None:
    """Recompute the rows of the days of the counted events in `new_events` (a table of
    the new rows, already folded into `sum_figure_days`)."""
    found = execute(f'SELECT DISTINCT date_start FROM {new_events} WHERE "count" IS NOT NULL', ())
    days = [row[0] for row in found]
    if not days:
        return
    on_days, params = _on_days(days, "date_start")
    execute(f"DELETE FROM {TABLE} WHERE {on_days}", params)
    on_rows, _ = _on_days(days, "f.date_start")
    select = _select(on_rows)
    execute(f"INSERT INTO {TABLE} ({COLUMNS}) {select}", params * (1 + len(GROUPS)))
