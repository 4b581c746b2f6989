"""Counting a vote against the rule in force: threshold, basis, margin and the outcome it implies.

Pure arithmetic over one event and the rule book: the state (a dissolved Congress, the office of the
subject) is the engine's business, not this module's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from centinela.institutions.pack import CountryPack, EventType
from centinela.institutions.rules import Rule, Step
from centinela.institutions.thresholds import ThresholdSpec, base_value, compute_threshold
from centinela.model import InstitutionalEvent


@dataclass(frozen=True, slots=True)
class Tally:
    rule_id: str
    spec: ThresholdSpec
    chamber: str
    seats: int | None
    threshold: int | None
    margin: int | None
    carried: bool | None
    unresolved: bool
    outcome: str | None
    explanation: str
    step: Step | None = None
    final_step: bool = True

    @property
    def basis(self) -> str:
        return self.spec.base


def step_kind(event_type: str) -> str:
    """Which step of a procedure an event type is: filing, admission or approval."""
    if event_type.endswith("_filed"):
        return "filing"
    if "admission" in event_type:
        return "admission"
    return "approval"


def _pick_step(rule: Rule, chamber: str, kind: str) -> tuple[Step | None, bool]:
    steps = [s for s in rule.steps if s.step == kind]
    chosen = next((s for s in steps if s.chamber == chamber), steps[0] if steps else None)
    final = chosen is None or chosen is steps[-1]
    return chosen, final


def find_threshold_rule(
    pack: CountryPack, etype: EventType, day: date, chamber: str = ""
) -> tuple[Rule, ThresholdSpec, str, Step | None, bool] | None:
    """The first rule in force with a threshold for this event type: (rule, spec, chamber, step, final)."""
    kind = step_kind(etype.name)
    for rule in pack.rules.rules_for(etype.name, day, etype.rules):
        resolved = pack.rules.resolve_chamber(chamber, day, rule)
        if rule.steps:
            step, final = _pick_step(rule, resolved, kind)
            spec = None if step is None else (step.filing if kind == "filing" else step.threshold)
            if step is not None and spec is not None:
                return rule, spec, pack.rules.resolve_chamber(step.chamber, day, rule), step, final
            continue
        spec = rule.filing if etype.votes == "signatures" else rule.threshold
        if spec is not None:
            return rule, spec, resolved, None, True
    return None


def outcome_word(rule: Rule, etype: EventType, carried: bool) -> str | None:
    """The event type's word for carried / not carried, preferring the rule's own words."""
    key = "carried" if carried else "not_carried"
    word = rule.outcomes.get(key)
    if word and (not etype.outcomes or word in etype.outcomes):
        return word
    plain = [o for o in etype.outcomes if o not in ("unresolved", "no_effect")]
    index = 0 if carried else 1
    return plain[index] if len(plain) > index else None


def _explain(spec: ThresholdSpec, base: int | None, threshold: int | None, chamber: str, against: int) -> str:
    rule_words = spec.describe()
    if threshold is None:
        return f"{rule_words}: no seat count for {chamber or 'the chamber'} on this date"
    if spec.base in ("legal", "habiles"):
        return f"{rule_words} ({base} in {chamber}): {threshold} votes"
    if spec.base == "against":
        return f"{rule_words} ({against} against): {threshold} votes"
    if spec.base == "count":
        return f"{rule_words}: {threshold}"
    carry = "1 vote for carries" if threshold == 1 else f"{threshold} votes for carry"
    return f"{rule_words}: with the other counts fixed, {carry}"


def tally(pack: CountryPack, event: InstitutionalEvent, etype: EventType) -> Tally | None:
    """Count the event's vote against the rule in force on its date; None when there is no vote to count."""
    if not etype.voted or event.votes_for is None:
        return None
    found = find_threshold_rule(pack, etype, event.date, event.chamber)
    if found is None:
        return None
    rule, spec, chamber, step, final = found
    seats = pack.rules.seats(chamber, event.date)
    against, abstentions = event.votes_against or 0, event.abstentions or 0
    threshold = compute_threshold(
        spec, seats=seats, habiles=event.habiles, against=against, abstentions=abstentions
    )
    base = base_value(
        spec,
        seats=seats,
        habiles=event.habiles,
        votes_for=event.votes_for,
        against=against,
        abstentions=abstentions,
    )
    explanation = _explain(spec, base, threshold, chamber, against)
    if threshold is None:
        return Tally(rule.id, spec, chamber, seats, None, None, None, False, None, explanation, step, final)
    carried = event.votes_for >= threshold
    # Abstentions above both sides leave an investiture or confidence vote unresolved (it is repeated).
    unresolved = bool(rule.unresolved_when) and abstentions > event.votes_for and abstentions > against
    if unresolved and "unresolved" in etype.outcomes:
        outcome: str | None = "unresolved"
        explanation += f"; {abstentions} abstentions exceed both votes for and against: unresolved"
    else:
        unresolved = False
        outcome = outcome_word(rule, etype, carried)
    margin = event.votes_for - threshold
    return Tally(
        rule.id,
        spec,
        chamber,
        seats,
        threshold,
        margin,
        carried,
        unresolved,
        outcome,
        explanation,
        step,
        final,
    )


def seat_threshold(
    pack: CountryPack, event_type: str, day: date, chamber: str = ""
) -> tuple[int | None, ThresholdSpec, str] | None:
    """The threshold of an event type on a day when nobody has voted yet (for "vacancy needs 87")."""
    etype = pack.event_types.get(event_type)
    if etype is None:
        return None
    found = find_threshold_rule(pack, etype, day, chamber)
    if found is None:
        return None
    _, spec, resolved, _, _ = found
    seats = pack.rules.seats(resolved, day)
    return compute_threshold(spec, seats=seats, habiles=None, against=0, abstentions=0), spec, resolved
