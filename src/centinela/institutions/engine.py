"""The institutional engine: follow dated events through a country's rules, one verdict per event.

``evaluate(state, event, pack)`` returns the verdict and the next state and changes nothing else;
``replay`` folds it over a sequence of events. No clock, no I/O beyond the pack, no shared mutable state:
the same events give the same verdicts.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from centinela.errors import MalformedRowError
from centinela.institutions import cabinet, congress, presidency
from centinela.institutions.alerts import Alert
from centinela.institutions.context import Acc
from centinela.institutions.outlook import next_thresholds, state_dict
from centinela.institutions.pack import CountryPack, EventType
from centinela.institutions.state import State, advance, end_of_day
from centinela.institutions.timeline import ParsedRow, events_only, parse_timeline_text
from centinela.institutions.votes import Tally, find_threshold_rule, tally
from centinela.model import InstitutionalEvent


def _generic(acc: Acc) -> None:
    """Event types without state effects (a law by insistence) or from a pack the engine does not know."""


HANDLERS: Mapping[str, Callable[[Acc], None]] = MappingProxyType(
    {
        "president_sworn": presidency.president_sworn,
        "cabinet_sworn": cabinet.cabinet_sworn,
        "cabinet_resigned": cabinet.cabinet_resigned,
        "investiture_vote": cabinet.confidence,
        "confidence_vote": cabinet.confidence,
        "confidence_factual_denial": cabinet.factual_denial,
        "confidence_rejected_outright": cabinet.rejected_outright,
        "censure_motion_filed": cabinet.censure_filed,
        "censure_vote": cabinet.censure_vote,
        "interpellation_vote": cabinet.interpellation,
        "vacancy_motion_filed": presidency.vacancy_filed,
        "vacancy_admission_vote": presidency.vacancy_admission,
        "vacancy_vote": presidency.vacancy_vote,
        "resignation_presented": presidency.resignation_presented,
        "resignation_vote": presidency.resignation_vote,
        "suspension_vote": presidency.suspension_vote,
        "dissolution_decree": congress.dissolution,
        "congressional_election": congress.election,
        "court_ruling": congress.court_ruling,
        "law_by_insistence": _generic,
        "mesa_election": presidency.mesa_election,
        "mesa_censure_vote": presidency.mesa_censure,
        "state_of_emergency_decree": congress.state_of_exception,
    }
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the engine says about one event, and the state after it."""

    event: InstitutionalEvent
    rule_id: str | None
    rules: tuple[str, ...]
    chamber: str | None
    threshold: int | None
    threshold_basis: str | None
    threshold_rule: str | None
    margin: int | None
    computed_outcome: str | None
    recorded_outcome: str | None
    consistent: bool | None
    constitutional: str | None
    reason: str
    alerts: tuple[Alert, ...]
    state: State
    state_view: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the keys other tools read (date ... alerts, state) and a few more."""
        e = self.event
        return {
            "date": e.date.isoformat(),
            "event_type": e.event_type,
            "subject": e.subject,
            "office": e.office or None,
            "chamber": self.chamber,
            "votes_for": e.votes_for,
            "votes_against": e.votes_against,
            "abstentions": e.abstentions,
            "rule_id": self.rule_id,
            "rules": list(self.rules),
            "threshold": self.threshold,
            "threshold_basis": self.threshold_basis,
            "threshold_rule": self.threshold_rule,
            "margin": self.margin,
            "computed_outcome": self.computed_outcome,
            "recorded_outcome": self.recorded_outcome,
            "consistent": self.consistent,
            "constitutional": self.constitutional,
            "reason": self.reason,
            "alerts": [a.code for a in self.alerts],
            "alert_details": [a.to_dict() for a in self.alerts],
            "state": copy.deepcopy(dict(self.state_view)),
        }


def initial_state(*, follow_records: bool = True) -> State:
    """An empty state; the first event's ``advance`` seeds the officeholders as of its date."""
    return State(follow_records=follow_records)


def _fact_outcome(event: InstitutionalEvent, etype: EventType) -> str | None:
    """An act's outcome is the fact recorded; an act without one happened: its first outcome word."""
    if event.outcome:
        return event.outcome
    if etype.votes == "yes" or etype.free_outcome or not etype.outcomes:
        return None
    return etype.outcomes[0]


def _start(state: State, event: InstitutionalEvent, etype: EventType, pack: CountryPack) -> Acc:
    counted = tally(pack, event, etype)
    if counted is not None:
        acc = Acc(pack, event, etype, counted, state, counted.outcome, counted.rule_id)
        acc.use(counted.rule_id)
        acc.note(counted.explanation)
        return acc
    found = find_threshold_rule(pack, etype, event.date, event.chamber) if etype.voted else None
    rules = pack.rules.rules_for(etype.name, event.date, etype.rules)
    rule_id = found[0].id if found else (rules[0].id if rules else None)
    acc = Acc(pack, event, etype, None, state, _fact_outcome(event, etype), rule_id)
    acc.use(rule_id)
    if etype.voted:
        acc.note("no vote count: the recorded outcome is taken as the fact")
    return acc


def _default_legality(acc: Acc) -> None:
    t = acc.tally
    if acc.constitutional is not None or t is None or not t.carried or t.unresolved:
        return
    rule = acc.pack.rules.rule(t.rule_id)
    if rule is not None and rule.disputed:
        acc.judge("disputed", None, f"rule {rule.id} is disputed: {rule.text}".rstrip(": "))
    else:
        acc.constitutional = "yes"


def _consistent(t: Tally | None, computed: str | None, recorded: str | None) -> bool | None:
    if t is None or t.threshold is None or computed is None or not recorded:
        return None
    return computed.lower() == recorded.lower()


def evaluate(state: State, event: InstitutionalEvent, pack: CountryPack) -> tuple[Verdict, State]:
    """The verdict on one event and the state after it; UnknownEventTypeError for a type the pack lacks."""
    etype = pack.event_type(event.event_type)
    late = state.day is not None and event.date < state.day
    acc = _start(advance(state, pack, event.date), event, etype, pack)
    if late:
        acc.note(f"out of order: dated before the state's date {state.day.isoformat() if state.day else ''}")
    if not congress.no_effect(acc):
        HANDLERS.get(etype.name, _generic)(acc)
        _default_legality(acc)
    t = acc.tally
    thresholds = next_thresholds(acc.state, pack)
    verdict = Verdict(
        event=event,
        rule_id=acc.rule_id,
        rules=tuple(acc.rules),
        chamber=t.chamber if t else (event.chamber or None),
        threshold=t.threshold if t else None,
        threshold_basis=t.basis if t and t.threshold is not None else None,
        threshold_rule=t.spec.describe() if t else None,
        margin=t.margin if t else None,
        computed_outcome=acc.outcome,
        recorded_outcome=event.outcome or None,
        consistent=_consistent(t, acc.outcome, event.outcome),
        constitutional=acc.constitutional,
        reason="; ".join(acc.reasons),
        alerts=tuple(acc.alerts),
        state=acc.state,
        state_view=MappingProxyType(state_dict(acc.state, pack, thresholds)),
    )
    return verdict, acc.state


def replay(
    events: Iterable[InstitutionalEvent],
    pack: CountryPack,
    *,
    state: State | None = None,
    follow_records: bool = True,
) -> Iterator[Verdict]:
    """Verdicts for the events in the order given, each on the state the previous ones left."""
    current = state if state is not None else initial_state(follow_records=follow_records)
    for event in events:
        verdict, current = evaluate(current, event, pack)
        yield verdict


def replay_rows(
    rows: Iterable[ParsedRow], pack: CountryPack, *, follow_records: bool = True
) -> Iterator[Verdict | MalformedRowError]:
    """Like replay, over parsed rows: a malformed row passes through in its place and the replay goes on."""
    current = initial_state(follow_records=follow_records)
    for row in rows:
        if isinstance(row, MalformedRowError):
            yield row
            continue
        verdict, current = evaluate(current, row, pack)
        yield verdict


def bundled_timeline(pack: CountryPack) -> list[InstitutionalEvent]:
    """The pack's demo timeline as events (it is package data: a malformed row is a bug, so it raises)."""
    if not pack.timeline:
        return []
    text = pack.read_text(pack.timeline)
    return events_only(parse_timeline_text(text, source=pack.timeline, known_types=pack.event_types))


def state_at(
    pack: CountryPack,
    at: date,
    events: Iterable[InstitutionalEvent] | None = None,
    *,
    follow_records: bool = True,
) -> State:
    """The state at the end of ``at``: the events dated up to it replayed (default: the bundled timeline)."""
    chosen = bundled_timeline(pack) if events is None else list(events)
    current = initial_state(follow_records=follow_records)
    for event in chosen:
        if event.date <= at:
            _, current = evaluate(current, event, pack)
    return end_of_day(current, pack, at)


def status(pack: CountryPack, at: date, events: Iterable[InstitutionalEvent] | None = None) -> dict[str, Any]:
    """``state_at`` as JSON-ready data, with what it rests on."""
    chosen = bundled_timeline(pack) if events is None else list(events)
    state = state_at(pack, at, chosen)
    used = [e for e in chosen if e.date <= at]
    view = state_dict(state, pack)
    view["country"] = pack.code
    view["events_replayed"] = len(used)
    view["last_event"] = used[-1].date.isoformat() if used else None
    if chosen and at > max(e.date for e in chosen):
        view["note"] = (
            f"the timeline ends on {max(e.date for e in chosen).isoformat()}: later officeholders "
            "come from the pack's records, later events are unknown"
        )
    return view


def alert_key(country: str, verdict: Verdict, alert: Alert) -> str:
    """A stable identity for an engine alert: the same alert on the same event gives the same key."""
    e = verdict.event
    return f"{country}:{e.date.isoformat()}:{e.event_type}:{e.subject}:{alert.code}"


def format_alert(verdict: Verdict, alert: Alert) -> str:
    """One line for people: date, level, code, rule and reason."""
    return f"{verdict.event.date.isoformat()} [{alert.level}] {alert.code} ({alert.rule_id}): {alert.reason}"
