"""Each event type and each legality rule, on short hypothetical and real sequences."""

from __future__ import annotations

import json
from datetime import date

import pytest

from centinela.institutions import CountryPack, initial_state, replay
from centinela.institutions.engine import HANDLERS, evaluate
from centinela.institutions.state import CONGRESS_PRESIDENT, FIRST_VP, PCM, PRESIDENT

from .helpers import codes, ev, holder, run, vote

CASTILLO = ev("2021-07-28", "president_sworn", "Pedro Castillo")


def test_every_event_type_of_the_pack_has_a_handler(pack: CountryPack) -> None:
    assert set(pack.event_types) == set(HANDLERS)


@pytest.mark.parametrize("event_type", sorted(HANDLERS))
def test_every_event_type_evaluates_with_and_without_votes(pack: CountryPack, event_type: str) -> None:
    for event in (
        ev("2022-03-01", event_type, "Someone"),
        vote("2022-03-01", event_type, "Someone", (70, 40, 5)),
    ):
        verdict, _ = evaluate(initial_state(), event, pack)
        d = json.loads(json.dumps(verdict.to_dict()))
        assert d["event_type"] == event_type
        etype = pack.event_types[event_type]
        if etype.voted and event.votes_for is not None:
            assert isinstance(d["threshold"], int) and d["margin"] == 70 - d["threshold"]
            assert d["computed_outcome"] in etype.outcomes
        else:
            assert d["threshold"] is None and d["consistent"] is None


class TestDissolution:
    def test_castillo_2022_self_coup_is_unconstitutional_and_congress_votes_stand(
        self, pack: CountryPack
    ) -> None:
        events = [
            CASTILLO,
            ev("2022-11-24", "confidence_rejected_outright", "Anibal Torres", office="PCM"),
            ev("2022-12-07", "dissolution_decree", "Pedro Castillo", outcome="announced"),
            vote("2022-12-07", "vacancy_vote", "Pedro Castillo", (101, 6, 10)),
        ]
        _, rejected, decree, vacancy = run(pack, events)
        assert rejected.constitutional == "yes" and rejected.rule_id == "confidence_question_scope"
        assert rejected.state_view["denials"]["items"][0]["counted"] == "no"
        assert rejected.state_view["denials"]["count"] == 0
        assert decree.constitutional == "no"
        assert codes(decree) == ["unconstitutional_dissolution"]
        assert "self-coup" in decree.alerts[0].reason and "accusation_limits" in decree.rules
        assert decree.state.dissolution is None
        assert (vacancy.computed_outcome, vacancy.threshold, vacancy.margin) == ("passed", 87, 14)
        assert codes(vacancy) == ["vacancy_passed", "president_removed", "succession"]
        assert holder(vacancy, PRESIDENT) == "Dina Boluarte"
        assert vacancy.state_view["officeholders"][PRESIDENT]["via"] == FIRST_VP

    def test_two_express_denials_make_it_constitutional(self, pack: CountryPack) -> None:
        events = [
            CASTILLO,
            vote("2021-09-01", "investiture_vote", "Uno", (40, 80, 0), office="PCM"),
            vote("2021-10-01", "confidence_vote", "Dos", (40, 80, 0), office="PCM"),
            ev("2021-10-02", "dissolution_decree", "Pedro Castillo"),
            vote("2021-10-03", "vacancy_vote", "Pedro Castillo", (101, 6, 10)),
        ]
        _, first, second, decree, vacancy = run(pack, events)
        assert any(
            s.startswith("one more denial enables dissolution") for s in first.state_view["next_thresholds"]
        )
        assert codes(second) == ["dissolution_enabled", "cabinet_crisis"]
        assert (decree.constitutional, decree.computed_outcome, codes(decree)) == (
            "yes",
            "dissolved",
            ["congress_dissolved"],
        )
        assert (vacancy.computed_outcome, vacancy.constitutional) == ("no_effect", "no")
        assert holder(vacancy, PRESIDENT) == "Pedro Castillo"

    def test_one_denial_is_not_enough(self, pack: CountryPack) -> None:
        events = [
            CASTILLO,
            vote("2021-09-01", "investiture_vote", "Uno", (40, 80, 0)),
            ev("2021-10-02", "dissolution_decree", "Pedro Castillo", outcome="dissolved"),
        ]
        decree = run(pack, events)[-1]
        assert decree.constitutional == "no" and codes(decree) == ["unconstitutional_dissolution"]
        assert "fewer denials or censures than required: 1 of the 2" in decree.reason

    def test_not_in_the_last_year_of_the_presidential_term(self, pack: CountryPack) -> None:
        events = [
            vote("2020-03-20", "investiture_vote", "Uno", (40, 80, 0)),
            vote("2020-05-20", "investiture_vote", "Dos", (40, 80, 0)),
            ev("2020-08-01", "dissolution_decree", "Martin Vizcarra"),
        ]
        decree = run(pack, events)[-1]
        assert decree.constitutional == "no"
        assert "last year of the presidential term (from 2020-07-28" in decree.reason

    def test_not_under_a_state_of_siege(self, pack: CountryPack) -> None:
        events = [
            CASTILLO,
            vote("2021-09-01", "investiture_vote", "Uno", (40, 80, 0)),
            vote("2021-10-01", "investiture_vote", "Dos", (40, 80, 0)),
            ev("2021-10-05", "state_of_emergency_decree", "Lima", note="estado de sitio"),
            ev("2021-10-06", "dissolution_decree", "Pedro Castillo"),
        ]
        siege, decree = run(pack, events)[-2:]
        assert siege.constitutional == "yes" and siege.state.exceptions[0].kind == "siege"
        assert siege.state.exceptions[0].end == date(2021, 11, 18)  # 45 days
        assert "dissolution enabled" in siege.state_view["next_thresholds"][0]
        assert "barred: under a state of siege" in siege.state_view["next_thresholds"][0]
        assert decree.constitutional == "no" and "state of siege" in decree.reason

    def test_an_outright_rejection_before_law_31355_is_disputed(self, pack: CountryPack) -> None:
        (v,) = run(pack, [ev("2021-01-10", "confidence_rejected_outright", "Violeta Bermudez")])
        assert (v.constitutional, v.computed_outcome) == ("disputed", "rejected_outright")
        assert v.state_view["denials"]["items"][0]["counted"] == "disputed"

    def test_a_factual_denial_claim_after_law_31355_does_not_count(self, pack: CountryPack) -> None:
        (v,) = run(pack, [ev("2022-11-24", "confidence_factual_denial", "Anibal Torres")])
        assert (v.constitutional, v.rule_id) == ("no", "confidence_question_scope")
        assert v.state_view["denials"]["count"] == 0

    def test_a_court_annulment_reinstates_congress_and_an_election_seats_the_new_one(
        self, pack: CountryPack
    ) -> None:
        events = [
            vote("2019-05-01", "investiture_vote", "Uno", (40, 80, 0)),
            vote("2019-06-01", "confidence_vote", "Dos", (40, 80, 0)),
            ev("2019-07-01", "dissolution_decree", "Martin Vizcarra"),
            vote("2019-07-02", "mesa_election", "Alguien", (70, 20, 0)),
            ev("2019-08-01", "court_ruling", "Constitutional Court", outcome="dissolution_annulled"),
            vote("2019-08-02", "mesa_election", "Alguien", (70, 20, 0)),
        ]
        decree, mesa, ruling, mesa_after = run(pack, events)[2:]
        assert decree.constitutional == "yes" and mesa.computed_outcome == "no_effect"
        assert ruling.state.dissolution is not None and not ruling.state.dissolution.in_effect(
            date(2019, 8, 1)
        )
        assert mesa_after.computed_outcome == "elected"
        election = run(pack, events[:3] + [ev("2019-11-01", "congressional_election", outcome="held")])[-1]
        assert election.state.dissolution is not None and election.state.dissolution.until == date(
            2020, 3, 16
        )


class TestCabinet:
    def test_investiture_deadline_and_crisis(self, pack: CountryPack) -> None:
        events = [
            CASTILLO,
            ev("2021-07-29", "cabinet_sworn", "Guido Bellido"),
            vote("2021-08-27", "investiture_vote", "Guido Bellido", (73, 50, 0)),
            ev("2021-10-06", "cabinet_resigned", "Guido Bellido"),
            ev("2021-10-06", "cabinet_sworn", "Mirtha Vasquez"),
            vote("2021-11-10", "interpellation_vote", "Mirtha Vasquez", (44, 60, 0), office="PCM"),
        ]
        _, sworn, granted, resigned, sworn2, late = run(pack, events, follow_records=False)
        assert sworn.rule_id == "investiture"
        (motion,) = sworn.state_view["open_motions"]
        assert (motion["kind"], motion["deadline"]) == ("investiture", "2021-08-28")
        assert (
            "investiture of Guido Bellido due by 2021-08-28: needs more votes for than against"
            in (sworn.state_view["next_thresholds"])
        )
        assert granted.state_view["open_motions"] == []
        assert codes(resigned) == ["cabinet_crisis"] and holder(resigned, PCM) is None
        assert resigned.state_view["denials"]["count"] == 0
        assert holder(sworn2, PCM) == "Mirtha Vasquez"
        (overdue,) = late.state_view["open_motions"][:1]
        assert overdue["overdue"] is True and any(
            "(overdue)" in s for s in late.state_view["next_thresholds"]
        )
        assert (late.threshold, late.computed_outcome) == (44, "admitted")

    def test_unresolved_when_abstentions_exceed_both_sides(self, pack: CountryPack) -> None:
        (v,) = run(pack, [vote("2014-07-01", "investiture_vote", "Ana Jara", (30, 20, 40))])
        assert (v.computed_outcome, v.constitutional) == ("unresolved", None)
        assert v.state_view["denials"]["count"] == 0

    def test_censure_filing_window_and_vote(self, pack: CountryPack) -> None:
        events = [
            CASTILLO,
            vote("2022-01-10", "censure_motion_filed", "Mirtha Vasquez", (33, 0, None), office="PCM"),
            vote("2022-01-18", "censure_vote", "Mirtha Vasquez", (66, 40, 3), office="PCM"),
            vote(
                "2022-02-10",
                "censure_motion_filed",
                "Un Ministro",
                (32, 0, None),
                office="Minister of Interior",
            ),
            vote("2022-02-20", "censure_vote", "Un Ministro", (90, 10, 0), office="Minister of Interior"),
        ]
        _, filed, censured, short, minister = run(pack, events)
        assert (filed.threshold, filed.computed_outcome, filed.rule_id) == (33, "filed", "censure")
        motion = filed.state_view["open_motions"][0]
        assert (motion["window_from"], motion["deadline"]) == ("2022-01-14", "2022-01-20")
        assert (
            "censure of Mirtha Vasquez needs 66 (vote between 2022-01-14 and 2022-01-20)"
            in (filed.state_view["next_thresholds"])
        )
        assert (censured.threshold, censured.computed_outcome) == (66, "passed")
        assert codes(censured) == ["cabinet_crisis"]
        assert censured.state_view["denials"]["items"][0]["how"] == "censure"
        assert (short.computed_outcome, short.margin) == ("not_filed", -1)
        assert minister.computed_outcome == "passed" and minister.state_view["denials"]["count"] == 1

    def test_a_minister_denied_confidence_is_not_a_council(self, pack: CountryPack) -> None:
        (v,) = run(
            pack, [vote("2022-03-01", "confidence_vote", "Un Ministro", (20, 80, 0), office="Minister")]
        )
        assert v.computed_outcome == "denied" and v.state_view["denials"]["count"] == 0 and v.alerts == ()


class TestPresidency:
    def test_vacancy_filing_and_admission_sentences(self, pack: CountryPack) -> None:
        events = [
            vote("2021-11-25", "vacancy_motion_filed", "Pedro Castillo", (28, 0, None)),
            vote("2021-12-07", "vacancy_admission_vote", "Pedro Castillo", (46, 76, 4)),
        ]
        filed, rejected = run(pack, [CASTILLO, *events])[1:]
        assert (filed.threshold, filed.computed_outcome, filed.rule_id) == (26, "filed", "vacancy_filing")
        assert (
            "vacancy motion against Pedro Castillo filed: admission needs 52"
            in filed.state_view["next_thresholds"]
        )
        assert rejected.computed_outcome == "not_admitted" and rejected.state_view["open_motions"] == []

    def test_mesa_censure_removes_the_acting_president_2026(self, pack: CountryPack) -> None:
        events = [
            vote("2026-02-17", "mesa_censure_vote", "Jose Jeri", (75, 24, 3), office=CONGRESS_PRESIDENT),
            vote(
                "2026-02-18", "mesa_election", "Jose Maria Balcazar", (64, 46, 0), office=CONGRESS_PRESIDENT
            ),
        ]
        censure, election = run(pack, events)
        assert (censure.threshold, censure.computed_outcome, censure.constitutional) == (28, "passed", "yes")
        assert codes(censure) == ["acting_president_removed", "presidency_vacant"]
        assert holder(censure, PRESIDENT) is None and holder(censure, CONGRESS_PRESIDENT) is None
        assert codes(election) == ["succession"]
        assert holder(election, PRESIDENT) == "Jose Maria Balcazar"

    def test_suspension_is_temporary_and_its_rule_disputed(self, pack: CountryPack) -> None:
        events = [CASTILLO, vote("2022-03-01", "suspension_vote", "Pedro Castillo", (70, 40, 5))]
        v = run(pack, events)[-1]
        assert (v.computed_outcome, v.constitutional) == ("passed", "disputed")
        assert codes(v) == ["president_suspended", "succession"]
        president = v.state_view["officeholders"][PRESIDENT]
        assert (president["name"], president["acting"]) == ("Dina Boluarte", True)
        assert holder(v, FIRST_VP) == "Dina Boluarte"

    def test_resignation_presented_then_rejected(self, pack: CountryPack) -> None:
        events = [
            CASTILLO,
            ev("2022-03-01", "resignation_presented", "Pedro Castillo"),
            vote("2022-03-02", "resignation_vote", "Pedro Castillo", (10, 100, 0)),
        ]
        _, presented, rejected = run(pack, events)
        assert presented.state_view["open_motions"][0]["kind"] == "resignation"
        assert (
            "resignation of Pedro Castillo takes effect if Congress accepts it"
            in (presented.state_view["next_thresholds"][-1])
        )
        assert rejected.computed_outcome == "rejected" and holder(rejected, PRESIDENT) == "Pedro Castillo"

    def test_swearing_in_someone_else_while_the_president_is_in_office(self, pack: CountryPack) -> None:
        events = [CASTILLO, ev("2022-03-01", "president_sworn", "Un Usurpador")]
        v = run(pack, events)[-1]
        assert v.constitutional == "no" and "Pedro Castillo holds the presidency" in v.reason

    def test_a_vacancy_vote_on_someone_not_in_office_changes_nobody(self, pack: CountryPack) -> None:
        events = [CASTILLO, vote("2022-03-01", "vacancy_vote", "Otra Persona", (100, 10, 0))]
        v = run(pack, events)[-1]
        assert v.computed_outcome == "passed" and holder(v, PRESIDENT) == "Pedro Castillo"
        assert "not the President in office" in v.reason

    def test_a_vacancy_voted_outside_its_window_is_disputed(self, pack: CountryPack) -> None:
        events = [
            CASTILLO,
            vote("2022-03-01", "vacancy_admission_vote", "Pedro Castillo", (76, 41, 1)),
            vote("2022-03-02", "vacancy_vote", "Pedro Castillo", (90, 20, 0)),
        ]
        v = run(pack, events)[-1]
        assert v.constitutional == "disputed" and "outside the debate window" in v.reason


def test_law_by_insistence(pack: CountryPack) -> None:
    (v,) = run(pack, [vote("2021-10-19", "law_by_insistence", "Law 31355", (65, 43, 3))])
    assert (v.threshold, v.computed_outcome, v.consistent) == (66, "not_enacted", None)


def test_a_vote_without_counts_takes_the_recorded_outcome(pack: CountryPack) -> None:
    (v,) = run(pack, [ev("2020-11-09", "vacancy_vote", "Martin Vizcarra", outcome="passed")])
    assert v.computed_outcome == "passed" and v.threshold is None and v.consistent is None
    assert "vacancy_passed" in codes(v)


def test_an_inconsistent_recorded_outcome_is_flagged(pack: CountryPack) -> None:
    (v,) = run(pack, [vote("2020-11-09", "vacancy_vote", "Martin Vizcarra", (80, 19, 4), outcome="passed")])
    assert (v.computed_outcome, v.recorded_outcome, v.consistent) == ("failed", "passed", False)


def test_events_out_of_order_are_evaluated_on_their_own_date(pack: CountryPack) -> None:
    events = [
        ev("2021-07-28", "president_sworn", "Pedro Castillo"),
        vote("2005-01-01", "vacancy_vote", "Alejandro Toledo", (80, 10, 0)),
    ]
    late = list(replay(events, pack))[-1]
    assert late.threshold == 80 and "out of order" in late.reason
