"""ICEWS, POLECAT and ACLED: event files with a header row.

ICEWS rows are read by the ingestion edge's reader (``sources.files.read_icews``) and carry its document
(``icews_document``), so a file ingested with ``centinela ingest`` and the same file backfilled are one
set of documents. POLECAT (tab-separated, PLOVER types) and ACLED (the CSV export a user downloads)
are read by column name: their releases add, drop and reorder columns.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO

from centinela.coding.ontology import NONE
from centinela.errors import InputFileError, MalformedRowError
from centinela.sources.eventdata.geo import Places
from centinela.sources.eventdata.mapping import Parties, cameo_code, kinds, plover_codes
from centinela.sources.eventdata.model import EventRecord, actor
from centinela.sources.files import IcewsEvent, icews_document, read_icews

POLECAT_REQUIRED = ("Event ID", "Event Date", "Event Type")
ACLED_REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "country")

#: ACLED sub-event types (and, after them, event types) -> our codes, the first being the primary.
ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Peaceful protest": ("protest",),
    "Protest with intervention": ("protest", "repression"),
    "Excessive force against protesters": ("repression", "protest"),
    "Violent demonstration": ("riot",),
    "Mob violence": ("riot",),
    "Arrests": ("arrest_of_official",),
    "Protests": ("protest",),
    "Riots": ("riot",),
    "Battles": ("political_violence",),
    "Explosions/Remote violence": ("political_violence",),
    "Violence against civilians": ("political_violence",),
}


def _clean(value: str | None) -> str:
    value = (value or "").strip()
    return "" if value in ("NA", "N/A", "None", "nan") else value


def _icews_record(event: IcewsEvent, line: int, places: Places) -> EventRecord:
    parties = Parties(
        places.country(event.source_country),
        places.country(event.target_country),
        kinds(*event.source_sectors, event.source_name),
        kinds(*event.target_sectors, event.target_name),
    )
    code = cameo_code(event.cameo_code, parties)
    document = icews_document(event)
    country = places.country(event.country)
    return EventRecord(
        dataset="icews",
        event_id=event.event_id,
        date=event.date,
        codes=() if code == NONE else (code,),
        source_code=event.cameo_code,
        line=line,
        title=document.title,
        text=document.text,
        country=country,
        region=places.peru_region(event.province) if country == "PE" else "",
        actors=tuple(
            actor(name, role, cc)
            for name, role, cc in (
                (event.source_name, "source", parties.source_country),
                (event.target_name, "target", parties.target_country),
            )
            if name
        ),
        place=", ".join(p for p in (event.city, event.province, event.country) if p),
        publisher=event.publisher,
        detail={"intensity": event.intensity, "story": event.story_id},
        document_url=document.url,
    )


class _Lines:
    """A text stream that counts the lines read from it (csv pulls exactly one line per row here)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.stream:
            self.number += 1
            yield line


def read_icews_records(stream: IO[str], places: Places) -> Iterator[EventRecord | MalformedRowError]:
    """ICEWS rows (the Dataverse 20-column layout) as records; malformed rows yielded as their errors."""
    lines = _Lines(stream)
    for item in read_icews(lines):
        yield item if isinstance(item, MalformedRowError) else _icews_record(item, lines.number, places)


def _header(reader: Iterator[list[str]], required: tuple[str, ...], what: str) -> list[str]:
    header = next(reader, None)
    names = [h.strip().lstrip("\ufeff") for h in header or ()]
    missing = [name for name in required if name not in names]
    if missing:
        raise InputFileError(f"not a {what} file: the header lacks {', '.join(missing)}")
    return names


def _parse_day(value: str, line: int, formats: tuple[str, ...]) -> date:
    value = value.strip()
    for fmt in formats:
        try:
            return datetime.strptime(value[:10] if fmt == "%Y-%m-%d" else value, fmt).date()
        except ValueError:
            continue
    raise MalformedRowError(line, f"event date {value!r} is not a date")


def _polecat(row: dict[str, str], line: int, places: Places) -> EventRecord:
    if not row["Event ID"] or not row["Event Type"]:
        raise MalformedRowError(line, "no Event ID or no Event Type")
    day = _parse_day(row["Event Date"], line, ("%Y-%m-%d", "%Y%m%d"))
    get = row.get
    parties = Parties(
        places.country(get("Actor Country", "")),
        places.country(get("Recipient Country", "")),
        kinds(get("Primary Actor Sector", ""), get("Actor Sectors", "")),
        kinds(get("Primary Recipient Sector", ""), get("Recipient Sectors", "")),
    )
    contexts_text = get("Contexts", "")
    contexts = contexts_text.replace(",", ";").split(";")
    codes = plover_codes(row["Event Type"], get("Event Mode", ""), contexts, parties)
    country = places.country(get("Country", ""))
    source_code = "/".join(x for x in (row["Event Type"].upper(), get("Event Mode", "")) if x)
    who, whom = get("Actor Name", "") or "unspecified actor", get("Recipient Name", "")
    title = get("Headline", "") or f"{who}: {source_code}" + (f" -> {whom}" if whom else "")
    place = ", ".join(p for p in (get("Placename", ""), get("Province", ""), get("Country", "")) if p)
    return EventRecord(
        dataset="polecat",
        event_id=row["Event ID"],
        date=day,
        codes=codes,
        source_code=source_code,
        line=line,
        title=title[:500],
        text=f"{title}. PLOVER {source_code}; contexts: {contexts_text or 'none'}. Place: {place or '?'}.",
        country=country,
        region=places.peru_region(get("Province", "")) if country == "PE" else "",
        actors=tuple(
            actor(n, r, c)
            for n, r, c in ((who, "source", parties.source_country), (whom, "target", parties.target_country))
            if n
        ),
        place=place,
        publisher=get("Source", ""),
        detail={
            "intensity": get("Event Intensity", "") or get("Intensity", ""),
            "contexts": get("Contexts", ""),
        },
    )


def _rows(
    reader: Iterator[list[str]], names: list[str], required: tuple[str, ...], line_of: object
) -> Iterator[tuple[int, dict[str, str] | MalformedRowError]]:
    """Rows as dicts by column name; a row too short to hold the required columns is malformed."""
    last = max(names.index(n) for n in required)
    for cells in reader:
        line = line_of.line_num  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) <= last:
            yield line, MalformedRowError(line, f"{len(cells)} columns, the header has {len(names)}")
            continue
        yield line, {name: _clean(cells[i]) if i < len(cells) else "" for i, name in enumerate(names)}


def read_polecat(stream: IO[str], places: Places) -> Iterator[EventRecord | MalformedRowError]:
    """POLECAT rows (tab-separated with a header); malformed rows yielded as their errors."""
    reader = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    names = _header(reader, POLECAT_REQUIRED, "POLECAT")
    for line, row in _rows(reader, names, POLECAT_REQUIRED, reader):
        try:
            yield row if isinstance(row, MalformedRowError) else _polecat(row, line, places)
        except MalformedRowError as exc:
            yield exc


def _acled(row: dict[str, str], line: int, places: Places) -> EventRecord:
    if not row["event_id_cnty"] or not row["event_type"]:
        raise MalformedRowError(line, "no event_id_cnty or no event_type")
    day = _parse_day(row["event_date"], line, ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y"))
    codes = ACLED_TYPES.get(row["sub_event_type"]) or ACLED_TYPES.get(row["event_type"], ())
    country = places.country(row.get("iso", "")) or places.country(row["country"])
    where = ", ".join(p for p in (row.get("location", ""), row.get("admin1", ""), row["country"]) if p)
    who = " / ".join(a for a in (row.get("actor1", ""), row.get("actor2", "")) if a) or "unidentified actors"
    title = f"{row['sub_event_type'] or row['event_type']}: {who} ({where})"
    return EventRecord(
        dataset="acled",
        event_id=row["event_id_cnty"],
        date=day,
        codes=codes,
        source_code=f"{row['event_type']}/{row['sub_event_type']}",
        line=line,
        title=title[:500],
        text=f"{title}. {row.get('notes', '')} Fatalities: {row.get('fatalities', '') or '0'}. "
        f"Source: {row.get('source', '') or 'ACLED'}.",
        country=country,
        region=places.peru_region(row.get("admin1", "")) if country == "PE" else "",
        actors=tuple(
            actor(n, r)
            for n, r in ((row.get("actor1", ""), "source"), (row.get("actor2", ""), "target"))
            if n
        ),
        place=where,
        publisher=(row.get("source", "") or "ACLED").split(";")[0].strip()[:500],
        detail={"fatalities": row.get("fatalities", ""), "disorder_type": row.get("disorder_type", "")},
    )


def read_acled(stream: IO[str], places: Places) -> Iterator[EventRecord | MalformedRowError]:
    """ACLED export rows (CSV with a header); malformed rows yielded as their errors."""
    reader = csv.reader(stream)
    names = _header(reader, ACLED_REQUIRED, "ACLED")
    for line, row in _rows(reader, names, ACLED_REQUIRED, reader):
        try:
            yield row if isinstance(row, MalformedRowError) else _acled(row, line, places)
        except MalformedRowError as exc:
            yield exc
