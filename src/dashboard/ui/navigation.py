"""The app's pages in one place: titles, URL paths and icons for `st.navigation`.

Declared here rather than left to the `pages/` folder's file names so that the home page
is called "Overview" and every page keeps a short, stable URL (`/Map`, `/Articles`) that
links and bookmarks rely on.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.paths import PROJECT_ROOT

# (file under pages/, title, url path, icon)
PAGES = (
    ("1_Map.py", "Map", "Map", ":material/map:"),
    ("6_Incidents.py", "Incidents", "Incidents", ":material/hub:"),
    ("2_Statements.py", "Statements", "Statements", ":material/record_voice_over:"),
    ("3_Evacuations.py", "Evacuations", "Evacuations", ":material/directions_walk:"),
    ("4_Articles.py", "Articles", "Articles", ":material/article:"),
    ("5_Ingest.py", "Ingest", "Ingest", ":material/upload_file:"),
)


# pages only editors get (see dashboard.ui.auth)
EDITOR_PAGES = frozenset({"5_Ingest.py"})


def pages(home, root: Path = PROJECT_ROOT, editor: bool = True) -> list:
    """The Overview (rendered by `home`) followed by every page file that exists; without
    `editor`, the pages that change data are left out."""
    out = [st.Page(home, title="Overview", icon=":material/dashboard:", default=True)]
    for file, title, url_path, icon in PAGES:
        if not editor and file in EDITOR_PAGES:
            continue
        path = root / "pages" / file
        if path.exists():
            out.append(st.Page(str(path), title=title, url_path=url_path, icon=icon))
    return out


def route_through_app() -> None:
    """Make a page opened by direct link run inside app.py's navigation.

    Streamlit starts every server in its old `pages/` mode and only switches to
    `st.navigation` once app.py has run; until then a link straight to `/Map` runs the page
    file alone, with a different sidebar ("app" instead of "Overview"). A page calls this
    first: it flips the server to navigation mode and reruns, so the same URL comes back
    through app.py. It does nothing once the switch has happened (or in AppTest).
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the page manager: nothing to fix
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()
