"""Walking, size limit, decoding: every bad input becomes a failure with a clear reason."""

from __future__ import annotations

import os

from ingest_helpers import only_article, only_failure, write

from dashboard.ingest import DEFAULT_MAX_BYTES
from dashboard.ingest.files import human_size
from dashboard.models import Article, IngestFailure

ARTICLE_EN = (
    "Border talks to resume next month\n\n"
    "The two foreign ministers agreed to meet again in October, a spokesperson said on Friday.\n\n"
    "The talks will focus on the border commission and on the reopening of transport links.\n"
)


def test_empty_file(tmp_path, ingest):
    path = write(tmp_path / "empty.txt", b"")
    failure = only_failure(ingest(path))
    assert failure.source == str(path)
    assert failure.reason == "file is empty"


def test_whitespace_only_file(tmp_path, ingest):
    path = write(tmp_path / "blank.txt", "  \n\n\t \r\n   \n")
    failure = only_failure(ingest(path))
    assert "empty" in failure.reason and "whitespace" in failure.reason


def test_binary_file_with_nul_bytes(tmp_path, ingest):
    path = write(tmp_path / "picture.html", bytes(range(256)) * 8)
    failure = only_failure(ingest(path))
    assert "binary" in failure.reason


def test_undecodable_bytes_without_nul(tmp_path, ingest):
    noise = bytes(((i * 131 + 7) % 31) + 1 for i in range(3000))  # control bytes, no NUL
    failure = only_failure(ingest(write(tmp_path / "noise.txt", noise)))
    assert "binary" in failure.reason or "encoding" in failure.reason


def test_cp1251_russian_text_is_decoded(tmp_path, ingest):
    text = (
        "Переговоры продолжатся в Брюсселе\n\n"
        "Министры иностранных дел договорились встретиться снова в следующем месяце, "
        "сообщил в пятницу представитель ведомства.\n\n"
        "Главными темами станут работа пограничной комиссии и открытие транспортных путей.\n"
    )
    path = write(tmp_path / "ru_legacy.txt", text.encode("cp1251"))
    article = only_article(ingest(path))
    assert article.title == "Переговоры продолжатся в Брюсселе"
    assert article.body.startswith("Министры иностранных дел договорились")
    assert article.language == "ru"


def test_latin1_french_text_is_decoded(tmp_path, ingest):
    text = (
        "Les négociations reprendront à Bruxelles\n\n"
        "Les deux ministres se sont mis d'accord pour se revoir le mois prochain, "
        "a déclaré vendredi un porte-parole du ministère.\n\n"
        "Les discussions porteront sur la commission frontalière et les liaisons de transport.\n"
    )
    path = write(tmp_path / "fr_legacy.txt", text.encode("latin-1"))
    article = only_article(ingest(path))
    assert article.title == "Les négociations reprendront à Bruxelles"
    assert "a déclaré vendredi un porte-parole du ministère." in article.body
    assert article.language == "fr"


def test_utf8_with_bom(tmp_path, ingest):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ARTICLE_EN.encode("utf-8"))
    article = only_article(ingest(path))
    assert article.title == "Border talks to resume next month"


def test_file_over_the_size_limit(tmp_path, ingest):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(int(7.2 * 1024 * 1024))  # sparse: the size is all that is checked
    failure = only_failure(ingest(path, max_bytes=DEFAULT_MAX_BYTES))
    assert failure.reason == "file is 7.2 MB, over the 5 MB limit"

    small = write(tmp_path / "small.txt", ARTICLE_EN)
    failure = only_failure(ingest(small, max_bytes=100))
    assert "over the 100 bytes limit" in failure.reason


def test_human_size():
    assert human_size(5 * 1024 * 1024) == "5 MB"
    assert human_size(1536) == "1.5 KB"
    assert human_size(12) == "12 bytes"


def test_missing_path(tmp_path, ingest):
    missing = tmp_path / "nowhere" / "article.txt"
    failure = only_failure(ingest(missing))
    assert failure.source == str(missing)
    assert failure.reason == "no such file or folder"


def test_unsupported_file_named_explicitly(tmp_path, ingest):
    failure = only_failure(ingest(write(tmp_path / "notes.md", "# notes")))
    assert "unsupported file type" in failure.reason


def test_folder_walk_is_recursive_sorted_and_skips_hidden_and_readme(tmp_path, ingest):
    root = tmp_path / "inbox"
    for rel in ["b/2.txt", "a.txt", "c/d/1.htm", "b/1.txt", "z.json"]:
        write(root / rel, "")  # empty files: each gives one failure, in walk order
    for rel in [
        ".hidden.txt",
        ".git/objects.txt",
        "README.md",
        "README.txt",
        "notes.md",
        "data.csv",
    ]:
        write(root / rel, ARTICLE_EN)
    results = ingest(str(root))
    assert all(isinstance(r, IngestFailure) for r in results)
    assert [r.source for r in results] == [
        os.path.join(str(root), *rel.split("/"))
        for rel in ["a.txt", "b/1.txt", "b/2.txt", "c/d/1.htm", "z.json"]
    ]


def test_empty_folder(tmp_path, ingest):
    (tmp_path / "nothing").mkdir()
    write(tmp_path / "nothing" / "notes.md", "x")
    failure = only_failure(ingest(tmp_path / "nothing"))
    assert "no .html" in failure.reason


def test_same_text_in_two_files_gets_the_same_id(tmp_path, ingest):
    first = write(tmp_path / "one.txt", ARTICLE_EN)
    # same article, other line breaks and spacing, inside a folder
    second = write(
        tmp_path / "copy" / "two.txt",
        ARTICLE_EN.replace("\n\n", "\n\n\n").replace(" on Friday", "  on Friday"),
    )
    other = write(tmp_path / "other.txt", ARTICLE_EN.replace("October", "November"))
    a, b, c = ingest(first, second, other)
    assert isinstance(a, Article) and isinstance(b, Article) and isinstance(c, Article)
    assert a.id == b.id != c.id
    assert len(a.id) == 16 and int(a.id, 16) >= 0
    assert a.source != b.source


def test_bad_files_do_not_stop_the_walk(tmp_path, ingest):
    write(tmp_path / "in" / "1_empty.txt", "")
    write(tmp_path / "in" / "2_good.txt", ARTICLE_EN)
    write(tmp_path / "in" / "3_binary.txt", b"\x00\x01\x02" * 50)
    results = ingest(tmp_path / "in", tmp_path / "missing.txt")
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["IngestFailure", "Article", "IngestFailure", "IngestFailure"]
