"""The Map page: events on a map of the region, folium layers, offline Leaflet assets."""
