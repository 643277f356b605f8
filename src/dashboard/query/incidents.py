"""Incidents for the pages: one row per real-world happening, and the reports behind it.

`incidents` applies the shared `Filters` the way `events` does: the date range to the
incident's span (any overlap), types to its type, and the article-side and text filters
(outlets, languages, places, actors, text, exact) to its reports, so "reported by outlet X"
keeps every incident X reported, with all its reports counted.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.query.facts import event_where
from dashboard.query.filters import Filters, Where
from dashboard.store import Store
from dashboard.store.schema import COLUMNS

INCIDENT_SELECT = ", ".join(f"i.{c}" for c in COLUMNS["incidents"])
REPORT_COLUMNS = (
    "incident_id",
    "event_id",
    "article_id",
    "outlet",
    "language",
    "published",
    "date",
    "place",
    "count",
    "evidence",
    "url",
    "title",
)


def incident_where(f: Filters, min_outlets: int = 1) -> Where:
    """The WHERE clause of `incidents` (alias `i`)."""
    w = Where()
    if f.date_from is not None:
        w.add("i.date_end >= ?", f.date_from)
    if f.date_to is not None:
        w.add("i.date_start <= ?", f.date_to)
    w.one_of("i.type", f.types)
    if min_outlets > 1:
        w.add("i.outlets >= ?", int(min_outlets))
    by_report = Filters(
        outlets=f.outlets,
        languages=f.languages,
        actors=f.actors,
        places=f.places,
        text=f.text,
        exact=f.exact,
    )
    if by_report != Filters():
        inner = event_where(by_report, joined=False)
        w.add(
            "i.incident_id IN (SELECT r.incident_id FROM incident_reports r "
            f"JOIN events e ON e.id = r.event_id{inner.sql})",
            *inner.params,
        )
    return w


def incidents(store: Store, filters: Filters | None = None, min_outlets: int = 1) -> pd.DataFrame:
    """Incidents matching `filters` reported by at least `min_outlets` outlets, newest
    first, with the columns of the `incidents` table (conflicts and figures as JSON text)."""
    w = incident_where(filters or Filters(), min_outlets)
    return store.query(
        f"SELECT {INCIDENT_SELECT} FROM incidents i{w.sql} "
        "ORDER BY i.date_start DESC NULLS LAST, i.outlets DESC, i.incident_id",
        w.params,
    )


def incident_reports(store: Store, incident_ids: Sequence[str]) -> pd.DataFrame:
    """Every report of the given incidents with its evidence and article, first published
    first: what a popup or a detail view lists."""
    ids = list(dict.fromkeys(incident_ids))
    if not ids:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in REPORT_COLUMNS})
    w = Where()
    w.one_of("r.incident_id", ids)
    return store.query(
        "SELECT r.incident_id, r.event_id, e.article_id, a.outlet, a.language, a.published, "
        'e."date", e.place, e."count", e.evidence, a.url, a.title '
        "FROM incident_reports r JOIN events e ON e.id = r.event_id "
        f"JOIN articles a ON a.id = e.article_id{w.sql} "
        "ORDER BY r.incident_id, a.published NULLS LAST, e.id",
        w.params,
    )
