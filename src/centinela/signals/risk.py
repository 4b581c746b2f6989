"""The risk score: per country and day, 0-100, a sum of named parts, each with the evidence behind it.

    score = min(100, sum over parts of min(weight, standing + fading impulses))

- institutional: the engine's state (standing) and acts (impulses), see ``institutional``;
- unrest, security, economic, external, information: surprising days of coded events, coordinated
  stories and negative coverage of tracked actors, see ``parts``;
- structural: the country's coup history (Cline Center), see ``structural``.

Impulses halve every ``half_life_days``, so calm returns when nothing new happens. The level is the
highest cut-off reached, and drops only once the score is ``hysteresis`` points below its cut-off.
Pure: the inputs are plain data (verdict mappings, event rows, documents), the output RiskDay values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

import numpy as np

from centinela.signals import parts, structural, tone
from centinela.signals.config import PARTS, RiskConfig
from centinela.signals.coordination import coordinated
from centinela.signals.institutional import Impulse, Standing, pressure
from centinela.signals.model import Evidence, RiskDay, SignalEvent
from centinela.signals.table import EventTable, event_table

TOP_EVIDENCE = 5
# A faded contribution below this many points is no longer worth showing as evidence.
MIN_EVIDENCE_POINTS = 0.5
# Offices whose holders are tracked for tone by default: those a crisis of power is about.
TRACKED_OFFICES = ("President of the Republic", "PCM", "President of Congress")
EVIDENCE_CHUNK = 256


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything a risk series is computed from, normalised."""

    country: str
    verdicts: Sequence[Mapping[str, Any]]
    events: EventTable
    documents: Sequence[Mapping[str, Any]]
    tracked: Sequence[str]
    coups: Sequence[structural.Coup]


def tracked_actors(verdicts: Iterable[Mapping[str, Any]]) -> list[str]:
    """Everyone who held a tracked office in the engine's states, in order of first appearance."""
    seen: dict[str, None] = {}
    for verdict in verdicts:
        holders = (verdict.get("state") or {}).get("officeholders") or {}
        for office in TRACKED_OFFICES:
            holder = holders.get(office)
            if holder and holder.get("name"):
                seen.setdefault(str(holder["name"]), None)
    return list(seen)


def _bounds(inputs: Inputs, start: date | None, end: date | None) -> tuple[date, date] | None:
    days = [date.fromisoformat(str(v["date"])[:10]) for v in inputs.verdicts]
    if len(inputs.events):
        days += [inputs.events.first_day(), inputs.events.last_day()]
    days += [d for d in (start, end) if d is not None]
    if not days:
        return None
    return min(days), max(days)


def _fading(impulses: Sequence[Impulse], first: date, days: int, decay: float) -> dict[str, np.ndarray]:
    """Per part, the sum of its impulses on each day, each halved every half-life since it happened."""
    added = {p: np.zeros(days) for p in PARTS}
    for imp in impulses:
        row = (imp.day - first).days
        if 0 <= row < days:
            added[imp.part][row] += imp.points
    # y[t] = decay * y[t-1] + x[t]: a first-order recursive filter, one pass over the days per part.
    faded = {}
    for part, x in added.items():
        y, level = np.empty(days), 0.0
        for t, value in enumerate(x.tolist()):
            level = level * decay + value
            y[t] = level
        faded[part] = y
    return faded


def _standing(spans: Sequence[Standing], first: date, days: int) -> np.ndarray:
    diff = np.zeros(days + 1)
    for span in spans:
        lo = max(0, (span.start - first).days)
        hi = days if span.end is None else min(days, (span.end - first).days)
        if lo < hi:
            diff[lo] += span.points
            diff[hi] -= span.points
    return np.cumsum(diff)[:days]


def _structural(coups: Sequence[structural.Coup], first: date, days: int, config: RiskConfig) -> np.ndarray:
    if not coups:
        return np.zeros(days)
    offsets = np.array([(c.date - first).days for c in coups])
    age = np.arange(days)[:, None] - offsets[None, :]
    kinds = np.array([structural.KIND_WEIGHT[c.kind] for c in coups])
    weights = np.where(age > 0, kinds[None, :] * 0.5 ** (age / 365.25 / config.coup_half_life_years), 0.0)
    return config.weights["structural"] * (1.0 - np.exp(-weights.sum(axis=1) / structural.SATURATION))


def _text_impulses(inputs: Inputs, config: RiskConfig, first: date, days: int) -> list[Impulse]:
    counts, keys, sources = parts.event_series(inputs.events, config, first, days)
    found = parts.impulses(counts, keys, sources, first, config)
    if inputs.documents:
        clusters = coordinated(
            inputs.documents,
            min_outlets=config.coordination_min_outlets,
            window_hours=config.coordination_window_hours,
        )
        mentions = tone.mentions(inputs.documents, inputs.tracked, tone.packaged_lexicon())
        counts, keys, sources = parts.story_series(clusters, mentions, first, days)
        found += parts.impulses(counts, keys, sources, first, config)
    return found


def _part_values(
    inputs: Inputs, config: RiskConfig, first: date, days: int, pack: Any
) -> tuple[dict[str, np.ndarray], list[Standing], list[Impulse]]:
    spans, impulses = pressure(inputs.verdicts, config, pack)
    impulses = impulses + _text_impulses(inputs, config, first, days)
    fading = _fading(impulses, first, days, config.decay)
    raw = {p: fading[p] for p in PARTS}
    raw["institutional"] = raw["institutional"] + _standing(spans, first, days)
    raw["structural"] = _structural(inputs.coups, first, days, config)
    values = {p: np.minimum(config.weights[p], raw[p]) for p in PARTS}
    return values, spans, impulses


def _evidence(
    spans: Sequence[Standing], impulses: Sequence[Impulse], first: date, rows: np.ndarray, config: RiskConfig
) -> list[list[Evidence]]:
    """For each day (row), the contributions with the most points on that day, faded as they are."""
    items = [("institutional", s.label, s.points, s.start, s.url, s.sentence) for s in spans]
    items += [(i.part, i.label, i.points, i.day, i.url, i.sentence) for i in impulses]
    if not items:
        return [[] for _ in rows]
    start = np.array([(it[3] - first).days for it in items])
    end = np.array([(s.end - first).days if s.end else 1 << 30 for s in spans] + [1 << 30] * len(impulses))
    points = np.array([it[2] for it in items])
    fades = np.array([False] * len(spans) + [True] * len(impulses))
    found: list[list[Evidence]] = []
    for lo in range(0, len(rows), EVIDENCE_CHUNK):
        t = rows[lo : lo + EVIDENCE_CHUNK][:, None]
        age = t - start[None, :]
        alive = (age >= 0) & (t < end[None, :])
        now = np.where(alive, points * np.where(fades, config.decay ** np.maximum(age, 0), 1.0), 0.0)
        for line in now:
            best = [
                int(j)
                for j in np.argsort(-line, kind="stable")[:TOP_EVIDENCE]
                if line[j] >= MIN_EVIDENCE_POINTS
            ]
            found.append(
                [
                    Evidence(items[j][0], items[j][1], float(line[j]), items[j][3], items[j][4], items[j][5])
                    for j in best
                ]
            )
    return found


def _structural_evidence(
    coups: Sequence[structural.Coup], day: date, points: float, config: RiskConfig
) -> Evidence | None:
    weighted = structural.coup_weights(coups, day, config.coup_half_life_years)
    if points < MIN_EVIDENCE_POINTS or not weighted:
        return None
    latest = weighted[-1][0]
    label = (
        f"coup history: {len(weighted)} coups, attempts or conspiracies since 1945; latest: {latest.label}"
    )
    return Evidence("structural", label, points, latest.date, "", structural.ATTRIBUTION)


def risk_series(
    country: str,
    institutional: Sequence[Mapping[str, Any]] = (),
    events: Iterable[Mapping[str, Any] | SignalEvent] | EventTable = (),
    *,
    documents: Sequence[Mapping[str, Any]] = (),
    config: RiskConfig | None = None,
    pack: Any = None,
    coups: Sequence[structural.Coup] | None = None,
    tracked: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    previous_level: str | None = None,
) -> list[RiskDay]:
    """The risk of ``country`` on every day from ``start`` to ``end`` (default: the span of the inputs).

    ``institutional``: the engine's verdicts (``verdict_record``/stored verdict JSON, in replay order);
    ``events``: coded events (stored rows with ``url`` and ``outlets``, or SignalEvent); ``documents``:
    stories with their ``outlets`` (coordination) and text (tone toward ``tracked`` actors, default the
    officeholders in the engine's states); ``pack``: the country's institutional pack, for vote
    projections; ``coups``: default the packaged Cline history; ``previous_level``: the stored level of
    the day before ``start``, so the first day's level honours the hysteresis. All inputs are used as
    history; only the days from ``start`` are returned.
    """
    config = config or RiskConfig()
    code = country.upper()
    table = events if isinstance(events, EventTable) else event_table(events)
    ours = np.array([c in ("", code) for c in table.countries] or [False], dtype=bool)
    chosen = table.where(ours[table.country])
    verdicts = list(institutional)
    inputs = Inputs(
        code,
        verdicts,
        chosen,
        documents,
        list(tracked) if tracked is not None else tracked_actors(verdicts),
        structural.coup_history(code, coups),
    )
    bounds = _bounds(inputs, start, end)
    if bounds is None:
        return []
    first, last = bounds
    days = (last - first).days + 1
    values, spans, impulses = _part_values(inputs, config, first, days, pack)
    rows = np.arange((start - first).days if start else 0, (end - first).days + 1 if end else days)
    evidence = _evidence(spans, impulses, first, rows, config)
    return _days(inputs, config, first, rows, values, evidence, previous_level)


def _days(
    inputs: Inputs,
    config: RiskConfig,
    first: date,
    rows: np.ndarray,
    values: Mapping[str, np.ndarray],
    evidence: Sequence[Sequence[Evidence]],
    previous_level: str | None,
) -> list[RiskDay]:
    """The RiskDay of each row: the parts, their capped sum, the level (with hysteresis) and the evidence."""
    total = np.minimum(100.0, sum(values.values()))
    result, level = [], previous_level
    for row, found in zip(rows.tolist(), evidence, strict=True):
        day = first + timedelta(days=row)
        level = config.level(float(total[row]), level)
        extra = _structural_evidence(inputs.coups, day, float(values["structural"][row]), config)
        shown = sorted([*found, extra] if extra else found, key=lambda e: -e.points)[:TOP_EVIDENCE]
        parts = MappingProxyType({p: float(values[p][row]) for p in PARTS})
        result.append(RiskDay(inputs.country, day, float(total[row]), level, parts, tuple(shown)))
    return result
