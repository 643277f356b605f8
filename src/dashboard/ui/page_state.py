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
