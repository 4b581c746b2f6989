"""The engine's state between events: officeholders, denials, open motions, dissolution, exceptions.

Immutable: every change makes a new State (``dataclasses.replace``), so a replay can keep each step's
state and replaying twice cannot differ. ``advance`` moves the clock: it applies the officeholder changes
recorded in the pack for the days passed (the timeline does not carry every Mesa election or cabinet),
opens a new Congress's term (which resets the denial count and ends a dissolution) and lapses deadlines.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta

from centinela.institutions.pack import CountryPack, OfficeRecord
from centinela.institutions.rules import Term

PRESIDENT = "President of the Republic"
FIRST_VP = "First Vice-President"
SECOND_VP = "Second Vice-President"
PCM = "PCM"
CONGRESS_PRESIDENT = "President of Congress"
OFFICES = (PRESIDENT, FIRST_VP, SECOND_VP, PCM, CONGRESS_PRESIDENT)
RECORDS_SOURCE = "officeholders.csv"


def same_person(a: str, b: str) -> bool:
    """Names match ignoring case and accents ("Martín Vizcarra" is "Martin Vizcarra")."""

    def key(name: str) -> str:
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return " ".join(plain.casefold().split())

    return bool(a and b) and key(a) == key(b)


@dataclass(frozen=True, slots=True)
class Holder:
    name: str
    since: date | None
    via: str = ""  # the office from which a President succeeded
    acting: bool = False  # a stand-in (e.g. first vice-president of Congress acting as its President)
    source: str = "event"


@dataclass(frozen=True, slots=True)
class Denial:
    """A Council of Ministers censured or denied confidence (or claimed to be), and how it counts."""

    day: date
    subject: str
    event_type: str
    how: str  # express_vote, censure, factual_denial_claim, outright_rejection
    counted: str  # yes, disputed, no
    rule_id: str
    president: str
    reason: str


@dataclass(frozen=True, slots=True)
class Motion:
    kind: str  # vacancy, censure, investiture, interpellation, resignation
    subject: str
    office: str
    opened: date
    stage: str  # filed, admitted, pending, approved_by_<chamber>, presented
    rule_id: str
    chamber: str = ""
    window_from: date | None = None
    deadline: date | None = None
    votes_for: int | None = None


@dataclass(frozen=True, slots=True)
class Dissolution:
    day: date
    chambers: tuple[str, ...]
    constitutional: str
    rule_id: str
    reason: str
    until: date | None = None
    ended: date | None = None
    court: str = ""

    def in_effect(self, day: date) -> bool:
        return self.ended is None or day < self.ended


@dataclass(frozen=True, slots=True)
class StateOfException:
    kind: str  # emergency or siege
    start: date
    end: date | None
    subject: str = ""


@dataclass(frozen=True, slots=True)
class State:
    day: date | None = None
    holders: tuple[tuple[str, Holder | None], ...] = tuple((office, None) for office in OFFICES)
    denials: tuple[Denial, ...] = ()
    congress_term: Term | None = None
    presidential_term: Term | None = None
    motions: tuple[Motion, ...] = ()
    dissolution: Dissolution | None = None
    exceptions: tuple[StateOfException, ...] = ()
    records_until: date | None = None
    follow_records: bool = True

    def holder(self, office: str) -> Holder | None:
        return next((h for o, h in self.holders if o == office), None)

    def name(self, office: str) -> str:
        holder = self.holder(office)
        return holder.name if holder else ""

    def with_holder(self, office: str, holder: Holder | None) -> State:
        known = any(o == office for o, _ in self.holders)
        pairs = tuple((o, holder if o == office else h) for o, h in self.holders)
        return replace(self, holders=pairs if known else (*pairs, (office, holder)))

    def dissolved(self, chamber: str, day: date) -> Dissolution | None:
        d = self.dissolution
        return d if d is not None and chamber in d.chambers and d.in_effect(day) else None

    def under(self, kind: str, day: date) -> bool:
        return any(
            e.kind == kind and e.start <= day and (e.end is None or day <= e.end) for e in self.exceptions
        )


def prune_motions(state: State) -> State:
    """Drop motions whose subject no longer holds the office they target (resigned, removed, replaced)."""
    kept = tuple(
        m for m in state.motions if m.office not in OFFICES or same_person(state.name(m.office), m.subject)
    )
    return state if kept == state.motions else replace(state, motions=kept)


def _record_changes(records: tuple[OfficeRecord, ...], start: date | None, end: date) -> list[tuple]:
    # Ends before starts on the same day, so a successor is not vacated by the predecessor's end date.
    changes = [(r.end, 0, i, r) for i, r in enumerate(records) if r.end is not None]
    changes += [(r.start, 1, i, r) for i, r in enumerate(records)]
    return sorted(c for c in changes if (start is None or c[0] >= start) and c[0] < end)


def apply_records(state: State, pack: CountryPack, until: date) -> State:
    """Apply the recorded officeholder changes dated before ``until`` not applied yet."""
    if not state.follow_records or (state.records_until is not None and until <= state.records_until):
        return state
    for day, kind, _, record in _record_changes(pack.officeholders, state.records_until, until):
        current = state.holder(record.office)
        if kind == 0:
            if current is not None and same_person(current.name, record.holder):
                state = state.with_holder(record.office, None)
        elif current is None or not same_person(current.name, record.holder):
            holder = Holder(record.holder, day, record.via, record.acting, RECORDS_SOURCE)
            state = state.with_holder(record.office, holder)
    return prune_motions(replace(state, records_until=until))


def _lapse_motions(state: State, day: date) -> State:
    # A missed investiture deadline stays visible (overdue); other windows simply close.
    kept = tuple(
        m for m in state.motions if m.deadline is None or day <= m.deadline or m.kind == "investiture"
    )
    return state if kept == state.motions else replace(state, motions=kept)


def _new_terms(state: State, pack: CountryPack, day: date) -> State:
    congress = pack.rules.congress_term(day)
    if congress != state.congress_term:
        # Denials are counted within a Congress's term: a new Congress starts from zero.
        state = replace(state, congress_term=congress, denials=())
    d = state.dissolution
    if d is not None and d.ended is None:
        until = d.until or pack.rules.next_congress_start(d.day)
        if until is not None and day >= until:
            # The newly elected Congress is a new count, even where it completes the old term (2026 rules).
            state = replace(state, dissolution=replace(d, ended=until), denials=())
    exceptions = tuple(e for e in state.exceptions if e.end is None or day <= e.end)
    return replace(state, presidential_term=pack.rules.presidential_term(day), exceptions=exceptions)


def advance(state: State, pack: CountryPack, day: date) -> State:
    """The state at the start of ``day``: records before it applied, terms and deadlines moved on.

    The clock never goes back: an event dated before the state's day is evaluated on its own date but
    leaves the clock where it is.
    """
    if state.day is not None and day <= state.day:
        return state
    state = apply_records(state, pack, day)
    state = _new_terms(state, pack, day)
    return replace(_lapse_motions(state, day), day=day)


def end_of_day(state: State, pack: CountryPack, day: date) -> State:
    """The state at the end of ``day``: also the records dated that day (for "state at date")."""
    state = advance(state, pack, day)
    return apply_records(state, pack, day + timedelta(days=1))
