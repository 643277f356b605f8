"""Sign-in and roles for a hosted dashboard: viewers read every page, editors also ingest.

Sign-in is Streamlit's own OpenID Connect flow (`st.login`), configured in the `[auth]`
section of `.streamlit/secrets.toml`. Who may do what comes from the same file:

    [dashboard.roles]
    viewers = ["@example.org", "guest@partner.org"]   # addresses or @domains; "*" = anyone signed in
    editors = ["alice@example.org"]                   # editors can read too
    anonymous_read = false                            # true: signed-out visitors may read

Without `[auth]` and `[dashboard.roles]` (a local install) everyone is an editor, as
before. Once either is present, access is closed by default: signed-out visitors get only
the sign-in screen unless `anonymous_read = true`, and a signed-in address on neither list
gets a "no access" screen. An identity token whose `email_verified` is false counts as no
address at all. app.py decides which pages exist for the visitor; the data layer and the
Ingest page check again, so a page reached some other way still shows nothing it should not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

EDITOR = "editor"
VIEWER = "viewer"


@dataclass(frozen=True)
class Roles:
    """The `[dashboard.roles]` settings; `enabled` is false for an open local install."""

    enabled: bool = False
    sign_in: bool = False  # an [auth] section exists, so st.login can work
    viewers: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    anonymous_read: bool = False


@dataclass(frozen=True)
class Access:
    """What the current visitor may do. `role` None: nothing but signing in (or out)."""

    role: str | None
    signed_in: bool = False
    email: str | None = None
    enabled: bool = False
    sign_in: bool = False

    @property
    def can_read(self) -> bool:
        return self.role in (VIEWER, EDITOR)

    @property
    def can_edit(self) -> bool:
        return self.role == EDITOR


def _entries(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        return ()
    return tuple(str(v).strip().lower() for v in value if str(v).strip())


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def roles_from(secrets: Mapping[str, Any]) -> Roles:
    """Parse the secrets (a mapping like `st.secrets`) into `Roles`."""
    auth = secrets.get("auth")
    dashboard = secrets.get("dashboard")
    roles = dashboard.get("roles") if isinstance(dashboard, Mapping) else None
    has_auth = isinstance(auth, Mapping) and len(auth) > 0
    if not has_auth and not isinstance(roles, Mapping):
        return Roles()
    roles = roles if isinstance(roles, Mapping) else {}
    return Roles(
        enabled=True,
        sign_in=has_auth,
        viewers=_entries(roles.get("viewers", ())),
        editors=_entries(roles.get("editors", ())),
        anonymous_read=_truthy(roles.get("anonymous_read", False)),
    )


def _matches(email: str, entries: tuple[str, ...]) -> bool:
    domain = email.rpartition("@")[2]
    for entry in entries:
        if entry == "*" or entry == email:
            return True
        if entry.startswith("@") and entry[1:] == domain:
            return True
    return False


def role_for(email: str | None, roles: Roles) -> str | None:
    """The role of a signed-in address: editor, viewer or None."""
    if not email or "@" not in email:
        return None
    email = email.strip().lower()
    if _matches(email, roles.editors):
        return EDITOR
    if _matches(email, roles.viewers):
        return VIEWER
    return None


def access_for(user: Mapping[str, Any], roles: Roles) -> Access:
    """The access of a visitor whose identity (`st.user`) is `user`."""
    if not roles.enabled:
        return Access(EDITOR)
    common = {"enabled": True, "sign_in": roles.sign_in}
    if roles.sign_in and user.get("is_logged_in"):
        email = user.get("email")
        email = email if isinstance(email, str) else None
        if user.get("email_verified") is False:  # absent counts as verified
            return Access(None, signed_in=True, email=email, **common)
        return Access(role_for(email, roles), signed_in=True, email=email, **common)
    return Access(VIEWER if roles.anonymous_read else None, **common)


def read_secrets() -> Mapping[str, Any]:
    """`.streamlit/secrets.toml` as a dict; empty when there is none (a local install)."""
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        return st.secrets.to_dict()
    except Exception:  # an unreadable secrets file: Streamlit reports it itself
        return {}


def current() -> Access:
    """The current visitor's access (reads `.streamlit/secrets.toml` and `st.user`)."""
    roles = roles_from(read_secrets())
    if not roles.enabled:
        return Access(EDITOR)
    try:
        user = st.user.to_dict()
    except Exception:  # no script run context (a test calling page code directly)
        user = {}
    return access_for(user, roles)


# -- screens -------------------------------------------------------------------------------


def render_sign_in(access: Access | None = None) -> None:
    """The only screen a visitor without access gets: sign in, or sign out and retry."""
    access = access or current()
    st.title("Conflict news dashboard")
    if access.signed_in:
        st.warning(
            f"You are signed in as {access.email or 'an account without an e-mail address'}, "
            "which has no access to this dashboard. Ask an editor to add your address, or "
            "sign in with another account."
        )
        if st.button("Sign out", key="auth_sign_out_denied"):
            st.logout()
        return
    if not access.sign_in:
        st.error(
            "This dashboard requires signing in, but sign-in is not configured: add an "
            "[auth] section to .streamlit/secrets.toml (see the README)."
        )
        return
    st.info("Sign in to read the dashboard.")
    if st.button("Sign in", type="primary", key="auth_sign_in"):
        st.login()


def sign_in_page(access: Access):
    """The single page of `st.navigation` for a visitor who may not read."""

    def sign_in() -> None:
        render_sign_in(access)

    return st.Page(
        sign_in,
        title="Sign in",
        icon=":material/login:",
        url_path="signin",
        default=True,
    )


def render_sidebar(access: Access) -> None:
    """Who is signed in, with a sign-out button (or a sign-in one for anonymous readers)."""
    if not access.enabled:
        return
    with st.sidebar:
        if access.signed_in:
            st.caption(f"Signed in as {access.email} ({access.role})")
            if st.button("Sign out", key="auth_sign_out"):
                st.logout()
        elif access.sign_in:
            st.caption("Reading without signing in.")
            if st.button("Sign in", key="auth_sign_in_sidebar"):
                st.login()


def require_reader() -> None:
    """Stop the page with the sign-in screen unless the visitor may read."""
    access = current()
    if not access.can_read:
        render_sign_in(access)
        st.stop()


def require_editor() -> bool:
    """Whether the visitor may change data; says why not on screen when they may not."""
    access = current()
    if access.can_edit:
        return True
    if access.can_read:
        st.warning("Only editors can add articles. You can read every other page.")
    else:
        render_sign_in(access)
    return False
