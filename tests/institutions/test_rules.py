"""The Peru pack: rules as dated data, chambers, terms, and the bicameral rules from 2026-07-26."""

from __future__ import annotations

from datetime import date

import pytest

from centinela.errors import UnknownCountryError, UnknownEventTypeError
from centinela.institutions import CountryPack, known_countries, load_pack, replay
from centinela.institutions.rules import RulesDataError, parse_rulebook
from centinela.institutions.votes import seat_threshold

from .helpers import codes, ev, run, vote


def test_the_pack_has_the_23_event_types_and_the_rules(pack: CountryPack) -> None:
    assert len(pack.event_types) == 23
    assert len(pack.rules.rules) == 26
    assert pack.rules.rule("factual_denial_doctrine").disputed
    assert pack.rules.rule("denial_counter_reset").status == "disputed"
    assert len(pack.officeholders) > 40 and len(pack.bancadas) >= 138


def test_country_codes() -> None:
    assert known_countries() == ["PE"]
    assert load_pack(" pe ").code == "PE"
    with pytest.raises(UnknownCountryError, match="'XX'.*PE"):
        load_pack("XX")


def test_unknown_event_type(pack: CountryPack) -> None:
    with pytest.raises(UnknownEventTypeError, match="coup_by_tweet"):
        pack.event_type("coup_by_tweet")
    with pytest.raises(UnknownEventTypeError):
        list(replay([ev("2020-01-01", "coup_by_tweet")], pack))


@pytest.mark.parametrize(
    ("day", "chamber", "seats"),
    [
        ("2000-01-01", "congress_unicameral", 120),
        ("2011-07-25", "congress_unicameral", 120),
        ("2011-07-26", "congress_unicameral", 130),
        ("2026-07-25", "congress_unicameral", 130),
        ("2026-07-26", "congress_unicameral", None),
        ("2026-07-26", "senate", 60),
        ("2026-07-26", "chamber_of_deputies", 130),
    ],
)
def test_seats_on_a_date(pack: CountryPack, day: str, chamber: str, seats: int | None) -> None:
    assert pack.rules.seats(chamber, date.fromisoformat(day)) == seats


def test_the_rule_in_force_changes_with_the_date(pack: CountryPack) -> None:
    before = [r.id for r in pack.rules.rules_for("vacancy_vote", date(2026, 7, 25))]
    after = [r.id for r in pack.rules.rules_for("vacancy_vote", date(2026, 7, 26))]
    assert "vacancy_approval" in before and "vacancy_bicameral" not in before
    assert "vacancy_bicameral" in after and "vacancy_approval" not in after
    assert pack.rules.rule("confidence_question_scope").in_force(date(2021, 10, 21))
    assert not pack.rules.rule("confidence_question_scope").in_force(date(2021, 10, 20))


def test_terms(pack: CountryPack) -> None:
    # The complementary Congress overlaps the dissolved one's term: the newer one is the current Congress.
    assert pack.rules.congress_term(date(2020, 5, 1)).start == date(2020, 3, 16)
    assert pack.rules.congress_term(date(2019, 5, 1)).start == date(2016, 7, 27)
    assert pack.rules.presidential_term(date(2020, 8, 1)).last_year_from() == date(2020, 7, 28)


def test_vacancy_thresholds_before_2011(pack: CountryPack) -> None:
    (v,) = run(
        pack, [vote("2005-11-20", "vacancy_vote", "Alejandro Toledo", (62, 9, 9))], follow_records=False
    )
    assert (v.threshold, v.margin, v.computed_outcome) == (80, -18, "failed")


class TestBicameral:
    def test_vacancy_needs_87_in_the_chamber_and_40_in_the_senate(self, pack: CountryPack) -> None:
        deputies = seat_threshold(pack, "vacancy_vote", date(2027, 1, 1), "chamber_of_deputies")
        senate = seat_threshold(pack, "vacancy_vote", date(2027, 1, 1), "senate")
        assert deputies is not None and deputies[0] == 87
        assert senate is not None and senate[0] == 40
        filing = seat_threshold(pack, "vacancy_motion_filed", date(2027, 1, 1))
        assert filing is not None and filing[0] == 39
        admission = seat_threshold(pack, "vacancy_admission_vote", date(2027, 1, 1))
        assert admission is not None and admission[0] == 52

    def test_a_vacancy_takes_two_chambers(self, pack: CountryPack) -> None:
        events = [
            ev("2026-07-28", "president_sworn", "Ana Presidenta"),
            vote(
                "2027-03-01",
                "vacancy_motion_filed",
                "Ana Presidenta",
                (45, 0, None),
                chamber="chamber_of_deputies",
            ),
            vote("2027-03-05", "vacancy_admission_vote", "Ana Presidenta", (70, 50, 5)),
            vote("2027-03-10", "vacancy_vote", "Ana Presidenta", (90, 30, 5), chamber="chamber_of_deputies"),
            vote("2027-03-12", "vacancy_vote", "Ana Presidenta", (39, 20, 1), chamber="senate"),
            vote("2027-04-12", "vacancy_vote", "Ana Presidenta", (41, 19, 0), chamber="senate"),
        ]
        filed, admitted, deputies, senate_fails, senate_passes = run(pack, events, follow_records=False)[1:]
        assert (filed.threshold, filed.rule_id, filed.computed_outcome) == (39, "vacancy_bicameral", "filed")
        assert (admitted.threshold, admitted.computed_outcome) == (52, "admitted")
        assert "vacancy_admitted" in codes(admitted)
        assert (deputies.threshold, deputies.chamber, deputies.computed_outcome) == (
            87,
            "chamber_of_deputies",
            "passed",
        )
        assert "vacancy_passed" not in codes(deputies)
        assert deputies.state.name("President of the Republic") == "Ana Presidenta"
        assert any("vacancy needs 40 in the senate" in s for s in deputies.state_view["next_thresholds"])
        assert (senate_fails.threshold, senate_fails.margin, senate_fails.computed_outcome) == (
            40,
            -1,
            "failed",
        )
        assert (senate_passes.threshold, senate_passes.margin, senate_passes.computed_outcome) == (
            40,
            1,
            "passed",
        )
        assert codes(senate_passes)[:2] == ["vacancy_passed", "president_removed"]

    def test_censure_counts_in_the_chamber_of_deputies(self, pack: CountryPack) -> None:
        (v,) = run(
            pack,
            [vote("2027-05-01", "censure_vote", "Pedro PCM", (66, 50, 0), office="PCM")],
            follow_records=False,
        )
        assert (v.chamber, v.threshold, v.computed_outcome) == ("chamber_of_deputies", 66, "passed")

    def test_only_the_chamber_of_deputies_is_dissolved(self, pack: CountryPack) -> None:
        events = [
            ev("2026-07-28", "president_sworn", "Ana Presidenta"),
            vote("2027-01-10", "investiture_vote", "Uno", (40, 80, 0), office="PCM"),
            vote("2027-03-10", "investiture_vote", "Dos", (40, 80, 0), office="PCM"),
            ev("2027-03-20", "dissolution_decree", "Ana Presidenta", outcome="dissolved"),
            vote(
                "2027-04-01", "censure_vote", "Tres", (80, 10, 0), office="PCM", chamber="chamber_of_deputies"
            ),
            vote("2027-04-02", "vacancy_vote", "Ana Presidenta", (50, 5, 0), chamber="senate"),
            ev("2027-07-01", "congressional_election", chamber="chamber_of_deputies"),
            vote("2027-07-02", "censure_vote", "Cuatro", (80, 10, 0), office="PCM"),
        ]
        verdicts = run(pack, events, follow_records=False)
        dissolution, deputies_vote, senate_vote, election, new_chamber = verdicts[3:]
        assert dissolution.constitutional == "yes" and dissolution.rule_id == "dissolution_bicameral"
        assert dissolution.state.dissolution.chambers == ("chamber_of_deputies",)
        assert deputies_vote.computed_outcome == "no_effect"
        assert senate_vote.computed_outcome == "passed"  # the Senate cannot be dissolved
        assert election.state.dissolution.until == date(2027, 7, 1)
        assert new_chamber.computed_outcome == "passed"  # the new Chamber acts, and starts a new count
        assert new_chamber.state_view["denials"]["count"] == 1

    def test_no_dissolution_in_the_chambers_last_year(self, pack: CountryPack) -> None:
        events = [
            vote("2030-08-10", "investiture_vote", "Uno", (40, 80, 0), office="PCM"),
            vote("2030-09-10", "investiture_vote", "Dos", (40, 80, 0), office="PCM"),
            ev("2030-09-20", "dissolution_decree", "Presidente", outcome="dissolved"),
        ]
        dissolution = run(pack, events, follow_records=False)[-1]
        assert dissolution.constitutional == "no"
        assert "last year of the congress term" in dissolution.reason


def test_malformed_rules_data_is_refused() -> None:
    with pytest.raises(RulesDataError, match="not a date"):
        parse_rulebook({"rules": [{"id": "x", "valid_from": "soon"}]})
    with pytest.raises(RulesDataError, match="threshold"):
        parse_rulebook({"rules": [{"id": "x", "threshold": {"at_least": "2/3", "of": "friends"}}]})
    with pytest.raises(RulesDataError, match="duplicate"):
        parse_rulebook({"rules": [{"id": "x"}, {"id": "x"}]})
