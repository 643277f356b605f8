"""A page's own widget (e.g. the statements' side filter) seeded from its URL key.

The value must be known before `filter_sidebar` runs, because the sidebar writes the
page's keys to the URL, while the widget itself may be drawn later in the page. So the
value is read from session state here and the widget is drawn with the same key.

Seeding happens once per session: afterwards a missing key means "Clear filters" removed
it (every `flt_` key goes), and the widget starts empty instead of re-reading the stale
URL value the sidebar kept.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.ui.state import read_list_param, read_param

_SEEDED = "page_state_seeded"


def _first_time(key: str) -> bool:
    seeded = st.session_state.setdefault(_SEEDED, set())
    if key in seeded:
        return False
    seeded.add(key)
    return True


def list_choice(key: str, url_key: str, options: Sequence[str]) -> list[str]:
    """Current choice of a multiselect keyed `key`, limited to `options`."""
    if _first_time(key):
        st.session_state[key] = [v for v in read_list_param(url_key) if v in options]
    elif key not in st.session_state:
        st.session_state[key] = []
    # values the data no longer has (stale link, other filters) are dropped, not raised
    st.session_state[key] = [v for v in st.session_state[key] if v in options]
    return list(st.session_state[key])


def flag_choice(key: str, url_key: str) -> bool:
    """Current state of a toggle keyed `key`; the URL holds `1` when it is on."""
    if _first_time(key):
        st.session_state[key] = read_param(url_key) == "1"
    elif key not in st.session_state:
        st.session_state[key] = False
    return bool(st.session_state[key])


def option_choice(key: str, url_key: str, options: Sequence[str]) -> str:
    """Current choice of a radio or selectbox keyed `key`; the first option is the default
    (and is left out of the URL by the page)."""
    if _first_time(key):
        value = read_param(url_key)
        st.session_state[key] = value if value in options else options[0]
    elif st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    return str(st.session_state[key])


def number_choice(key: str, url_key: str, low: int, high: int) -> int:
    """Current value of a number input keyed `key`, within [low, high]; `low` (the
    default) when the URL holds none or nonsense."""
    if _first_time(key):
        try:
            value = int(read_param(url_key) or low)
        except ValueError:
            value = low
        st.session_state[key] = value
    elif not isinstance(st.session_state.get(key), int):
        st.session_state[key] = low
    st.session_state[key] = min(max(int(st.session_state[key]), low), high)
    return int(st.session_state[key])
