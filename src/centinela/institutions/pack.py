"""Country packs: the data a country needs (rules, event types, officeholders, bancadas, a timeline).

A pack is a Python package of data files read with ``importlib.resources``; the registry below names
them by country code. Adding a country is a data package plus one line here (or, later, an entry point).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from types import MappingProxyType

import yaml

from centinela.errors import UnknownCountryError, UnknownEventTypeError
from centinela.institutions.rules import RuleBook, RulesDataError, parse_rulebook


@dataclass(frozen=True, slots=True)
class PackEntry:
    code: str
    name: str
    package: str
    timeline: str = ""
    bancadas: str = ""


# Read-only: the registry is data, never changed at run time.
REGISTRY: Mapping[str, PackEntry] = MappingProxyType(
    {
        "PE": PackEntry(
            code="PE",
            name="Peru",
            package="centinela.countries.peru",
            timeline="timeline_2016_2021.csv",
            bancadas="bancadas_2021_2026.csv",
        ),
    }
)


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    meaning: str
    votes: str  # "no", "yes", "signatures" (votes_for = signatures) or "judges"
    outcomes: tuple[str, ...]
    rules: tuple[str, ...]
    free_outcome: bool = False

    @property
    def voted(self) -> bool:
        """Votes the engine counts against a threshold (judges' votes are facts, not a threshold)."""
        return self.votes in ("yes", "signatures")


@dataclass(frozen=True, slots=True)
class OfficeRecord:
    office: str
    holder: str
    start: date
    end: date | None
    status: str = ""
    note: str = ""

    @property
    def acting(self) -> bool:
        return self.note.startswith("acting")

    @property
    def via(self) -> str:
        # "as President of Congress; resigned" says which office the holder succeeded from.
        head = self.note.split(";", 1)[0].strip()
        return head[3:].strip() if head.startswith("as ") else ""


@dataclass(frozen=True, slots=True)
class BancadaSpell:
    member_id: str
    name: str
    seat_from: date
    seat_to: date
    bancada: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class CountryPack:
    code: str
    name: str
    package: str
    rules: RuleBook
    event_types: Mapping[str, EventType]
    officeholders: tuple[OfficeRecord, ...]
    bancadas: tuple[BancadaSpell, ...]
    timeline: str

    def event_type(self, name: str) -> EventType:
        try:
            return self.event_types[name]
        except KeyError:
            raise UnknownEventTypeError(name, sorted(self.event_types)) from None

    def read_text(self, resource: str) -> str:
        return resources.files(self.package).joinpath(resource).read_text(encoding="utf-8")


def known_countries() -> list[str]:
    return sorted(REGISTRY)


def load_pack(code: str) -> CountryPack:
    """Load the pack of a country code (case-insensitive); UnknownCountryError when none is registered."""
    entry = REGISTRY.get(code.strip().upper()) if isinstance(code, str) else None
    if entry is None:
        raise UnknownCountryError(str(code), known_countries())
    files = resources.files(entry.package)

    def text(name: str) -> str:
        return files.joinpath(name).read_text(encoding="utf-8") if name else ""

    raw_rules = yaml.safe_load(text("rules.yaml"))
    return CountryPack(
        code=entry.code,
        name=entry.name,
        package=entry.package,
        rules=parse_rulebook(raw_rules),
        event_types=MappingProxyType(parse_event_types(text("event_types.csv"))),
        officeholders=parse_officeholders(text("officeholders.csv")),
        bancadas=parse_bancadas(text(entry.bancadas)) if entry.bancadas else (),
        timeline=entry.timeline,
    )


def _rows(text: str) -> list[dict[str, str]]:
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def _iso(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RulesDataError(f"pack data: {where}: {value!r} is not a date") from None


def parse_event_types(text: str) -> dict[str, EventType]:
    types: dict[str, EventType] = {}
    for row in _rows(text):
        outcomes = row.get("outcomes", "")
        free = outcomes == "free text"
        types[row["event_type"]] = EventType(
            name=row["event_type"],
            meaning=row.get("meaning", ""),
            votes=row.get("votes", "no") or "no",
            outcomes=() if free or not outcomes else tuple(outcomes.split("|")),
            rules=tuple(row.get("rules", "").split()),
            free_outcome=free,
        )
    return types


def parse_officeholders(text: str) -> tuple[OfficeRecord, ...]:
    return tuple(
        OfficeRecord(
            office=row["office"],
            holder=row["holder"],
            start=_iso(row["from"], f"officeholders {row['holder']}"),
            end=_iso(row["to"], f"officeholders {row['holder']}") if row.get("to") else None,
            status=row.get("status", ""),
            note=row.get("note", ""),
        )
        for row in _rows(text)
    )


def parse_bancadas(text: str) -> tuple[BancadaSpell, ...]:
    return tuple(
        BancadaSpell(
            member_id=row["member_id"],
            name=row["name"],
            seat_from=_iso(row["seat_from"], "bancadas"),
            seat_to=_iso(row["seat_to"], "bancadas"),
            bancada=row["bancada"],
            start=_iso(row["from"], "bancadas"),
            end=_iso(row["to"], "bancadas"),
        )
        for row in _rows(text)
    )
