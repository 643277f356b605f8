"""The Overview page (the app's home): what the database holds."""
