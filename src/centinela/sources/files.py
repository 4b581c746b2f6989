"""Files as sources: ICEWS event rows (the official 20-column Dataverse layout) and saved corpora of
documents (CSV or JSON Lines), for replaying what was collected before. Readers yield plain data.

A malformed row raises MalformedRowError with its line number; the caller decides whether to skip it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from dateutil import parser as dateparser

from centinela.errors import InputFileError, MalformedRowError
from centinela.model import Document

ICEWS_COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
DOCUMENT_FIELDS = ("url", "title", "text", "published", "source", "lang", "guid", "author", "outlets")


@dataclass(frozen=True, slots=True)
class IcewsEvent:
    """One ICEWS row. Text fields are '' where ICEWS writes NA."""

    event_id: str
    date: date
    source_name: str
    source_sectors: tuple[str, ...]
    source_country: str
    event_text: str
    cameo_code: str
    intensity: float | None
    target_name: str
    target_sectors: tuple[str, ...]
    target_country: str
    story_id: str
    sentence_number: int | None
    publisher: str
    city: str
    district: str
    province: str
    country: str
    latitude: float | None
    longitude: float | None


def kind_of_file(path: Path) -> str:
    """'icews', 'jsonl', 'csv' or 'feed', from the name and the first line."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    with path.open("rb") as fh:
        first = fh.readline(4096).lstrip(b"\xef\xbb\xbf")
    if first.startswith(b"Event ID\tEvent Date"):
        return "icews"
    if suffix in (".tab", ".tsv"):
        return "icews"
    return "csv" if suffix == ".csv" else "feed"


def _na(value: str) -> str:
    value = value.strip()
    return "" if value in ("NA", "N/A") else value


def _number(value: str, kind: type, line: int, name: str) -> Any:
    value = _na(value)
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise MalformedRowError(line, f"{name} {value!r} is not a number") from None


def _icews_row(cells: list[str], line: int) -> IcewsEvent:
    if len(cells) != len(ICEWS_COLUMNS):
        raise MalformedRowError(line, f"{len(cells)} columns, ICEWS rows have {len(ICEWS_COLUMNS)}")
    c = [_na(x) for x in cells]
    try:
        day = date.fromisoformat(c[1])
    except ValueError:
        raise MalformedRowError(line, f"event date {c[1]!r} is not YYYY-MM-DD") from None
    if not c[0] or not c[6]:
        raise MalformedRowError(line, "no event id or no CAMEO code")
    return IcewsEvent(
        event_id=c[0],
        date=day,
        source_name=c[2],
        source_sectors=tuple(s for s in c[3].split(",") if s),
        source_country=c[4],
        event_text=c[5],
        cameo_code=c[6],
        intensity=_number(cells[7], float, line, "intensity"),
        target_name=c[8],
        target_sectors=tuple(s for s in c[9].split(",") if s),
        target_country=c[10],
        story_id=c[11],
        sentence_number=_number(cells[12], int, line, "sentence number"),
        publisher=c[13],
        city=c[14],
        district=c[15],
        province=c[16],
        country=c[17],
        latitude=_number(cells[18], float, line, "latitude"),
        longitude=_number(cells[19], float, line, "longitude"),
    )


def read_icews(text: io.TextIOBase | Any) -> Iterator[IcewsEvent | MalformedRowError]:
    """ICEWS events from a TSV stream; a malformed row is yielded as its error (the rest go on)."""
    reader = csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None or tuple(h.strip().lstrip("\ufeff") for h in header) != ICEWS_COLUMNS:
        raise InputFileError("not an ICEWS file: the header is not the 20 columns of the Dataverse layout")
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        try:
            yield _icews_row(cells, reader.line_num)
        except MalformedRowError as exc:
            yield exc


def icews_document(event: IcewsEvent) -> Document:
    """An ICEWS row as a short English document, so event files flow through the same pipeline."""

    def who(name: str, country: str) -> str:
        return f"{name} ({country})" if country and country not in name else name or "unspecified actor"

    place = ", ".join(p for p in (event.city, event.province, event.country) if p)
    title = (
        f"{who(event.source_name, event.source_country)}: {event.event_text} -> "
        f"{who(event.target_name, event.target_country)}"
    )
    text = (
        f"{title}. CAMEO {event.cameo_code}, intensity {event.intensity}. "
        f"{('Place: ' + place + '. ') if place else ''}Reported by {event.publisher or 'unknown'}."
    )
    return Document(
        url=f"urn:icews:event:{event.event_id}",
        source="icews",
        title=title,
        text=text,
        lang="en",
        published=datetime(event.date.year, event.date.month, event.date.day, tzinfo=UTC),
        guid=f"urn:icews:event:{event.event_id}",
        outlets=(event.publisher or "ICEWS",),
        flags=("icews", f"cameo:{event.cameo_code}", f"story:{event.story_id}"),
    )


def _datetime(value: Any, line: int) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = dateparser.isoparse(str(value).strip())
    except (ValueError, OverflowError):
        raise MalformedRowError(line, f"published {value!r} is not an ISO date") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def document_from_record(record: dict[str, Any], line: int, default_source: str) -> Document:
    """A Document from one CSV row or JSON object with the fields of DOCUMENT_FIELDS."""
    if not isinstance(record, dict):
        raise MalformedRowError(line, "not an object")
    text = {k: "" if record.get(k) is None else str(record.get(k)) for k in DOCUMENT_FIELDS if k != "outlets"}
    if not text["title"].strip() and not text["text"].strip():
        raise MalformedRowError(line, "no title and no text")
    outlets = record.get("outlets") or ()
    if isinstance(outlets, str):
        outlets = tuple(o.strip() for o in outlets.split(";") if o.strip())
    return Document(
        url=text["url"].strip(),
        source=text["source"].strip() or default_source,
        title=text["title"],
        text=text["text"],
        lang=text["lang"].strip() or "und",
        published=_datetime(record.get("published"), line),
        guid=text["guid"].strip(),
        author=text["author"],
        outlets=tuple(str(o) for o in outlets),
    )


def read_documents(path: Path, kind: str) -> Iterator[Document | MalformedRowError]:
    """Documents from a CSV (header row with DOCUMENT_FIELDS) or JSON Lines file."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        if kind == "csv":
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"title", "text"} & {f.strip() for f in reader.fieldnames}:
                raise InputFileError(f"{path}: a CSV of documents needs a header with title and/or text")
            for row in reader:
                try:
                    yield document_from_record(
                        {k.strip(): v for k, v in row.items() if k}, reader.line_num, str(path)
                    )
                except MalformedRowError as exc:
                    yield exc
            return
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield document_from_record(json.loads(line), number, str(path))
            except ValueError as exc:
                yield MalformedRowError(number, f"not JSON: {exc}")
            except MalformedRowError as exc:
                yield exc
