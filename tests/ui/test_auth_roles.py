"""Roles from `[dashboard.roles]`: addresses, @domains, "*", anonymous reading, and the
open local default."""

from __future__ import annotations

from dashboard.ui.auth import EDITOR, VIEWER, access_for, role_for, roles_from

AUTH = {"client_id": "x", "client_secret": "y", "server_metadata_url": "https://idp/x"}


def test_no_auth_and_no_roles_is_an_open_local_install():
    roles = roles_from({})
    assert not roles.enabled
    assert access_for({}, roles).can_edit
    assert access_for({"is_logged_in": False}, roles).role == EDITOR


def test_addresses_domains_and_star():
    roles = roles_from(
        {
            "auth": AUTH,
            "dashboard": {
                "roles": {"viewers": ["@Example.org", "guest@partner.org"], "editors": "ed@x.org"}
            },
        }
    )
    assert roles.enabled and roles.sign_in and not roles.anonymous_read
    assert role_for("ED@x.org", roles) == EDITOR
    assert role_for("anyone@example.org", roles) == VIEWER
    assert role_for("guest@partner.org", roles) == VIEWER
    assert role_for("other@partner.org", roles) is None
    assert role_for("x@sub.example.org", roles) is None  # a domain is exact
    assert role_for("example.org", roles) is None and role_for(None, roles) is None
    star = roles_from({"auth": AUTH, "dashboard": {"roles": {"viewers": ["*"]}}})
    assert role_for("who@ever.net", star) == VIEWER


def test_signed_out_visitors_and_anonymous_reading():
    closed = roles_from({"auth": AUTH, "dashboard": {"roles": {"editors": ["a@b.org"]}}})
    assert access_for({"is_logged_in": False}, closed).role is None
    assert access_for({"email": "a@b.org"}, closed).role is None  # not signed in
    signed = access_for({"is_logged_in": True, "email": "a@b.org"}, closed)
    assert signed.can_edit and signed.signed_in
    unverified = {"is_logged_in": True, "email": "a@b.org", "email_verified": False}
    assert access_for(unverified, closed).role is None
    open_read = roles_from(
        {"auth": AUTH, "dashboard": {"roles": {"anonymous_read": True, "editors": []}}}
    )
    assert access_for({}, open_read).role == VIEWER
    assert not access_for({}, open_read).can_edit


def test_auth_section_alone_closes_the_dashboard():
    roles = roles_from({"auth": AUTH})
    assert roles.enabled and roles.viewers == () and roles.editors == ()
    assert access_for({"is_logged_in": True, "email": "a@b.org"}, roles).role is None


def test_roles_without_sign_in_allow_only_anonymous_reading():
    roles = roles_from({"dashboard": {"roles": {"anonymous_read": "true"}}})
    assert roles.enabled and not roles.sign_in
    assert access_for({"is_logged_in": True, "email": "a@b.org"}, roles).role == VIEWER
