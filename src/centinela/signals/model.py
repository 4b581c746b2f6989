"""Plain data of the signals: coded events as the signals read them, evidence, and a day's risk.

``signal_event`` accepts a stored ``events`` row (with its document's URL and outlets joined in), a
coder result's event, or a hand-made mapping, so every caller speaks the same few fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, NamedTuple

# Actor kinds that make an event foreign-driven (the coder's gazetteer kinds).
FOREIGN_KINDS = frozenset({"foreign_government", "international_organization", "rating_agency"})
# How much an event of each modality counts: a threat is half an event, a denial none.
MODALITY_WEIGHT: Mapping[str, float] = MappingProxyType(
    {"actual": 1.0, "threat": 0.5, "claim": 0.5, "denial": 0.0}
)


class SignalEvent(NamedTuple):
    """One coded event: what, when, where, how sure, and the source behind it.

    A NamedTuple rather than a frozen dataclass: just as immutable, and six times faster to build,
    which is most of the cost of reading a country-year of 100,000 events.
    """

    date: date
    code: str
    family: str
    country: str = ""
    region: str = ""
    modality: str = "actual"
    confidence: float = 1.0
    deaths: int = 0
    foreign: bool = False
    outlets: tuple[str, ...] = ()
    evidence: str = ""
    url: str = ""
    actors: tuple[str, ...] = ()
    id: Any = None

    @property
    def weight(self) -> float:
        return MODALITY_WEIGHT.get(self.modality, 1.0)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a part has its points: a labelled contribution, its points on the day, and its source."""

    part: str
    label: str
    points: float
    date: date
    url: str = ""
    sentence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "label": self.label,
            "points": round(self.points, 1),
            "date": self.date.isoformat(),
            "url": self.url,
            "sentence": self.sentence,
        }

    def for_alert(self) -> dict[str, str]:
        """The shape of an alert's evidence item (url and sentence, strings only): the label when the
        source gave no sentence of its own."""
        item = {
            "url": self.url,
            "sentence": self.sentence or self.label,
            "part": self.part,
            "date": self.date.isoformat(),
        }
        if self.sentence:
            item["label"] = self.label
        return item


@dataclass(frozen=True, slots=True)
class RiskDay:
    """The risk of a country on a day: score 0-100, its level, the points of each part, and why."""

    country: str
    date: date
    score: float
    level: str
    parts: Mapping[str, float]
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "date": self.date.isoformat(),
            "score": round(self.score, 1),
            "level": self.level,
            "parts": {k: round(v, 1) for k, v in self.parts.items()},
            "evidence": [e.to_dict() for e in self.evidence],
        }


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _deaths(detail: Mapping[str, Any]) -> int:
    try:
        return max(0, int(detail.get("deaths") or 0))
    except (TypeError, ValueError):
        return 0


def _is_foreign(actors: Iterable[Any], country: str) -> bool:
    for actor in actors:
        if not isinstance(actor, Mapping):
            continue
        ident = str(actor.get("id") or "")
        # A gazetteer id starts with its country ("pe:person:..."); an explicit country wins.
        home = str(actor.get("country") or (ident.split(":", 1)[0] if ":" in ident else ""))
        if actor.get("kind") in FOREIGN_KINDS or ident.startswith("io:"):
            return True
        if country and len(home) == 2 and home.upper() != country.upper():
            return True
    return False


def _names(actors: Any) -> tuple[str, ...]:
    return tuple(str(a.get("name", "")) if isinstance(a, dict) else str(a) for a in actors)


def signal_event(row: Mapping[str, Any] | SignalEvent) -> SignalEvent:
    """A SignalEvent from a stored event row or a mapping with the same keys (extra keys ignored).

    Written for speed (a country-year is 100,000 rows): plain dict checks, no work for empty fields.
    """
    if isinstance(row, SignalEvent):
        return row
    get = row.get
    detail = get("detail") or {}
    if not isinstance(detail, dict):
        detail = {}
    actors = get("actors") or ()
    country = get("country") or ""
    outlets = get("outlets")
    foreign = (
        bool(detail["foreign"]) if "foreign" in detail else bool(actors) and _is_foreign(actors, country)
    )
    return SignalEvent(
        date=_day(row["date"]),
        code=row["code"],
        family=get("family") or "",
        country=country,
        region=get("region") or "",
        modality=get("modality") or "actual",
        confidence=float(get("confidence", 1.0)),
        deaths=_deaths(detail) if "deaths" in detail else 0,
        foreign=foreign,
        outlets=tuple(sorted(set(outlets))) if outlets else (),
        evidence=get("evidence") or "",
        url=get("url") or "",
        actors=_names(actors) if actors else (),
        id=get("id"),
    )
