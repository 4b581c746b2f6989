"""The state in plain data (JSON-ready) and the next thresholds in words.

"one more denial enables dissolution"; "vacancy needs 87: admission got 76": every number is computed
from the rules in force on the state's date, never written in here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from centinela.institutions.denials import (
    dissolution_bars,
    dissolution_rule,
    effective,
    needed,
    tally_denials,
)
from centinela.institutions.pack import CountryPack
from centinela.institutions.state import PCM, PRESIDENT, Holder, Motion, State
from centinela.institutions.votes import seat_threshold

_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _dissolution_line(state: State, pack: CountryPack, day: date) -> str | None:
    d = state.dissolution
    if d is not None and d.in_effect(day):
        until = f" until the new Congress is seated on {d.until.isoformat()}" if d.until else ""
        return (
            f"Congress dissolved on {d.day.isoformat()} ({d.constitutional}): its votes have no effect{until}"
        )
    if dissolution_rule(pack, day) is None:
        return None
    need = needed(pack, day)
    firm, disputed = tally_denials(state)
    count, bars = firm + disputed, dissolution_bars(state, pack, day)
    in_term = f"{count} in this Congress's term" + (f", {disputed} disputed" if disputed else "")
    if count >= need:
        line = (
            f"dissolution enabled: {count} Councils of Ministers denied or censured in this Congress's term"
        )
        line += f" ({disputed} disputed)" if disputed else ""
        return line + (f", but dissolution is barred: {'; '.join(bars)}" if bars else "")
    missing = need - count
    if missing == 1:
        head = (
            "one more denial enables dissolution" if not bars else "one more denial would enable dissolution"
        )
    else:
        verb = "enable" if not bars else "would enable"
        head = f"{_NUMBERS.get(missing, str(missing))} more denials or censures {verb} dissolution"
    return f"{head} ({in_term})" + (f", but dissolution is barred: {'; '.join(bars)}" if bars else "")


def _window(m: Motion) -> str:
    if m.window_from and m.deadline:
        return f" (vote between {m.window_from.isoformat()} and {m.deadline.isoformat()})"
    return ""


def _needs(pack: CountryPack, event_type: str, day: date, chamber: str = "") -> str:
    found = seat_threshold(pack, event_type, day, chamber)
    if found is None:
        return "the threshold of the rule in force"
    threshold, spec, _ = found
    if threshold is None or not spec.seat_based:
        return spec.describe()
    return str(threshold)


def _next_chamber(pack: CountryPack, m: Motion, day: date) -> str:
    rule = pack.rules.rule(m.rule_id)
    chambers = [s.chamber for s in rule.steps if s.step == "approval"] if rule else []
    current = m.stage.removeprefix("approved_by_")
    later = chambers[chambers.index(current) + 1 :] if current in chambers else []
    return later[0] if later else ""


def _motion_line(pack: CountryPack, m: Motion, day: date) -> str:
    if m.kind == "vacancy" and m.stage == "filed":
        needs = _needs(pack, "vacancy_admission_vote", day)
        return f"vacancy motion against {m.subject} filed: admission needs {needs}"
    if m.kind == "vacancy" and m.stage == "admitted":
        got = f": admission got {m.votes_for}" if m.votes_for is not None else ""
        return f"vacancy needs {_needs(pack, 'vacancy_vote', day, m.chamber)}{got}{_window(m)}"
    if m.kind == "vacancy":
        nxt = _next_chamber(pack, m, day)
        done = m.stage.removeprefix("approved_by_").replace("_", " ")
        where = f" in the {nxt.replace('_', ' ')}" if nxt else ""
        needs = _needs(pack, "vacancy_vote", day, nxt)
        return f"vacancy needs {needs}{where}: the {done} approved it with {m.votes_for}"
    if m.kind == "censure":
        return f"censure of {m.subject} needs {_needs(pack, 'censure_vote', day, m.chamber)}{_window(m)}"
    if m.kind == "investiture":
        late = " (overdue)" if m.deadline and day > m.deadline else ""
        due = f" due by {m.deadline.isoformat()}" if m.deadline else ""
        return f"investiture of {m.subject}{due}{late}: needs {_needs(pack, 'investiture_vote', day)}"
    if m.kind == "interpellation":
        when = (
            f" between {m.window_from.isoformat()} and {m.deadline.isoformat()}"
            if m.window_from and m.deadline
            else ""
        )
        return f"interpellation of {m.subject} admitted: answered and voted{when}"
    if m.kind == "resignation":
        needs = _needs(pack, "resignation_vote", day)
        return f"resignation of {m.subject} takes effect if Congress accepts it: {needs}"
    return f"{m.kind} of {m.subject}: {m.stage}"


def next_thresholds(state: State, pack: CountryPack) -> tuple[str, ...]:
    day = state.day
    if day is None:
        return ()
    lines = [_dissolution_line(state, pack, day)]
    lines += [_motion_line(pack, m, day) for m in state.motions]
    if state.holder(PRESIDENT) is None:
        lines.append("presidency vacant: the next President of Congress elected succeeds")
    if state.holder(PCM) is None:
        rule = pack.rules.rule("investiture")
        days = f" within {rule.deadline_days} days of taking office" if rule and rule.deadline_days else ""
        lines.append(f"no PCM in office: the next cabinet must seek investiture{days}")
    for e in state.exceptions:
        if e.kind == "siege":
            until = f" until {e.end.isoformat()}" if e.end else ""
            lines.append(f"state of siege{until}: no dissolution of Congress meanwhile")
    return tuple(line for line in lines if line)


def _holder(h: Holder | None) -> dict[str, Any] | None:
    if h is None:
        return None
    return {
        "name": h.name,
        "since": _iso(h.since),
        "via": h.via or None,
        "acting": h.acting,
        "source": h.source,
    }


def _motion(m: Motion, day: date | None) -> dict[str, Any]:
    return {
        "kind": m.kind,
        "subject": m.subject,
        "office": m.office,
        "stage": m.stage,
        "opened": _iso(m.opened),
        "window_from": _iso(m.window_from),
        "deadline": _iso(m.deadline),
        "overdue": bool(day and m.deadline and day > m.deadline),
        "rule": m.rule_id or None,
        "chamber": m.chamber or None,
        "votes_for": m.votes_for,
    }


def denials_dict(state: State, pack: CountryPack) -> dict[str, Any]:
    firm, disputed = tally_denials(state)
    term = state.congress_term
    items = []
    for d in state.denials:
        counted, why = effective(d, state)
        items.append(
            {
                "date": _iso(d.day),
                "subject": d.subject,
                "event_type": d.event_type,
                "how": d.how,
                "counted": counted,
                "counted_when_recorded": d.counted,
                "rule": d.rule_id,
                "president": d.president or None,
                "reason": why or d.reason,
            }
        )
    return {
        "count": firm + disputed,
        "express": firm,
        "disputed": disputed,
        "needed_for_dissolution": needed(pack, state.day) if state.day else None,
        "term": {"from": _iso(term.start), "to": _iso(term.end)} if term else None,
        "items": items,
    }


def state_dict(state: State, pack: CountryPack, thresholds: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The state as JSON-ready data: officeholders, denials, open motions, dissolution, next thresholds."""
    d = state.dissolution
    dissolution = None
    if d is not None:
        dissolution = {
            "date": _iso(d.day),
            "chambers": list(d.chambers),
            "constitutional": d.constitutional,
            "rule": d.rule_id,
            "in_effect": bool(state.day and d.in_effect(state.day)),
            "until": _iso(d.until),
            "ended": _iso(d.ended),
            "court": d.court or None,
        }
    return {
        "date": _iso(state.day),
        "officeholders": {office: _holder(h) for office, h in state.holders},
        "denials": denials_dict(state, pack),
        "open_motions": [_motion(m, state.day) for m in state.motions],
        "dissolution": dissolution,
        "exceptions": [
            {"kind": e.kind, "from": _iso(e.start), "to": _iso(e.end), "subject": e.subject}
            for e in state.exceptions
        ],
        "next_thresholds": list(thresholds if thresholds is not None else next_thresholds(state, pack)),
    }
