"""The orchestrator: wires one stage to the next (engine -> store -> alerts) for `watch` and replays.

Each stage is pure; this module is where their outputs meet the store, in one transaction per step,
so an alert is written together with the verdict that raised it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from importlib import resources
from typing import Any

from centinela import institutions
from centinela.alerts.events import event_alerts
from centinela.app import App
from centinela.model import Alert, Document, InstitutionalEvent
from centinela.store.alerts import insert_alert
from centinela.store.institutions import save_verdict


@dataclass(frozen=True, slots=True)
class RaisedAlert:
    """An engine alert as it happened during a replay; ``new`` is False when it was already stored."""

    line: str
    alert: Alert
    new: bool


def engine_alert(
    country: str, origin: str, seq: int, verdict: institutions.Verdict, found: institutions.Alert
) -> Alert:
    """The stored form of an engine alert, keyed by the event it came from so replays store it once."""
    event = verdict.event
    subject = event.subject or event.event_type
    evidence = []
    if event.source:
        evidence.append(
            {"url": event.source, "sentence": event.note or f"{event.event_type}: {event.subject}"}
        )
    return Alert(
        key=f"{country}:{origin}:{seq}:{found.code}",
        country=country,
        kind="institutional",
        code=found.code,
        level=found.level,
        date=event.date,
        title=f"{found.code.replace('_', ' ')}: {subject} ({event.date.isoformat()})",
        body=found.reason,
        rule_id=found.rule_id,
        evidence=tuple(evidence),
    )


def replay_institutions(
    app: App,
    country: str,
    events: Iterable[InstitutionalEvent],
    origin: str,
    on_step: Callable[[], None] | None = None,
) -> Iterator[RaisedAlert]:
    """Run the engine over ``events``, store each verdict and its alerts, and yield the alerts in order."""
    pack = institutions.load_pack(country)
    for seq, verdict in enumerate(institutions.replay(events, pack)):
        raised = [engine_alert(pack.code, origin, seq, verdict, a) for a in verdict.alerts]
        with app.store.write() as conn:
            row = {
                k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(verdict.event).items()
            }
            save_verdict(conn, pack.code, origin, seq, row, verdict.to_dict())
            stored = [insert_alert(conn, alert) is not None for alert in raised]
        if on_step is not None:
            on_step()
        for found, alert, new in zip(verdict.alerts, raised, stored, strict=True):
            yield RaisedAlert(institutions.format_alert(verdict, found), alert, new)


def demo_events(country: str) -> tuple[str, list[InstitutionalEvent]]:
    """The bundled timeline of a country pack: the demo replay's input and its origin label."""
    pack = institutions.load_pack(country)
    return f"bundled:{pack.timeline}", institutions.bundled_timeline(pack)


def refresh_signals(app: App, country: str, until: date | None = None) -> list[Alert]:
    """Recompute the country's risk from the store and store its level changes as alerts.

    Returns the level-change alerts that are new, in date order. Risk days and their alerts are
    written in one transaction, so a crash leaves either both or neither.
    """
    from centinela.store.db import lock_for_transaction
    from centinela.store.signals import refresh_risk

    pack = institutions.load_pack(country)
    with app.store.write() as conn:
        # Two `watch` workers recomputing at once would each replace the same days (PostgreSQL).
        lock_for_transaction(conn, f"risk:{pack.code}")
        _, raised = refresh_risk(conn, pack.code, app.risk_config, pack=pack, until=until)
        return [alert for alert in raised if insert_alert(conn, alert) is not None]


def code_pending(app: App, batch: int = 500) -> int:
    """Code every stored document not coded yet; store its events and mark it, one batch per transaction.

    Each actual event confident enough raises an alert in the same transaction (the same event from
    several outlets is one alert listing them). Returns the number of events stored. A crash loses at
    most the batch in hand, which stays uncoded and is coded again on the next run.
    """
    from centinela.store.documents import uncoded_documents

    stored = 0
    while True:
        with app.store.read() as conn:
            rows = uncoded_documents(conn, batch)
        if not rows:
            return stored
        results = app.coder.code_many(_coder_input(row) for row in rows)
        stored += _store_coded(app, rows, results)


def _store_coded(app: App, rows: list[dict[str, Any]], results: list[dict[str, Any]]) -> int:
    """Store the events of the documents this worker claims; another worker's (PostgreSQL) are skipped."""
    from centinela.store.events import claim_uncoded, insert_coded

    threshold = app.settings.event_alert_confidence
    stored = 0
    with app.store.write() as conn:
        mine = claim_uncoded(conn, [row["id"] for row in rows])
        for row, coded in zip(rows, results, strict=True):
            if row["id"] not in mine:
                continue
            published = row["published"] or row["fetched"]
            day = published.date() if published else None
            stored += insert_coded(conn, row["id"], coded, day)
            for alert in event_alerts(coded, row["url"], row["source"], threshold, day):
                insert_alert(conn, alert)
    return stored


def _coder_input(row: dict[str, Any]) -> dict[str, Any]:
    published = row["published"]
    return {
        "id": str(row["id"]),
        "text": row["text"],
        "title": row["title"],
        "lang": row["lang"] if row["lang"] not in ("", "und") else None,
        "date": published.date().isoformat() if published else None,
        "url": row["url"],
    }


def demo_documents(country: str, start: date, end: date) -> list[Document]:
    """The demo's news replay: the packaged labelled reports about ``country`` between two dates.

    They stand in for the network in `watch --demo`: real events, paraphrased, without URLs (each gets
    a ``urn:`` address), published at noon UTC on the day of the event they report.
    """
    corpus = resources.files("centinela.coding").joinpath("corpus", "reports.jsonl")
    docs = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            day = date.fromisoformat(row["date"])
            if row.get("country") != country or not start <= day <= end:
                continue
            docs.append(
                Document(
                    url=f"urn:centinela:report:{row['id']}",
                    source="bundled:reports",
                    title="",
                    text=row["text"],
                    lang=row.get("lang") or "und",
                    published=datetime.combine(day, time(12), tzinfo=UTC),
                    guid=row["id"],
                )
            )
    return sorted(docs, key=lambda d: (d.published or datetime.min.replace(tzinfo=UTC), d.url))
