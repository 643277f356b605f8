"""Events as the incident tests write them: a day stated in the text, at a known place, so
that a test says only what tells its reports apart (type, day, place, figure, actors)."""

from __future__ import annotations

from typing import Any

from dashboard.models import Event

_NO_ACTORS: Any = object()  # actors not given: the Event's own default


def day_event(
    type_: str,
    day: str,
    place: str,
    lat: float,
    lon: float,
    geo: int,
    n: int | None = None,
    text: str = "",
    actors: list[str] | None = _NO_ACTORS,
) -> Event:
    """An event of `type_` on `day` at `place`; `n` is its figure, `text` its evidence
    (by default a sentence naming all of them)."""
    given = {} if actors is _NO_ACTORS else {"actors": actors}
    return Event(
        type=type_,
        evidence=text or f"{type_} at {place} on {day} ({n}).",
        date=day,
        date_precision="day",
        time_precision="day",
        date_source="text",
        place=place,
        lat=lat,
        lon=lon,
        geo_precision=geo,
        count=n,
        **given,
    )
