"""The orchestrator: wires one stage to the next (engine -> store -> alerts) for `watch` and replays.

Each stage is pure; this module is where their outputs meet the store, in one transaction per step,
so an alert is written together with the verdict that raised it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date

from centinela import institutions
from centinela.app import App
from centinela.model import Alert, InstitutionalEvent
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
    from centinela.store.signals import refresh_risk

    pack = institutions.load_pack(country)
    with app.store.write() as conn:
        _, raised = refresh_risk(conn, pack.code, app.risk_config, pack=pack, until=until)
        return [alert for alert in raised if insert_alert(conn, alert) is not None]
