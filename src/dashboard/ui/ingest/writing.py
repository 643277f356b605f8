"""Writing to the database from the Ingest page: one place that turns a busy or
unwritable database into the message the page shows, for uploads and fetches alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from dashboard.store import StoreBusyError, StoreError

T = TypeVar("T")


def guarded(key: str, action: Callable[[], T], nothing: str) -> tuple[bool, T | None]:
    """Run `action` (which opens the store for writing); on a busy or unwritable
    database put ("busy" | "error", message) in `st.session_state[key]` and return
    (False, None). `nothing` says what did not happen ("Nothing was stored")."""
    try:
        return True, action()
    except StoreBusyError:
        st.session_state[key] = (
            "busy",
            "The database is in use by another process (for example a command-line "
            f"ingest). {nothing}; try again when it has finished.",
        )
    except StoreError as exc:
        st.session_state[key] = ("error", f"The database cannot be written: {exc}")
    return False, None


def finished(outcome: tuple[str, object] | None) -> object | None:
    """The payload of a ("done", payload) outcome kept in the session; for any other
    kind shows its message as an error and returns None (as for no outcome at all)."""
    if outcome is None:
        return None
    kind, payload = outcome
    if kind != "done":
        st.error(str(payload))
        return None
    return payload
