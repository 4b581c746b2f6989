"""Importers for the event datasets users bring: GDELT 2.0 events and GKG, ICEWS, POLECAT, ACLED.

Each reader yields ``EventRecord`` (mapped to our ontology; see docs/importers.md for the tables) or,
for a malformed row, its ``MalformedRowError`` with the line number: a bad row is reported and counted
by the caller, never dropped in silence, and the rest of the file goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from centinela.errors import InputFileError, MalformedRowError
from centinela.sources.eventdata.gdelt import GDELT_COLUMNS, GKG_COLUMNS, read_gdelt_events, read_gkg
from centinela.sources.eventdata.geo import Places
from centinela.sources.eventdata.model import EventRecord, record_coded, record_document
from centinela.sources.eventdata.tables import read_acled, read_icews_records, read_polecat

Reader = Callable[[IO[str], Places], Iterator[EventRecord | MalformedRowError]]
READERS: dict[str, Reader] = {
    "gdelt": read_gdelt_events,
    "gkg": read_gkg,
    "icews": read_icews_records,
    "polecat": read_polecat,
    "acled": read_acled,
}
EVENT_KINDS = tuple(READERS)

__all__ = [
    "EVENT_KINDS",
    "EventRecord",
    "Places",
    "READERS",
    "detect_kind",
    "read_event_file",
    "record_coded",
    "record_document",
]


def _kind_of_first_line(first: str) -> str | None:
    if first.startswith("Event ID\tEvent Date\tSource Name"):
        return "icews"
    if first.startswith("Event ID\t") and "\tEvent Type" in first:
        return "polecat"
    if "event_id_cnty" in first.split(",") or "event_id_cnty" in first.split("\t"):
        return "acled"
    columns = first.rstrip("\r\n").split("\t")
    if len(columns) == len(GDELT_COLUMNS) and columns[0].isdigit():
        return "gdelt"
    if len(columns) == len(GKG_COLUMNS) and columns[1][:8].isdigit():
        return "gkg"
    return None


def detect_kind(path: Path) -> str | None:
    """The event dataset of ``path`` from its first line ('gdelt', 'gkg', ...); None if it is none."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            first = fh.readline(1 << 20)
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return _kind_of_first_line(first.lstrip("\ufeff"))


def read_event_file(
    path: Path, kind: str, places: Places | None = None
) -> Iterator[EventRecord | MalformedRowError]:
    """The records of an event file of ``kind``; malformed rows are yielded as their errors."""
    reader = READERS.get(kind)
    if reader is None:
        raise InputFileError(f"unknown event file kind {kind!r}; known: {', '.join(EVENT_KINDS)}")
    places = places or Places()
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        yield from reader(fh, places)
