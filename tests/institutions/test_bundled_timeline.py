"""The bundled Peru timeline 2016-2021: each voted row's outcome from the rules alone, the key verdicts."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

from centinela.institutions import (
    CountryPack,
    Verdict,
    bundled_timeline,
    parse_timeline_text,
    replay,
    state_at,
    status,
)
from centinela.institutions.state import CONGRESS_PRESIDENT, PCM, PRESIDENT
from centinela.institutions.timeline import events_only

from .helpers import codes, holder


def _blanked(pack: CountryPack) -> str:
    """The timeline with the outcome of every vote blanked, as the acceptance check does."""
    rows = list(csv.DictReader(io.StringIO(pack.read_text(pack.timeline))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        if row["votes_for"] and row["event_type"] != "court_ruling":
            row = dict(row, outcome="")
        writer.writerow(row)
    return out.getvalue()


@pytest.fixture(scope="module")
def blind(pack: CountryPack) -> list[Verdict]:
    events = events_only(parse_timeline_text(_blanked(pack), known_types=pack.event_types))
    return list(replay(events, pack))


@pytest.fixture(scope="module")
def seen(pack: CountryPack) -> list[Verdict]:
    return list(replay(bundled_timeline(pack), pack))


def _voted_rows() -> list[tuple[int, str]]:
    from centinela.institutions import load_pack

    pack = load_pack("PE")
    rows = csv.DictReader(io.StringIO(pack.read_text(pack.timeline)))
    return [
        (i, f"{r['date']}-{r['event_type']}-{r['subject']}")
        for i, r in enumerate(rows)
        if r["votes_for"] and r["event_type"] != "court_ruling"
    ]


VOTED = _voted_rows()


@pytest.mark.parametrize("index", [i for i, _ in VOTED], ids=[name for _, name in VOTED])
def test_voted_row_reproduces_its_recorded_outcome_from_the_rules_alone(
    index: int, blind: list[Verdict], timeline_rows: list[dict[str, str]]
) -> None:
    row, verdict = timeline_rows[index], blind[index]
    assert verdict.recorded_outcome is None  # the engine never saw it
    assert verdict.computed_outcome == row["outcome"]
    assert isinstance(verdict.threshold, int)
    assert verdict.margin == int(row["votes_for"]) - verdict.threshold
    assert verdict.threshold_basis in ("legal", "habiles", "present", "votes_cast", "against")
    assert verdict.rule_id


def test_there_are_26_voted_rows() -> None:
    assert len(VOTED) == 26


@pytest.mark.parametrize(
    ("day", "margin"), [("2017-12-21", -8), ("2020-09-18", -55), ("2020-11-09", 18)], ids=["PPK", "V1", "V2"]
)
def test_vacancy_votes_need_87_of_130(day: str, margin: int, blind: list[Verdict]) -> None:
    (verdict,) = [
        v for v in blind if v.event.date.isoformat() == day and v.event.event_type == "vacancy_vote"
    ]
    assert (verdict.threshold, verdict.threshold_basis, verdict.margin) == (87, "legal", margin)
    assert verdict.rule_id == "vacancy_approval"


def test_every_voted_row_is_consistent_with_its_recorded_outcome(seen: list[Verdict]) -> None:
    voted = [v for v in seen if v.event.votes_for is not None and v.event.event_type != "court_ruling"]
    assert [v for v in voted if v.consistent is not True] == []


def test_2019_investiture_with_abstentions_below_both_sides_is_granted(seen: list[Verdict]) -> None:
    (v,) = [v for v in seen if v.event.date == date(2019, 4, 5)]
    assert (v.computed_outcome, v.threshold, v.margin) == ("granted", 28, 18)


def test_2019_dissolution_is_disputed_naming_the_factual_denial_doctrine(blind: list[Verdict]) -> None:
    (v,) = [v for v in blind if v.event.event_type == "dissolution_decree"]
    assert v.constitutional == "disputed"
    assert v.rule_id == "dissolution"
    assert "factual denial doctrine" in v.reason and "factual_denial_doctrine" in v.reason
    assert "denial_counter_reset" in v.reason  # the first denial was Zavala's, under Kuczynski
    assert "Fernando Zavala" in v.reason and "Salvador del Solar" in v.reason
    assert "congress_dissolved" in codes(v)
    items = v.state_view["denials"]["items"]
    assert [(d["subject"], d["how"], d["counted"]) for d in items] == [
        ("Fernando Zavala", "express_vote", "disputed"),
        ("Salvador del Solar", "factual_denial_claim", "disputed"),
    ]


def test_the_factual_denial_enables_dissolution(blind: list[Verdict]) -> None:
    (v,) = [v for v in blind if v.event.event_type == "confidence_factual_denial"]
    assert v.constitutional == "disputed" and v.rule_id == "factual_denial_doctrine"
    assert codes(v) == ["dissolution_enabled", "cabinet_crisis"]


def test_the_dissolved_congress_suspension_vote_has_no_effect(blind: list[Verdict]) -> None:
    (v,) = [v for v in blind if v.event.event_type == "suspension_vote"]
    assert v.computed_outcome == "no_effect"
    assert v.rule_id == "dissolved_congress_acts"
    assert v.constitutional == "disputed"  # as doubtful as the dissolution it rests on
    assert holder(v, PRESIDENT) == "Martin Vizcarra"


def test_denial_count_and_next_thresholds_through_the_timeline(blind: list[Verdict]) -> None:
    by_day = {(v.event.date.isoformat(), v.event.event_type): v for v in blind}
    zavala = by_day[("2017-09-15", "confidence_vote")]
    assert zavala.state_view["denials"]["count"] == 1
    assert any(
        s.startswith("one more denial enables dissolution") for s in zavala.state_view["next_thresholds"]
    )
    assert "cabinet_crisis" in codes(zavala) and holder(zavala, PCM) is None
    admission = by_day[("2017-12-15", "vacancy_admission_vote")]
    assert (
        "vacancy needs 87: admission got 93 (vote between 2017-12-18 and 2017-12-25)"
        in admission.state_view["next_thresholds"]
    )
    # The complementary Congress (2020-03-16) starts from zero; Cateriano's denial comes in the last year.
    cateriano = by_day[("2020-08-04", "investiture_vote")]
    assert cateriano.state_view["denials"]["count"] == 1
    assert cateriano.state_view["denials"]["term"] == {"from": "2020-03-16", "to": "2021-07-26"}
    assert any(
        "barred: last year of the presidential term" in s for s in cateriano.state_view["next_thresholds"]
    )


def test_alerts_of_the_timeline(blind: list[Verdict]) -> None:
    raised = [(v.event.date.isoformat(), a.code) for v in blind for a in v.alerts]
    assert raised == [
        ("2017-09-15", "cabinet_crisis"),
        ("2017-12-15", "vacancy_admitted"),
        ("2017-12-15", "vacancy_vote_scheduled"),
        ("2018-03-15", "vacancy_admitted"),
        ("2018-03-15", "vacancy_vote_scheduled"),
        ("2018-03-23", "president_resigned"),
        ("2018-03-23", "succession"),
        ("2019-09-30", "dissolution_enabled"),
        ("2019-09-30", "cabinet_crisis"),
        ("2019-09-30", "congress_dissolved"),
        ("2020-08-04", "cabinet_crisis"),
        ("2020-09-11", "vacancy_admitted"),
        ("2020-09-11", "vacancy_vote_scheduled"),
        ("2020-11-02", "vacancy_admitted"),
        ("2020-11-02", "vacancy_vote_scheduled"),
        ("2020-11-09", "vacancy_passed"),
        ("2020-11-09", "president_removed"),
        ("2020-11-09", "succession"),
        ("2020-11-15", "president_resigned"),
        ("2020-11-15", "presidency_vacant"),
        ("2020-11-16", "succession"),
    ]
    for v in blind:
        for a in v.alerts:
            assert a.rule_id and a.reason


def test_succession_is_followed_by_the_events(blind: list[Verdict]) -> None:
    presidents = [(v.event.date.isoformat(), holder(v, PRESIDENT)) for v in blind]
    assert ("2018-03-23", "Martin Vizcarra") in presidents
    assert ("2020-11-09", "Manuel Merino") in presidents
    assert (
        "2020-11-15",
        None,
    ) in presidents  # nobody in line: the acting President of Congress does not succeed
    assert ("2020-11-16", "Francisco Sagasti") in presidents
    merino = next(v for v in blind if v.event.date == date(2020, 11, 9))
    assert merino.state_view["officeholders"][PRESIDENT]["via"] == CONGRESS_PRESIDENT


def test_engine_officeholders_agree_with_the_records(pack: CountryPack, seen: list[Verdict]) -> None:
    """After each event, the engine's President is one officeholders.csv records that day or the next.

    The records date a successor from the day they were sworn, often the day after the vote (Merino
    2020-11-10, Sagasti 2020-11-17); between Merino's resignation and Sagasti's election nobody held it.
    """
    for v in seen:
        day, next_day = v.event.date, v.event.date + timedelta(days=1)
        recorded = [
            r.holder
            for r in pack.officeholders
            if r.office == PRESIDENT and r.start <= next_day and (r.end is None or r.end >= day)
        ]
        followed = holder(v, PRESIDENT)
        assert followed in recorded or (followed is None and day == date(2020, 11, 15)), (
            day,
            followed,
            recorded,
        )


def test_state_at_a_date(pack: CountryPack) -> None:
    state = state_at(pack, date(2019, 10, 1))
    assert state.name(PRESIDENT) == "Martin Vizcarra"
    assert state.dissolution is not None and state.dissolution.constitutional == "disputed"
    assert state.dissolution.in_effect(date(2019, 10, 1))
    later = state_at(pack, date(2020, 3, 16))
    assert later.dissolution is not None and not later.dissolution.in_effect(date(2020, 3, 16))
    assert later.denials == ()


def test_status_after_the_timeline_uses_the_records(pack: CountryPack) -> None:
    view = status(pack, date(2024, 1, 1))
    assert view["officeholders"][PRESIDENT]["name"] == "Dina Boluarte"
    assert view["officeholders"][CONGRESS_PRESIDENT]["name"] == "Alejandro Soto"
    assert view["last_event"] == "2021-12-07" and "timeline ends" in view["note"]
    json.dumps(view)


def test_replaying_twice_gives_identical_output(pack: CountryPack) -> None:
    first = [json.dumps(v.to_dict(), sort_keys=True) for v in replay(bundled_timeline(pack), pack)]
    second = [json.dumps(v.to_dict(), sort_keys=True) for v in replay(bundled_timeline(pack), pack)]
    assert first == second


def test_output_has_the_contract_keys(seen: list[Verdict]) -> None:
    keys = {
        "date",
        "event_type",
        "subject",
        "rule_id",
        "threshold",
        "threshold_basis",
        "margin",
        "computed_outcome",
        "recorded_outcome",
        "consistent",
        "constitutional",
        "reason",
        "alerts",
        "state",
    }
    for v in seen:
        d = json.loads(json.dumps(v.to_dict()))
        assert keys <= set(d)
        assert {"officeholders", "denials", "open_motions", "next_thresholds"} <= set(d["state"])
        assert {"count", "items"} <= set(d["state"]["denials"])
        assert d["consistent"] in (True, False, None)
        assert d["constitutional"] in ("yes", "no", "disputed", None)


def test_acts_without_votes_take_the_recorded_outcome_as_fact(seen: list[Verdict]) -> None:
    for v in seen:
        if v.event.votes_for is None and v.event.outcome:
            assert v.computed_outcome == v.event.outcome
            assert v.consistent is None
