"""Alerts from coded news events: one alert per kind of event, place and day, listing every source.

Pure: the pipeline calls it with each coded document. Keys are built from what the event is (country,
code, day, department), not from the document, so the same event reported by twenty outlets, in
twenty different wordings, is one alert whose evidence grows with each report.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from centinela.coding.ontology import family
from centinela.model import Alert

# Events that are themselves a seizure or an attempt on the constitutional order.
CRITICAL = frozenset({"coup_attempt", "self_coup"})
# Events that change who holds power, or that use force against people.
HIGH = frozenset(
    {
        "dissolution",
        "presidential_resignation",
        "succession",
        "suspension_of_president",
        "vacancy_motion",
        "state_of_emergency",
        "riot",
        "repression",
        "political_violence",
        "military_statement",
        "arrest_of_official",
        "sanctions",
    }
)


def event_level(code: str) -> str:
    if code in CRITICAL:
        return "critical"
    return "high" if code in HIGH else "notice"


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def event_alerts(
    coded: Mapping[str, Any], url: str, outlet: str, min_confidence: float, published: date | None = None
) -> list[Alert]:
    """The alerts one coded document raises: its actual events at or above ``min_confidence``.

    Threats, claims and denials never raise an event alert: they are not the act (they still move the
    risk score through the signals).
    """
    country = str(coded.get("country") or "").upper()
    day = _day(coded.get("date")) or published
    if len(country) != 2 or day is None:
        return []
    region = str(coded.get("region") or "")
    where = ", ".join(p["name"] for p in coded.get("places") or () if p.get("name")) or country
    alerts: dict[str, Alert] = {}
    for event in coded.get("events") or ():
        code = str(event.get("type") or "")
        confidence = float(event.get("confidence") or 0.0)
        if (
            family(code) == "none"
            or event.get("modality", "actual") != "actual"
            or confidence < min_confidence
        ):
            continue
        sentence = str(event.get("evidence") or "")
        evidence = {"url": url, "sentence": sentence, "outlet": outlet, "place": where, "region": region}
        alerts.setdefault(
            code,
            Alert(
                key=f"{country}:event:{code}:{day.isoformat()}:{region or '-'}",
                country=country,
                kind="event",
                code=code,
                level=event_level(code),
                date=day,
                title=f"{code.replace('_', ' ')} in {where} on {day.isoformat()}",
                body=f"{sentence} (coded {code} with confidence {confidence:.2f})",
                rule_id=f"event:{family(code)}",
                evidence=(evidence,),
            ),
        )
    return list(alerts.values())
