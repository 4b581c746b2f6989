"""Changes of risk level, explained: which parts moved, by how much, and the evidence behind them.

A rise is explained by what the change day added (the parts that rose since the day before, and the
contributions with the most points that day); a fall by what faded or ended since the level was
entered (the parts that fell, and the evidence that held them up then). Each change becomes one
``centinela.model.Alert`` (kind "risk", code "risk_level_change") whose key is stable across replays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from centinela.model import Alert
from centinela.signals.config import LEVELS
from centinela.signals.model import Evidence, RiskDay

# A part that moved less than this is not named as a reason.
MIN_MOVE = 0.5
MAX_EVIDENCE = 8


@dataclass(frozen=True, slots=True)
class PartMove:
    part: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    def describe(self) -> str:
        return f"{self.part} {self.before:.1f} -> {self.after:.1f} ({self.delta:+.1f})"


@dataclass(frozen=True, slots=True)
class LevelChange:
    """The day a country's level changed, what it was and became, and why."""

    country: str
    day: RiskDay
    reference: RiskDay  # the day compared with: the day before a rise, the day the old level began for a fall
    previous: str
    moved: tuple[PartMove, ...]
    evidence: tuple[Evidence, ...]

    @property
    def rising(self) -> bool:
        return LEVELS.index(self.day.level) > LEVELS.index(self.previous)

    def to_dict(self) -> dict[str, object]:
        return {
            "country": self.country,
            "date": self.day.date.isoformat(),
            "previous": self.previous,
            "level": self.day.level,
            "score": round(self.day.score, 1),
            "previous_score": round(self.reference.score, 1),
            "moved": [
                {"part": m.part, "before": round(m.before, 1), "after": round(m.after, 1)} for m in self.moved
            ],
            "evidence": [e.to_dict() for e in self.evidence],
        }


def _moves(before: RiskDay, after: RiskDay, rising: bool) -> tuple[PartMove, ...]:
    moves = [PartMove(p, before.parts.get(p, 0.0), v) for p, v in after.parts.items()]
    wanted = [m for m in moves if (m.delta >= MIN_MOVE if rising else m.delta <= -MIN_MOVE)]
    return tuple(sorted(wanted, key=lambda m: -abs(m.delta)))


def _why(day: RiskDay, reference: RiskDay, moved: Sequence[PartMove], rising: bool) -> tuple[Evidence, ...]:
    parts = {m.part for m in moved}
    source = day if rising else reference
    chosen = [e for e in source.evidence if e.part in parts]
    if rising:  # what is new or grew since the day before comes first
        before = {(e.label, e.date) for e in reference.evidence}
        chosen.sort(key=lambda e: ((e.label, e.date) in before, -e.points))
    return tuple(chosen[:MAX_EVIDENCE])


def level_changes(days: Sequence[RiskDay], previous: RiskDay | None = None) -> list[LevelChange]:
    """Every change of level in ``days`` (consecutive days of one country, oldest first).

    ``previous`` is the stored day before ``days[0]``; without it the first day is the starting point,
    not a change (a series that starts mid-crisis does not announce it again).
    """
    changes: list[LevelChange] = []
    last = previous
    entered = previous
    for day in days:
        if last is not None and day.level != last.level:
            rising = LEVELS.index(day.level) > LEVELS.index(last.level)
            reference = last if rising or entered is None else entered
            moved = _moves(reference, day, rising)
            changes.append(
                LevelChange(
                    day.country, day, reference, last.level, moved, _why(day, reference, moved, rising)
                )
            )
            entered = day
        elif entered is None:
            entered = day
        last = day
    return changes


def _body(change: LevelChange) -> str:
    lines = [f"score {change.reference.score:.1f} -> {change.day.score:.1f} (0-100)", "parts that moved:"]
    for move in change.moved:
        top = next((e.label for e in change.evidence if e.part == move.part), "")
        lines.append(f"- {move.describe()}" + (f": {top}" if top else ""))
    if not change.moved:
        lines.append("- none by more than half a point: the score crossed a cut-off while fading")
    return "\n".join(lines)


def change_alert(change: LevelChange) -> Alert:
    """The alert of a level change; its key names the country, day and levels: a replay stores it once."""
    day = change.day
    verb = "rises" if change.rising else "falls"
    title = (
        f"{change.country} risk {verb} to {day.level}: {day.score:.0f}/100 on {day.date.isoformat()} "
        f"(was {change.previous})"
    )
    # One item per source URL (the biggest contribution first): several alerts of one verdict share it.
    by_url: dict[str, dict[str, str]] = {}
    for e in change.evidence:
        by_url.setdefault(e.url or f"label:{e.label}", e.for_alert())
    evidence = tuple(by_url.values())
    return Alert(
        key=f"{change.country}:risk:{day.date.isoformat()}:{change.previous}>{day.level}",
        country=change.country,
        kind="risk",
        code="risk_level_change",
        date=day.date,
        title=title,
        body=_body(change),
        level=day.level,
        rule_id="risk_score",
        evidence=evidence,
    )


def risk_alerts(days: Sequence[RiskDay], previous: RiskDay | None = None) -> list[Alert]:
    """One alert per change of level in ``days`` (see ``level_changes``)."""
    return [change_alert(c) for c in level_changes(days, previous)]
