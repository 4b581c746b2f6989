"""A country's rules as dated data: chambers and their seats, terms, and the rules themselves.

Built from the mapping of a pack's rules.yaml; nothing here reads files. A rule is in force on a day when
``valid_from <= day < valid_to`` (an open end is unbounded).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from centinela.errors import CentinelaError
from centinela.institutions.thresholds import ThresholdSpec, parse_spec


class RulesDataError(CentinelaError):
    """A country pack's rules data is not in the format the engine reads (a bug in the pack)."""


@dataclass(frozen=True, slots=True)
class Chamber:
    id: str
    seats: int
    valid_from: date | None
    valid_to: date | None

    def in_force(self, day: date) -> bool:
        return _within(day, self.valid_from, self.valid_to)


@dataclass(frozen=True, slots=True)
class Term:
    start: date
    end: date
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day < self.end

    def last_year_from(self) -> date:
        return _years_before(self.end, 1)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a multi-chamber procedure (e.g. bicameral vacancy: deputies, then the Senate)."""

    chamber: str
    step: str
    threshold: ThresholdSpec | None = None
    filing: ThresholdSpec | None = None
    window_days: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    applies_to: tuple[str, ...] = ()
    article: str = ""
    text: str = ""
    status: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    threshold: ThresholdSpec | None = None
    filing: ThresholdSpec | None = None
    steps: tuple[Step, ...] = ()
    outcomes: Mapping[str, str] = field(default_factory=dict)
    unresolved_when: str = ""
    counts_as_denial: str | None = None
    deadline_days: int | None = None
    window_days: tuple[int, int] | None = None
    order: tuple[str, ...] = ()
    requires_denials: int | None = None
    not_in_last_year_of: str = ""
    not_under: tuple[str, ...] = ()
    dissolves: tuple[str, ...] = ()
    outcome_if_dissolved: str = ""
    bicameral_chamber: str = ""
    max_days: Mapping[str, int] = field(default_factory=dict)
    court: str = ""
    sources: tuple[str, ...] = ()

    def in_force(self, day: date) -> bool:
        return _within(day, self.valid_from, self.valid_to)

    @property
    def disputed(self) -> bool:
        return self.status == "disputed"


@dataclass(frozen=True, slots=True)
class RuleBook:
    chambers: tuple[Chamber, ...]
    presidential_terms: tuple[Term, ...]
    congress_terms: tuple[Term, ...]
    rules: tuple[Rule, ...]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def chambers_on(self, day: date) -> tuple[Chamber, ...]:
        return tuple(c for c in self.chambers if c.in_force(day))

    def seats(self, chamber_id: str, day: date) -> int | None:
        return next((c.seats for c in self.chambers_on(day) if c.id == chamber_id), None)

    def resolve_chamber(self, given: str, day: date, rule: Rule | None = None) -> str:
        """The chamber a vote counts in: the one given if it sits that day, else the rule's, else first."""
        sitting = [c.id for c in self.chambers_on(day)]
        if given in sitting:
            return given
        if rule is not None and rule.bicameral_chamber in sitting and len(sitting) > 1:
            return rule.bicameral_chamber
        return sitting[0] if sitting else given

    def bicameral(self, day: date) -> bool:
        return len(self.chambers_on(day)) > 1

    def congress_term(self, day: date) -> Term | None:
        # The complementary Congress of 2020 overlaps the dissolved one's term: the latest start wins.
        return _latest_covering(self.congress_terms, day)

    def presidential_term(self, day: date) -> Term | None:
        return _latest_covering(self.presidential_terms, day)

    def next_congress_start(self, after: date) -> date | None:
        return min((t.start for t in self.congress_terms if t.start > after), default=None)

    def rules_for(self, event_type: str, day: date, order: Sequence[str] = ()) -> list[Rule]:
        """Rules in force that day for the event type: those the event type names first, in its order."""
        named = [r for rid in order if (r := self.rule(rid)) is not None]
        extra = [r for r in self.rules if event_type in r.applies_to and r not in named]
        return [r for r in (*named, *extra) if r.in_force(day)]


def _within(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= day) and (end is None or day < end)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _latest_covering(terms: Sequence[Term], day: date) -> Term | None:
    covering = [t for t in terms if t.covers(day)]
    return max(covering, key=lambda t: t.start) if covering else None


# ---- building from the YAML mapping -------------------------------------------------------------


def _date(value: Any, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RulesDataError(f"rules data: {where}: {value!r} is not a date") from None


def _spec(value: Any, where: str) -> ThresholdSpec | None:
    if value is None:
        return None
    try:
        return parse_spec(value)
    except ValueError as exc:
        raise RulesDataError(f"rules data: {where}: {exc}") from None


def _window(value: Any, where: str) -> tuple[int, int] | None:
    if value is None:
        return None
    if not (isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise RulesDataError(f"rules data: {where}: window_days must be [first, last], not {value!r}")
    return (int(value[0]), int(value[1]))


def _counts_as_denial(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),)


def _step(raw: Mapping[str, Any], where: str) -> Step:
    return Step(
        chamber=str(raw.get("chamber", "")),
        step=str(raw.get("step", "")),
        threshold=_spec(raw.get("threshold"), f"{where} threshold"),
        filing=_spec(raw.get("filing"), f"{where} filing"),
        window_days=_window(raw.get("window_days"), where),
    )


def _rule(raw: Mapping[str, Any]) -> Rule:
    rid = str(raw.get("id", ""))
    if not rid:
        raise RulesDataError(f"rules data: a rule without id: {dict(raw)!r}")
    requires = raw.get("requires") or {}
    return Rule(
        id=rid,
        applies_to=_tuple(raw.get("applies_to")),
        article=str(raw.get("article", "")),
        text=str(raw.get("text", "")),
        status=str(raw.get("status", "")),
        valid_from=_date(raw.get("valid_from"), f"{rid} valid_from"),
        valid_to=_date(raw.get("valid_to"), f"{rid} valid_to"),
        threshold=_spec(raw.get("threshold"), f"{rid} threshold"),
        filing=_spec(raw.get("filing"), f"{rid} filing"),
        steps=tuple(_step(s, f"{rid} step {i}") for i, s in enumerate(raw.get("steps") or ())),
        outcomes={str(k): str(v) for k, v in (raw.get("outcomes") or {}).items()},
        unresolved_when=str(raw.get("unresolved_when", "")),
        counts_as_denial=_counts_as_denial(raw.get("counts_as_denial")),
        deadline_days=raw.get("deadline_days"),
        window_days=_window(raw.get("window_days"), rid),
        order=_tuple(raw.get("order")),
        requires_denials=requires.get("denials_or_censures"),
        not_in_last_year_of=str(raw.get("not_in_last_year_of", "")),
        not_under=_tuple(raw.get("not_under")),
        dissolves=_tuple(raw.get("dissolves")),
        outcome_if_dissolved=str(raw.get("outcome_if_dissolved", "")),
        bicameral_chamber=str(raw.get("chamber_from_2026", "")),
        max_days={str(k): int(v) for k, v in (raw.get("max_days") or {}).items()},
        court=str(raw.get("court", "")),
        sources=_tuple(raw.get("sources")),
    )


def _terms(raw: Any, where: str) -> tuple[Term, ...]:
    terms = []
    for item in raw or ():
        start, end = _date(item.get("from"), where), _date(item.get("to"), where)
        if start is None or end is None:
            raise RulesDataError(f"rules data: {where}: a term needs from and to: {item!r}")
        terms.append(Term(start, end, str(item.get("note", ""))))
    return tuple(terms)


def parse_rulebook(raw: Mapping[str, Any]) -> RuleBook:
    """Build the rule book from the parsed YAML of rules.yaml; RulesDataError when it is malformed."""
    if not isinstance(raw, Mapping):
        raise RulesDataError("rules data: the top level must be a mapping")
    chambers = tuple(
        Chamber(
            str(c["id"]),
            int(c["seats"]),
            _date(c.get("valid_from"), "chambers"),
            _date(c.get("valid_to"), "chambers"),
        )
        for c in raw.get("chambers") or ()
    )
    terms = raw.get("terms") or {}
    rules = tuple(_rule(r) for r in raw.get("rules") or ())
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise RulesDataError("rules data: duplicate rule ids")
    return RuleBook(
        chambers=chambers,
        presidential_terms=_terms(terms.get("presidential"), "terms.presidential"),
        congress_terms=_terms(terms.get("congress"), "terms.congress"),
        rules=rules,
    )
