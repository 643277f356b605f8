"""Statements: who said what and when, grouped by side, with the evidence behind each."""

import streamlit as st

from dashboard.ui.navigation import route_through_app
from dashboard.ui.statements import page as statements

route_through_app()

st.set_page_config(page_title="Statements", layout="wide")
statements.render()
