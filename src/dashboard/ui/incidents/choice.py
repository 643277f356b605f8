"""Incidents or raw reports, and "reported by at least N outlets": two page choices the
Map, the Overview and the Incidents page share, kept in the URL like every filter.

Incidents are the default (one point per real-world happening, issue 12); `view=reports`
shows every article's event as before. `min_outlets` keeps incidents that at least that
many outlets reported. Both keys stay out of the URL at their defaults, so old links and
short links mean what they meant.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.ui.page_state import number_choice, option_choice

VIEW_KEY = "flt_view"  # `flt_`: "Clear filters" resets it with the others
MIN_OUTLETS_KEY = "flt_min_outlets"
VIEW_URL = "view"
MIN_OUTLETS_URL = "min_outlets"
INCIDENTS, REPORTS = "incidents", "reports"
VIEWS = {INCIDENTS: "Incidents (one point per happening)", REPORTS: "Reports (one per article)"}
MAX_MIN_OUTLETS = 100


@dataclass(frozen=True)
class IncidentChoice:
    view: str = INCIDENTS
    min_outlets: int = 1

    @property
    def incidents(self) -> bool:
        return self.view == INCIDENTS

    def params(self) -> dict[str, str | None]:
        """The URL keys of this choice (None at the default, so the key is dropped)."""
        return {
            VIEW_URL: None if self.view == INCIDENTS else self.view,
            MIN_OUTLETS_URL: str(self.min_outlets)
            if self.incidents and self.min_outlets > 1
            else None,
        }


def current() -> IncidentChoice:
    """The choice from the session, seeded from the URL the first time (read before the
    sidebar, which writes the page's keys back to the URL)."""
    view = option_choice(VIEW_KEY, VIEW_URL, tuple(VIEWS))
    low = number_choice(MIN_OUTLETS_KEY, MIN_OUTLETS_URL, 1, MAX_MIN_OUTLETS)
    return IncidentChoice(view, low)


def render(choice: IncidentChoice, places: tuple | None = None) -> None:
    """The two widgets, in the sidebar or in `places` (two containers: the switch, the
    number); their keys hold the state `current` reads on the next run."""
    first, second = places if places is not None else (st.sidebar, st.sidebar)
    with first:
        st.radio(
            "Show",
            list(VIEWS),
            format_func=VIEWS.get,
            key=VIEW_KEY,
            help=(
                "An incident is one happening reported by one or more outlets, in any "
                "language; reports are the events read from each article."
            ),
        )
    with second:
        min_outlets_input(disabled=not choice.incidents)


def min_outlets_input(disabled: bool = False) -> None:
    """The "reported by at least N outlets" number, keyed so `current` reads it."""
    st.number_input(
        "Reported by at least N outlets",
        min_value=1,
        max_value=MAX_MIN_OUTLETS,
        step=1,
        key=MIN_OUTLETS_KEY,
        disabled=disabled,
        help="Keeps incidents that at least this many different outlets reported.",
    )
