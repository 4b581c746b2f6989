"""Coded events as columns: what the counting signals read, without one object per event.

A country-year is 100,000 events; building an object for each costs more than all the arithmetic that
follows, so the indicators, anomalies and risk parts read these arrays and go back to the original row
only for the few events they show as evidence (``event``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from centinela.signals.model import MODALITY_WEIGHT, SignalEvent, _day, _is_foreign, signal_event


@dataclass(frozen=True, slots=True)
class EventTable:
    """One entry per event in every array; names are indices into the tuples beside them."""

    rows: Sequence[Mapping[str, Any] | SignalEvent]
    day: np.ndarray  # proleptic ordinal of the event's date
    code: np.ndarray
    codes: tuple[str, ...]
    family: np.ndarray
    families: tuple[str, ...]
    country: np.ndarray
    countries: tuple[str, ...]
    region: np.ndarray
    regions: tuple[str, ...]
    weight: np.ndarray  # by modality: a denial 0, a threat or a claim 1/2
    confidence: np.ndarray
    deaths: np.ndarray
    foreign: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)

    def event(self, i: int) -> SignalEvent:
        return signal_event(self.rows[i])

    def first_day(self) -> date:
        return date.fromordinal(int(self.day.min()))

    def last_day(self) -> date:
        return date.fromordinal(int(self.day.max()))

    def where(self, mask: np.ndarray) -> EventTable:
        """The events where ``mask`` holds (same name tuples)."""
        keep = np.nonzero(mask)[0]
        arrays = {name: getattr(self, name)[keep] for name in _ARRAYS}
        return replace(self, rows=[self.rows[i] for i in keep.tolist()], **arrays)


_ARRAYS = ("day", "code", "family", "country", "region", "weight", "confidence", "deaths", "foreign")


def _codes(values: list[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    names = tuple(sorted(set(values)))
    index = {n: i for i, n in enumerate(names)}
    return np.fromiter((index[v] for v in values), dtype=np.int64, count=len(values)), names


def _ordinal(value: Any) -> int:
    return value.toordinal() if type(value) is date else _day(value).toordinal()


def _deaths(detail: Any) -> int:
    if not isinstance(detail, dict) or "deaths" not in detail:
        return 0
    try:
        return max(0, int(detail["deaths"] or 0))
    except (TypeError, ValueError):
        return 0


def _foreign(row: Mapping[str, Any]) -> bool:
    detail = row.get("detail")
    if isinstance(detail, dict) and "foreign" in detail:
        return bool(detail["foreign"])
    actors = row.get("actors") or ()
    return bool(actors) and _is_foreign(actors, row.get("country") or "")


def event_table(events: Iterable[Mapping[str, Any] | SignalEvent]) -> EventTable:
    """The columns of ``events`` (stored rows, coder-shaped mappings or SignalEvents, mixed is fine)."""
    rows = list(events)
    # Mappings are read as they are; a SignalEvent is read through its own mapping view.
    views = [r._asdict() if isinstance(r, SignalEvent) else r for r in rows]
    code, codes = _codes([v["code"] for v in views])
    family, families = _codes([v.get("family") or "" for v in views])
    country, countries = _codes([(v.get("country") or "").upper() for v in views])
    region, regions = _codes([v.get("region") or "" for v in views])
    n = len(views)
    weight = np.fromiter((MODALITY_WEIGHT.get(v.get("modality") or "actual", 1.0) for v in views), float, n)
    return EventTable(
        rows=rows,
        day=np.fromiter((_ordinal(v["date"]) for v in views), dtype=np.int64, count=n),
        code=code,
        codes=codes,
        family=family,
        families=families,
        country=country,
        countries=countries,
        region=region,
        regions=regions,
        weight=weight,
        confidence=np.fromiter((float(v.get("confidence", 1.0)) for v in views), float, n),
        deaths=np.fromiter((_sv_deaths(v) for v in views), dtype=np.int64, count=n),
        foreign=np.fromiter((_sv_foreign(v) for v in views), dtype=bool, count=n),
    )


def _sv_deaths(view: Mapping[str, Any]) -> int:
    # A SignalEvent's view carries ``deaths`` itself; a row carries it in ``detail``.
    return int(view["deaths"]) if "deaths" in view else _deaths(view.get("detail"))


def _sv_foreign(view: Mapping[str, Any]) -> bool:
    return bool(view["foreign"]) if "foreign" in view else _foreign(view)
