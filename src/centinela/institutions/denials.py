"""Councils of Ministers denied confidence or censured in the current Congress's term, and what they enable.

Each denial keeps how it was counted when it happened (express vote, censure, factual denial claim,
outright rejection) and is read again against the President in office: a denial under a previous
President still counts only disputedly (rule denial_counter_reset), as in 2019.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from centinela.institutions import alerts
from centinela.institutions.context import Acc
from centinela.institutions.pack import CountryPack
from centinela.institutions.rules import Rule
from centinela.institutions.state import PRESIDENT, Denial, State, same_person

COUNTER_RESET_RULE = "denial_counter_reset"
DEFAULT_NEEDED = 2

HOW_WORDS = {
    "express_vote": "express vote",
    "censure": "censure",
    "factual_denial_claim": "factual denial claimed by the Executive",
    "outright_rejection": "confidence question rejected outright",
}


def effective(denial: Denial, state: State) -> tuple[str, str]:
    """How a denial counts now, and why when that differs from how it was counted then."""
    if denial.counted == "no":
        return "no", ""
    president = state.name(PRESIDENT)
    if denial.president and president and not same_person(denial.president, president):
        why = (
            f"under the previous president {denial.president}: whether the count resets with a new "
            f"president is disputed ({COUNTER_RESET_RULE})"
        )
        return "disputed", why
    return denial.counted, ""


def tally_denials(state: State) -> tuple[int, int]:
    """(firm, disputed) denials and censures counted in the current Congress's term."""
    firm = disputed = 0
    for denial in state.denials:
        counted, _ = effective(denial, state)
        firm += counted == "yes"
        disputed += counted == "disputed"
    return firm, disputed


def dissolution_rule(pack: CountryPack, day: date) -> Rule | None:
    return next((r for r in pack.rules.rules_for("dissolution_decree", day) if r.requires_denials), None)


def needed(pack: CountryPack, day: date) -> int:
    rule = dissolution_rule(pack, day)
    return rule.requires_denials if rule and rule.requires_denials else DEFAULT_NEEDED


def dissolution_bars(state: State, pack: CountryPack, day: date) -> list[str]:
    """Why a dissolution is not allowed on ``day`` regardless of the count (last year, state of siege)."""
    rule = dissolution_rule(pack, day)
    if rule is None:
        return ["no dissolution rule in force on this date"]
    bars = []
    term = {
        "presidential_term": pack.rules.presidential_term(day),
        "congress_term": pack.rules.congress_term(day),
    }.get(rule.not_in_last_year_of)
    if term is not None and day >= term.last_year_from():
        what = rule.not_in_last_year_of.replace("_", " ")
        bars.append(f"last year of the {what} (from {term.last_year_from().isoformat()}; rule {rule.id})")
    for kind in rule.not_under:
        if state.under(kind, day):
            bars.append(f"under a state of {kind} (rule {rule.id})")
    return bars


def describe(denial: Denial, state: State) -> str:
    counted, why = effective(denial, state)
    how = HOW_WORDS.get(denial.how, denial.how)
    text = f"{denial.subject or 'the Council of Ministers'} on {denial.day.isoformat()} ({how}"
    if counted == "disputed":
        text += f"; disputed: {why or denial.reason}"
    elif counted == "no":
        text += f"; not counted: {denial.reason}"
    return text + ")"


def add_denial(acc: Acc, how: str, counted: str, rule_id: str, reason: str) -> None:
    """Record a denial or censure in the state; raise dissolution_enabled when it completes the count."""
    firm, disputed = tally_denials(acc.state)
    denial = Denial(
        day=acc.day,
        subject=acc.subject,
        event_type=acc.event.event_type,
        how=how,
        counted=counted,
        rule_id=rule_id,
        president=acc.state.name(PRESIDENT),
        reason=reason,
    )
    acc.state = replace(acc.state, denials=(*acc.state.denials, denial))
    acc.use(rule_id)
    new_firm, new_disputed = tally_denials(acc.state)
    need = needed(acc.pack, acc.day)
    if firm + disputed >= need or new_firm + new_disputed < need:
        return
    rule = dissolution_rule(acc.pack, acc.day)
    bars = dissolution_bars(acc.state, acc.pack, acc.day)
    if rule is None or bars:
        acc.note(
            f"{new_firm + new_disputed} denials or censures, but dissolution is barred: {'; '.join(bars)}"
        )
        return
    listed = "; ".join(
        describe(d, acc.state) for d in acc.state.denials if effective(d, acc.state)[0] != "no"
    )
    disputed_note = " (disputed)" if new_firm < need else ""
    acc.alert(
        alerts.DISSOLUTION_ENABLED,
        rule.id,
        f"{new_firm + new_disputed} Councils of Ministers denied confidence or censured "
        "in this Congress's term"
        f"{disputed_note}: the President may dissolve Congress ({rule.article}): {listed}",
    )


def judge_dissolution(state: State, pack: CountryPack, day: date) -> tuple[str, str, str]:
    """(constitutional, rule id, reason) for a dissolution decreed on ``day`` in ``state``."""
    rule = dissolution_rule(pack, day)
    if rule is None:
        return "no", "dissolution", "no rule allows a dissolution on this date"
    need = rule.requires_denials or DEFAULT_NEEDED
    firm, disputed = tally_denials(state)
    counted = [d for d in state.denials if effective(d, state)[0] != "no"]
    listed = "; ".join(describe(d, state) for d in counted) or "none"
    term = state.congress_term
    scope = f"this Congress's term (from {term.start.isoformat()})" if term else "this Congress's term"
    summary = f"{firm + disputed} of the {need} Councils of Ministers required counted in {scope}: {listed}"
    bars = dissolution_bars(state, pack, day)
    if bars:
        return "no", rule.id, f"dissolution barred: {'; '.join(bars)}; {summary}"
    if firm + disputed < need:
        return "no", rule.id, f"fewer denials or censures than required: {summary}"
    if firm >= need:
        return "yes", rule.id, summary
    rules = sorted(
        {
            COUNTER_RESET_RULE if effective(d, state)[1] else d.rule_id
            for d in counted
            if effective(d, state)[0] == "disputed"
        }
    )
    return "disputed", rule.id, f"{summary}; the count rests on disputed rules: {', '.join(rules)}"
