"""Handlers for the cabinet's processes: investiture, confidence, censure, interpellation, crises."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from centinela.institutions import alerts
from centinela.institutions.context import Acc
from centinela.institutions.denials import add_denial
from centinela.institutions.state import PCM, Holder, Motion, State, prune_motions, same_person

SCOPE_RULE = "confidence_question_scope"
FACTUAL_RULE = "factual_denial_doctrine"
CRISIS_RULE = "cabinet_crisis"


def _targets_cabinet(acc: Acc) -> bool:
    """Whether the event is about the PCM (the whole Council) rather than one minister."""
    office = acc.event.office.strip()
    if office:
        return office == PCM or "cabinet" in office.lower() or "council" in office.lower()
    # No office given: the PCM if it is them, or if the office is vacant (the timeline skipped a swearing-in).
    pcm = acc.state.name(PCM)
    return not acc.subject or not pcm or same_person(acc.subject, pcm)


def _close(state: State, kind: str, subject: str) -> State:
    motions = tuple(m for m in state.motions if not (m.kind == kind and same_person(m.subject, subject)))
    return replace(state, motions=motions)


def seat_pcm(acc: Acc, why: str) -> None:
    """Make the event's subject the PCM when the state has someone else (a timeline may skip cabinets)."""
    if not acc.subject or same_person(acc.state.name(PCM), acc.subject):
        return
    before = acc.state.name(PCM)
    acc.state = prune_motions(acc.state.with_holder(PCM, Holder(acc.subject, acc.day)))
    acc.note(f"{acc.subject} taken as PCM {why}" + (f" (was {before})" if before else ""))


def cabinet_crisis(acc: Acc, why: str) -> None:
    pcm = acc.state.name(PCM) or acc.subject
    acc.state = prune_motions(acc.state.with_holder(PCM, None))
    acc.alert(alerts.CABINET_CRISIS, CRISIS_RULE, f"{why}: total crisis of the cabinet of {pcm or 'the PCM'}")


def cabinet_sworn(acc: Acc) -> None:
    acc.state = prune_motions(acc.state.with_holder(PCM, Holder(acc.subject, acc.day)))
    rule = acc.rule("investiture")
    if rule is None or not rule.deadline_days:
        return
    deadline = acc.day + timedelta(days=rule.deadline_days)
    motion = Motion("investiture", acc.subject, PCM, acc.day, "pending", rule.id, deadline=deadline)
    acc.state = replace(acc.state, motions=(*acc.state.motions, motion))
    acc.rule_id = rule.id
    acc.note(f"the cabinet must seek investiture within {rule.deadline_days} days: by {deadline.isoformat()}")


def cabinet_resigned(acc: Acc) -> None:
    if acc.subject and acc.state.name(PCM) and not same_person(acc.subject, acc.state.name(PCM)):
        acc.note(f"{acc.subject} is not the PCM in office ({acc.state.name(PCM)})")
        return
    cabinet_crisis(acc, f"the PCM {acc.subject or acc.state.name(PCM)} resigned or was removed")
    acc.note("a resignation is not a denial: it does not count toward dissolution")


def confidence(acc: Acc) -> None:
    """investiture_vote and confidence_vote: granted closes the process, denied counts toward dissolution."""
    cabinet = _targets_cabinet(acc) or acc.event.event_type == "investiture_vote"
    if cabinet:
        seat_pcm(acc, "from the vote's subject")
    if acc.outcome == "granted":
        acc.state = _close(acc.state, "investiture", acc.subject)
    elif acc.outcome == "unresolved":
        acc.note("the vote is repeated (rule: " + (acc.rule_id or "investiture") + ")")
    elif acc.outcome == "denied":
        acc.state = _close(acc.state, "investiture", acc.subject)
        if not cabinet:
            acc.note(f"confidence denied to the minister {acc.subject}: the minister resigns; not a Council")
            return
        what = "investiture denied" if acc.event.event_type == "investiture_vote" else "confidence denied"
        add_denial(
            acc, "express_vote", "yes", acc.rule_id or "confidence_question", f"{what} by an express vote"
        )
        cabinet_crisis(acc, what)


def factual_denial(acc: Acc) -> None:
    scope = acc.rule(SCOPE_RULE)
    if scope is not None and scope.counts_as_denial == "no":
        why = f"a factual denial claim does not count as a denial since {scope.valid_from} ({scope.article})"
        acc.judge("no", scope.id, why)
        add_denial(acc, "factual_denial_claim", "no", scope.id, why)
        return
    doctrine = acc.pack.rules.rule(FACTUAL_RULE)
    court = f" of {doctrine.article}" if doctrine and doctrine.article else ""
    why = f"counted only under the factual denial doctrine{court}, which is disputed"
    if doctrine is not None and doctrine.valid_from and acc.day < doctrine.valid_from:
        recognised = doctrine.valid_from.isoformat()
        why += f"; the court recognised factual denial only on {recognised}, after this claim"
    acc.judge(
        "disputed", FACTUAL_RULE, f"the Executive claims Congress denied confidence by its conduct: {why}"
    )
    seat_pcm(acc, "from the claim's subject")
    add_denial(acc, "factual_denial_claim", "disputed", FACTUAL_RULE, why)
    cabinet_crisis(acc, "the Executive treats the claimed factual denial as a denial of confidence")


def rejected_outright(acc: Acc) -> None:
    scope = acc.rule(SCOPE_RULE)
    if scope is not None and scope.counts_as_denial == "no":
        why = f"an outright rejection is not a denial ({scope.article})"
        acc.judge("yes", scope.id, f"the Mesa may reject a confidence question outright: {why}")
        add_denial(acc, "outright_rejection", "no", scope.id, why)
        return
    doctrine = acc.rule(FACTUAL_RULE)
    rule_id = doctrine.id if doctrine else FACTUAL_RULE
    why = (
        "no rule provided for an outright rejection before Law 31355: "
        "whether it is a (factual) denial is disputed"
    )
    acc.judge("disputed", rule_id, why)
    add_denial(acc, "outright_rejection", "disputed", rule_id, why)


def censure_filed(acc: Acc) -> None:
    if acc.outcome != "filed":
        return
    rule = acc.rule("censure")
    window = rule.window_days if rule else None
    office = PCM if _targets_cabinet(acc) else (acc.event.office or "minister")
    motion = Motion(
        "censure",
        acc.subject,
        office,
        acc.day,
        "filed",
        rule.id if rule else "censure",
        chamber=acc.tally.chamber if acc.tally else acc.event.chamber,
        window_from=acc.day + timedelta(days=window[0]) if window else None,
        deadline=acc.day + timedelta(days=window[1]) if window else None,
        votes_for=acc.event.votes_for,
    )
    acc.state = replace(acc.state, motions=(*acc.state.motions, motion))


def censure_vote(acc: Acc) -> None:
    acc.state = _close(acc.state, "censure", acc.subject)
    if acc.outcome != "passed":
        return
    if not _targets_cabinet(acc):
        acc.note(f"the minister {acc.subject} is censured and resigns; a minister's censure does not count")
        return
    add_denial(acc, "censure", "yes", acc.rule_id or "censure", "the Council of Ministers censured by vote")
    cabinet_crisis(acc, "censure of the Council of Ministers")


def interpellation(acc: Acc) -> None:
    if acc.outcome != "admitted":
        return
    rule = acc.rule("interpellation")
    window = rule.window_days if rule else None
    motion = Motion(
        "interpellation",
        acc.subject,
        PCM if _targets_cabinet(acc) else (acc.event.office or "minister"),
        acc.day,
        "admitted",
        rule.id if rule else "interpellation",
        window_from=acc.day + timedelta(days=window[0]) if window else None,
        deadline=acc.day + timedelta(days=window[1]) if window else None,
        votes_for=acc.event.votes_for,
    )
    acc.state = replace(acc.state, motions=(*acc.state.motions, motion))
