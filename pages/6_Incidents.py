"""Incidents: one row per real-world happening, with every outlet's report behind it."""

import streamlit as st

from dashboard.ui.incidents import page as incidents_page
from dashboard.ui.navigation import route_through_app

route_through_app()

st.set_page_config(page_title="Incidents", layout="wide")
incidents_page.render()
