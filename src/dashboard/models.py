"""The records that flow from ingest through extract to the store.

They are plain dataclasses so that every stage (and the tests) can build them without a
database or Streamlit, and so that `to_dict` gives exactly the JSON shape that the
`extract` command promises.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

EVENT_TYPES = (
    "military",
    "ceasefire",
    "evacuation",
    "displacement",
    "blockade",
    "humanitarian",
    "casualties",
    "political",
    "protest",
    "arrest",
)
COUNT_QUALIFIERS = ("exact", "more_than", "at_least", "about", "up_to")
DATE_PRECISIONS = ("day", "month", "year")
TIME_PRECISIONS = ("day", "week", "month", "year", "reported")
GEO_PRECISIONS = (1, 2, 3)
PLACE_SOURCES = ("sentence", "paragraph", "article")


@dataclass
class Article:
    """One article after ingest: clean body plus metadata.

    `id` is derived from the normalised body, so the same text read from two files (or
    twice) gets the same id and is stored once.
    """

    id: str
    source: str
    body: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str | None = None  # ISO 639-1 of the body
    languages: list[str] = field(default_factory=list)  # every language present
    url: str | None = None
    # YYYY-MM of publication; known on its own when a page gives only the month (a
    # "date 2023-06" line), so that dates without a year or month can still be resolved
    published_month: str | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "published_month": self.published_month,
            "language": self.language,
            "languages": list(self.languages),
            "body": self.body,
            "url": self.url,
        }


@dataclass
class IngestFailure:
    """A raw input that could not become an article; `source` names the file (and line)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class Place:
    name: str  # canonical English name
    surface: str  # as written in the text
    lat: float
    lon: float
    kind: str  # country | region | city | route | ...
    evidence: str  # the sentence, an exact substring of the body

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Event:
    type: str
    evidence: str
    date: str | None = None  # YYYY-MM-DD | YYYY-MM | YYYY
    date_precision: str | None = None  # day | month | year
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    actors: list[str] = field(default_factory=list)
    count: int | None = None
    count_qualifier: str | None = None
    # where the date came from: "text" (said in the sentence), "paragraph" (an earlier
    # sentence of its paragraph), "published" (the publication date) or "article" (no
    # publication date: the article's lead date or latest month)
    date_source: str | None = None
    # How sure the date and place are, as ACLED and UCDP code them, so an analyst can keep
    # exact facts only. time_precision: "day", "week", "month" or "year" when the text
    # gives the date at that precision, "reported" when the text gives none and `date` is
    # the publication date (without one, the date of the article's lead), "year_unknown"
    # when the article gives no year anywhere (its year is then a guess from today). geo_precision: 1 town or village, 2 district or region,
    # 3 country or whole region (None without a place). place_source: where the place was
    # read: "sentence", "paragraph" or "article" (the article's focus place).
    time_precision: str | None = None
    geo_precision: int | None = None
    place_source: str | None = None
    # every sentence that reports this happening (the first is `evidence`)
    evidence_all: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Statement:
    speaker: str
    evidence: str
    speaker_role: str | None = None
    side: str | None = None
    date: str | None = None
    quote: str | None = None
    mode: str = "indirect"  # direct | indirect

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Extraction:
    """Everything extracted from one article, each fact carrying its evidence sentence."""

    article: Article
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "article": self.article.to_dict(),
            "places": [p.to_dict() for p in self.places],
            "events": [e.to_dict() for e in self.events],
            "statements": [s.to_dict() for s in self.statements],
        }
