"""Text for the screen, kept free of Streamlit so it can be tested directly."""

from __future__ import annotations

from datetime import date

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
