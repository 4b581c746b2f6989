"""Handlers for the presidency: vacancy, resignation, suspension, swearing-in, Mesa, succession."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from centinela.institutions import alerts
from centinela.institutions.context import Acc
from centinela.institutions.state import (
    CONGRESS_PRESIDENT,
    FIRST_VP,
    OFFICES,
    PCM,
    PRESIDENT,
    SECOND_VP,
    Holder,
    Motion,
    State,
    prune_motions,
    same_person,
)
from centinela.institutions.votes import find_threshold_rule, seat_threshold

SUCCESSION_RULE = "succession"
DEFAULT_ORDER = (FIRST_VP, SECOND_VP, CONGRESS_PRESIDENT)
CAUSES_RULE = "presidential_vacancy_causes"


def _close(state: State, kind: str, subject: str) -> State:
    motions = tuple(m for m in state.motions if not (m.kind == kind and same_person(m.subject, subject)))
    return replace(state, motions=motions)


def _find(state: State, kind: str, subject: str) -> Motion | None:
    return next(
        (m for m in reversed(state.motions) if m.kind == kind and same_person(m.subject, subject)), None
    )


def _order(acc: Acc) -> tuple[tuple[str, ...], str]:
    rule = acc.rule(SUCCESSION_RULE)
    return (rule.order if rule and rule.order else DEFAULT_ORDER), (rule.id if rule else SUCCESSION_RULE)


def succeed(acc: Acc, cause: str, *, temporary: bool = False) -> None:
    """Name the successor by the rule's order; an acting (stand-in) President of Congress does not succeed."""
    order, rule_id = _order(acc)
    for office in order:
        holder = acc.state.holder(office)
        if holder is None or (office == CONGRESS_PRESIDENT and holder.acting):
            continue
        acc.state = acc.state.with_holder(
            PRESIDENT, Holder(holder.name, acc.day, via=office, acting=temporary)
        )
        if not temporary:
            acc.state = acc.state.with_holder(office, None)
        extra = (
            "; a President of Congress must call elections if the impediment is permanent"
            if (office == CONGRESS_PRESIDENT and not temporary)
            else ""
        )
        kind = "acts as" if temporary else "becomes"
        acc.alert(
            alerts.SUCCESSION,
            rule_id,
            f"{holder.name}, {office}, {kind} President of the Republic {cause}{extra}",
        )
        acc.state = prune_motions(acc.state)
        return
    acc.state = prune_motions(acc.state.with_holder(PRESIDENT, None))
    acc.alert(
        alerts.PRESIDENCY_VACANT,
        rule_id,
        f"{cause}: nobody in the line of succession ({', '.join(order)}) is in office; "
        "the presidency is vacant "
        "until Congress elects its President",
    )


def _remove_president(acc: Acc, code: str, rule_id: str, how: str, *, temporary: bool = False) -> None:
    current = acc.state.name(PRESIDENT)
    if acc.subject and current and not same_person(current, acc.subject):
        acc.note(
            f"{acc.subject} is not the President in office ({current}): "
            "the officeholders are left as they are"
        )
        return
    name = current or acc.subject
    acc.alert(code, rule_id, f"{name} {how}")
    if not temporary:
        acc.state = acc.state.with_holder(PRESIDENT, None)
    succeed(acc, f"after {name} {how}", temporary=temporary)


def vacancy_filed(acc: Acc) -> None:
    if acc.outcome != "filed":
        return
    subject = acc.subject or acc.state.name(PRESIDENT)
    motion = Motion(
        "vacancy",
        subject,
        PRESIDENT,
        acc.day,
        "filed",
        acc.rule_id or "vacancy_filing",
        votes_for=acc.event.votes_for,
    )
    acc.state = replace(acc.state, motions=(*acc.state.motions, motion))


def vacancy_admission(acc: Acc) -> None:
    subject = acc.subject or acc.state.name(PRESIDENT)
    acc.state = _close(acc.state, "vacancy", subject)
    if acc.outcome != "admitted":
        return
    approval = acc.pack.event_types.get("vacancy_vote")
    found = find_threshold_rule(acc.pack, approval, acc.day) if approval else None
    rule, step = (found[0], found[3]) if found else (None, None)
    window = (step.window_days if step else None) or (rule.window_days if rule else None)
    start = deadline = None
    if window is not None:
        start, deadline = acc.day + timedelta(days=window[0]), acc.day + timedelta(days=window[1])
    chamber = found[2] if found else acc.event.chamber
    motion = Motion(
        "vacancy",
        subject,
        PRESIDENT,
        acc.day,
        "admitted",
        rule.id if rule else "",
        chamber,
        start,
        deadline,
        acc.event.votes_for,
    )
    acc.state = replace(acc.state, motions=(*acc.state.motions, motion))
    needed = seat_threshold(acc.pack, "vacancy_vote", acc.day)
    needs = f"vacancy needs {needed[0]}" if needed and needed[0] else "vacancy needs the approval threshold"
    got = f" with {acc.event.votes_for} votes" if acc.event.votes_for is not None else ""
    acc.alert(
        alerts.VACANCY_ADMITTED,
        acc.rule_id or "vacancy_admission",
        f"vacancy motion against {subject} admitted{got}",
    )
    if window is not None and start and deadline:
        acc.alert(
            alerts.VACANCY_VOTE_SCHEDULED,
            rule.id if rule else "vacancy_approval",
            f"debate and vote between {start.isoformat()} and {deadline.isoformat()} (day {window[0]} to "
            f"{window[1]} after admission); {needs}",
        )


def _window_note(acc: Acc, motion: Motion | None) -> None:
    if motion is None or motion.window_from is None or motion.deadline is None:
        return
    if acc.day < motion.window_from or acc.day > motion.deadline:
        acc.note(
            f"voted outside the debate window {motion.window_from.isoformat()} "
            f"to {motion.deadline.isoformat()}"
        )
        if acc.outcome == "passed":
            acc.judge(
                "disputed", motion.rule_id, "a vacancy voted outside its window (earlier needs 4/5 to agree)"
            )


def vacancy_vote(acc: Acc) -> None:
    subject = acc.subject or acc.state.name(PRESIDENT)
    motion = _find(acc.state, "vacancy", subject)
    _window_note(acc, motion)
    if acc.outcome != "passed":
        acc.state = _close(acc.state, "vacancy", subject)
        return
    tally = acc.tally
    if tally is not None and not tally.final_step:
        acc.state = _close(acc.state, "vacancy", subject)
        stage = f"approved_by_{tally.chamber}"
        advanced = Motion(
            "vacancy",
            subject,
            PRESIDENT,
            acc.day,
            stage,
            tally.rule_id,
            tally.chamber,
            votes_for=acc.event.votes_for,
        )
        acc.state = replace(acc.state, motions=(*acc.state.motions, advanced))
        acc.note(
            f"approved by the {tally.chamber.replace('_', ' ')}: the vacancy takes effect only when the next "
            "chamber approves it"
        )
        return
    acc.state = _close(acc.state, "vacancy", subject)
    acc.alert(
        alerts.VACANCY_PASSED,
        acc.rule_id or "vacancy_approval",
        f"Congress declared the presidency of {subject} vacant",
    )
    _remove_president(acc, alerts.PRESIDENT_REMOVED, CAUSES_RULE, "was removed by a vacancy vote")


def resignation_presented(acc: Acc) -> None:
    subject = acc.subject or acc.state.name(PRESIDENT)
    acc.state = replace(
        acc.state,
        motions=(*acc.state.motions, Motion("resignation", subject, PRESIDENT, acc.day, "presented", "")),
    )
    acc.note("a resignation takes effect only when Congress accepts it")


def resignation_vote(acc: Acc) -> None:
    subject = acc.subject or acc.state.name(PRESIDENT)
    acc.state = _close(acc.state, "resignation", subject)
    if acc.outcome == "accepted":
        _remove_president(acc, alerts.PRESIDENT_RESIGNED, acc.rule_id or "resignation_acceptance", "resigned")


def suspension_vote(acc: Acc) -> None:
    if acc.outcome == "passed":
        _remove_president(
            acc,
            alerts.PRESIDENT_SUSPENDED,
            acc.rule_id or "suspension",
            "was suspended for temporary incapacity",
            temporary=True,
        )


def _sworn_legality(acc: Acc, current: str) -> tuple[str, str]:
    term = acc.pack.rules.presidential_term(acc.day)
    if term is not None and term.start == acc.day:
        return "yes", "takes office at the start of the presidential term"
    if current:
        return "no", f"{current} holds the presidency and no vacancy was declared"
    order, _ = _order(acc)
    line = [
        acc.state.name(o)
        for o in order
        if acc.state.holder(o)
        and not (o == CONGRESS_PRESIDENT and (h := acc.state.holder(o)) is not None and h.acting)
    ]
    if line and same_person(line[0], acc.subject):
        return "yes", "first in the line of succession"
    return "disputed", "the presidency was vacant but the person sworn is not first in the line of succession"


def president_sworn(acc: Acc) -> None:
    current = acc.state.name(PRESIDENT)
    _, rule_id = _order(acc)
    if same_person(current, acc.subject):
        acc.judge("yes", rule_id, f"{acc.subject} already holds the presidency")
        return
    constitutional, why = _sworn_legality(acc, current)
    acc.judge(constitutional, rule_id, why)
    term_start = constitutional == "yes" and why.startswith("takes office at the start")
    via = next((o for o in OFFICES if o != PRESIDENT and same_person(acc.state.name(o), acc.subject)), "")
    if via:
        acc.state = acc.state.with_holder(via, None)
    if term_start:
        # A new term brings its own ticket and cabinet: the previous term's are gone (records seat the new).
        for office in (FIRST_VP, SECOND_VP, PCM):
            acc.state = acc.state.with_holder(office, None)
    acc.state = prune_motions(acc.state.with_holder(PRESIDENT, Holder(acc.subject, acc.day, via=via)))
    if not term_start:
        acc.alert(alerts.SUCCESSION, rule_id, f"{acc.subject} sworn in as President of the Republic: {why}")


def mesa_election(acc: Acc) -> None:
    if acc.outcome != "elected":
        return
    acc.state = acc.state.with_holder(CONGRESS_PRESIDENT, Holder(acc.subject, acc.day))
    if not acc.state.name(PRESIDENT):
        succeed(acc, "as the newly elected President of Congress, the presidency being vacant")


def mesa_censure(acc: Acc) -> None:
    if acc.outcome != "passed":
        return
    removed = acc.state.name(CONGRESS_PRESIDENT)
    acc.state = acc.state.with_holder(CONGRESS_PRESIDENT, None)
    if removed:
        acc.note(f"{removed} removed as President of Congress")
    president = acc.state.holder(PRESIDENT)
    if president is None or president.via != CONGRESS_PRESIDENT:
        return
    rule_id = acc.rule_id or "mesa_censure"
    acc.alert(
        alerts.ACTING_PRESIDENT_REMOVED,
        rule_id,
        f"{president.name}, President of the Republic as President of Congress, removed by the Mesa's "
        "censure: a lower bar than a vacancy vote",
    )
    acc.state = acc.state.with_holder(PRESIDENT, None)
    succeed(acc, f"after the censure of {president.name}")
