"""The real saved page in ../shared/seeds, checked against our gold annotation.

The page itself is not copied into this repository: it is read from the shared folder
next to the project, and the expected article sentences are kept here only as SHA-256
digests (length, first 16 hex digits), so the test checks exact text without holding it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from ingest_helpers import only_article

SHARED = Path(os.environ.get("DASHBOARD_SHARED") or Path(__file__).resolve().parents[3] / "shared")
SEED = SHARED / "seeds" / "000_e861dd76286c35ca.txt"

TITLE_DIGEST = "d029023809b620c4"
# (length, digest) of fragments the body must contain: the first sentence's opening and
# the quoted call at the end of the last paragraph.
MUST_CONTAIN = [(67, "2c129da1f2a7ba66"), (53, "2899f0cf34c1fe8b")]
# (length, digest) of the platform tagline and of related-article and menu lines.
MUST_NOT_CONTAIN = [
    (26, "704e34436f4de27b"),
    (43, "983aaf40c1d2245d"),
    (31, "34d15d59708b1c00"),
    (24, "170990116fdef911"),
    (14, "b5f9b2002acddfff"),
    (17, "e1559f5b3998d428"),
]
GENERIC_JUNK = [
    "Comment (0)",
    "No data",
    "Même sujet",
    "Même catégorie",
    "Même auteur",
    "No videos available",
]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def contains_digest(text: str, length: int, expected: str) -> bool:
    return any(digest(text[i : i + length]) == expected for i in range(len(text) - length + 1))


@pytest.fixture
def seed_path() -> Path:
    if not SEED.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"seed file missing in CI: {SEED}")
        pytest.skip(f"seed file not available here: {SEED}")
    return SEED


def test_seed_saved_page(seed_path, ingest):
    article = only_article(ingest(seed_path))
    assert digest(article.title) == TITLE_DIGEST
    assert article.outlet == "Báo Quốc Tế"
    assert article.published == "2023-09-20"
    assert article.language == "fr"
    assert "vi" in article.languages and article.languages[0] == "fr"
    for length, expected in MUST_CONTAIN:
        assert contains_digest(article.body, length, expected)
    for length, expected in MUST_NOT_CONTAIN:
        assert not contains_digest(article.body, length, expected)
    for junk in GENERIC_JUNK:
        assert junk not in article.body


def test_seed_body_is_an_exact_copy_of_the_article_lines(seed_path, ingest):
    article = only_article(ingest(seed_path))
    lines = [line.strip() for line in seed_path.read_text(encoding="utf-8").splitlines()]
    # every paragraph is a line of the file, character for character, in file order
    positions = [lines.index(p) for p in article.body.split("\n\n")]
    assert positions == sorted(positions)
    # nothing before the byline (header, title) and nothing after the end marker
    marker = lines.index("Source")
    assert positions[-1] < marker
    assert lines[0] not in article.body and article.title not in article.body
    for line in lines[marker:]:
        if line:
            assert line not in article.body.split("\n\n")
