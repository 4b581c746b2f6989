"""Alerts from coded news events: acts only, confident only, one alert per event listing its sources."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from centinela.alerts.events import event_alerts, event_level
from centinela.store import open_store
from centinela.store.alerts import insert_alert, list_alerts


def coded(modality: str = "actual", confidence: float = 0.95, code: str = "blockade") -> dict:
    return {
        "country": "PE",
        "region": "PE-PUN",
        "date": "2022-12-12",
        "places": [{"name": "Puno", "code": "PE-PUN"}],
        "events": [
            {
                "type": code,
                "confidence": confidence,
                "evidence": "Manifestantes bloquean vías en Puno.",
                "modality": modality,
            },
            {"type": "none", "confidence": 0.99, "evidence": "x", "modality": "actual"},
        ],
    }


def test_an_act_raises_one_alert_with_its_evidence() -> None:
    (alert,) = event_alerts(coded(), "https://a.pe/1", "Diario A", 0.8)
    assert alert.key == "PE:event:blockade:2022-12-12:PE-PUN" and alert.kind == "event"
    assert alert.evidence[0]["url"] == "https://a.pe/1" and "Puno" in alert.title
    assert alert.date == date(2022, 12, 12) and alert.level == "notice"


def test_threats_claims_denials_and_weak_codes_raise_nothing() -> None:
    for modality in ("threat", "claim", "denial"):
        assert event_alerts(coded(modality), "u", "o", 0.8) == []
    assert event_alerts(coded(confidence=0.5), "u", "o", 0.8) == []
    assert event_alerts({**coded(), "country": None}, "u", "o", 0.8) == []


def test_publication_date_stands_in_for_a_missing_event_date() -> None:
    (alert,) = event_alerts({**coded(), "date": None}, "u", "o", 0.8, published=date(2022, 12, 13))
    assert alert.date == date(2022, 12, 13)


def test_levels_follow_what_the_event_is() -> None:
    assert event_level("self_coup") == "critical" and event_level("coup_attempt") == "critical"
    assert event_level("repression") == "high" and event_level("protest") == "notice"


def test_the_same_event_from_two_outlets_is_one_alert_listing_both(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.write() as conn:
        for url, outlet in (("https://a.pe/1", "Diario A"), ("https://b.pe/9", "Radio B")):
            for alert in event_alerts(coded(), url, outlet, 0.8):
                insert_alert(conn, alert)
    with store.read() as conn:
        (stored,) = list_alerts(conn, country="PE")
    assert {e["url"] for e in stored["evidence"]} == {"https://a.pe/1", "https://b.pe/9"}
