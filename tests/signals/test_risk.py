"""The risk parts, computed by hand: fading impulses, standing pressure, caps, levels, structural base."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from scipy.stats import nbinom

from centinela.institutions import CountryPack
from centinela.signals import Coup, RiskConfig, risk_series
from centinela.signals.anomaly import PRIOR_DAYS, PRIOR_EVENTS

from .helpers import event, verdict

DAY = date(2020, 1, 1)
NO_COUPS: list[Coup] = []


def _series(verdicts, events=(), **kw):  # type: ignore[no-untyped-def]
    return risk_series("PE", verdicts, events, coups=kw.pop("coups", NO_COUPS), **kw)


def test_an_act_fades_with_the_half_life() -> None:
    days = _series(
        [verdict("2020-01-01", alerts=(("president_removed", "critical"),))], end=DAY + timedelta(days=42)
    )
    by_day = {d.date: d for d in days}
    assert by_day[DAY].parts["institutional"] == pytest.approx(40.0)
    assert by_day[DAY + timedelta(days=21)].parts["institutional"] == pytest.approx(20.0)
    assert by_day[DAY + timedelta(days=42)].parts["institutional"] == pytest.approx(10.0)
    assert by_day[DAY].score == pytest.approx(40.0)


def test_levels_use_the_cut_offs_and_drop_only_past_the_hysteresis() -> None:
    days = _series(
        [verdict("2020-01-01", alerts=(("president_removed", "critical"),))], end=DAY + timedelta(days=60)
    )
    levels = [d.level for d in days]
    # 40 is warning; it falls below 40 - 3 = 37 after 21 * log2(40 / 37) = 2.4 days: watch on day 3.
    assert levels[:3] == ["warning"] * 3 and levels[3] == "watch"
    first_calm = next(i for i, lvl in enumerate(levels) if lvl == "calm")
    # calm once below 20 - 3 = 17: 40 * 0.5 ** (t / 21) < 17 -> t > 25.9
    assert first_calm == 26


def test_each_part_is_capped_at_its_weight_and_unconstitutional_acts_add() -> None:
    v = verdict(
        "2020-01-01",
        "dissolution_decree",
        "X",
        constitutional="no",
        alerts=(("unconstitutional_dissolution", "critical"), ("congress_dissolved", "critical")),
    )
    day = _series([v], end=DAY)[0]
    assert 40 + 40 + 30 > 70
    assert day.parts["institutional"] == pytest.approx(70.0)
    disputed = _series([verdict("2020-01-01", "dissolution_decree", constitutional="disputed")], end=DAY)[0]
    assert disputed.parts["institutional"] == pytest.approx(15.0)  # half of 30


def test_an_admitted_vacancy_motion_is_priced_by_its_projected_votes(pack: CountryPack) -> None:
    state = {
        "denials": {
            "count": 1,
            "needed_for_dissolution": 2,
            "term": {"from": "2016-07-27", "to": "2021-07-26"},
            "items": [{"date": "2019-12-01", "subject": "A", "event_type": "confidence_vote"}],
        },
        "open_motions": [
            {
                "kind": "vacancy",
                "subject": "B",
                "stage": "admitted",
                "votes_for": 60,
                "deadline": "2020-01-10",
                "chamber": "congress_unicameral",
            }
        ],
        "dissolution": None,
    }
    v = verdict("2020-01-01", "vacancy_admission_vote", "B", state=state, source="https://example.org/b")
    days = {d.date: d for d in _series([v], pack=pack, end=date(2020, 1, 20))}
    motion = 40 * 60 / 87  # the admission's 60 votes against the 87 a removal needs
    denials = 15 * 1 / 2  # one of the two denials that enable dissolution
    assert days[DAY].parts["institutional"] == pytest.approx(motion + denials)
    assert days[date(2020, 1, 10)].parts["institutional"] == pytest.approx(motion + denials)
    assert days[date(2020, 1, 11)].parts["institutional"] == pytest.approx(denials)  # the window closed
    label = next(e.label for e in days[DAY].evidence if "vacancy" in e.label)
    assert "removal needs 87" in label and "27 short" in label
    assert days[DAY].evidence[0].url == "https://example.org/b"


def test_the_next_verdict_replaces_the_standing_state() -> None:
    motion = {"kind": "vacancy", "subject": "B", "stage": "filed", "votes_for": None, "deadline": None}
    first = verdict(
        "2020-01-01",
        "vacancy_motion_filed",
        "B",
        state={"open_motions": [motion], "denials": {}, "dissolution": None},
    )
    second = verdict("2020-01-05", "vacancy_admission_vote", "B", state={"open_motions": []})
    days = {d.date: d for d in _series([first, second], end=date(2020, 1, 6))}
    assert days[date(2020, 1, 4)].parts["institutional"] == pytest.approx(40 * 0.25)
    assert days[date(2020, 1, 5)].parts["institutional"] == 0


def test_structural_base_rate_by_hand() -> None:
    coup = Coup("PE", date(1995, 1, 1), "coup", auto=False)
    later = Coup("PE", date(2021, 1, 1), "coup", auto=True)  # after the day: unknown on it
    day = _series([], coups=[coup, later], start=DAY, end=DAY)[0]
    weight = 0.5 ** (((DAY - coup.date).days / 365.25) / 25)  # one half-life: 0.5
    assert day.parts["structural"] == pytest.approx(10 * (1 - math.exp(-weight / 3)))
    assert day.evidence[0].part == "structural" and "1995-01-01" in day.evidence[0].label


def test_the_packaged_coup_history_gives_peru_a_base_rate() -> None:
    day = risk_series("PE", [], start=DAY, end=DAY)[0]
    assert 3 < day.parts["structural"] < 10
    assert day.level == "calm"
    assert "Cline Center" in day.evidence[0].sentence


def test_a_surprising_day_of_events_adds_its_share_of_the_part_by_hand() -> None:
    start = date(2024, 1, 1)
    events = [
        event(
            start + timedelta(days=30), "riot", "unrest", url=f"https://example.org/{i}", evidence=f"riot {i}"
        )
        for i in range(4)
    ]
    config = RiskConfig()
    days = {
        d.date: d for d in _series([], events, start=start, end=start + timedelta(days=30), config=config)
    }
    day = days[start + timedelta(days=30)]
    # 30 quiet days: expected (0 + 0.5) / (30 + 1), NB size 0.5; surprise of 4 riots:
    mean, size = PRIOR_EVENTS / (30 + PRIOR_DAYS), PRIOR_EVENTS
    s = -math.log10(nbinom.sf(3, size, size / (size + mean)))
    strength = 0.8 * min(1.0, (s - 2) / (6 - 2))  # riot severity 0.8
    assert day.parts["unrest"] == pytest.approx(25 * strength, rel=1e-6)
    assert day.parts["security"] == 0
    assert day.evidence[0].part == "unrest" and day.evidence[0].url.startswith("https://example.org/")


def test_denied_and_unconfident_events_count_for_nothing() -> None:
    start = date(2024, 1, 1)
    events = [
        event(start + timedelta(days=30), "coup_attempt", "security", modality="denial") for _ in range(9)
    ]
    events += [
        event(start + timedelta(days=30), "coup_attempt", "security", confidence=0.2) for _ in range(9)
    ]
    day = _series([], events, start=start, end=start + timedelta(days=30))[-1]
    assert day.parts["security"] == 0


def test_the_score_is_the_sum_of_parts_capped_at_100() -> None:
    big = verdict("2024-01-31", alerts=(("a", "critical"), ("b", "critical")))
    start = date(2024, 1, 1)
    events = [event(start + timedelta(days=30), "coup_attempt", "security") for _ in range(30)]
    events += [
        event(start + timedelta(days=30), "repression", "unrest", detail={"deaths": 5}) for _ in range(30)
    ]
    coup = [Coup("PE", date(2020, 1, 1), "coup", False)]
    day = _series([big], events, coups=coup, start=start, end=start + timedelta(days=30))[-1]
    assert sum(day.parts.values()) > 100
    assert day.score == 100 and day.level == "critical"


def test_no_input_no_series() -> None:
    assert risk_series("PE", []) == []
