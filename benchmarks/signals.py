"""Signals recomputation for a country-year of 100,000 coded events (target: under 2 s).

The events are synthetic but shaped like the real flow: every code of the unrest, security, economic,
external and information families at its own daily rate with a weekly rhythm, a few bursts, deaths on
some repression and violence events, departments, outlets and foreign actors; plus the engine's verdicts
on the bundled Peru timeline. Timed: the indicators (per country, department and day), the anomalies
(one surprise per code and day) and the whole risk series (every part, its evidence, every day), then
the coordination and tone signals over 20,000 documents, reported apart.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from centinela import institutions, signals

EVENTS = 100_000
DOCUMENTS = 20_000
YEAR = date(2020, 1, 1)
RATES = {  # events a day, before the weekly rhythm and the bursts
    "protest": 90,
    "strike": 30,
    "blockade": 25,
    "riot": 10,
    "repression": 8,
    "military_statement": 3,
    "arrest_of_official": 5,
    "political_violence": 6,
    "coup_attempt": 0.05,
    "sanctions": 0.5,
    "market_stress": 3,
    "foreign_aid": 1,
    "foreign_pressure": 6,
    "foreign_support": 4,
    "diplomatic_action": 5,
    "disinformation": 4,
    "press_freedom": 3,
}
FAMILY = {
    "protest": "unrest",
    "strike": "unrest",
    "blockade": "unrest",
    "riot": "unrest",
    "repression": "unrest",
    "military_statement": "security",
    "arrest_of_official": "security",
    "political_violence": "security",
    "coup_attempt": "security",
    "sanctions": "economic",
    "market_stress": "economic",
    "foreign_aid": "economic",
    "foreign_pressure": "external",
    "foreign_support": "external",
    "diplomatic_action": "external",
    "disinformation": "information",
    "press_freedom": "information",
}
REGIONS = ["PE-LIM", "PE-PUN", "PE-CUS", "PE-ARE", "PE-AYA", "PE-PIU", "PE-LAL", "PE-JUN", ""]
OUTLETS = [f"outlet{i}.pe" for i in range(60)]


def _counts(rng: np.random.Generator) -> dict[str, np.ndarray]:
    weekday = (np.arange(366) + YEAR.weekday()) % 7
    rhythm = np.where(weekday >= 5, 0.6, 1.1)
    bursts = np.ones(366)
    bursts[rng.choice(366, 6, replace=False)] = 6.0
    scale = EVENTS / sum(RATES.values()) / 366
    return {code: rng.poisson(rate * scale * 366 / 366 * rhythm * bursts) for code, rate in RATES.items()}


def synthetic_events(seed: int = 5) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    for code, per_day in _counts(rng).items():
        for day, n in enumerate(per_day.tolist()):
            for _ in range(n):
                deaths = int(rng.poisson(0.3)) if code in ("repression", "political_violence") else 0
                foreign = FAMILY[code] in ("external", "economic") and rng.random() < 0.5
                rows.append(
                    {
                        "id": len(rows),
                        "date": YEAR + timedelta(days=day),
                        "code": code,
                        "family": FAMILY[code],
                        "modality": "actual" if rng.random() < 0.9 else "threat",
                        "confidence": 0.5 + rng.random() / 2,
                        "country": "PE",
                        "region": REGIONS[int(rng.integers(len(REGIONS)))],
                        "evidence": f"{code} reported",
                        "url": f"https://news.example/{len(rows)}",
                        "detail": {"deaths": deaths} if deaths else {},
                        "actors": [{"name": "OEA", "kind": "international_organization", "id": "io:oas"}]
                        if foreign
                        else [],
                        "outlets": [
                            OUTLETS[int(i)] for i in rng.integers(len(OUTLETS), size=int(rng.integers(1, 4)))
                        ],
                    }
                )
    return rows


def synthetic_documents(seed: int = 6) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    texts = [
        "Vizcarra es un corrupto y un traidor.",
        "Vizcarra visitó Piura y anunció obras.",
        "Merino no es un golpista, dijo su bancada.",
        "El Congreso debatió la reforma política.",
    ]
    docs = []
    for i in range(DOCUMENTS):
        seen = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=int(rng.integers(366 * 24 * 60)))
        outlets = rng.integers(len(OUTLETS), size=int(rng.integers(1, 9)))
        docs.append(
            {
                "id": i,
                "url": f"https://news.example/d{i}",
                "title": f"story {i}",
                "lang": "es",
                "text": texts[int(rng.integers(len(texts)))],
                "published": seen,
                "outlets": [
                    {
                        "outlet": OUTLETS[int(o)],
                        "url": f"https://{OUTLETS[int(o)]}/{i}",
                        "seen": seen + timedelta(minutes=int(10 * k)),
                    }
                    for k, o in enumerate(outlets)
                ],
            }
        )
    return docs


def _time(label: str, func: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    took = time.perf_counter() - start
    print(f"  {label:<48} {took:6.3f} s")
    return took, result


def main() -> None:
    rows = synthetic_events()
    pack = institutions.load_pack("PE")
    verdicts = [
        signals.verdict_record(v) for v in institutions.replay(institutions.bundled_timeline(pack), pack)
    ]
    print(f"country-year: {len(rows):,} events over 366 days, {len(verdicts)} engine verdicts")
    total = 0.0
    took, events = _time("read the events into columns", lambda: signals.event_table(rows))
    total += took
    took, table = _time("indicators (country and department x day)", lambda: signals.daily_indicators(events))
    total += took
    took, found = _time("anomalies (surprise per code and day)", lambda: signals.code_anomalies(events))
    total += took
    year = [v for v in verdicts if v["date"].startswith("2020")]
    took, days = _time(
        "risk series (all parts, evidence, levels)",
        lambda: signals.risk_series("PE", year, events, pack=pack, start=YEAR, end=date(2020, 12, 31)),
    )
    total += took
    verdict = "met" if total < 2 else "MISSED"
    print(f"  {'signals recomputation, total':<48} {total:6.3f} s  (target < 2 s: {verdict})")
    print(
        f"  {len(table):,} indicator rows, {len(found):,} anomalies (surprise >= 2), {len(days)} risk days, "
        f"{len(signals.level_changes(days))} level changes"
    )
    docs = synthetic_documents()
    print(f"documents: {len(docs):,} with their outlets")
    _time("coordination candidates", lambda: signals.coordinated(docs, min_outlets=5, window_hours=24))
    _time(
        "tone toward 3 tracked actors",
        lambda: signals.mentions(
            docs, ["Martín Vizcarra", "Manuel Merino", "Pedro Cateriano"], signals.packaged_lexicon()
        ),
    )
    _time(
        "risk series with events and documents",
        lambda: signals.risk_series(
            "PE", year, events, documents=docs, pack=pack, start=YEAR, end=date(2020, 12, 31)
        ),
    )


if __name__ == "__main__":
    main()
