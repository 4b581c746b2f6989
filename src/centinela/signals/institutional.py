"""Institutional pressure, read from the engine's verdicts: no date or name is written in here.

Two kinds of pressure, each with the verdict (and its source URL) behind it:

- standing: what the state after a verdict holds until the next one changes it (an admitted vacancy
  motion priced by its projected votes against the removal threshold, cabinets denied toward
  dissolution, a dissolved Congress); it ends when the state ends it or its own deadline passes;
- impulses: what a verdict did (each engine alert by its level, an act judged unconstitutional or
  disputed), which fade with the half-life in ``risk``.

Verdicts are the mappings of ``Verdict.to_dict()`` (stored in ``institutional_events.verdict``), with
the event's ``source`` URL and ``note`` merged in when known (``verdict_record`` does it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from centinela import institutions
from centinela.errors import CentinelaError
from centinela.signals.config import RiskConfig

PART = "institutional"
VACANCY_STEPS = ("vacancy_motion_filed", "vacancy_admission_vote", "vacancy_vote")
# A motion filed but not yet admitted has cleared no vote: a quarter of an admitted one's weight.
FILED_SHARE = 0.25
# A presented resignation waits only for Congress to accept it: half a motion that reaches its threshold.
RESIGNATION_SHARE = 0.5
# A pending censure of the cabinet is half of one more denial toward dissolution.
CENSURE_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Standing:
    """Points held from ``start`` up to (not including) ``end``; ``end`` None: to the end of the series."""

    start: date
    end: date | None
    points: float
    label: str
    url: str = ""
    sentence: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Impulse:
    """Points added on ``day`` that fade with the half-life."""

    part: str
    day: date
    points: float
    label: str
    url: str = ""
    sentence: str = ""


def verdict_record(verdict: institutions.Verdict) -> dict[str, Any]:
    """A verdict as the signals read it: ``to_dict()`` plus the event's source URL and note."""
    return verdict.to_dict() | {"source": verdict.event.source, "note": verdict.event.note}


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _source(verdict: Mapping[str, Any]) -> tuple[str, str]:
    """The event's source URL and its note (the timeline's remark on the record; often empty)."""
    return str(verdict.get("source") or ""), str(verdict.get("note") or "")


def impulses(verdict: Mapping[str, Any], config: RiskConfig) -> list[Impulse]:
    """What one verdict's act adds: each engine alert priced by its level; unconstitutional acts."""
    day = _day(verdict["date"])
    assert day is not None
    url, sentence = _source(verdict)
    found = []
    for alert in verdict.get("alert_details") or ():
        points = config.act_points.get(str(alert.get("level")), config.act_points.get("notice", 0.0))
        label = f"{str(alert.get('code', '')).replace('_', ' ')}: {alert.get('reason', '')}"
        found.append(Impulse(PART, day, points, label[:240], url, sentence))
    judged = verdict.get("constitutional")
    if judged in ("no", "disputed"):
        share = 1.0 if judged == "no" else 0.5
        what = "unconstitutional" if judged == "no" else "constitutionality disputed"
        label = f"{what}: {verdict.get('event_type')} {verdict.get('subject') or ''}".strip()
        found.append(Impulse(PART, day, config.unconstitutional_points * share, label, url, sentence))
    return found


def removal_threshold(
    pack: Any, on: date, votes_for: int, chamber: str | None
) -> tuple[int | None, int | None]:
    """(threshold, margin) of a vacancy vote if those who admitted the motion vote to remove.

    The projection is the engine's own (``institutions.project``): the rule in force on the day counts.
    """
    if pack is None:
        return None, None
    try:
        projection = institutions.project(
            pack,
            {"admission": votes_for},
            {"admission": "for"},
            event_type="vacancy_vote",
            on=on,
            chamber=chamber or "",
        )
    except CentinelaError:
        return None, None
    return projection.threshold, projection.margin


def _latest(history: Sequence[Mapping[str, Any]], subject: str, types: Iterable[str]) -> Mapping[str, Any]:
    wanted = set(types)
    for verdict in reversed(history):
        if verdict.get("event_type") in wanted and verdict.get("subject") == subject:
            return verdict
    return history[-1]


def _vacancy(motion: Mapping[str, Any], day: date, config: RiskConfig, pack: Any) -> tuple[float, str]:
    subject, stage, votes = motion.get("subject"), motion.get("stage"), motion.get("votes_for")
    if stage == "filed":
        return config.vacancy_points * FILED_SHARE, f"vacancy motion against {subject} filed"
    if stage != "admitted" or votes is None:
        return config.vacancy_points, f"vacancy motion against {subject}: {stage}"
    threshold, margin = removal_threshold(pack, day, int(votes), motion.get("chamber"))
    if not threshold or margin is None:
        return config.vacancy_points, f"vacancy motion against {subject} admitted with {votes} votes"
    share = min(1.0, int(votes) / threshold)
    distance = f"{margin} to spare" if margin >= 0 else f"{-margin} short"
    label = (
        f"vacancy motion against {subject} admitted with {votes} votes; removal needs {threshold}: "
        f"projected {votes} ({distance})"
    )
    return config.vacancy_points * share, label


def _motions(
    state: Mapping[str, Any], day: date, history: Sequence[Mapping[str, Any]], config: RiskConfig, pack: Any
) -> list[Standing]:
    found = []
    needed = (state.get("denials") or {}).get("needed_for_dissolution") or 0
    for motion in state.get("open_motions") or ():
        kind, subject = motion.get("kind"), str(motion.get("subject") or "")
        deadline = _day(motion.get("deadline"))
        end = deadline + timedelta(days=1) if deadline else None
        if kind == "vacancy":
            points, label = _vacancy(motion, day, config, pack)
            url, sentence = _source(_latest(history, subject, VACANCY_STEPS))
        elif kind == "resignation":
            points, label = config.vacancy_points * RESIGNATION_SHARE, f"resignation of {subject} presented"
            url, sentence = _source(_latest(history, subject, ("resignation_presented",)))
        elif kind == "censure" and needed:
            points = config.denial_points * CENSURE_SHARE / needed
            label = f"censure motion against {subject} pending"
            url, sentence = _source(_latest(history, subject, ("censure_motion_filed",)))
        else:
            continue
        found.append(Standing(day, end, points, label, url, sentence))
    return found


def _denials(
    state: Mapping[str, Any], day: date, history: Sequence[Mapping[str, Any]], config: RiskConfig
) -> list[Standing]:
    denials = state.get("denials") or {}
    count, needed = int(denials.get("count") or 0), denials.get("needed_for_dissolution")
    if not count or not needed:
        return []
    term_end = _day((denials.get("term") or {}).get("to"))
    items = denials.get("items") or [{}]
    last = items[-1]
    verdict = (
        _latest(history, str(last.get("subject") or ""), (str(last.get("event_type") or ""),))
        if last
        else history[-1]
    )
    url, sentence = _source(verdict)
    label = f"{count} of {needed} cabinets denied or censured toward dissolution"
    if count >= needed:
        label = f"dissolution enabled: {count} cabinets denied or censured (needs {needed})"
    ends = [term_end + timedelta(days=1) if term_end else None]
    dissolved = state.get("dissolution") or {}
    if dissolved.get("in_effect") and not dissolved.get("ended"):
        ends.append(_day(dissolved.get("until")))  # the newly elected Congress starts a new count
    end = min((d for d in ends if d is not None), default=None)
    return [Standing(day, end, config.denial_points * min(1.0, count / needed), label, url, sentence)]


def _dissolved(
    state: Mapping[str, Any], day: date, history: Sequence[Mapping[str, Any]], config: RiskConfig
) -> list[Standing]:
    d = state.get("dissolution")
    if not d or d.get("ended") or not d.get("in_effect"):
        return []
    verdict = next((v for v in reversed(history) if v.get("event_type") == "dissolution_decree"), history[-1])
    url, sentence = _source(verdict)
    until = _day(d.get("until"))
    label = f"Congress dissolved on {d.get('date')} ({d.get('constitutional')})" + (
        f" until {until.isoformat()}" if until else ""
    )
    return [Standing(day, until, config.dissolved_points, label, url, sentence)]


def standing(
    verdict: Mapping[str, Any], history: Sequence[Mapping[str, Any]], config: RiskConfig, pack: Any = None
) -> list[Standing]:
    """What the state after ``verdict`` holds from its day on; ``history`` ends with ``verdict``."""
    day = _day(verdict["date"])
    assert day is not None
    state = verdict.get("state") or {}
    return (
        _motions(state, day, history, config, pack)
        + _denials(state, day, history, config)
        + _dissolved(state, day, history, config)
    )


def pressure(
    verdicts: Sequence[Mapping[str, Any]], config: RiskConfig, pack: Any = None
) -> tuple[list[Standing], list[Impulse]]:
    """Standing spans and impulses of a replay: each state holds until the next verdict's day."""
    ordered = sorted(verdicts, key=lambda v: str(v["date"]))  # stable: same-day verdicts keep their order
    spans: list[Standing] = []
    found: list[Impulse] = []
    for i, verdict in enumerate(ordered):
        found.extend(impulses(verdict, config))
        following = ordered[i + 1] if i + 1 < len(ordered) else None
        if following is not None and following["date"] == verdict["date"]:
            continue  # a same-day verdict follows: the day's last state is the one that holds
        next_day = _day(following["date"]) if following is not None else None
        for item in standing(verdict, ordered[: i + 1], config, pack):
            end = min((d for d in (item.end, next_day) if d is not None), default=None)
            spans.append(Standing(item.start, end, item.points, item.label, item.url, item.sentence))
    return spans, found
