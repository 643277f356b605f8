"""Issue 5, item 3: ingesting the same folder twice, or the same article under two file
names or in another encoding or line-ending convention, changes no counts.

The article id is the hash of the normalised body (NFKC, whitespace collapsed, lower
case; see dashboard.ingest.ids), and the decoder strips byte-order marks, so the variants
below are, by decision, the same article. Facts have content-hash ids, so a second write
of the same article can never add rows either.
"""

from __future__ import annotations

import json
import shutil
import unicodedata

from reliability_helpers import (
    SAMPLE,
    check_database,
    fact_ids_by_article,
    parse_summary,
    record,
    run_cli,
)

from dashboard.ingest import iter_inputs
from dashboard.models import Article
from dashboard.pipeline import ingest_paths
from dashboard.store import open_store

BODY = (
    "Más de 100.000 personas llegaron a Goris el 30 de septiembre de 2023, "
    "informó el Gobierno armenio.\n\n"
    "Según el Comité Internacional de la Cruz Roja, la evacuación desde Stepanakert "
    "continuó durante la noche.\n"
)


def test_same_folder_twice_changes_nothing(tmp_path):
    db = str(tmp_path / "twice.duckdb")
    with open_store(db) as store:
        first = ingest_paths([SAMPLE], store)
    counts = check_database(db)
    rows = fact_ids_by_article(db)
    with open_store(db) as store:
        second = ingest_paths([SAMPLE], store)
    assert first.new > 20 and not first.failed
    assert second.new == 0 and second.facts == 0 and not second.failed
    assert second.unchanged == first.new + first.unchanged
    assert check_database(db) == counts and fact_ids_by_article(db) == rows

    # and a third time through the command line
    done = run_cli("ingest", str(SAMPLE), "--db", db)
    assert done.returncode == 0, done.stderr[-2000:]
    assert parse_summary(done.stdout) == {
        "new": 0,
        "unchanged": second.unchanged,
        "failed": 0,
        "facts": 0,
    }
    assert check_database(db) == counts and fact_ids_by_article(db) == rows
    record(
        "idempotency_same_folder",
        runs=3,
        articles=first.new,
        facts=first.facts,
        new_on_rerun=second.new,
        unchanged_on_rerun=second.unchanged,
        counts_changed=0,
    )


def _variants(folder):
    """The same article as the files below: name -> bytes."""
    lf = BODY
    nfd = unicodedata.normalize("NFD", lf)
    assert nfd != lf
    return {
        "a.txt": lf.encode("utf-8"),
        "copy of a.txt": lf.encode("utf-8"),
        "sub/a.txt": lf.encode("utf-8"),
        "crlf.txt": lf.replace("\n", "\r\n").encode("utf-8"),
        "cr.txt": lf.replace("\n", "\r").encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + lf.encode("utf-8"),
        "bom_crlf.txt": b"\xef\xbb\xbf" + lf.replace("\n", "\r\n").encode("utf-8"),
        "utf16.txt": lf.encode("utf-16"),
        "latin1.txt": lf.encode("latin-1"),
        "cp1252.txt": lf.encode("cp1252"),
        "nfd.txt": nfd.encode("utf-8"),
        "extra_blank_lines.txt": ("\n\n\n" + lf.replace("\n\n", "\n\n\n\n") + "\n\n").encode(),
        "trailing_spaces.txt": "\n".join(line + "   " for line in lf.split("\n")).encode(),
        "tabs.txt": lf.replace(" ", "\t", 3).encode("utf-8"),
        "record.jsonl": ('{"text": ' + json.dumps(lf) + ', "outlet": "Muestra"}\n').encode(),
        "record.json": ('{"text": ' + json.dumps(lf.replace("\n", "\r\n")) + "}").encode(),
    }


def test_same_article_under_other_names_encodings_and_line_endings(tmp_path):
    folder = tmp_path / "same"
    variants = _variants(folder)
    for name, data in variants.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    items = list(iter_inputs([folder]))
    assert all(isinstance(i, Article) for i in items), [str(i) for i in items]
    assert len({i.id for i in items}) == 1, {i.source: i.id for i in items}

    db = str(tmp_path / "same.duckdb")
    with open_store(db) as store:
        report = ingest_paths([folder], store)
        stored = store.query("SELECT source FROM articles")
    assert (report.new, report.unchanged, len(report.failed)) == (1, len(variants) - 1, 0)
    assert check_database(db)["articles"] == 1
    # the first file in walk order is the one stored; the others changed nothing
    assert stored["source"].tolist() == [str(folder / "a.txt")]

    # a second folder holding a copy, given together with the first: still one article
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(folder / "a.txt", other / "renamed.txt")
    with open_store(db) as store:
        again = ingest_paths([other, folder], store)
    assert again.new == 0 and again.unchanged == len(variants) + 1
    assert check_database(db)["articles"] == 1
    record(
        "idempotency_same_article",
        variants=len(variants) + 1,
        kinds="two names, a subfolder, CRLF, CR, BOM, UTF-16, Latin-1, cp1252, NFD, "
        "blank lines, trailing spaces, tabs, JSON Lines and JSON records",
        distinct_ids=1,
        stored=1,
    )


def test_different_articles_are_not_merged(tmp_path):
    """The other side of the decision: one changed word is another article."""
    folder = tmp_path / "diff"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY, "utf-8")
    (folder / "b.txt").write_text(BODY.replace("100.000", "100.001"), "utf-8")
    (folder / "c.txt").write_text(BODY + "\nUna frase más.\n", "utf-8")
    ids = {i.id for i in iter_inputs([folder])}
    assert len(ids) == 3
