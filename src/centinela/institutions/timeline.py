"""Parsing the institutional timeline CSV format, row by row, keeping the good rows.

Header: date,date_precision,chamber,event_type,subject,office,votes_for,votes_against,abstentions,outcome,
status,note,source (in any order; an optional ``habiles`` column gives the members in office that day).
A malformed row becomes a MalformedRowError carrying its 1-based line number in the file, in the place of
the event, and parsing goes on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Iterator
from datetime import date

from centinela.errors import InputFileError, MalformedRowError, UnknownEventTypeError
from centinela.model import InstitutionalEvent

COLUMNS = (
    "date",
    "date_precision",
    "chamber",
    "event_type",
    "subject",
    "office",
    "votes_for",
    "votes_against",
    "abstentions",
    "outcome",
    "status",
    "note",
    "source",
)
OPTIONAL_COLUMNS = ("habiles",)
VOTE_COLUMNS = ("votes_for", "votes_against", "abstentions", "habiles")

ParsedRow = InstitutionalEvent | MalformedRowError


def _count(value: str, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{column} {value!r} is not a whole number") from None
    if number < 0:
        raise ValueError(f"{column} {value!r} is negative")
    return number


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"date {value!r} does not parse; use YYYY-MM-DD") from None


def row_to_event(fields: dict[str, str], known_types: Collection[str] | None = None) -> InstitutionalEvent:
    """One row (column name -> text) as an event; ValueError or UnknownEventTypeError when malformed."""
    event_type = fields.get("event_type", "").strip()
    if not event_type:
        raise ValueError("event_type is empty")
    if known_types is not None and event_type not in known_types:
        raise UnknownEventTypeError(event_type)
    counts = {c: _count(fields.get(c, ""), c) for c in VOTE_COLUMNS}
    return InstitutionalEvent(
        date=_day(fields.get("date", "")),
        event_type=event_type,
        subject=fields.get("subject", "").strip(),
        office=fields.get("office", "").strip(),
        chamber=fields.get("chamber", "").strip(),
        date_precision=fields.get("date_precision", "").strip() or "day",
        votes_for=counts["votes_for"],
        votes_against=counts["votes_against"],
        abstentions=counts["abstentions"],
        outcome=fields.get("outcome", "").strip(),
        status=fields.get("status", "").strip(),
        note=fields.get("note", "").strip(),
        source=fields.get("source", "").strip(),
        habiles=counts["habiles"],
    )


def _header(row: list[str], source: str) -> list[str]:
    names = [name.strip().lstrip("\ufeff").strip() for name in row]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        where = f"{source}: " if source else ""
        raise InputFileError(
            f"{where}line 1 is not a timeline header: missing column(s) {', '.join(missing)}"
        )
    return names


def parse_timeline(
    lines: Iterable[str], *, source: str = "", known_types: Collection[str] | None = None
) -> Iterator[ParsedRow]:
    """Yield an InstitutionalEvent or a MalformedRowError for each data row, in file order.

    ``lines`` are the file's lines (an open text file will do). A file without the header raises
    InputFileError: no row of it can be read. Blank lines are skipped.
    """
    reader = csv.reader(lines)
    header: list[str] | None = None
    last_line = 0
    for row in reader:
        line, last_line = last_line + 1, reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        if header is None:
            header = _header(row, source)
            continue
        if len(row) != len(header):
            yield MalformedRowError(line, f"expected {len(header)} columns, found {len(row)}", source)
            continue
        try:
            yield row_to_event(dict(zip(header, row, strict=True)), known_types)
        except (ValueError, UnknownEventTypeError) as exc:
            yield MalformedRowError(line, str(exc), source)
    if header is None:
        where = f"{source}: " if source else ""
        raise InputFileError(f"{where}empty file: no timeline header")


def parse_timeline_text(
    text: str, *, source: str = "", known_types: Collection[str] | None = None
) -> list[ParsedRow]:
    # newline="" as the csv module wants: str.splitlines would also split inside quoted cells on \f or \v.
    lines = io.StringIO(text, newline="")
    return list(parse_timeline(lines, source=source, known_types=known_types))


def events_only(rows: Iterable[ParsedRow]) -> list[InstitutionalEvent]:
    """The events of parsed rows; raises the first MalformedRowError (for data that must be clean)."""
    events = []
    for row in rows:
        if isinstance(row, MalformedRowError):
            raise row
        events.append(row)
    return events
