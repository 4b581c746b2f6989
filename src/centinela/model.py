"""Plain data shared by the stages of the flow: no I/O, no behaviour beyond small derived values.

Each stage owns richer types of its own (the engine's verdicts, the coder's results); the types here
are the ones that cross from one stage to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class InstitutionalEvent:
    """One row of the institutional timeline format (see countries/peru/timeline_2016_2021.csv).

    Vote counts are ``None`` when the event has no vote or the count is unknown.
    """

    date: date
    event_type: str
    subject: str = ""
    office: str = ""
    chamber: str = ""
    date_precision: str = "day"
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    outcome: str = ""
    status: str = ""
    note: str = ""
    source: str = ""
    habiles: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A news item or other text as stored: title and text are plain text, never markup."""

    url: str
    source: str
    title: str
    text: str
    lang: str = "und"
    published: datetime | None = None
    fetched: datetime | None = None
    author: str = ""
    guid: str = ""
    outlets: tuple[str, ...] = field(default_factory=tuple)
    flags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Alert:
    """Something a subscriber should know, raised by the engine, the signals or the operator checks.

    ``key`` identifies the alert across runs (the same engine alert on the same event is the same key),
    so raising it twice stores it once. ``evidence`` holds the sentences and source URLs behind it.
    """

    key: str
    country: str
    kind: str  # institutional | risk | event | operator
    code: str
    date: date
    title: str
    body: str = ""
    level: str = ""
    rule_id: str = ""
    evidence: tuple[dict[str, str], ...] = ()
