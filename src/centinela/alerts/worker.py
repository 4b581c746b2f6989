"""The outbox worker: claim a message, send it, record what happened. Wires the store to channels.

Each step is its own transaction, so a crash anywhere leaves the outbox consistent: a message
claimed but not marked is claimed again after its lease and sent again under the same key (at
least once; a channel that honours the key shows it once). Nothing is deleted before it is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from centinela.alerts import channels, operator
from centinela.alerts.errors import ChannelError
from centinela.alerts.render import Message, render
from centinela.alerts.schedule import retry_time
from centinela.store.alerts import insert_alert
from centinela.store.outbox import Claimed, claim_batch, mark_failed, mark_sent, outbox_counts, source_rows
from centinela.store.subscriptions import timing_of

log = logging.getLogger(__name__)

Sender = Callable[[str, Message], None]
MAX_MESSAGES = 100_000  # per run: a bound so one run always ends, even if alerts keep arriving


@dataclass
class DeliveryReport:
    messages: int = 0  # messages delivered
    alerts: int = 0  # alert deliveries in them (a digest carries several)
    failed: int = 0  # messages that failed and wait for a retry
    dead: int = 0  # messages given up in this run
    waiting: int = 0  # messages pending after the run: not due yet (digest, quiet hours, backoff)
    operator_alerts: int = 0  # operator alerts raised in this run
    errors: list[str] = field(default_factory=list)  # "channel (masked): error (scrubbed)"

    def summary(self) -> str:
        text = (
            f"delivered {self.messages} message{'s' if self.messages != 1 else ''} "
            f"({self.alerts} alert deliveries); {self.failed} failed, {self.dead} dead, "
            f"{self.waiting} waiting"
        )
        if self.operator_alerts:
            text += f"; {self.operator_alerts} operator alert(s) raised"
        return text

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def default_sender(settings: Any) -> Sender:
    def send(url: str, message: Message) -> None:
        channels.send(url, message, settings.alert_timeout, settings.allow_private_hosts)

    return send


def _record_failure(app: Any, claimed: Claimed, error: str, now: datetime, report: DeliveryReport) -> None:
    settings = app.settings
    sub = claimed.subscription
    attempts = claimed.attempts + 1
    dead = attempts >= settings.alert_max_attempts
    masked = channels.mask_url(sub.get("channel", ""))
    when = retry_time(now, attempts, settings.alert_retry_base, settings.alert_retry_max, timing_of(sub))
    with app.store.write() as conn:
        mark_failed(conn, claimed.batch, error, when, dead)
        if dead or attempts == settings.failing_streak:
            alert = operator.channel_alert(sub["id"], masked, error, attempts, dead, now)
            raised = insert_alert(conn, alert, now)
            report.operator_alerts += raised is not None
    report.dead += dead
    report.failed += not dead
    report.errors.append(f"{masked}: {error}")
    log.warning(
        "delivery %s to %s failed (attempt %d%s): %s",
        claimed.batch,
        masked,
        attempts,
        ", dead" if dead else "",
        error,
    )


def _deliver(
    app: Any, claimed: Claimed, send: Sender, clock: Callable[[], datetime], report: DeliveryReport
) -> bool:
    sub = claimed.subscription
    if not sub.get("channel") or not claimed.alerts:
        return True  # removed while claimed: its rows went with it, there is nothing left to send
    message = render(claimed.alerts, claimed.batch, sub.get("digest") or "")
    try:
        send(sub["channel"], message)
    except ChannelError as exc:
        _record_failure(app, claimed, str(exc), clock(), report)
        return False
    except Exception as exc:  # noqa: BLE001 - one broken channel must not stop the others' deliveries
        error = channels.scrub(f"{type(exc).__name__}: {exc}", sub.get("channel", ""))
        _record_failure(app, claimed, error, clock(), report)
        return False
    with app.store.write() as conn:
        mark_sent(conn, claimed.batch, clock())
    report.messages += 1
    report.alerts += len(claimed.alerts)
    return True


def run_operator_checks(app: Any, now: datetime) -> int:
    """Raise operator alerts for failing or silent sources and a backed-up outbox; returns how many."""
    settings = app.settings
    with app.store.read() as conn:
        rows, counts = source_rows(conn), outbox_counts(conn, now)
    found = operator.source_alerts(rows, now, settings.silent_factor, settings.failing_streak)
    backlog = operator.backlog_alert(counts, now, settings.outbox_backlog)
    found += [backlog] if backlog else []
    if not found:
        return 0
    with app.store.write() as conn:
        return sum(insert_alert(conn, alert, now) is not None for alert in found)


def _drain(
    app: Any, send: Sender, clock: Callable[[], datetime], report: DeliveryReport, failing: set[int]
) -> None:
    for _ in range(MAX_MESSAGES):
        with app.store.write() as conn:
            claimed = claim_batch(conn, clock(), app.settings.outbox_lease, failing)
        if claimed is None:
            return
        if not _deliver(app, claimed, send, clock, report):
            failing.add(int(claimed.subscription.get("id", 0)))


def deliver_pending(app: Any, now: datetime | None = None, sender: Sender | None = None) -> DeliveryReport:
    """Send every message due now, once each; retry later what fails. Safe to run in many processes.

    ``now`` fixes the clock (tests, replays); ``sender`` replaces the Apprise edge (tests).
    """
    clock: Callable[[], datetime] = (lambda: now) if now is not None else (lambda: datetime.now(UTC))
    send = sender or default_sender(app.settings)
    report = DeliveryReport()
    failing: set[int] = set()  # a channel that failed once in this run is not tried again in it
    _drain(app, send, clock, report, failing)
    raised = run_operator_checks(app, clock())
    if raised:
        report.operator_alerts += raised
        _drain(app, send, clock, report, failing)  # the operator alerts just raised go out now too
    with app.store.read() as conn:
        report.waiting = outbox_counts(conn, clock())["pending"]
    return report
