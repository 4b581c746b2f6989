"""Vote projection: from the blocs' seats and positions, the expected count, its margin and the pivotal blocs.

A bloc's position is "for", "against", "abstain", "absent", "split" (half for, half against) or a mapping
of those sides to weights (e.g. the shares of a past roll call). Seats are split by largest remainder, so
integer weights that add up to the seats reproduce a real count exactly.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import Any, Union

from centinela.errors import CentinelaError, UnknownEventTypeError
from centinela.institutions.pack import CountryPack
from centinela.institutions.thresholds import to_fraction
from centinela.institutions.votes import tally
from centinela.model import InstitutionalEvent

SIDES = ("for", "against", "abstain", "absent")
ROLLCALL_SIDES = {"SI": "for", "NO": "against", "ABST": "abstain"}
UNGROUPED = "NO AGRUPADO"
Position = Union[str, Mapping[str, Any]]  # noqa: UP007 - a runtime alias, read by people


def bloc_key(name: str) -> str:
    """Bloc names compared without accents, case or extra spaces ("PERÚ LIBRE" is "PERU LIBRE")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.upper().split())


def composition(pack: CountryPack, on: date) -> dict[str, int]:
    """Seats per bancada on a day, from the pack's bancada spells (members serving that day)."""
    spells_by_member = defaultdict(list)
    for spell in pack.bancadas:
        if spell.seat_from <= on <= spell.seat_to:
            spells_by_member[spell.member_id].append(spell)
    if not spells_by_member:
        span = (
            min((s.seat_from for s in pack.bancadas), default=None),
            max((s.seat_to for s in pack.bancadas), default=None),
        )
        raise CentinelaError(
            f"no bancada data for {on.isoformat()} in the {pack.name} pack (covers {span[0]} to {span[1]})"
        )
    seats: dict[str, int] = defaultdict(int)
    for spells in spells_by_member.values():
        current = [s for s in spells if s.start <= on <= s.end]
        # Hand-entered spells overlap at times: the later start is the move that happened.
        bloc = max(current, key=lambda s: s.start).bancada if current else UNGROUPED
        seats[bloc_key(bloc)] += 1
    return dict(sorted(seats.items(), key=lambda kv: (-kv[1], kv[0])))


def _weights(position: Position) -> dict[str, Fraction]:
    if isinstance(position, str):
        word = position.strip().lower()
        if word == "split":
            return {"for": Fraction(1, 2), "against": Fraction(1, 2)}
        if word not in SIDES:
            raise CentinelaError(f"unknown position {position!r}; use one of {', '.join((*SIDES, 'split'))}")
        return {word: Fraction(1)}
    try:
        weights = {str(side): to_fraction(w) for side, w in position.items()}
    except ValueError as exc:
        raise CentinelaError(f"bad position weights {dict(position)!r}: {exc}") from None
    unknown = [s for s in weights if s not in SIDES]
    if unknown or any(w < 0 for w in weights.values()) or sum(weights.values()) == 0:
        raise CentinelaError(f"bad position weights {dict(position)!r}: sides are {', '.join(SIDES)}")
    return weights


def allocate(seats: int, position: Position) -> dict[str, int]:
    """Split a bloc's seats among the sides by largest remainder (ties go in the order of SIDES)."""
    weights = _weights(position)
    total = sum(weights.values())
    exact = {side: seats * weights.get(side, Fraction(0)) / total for side in SIDES}
    votes = {side: int(exact[side]) for side in SIDES}
    left = seats - sum(votes.values())
    for side in sorted(SIDES, key=lambda s: (-(exact[s] - votes[s]), SIDES.index(s)))[:left]:
        votes[side] += 1
    return votes


@dataclass(frozen=True, slots=True)
class BlocVotes:
    bloc: str
    seats: int
    position: str
    votes: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Pivot:
    bloc: str
    seats: int
    position: str
    switch_to: str
    outcome_if_switched: str


@dataclass(frozen=True, slots=True)
class Projection:
    event_type: str
    on: date
    rule_id: str
    threshold_rule: str
    threshold: int | None
    threshold_basis: str
    votes: Mapping[str, int]
    outcome: str | None
    margin: int | None
    blocs: tuple[BlocVotes, ...]
    pivotal: tuple[Pivot, ...]
    unassigned: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        distance = (
            None
            if self.margin is None
            else (
                f"carries with {self.margin} to spare" if self.margin >= 0 else f"{-self.margin} votes short"
            )
        )
        return {
            "event_type": self.event_type,
            "date": self.on.isoformat(),
            "rule_id": self.rule_id,
            "threshold_rule": self.threshold_rule,
            "threshold": self.threshold,
            "threshold_basis": self.threshold_basis,
            "votes_for": self.votes["for"],
            "votes_against": self.votes["against"],
            "abstentions": self.votes["abstain"],
            "absent": self.votes["absent"],
            "outcome": self.outcome,
            "margin": self.margin,
            "distance": distance,
            "pivotal": [
                {
                    "bloc": p.bloc,
                    "seats": p.seats,
                    "position": p.position,
                    "switch_to": p.switch_to,
                    "outcome_if_switched": p.outcome_if_switched,
                }
                for p in self.pivotal
            ],
            "blocs": [
                {"bloc": b.bloc, "seats": b.seats, "position": b.position, **dict(b.votes)}
                for b in self.blocs
            ],
            "unassigned": list(self.unassigned),
        }


def _label(position: Position) -> str:
    if isinstance(position, str):
        return position.strip().lower()
    return "mixed"


def _resolve(blocs: Mapping[str, int], positions: Mapping[str, Position]) -> dict[str, Position]:
    keys = {bloc_key(b): b for b in blocs}
    resolved: dict[str, Position] = {}
    for name, position in positions.items():
        key = bloc_key(name)
        matches = [keys[key]] if key in keys else [b for k, b in keys.items() if k.startswith(key)]
        if len(matches) != 1:
            known = "; ".join(blocs)
            raise CentinelaError(
                f"bloc {name!r} {'is ambiguous' if matches else 'is unknown'}; blocs: {known}"
            )
        resolved[matches[0]] = position
    return resolved


def _count(
    pack: CountryPack, event_type: str, on: date, votes: Mapping[str, int], chamber: str, habiles: int | None
):
    event = InstitutionalEvent(
        date=on,
        event_type=event_type,
        chamber=chamber,
        votes_for=votes["for"],
        votes_against=votes["against"],
        abstentions=votes["abstain"],
        habiles=habiles,
    )
    counted = tally(pack, event, pack.event_type(event_type))
    if counted is None:
        raise CentinelaError(f"{event_type} has no vote threshold on {on.isoformat()}")
    return counted


def _totals(blocs: tuple[BlocVotes, ...]) -> dict[str, int]:
    return {side: sum(b.votes[side] for b in blocs) for side in SIDES}


def project(
    pack: CountryPack,
    blocs: Mapping[str, int],
    positions: Mapping[str, Position],
    *,
    event_type: str = "vacancy_vote",
    on: date,
    default: Position = "absent",
    chamber: str = "",
    habiles: int | None = None,
) -> Projection:
    """Expected votes on an ``event_type`` motion on ``on``, its margin, the blocs whose switch flips it."""
    if event_type not in pack.event_types:
        raise UnknownEventTypeError(event_type, sorted(pack.event_types))
    chosen = _resolve(blocs, positions)
    rows = tuple(
        BlocVotes(b, n, _label(chosen.get(b, default)), allocate(n, chosen.get(b, default)))
        for b, n in blocs.items()
    )
    counted = _count(pack, event_type, on, _totals(rows), chamber, habiles)
    pivots = []
    for i, row in enumerate(rows):
        for side in ("against", "abstain", "absent") if counted.carried else ("for",):
            if row.votes[side] == row.seats:
                continue
            switched = (
                *rows[:i],
                replace(row, position=side, votes=allocate(row.seats, side)),
                *rows[i + 1 :],
            )
            other = _count(pack, event_type, on, _totals(switched), chamber, habiles)
            if other.outcome != counted.outcome:
                pivots.append(Pivot(row.bloc, row.seats, row.position, side, other.outcome or ""))
                break
    return Projection(
        event_type=event_type,
        on=on,
        rule_id=counted.rule_id,
        threshold_rule=counted.spec.describe(),
        threshold=counted.threshold,
        threshold_basis=counted.basis,
        votes=_totals(rows),
        outcome=counted.outcome,
        margin=counted.margin,
        blocs=rows,
        pivotal=tuple(pivots),
        unassigned=tuple(b for b in blocs if b not in chosen),
    )


def project_motion(
    pack: CountryPack,
    event_type: str,
    on: date,
    positions: Mapping[str, Position],
    *,
    default: Position = "absent",
) -> Projection:
    """``project`` with the bancadas of the pack on that day."""
    return project(pack, composition(pack, on), positions, event_type=event_type, on=on, default=default)


def rollcall_blocs(data: Mapping[str, Any]) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Seats and per-side counts of each bloc in a roll call (OpenPeru: resultados, bancada, votacion)."""
    sides: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SIDES, 0))
    for member in data.get("resultados", ()):
        vote = ROLLCALL_SIDES.get(str(member.get("votacion") or "").upper(), "absent")
        sides[bloc_key(str(member.get("bancada") or UNGROUPED))][vote] += 1
    seats = {bloc: sum(counts.values()) for bloc, counts in sides.items()}
    return dict(sorted(seats.items(), key=lambda kv: (-kv[1], kv[0]))), {b: dict(c) for b, c in sides.items()}
