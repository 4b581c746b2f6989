"""Threshold arithmetic as rules.yaml's header defines it: exact fractions, the smallest carrying count."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from centinela.institutions.thresholds import (
    SEAT_BASES,
    ThresholdSpec,
    compute_threshold,
    parse_spec,
    to_fraction,
)


def th(
    raw: dict, seats: int | None = 130, habiles: int | None = None, against: int = 0, abst: int = 0
) -> int | None:
    return compute_threshold(parse_spec(raw), seats=seats, habiles=habiles, against=against, abstentions=abst)


@pytest.mark.parametrize(
    ("raw", "seats", "expected"),
    [
        ({"at_least": "2/3", "of": "legal"}, 130, 87),  # vacancy
        ({"at_least": "2/3", "of": "legal"}, 120, 80),  # vacancy before 2011
        ({"at_least": "2/3", "of": "legal"}, 60, 40),  # Senate from 2026
        ({"at_least": "2/5", "of": "habiles"}, 130, 52),  # vacancy admission
        ({"more_than": "1/2", "of": "legal"}, 130, 66),  # censure, law by insistence
        ({"at_least": "15/100", "of": "legal"}, 130, 20),  # interpellation filing
        ({"at_least": "25/100", "of": "legal"}, 130, 33),  # censure filing
        ({"at_least": "1/5", "of": "legal"}, 130, 26),  # vacancy filing
        ({"at_least": "1/3", "of": "habiles"}, 130, 44),  # interpellation admission
        ({"at_least": "4/5", "of": "legal"}, 130, 104),  # voting a vacancy early
        ({"at_least": 39, "of": "count"}, 130, 39),  # bicameral vacancy filing
    ],
)
def test_seat_thresholds(raw: dict, seats: int, expected: int) -> None:
    assert th(raw, seats) == expected


def test_habiles_default_to_seats_and_can_be_given() -> None:
    assert th({"at_least": "2/5", "of": "habiles"}, 130, habiles=122) == 49  # as rules.yaml notes
    assert th({"at_least": "2/5", "of": "habiles"}, 130, habiles=None) == 52


def test_more_votes_for_than_against() -> None:
    assert th({"more_than": 1, "of": "against"}, against=77) == 78
    assert th({"more_than": 1, "of": "against"}, against=0) == 1


def test_present_and_votes_cast_are_solved_with_the_other_counts_fixed() -> None:
    # more than half of those present with 12 against and 4 abstaining: 17 for (17 > 33/2)
    assert th({"more_than": "1/2", "of": "present"}, against=12, abst=4) == 17
    assert th({"more_than": "1/2", "of": "votes_cast"}, against=26, abst=99) == 27
    assert th({"at_least": "1/2", "of": "present"}, against=3, abst=1) == 4


def test_no_seat_count_gives_no_threshold() -> None:
    assert th({"at_least": "2/3", "of": "legal"}, seats=None) is None


def test_fractions_are_exact_never_floats() -> None:
    assert to_fraction("2/3") == Fraction(2, 3)
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction(1) == Fraction(1)
    with pytest.raises(ValueError):
        to_fraction(True)
    with pytest.raises(ValueError):
        to_fraction("two thirds")


@pytest.mark.parametrize(
    "raw",
    [
        {"at_least": "2/3"},
        {"at_least": "2/3", "of": "senators"},
        {"at_least": "2/3", "more_than": "1/2", "of": "legal"},
        {"more_than": 1, "of": "present"},
        {"at_least": "-1/2", "of": "legal"},
        "2/3",
    ],
)
def test_bad_specs_are_refused(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_spec(raw)  # type: ignore[arg-type]


def test_describe() -> None:
    assert (
        parse_spec({"at_least": "2/3", "of": "legal"}).describe()
        == "at least 2/3 of the legal number of members"
    )
    assert parse_spec({"more_than": 1, "of": "against"}).describe() == "more votes for than against"


fractions = st.fractions(min_value=0, max_value=1, max_denominator=100)


@given(
    kind=st.sampled_from(["at_least", "more_than"]),
    fraction=fractions,
    base=st.sampled_from(SEAT_BASES),
    seats=st.integers(1, 400),
    habiles=st.one_of(st.none(), st.integers(1, 400)),
)
def test_seat_based_thresholds_never_exceed_the_seats(
    kind: str, fraction: Fraction, base: str, seats: int, habiles: int | None
) -> None:
    if habiles is not None:
        habiles = min(habiles, seats)
    spec = ThresholdSpec(kind, fraction, base)
    threshold = compute_threshold(spec, seats=seats, habiles=habiles, against=0, abstentions=0)
    assert threshold is not None and threshold >= 1
    if not (kind == "more_than" and fraction == 1):  # "more than all" is no rule at all
        assert threshold <= seats


@given(
    kind=st.sampled_from(["at_least", "more_than"]),
    fraction=st.fractions(min_value=0, max_value=Fraction(99, 100), max_denominator=100),
    base=st.sampled_from(["present", "votes_cast", "against"]),
    against=st.integers(0, 200),
    abstentions=st.integers(0, 200),
)
def test_the_threshold_is_the_smallest_count_that_carries(
    kind: str, fraction: Fraction, base: str, against: int, abstentions: int
) -> None:
    spec = ThresholdSpec(kind, fraction, base)
    t = compute_threshold(spec, seats=130, habiles=None, against=against, abstentions=abstentions)
    assert t is not None

    def carries(x: int) -> bool:
        total = {"present": x + against + abstentions, "votes_cast": x + against, "against": against}[base]
        return x >= fraction * total if kind == "at_least" else x > fraction * total

    assert carries(t)
    assert t == 1 or not carries(t - 1)
