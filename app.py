"""Streamlit entry point: `streamlit run app.py` (or `make run`). Routes to the pages."""

import streamlit as st

from dashboard.ui import auth, hosting, navigation
from dashboard.ui.overview import page as home

st.set_page_config(page_title=home.TITLE, layout="wide")
# A hosted dashboard hides error details from readers and takes no uploads unless its
# config allows them; a local one (loopback, no sign-in) keeps both.
hosting.apply()
# Who may see what: everyone everything on a local install; with sign-in configured in
# .streamlit/secrets.toml, the sign-in screen only, or the pages of the visitor's role.
access = auth.current()
if not access.can_read:
    st.navigation([auth.sign_in_page(access)], position="hidden").run()
else:
    auth.render_sidebar(access)
    st.navigation(navigation.pages(home.render, editor=access.can_edit)).run()
