"""Query parameters shared by the pages and the API: dates, page cursors, event filters."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query

from centinela.store.web import EventFilter

MAX_TEXT = 200  # longer filter words are cut: a search box, not a document

# The parameter types every route of the API and the exports declares the same way.
Country = Annotated[str, Path(pattern="^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. PE")]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]
Text = Annotated[str | None, Query(max_length=MAX_TEXT)]
Words = Annotated[str | None, Query(max_length=MAX_TEXT, description="words in the sentence or the title")]


def day(value: str | date | None, name: str = "date") -> date | None:
    """A day from YYYY-MM-DD; empty is None (forms send empty fields), nonsense is a 400."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise HTTPException(400, f"{name}: {text[:40]!r} is not a date (YYYY-MM-DD)") from None


def cursor(value: str | None) -> tuple[date, int] | None:
    """The next-page key 'YYYY-MM-DD.ID' of the events listing."""
    if not value:
        return None
    when, _, ident = value.partition(".")
    parsed = day(when, "cursor")
    if parsed is None or not ident.isdigit():
        raise HTTPException(400, "cursor: not a page key from this listing")
    return parsed, int(ident)


def cursor_text(key: tuple[date, int] | None) -> str | None:
    return f"{key[0].isoformat()}.{key[1]}" if key else None


def _word(value: str | None) -> str:
    return (value or "").strip()[:MAX_TEXT]


def event_filter(
    country: str,
    code: str | None = None,
    family: str | None = None,
    department: str | None = None,
    actor: str | None = None,
    outlet: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    q: str | None = None,
) -> EventFilter:
    return EventFilter(
        country=country.upper()[:2],
        code=_word(code),
        family=_word(family),
        department=_word(department).upper(),
        actor=_word(actor),
        outlet=_word(outlet),
        since=day(since, "since"),
        until=day(until, "until"),
        text=_word(q),
    )


def filter_query(f: EventFilter) -> dict[str, str]:
    """The filter back as query parameters (for links to the next page and to the exports)."""
    pairs = {
        "code": f.code,
        "family": f.family,
        "department": f.department,
        "actor": f.actor,
        "outlet": f.outlet,
        "since": f.since.isoformat() if f.since else "",
        "until": f.until.isoformat() if f.until else "",
        "q": f.text,
    }
    return {k: v for k, v in pairs.items() if v}


def zone_name(value: str) -> str:
    """An IANA time zone name, checked; anything else ('America', '../x', '') is a 400."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(value)
    except Exception:  # noqa: BLE001 - zoneinfo raises five kinds of error for a bad name; all are the reader's
        raise HTTPException(
            400, f"unknown time zone {value[:60]!r} (use an IANA name such as America/Lima)"
        ) from None
    return value


def event_filter_query(
    country: Country,
    code: Text = None,
    family: Text = None,
    department: Annotated[str | None, Query(max_length=10, description="ISO 3166-2, e.g. PE-LIM")] = None,
    actor: Text = None,
    outlet: Text = None,
    since: Day = None,
    until: Day = None,
    q: Words = None,
) -> EventFilter:
    """The event filters as one FastAPI dependency: /events and its exports take the same ones."""
    return event_filter(country, code, family, department, actor, outlet, since, until, q)


EventFilterQuery = Annotated[EventFilter, Depends(event_filter_query)]
