"""Level changes carry the parts that moved and the evidence and source URLs behind them."""

from __future__ import annotations

from datetime import date, timedelta
from types import MappingProxyType

from centinela.signals import PARTS, Evidence, RiskDay, change_alert, level_changes, risk_alerts, risk_series

from .helpers import verdict

DAY = date(2020, 1, 1)


def _day(
    offset: int, level: str, score: float, evidence: tuple[Evidence, ...] = (), **parts: float
) -> RiskDay:
    values = MappingProxyType({p: parts.get(p, 0.0) for p in PARTS})
    return RiskDay("PE", DAY + timedelta(days=offset), score, level, values, evidence)


def test_a_rise_names_the_parts_that_rose_and_what_is_new() -> None:
    old = Evidence("institutional", "one denial", 7.5, DAY, "https://a")
    new = Evidence("institutional", "vacancy motion admitted", 40.0, DAY + timedelta(days=1), "https://b")
    riot = Evidence("unrest", "riots", 10.0, DAY + timedelta(days=1), "https://c")
    days = [
        _day(0, "calm", 12.5, (old,), institutional=7.5, structural=5.0),
        _day(1, "alert", 62.5, (new, riot, old), institutional=47.5, unrest=10.0, structural=5.0),
    ]
    [change] = level_changes(days)
    assert change.rising and change.previous == "calm" and change.day.level == "alert"
    assert [(m.part, round(m.delta, 1)) for m in change.moved] == [("institutional", 40.0), ("unrest", 10.0)]
    assert [e.url for e in change.evidence] == ["https://b", "https://c", "https://a"]
    alert = change_alert(change)
    assert alert.key == "PE:risk:2020-01-02:calm>alert"
    assert alert.kind == "risk" and alert.code == "risk_level_change" and alert.level == "alert"
    assert "rises to alert" in alert.title and "62/100" in alert.title
    assert "institutional 7.5 -> 47.5 (+40.0): vacancy motion admitted" in alert.body
    assert [e["url"] for e in alert.evidence] == ["https://b", "https://c", "https://a"]


def test_a_fall_is_explained_against_the_day_the_level_was_entered() -> None:
    cause = Evidence("institutional", "president removed", 40.0, DAY, "https://r")
    days = [
        _day(0, "warning", 45.0, (cause,), institutional=40.0, structural=5.0),
        _day(10, "warning", 35.0, (cause,), institutional=30.0, structural=5.0),
        _day(20, "watch", 30.0, (cause,), institutional=25.0, structural=5.0),
    ]
    [change] = level_changes(days, previous=_day(-1, "calm", 5.0, structural=5.0))[1:]
    assert not change.rising and change.reference.date == DAY
    assert [(m.part, m.before, m.after) for m in change.moved] == [("institutional", 40.0, 25.0)]
    assert change.evidence == (cause,)
    assert "falls to watch" in change_alert(change).title


def test_the_first_day_is_a_starting_point_unless_the_day_before_is_given() -> None:
    days = [_day(0, "alert", 65.0, institutional=60.0), _day(1, "alert", 64.0, institutional=59.0)]
    assert level_changes(days) == []
    [change] = level_changes(days, previous=_day(-1, "calm", 5.0))
    assert change.day.date == DAY and change.to_dict()["previous"] == "calm"


def test_alerts_of_a_replay_have_stable_keys() -> None:
    v = verdict(
        "2020-01-01",
        "vacancy_vote",
        "X",
        alerts=(("president_removed", "critical"),),
        source="https://example.org/vote",
    )
    days = risk_series("PE", [v], coups=[], end=DAY + timedelta(days=90))
    alerts = risk_alerts(days, previous=None)
    assert [a.key for a in alerts] == [
        a.key for a in risk_alerts(risk_series("PE", [v], coups=[], end=DAY + timedelta(days=90)))
    ]
    falls = [a.title for a in alerts]
    assert falls and all("falls" in t for t in falls)  # the first day (warning) is the starting point
    with_start = risk_alerts(days, previous=_day(-1, "calm", 0.0))
    assert with_start[0].key == "PE:risk:2020-01-01:calm>warning"
    assert with_start[0].evidence[0]["url"] == "https://example.org/vote"
