"""Properties of the engine over random sequences of valid events: no crash, sound numbers, determinism."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centinela.institutions import CountryPack, load_pack, replay
from centinela.model import InstitutionalEvent

PACK = load_pack("PE")  # read-only data: safe to share between examples
TYPES = sorted(PACK.event_types)
PEOPLE = [
    "Martin Vizcarra",
    "Pedro Castillo",
    "Dina Boluarte",
    "Jose Jeri",
    "Fernando Zavala",
    "Uno",
    "Dos",
    "",
]
OFFICES = ["", "PCM", "President of the Republic", "President of Congress", "Minister of Interior", "cabinet"]
CHAMBERS = ["", "congress_unicameral", "chamber_of_deputies", "senate", "nowhere"]
NOTES = ["", "estado de sitio", "state of emergency"]


def _outcomes(event_type: str) -> list[str]:
    etype = PACK.event_types[event_type]
    return ["", *etype.outcomes] if etype.outcomes else ["", "dissolution_upheld", "dissolution_annulled"]


@st.composite
def events(draw: st.DrawFn) -> InstitutionalEvent:
    event_type = draw(st.sampled_from(TYPES))
    counts = st.one_of(st.none(), st.integers(0, 140))
    return InstitutionalEvent(
        date=draw(st.dates(date(2004, 1, 1), date(2032, 12, 31))),
        event_type=event_type,
        subject=draw(st.sampled_from(PEOPLE)),
        office=draw(st.sampled_from(OFFICES)),
        chamber=draw(st.sampled_from(CHAMBERS)),
        votes_for=draw(counts),
        votes_against=draw(counts),
        abstentions=draw(counts),
        outcome=draw(st.sampled_from(_outcomes(event_type))),
        note=draw(st.sampled_from(NOTES)),
        habiles=draw(st.one_of(st.none(), st.integers(100, 130))),
    )


@st.composite
def timelines(draw: st.DrawFn) -> list[InstitutionalEvent]:
    """Sequences in date order, mostly close together so that processes interact."""
    start = draw(st.dates(date(2004, 1, 1), date(2031, 1, 1)))
    items = draw(st.lists(events(), min_size=1, max_size=25))
    gaps = draw(st.lists(st.integers(0, 60), min_size=len(items), max_size=len(items)))
    out, day = [], start
    for item, gap in zip(items, gaps, strict=True):
        day += timedelta(days=gap)
        out.append(replace(item, date=day))
    return out


def _seat_based(pack: CountryPack, basis: str | None) -> bool:
    return basis in ("legal", "habiles")


COMMON = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(timelines(), st.booleans())
def test_the_engine_never_crashes_and_its_numbers_are_sound(
    seq: list[InstitutionalEvent], records: bool
) -> None:
    for verdict in replay(seq, PACK, follow_records=records):
        d = json.loads(json.dumps(verdict.to_dict()))
        e = verdict.event
        if d["threshold"] is not None:
            assert d["margin"] == e.votes_for - d["threshold"]
            assert d["threshold"] >= 1
            if _seat_based(PACK, d["threshold_basis"]):
                seats = PACK.rules.seats(verdict.chamber or "", e.date)
                assert seats is not None and d["threshold"] <= max(seats, e.habiles or 0)
        assert d["constitutional"] in ("yes", "no", "disputed", None)
        assert d["consistent"] in (True, False, None)
        if d["consistent"] is not None:
            assert d["consistent"] == (d["computed_outcome"] == e.outcome)
        for alert in verdict.alerts:
            assert alert.rule_id and alert.reason
        assert d["state"]["denials"]["count"] == len(
            [i for i in d["state"]["denials"]["items"] if i["counted"] != "no"]
        )


@COMMON
@given(st.lists(events(), min_size=1, max_size=20))
def test_any_order_of_valid_events_is_handled(seq: list[InstitutionalEvent]) -> None:
    for verdict in replay(seq, PACK):
        json.dumps(verdict.to_dict())


@settings(max_examples=60, deadline=None)
@given(timelines())
def test_replaying_twice_gives_the_same_output(seq: list[InstitutionalEvent]) -> None:
    first = [json.dumps(v.to_dict(), sort_keys=True) for v in replay(seq, PACK)]
    second = [json.dumps(v.to_dict(), sort_keys=True) for v in replay(list(seq), load_pack("PE"))]
    assert first == second
