"""Vote projection from the 2021-2026 bancadas, checked against two real roll calls (OpenPeru, MIT)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from centinela.errors import CentinelaError, UnknownEventTypeError
from centinela.institutions import CountryPack, composition, project, project_motion
from centinela.institutions.projection import allocate, bloc_key, rollcall_blocs

from .helpers import FIXTURES

ROLLCALLS = {
    "PL7278": ("rollcall_2024-03-13_PL7278.json", date(2024, 3, 13), {"for": 67, "against": 6, "abstain": 8}),
    "PL5836": (
        "rollcall_2024-12-13_PL5836.json",
        date(2024, 12, 13),
        {"for": 73, "against": 13, "abstain": 5},
    ),
}


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / ROLLCALLS[name][0]).read_text(encoding="utf-8"))


def plurality(counts: dict[str, int]) -> str:
    return max(counts, key=lambda side: (counts[side], side != "absent"))


@pytest.mark.parametrize("name", sorted(ROLLCALLS))
def test_the_bancadas_on_the_day_match_the_roll_call(pack: CountryPack, name: str) -> None:
    _, day, _ = ROLLCALLS[name]
    seats, _ = rollcall_blocs(load(name))
    ours = composition(pack, day)
    assert sum(ours.values()) == sum(seats.values()) == 130
    differences = {
        b: (ours.get(b), seats.get(b)) for b in set(ours) | set(seats) if ours.get(b) != seats.get(b)
    }
    if name == "PL7278":
        # One known discrepancy of the hand-entered history: Segundo Acuna left UNIDAD Y DIALOGO on 2024-03-10
        # by the bancada history, while the roll call of 2024-03-13 still lists him in it.
        assert differences == {"NO AGRUPADO": (8, 7), "UNIDAD Y DIALOGO": (None, 1)}
    else:
        assert differences == {}


@pytest.mark.parametrize("name", sorted(ROLLCALLS))
def test_the_real_shares_reproduce_the_real_count(pack: CountryPack, name: str) -> None:
    _, day, real = ROLLCALLS[name]
    seats, sides = rollcall_blocs(load(name))
    result = project(pack, seats, sides, event_type="law_by_insistence", on=day)
    assert {k: result.votes[k] for k in real} == real
    assert (
        result.votes["for"] + result.votes["against"] + result.votes["abstain"] + result.votes["absent"]
        == 130
    )
    assert (result.threshold, result.outcome) == (66, "enacted")
    assert result.margin == real["for"] - 66


def bloc_line(counts: dict[str, int]) -> dict[str, int] | str:
    """A bloc's members present all vote its majority line; its absentees stay away."""
    present = {side: n for side, n in counts.items() if side != "absent"}
    if not sum(present.values()):
        return "absent"
    return {plurality(present): sum(present.values()), "absent": counts["absent"]}


@pytest.mark.parametrize("name", sorted(ROLLCALLS))
def test_bloc_lines_project_the_real_outcome(pack: CountryPack, name: str) -> None:
    """Each bloc voting its line on the day's bancadas gives the real count's outcome, for every bar."""
    _, day, real = ROLLCALLS[name]
    seats, sides = rollcall_blocs(load(name))
    blocs = composition(pack, day)
    positions = {b: bloc_line(c) for b, c in sides.items() if b in blocs}
    for event_type in ("law_by_insistence", "vacancy_vote", "censure_vote", "vacancy_admission_vote"):
        projected = project(pack, blocs, positions, event_type=event_type, on=day)
        actual = project(pack, seats, sides, event_type=event_type, on=day)
        assert projected.outcome == actual.outcome, event_type
        assert abs(projected.votes["for"] - real["for"]) <= 15


def test_full_turnout_overstates_a_vacancy(pack: CountryPack) -> None:
    """Blocs at full strength on their line would have carried a vacancy that the real attendance did not."""
    seats, sides = rollcall_blocs(load("PL5836"))
    day = ROLLCALLS["PL5836"][1]
    blocs = composition(pack, day)
    full = project(
        pack, blocs, {b: plurality(c) for b, c in sides.items()}, event_type="vacancy_vote", on=day
    )
    assert (full.votes["for"], full.outcome) == (100, "passed")
    assert project(pack, seats, sides, event_type="vacancy_vote", on=day).outcome == "failed"


def test_pivotal_blocs_of_a_one_vote_margin(pack: CountryPack) -> None:
    """PL7278 had 67 votes for: against a bar of 66, every bloc with two or more votes for is pivotal."""
    seats, sides = rollcall_blocs(load("PL7278"))
    result = project(pack, seats, sides, event_type="law_by_insistence", on=date(2024, 3, 13))
    assert result.margin == 1
    pivotal = {p.bloc for p in result.pivotal}
    assert pivotal == {b for b, c in sides.items() if c["for"] >= 2}
    assert all(p.switch_to == "against" and p.outcome_if_switched == "not_enacted" for p in result.pivotal)


def test_a_vacancy_far_from_87_has_no_pivotal_bloc(pack: CountryPack) -> None:
    seats, sides = rollcall_blocs(load("PL5836"))
    result = project(pack, seats, sides, event_type="vacancy_vote", on=date(2024, 12, 13))
    assert (result.threshold, result.margin, result.outcome, result.pivotal) == (87, -14, "failed", ())
    assert result.to_dict()["distance"] == "14 votes short"


def test_project_motion_with_named_positions(pack: CountryPack) -> None:
    positions = {
        "fuerza popular": "for",
        "Alianza": "for",
        "PODEMOS PERU": "for",
        "renovacion": "for",
        "Somos": "for",
        "Accion Popular": "split",
        "peru libre": "against",
    }
    result = project_motion(pack, "vacancy_vote", date(2024, 12, 13), positions)
    d = result.to_dict()
    assert d["threshold"] == 87 and d["votes_for"] == 21 + 14 + 14 + 11 + 7 + 5
    assert d["outcome"] == "failed"
    assert "BLOQUE MAGISTERIAL DE CONCERTACION NACIONAL" in d["unassigned"]
    # With 72 for, only a bloc of 15 or more switching to "for" would carry it: no other bloc is that big.
    assert {p["bloc"] for p in d["pivotal"]} == set()
    json.dumps(d)


def test_bad_projection_inputs(pack: CountryPack) -> None:
    with pytest.raises(CentinelaError, match="unknown"):
        project_motion(pack, "vacancy_vote", date(2024, 12, 13), {"Partido Pirata": "for"})
    with pytest.raises(CentinelaError, match="ambiguous"):
        project_motion(pack, "vacancy_vote", date(2024, 12, 13), {"B": "for"})
    with pytest.raises(CentinelaError, match="unknown position"):
        project_motion(pack, "vacancy_vote", date(2024, 12, 13), {"FUERZA POPULAR": "maybe"})
    with pytest.raises(CentinelaError, match="no bancada data"):
        composition(pack, date(2019, 1, 1))
    with pytest.raises(UnknownEventTypeError):
        project_motion(pack, "coup_by_tweet", date(2024, 12, 13), {})


def test_bloc_names_ignore_accents() -> None:
    assert bloc_key(" Perú  Libre ") == "PERU LIBRE"


@given(
    st.integers(0, 200),
    st.dictionaries(st.sampled_from(["for", "against", "abstain", "absent"]), st.integers(0, 50), min_size=1),
)
def test_allocation_keeps_every_seat(seats: int, weights: dict[str, int]) -> None:
    if sum(weights.values()) == 0:
        return
    votes = allocate(seats, weights)
    assert sum(votes.values()) == seats and all(v >= 0 for v in votes.values())
    if sum(weights.values()) == seats:
        assert all(votes[side] == weights.get(side, 0) for side in votes)
