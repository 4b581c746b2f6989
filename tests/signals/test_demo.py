"""The demo replay of Peru 2016-2021: the institutional part, computed from the engine's states alone,
raises the level before the vacancy votes and at the dissolution, and calm returns afterwards.

The dates below are what the test checks against (the historical votes); the risk code never sees them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from centinela.institutions import CountryPack
from centinela.signals import LEVELS, RiskDay, level_changes, risk_alerts, risk_series

VACANCY_VOTES = (date(2017, 12, 21), date(2020, 9, 18), date(2020, 11, 9))
DISSOLUTION = date(2019, 9, 30)


@pytest.fixture(scope="module")
def days(demo_verdicts: list[dict[str, Any]], pack: CountryPack) -> list[RiskDay]:
    return risk_series("PE", demo_verdicts, pack=pack)


def _on(days: list[RiskDay], day: date) -> RiskDay:
    return next(d for d in days if d.date == day)


def _rank(level: str) -> int:
    return LEVELS.index(level)


def test_the_level_rises_before_each_vacancy_vote(days: list[RiskDay]) -> None:
    changes = level_changes(days)
    print("\nlevel changes of the demo replay (Peru 2016-2021):")
    for c in changes:
        print(
            f"  {c.day.date} {c.previous:>8} -> {c.day.level:<8} {c.day.score:5.1f}  "
            f"{'; '.join(m.describe() for m in c.moved)}"
        )
    for vote in VACANCY_VOTES:
        rises = [c for c in changes if c.rising and vote - timedelta(days=14) <= c.day.date < vote]
        assert rises, f"no rise of level in the two weeks before the vacancy vote of {vote}"
        eve = _on(days, vote - timedelta(days=1))
        rose = rises[0].day
        print(f"  vote {vote}: rose on {rose.date} to {rose.level}; the eve: {eve.level} {eve.score:.1f}")
        assert _rank(eve.level) >= _rank("alert")
        assert eve.parts["institutional"] > 40
        assert any("vacancy motion" in e.label and e.url for e in eve.evidence)


def test_the_level_rises_at_the_dissolution(days: list[RiskDay]) -> None:
    before, on = _on(days, DISSOLUTION - timedelta(days=1)), _on(days, DISSOLUTION)
    print(f"\ndissolution {DISSOLUTION}: {before.level} {before.score:.1f} -> {on.level} {on.score:.1f}")
    assert _rank(on.level) > _rank(before.level)
    assert _rank(on.level) >= _rank("alert")
    assert any("dissolved" in e.label for e in on.evidence)


def test_calm_returns_after_each_crisis(days: list[RiskDay]) -> None:
    for day in (*VACANCY_VOTES, DISSOLUTION):
        later = [d for d in days if day + timedelta(days=60) <= d.date <= day + timedelta(days=240)]
        assert any(d.level in ("calm", "watch") for d in later), f"no calm after {day}"


def test_the_engine_is_the_only_source_of_institutional_pressure(days: list[RiskDay]) -> None:
    quiet = _on(days, date(2016, 10, 1))
    assert quiet.parts["institutional"] == 0
    assert quiet.level == "calm"
    assert {p for p, v in quiet.parts.items() if v} == {"structural"}


def test_each_level_change_is_one_alert_with_sources(days: list[RiskDay]) -> None:
    alerts = risk_alerts(days)
    assert len(alerts) == len(level_changes(days)) >= 8
    assert len({a.key for a in alerts}) == len(alerts)
    for alert in alerts:
        assert alert.kind == "risk" and alert.code == "risk_level_change" and alert.level in LEVELS
        assert "institutional" in alert.body
    rises = [a for a in alerts if "rises" in a.title]
    assert all(any(e["url"].startswith("http") for e in a.evidence) for a in rises)


def test_a_replay_gives_the_same_series(
    demo_verdicts: list[dict[str, Any]], pack: CountryPack, days: list[RiskDay]
) -> None:
    again = risk_series("PE", demo_verdicts, pack=pack)
    assert [(d.date, d.score, d.level) for d in again] == [(d.date, d.score, d.level) for d in days]
