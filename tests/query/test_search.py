"""Article search on both backends: whole words and phrases, any case and accent, Latin,
Cyrillic and Armenian, best matches first, the matching sentence; the same answers from
DuckDB and PostgreSQL; a database from before search (v2) searchable after migrating;
`dashboard copy` carries the search along."""

from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest

from dashboard import query
from dashboard.cli import main
from dashboard.models import Article, Extraction
from dashboard.query import Filters, search
from dashboard.store import migrate as migrate_module
from dashboard.store import open_store
from dashboard.store.copy import copy_store
from dashboard.store.migrate import BACKENDS, migrations
from dashboard.store.rows import extraction_rows

_EXTRA = [  # besides the shared corpus: accents, a title match, a repeated word, Cyrillic ё
    Article(
        id="art-fr",
        source="fr.html",
        title="Réfugiés à Goris",
        body=(
            "Les réfugiés arrivent à Goris depuis Stepanakert. Le Haut-Karabagh se vide. "
            "À Goris, les réfugiés attendent un abri."
        ),
        outlet="Sample outlet FR",
        published="2023-09-28",
        language="fr",
        languages=["fr"],
    ),
    Article(
        id="art-az",
        source="az.html",
        title="Ağdam",
        body="Ağdam rayonunda yeni yol açıldı. Stepanakert yolu bağlıdır.",
        outlet="Sample outlet AZ",
        published="2023-09-25",
        language="az",
        languages=["az"],
    ),
    Article(
        id="art-ru2",
        source="ru2.txt",
        title="Новости",
        body="Ещё одна ёлка появилась в Ереване. Подробности позже.",
        outlet="Kavkazsky Uzel",
        published="2023-12-30",
        language="ru",
        languages=["ru"],
    ),
]


def _corpus(corpus: list[Extraction]) -> list[Extraction]:
    return [*corpus, *(Extraction(a) for a in _EXTRA)]


@pytest.fixture
def searchable(db_path: str, corpus: list[Extraction]):
    with open_store(db_path) as store:
        store.write(_corpus(corpus))
    with open_store(db_path, read_only=True) as store:
        yield store


def _ids(store, text: str, **kw) -> list[str]:
    return query.articles(store, Filters(text=text), **kw)["id"].tolist()


def test_words_any_case_and_accent_in_three_scripts(searchable):
    assert _ids(searchable, "STEPANAKERT")[0] == "art-en"  # also in the title
    assert set(_ids(searchable, "stepanakert")) == {"art-en", "art-fr", "art-az"}
    assert _ids(searchable, "refugies") == ["art-fr"]  # é typed without its accent
    assert _ids(searchable, "RÉFUGIÉS") == ["art-fr"]
    assert _ids(searchable, "agdam") == ["art-az"]
    assert _ids(searchable, "ГОРИСЕ") == ["art-ru"]  # Cyrillic, upper case
    assert _ids(searchable, "елка") == ["art-ru2"] == _ids(searchable, "Ёлка")
    assert _ids(searchable, "ՕԳՆՈՒԹՅՈՒՆԸ") == ["art-hy"]  # Armenian, upper case
    assert _ids(searchable, "Հրադադարը") == ["art-hy"]


def test_whole_words_all_of_them(searchable):
    assert _ids(searchable, "stepan") == []  # a word, not a substring
    assert _ids(searchable, "goris refugies") == ["art-fr"]  # every word must occur
    assert _ids(searchable, "goris nowhere") == []


def test_phrases_and_hyphenated_words_keep_their_order(searchable):
    assert _ids(searchable, '"offensive on Stepanakert"') == ["art-en"]
    assert _ids(searchable, '"Stepanakert on offensive"') == []
    assert _ids(searchable, "«haut karabagh»") == ["art-fr"]
    assert _ids(searchable, "Haut-Karabagh") == ["art-fr"]
    assert _ids(searchable, "karabagh-haut") == []
    # a phrase does not run from the title into the body
    assert _ids(searchable, '"goris les refugies arrivent"') == []
    assert _ids(searchable, '"les refugies arrivent"') == ["art-fr"]


def test_best_match_first_then_newest(searchable):
    df = query.articles(searchable, Filters(text="stepanakert"))
    assert df["id"].tolist() == ["art-en", "art-fr", "art-az"]  # title word counts 3
    assert df["score"].tolist() == [4, 1, 1]
    # ties: the newest first (fr 2023-09-28 before az 2023-09-25)
    assert query.articles(searchable, Filters(text="goris"))["id"].tolist()[:1] == ["art-fr"]


def test_matching_sentence_is_listed(searchable):
    df = query.articles(searchable, Filters(text="abri goris"), limit=10)
    assert df["match"].tolist() == ["À Goris, les réfugiés attendent un abri."]
    df = query.articles(searchable, Filters(text="Stepanakert"), limit=10)
    assert df.set_index("id")["match"]["art-az"] == "Stepanakert yolu bağlıdır."
    # in another order, the sentence is still there
    df = query.articles(searchable, Filters(text="goris"), limit=10, order=[("published", True)])
    assert df["id"].tolist()[-1] == "art-fr"
    assert "Goris" in df["match"].tolist()[-1]


def test_count_and_other_filters_combine(searchable):
    assert query.count_articles(searchable, Filters(text="stepanakert")) == 3
    only_az = Filters(text="stepanakert", languages=("az",))
    assert query.count_articles(searchable, only_az) == 1
    assert _ids(searchable, "stepanakert", limit=5) == ["art-en", "art-fr", "art-az"]
    assert query.articles(searchable, only_az)["id"].tolist() == ["art-az"]
    late = Filters(text="stepanakert", date_from=date(2023, 9, 26))
    assert query.count_articles(searchable, late) == 1
    assert query.articles(searchable, late, limit=5)["id"].tolist() == ["art-fr"]


def test_nothing_to_search_is_no_filter(searchable):
    assert search.parse(" ... !!! ") is None
    assert query.count_articles(searchable, Filters(text="!!!")) == 6


def test_query_text_is_data(searchable):
    for hostile in ("'; DROP TABLE articles; --", "%", "_", "\\", '"'):
        query.articles(searchable, Filters(text=hostile), limit=5)  # no error, no effect
        query.count_articles(searchable, Filters(text=hostile))
    assert query.count_articles(searchable, Filters()) == 6


QUERIES = (
    "stepanakert",
    "goris",
    "Goris réfugiés",
    '"offensive on"',
    '"offensive on Stepanakert"',
    '"les refugies arrivent"',
    "ёлка",
    "Օգնություն",
    "2023",
    "nothing-here",
)


def _answers(store) -> list:
    out = []
    for text in QUERIES:
        df = query.articles(store, Filters(text=text), limit=50)
        out.append(
            (
                text,
                df["id"].tolist(),
                df["score"].tolist() if "score" in df else None,
                df["match"].tolist() if "match" in df else None,
                query.count_articles(store, Filters(text=text)),
            )
        )
    return out


def test_both_backends_give_the_same_answers(tmp_path, pg_server, corpus):
    answers = []
    for location in (str(tmp_path / "s.duckdb"), pg_server.new_database()):
        with open_store(location) as store:
            store.write(_corpus(corpus))
        with open_store(location, read_only=True) as store:
            answers.append(_answers(store))
    assert answers[0] == answers[1]
    assert any(ids for _, ids, *_ in answers[0])


@pytest.fixture
def only_v2(monkeypatch, tmp_path):
    """The migrations as they were before search (versions 1 and 2); undone by calling
    the returned function."""
    folder = tmp_path / "migrations_v2"
    shutil.copytree(migrate_module.MIGRATIONS_DIR, folder)
    for backend in BACKENDS:
        for path in (folder / backend).glob("*.sql"):
            if int(path.name[:4]) > 2:
                path.unlink()
    real = migrate_module.MIGRATIONS_DIR
    monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", folder)
    migrations.cache_clear()

    def restore() -> None:
        monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", real)
        migrations.cache_clear()

    yield restore
    migrations.cache_clear()


def test_database_from_before_search_is_searchable_after_migrate(db_path, corpus, only_v2):
    from dashboard.store.schema import column_list

    with open_store(db_path) as store:
        assert store.migrate().after == 2
        for ex in _corpus(corpus):  # as the v2 code stored articles: no search rows
            values = (*extraction_rows(ex).article, datetime(2024, 1, 1))
            marks = ", ".join("?" for _ in values)
            store.query(
                f"INSERT INTO articles ({column_list('articles')}) VALUES ({marks})", values
            )
    only_v2()
    assert main(["migrate", "--db", db_path]) == 0
    with open_store(db_path, read_only=True) as store:
        assert set(_ids(store, "Stepanakert")) == {"art-en", "art-fr", "art-az"}
        assert _ids(store, '"haut karabagh"') == ["art-fr"]
        assert query.count_articles(store, Filters(text="goris")) == 1


def test_copy_carries_the_search(tmp_path, db_path, corpus):
    source = str(tmp_path / "source.duckdb")
    with open_store(source) as store:
        store.write(_corpus(corpus))
    with open_store(source, read_only=True) as src, open_store(db_path) as target:
        copy_store(src, target, batch=2)
        copy_store(src, target, batch=2)  # again: nothing doubles
    with open_store(db_path, read_only=True) as store:
        assert _ids(store, "stepanakert") == ["art-en", "art-fr", "art-az"]
        terms = store.query("SELECT COUNT(*) AS n FROM article_terms")["n"][0]
    with open_store(source, read_only=True) as store:
        assert store.query("SELECT COUNT(*) AS n FROM article_terms")["n"][0] == terms


def test_parse_folds_words_and_keeps_phrases():
    from dashboard.store.terms import fold, words

    parsed = search.parse('«Haut-Karabagh» Réfugiés "Lachin corridor" Goris')
    assert parsed.terms == ("haut", "karabagh", "lachin", "corridor", "refugies", "goris")
    assert parsed.phrases == (("haut", "karabagh"), ("lachin", "corridor"))
    assert fold("ŞUŞA Ёлка ﬁne") == "susa елка fine"
    assert words("Ստեփանակերտ, 19-20 սեպտեմբերի_2023") == [
        "ստեփանակերտ",
        "19",
        "20",
        "սեպտեմբերի",
        "2023",
    ]


def _phrases_of(articles: list[Article]) -> list[str]:
    """Runs of two and three consecutive words from every article's title and body (in
    their own case and accents), and pairs of its words that are not consecutive."""
    out = []
    for art in articles:
        for text in (art.title, art.body):
            seq = (text or "").split()
            out += [" ".join(seq[i : i + 2]) for i in range(0, len(seq) - 1, 3)]
            out += [" ".join(seq[i : i + 3]) for i in range(1, len(seq) - 2, 4)]
            out += [f"{seq[i]} {seq[i + 2]}" for i in range(0, len(seq) - 2, 5)]
    return out


def _expected(articles: list[Article], text: str) -> dict[str, int]:
    """Article id -> score of `text` as a quoted phrase, from the words themselves: its
    words in order within the title or within the body, scored by their hits."""
    from dashboard.store.terms import TITLE_WEIGHT, word_text, words

    phrase = words(text)
    found = {}
    for art in articles:
        title, body = words(art.title), words(art.body)
        if not any(word_text(phrase) in word_text(seq) for seq in (title, body)):
            continue
        found[art.id] = sum(body.count(w) + TITLE_WEIGHT * title.count(w) for w in set(phrase))
    return found


def test_phrases_are_found_exactly_in_three_scripts(searchable, corpus):
    """Every quoted phrase finds exactly the articles holding its words in that order
    (Latin, Cyrillic, Armenian), with the words' score; word pairs answer two-word
    phrases, longer ones are checked in the words."""
    articles = [ex.article for ex in _corpus(corpus)]
    phrases = _phrases_of(articles)
    scripts = {"hy": "Օգնություն", "ru": "Горисе", "fr": "Réfugiés"}
    for word in scripts.values():
        assert any(word.casefold() in p.casefold() for p in phrases)
    checked = 0
    for text in phrases:
        if len(search.parse(f'"{text}"').terms) < 2:
            continue
        expected = _expected(articles, text)
        df = query.articles(searchable, Filters(text=f'"{text}"'), 50)
        assert dict(zip(df["id"], df["score"], strict=True)) == expected, text
        assert query.count_articles(searchable, Filters(text=f'"{text}"')) == len(expected)
        checked += bool(expected)
    assert checked > 20


def test_a_phrase_needs_its_order_and_scores_each_word_once(searchable):
    assert _ids(searchable, '"Goris depuis"') == ["art-fr"]
    assert _ids(searchable, '"depuis Goris"') == []  # both words there, not in this order
    assert _ids(searchable, "Goris depuis") == ["art-fr"]
    from dashboard.store.terms import search_rows, term_key

    # the scoring keys' hits add up to the words' hits, a doubled word counted once
    title, body = "Very very late", "It was very, very late. Late again: very late news."
    rows, _ = search_rows("a", title, body, None)
    hits = {key: n for key, _, _, n in rows}
    for text in ('"very very late"', '"very late" news', '"late late"', "very late"):
        found = search.parse(text)
        required, scoring, _ = found.keys()
        words = {t: hits.get(term_key(t), 0) for t in found.terms}
        if all(k in hits for k in required):
            assert sum(hits[k] for k in scoring) == sum(words.values()), text
        else:
            assert text == '"late late"'  # not consecutive anywhere


def _decoys_and_matches() -> list[Extraction]:
    """Articles holding every pair of "red river bridge" but not the phrase (more hits,
    so ranked first), and some holding it, on alternating dates."""
    out = []
    for i in range(9):
        decoy = i % 3 != 2
        body = (
            "The red river flows fast. The river bridge is closed. " * (3 if decoy else 1)
            if decoy
            else "Trucks crossed the red river bridge at noon."
        )
        out.append(
            Extraction(
                Article(
                    id=f"rrb-{i}",
                    source=f"rrb-{i}.txt",
                    title="River news",
                    body=body,
                    outlet="Sample outlet RRB",
                    published=f"2023-10-{10 + i:02d}",
                    language="en",
                    languages=["en"],
                )
            )
        )
    return out


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 50])
def test_long_phrases_are_checked_best_first_in_chunks(db_path, corpus, limit):
    """A list with a phrase of three words takes the candidates (every pair held) best
    first a few at a time and checks each in its text: the same rows as checking all
    of them, however many decoys rank before the matches."""
    with open_store(db_path) as store:
        store.write([*_corpus(corpus), *_decoys_and_matches()])
    with open_store(db_path, read_only=True) as store:
        f = Filters(text='"red river bridge"')
        everything = query.articles(store, f)  # no limit: checked in the database
        assert sorted(everything["id"]) == ["rrb-2", "rrb-5", "rrb-8"]
        assert query.count_articles(store, f) == 3
        listed = query.articles(store, f, limit)
        assert listed["id"].tolist() == everything["id"].tolist()[:limit]
        assert listed["score"].tolist() == everything["score"].tolist()[:limit]
        assert all("red river bridge" in m for m in listed["match"])
        assert _ids(store, '"river bridge is"', limit=2) == ["rrb-7", "rrb-6"]
        assert _ids(store, '"bridge river red"', limit=limit) == []  # pairs absent
        # every pair in the decoys, the phrase nowhere: all candidates fail their check
        assert _ids(store, '"red river bridge is"', limit=limit) == []
        assert query.count_articles(store, Filters(text='"red river bridge is"')) == 0
