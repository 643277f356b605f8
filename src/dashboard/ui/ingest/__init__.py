"""The Ingest page: uploads stored as articles, one result per file."""
