"""Table columns in the order rows are written; the tables themselves are created by the
numbered migrations in `store/migrations/{duckdb,postgresql}/`, the one source of the DDL.

Lists (languages, actors) are JSON text rather than array types so that both backends,
CSV export and pandas see the same thing. `date` keeps the precision the text gave
("2023-09", "2023"); `date_start` is its first day so range filters can compare dates.
"date" and "count" are quoted because they are keywords in standard SQL.
"""

from __future__ import annotations

SCHEMA_VERSION = 19

# The article's columns that each event and statement also carries (migration 0010), so a
# list or count of facts by outlet or language, or ordered by publication date after its
# own date, reads the fact table alone. Always the values of the fact's article: written
# with the fact (`rows.extraction_rows`; `insert_rows` takes them from the article).
ARTICLE_SOURCE = ("outlet", "language", "published")
# the fact tables that carry them
SOURCED_FACTS = ("events", "statements")
# An incident's languages and outlets of its reports, kept on its row (migration 0017):
# written with it, never shown or exported (`shown_columns`).
INCIDENT_SOURCE_LISTS = ("source_languages", "source_outlets")

# Column order of each data table, shared by the row builders and every backend.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id",
        "source",
        "title",
        "outlet",
        "published",
        "language",
        "languages",
        "body",
        "url",
        "ingested_at",
    ),
    "places": ("id", "article_id", "name", "surface", "lat", "lon", "kind", "evidence"),
    "events": (
        "id",
        "article_id",
        "type",
        "date",
        "date_start",
        "date_precision",
        "place",
        "lat",
        "lon",
        "actors",
        "count",
        "count_qualifier",
        "evidence",
        "date_source",
        "time_precision",
        "geo_precision",
        "place_source",
        "evidence_all",
        *ARTICLE_SOURCE,
    ),
    "statements": (
        "id",
        "article_id",
        "speaker",
        "speaker_role",
        "side",
        "date",
        "date_start",
        "quote",
        "mode",
        "evidence",
        *ARTICLE_SOURCE,
    ),
    # search (migration 0003): derived from each article by `store.terms`, written with it
    "article_terms": ("term_key", "article_id", "published", "hits"),
    "article_words": ("article_id", "words"),
}

# Derived tables (issue 12): computed from the events by `dashboard.incidents`, never
# copied or written by hand; `dashboard incidents --rebuild` recomputes them.
COLUMNS["incidents"] = (
    "incident_id",
    "type",
    "date_start",
    "date_end",
    "place",
    "lat",
    "lon",
    "geo_precision",
    "reports",
    "outlets",
    "languages",
    "first_outlet",
    "first_published",
    "first_article_id",
    "count_min",
    "count_max",
    "count_latest",
    "conflict",
    "conflicts",
    "figures",
    # which languages and outlets reported it (migration 0017): JSON lists, sorted, of
    # the distinct non-null languages and outlets of its reports' articles, what its
    # `incident_sources` rows hold; a filter on languages or on outlets alone is a test
    # of this row's list instead of a semi-join on those rows (`query.incidents`)
    *INCIDENT_SOURCE_LISTS,
)
COLUMNS["incident_reports"] = ("event_id", "incident_id")
# which languages and outlets reported each incident, naming which actors (migration 0009)
COLUMNS["incident_sources"] = (
    "incident_id",
    "language",
    "outlet",
    "actors",
    # the incident's type and span (migration 0012), so that a filter on the sources
    # also takes the view's types and dates: a language's sources of those only
    "type",
    "date_start",
    "date_end",
)
# the incidents counted per map group and outlets (migration 0009), for the views
COLUMNS["sum_incident_groups"] = (
    "type",
    "lat",
    "lon",
    "place",
    "outlets",
    "incidents",
    "date_first",
    "date_last",
    "conflicting",
)
COLUMNS["sum_incident_language_groups"] = ("language", *COLUMNS["sum_incident_groups"])
# each incident's first reports with what a map popup shows of them, and the incident's
# type and span (migration 0012)
COLUMNS["incident_popups"] = (
    "incident_id",
    "type",
    "date_start",
    "date_end",
    "rank",
    "event_id",
    "article_id",
    "outlet",
    "language",
    "published",
    "date",
    "place",
    "count",
    "evidence",
    "url",
    "title",
)
# the same per outlet and per actor (migration 0013)
COLUMNS["sum_incident_outlet_groups"] = ("outlet", *COLUMNS["sum_incident_groups"])
COLUMNS["sum_incident_actor_groups"] = ("actor", *COLUMNS["sum_incident_groups"])
# the words of each incident's evidence, for the Incidents page's search (migration 0018,
# `incidents.terms`)
COLUMNS["incident_terms"] = ("term_key", "incident_id")
COLUMNS["incident_words"] = ("incident_id", "words")
KEY_COLUMN = {"incidents": "incident_id", "incident_reports": "event_id"}

KEYWORD_COLUMNS = frozenset({"date", "count"})


def column_list(table: str) -> str:
    """Comma-joined, keyword-safe column names of `table` for INSERT/SELECT."""
    return quoted(COLUMNS[table])


def quoted(columns: tuple[str, ...] | list[str]) -> str:
    """Comma-joined, keyword-safe `columns`."""
    return ", ".join(f'"{c}"' if c in KEYWORD_COLUMNS else c for c in columns)


def own_columns(table: str) -> tuple[str, ...]:
    """The columns of `table` but those a fact takes from its article (`ARTICLE_SOURCE`)
    and an incident's copy of its reports' languages and outlets: what every version of
    the table has, and what a copy or an export reads."""
    if table == "incidents":
        return shown_columns(table)
    if table not in SOURCED_FACTS:
        return COLUMNS[table]
    return tuple(c for c in COLUMNS[table] if c not in ARTICLE_SOURCE)


def shown_columns(table: str) -> tuple[str, ...]:
    """The columns of `table` a page or an export reads: an incident's lists of its
    languages and outlets (`INCIDENT_SOURCE_LISTS`) only serve the filters."""
    if table != "incidents":
        return COLUMNS[table]
    return tuple(c for c in COLUMNS[table] if c not in INCIDENT_SOURCE_LISTS)


def key_column(table: str) -> str:
    """The primary key of `table` (`id` but for the derived incident tables)."""
    return KEY_COLUMN.get(table, "id")
