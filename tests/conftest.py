"""Shared test data: a tiny three-article corpus built from the model dataclasses, and
real DuckDB files in tmp_path holding it (no mocked database anywhere)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.models import Article, Event, Extraction, Place, Statement
from dashboard.store import open_store

STEPANAKERT = (39.8156, 46.7519)
GORIS = (39.5111, 46.3389)


def make_corpus() -> list[Extraction]:
    """Three articles in three languages from three outlets; evidence is in each body."""
    s1 = "Azerbaijan launched an offensive on Stepanakert on 19 September 2023."
    s2 = "Nikol Pashinyan said Armenia would not be drawn into the war."
    a1 = Article(
        id="art-en",
        source="oc.html",
        body=f"{s1} {s2}",
        title="Offensive on Stepanakert",
        outlet="OC Media",
        published="2023-09-19",
        language="en",
        languages=["en"],
        url="https://example.org/oc",
    )
    r1 = "В Армению прибыли 100 417 вынужденных переселенцев, сообщили в Горисе."
    r2 = "К утру границу пересекли более 50 000 человек."
    r3 = "Ильхам Алиев заявил, что операция завершена."
    a2 = Article(
        id="art-ru",
        source="kavkaz.txt",
        body=f"{r1} {r2} {r3}",
        title="Переселенцы в Горисе",
        outlet="Kavkazsky Uzel",
        published="2023-09-30",
        language="ru",
        languages=["ru", "en"],
        url=None,
    )
    h1 = "Մարդասիրական օգնությունը հասավ հոկտեմբերին։"
    h2 = "Հրադադարը կնքվեց 2020 թվականին։"
    a3 = Article(
        id="art-hy",
        source="azatutyun.json",
        body=f"{h1} {h2}",
        title="Օգնություն",
        outlet="Azatutyun",
        published="2023-10-02",
        language="hy",
        languages=["hy"],
    )
    return [
        Extraction(
            a1,
            places=[Place("Stepanakert", "Stepanakert", *STEPANAKERT, "city", s1)],
            events=[
                Event(
                    "military",
                    s1,
                    date="2023-09-19",
                    date_precision="day",
                    place="Stepanakert",
                    lat=STEPANAKERT[0],
                    lon=STEPANAKERT[1],
                    actors=["Azerbaijan"],
                    date_source="text",
                )
            ],
            statements=[
                Statement(
                    "Nikol Pashinyan",
                    s2,
                    speaker_role="Prime Minister",
                    side="Armenia",
                    date="2023-09-19",
                    quote=None,
                    mode="indirect",
                )
            ],
        ),
        Extraction(
            a2,
            places=[Place("Goris", "Горисе", *GORIS, "city", r1)],
            events=[
                Event(
                    "evacuation",
                    r1,
                    date="2023-09-30",
                    date_precision="day",
                    place="Goris",
                    lat=GORIS[0],
                    lon=GORIS[1],
                    actors=["Armenia"],
                    count=100417,
                    count_qualifier="exact",
                    date_source="published",
                ),
                Event(
                    "evacuation",
                    r2,
                    date="2023-09-27",
                    date_precision="day",
                    actors=["Armenians"],
                    count=50000,
                    count_qualifier="more_than",
                    date_source="text",
                ),
            ],
            statements=[
                Statement(
                    "Ilham Aliyev",
                    r3,
                    speaker_role="President",
                    side="Azerbaijan",
                    date="2023-09-30",
                    quote="операция завершена",
                    mode="direct",
                )
            ],
        ),
        Extraction(
            a3,
            events=[
                Event("humanitarian", h1, date="2023-10", date_precision="month"),
                Event("ceasefire", h2, date="2020", date_precision="year"),
            ],
        ),
    ]


@pytest.fixture
def corpus() -> list[Extraction]:
    return make_corpus()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "test.duckdb")


@pytest.fixture
def populated_db(db_path: str, corpus: list[Extraction]) -> str:
    """Path of a closed DuckDB file holding `corpus`."""
    with open_store(db_path) as store:
        store.write(corpus)
    return db_path


@pytest.fixture
def reader(populated_db: str):
    """A read-only store on the populated database, closed after the test."""
    store = open_store(populated_db, read_only=True)
    yield store
    store.close()


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    """A closed DuckDB file holding the real sample corpus (data/sample) ingested through
    the real pipeline, built once per test session."""
    from dashboard.pipeline import ingest_paths

    path = str(tmp_path_factory.mktemp("sample") / "sample.duckdb")
    with open_store(path) as store:
        report = ingest_paths([ROOT / "data" / "sample"], store)
    assert not report.failed, report.failed
    return path
