"""Map: events placed on a map of the region, with the same filters as every page."""

import streamlit as st

from dashboard.ui.map import page as map_page
from dashboard.ui.navigation import route_through_app

route_through_app()

st.set_page_config(page_title="Map", layout="wide")
map_page.render()
