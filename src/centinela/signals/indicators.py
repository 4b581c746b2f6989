"""Indicators per country, department and day: counts by code and family, deaths, outlets, foreign share.

A denied event did not happen, so it is not counted (modality weight 0); threats and claims are. Region
"" is the whole country (every event, with or without a department); each department that events name
gets its own row as well. Computed on columns (``table``): a country-year is a few array passes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from centinela.signals.model import SignalEvent
from centinela.signals.table import EventTable, event_table


@dataclass(frozen=True, slots=True)
class Indicators:
    country: str
    region: str
    date: date
    events: int
    by_code: Mapping[str, int]
    by_family: Mapping[str, int]
    deaths: int
    outlets: int  # distinct outlets that carried the day's events
    foreign_share: float  # share of the day's events with a foreign actor

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "region": self.region,
            "date": self.date.isoformat(),
            "events": self.events,
            "by_code": dict(self.by_code),
            "by_family": dict(self.by_family),
            "deaths": self.deaths,
            "outlets": self.outlets,
            "foreign_share": round(self.foreign_share, 3),
        }


@dataclass(frozen=True, slots=True)
class _Outlets:
    """Every (event, outlet) pair of a table, with outlets as numbers."""

    owner: np.ndarray  # the event's position in the table
    outlet: np.ndarray
    count: int  # distinct outlets in the table


def _outlet_pairs(table: EventTable) -> _Outlets:
    ids: dict[str, int] = {}
    owner: list[int] = []
    outlet: list[int] = []
    for i, row in enumerate(table.rows):
        found = row.outlets if isinstance(row, SignalEvent) else row.get("outlets")
        for name in found or ():
            owner.append(i)
            outlet.append(ids.setdefault(str(name), len(ids)))
    return _Outlets(np.array(owner, dtype=np.int64), np.array(outlet, dtype=np.int64), max(1, len(ids)))


def _per_group(
    group: np.ndarray, groups: int, names: tuple[str, ...], values: np.ndarray
) -> list[dict[str, int]]:
    width = max(1, len(names))
    matrix = np.bincount(group * width + values, minlength=groups * width).reshape(groups, width)
    return [{names[j]: int(row[j]) for j in np.nonzero(row)[0].tolist()} for row in matrix]


def _rows(table: EventTable, mask: np.ndarray, regional: bool, pairs: _Outlets) -> list[Indicators]:
    """One Indicators per distinct (country, region, day) of the events where ``mask`` holds."""
    idx = np.nonzero(mask)[0]
    if not len(idx):
        return []
    first = int(table.day.min())
    span, regions = int(table.day.max()) - first + 1, max(1, len(table.regions))
    region = table.region[idx] if regional else np.zeros(len(idx), dtype=np.int64)
    # One integer per (country, region, day): a 1-D unique is far cheaper than a unique over rows.
    key = (table.country[idx] * regions + region) * span + (table.day[idx] - first)
    unique, group = np.unique(key, return_inverse=True)
    n = len(unique)
    events = np.bincount(group, minlength=n)
    deaths = np.bincount(group, weights=table.deaths[idx], minlength=n)
    foreign = np.bincount(group, weights=table.foreign[idx].astype(float), minlength=n)
    event_group = np.full(len(table), -1, dtype=np.int64)
    event_group[idx] = group
    carried = event_group[pairs.owner]
    seen = np.unique(carried[carried >= 0] * pairs.count + pairs.outlet[carried >= 0])
    outlets = np.bincount(seen // pairs.count, minlength=n)
    codes = _per_group(group, n, table.codes, table.code[idx])
    families = _per_group(group, n, table.families, table.family[idx])
    rest, days = np.divmod(unique, span)
    countries, region_of = np.divmod(rest, regions)
    return [
        Indicators(
            table.countries[int(countries[i])],
            table.regions[int(region_of[i])] if regional else "",
            date.fromordinal(first + int(days[i])),
            int(events[i]),
            codes[i],
            families[i],
            int(deaths[i]),
            int(outlets[i]),
            float(foreign[i] / events[i]),
        )
        for i in range(n)
    ]


def daily_indicators(
    events: Iterable[Mapping[str, Any] | SignalEvent] | EventTable, *, by_region: bool = True
) -> list[Indicators]:
    """One row per (country, region, day) with events, sorted; region "" is the country as a whole."""
    table = events if isinstance(events, EventTable) else event_table(events)
    table = table.where(table.weight > 0)
    if not len(table):
        return []
    pairs = _outlet_pairs(table)
    found = _rows(table, np.ones(len(table), dtype=bool), False, pairs)
    if by_region:
        named = np.array([bool(r) for r in table.regions], dtype=bool)[table.region]
        found += _rows(table, named, True, pairs)
    return sorted(found, key=lambda i: (i.country, i.region, i.date))
