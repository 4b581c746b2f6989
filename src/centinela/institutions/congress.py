"""Handlers for Congress as a body: dissolution, elections, court rulings, states of exception.

Also the rule on a dissolved Congress's acts: votes of a Congress whose dissolution took effect have no
effect; a plainly unconstitutional dissolution never takes effect, so that Congress's votes stand.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from centinela.institutions import alerts
from centinela.institutions.context import Acc
from centinela.institutions.denials import judge_dissolution
from centinela.institutions.state import PRESIDENT, Dissolution, StateOfException

DISSOLVED_ACTS_RULE = "dissolved_congress_acts"
ACCUSATION_RULE = "accusation_limits"
EXCEPTION_RULE = "state_of_exception"
SIEGE_WORDS = ("siege", "sitio")
UPHELD_WORDS = ("upheld", "uphold", "valid", "constitutional")
ANNULLED_WORDS = ("annul", "struck", "void", "invalid", "unconstitutional", "overturn", "revers")


def no_effect(acc: Acc) -> bool:
    """Apply dissolved_congress_acts: True when the event is an act of a dissolved chamber."""
    rule = next(
        (
            r
            for r in acc.pack.rules.rules_for(acc.etype.name, acc.day, acc.etype.rules)
            if r.outcome_if_dissolved
        ),
        None,
    )
    if rule is None or rule.outcome_if_dissolved not in acc.etype.outcomes:
        return False
    chamber = acc.tally.chamber if acc.tally else acc.pack.rules.resolve_chamber(acc.event.chamber, acc.day)
    dissolution = acc.state.dissolved(chamber, acc.day)
    if dissolution is None:
        return False
    acc.outcome = rule.outcome_if_dissolved
    # The act is as valid as the dissolution is doubtful: void if it was constitutional, disputed otherwise.
    verdict = "no" if dissolution.constitutional == "yes" else "disputed"
    acc.judge(
        verdict,
        rule.id,
        f"an act of the Congress dissolved on {dissolution.day.isoformat()} "
        f"({dissolution.constitutional} dissolution, rule {dissolution.rule_id}): it has no effect",
    )
    return True


def dissolution(acc: Acc) -> None:
    constitutional, rule_id, reason = judge_dissolution(acc.state, acc.pack, acc.day)
    acc.judge(constitutional, rule_id, reason)
    president = acc.state.name(PRESIDENT) or acc.subject
    announced = acc.outcome == "announced"
    if constitutional == "no":
        acc.use(ACCUSATION_RULE)
        acc.alert(
            alerts.UNCONSTITUTIONAL_DISSOLUTION,
            rule_id,
            f"{president} {'announced' if announced else 'decreed'} a dissolution of Congress outside the "
            f"constitution (self-coup): {reason}; it does not take effect and Congress's votes stand; "
            "it exposes "
            f"the President to accusation during the term ({ACCUSATION_RULE})",
        )
        return
    if announced:
        acc.note("announced, not decreed: no dissolution takes effect yet")
        return
    rule = acc.pack.rules.rule(rule_id)
    chambers = (
        rule.dissolves
        if rule and rule.dissolves
        else tuple(c.id for c in acc.pack.rules.chambers_on(acc.day))
    )
    until = acc.pack.rules.next_congress_start(acc.day)
    acc.state = replace(
        acc.state, dissolution=Dissolution(acc.day, chambers, constitutional, rule_id, reason, until)
    )
    effect = "takes effect" if constitutional == "yes" else "takes effect until a court says otherwise"
    acc.alert(
        alerts.CONGRESS_DISSOLVED,
        rule_id,
        f"{president} dissolved Congress ({', '.join(chambers)}) "
        f"({constitutional}): the dissolution {effect}; its votes have no effect ({DISSOLVED_ACTS_RULE})",
    )
    acc.use(DISSOLVED_ACTS_RULE)


def election(acc: Acc) -> None:
    d = acc.state.dissolution
    if d is None or d.ended is not None:
        return
    # The terms data names the Congress elected after 2019's dissolution (seated 2020-03-16); a term that
    # starts more than a year after the election is the next ordinary one, not this election's.
    start = acc.pack.rules.next_congress_start(d.day)
    seated = start if start is not None and acc.day <= start <= acc.day + timedelta(days=365) else acc.day
    acc.state = replace(acc.state, dissolution=replace(d, until=seated))
    acc.note(f"the new Congress is seated on {seated.isoformat()}: the dissolved Congress's state ends then")


def court_ruling(acc: Acc) -> None:
    words = f"{acc.outcome or ''} {acc.event.note}".lower()
    d = acc.state.dissolution
    if d is None or "dissol" not in words:
        return
    ruling = (
        f"{acc.subject} {acc.event.office}".strip() + f" on {acc.day.isoformat()}: {acc.outcome or 'ruled'}"
    )
    if any(w in words for w in ANNULLED_WORDS) and not any(w in words for w in ("upheld", "uphold")):
        acc.state = replace(acc.state, dissolution=replace(d, court=ruling, ended=d.ended or acc.day))
        acc.note("the court annulled the dissolution: Congress is reinstated")
    elif any(w in words for w in UPHELD_WORDS):
        acc.state = replace(acc.state, dissolution=replace(d, court=ruling))
        acc.note(f"the court upheld the dissolution of {d.day.isoformat()}")


def state_of_exception(acc: Acc) -> None:
    text = " ".join((acc.subject, acc.event.office, acc.event.note, acc.outcome or "")).lower()
    kind = "siege" if any(w in text for w in SIEGE_WORDS) else "emergency"
    rule = acc.rule(EXCEPTION_RULE)
    days = rule.max_days.get(kind) if rule else None
    end = acc.day + timedelta(days=days - 1) if days else None
    acc.state = replace(
        acc.state, exceptions=(*acc.state.exceptions, StateOfException(kind, acc.day, end, acc.subject))
    )
    limit = f" (up to {days} days: until {end.isoformat()})" if end else ""
    acc.judge("yes", rule.id if rule else EXCEPTION_RULE, f"state of {kind} declared{limit}")
    if kind == "siege":
        acc.note("no dissolution of Congress while a state of siege lasts; Congress meets by right")
