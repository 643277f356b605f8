"""Walking the inputs, enforcing the size limit and decoding bytes to text.

Every problem is reported as a human sentence (an `InputError`), never as a traceback, so
that the caller can turn it into an `IngestFailure` and go on with the next file.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".html", ".htm", ".txt", ".jsonl", ".json")
_SUPPORTED_TEXT = ", ".join(SUPPORTED_SUFFIXES[:-1]) + " or " + SUPPORTED_SUFFIXES[-1]

# Legacy encodings tried after UTF-8, most common first; among the candidates that decode
# cleanly and read equally well, the earlier one wins (short Latin texts are otherwise
# easily taken for a Baltic or Central European code page).
PREFERRED_ENCODINGS = (
    "utf_8",
    "cp1252",
    "latin_1",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "cp1250",
    "iso8859_2",
    "cp1254",
    "iso8859_9",
    "cp1256",
    "iso8859_6",
    "cp1258",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "iso8859_5",
    "mac_cyrillic",
)
_CHAOS_TOLERANCE = 0.05
# valid non-ASCII UTF-8 characters per stray byte for a file to be read as UTF-8 anyway
_MOSTLY_UTF8_RATIO = 2
_BINARY_SAMPLE = 8192


class InputError(Exception):
    """A raw input that cannot be read; the message is a sentence for the user."""


@dataclass(frozen=True)
class InputFile:
    source: str  # the path as the user gave it (joined with the relative path in a folder)
    path: Path

    @property
    def kind(self) -> str:
        """The reader to use: "html", "text", "jsonl" or "json"."""
        suffix = self.path.suffix.lower()
        return {".html": "html", ".htm": "html", ".txt": "text"}.get(suffix, suffix[1:])


def human_size(n: int) -> str:
    """5242880 → "5 MB", 7549747 → "7.2 MB", 900 → "900 bytes"."""
    if n < 1024:
        return f"{n} byte" if n == 1 else f"{n} bytes"
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            value = n / scale
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{text} {unit}"
    return f"{n} bytes"  # pragma: no cover


def _is_skipped(name: str) -> bool:
    return name.startswith(".") or name.casefold().startswith("readme")


def iter_files(given: str | Path) -> Iterator[InputFile | tuple[str, str]]:
    """The supported files at `given` (a file, or a folder walked recursively in name order).

    Problems come out as (source, reason) pairs: a missing path, an unsupported file type
    named explicitly, a folder without any supported file.
    """
    source = os.fspath(given)
    path = Path(given)
    try:
        if path.is_dir():
            found = False
            for item in _walk(path, source, seen=set()):
                found = True
                yield item
            if not found:
                yield source, f"folder contains no {_SUPPORTED_TEXT} files"
            return
        if not path.exists():
            yield source, "no such file or folder"
            return
        if not path.is_file():
            yield source, "not a regular file or folder"
            return
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        yield source, f"cannot open: {getattr(exc, 'strerror', None) or exc}"
        return
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        kind = f"file type {path.suffix!r}" if path.suffix else "file without a suffix"
        yield source, f"unsupported {kind}; expected {_SUPPORTED_TEXT}"
        return
    yield InputFile(source, path)


def _walk(folder: Path, source: str, seen: set[str]) -> Iterator[InputFile | tuple[str, str]]:
    try:
        real = os.path.realpath(folder)
        if real in seen:  # a symbolic link back into the tree
            return
        seen.add(real)
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield source, f"cannot list folder: {exc.strerror or exc}"
        return
    for entry in entries:
        if _is_skipped(entry.name):
            continue
        child_source = os.path.join(source, entry.name)
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from _walk(Path(entry.path), child_source, seen)
        elif is_file and os.path.splitext(entry.name)[1].lower() in SUPPORTED_SUFFIXES:
            yield InputFile(child_source, Path(entry.path))


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or InputError if it is unreadable, empty or over the limit."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {human_size(size)}, over the {human_size(max_bytes)} limit")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # grew while we looked
        raise InputError(f"file is over the {human_size(max_bytes)} limit")
    if not data:
        raise InputError("file is empty")
    return data


# C0 and C1 control characters other than tab, newlines, form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    sample = text[:_BINARY_SAMPLE]
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) / len(sample) > 0.01


def decode(data: bytes) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else a detected legacy
    encoding. Raises InputError for binary data or text no known encoding fits."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        # UTF-32 before UTF-16: the UTF-32 LE mark FF FE 00 00 starts with the UTF-16 LE
        # one, and reading UTF-32 as UTF-16 gave a body with a NUL after every letter
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                break
            return text.lstrip("\ufeff")
    if b"\x00" in data[:_BINARY_SAMPLE] or b"\x00" in data[-_BINARY_SAMPLE:]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _mostly_utf8(data) or _decode_legacy(data)
    if _looks_binary(text):
        raise InputError("binary file (mostly control characters), not text")
    return text


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray bytes (a Windows-1252 quote pasted in, a character cut
    off at the end) → the text with U+FFFD for each stray byte; None for anything else.

    Reading such a file in a legacy encoding (what happened before) garbled every other
    non-ASCII character of the article. Text really written in a legacy encoding has
    almost no valid UTF-8 multi-byte sequences, so it does not pass the ratio below.
    """
    text = data.decode("utf-8", errors="replace")
    stray = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    valid = non_ascii - text.count("\ufffd")
    return text if stray > 0 and valid >= _MOSTLY_UTF8_RATIO * stray else None


def _decode_legacy(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it ships with requests / trafilatura
        from_bytes = None
    candidates = list(from_bytes(data)) if from_bytes else []
    if candidates:
        best = min(m.chaos for m in candidates)
        close = [m for m in candidates if m.chaos <= best + _CHAOS_TOLERANCE]

        def rank(match) -> tuple[int, float]:
            name = codecs.lookup(match.encoding).name.replace("-", "_")
            order = next(
                (
                    i
                    for i, enc in enumerate(PREFERRED_ENCODINGS)
                    if codecs.lookup(enc).name.replace("-", "_") == name
                ),
                len(PREFERRED_ENCODINGS),
            )
            return order, match.chaos

        chosen = min(close, key=rank)
        try:
            return data.decode(chosen.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    raise InputError("not UTF-8 text and no known encoding fits")
