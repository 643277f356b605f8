"""Stable article ids derived from the body text."""

from __future__ import annotations

import hashlib
import unicodedata

ID_LENGTH = 16


def normalise_for_id(body: str) -> str:
    """NFKC-normalised, whitespace-collapsed, lower-cased body."""
    return " ".join(unicodedata.normalize("NFKC", body).split()).lower()


def article_id(body: str) -> str:
    """First 16 hex characters of the SHA-256 of the normalised body: the same text read
    from two files (or with different line breaks) gets the same id."""
    digest = hashlib.sha256(normalise_for_id(body).encode("utf-8")).hexdigest()
    return digest[:ID_LENGTH]
