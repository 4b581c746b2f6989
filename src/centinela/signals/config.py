"""The knobs of the signals and the risk score, as one immutable value built from the Settings.

Defaults equal the Settings defaults (docs/settings.md explains each), so pure code and tests can use
``RiskConfig()`` without a Settings object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from centinela.errors import ConfigError

PARTS: tuple[str, ...] = (
    "institutional",
    "unrest",
    "security",
    "economic",
    "external",
    "information",
    "structural",
)
LEVELS: tuple[str, ...] = ("calm", "watch", "warning", "alert", "critical")
# Engine alert levels (institutions.alerts) and the setting that prices each.
ACT_LEVELS: tuple[str, ...] = ("critical", "high", "notice")


def _weights(**overrides: float) -> MappingProxyType[str, float]:
    base = {
        "institutional": 70.0,
        "unrest": 25.0,
        "security": 30.0,
        "economic": 10.0,
        "external": 10.0,
        "information": 10.0,
        "structural": 10.0,
    }
    return MappingProxyType(base | overrides)


@dataclass(frozen=True, slots=True)
class RiskConfig:
    weights: MappingProxyType[str, float] = field(default_factory=_weights)
    cutoffs: tuple[float, float, float, float] = (20.0, 40.0, 60.0, 80.0)  # watch, warning, alert, critical
    hysteresis: float = 3.0
    half_life_days: float = 21.0
    vacancy_points: float = 40.0
    denial_points: float = 15.0
    dissolved_points: float = 15.0
    act_points: MappingProxyType[str, float] = field(
        default_factory=lambda: MappingProxyType({"critical": 40.0, "high": 10.0, "notice": 5.0})
    )
    unconstitutional_points: float = 30.0
    coup_half_life_years: float = 25.0
    baseline_days: int = 180
    surprise_min: float = 2.0
    surprise_full: float = 6.0
    min_confidence: float = 0.5
    coordination_min_outlets: int = 5
    coordination_window_hours: float = 24.0

    def __post_init__(self) -> None:
        if list(self.cutoffs) != sorted(self.cutoffs) or len(set(self.cutoffs)) != 4:
            raise ConfigError("risk level cut-offs must increase: watch < warning < alert < critical")
        if self.surprise_full <= self.surprise_min:
            raise ConfigError("signals_surprise_full must be larger than signals_surprise_min")
        missing = [p for p in PARTS if p not in self.weights]
        if missing:
            raise ConfigError(f"no weight for the risk part(s) {', '.join(missing)}")

    @property
    def decay(self) -> float:
        """The share of an act's pressure left after one day."""
        return float(0.5 ** (1.0 / self.half_life_days))

    def level(self, score: float, previous: str | None = None) -> str:
        """The level of a score; a drop from ``previous`` needs the score below its cut-off by hysteresis."""
        reached = sum(score >= c for c in self.cutoffs)
        if previous in LEVELS:
            held = LEVELS.index(previous)
            if reached < held and score >= self.cutoffs[held - 1] - self.hysteresis:
                reached = held
        return LEVELS[reached]

    @classmethod
    def from_settings(cls, settings: Any) -> RiskConfig:
        """The config from a ``centinela.settings.Settings`` (any object with the same attributes)."""
        s = settings
        return cls(
            weights=_weights(**{p: float(getattr(s, f"risk_weight_{p}")) for p in PARTS}),
            cutoffs=(s.risk_level_watch, s.risk_level_warning, s.risk_level_alert, s.risk_level_critical),
            hysteresis=s.risk_hysteresis,
            half_life_days=s.risk_half_life_days,
            vacancy_points=s.risk_vacancy_points,
            denial_points=s.risk_denial_points,
            dissolved_points=s.risk_dissolved_points,
            act_points=MappingProxyType({lvl: float(getattr(s, f"risk_act_{lvl}")) for lvl in ACT_LEVELS}),
            unconstitutional_points=s.risk_unconstitutional_points,
            coup_half_life_years=s.risk_coup_half_life_years,
            baseline_days=s.signals_baseline_days,
            surprise_min=s.signals_surprise_min,
            surprise_full=s.signals_surprise_full,
            min_confidence=s.signals_min_confidence,
            coordination_min_outlets=s.coordination_min_outlets,
            coordination_window_hours=s.coordination_window_hours,
        )
