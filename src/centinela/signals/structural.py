"""The structural base rate: how coup-prone a country has been, from its own history since 1945.

Source: the Cline Center Coup d'Etat Project v2.1.2 (CC BY 4.0, Peyton et al.), packaged in
``centinela/countries/coups`` (see its SOURCES.md). Only coups dated before the day count, so a replay of
2016 does not know about 2022; each weighs by how far it went and halves every ``half_life_years``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from types import MappingProxyType

DATA_PACKAGE = "centinela.countries.coups"
DATA_FILE = "cline_coups.csv"
ATTRIBUTION = (
    "Cline Center Coup d'Etat Project Dataset v2.1.2 (Peyton, Bajjalieh, Shalmon, Martin, "
    "Bonaguro, Soto; Univ. of Illinois), CC BY 4.0"
)
# A realised coup is the full event; an attempt shows the intent and the means; a conspiracy less so.
KIND_WEIGHT = MappingProxyType({"coup": 1.0, "attempted": 0.6, "conspiracy": 0.3})
# Weighted coups at which the base rate reaches 63% of its part: three recent realised coups. Smaller
# would put most of Latin America at the cap and stop telling Bolivia from Costa Rica.
SATURATION = 3.0


@dataclass(frozen=True, slots=True)
class Coup:
    country: str  # ISO 3166-1 alpha-2
    date: date
    kind: str  # coup (realised), attempted, conspiracy
    auto: bool  # an auto-coup (self-coup) by the incumbent
    id: str = ""

    @property
    def label(self) -> str:
        what = {"coup": "coup", "attempted": "attempted coup", "conspiracy": "coup conspiracy"}[self.kind]
        return f"{'auto-' if self.auto and self.kind == 'coup' else ''}{what} of {self.date.isoformat()}"


def parse_coups(text: str) -> list[Coup]:
    """Coups from the packaged CSV's text (rows of states that no longer exist have no code: skipped)."""
    coups = []
    for row in csv.DictReader(io.StringIO(text)):
        if not row["iso2"] or row["event_type"] not in KIND_WEIGHT:
            continue
        day = date(int(row["year"]), int(row["month"]), int(row["day"]))
        coups.append(Coup(row["iso2"], day, row["event_type"], row["auto"] == "1", row["coup_id"]))
    return coups


def packaged_text() -> str:
    return resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")


def coup_history(country: str, coups: Iterable[Coup] | None = None) -> tuple[Coup, ...]:
    """A country's coups, oldest first (from the packaged Cline data unless ``coups`` is given)."""
    chosen = parse_coups(packaged_text()) if coups is None else coups
    return tuple(sorted((c for c in chosen if c.country == country.upper()), key=lambda c: c.date))


def coup_weights(coups: Sequence[Coup], day: date, half_life_years: float) -> list[tuple[Coup, float]]:
    """Each coup before ``day`` with its weight on that day: kind weight, halved every half-life."""
    weighted = []
    for coup in coups:
        if coup.date >= day:
            continue
        years = (day - coup.date).days / 365.25
        weighted.append((coup, KIND_WEIGHT[coup.kind] * 0.5 ** (years / half_life_years)))
    return weighted


def base_rate(coups: Sequence[Coup], day: date, half_life_years: float) -> float:
    """A share in [0, 1): 1 - exp(-weights / SATURATION): three recent realised coups give 0.63, none 0."""
    return 1.0 - math.exp(-sum(w for _, w in coup_weights(coups, day, half_life_years)) / SATURATION)
