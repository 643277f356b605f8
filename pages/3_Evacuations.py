"""Evacuations and displacement: every reported figure over time, by outlet, with evidence."""

import streamlit as st

from dashboard.ui.evacuations import page as evacuations
from dashboard.ui.navigation import route_through_app

route_through_app()

st.set_page_config(page_title="Evacuations", layout="wide")
evacuations.render()
