"""Operator alerts: sources failing or silent, the outbox backing up, a channel failing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from centinela.alerts.operator import backlog_alert, channel_alert, source_alerts

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
HOUR = 3600.0


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ({"error_streak": 3, "last_error": "HTTP 503"}, "source_failing"),
        ({"error_streak": 2}, None),
        ({"usual_interval": HOUR, "last_new_item": NOW - timedelta(hours=5)}, "source_silent"),
        ({"usual_interval": HOUR, "last_new_item": NOW - timedelta(hours=3)}, None),
        (
            {"usual_interval": HOUR, "last_new_item": (NOW - timedelta(hours=5)).replace(tzinfo=None)},
            "source_silent",
        ),
        (
            {"usual_interval": HOUR, "last_success": NOW - timedelta(hours=9)},
            "source_silent",
        ),  # never a new item
        ({"usual_interval": None, "last_new_item": NOW - timedelta(days=30)}, None),  # no baseline yet
        ({"usual_interval": HOUR}, None),
    ],
)
def test_source_alerts(row: dict, code: str | None) -> None:
    base = {
        "id": 4,
        "url": "https://diario.example.pe/rss",
        "name": "Diario",
        "country": "PE",
        "error_streak": 0,
    }
    found = source_alerts([base | row], NOW, silent_factor=4.0, failing_streak=3)
    assert [a.code for a in found] == ([code] if code else [])
    if code:
        assert found[0].kind == "operator" and found[0].key.endswith(":2024-03-01")
        assert found[0].evidence[0]["url"] == "https://diario.example.pe/rss"


def test_backlog_alert_over_the_threshold_only() -> None:
    assert backlog_alert({"backlog": 100}, NOW, 100) is None
    alert = backlog_alert({"backlog": 101, "oldest_backlog": NOW - timedelta(hours=2), "dead": 3}, NOW, 100)
    assert alert is not None and alert.code == "outbox_backlog"
    assert "101 messages" in alert.title and "10:00 UTC" in alert.body


def test_channel_alert_names_the_subscription_and_masked_channel() -> None:
    alert = channel_alert(7, "mailto://ana:***@smtp.example.org", "connection refused", 8, True, NOW)
    assert alert.code == "channel_failing" and "given up after 8 attempts" in alert.body
    assert alert.evidence[0]["subscription_id"] == "7"
    assert alert.key == "operator:channel_failing:7:2024-03-01"
