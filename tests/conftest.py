"""Shared test data: a tiny three-article corpus built from the model dataclasses, and
real databases holding it (no mocked database anywhere).

Backends: the tests under tests/store, tests/query and tests/pages that use a database
(`db_path`, `populated_db`, `reader`, `sample_db`) run twice, on a DuckDB file and on a
fresh PostgreSQL database each; everywhere else `db_path` is a DuckDB file. PostgreSQL
comes from $DASHBOARD_TEST_PG_URL (a URL of a role allowed to CREATE DATABASE) or else
from a throwaway cluster started for the session (tests/pg_cluster.py). When neither is
possible the PostgreSQL half skips with the reason, except in CI (env CI set), where it
fails.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import pytest

from dashboard.models import Article, Event, Extraction, Place, Statement
from dashboard.store import open_store

BACKENDS = ("duckdb", "postgresql")
# test folders whose database tests run on every backend
BOTH_BACKENDS = ("store", "query", "pages")
PG_URL_ENV = "DASHBOARD_TEST_PG_URL"

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


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    tests = Path(__file__).resolve().parent
    try:
        folder = metafunc.definition.path.resolve().relative_to(tests).parts[0]
    except (ValueError, IndexError):
        return
    if folder in BOTH_BACKENDS and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The test's backend, "duckdb" or "postgresql" (both in `BOTH_BACKENDS` folders)."""
    return getattr(request, "param", "duckdb")


class PgServer:
    """A PostgreSQL server the tests may create databases on."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.created: list[str] = []

    def url_of(self, name: str) -> str:
        """The admin URL with its database replaced by `name`."""
        from urllib.parse import urlsplit, urlunsplit

        return urlunsplit(urlsplit(self.admin_url)._replace(path=f"/{name}"))

    def new_database(self, prefix: str = "test") -> str:
        """A new empty database (no schema yet); returns its URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            try:  # byte-order sorting like DuckDB, full Unicode LOWER()
                conn.execute(
                    f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                    "LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
                )
            except psycopg.errors.Error:
                conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
        self.created.append(name)
        return self.url_of(name)

    def drop_created(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for name in self.created:
                with contextlib.suppress(psycopg.Error):
                    conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.created.clear()


def _pg_unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"in CI the PostgreSQL tests must run, but {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def pg_server():
    """A `PgServer`: $DASHBOARD_TEST_PG_URL, or a throwaway cluster for the session."""
    try:
        import psycopg
    except ImportError:
        _pg_unavailable("psycopg is not installed (pip install -e '.[dev]')")
    url = os.environ.get(PG_URL_ENV)
    if url:
        try:
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            _pg_unavailable(f"cannot connect to ${PG_URL_ENV}: {exc}")
        server = PgServer(url)
        yield server
        server.drop_created()
        return
    from pg_cluster import ClusterUnavailable, throwaway_cluster

    try:
        cluster = throwaway_cluster()
        admin_url = cluster.__enter__()
    except ClusterUnavailable as exc:
        _pg_unavailable(f"no server could be started ({exc}); set ${PG_URL_ENV} to use one")
    try:
        yield PgServer(admin_url)
    finally:
        cluster.__exit__(None, None, None)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """URL of a new, empty PostgreSQL database (for PostgreSQL-only tests)."""
    return pg_server.new_database()


@pytest.fixture
def duckdb_file(tmp_path: Path) -> str:
    """A DuckDB file path that does not exist yet (for DuckDB-only tests)."""
    return str(tmp_path / "test.duckdb")


@pytest.fixture
def db_path(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where the test's database lives: a DuckDB file that does not exist yet, or the URL
    of a new, empty (unmigrated) PostgreSQL database."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_server").new_database()
    return str(tmp_path / "test.duckdb")


@pytest.fixture
def populated_db(db_path: str, corpus: list[Extraction]) -> str:
    """Location of a closed database holding `corpus`."""
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


def _ingest_sample(location: str) -> str:
    from dashboard.pipeline import ingest_paths

    with open_store(location) as store:
        report = ingest_paths([ROOT / "data" / "sample"], store)
    assert not report.failed, report.failed
    return location


@pytest.fixture(scope="session")
def duckdb_sample_db(tmp_path_factory) -> str:
    """A closed DuckDB file holding the real sample corpus (data/sample) ingested through
    the real pipeline, built once per test session; tests must not write to it."""
    return _ingest_sample(str(tmp_path_factory.mktemp("sample") / "sample.duckdb"))


@pytest.fixture(scope="session")
def sample_db(duckdb_sample_db: str) -> str:
    """The sample corpus in DuckDB (tests/pages/conftest.py makes it follow `backend`)."""
    return duckdb_sample_db


@pytest.fixture(scope="session")
def pg_sample_db(pg_server: PgServer) -> str:
    """URL of a PostgreSQL database holding the sample corpus, built once per session."""
    return _ingest_sample(pg_server.new_database("sample"))
