"""The read-side functions on both backends: a populated database, a fresh empty one and
a missing one."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import query
from dashboard.query import Filters
from dashboard.store import open_store


def test_overview_counts(reader):
    ov = query.overview(reader)
    assert (ov.articles, ov.outlets, ov.languages) == (3, 3, 3)
    assert (ov.places, ov.events, ov.statements) == (2, 5, 2)
    assert (ov.date_from, ov.date_to) == (date(2023, 9, 19), date(2023, 10, 2))
    by_type = dict(ov.events_by_type.itertuples(index=False))
    assert by_type == {"evacuation": 2, "military": 1, "humanitarian": 1, "ceasefire": 1}
    assert ov.events_by_type.iloc[0]["type"] == "evacuation"
    assert not ov.empty


def test_latest_figure_is_newest_counted_evacuation_with_evidence(reader):
    fig = query.overview(reader).latest_figure
    assert fig is not None
    assert (fig.type, fig.count, fig.count_qualifier, fig.date) == (
        "evacuation",
        100417,
        "exact",
        "2023-09-30",
    )
    assert fig.evidence.startswith("В Армению прибыли 100 417")
    assert (fig.outlet, fig.article_id, fig.published) == (
        "Kavkazsky Uzel",
        "art-ru",
        date(2023, 9, 30),
    )


@pytest.mark.parametrize("missing", [True, False])
def test_empty_or_missing_database(db_path, missing):
    """Missing: no DuckDB file yet, or a PostgreSQL database nobody has migrated."""
    if not missing:
        open_store(db_path).close()
    with open_store(db_path, read_only=True) as store:
        assert store.exists() is not missing
        ov = query.overview(store)
        assert ov.empty and ov.latest_figure is None and ov.date_from is None
        assert ov.events_by_type.empty
        assert query.events(store).empty
        assert query.statements(store).empty
        assert query.recent_articles(store, 5).empty
        assert query.facets(store) == query.Facets()
        assert query.events_geojson(store) == {"type": "FeatureCollection", "features": []}


def test_events_unfiltered_newest_first_with_source(reader):
    df = query.events(reader)
    assert len(df) == 5
    assert df["type"].tolist()[:3] == ["humanitarian", "evacuation", "evacuation"]
    assert df["type"].iloc[-1] == "ceasefire"
    row = df[df["type"] == "military"].iloc[0]
    assert row["outlet"] == "OC Media" and row["title"] == "Offensive on Stepanakert"
    assert row["actors"] == ["Azerbaijan"]


def test_events_filters(reader):
    assert set(query.events(reader, Filters(types=("evacuation",)))["type"]) == {"evacuation"}
    window = query.events(reader, Filters(date_from=date(2023, 9, 20), date_to=date(2023, 9, 30)))
    assert sorted(window["date"]) == ["2023-09-27", "2023-09-30"]
    month = query.events(reader, Filters(date_from=date(2023, 10, 1)))
    assert month["type"].tolist() == ["humanitarian"]
    assert query.events(reader, Filters(outlets=("OC Media",)))["type"].tolist() == ["military"]
    assert len(query.events(reader, Filters(languages=("ru",)))) == 2
    assert query.events(reader, Filters(places=("Goris",)))["count"].tolist() == [100417]
    assert len(query.events(reader, limit=2)) == 2


def test_events_actor_filter_matches_whole_names(reader):
    armenia = query.events(reader, Filters(actors=("Armenia",)))
    assert armenia["actors"].tolist() == [["Armenia"]]
    both = query.events(reader, Filters(actors=("Armenia", "Azerbaijan")))
    assert sorted(both["type"]) == ["evacuation", "military"]


def test_text_filter_is_case_insensitive_and_treats_input_as_data(reader):
    assert query.events(reader, Filters(text="STEPANAKERT"))["type"].tolist() == ["military"]
    assert len(query.events(reader, Filters(text="переселенцев"))) == 1
    for hostile in ("%", "_", "' OR 1=1 --", "'; DROP TABLE events; --"):
        assert query.events(reader, Filters(text=hostile)).empty
    assert reader.counts()["events"] == 5


def test_statements_filters(reader):
    assert len(query.statements(reader)) == 2
    aliyev = query.statements(reader, Filters(speakers=("Ilham Aliyev",)))
    assert aliyev["quote"].tolist() == ["операция завершена"]
    assert aliyev["outlet"].tolist() == ["Kavkazsky Uzel"]
    assert query.statements(reader, Filters(text="завершена"))["speaker"].tolist() == [
        "Ilham Aliyev"
    ]
    assert query.statements(reader, Filters(places=("Stepanakert",)))["speaker"].tolist() == [
        "Nikol Pashinyan"
    ]
    assert query.statements(reader, Filters(date_to=date(2023, 9, 20)))["speaker"].tolist() == [
        "Nikol Pashinyan"
    ]


def test_articles_filters_and_fact_counts(reader):
    df = query.articles(reader)
    assert df["id"].tolist() == ["art-hy", "art-ru", "art-en"]
    ru = df[df["id"] == "art-ru"].iloc[0]
    assert (ru["places"], ru["events"], ru["statements"]) == (1, 2, 1)
    assert ru["languages"] == ["ru", "en"]
    assert query.articles(reader, Filters(types=("ceasefire",)))["id"].tolist() == ["art-hy"]
    assert query.articles(reader, Filters(speakers=("Nikol Pashinyan",)))["id"].tolist() == [
        "art-en"
    ]
    assert query.articles(reader, Filters(places=("Goris",)))["id"].tolist() == ["art-ru"]
    assert query.articles(reader, Filters(actors=("Azerbaijan",)))["id"].tolist() == ["art-en"]
    assert query.articles(reader, Filters(languages=("hy", "en")))["id"].tolist() == [
        "art-hy",
        "art-en",
    ]
    assert query.articles(reader, Filters(text="offensive"))["id"].tolist() == ["art-en"]
    assert query.articles(reader, Filters(date_from=date(2023, 9, 25), date_to=date(2023, 9, 30)))[
        "id"
    ].tolist() == ["art-ru"]


def test_recent_articles_limit_and_order(reader):
    df = query.recent_articles(reader, limit=2)
    assert df["id"].tolist() == ["art-hy", "art-ru"]
    assert {"title", "outlet", "published", "url"} <= set(df.columns)


def test_article_lookup(reader):
    art = query.article(reader, "art-en")
    assert art is not None and art["outlet"] == "OC Media" and art["languages"] == ["en"]
    assert query.article(reader, "nope") is None


def test_facets(reader):
    f = query.facets(reader)
    assert f.types == ("ceasefire", "evacuation", "humanitarian", "military")
    assert f.outlets == ("Azatutyun", "Kavkazsky Uzel", "OC Media")
    assert f.languages == ("en", "hy", "ru")
    assert f.places == ("Goris", "Stepanakert")
    assert f.speakers == ("Ilham Aliyev", "Nikol Pashinyan")
    assert f.actors == ("Armenia", "Armenians", "Azerbaijan")


def test_events_geojson_has_located_events_with_evidence(reader):
    fc = query.events_geojson(reader)
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 2
    goris = next(f for f in fc["features"] if f["properties"]["place"] == "Goris")
    assert goris["geometry"] == {"type": "Point", "coordinates": [46.3389, 39.5111]}
    props = goris["properties"]
    assert props["evidence"].startswith("В Армению")
    assert (props["article_id"], props["outlet"], props["title"]) == (
        "art-ru",
        "Kavkazsky Uzel",
        "Переселенцы в Горисе",
    )
    assert props["date_start"] == "2023-09-30" and props["count"] == 100417 and props["url"] is None


def test_table_export_and_unknown_table(reader):
    assert len(query.table(reader, "places")) == 2
    assert "languages" in query.table(reader, "articles").columns
    with pytest.raises(ValueError):
        query.table(reader, "articles; DROP TABLE articles")


@pytest.mark.parametrize(
    "text, hit",
    [("PLAIN", True), ("50%", True), ("50% off", True), ("5_%", False), ("c_d", True)]
    + [("a\\b", True), ("a\\", True), ("\\", True), ("a\\c", False), ("x", False)],
)
def test_text_patterns_match_literally_with_or_without_escape_clause(reader, text, hit):
    """`contains` leaves out the ESCAPE clause when the pattern escapes nothing (DuckDB
    then searches much faster); either way the text is matched as it is."""
    from dashboard.query.filters import contains, like_pattern

    pattern = like_pattern(text)
    sql = f"SELECT {contains('v', pattern)} AS m FROM (SELECT CAST(? AS VARCHAR) AS v) t"
    got = reader.query(sql, [pattern, "Plain 50% off a\\b c_d"])["m"][0]  # in text order
    assert bool(got) is hit
