"""Scheduled decision points as an iCalendar agenda (RFC 5545), shown in the subscriber's time zone.

Vacancy debates, censure windows, investiture deadlines, elections: whatever produces them hands
over plain items (a time or a day, a title, a description, a URL). Timed items are written in the
subscriber's zone with its VTIMEZONE, so calendars show the right local time across DST; items that
only have a day are all-day events, and a window of days spans them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from centinela.alerts.schedule import zone

PRODID = "-//centinela//agenda//EN"


@dataclass(frozen=True, slots=True)
class AgendaItem:
    start: datetime | date  # a datetime (aware, or naive in the source zone) or a day
    title: str
    description: str = ""
    url: str = ""
    end: datetime | date | None = None  # the last day of a window, or the end time
    kind: str = ""  # vacancy_debate, censure_window, investiture_deadline, election...

    @property
    def uid(self) -> str:
        # Stable across rebuilds: a calendar updates the event instead of adding it again.
        text = f"{self.kind}|{self.title}|{self.start.isoformat()}"
        return hashlib.sha256(text.encode()).hexdigest()[:24] + "@centinela"


def as_item(value: AgendaItem | tuple[Any, ...] | Mapping[str, Any]) -> AgendaItem:
    """An AgendaItem from itself, a (when, title, description, url) tuple, or a mapping of its fields."""
    if isinstance(value, AgendaItem):
        return value
    if isinstance(value, Mapping):
        return AgendaItem(**{k: value[k] for k in AgendaItem.__dataclass_fields__ if k in value})
    when, title, *rest = value
    description, url = (list(rest) + ["", ""])[:2]
    return AgendaItem(start=when, title=str(title), description=str(description or ""), url=str(url or ""))


_MOTION_TITLES = {
    "vacancy": "Vacancy vote",
    "censure": "Censure vote window",
    "investiture": "Investiture vote deadline",
    "interpellation": "Interpellation",
    "resignation": "Resignation before Congress",
}


def _field(obj: Any, name: str) -> Any:
    value = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
    return (
        date.fromisoformat(value) if isinstance(value, str) and name in ("window_from", "deadline") else value
    )


def motion_items(motions: Iterable[Any], source_url: str = "") -> list[AgendaItem]:
    """Agenda items for the engine's open motions (objects or dicts with kind, subject, stage,
    window_from, deadline, rule_id); motions without any date to put in a calendar are left out."""
    items = []
    for m in motions:
        start, deadline = _field(m, "window_from"), _field(m, "deadline")
        if start is None and deadline is None:
            continue
        kind, subject = str(_field(m, "kind") or "motion"), str(_field(m, "subject") or "")
        label = _MOTION_TITLES.get(kind, kind.replace("_", " ").capitalize())
        details = [
            f"stage: {_field(m, 'stage') or '?'}",
            f"rule: {_field(m, 'rule_id') or _field(m, 'rule') or '?'}",
        ]
        if start and deadline:
            details.append(f"window: {start} to {deadline}")
        items.append(
            AgendaItem(
                start=start or deadline,
                end=deadline if start else None,
                kind=kind,
                title=f"{label}: {subject}" if subject else label,
                description="; ".join(details),
                url=source_url,
            )
        )
    return items


def _localise(value: datetime, source_tz: str, tz: str) -> datetime:
    aware = value if value.tzinfo else value.replace(tzinfo=zone(source_tz))
    return aware.astimezone(zone(tz))


def _event(item: AgendaItem, tz: str, source_tz: str, stamp: datetime) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("summary", item.title)
    if isinstance(item.start, datetime):
        start = _localise(item.start, source_tz, tz)
        end = (
            _localise(item.end, source_tz, tz)
            if isinstance(item.end, datetime)
            else start + timedelta(hours=1)
        )
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        last = item.end if isinstance(item.end, date) and not isinstance(item.end, datetime) else item.start
        event.add("dtstart", item.start)
        event.add("dtend", max(last, item.start) + timedelta(days=1))  # DTEND of a day is exclusive
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", item.url)
    if item.kind:
        event.add("categories", [item.kind])
    return event


def agenda_ics(
    items: Iterable[AgendaItem | tuple[Any, ...] | Mapping[str, Any]],
    tz: str = "America/Lima",
    *,
    name: str = "centinela agenda",
    source_tz: str = "UTC",
    now: datetime | None = None,
) -> str:
    """The iCalendar text for ``items`` in zone ``tz``; naive times are read in ``source_tz``."""
    from icalendar import Calendar

    zone(tz), zone(source_tz)  # fail early, with the project's message, on an unknown zone
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tz)
    chosen = sorted((as_item(i) for i in items), key=lambda i: (str(i.start), i.title))
    for item in chosen:
        cal.add_component(_event(item, tz, source_tz, stamp))
    cal.add_missing_timezones()
    return cal.to_ical().decode("utf-8")
