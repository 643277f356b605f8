"""Safe defaults for a dashboard shared by link: what changes once it is hosted.

A dashboard on one's own machine and one read by a team over a link want different
defaults. Locally, a traceback in the browser helps the only reader report a problem,
and uploading is how one adds articles. Hosted, error messages may quote article text,
file paths or connection details to strangers, and an open upload form lets anyone who
finds the link write to the shared database. So the mode is decided once per run, from
what the server is configured with, and the safer choice wins whenever it is unclear:

* **hosted** when sign-in or roles are configured (`[auth]` or `[dashboard.roles]` in
  `.streamlit/secrets.toml`), when the server listens on anything but loopback, or when
  `DASHBOARD_MODE=hosted`;
* **development** only when `DASHBOARD_MODE=development` says so: it keeps full error
  details even on a hosted server, for the person debugging it;
* **local** otherwise (`make run`: loopback, no sign-in).

Hosted (and not development): readers see a generic error message and no exception type,
message or traceback (they stay in the server's log); the toolbar has no developer
options; uploads are off unless `[dashboard] allow_upload = true` in the secrets or
`DASHBOARD_ALLOW_UPLOAD=1` turns them on. Fetching from the web (and saving sources) is
for editors and, on a hosted server, only with sign-in configured, unless
`allow_fetch` / `DASHBOARD_ALLOW_FETCH` says otherwise. XSRF protection is Streamlit's own
(`server.enableXsrfProtection`, on by default and forced on with sign-in); a hosted
server that has it off says so on every page rather than running quietly unprotected.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dashboard.ui.auth import read_secrets

MODE_ENV = "DASHBOARD_MODE"
ALLOW_UPLOAD_ENV = "DASHBOARD_ALLOW_UPLOAD"
ALLOW_FETCH_ENV = "DASHBOARD_ALLOW_FETCH"
LOCAL, HOSTED, DEVELOPMENT = "local", "hosted", "development"
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


@dataclass(frozen=True)
class Hosting:
    """The mode this server runs in and what it allows."""

    mode: str
    allow_upload: bool
    xsrf: bool = True
    # fetching from the web and saving sources on the Ingest page (editors only)
    allow_fetch: bool = True

    @property
    def hides_errors(self) -> bool:
        return self.mode == HOSTED


def _flag(value: Any) -> bool | None:
    """True/False for a recognisable yes/no setting, None for anything else (unset)."""
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def decide(
    secrets: Mapping[str, Any],
    env: Mapping[str, str],
    address: str | None,
    xsrf: bool = True,
) -> Hosting:
    """The hosting mode from the secrets, the environment and the server's address."""
    dashboard = secrets.get("dashboard")
    dashboard = dashboard if isinstance(dashboard, Mapping) else {}
    asked = env.get(MODE_ENV, "").strip().lower()
    signs_in = bool(secrets.get("auth")) or isinstance(dashboard.get("roles"), Mapping)
    # an empty address means every interface, as Streamlit reads it
    public = (address or "").strip().lower() not in _LOOPBACK
    if asked == DEVELOPMENT:
        mode = DEVELOPMENT
    elif asked == HOSTED or signs_in or public:
        mode = HOSTED
    else:
        mode = LOCAL
    allow = _flag(env.get(ALLOW_UPLOAD_ENV))
    if allow is None:
        allow = _flag(dashboard.get("allow_upload"))
    if allow is None:
        allow = mode != HOSTED
    # The server itself fetches what is typed in, so a hosted one lets only signed-in
    # editors do it: on unless it is hosted without sign-in (where every visitor would
    # count as an editor); DASHBOARD_ALLOW_FETCH or `allow_fetch` decide over that.
    fetch = _flag(env.get(ALLOW_FETCH_ENV))
    if fetch is None:
        fetch = _flag(dashboard.get("allow_fetch"))
    if fetch is None:
        fetch = mode != HOSTED or signs_in
    return Hosting(mode, allow, xsrf, fetch)


def current() -> Hosting:
    """This server's hosting mode (reads the secrets, the environment and the config)."""
    return decide(
        read_secrets(),
        os.environ,
        st.get_option("server.address"),
        bool(st.get_option("server.enableXsrfProtection")),
    )


def apply() -> Hosting:
    """Set the client options of the mode for this run; called first by app.py.

    `client.showErrorDetails` and `client.toolbarMode` are the options Streamlit lets a
    script set; they are global, so every session of a hosted server gets them even if
    the site's config.toml forgot."""
    hosting = current()
    if hosting.hides_errors:
        st.set_option("client.showErrorDetails", "none")
        st.set_option("client.toolbarMode", "viewer")
        if not hosting.xsrf:
            st.error(
                "This dashboard is hosted with XSRF protection turned off. Set "
                "`server.enableXsrfProtection = true` in .streamlit/config.toml (see the "
                "README, Team hosting)."
            )
    return hosting
