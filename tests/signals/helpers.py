"""Small builders for hand-made inputs of the signals."""

from __future__ import annotations

from datetime import date
from typing import Any


def verdict(
    day: str,
    event_type: str = "investiture_vote",
    subject: str = "",
    *,
    alerts: tuple[tuple[str, str], ...] = (),
    constitutional: str | None = "yes",
    state: dict[str, Any] | None = None,
    source: str = "",
    note: str = "",
) -> dict[str, Any]:
    """A verdict mapping of the shape of ``Verdict.to_dict()`` with only what the signals read."""
    return {
        "date": day,
        "event_type": event_type,
        "subject": subject,
        "constitutional": constitutional,
        "alerts": [code for code, _ in alerts],
        "alert_details": [
            {"code": code, "level": level, "rule": "r", "reason": f"{code} happened"}
            for code, level in alerts
        ],
        "state": state
        or {
            "denials": {"count": 0, "needed_for_dissolution": 2, "items": []},
            "open_motions": [],
            "dissolution": None,
            "officeholders": {},
        },
        "source": source,
        "note": note,
    }


def event(day: date, code: str, family: str, **extra: Any) -> dict[str, Any]:
    return {"date": day, "code": code, "family": family, "country": "PE", "confidence": 0.9} | extra
