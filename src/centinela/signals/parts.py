"""The text-based parts of the risk: unrest, security, economic, external, information.

Every part is made of daily series (the count of each event code of its family, the deaths its events
report, the stories carried by many outlets at once, the negative reports about a tracked actor),
each judged against the country's own history by ``anomaly``. A day whose surprise passes the minimum
adds an impulse: the part's weight, times the code's severity, times how far the surprise went toward
"full"; the part sums its impulses (capped at 1 per day) and ``risk`` lets them fade.

Institutional codes from the coder feed the engine (the coder emits its timeline rows), not these
parts, so a vacancy motion is not counted twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

import numpy as np

from centinela.signals import anomaly
from centinela.signals.config import RiskConfig
from centinela.signals.coordination import Cluster
from centinela.signals.institutional import Impulse
from centinela.signals.table import EventTable
from centinela.signals.tone import Mention

FAMILY_PART: Mapping[str, str] = MappingProxyType(
    {
        "unrest": "unrest",
        "security": "security",
        "economic": "economic",
        "external": "external",
        "information": "information",
    }
)
# How much a surprising day of each code says about a crisis of power (1: as much as a code can).
SEVERITY: Mapping[str, float] = MappingProxyType(
    {
        "protest": 0.5,
        "strike": 0.4,
        "blockade": 0.5,
        "riot": 0.8,
        "repression": 1.0,
        "military_statement": 0.8,
        "coup_attempt": 1.0,
        "self_coup": 1.0,
        "arrest_of_official": 0.4,
        "political_violence": 0.9,
        "sanctions": 1.0,
        "market_stress": 0.7,
        "foreign_aid": 0.4,
        "foreign_pressure": 0.8,
        "foreign_support": 0.3,
        "diplomatic_action": 0.6,
        "disinformation": 0.8,
        "press_freedom": 0.8,
    }
)
DEFAULT_SEVERITY = 0.5
DEATHS_SEVERITY = 1.0
COORDINATION_SEVERITY = 0.8
CAMPAIGN_SEVERITY = 0.6


@dataclass(frozen=True, slots=True)
class Series:
    key: str  # code:protest, deaths:unrest, coordination, campaign:<actor>
    part: str
    severity: float
    noun: str  # what is counted, for labels: "protest reports"


@dataclass(frozen=True, slots=True)
class Source:
    """The evidence of one (day, series) cell: the most confident event, or the largest story."""

    url: str
    sentence: str
    rank: float


NO_SOURCE = Source("", "", 0.0)
# (day row, series column) -> the evidence of that cell; asked only for the cells that become impulses.
SourceOf = Callable[[int, int], Source]


def _best(cell: np.ndarray, rank: np.ndarray) -> dict[int, int]:
    """For each cell, the position of its highest-ranked entry (the first one on ties)."""
    order = np.lexsort((-rank, cell))
    cells, first = np.unique(cell[order], return_index=True)
    return dict(zip(cells.tolist(), order[first].tolist(), strict=True))


def event_series(
    table: EventTable, config: RiskConfig, start: date, days: int
) -> tuple[np.ndarray, list[Series], SourceOf]:
    """The counts matrix of the events' codes and deaths, its series, and where each cell's evidence is."""
    part_of = np.array([f in FAMILY_PART for f in table.families] or [False], dtype=bool)
    keep = part_of[table.family] & (table.confidence >= config.min_confidence) & (table.weight > 0)
    chosen = table.where(keep)
    used = sorted(set(chosen.code.tolist()))
    keys = [
        Series(
            f"code:{chosen.codes[c]}",
            FAMILY_PART[_family_of(chosen, c)],
            SEVERITY.get(chosen.codes[c], DEFAULT_SEVERITY),
            f"{chosen.codes[c]} reports",
        )
        for c in used
    ]
    dying = sorted(
        {chosen.families[f] for f in chosen.family[chosen.deaths > 0].tolist()} & {"unrest", "security"}
    )
    keys += [Series(f"deaths:{f}", f, DEATHS_SEVERITY, f"deaths in {f} events") for f in dying]
    column = np.full(len(chosen.codes), -1, dtype=np.int64)
    column[used] = np.arange(len(used))
    day = chosen.day - start.toordinal()
    col = column[chosen.code]
    counts = anomaly.count_matrix(day, col, chosen.weight, days, len(keys))
    dead_col = np.full(len(chosen.families), -1, dtype=np.int64)
    for j, f in enumerate(dying):
        dead_col[chosen.families.index(f)] = len(used) + j
    dcol = dead_col[chosen.family]
    counts += anomaly.count_matrix(day, dcol, chosen.deaths * chosen.weight, days, len(keys))
    width = max(1, len(keys))
    best = _best(day * width + col, chosen.confidence)
    has_deaths = (chosen.deaths > 0) & (dcol >= 0)
    best |= _best(day[has_deaths] * width + dcol[has_deaths], chosen.deaths[has_deaths].astype(float))

    def source_of(row: int, column: int) -> Source:
        found = best.get(row * width + column)
        if found is None:
            return NO_SOURCE
        event = chosen.event(found)
        return Source(event.url, event.evidence, event.confidence)

    return counts, keys, source_of


def _family_of(table: EventTable, code: int) -> str:
    return table.families[int(table.family[np.argmax(table.code == code)])]


def story_series(
    clusters: Sequence[Cluster], mentions: Sequence[Mention], start: date, days: int
) -> tuple[np.ndarray, list[Series], SourceOf]:
    """Daily counts of coordinated stories and of negative reports per tracked actor."""
    actors = sorted({m.actor for m in mentions if m.negative})
    keys = [
        Series(
            "coordination", "information", COORDINATION_SEVERITY, "stories carried by many outlets at once"
        )
    ]
    keys += [
        Series(f"campaign:{a}", "information", CAMPAIGN_SEVERITY, f"negative reports about {a}")
        for a in actors
    ]
    counts = np.zeros((days, len(keys)))
    best: dict[tuple[int, int], Source] = {}
    items = [
        (c.day, 0, float(len(c.outlets)), c.url, f"{c.title} ({len(c.outlets)} outlets)") for c in clusters
    ]
    items += [(m.date, 1 + actors.index(m.actor), -m.tone, m.url, m.sentence) for m in mentions if m.negative]
    for when, col, rank, url, sentence in items:
        row = (when - start).days
        if 0 <= row < days:
            counts[row, col] += 1
            if (row, col) not in best or rank > best[(row, col)].rank:
                best[(row, col)] = Source(url, sentence, rank)
    return counts, keys, lambda row, col: best.get((row, col), NO_SOURCE)


def impulses(
    counts: np.ndarray, keys: Sequence[Series], source_of: SourceOf, start: date, config: RiskConfig
) -> list[Impulse]:
    """One impulse per surprising (day, series): its share of the part's weight on that day."""
    if not keys:
        return []
    base = anomaly.baseline(counts, anomaly.weekdays_from(start, counts.shape[0]), config.baseline_days)
    score = anomaly.surprise(counts, base)
    strength = np.clip((score - config.surprise_min) / (config.surprise_full - config.surprise_min), 0.0, 1.0)
    strength *= np.array([k.severity for k in keys])[None, :]
    found = []
    for part in sorted({k.part for k in keys}):
        cols = np.array([i for i, k in enumerate(keys) if k.part == part])
        total = strength[:, cols].sum(axis=1)
        # A part's impulse on a day is at most its weight, shared among the series that made it.
        scale = config.weights[part] * np.minimum(1.0, total) / np.where(total > 0, total, 1.0)
        for row, col in zip(*np.nonzero(strength[:, cols] > 0), strict=True):
            i = int(cols[col])
            key, src = keys[i], source_of(int(row), i)
            label = (
                f"{key.noun}: {counts[row, i]:g} on the day, expected {base.expected[row, i]:.1f} "
                f"(surprise {score[row, i]:.1f})"
            )
            found.append(
                Impulse(
                    part,
                    start + timedelta(days=int(row)),
                    float(strength[row, i] * scale[row]),
                    label,
                    src.url,
                    src.sentence,
                )
            )
    return found


def code_anomalies(
    table: EventTable, config: RiskConfig | None = None, min_surprise: float | None = None
) -> list[anomaly.Anomaly]:
    """The surprise of every code's daily count against its own trailing baseline, every family included."""
    config = config or RiskConfig()
    real = np.array([f not in ("", "none") for f in table.families] or [False], dtype=bool)
    chosen = table.where(
        real[table.family] & (table.confidence >= config.min_confidence) & (table.weight > 0)
    )
    if not len(chosen):
        return []
    first = chosen.first_day()
    days = (chosen.last_day() - first).days + 1
    counts = anomaly.count_matrix(
        chosen.day - first.toordinal(), chosen.code, chosen.weight, days, len(chosen.codes)
    )
    threshold = config.surprise_min if min_surprise is None else min_surprise
    return anomaly.anomalies(counts, chosen.codes, first, config.baseline_days, threshold)
