"""Text for the screen, kept free of Streamlit so it can be tested directly."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.query import Figure

_QUALIFIER_WORDS = {
    "more_than": "more than ",
    "at_least": "at least ",
    "about": "about ",
    "up_to": "up to ",
    "exact": "",
}


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, the last an ellipsis, when it is longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def count_text(count: int, qualifier: str | None = None) -> str:
    """`100417, "more_than"` -> "more than 100,417"."""
    return f"{_QUALIFIER_WORDS.get(qualifier or 'exact', '')}{count:,}"


def date_range_text(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "—"
    if start == end or end is None:
        return str(start)
    return f"{start} – {end}"


def month_range_text(start: date | None, end: date | None) -> str:
    """Short enough for a metric tile: "Dec 2022 – Oct 2023"."""
    if start is None or end is None:
        return date_range_text(start, end)
    first, last = f"{start:%b %Y}", f"{end:%b %Y}"
    return first if first == last else f"{first} – {last}"


def figure_source(fig: Figure) -> str:
    """ "Outlet, published date: title" — where a figure was read."""
    parts = [fig.outlet or "unknown outlet"]
    if fig.published:
        parts.append(str(fig.published))
    head = ", ".join(parts)
    return f"{head}: {fig.title}" if fig.title else head


# issue 11: how sure an event's date and place are, in words a reader needs no codebook for
TIME_PRECISION_WORDS = {
    "day": "exact day",
    "week": "within a week",
    "month": "month only",
    "year": "year only",
    "reported": "publication date (the text gives no date)",
    "year_unknown": "day and month of the text, year not given (guessed)",
}
GEO_PRECISION_WORDS = {
    1: "town or village",
    2: "district or region",
    3: "country or whole region",
}
PLACE_SOURCE_WORDS = {
    "sentence": "named in the sentence",
    "paragraph": "inferred from the paragraph",
    "article": "inferred from the article's main place",
}


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, list | tuple | dict):
        return False
    try:
        return bool(pd.isna(value))  # NaN, NaT, pd.NA
    except (TypeError, ValueError):
        return False


def time_precision_text(value: object) -> str:
    """ "exact day", "month only", …; "" when unknown (an event stored before issue 11)."""
    if _missing(value):
        return ""
    return TIME_PRECISION_WORDS.get(str(value), str(value))


def geo_precision_text(precision: object, source: object = None) -> str:
    """ "town or village, named in the sentence"; "" when neither is known."""
    parts = []
    if not _missing(precision):
        try:
            parts.append(GEO_PRECISION_WORDS.get(int(precision), f"level {precision}"))
        except (TypeError, ValueError):
            parts.append(str(precision))
    if not _missing(source) and str(source):
        parts.append(PLACE_SOURCE_WORDS.get(str(source), f"from the {source}"))
    return ", ".join(parts)


def is_approximate(geo_precision: object, place_source: object) -> bool:
    """A place the map must not draw like an exact one: region-level or coarser, or not
    read from the event's own sentence. Unknown precision (older rows) counts as exact,
    as those rows were drawn before precisions existed."""
    coarse = not _missing(geo_precision) and _as_int(geo_precision) >= 2
    inferred = not _missing(place_source) and str(place_source) not in ("", "sentence")
    return coarse or inferred


def _as_int(value: object) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def blank(value: object, missing: str = "") -> str:
    """Display text of a table cell: `missing` (blank or "unknown") for None, NaN, NaT,
    never the word "None"."""
    if _missing(value):
        return missing
    text = str(value).strip()
    return text if text else missing


def display_frame(df: pd.DataFrame, unknown: tuple[str, ...] = ()) -> pd.DataFrame:
    """`df` ready for `st.dataframe`, which prints a missing cell as the word "None":
    missing text becomes blank ("unknown" in the `unknown` columns), missing dates blank
    with the others as YYYY-MM-DD, and a number column with gaps becomes text (blank
    gaps, thousands unseparated so it still reads as a number). Lists are left alone
    (list columns show an empty list)."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        missing = "unknown" if col in unknown else ""
        if pd.api.types.is_datetime64_any_dtype(series):
            out[col] = [missing if pd.isna(v) else _date_iso(v) for v in series]
        elif pd.api.types.is_bool_dtype(series):
            continue
        elif pd.api.types.is_numeric_dtype(series):
            if series.isna().any():
                out[col] = [missing if pd.isna(v) else _number_text(v) for v in series]
        elif series.map(lambda v: isinstance(v, list)).any():
            out[col] = [v if isinstance(v, list) else [] for v in series]
        else:
            out[col] = [
                _date_iso(v) if hasattr(v, "isoformat") and not _missing(v) else blank(v, missing)
                for v in series
            ]
    return out


def _date_iso(value: object) -> str:
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    if stamp == stamp.normalize():
        return stamp.date().isoformat()
    return stamp.isoformat(sep=" ", timespec="minutes")


def _number_text(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:g}"
