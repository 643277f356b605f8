"""Records from .jsonl and .json files."""

from __future__ import annotations

import json

from ingest_helpers import write

from dashboard.models import Article, IngestFailure

EN_TEXT = (
    "Thousands of people crossed the border on Tuesday, officials said.\n"
    "Aid groups set up tents and kitchens near the checkpoint to help the new arrivals."
)
RU_TEXT = (
    "Во вторник границу пересекли тысячи человек, сообщили официальные лица.\n"
    "Гуманитарные организации установили палатки и полевые кухни у пропускного пункта."
)
ES_TEXT = (
    "Miles de personas cruzaron la frontera el martes, según informaron las autoridades.\n"
    "Las organizaciones humanitarias instalaron tiendas y cocinas cerca del puesto de control."
)


def test_jsonl_broken_line_in_the_middle(tmp_path, ingest):
    lines = [
        json.dumps({"text": EN_TEXT, "title": "Crossing", "published": "September 26, 2023"}),
        '{"text": "Broken record" "title": "missing comma"}',
        "",
        json.dumps(
            {"text": RU_TEXT, "outlet": "Вестник", "published": "26.09.2023", "language": "ru-RU"},
            ensure_ascii=False,
        ),
        json.dumps({"title": "No body here"}),
        json.dumps(["not", "an", "object"]),
        json.dumps(
            {"text": ES_TEXT, "published": "2023-09-26T10:15:00Z", "url": "https://example.org/x"}
        ),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    results = ingest(path)
    assert [type(r).__name__ for r in results] == [
        "Article",
        "IngestFailure",
        "Article",
        "IngestFailure",
        "IngestFailure",
        "Article",
    ]
    en, broken, ru, no_body, not_object, es = results
    assert en.source == f"{path}:1" and en.title == "Crossing" and en.published == "2023-09-26"
    assert en.language == "en" and en.body == EN_TEXT.replace("\n", "\n\n")
    assert broken.source == f"{path}:2"
    assert broken.reason == "line 2: invalid JSON (Expecting ',' delimiter at column 26)"
    assert ru.source == f"{path}:4"
    assert (ru.language, ru.outlet, ru.published) == ("ru", "Вестник", "2023-09-26")
    assert ru.languages == ["ru"]
    assert no_body.source == f"{path}:5" and "no 'text' or 'html'" in no_body.reason
    assert not_object.reason == "line 6: expected a JSON object, got a list"
    assert es.source == f"{path}:7" and es.language == "es" and es.url == "https://example.org/x"
    assert es.published == "2023-09-26"


def test_jsonl_given_language_wins_but_languages_are_detected(tmp_path, ingest):
    record = {"text": EN_TEXT + "\n" + RU_TEXT.splitlines()[0], "language": "en"}
    (article,) = ingest(write(tmp_path / "one.jsonl", json.dumps(record, ensure_ascii=False)))
    assert article.language == "en"
    assert article.languages == ["en", "ru"]


def test_json_list_and_single_object(tmp_path, ingest):
    html = (
        "<html><head><title>Talks</title><meta property='og:site_name' content='Ledger'></head>"
        f"<body><article><p>{EN_TEXT}</p><p>{EN_TEXT}</p></article></body></html>"
    )
    items = [
        {"text": ES_TEXT, "published": "26 de septiembre de 2023"},
        {"html": html, "published": "Tue, 26 Sep 2023 08:00:00 GMT"},
        42,
    ]
    listed = write(tmp_path / "list.json", json.dumps(items))
    single = write(tmp_path / "single.json", json.dumps({"text": RU_TEXT}, ensure_ascii=False))
    results = ingest(listed, single)
    assert [type(r) for r in results] == [Article, Article, IngestFailure, Article]
    es, from_html, bad, ru = results
    assert es.source == f"{listed}#1" and es.published == "2023-09-26" and es.language == "es"
    assert from_html.source == f"{listed}#2" and from_html.outlet == "Ledger"
    assert from_html.published == "2023-09-26"
    assert "Thousands of people crossed the border" in from_html.body
    assert bad.source == f"{listed}#3" and "got a number" in bad.reason
    assert ru.source == str(single) and ru.language == "ru"


def test_json_and_jsonl_failures(tmp_path, ingest):
    empty = write(tmp_path / "empty.jsonl", "")
    blank = write(tmp_path / "blank.jsonl", "\n  \n")
    broken = write(tmp_path / "broken.json", '{"text": "x",,}')
    scalar = write(tmp_path / "scalar.json", '"just a string"')
    empty_text = write(tmp_path / "emptytext.jsonl", json.dumps({"text": "   "}))
    results = ingest(empty, blank, broken, scalar, empty_text)
    assert all(isinstance(r, IngestFailure) for r in results)
    reasons = [r.reason for r in results]
    assert reasons[0] == "file is empty"
    assert "whitespace" in reasons[1]
    assert reasons[2].startswith("invalid JSON (Expecting property name")
    assert reasons[3] == "expected a JSON object or a list of objects, got a string"
    assert reasons[4] == "line 1: record text is empty"
    assert results[4].source == f"{empty_text}:1"


def test_jsonl_line_over_the_limit_is_skipped(tmp_path, ingest):
    big = json.dumps({"text": "word " * 400})
    small = json.dumps({"text": EN_TEXT})
    path = write(tmp_path / "sizes.jsonl", big + "\n" + small + "\n")
    over, ok = ingest(path, max_bytes=1000)
    assert isinstance(over, IngestFailure) and over.source == f"{path}:1"
    assert "over the 1000 bytes limit" in over.reason
    assert isinstance(ok, Article) and ok.source == f"{path}:2"
