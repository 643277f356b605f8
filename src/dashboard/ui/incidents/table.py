"""Incidents as a table a reader scans: one row per happening, how many outlets and
languages reported it, who was first, the figures, and the reasons reports disagree,
conflicting rows highlighted. No Streamlit here except column labels, so the rows are
tested directly.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.ui.columns import EVIDENCE_COLUMNS
from dashboard.ui.format import count_text, display_frame, geo_precision_text
from dashboard.ui.map.build import article_href
from dashboard.ui.map.incidents import day_text, json_list, span_text
from dashboard.ui.safe import safe_url
from dashboard.ui.sorting import Sort, sort_frame

CONFLICT_BACKGROUND = "background-color: rgba(214, 39, 40, 0.12)"
TINTED_ROWS = 200  # longer tables are not tinted (see `highlighted`)

COLUMNS = {
    "conflict": st.column_config.TextColumn(
        "⚠", width="small", help="Reports disagree (figures, dates or places)"
    ),
    "type": "Type",
    "dates": st.column_config.TextColumn("Dates", width="medium"),
    "place": "Place",
    "precision": "Place precision",
    "outlets": st.column_config.NumberColumn("Outlets", help="Different outlets that reported it"),
    "languages": st.column_config.NumberColumn("Languages"),
    "reports": st.column_config.NumberColumn("Reports"),
    "first reported": st.column_config.TextColumn("First reported", width="medium"),
    "figures": "Figures",
    "conflicts": st.column_config.TextColumn("Where reports disagree", width="large"),
}

REPORT_COLUMNS = {
    "outlet": "Outlet",
    "language": "Language",
    "published": "Published",
    "date": "Date",
    "place": "Place",
    "figure": "Figure",
    **EVIDENCE_COLUMNS,
}


# URL value -> sort; the first is the default (and the query's own order)
SORTS: dict[str, Sort] = {
    "newest": Sort("Newest first", ("date_start",), (False,)),
    "outlets": Sort("Most outlets", ("outlets", "languages", "date_start"), (False, False, False)),
    "reports": Sort("Most reports", ("reports", "date_start"), (False, False)),
    "conflicts": Sort("Conflicts first", ("conflict", "outlets", "date_start"), (False,) * 3),
    "oldest": Sort("Oldest first", ("date_start",), (True,)),
}
DEFAULT_SORT = next(iter(SORTS))


def sort_key(value: str | None) -> str:
    return value if value in SORTS else DEFAULT_SORT


def sort_incidents(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """`df` in the chosen order (undated last), ties in the query's order."""
    return sort_frame(df, SORTS[sort_key(key)])


def _int(value: object) -> int | None:
    try:
        return None if pd.isna(value) else int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def figures_text(low: object, high: object) -> str:
    """ "5,000" or "5,000 – 30,000"; "" without figures."""
    lo, hi = _int(low), _int(high)
    if lo is None and hi is None:
        return ""
    if lo is None or hi is None or lo == hi:
        return count_text(lo if lo is not None else hi)  # type: ignore[arg-type]
    return f"{count_text(lo)} – {count_text(hi)}"


def first_reported(outlet: object, published: object) -> str:
    name = outlet if isinstance(outlet, str) and outlet.strip() else "unknown outlet"
    when = day_text(published)
    return f"{name}, {when}" if when else name


def table(df: pd.DataFrame) -> pd.DataFrame:
    """The visible columns of `df` (incidents as the query returns them), every missing
    value blank, never "None"."""
    rows = df.to_dict(orient="records")
    out = pd.DataFrame(
        {
            "conflict": ["⚠" if bool(r.get("conflict")) else "" for r in rows],
            "type": [r.get("type") for r in rows],
            "dates": [span_text(r.get("date_start"), r.get("date_end")) for r in rows],
            "place": [r.get("place") for r in rows],
            "precision": [geo_precision_text(r.get("geo_precision")) for r in rows],
            "outlets": [_int(r.get("outlets")) or 0 for r in rows],
            "languages": [_int(r.get("languages")) or 0 for r in rows],
            "reports": [_int(r.get("reports")) or 0 for r in rows],
            "first reported": [
                first_reported(r.get("first_outlet"), r.get("first_published")) for r in rows
            ],
            "figures": [figures_text(r.get("count_min"), r.get("count_max")) for r in rows],
            "conflicts": ["; ".join(map(str, json_list(r.get("conflicts")))) for r in rows],
        },
        columns=list(COLUMNS),
    )
    return display_frame(out)


def highlighted(shown: pd.DataFrame, max_rows: int | None = None):
    """`shown` (a `table`) as a Styler whose conflicting rows are tinted; a table of more
    than `max_rows` (default `TINTED_ROWS`) stays plain, its ⚠ column marking them: the
    Styler costs about 0.3 ms a row to render (2,000 rows: 0.6-1.1 s, most of a page)."""
    if len(shown) > (TINTED_ROWS if max_rows is None else max_rows):
        return shown

    def tint(row: pd.Series) -> list[str]:
        return [CONFLICT_BACKGROUND if row["conflict"] else ""] * len(row)

    return shown.style.apply(tint, axis=1)


def for_download(df: pd.DataFrame) -> pd.DataFrame:
    """Incidents as stored, with the conflict reasons as a list (one cell "a; b" in CSV,
    a JSON list in GeoJSON); figures stay JSON text, one object per outlet's figure."""
    out = df.copy()
    if "conflicts" in out.columns:
        out["conflicts"] = [json_list(v) for v in out["conflicts"]]
    return out


def report_table(reports: pd.DataFrame, base_url_path: str = "") -> pd.DataFrame:
    """An incident's reports (`incident_reports` rows), one line per outlet's report."""
    rows = reports.to_dict(orient="records")
    out = pd.DataFrame(
        {
            "outlet": [r.get("outlet") for r in rows],
            "language": [r.get("language") for r in rows],
            "published": [day_text(r.get("published")) for r in rows],
            "date": [r.get("date") for r in rows],
            "place": [r.get("place") for r in rows],
            "figure": [figures_text(r.get("count"), r.get("count")) for r in rows],
            "evidence": [r.get("evidence") for r in rows],
            "article": [article_href(r["article_id"], base_url_path) for r in rows],
            "source": [safe_url(r.get("url")) for r in rows],
        },
        columns=list(REPORT_COLUMNS),
    )
    return display_frame(out, ("outlet", "language"))
