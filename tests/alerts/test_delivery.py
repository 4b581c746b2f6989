"""The worker end to end: real webhook and SMTP deliveries, retries, dead letters, digests, quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from centinela.alerts.errors import ChannelError
from centinela.alerts.render import Message
from centinela.alerts.rules import make_rule
from centinela.alerts.schedule import Timing
from centinela.alerts.testing import ReceiverServer
from centinela.alerts.worker import deliver_pending
from centinela.app import App
from centinela.store.alerts import insert_alert, list_alerts
from centinela.store.outbox import delivery_by_alert, list_outbox
from centinela.store.schema import sources
from centinela.store.subscriptions import add_subscription

from .conftest import Mailbox, make_alert, make_app

T0 = datetime(2024, 3, 1, 15, 0, tzinfo=UTC)  # 10:00 in Lima


def subscribe(app: App, url: str, timing: Timing = Timing(), **rule: object) -> int:
    with app.store.write() as conn:
        return add_subscription(conn, url, make_rule(**rule) if rule else make_rule(all_=True), timing, T0)


def raise_alerts(app: App, *numbers: int, at: datetime = T0) -> None:
    with app.store.write() as conn:
        for n in numbers:
            insert_alert(conn, make_alert(n), at)


def test_webhook_delivery_once_with_ids_keys_and_evidence(app: App, receiver: ReceiverServer) -> None:
    subscribe(app, receiver.url("/hook"))
    raise_alerts(app, 1, 2, 3)
    report = deliver_pending(app, now=T0)
    assert (report.messages, report.alerts, report.failed, report.waiting) == (3, 3, 0, 0)
    assert "delivered 3 messages" in report.summary()
    bodies = [r["body"] for r in receiver.records]
    assert len(set(bodies)) == 3 and all("https://news.example.org/" in b for b in bodies)
    assert [r["alert_ids"] for r in receiver.records] == [[1], [2], [3]]
    assert all(f"alert #{r['alert_ids'][0]}" in r["body"] and r["key"] in r["body"] for r in receiver.records)
    assert deliver_pending(app, now=T0 + timedelta(hours=1)).messages == 0  # nothing twice
    assert len(receiver.records) == 3


def test_email_delivery_through_local_smtp(app: App, smtp: Mailbox) -> None:
    subscribe(app, f"mailto://127.0.0.1:{smtp.port}?from=alerts@example.org&to=desk@example.org")
    raise_alerts(app, 1)
    assert deliver_pending(app, now=T0).messages == 1
    [envelope] = smtp.messages
    text = envelope.content.decode("utf-8", "replace")
    assert "Vacancy motion 1 admitted" in text and "https://news.example.org/1" in text


def test_a_channel_that_fails_three_times_then_succeeds_delivers_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    flaky = ReceiverServer(fail_first=3).start()
    try:
        subscribe(app, flaky.url())
        raise_alerts(app, 1)
        now, waits = T0, []
        for _ in range(3):
            report = deliver_pending(app, now=now)
            assert report.failed == 1 and report.messages == 0 and "HTTP" not in report.summary()
            with app.store.read() as conn:
                [row] = list_outbox(conn)
            waits.append((row["next_attempt"].replace(tzinfo=UTC) - now).total_seconds())
            now = row["next_attempt"].replace(tzinfo=UTC)
        assert waits == [30.0, 60.0, 120.0]  # exponential backoff from the settings' 30 s base
        assert deliver_pending(app, now=now).messages == 1
        assert deliver_pending(app, now=now + timedelta(days=1)).messages == 0
        assert len(flaky.accepted) == 1 and len(flaky.records) == 1
        with app.store.read() as conn:
            status = delivery_by_alert(conn, [1])[1]
        assert status["sent"] == 1 and status["attempts"] == 4 and status["last_error"] is None
    finally:
        flaky.stop()
        app.close()


def test_a_dead_channel_raises_an_operator_alert_to_the_operators(
    tmp_path: Path, receiver: ReceiverServer
) -> None:
    app = make_app(tmp_path, alert_max_attempts=2)
    broken = ReceiverServer(fail_first=100).start()
    try:
        bad = subscribe(app, broken.url("/broken"))
        subscribe(app, receiver.url("/ops"), codes=["channel_failing"])
        raise_alerts(app, 1)
        first = deliver_pending(app, now=T0)
        second = deliver_pending(app, now=T0 + timedelta(hours=1))
        assert (first.failed, second.dead, second.operator_alerts) == (1, 1, 1)
        with app.store.read() as conn:
            alerts = list_alerts(conn)
            rows = list_outbox(conn)
        operator = [a for a in alerts if a["kind"] == "operator"]
        assert [a["code"] for a in operator] == ["channel_failing"]
        assert [r["status"] for r in rows if r["subscription_id"] == bad] == ["dead"]  # not queued to itself
        [ops] = receiver.records
        assert ops["path"] == "/ops" and "given up after 2 attempts" in ops["body"]
    finally:
        broken.stop()
        app.close()


def test_a_failing_channel_does_not_hold_up_the_others(tmp_path: Path, receiver: ReceiverServer) -> None:
    app = make_app(tmp_path)
    broken = ReceiverServer(fail_first=100).start()
    try:
        subscribe(app, broken.url("/broken"))
        subscribe(app, receiver.url("/fine"))
        raise_alerts(app, 1, 2, 3)
        report = deliver_pending(app, now=T0)
        # The broken channel is tried once in the run, not once per alert.
        assert (report.messages, report.failed, len(broken.records) + 1) == (3, 1, 1)
        assert len(receiver.records) == 3
    finally:
        broken.stop()
        app.close()


def test_hourly_digest_is_one_message(app: App, receiver: ReceiverServer) -> None:
    subscribe(app, receiver.url(), Timing(digest="hourly"))
    raise_alerts(app, 1, 2, 3, at=T0 + timedelta(minutes=5))
    assert deliver_pending(app, now=T0 + timedelta(minutes=30)).waiting == 3
    assert receiver.records == []
    report = deliver_pending(app, now=T0 + timedelta(hours=1))
    assert (report.messages, report.alerts) == (1, 3)
    [digest] = receiver.records
    assert digest["alert_ids"] == [1, 2, 3] and digest["title"].startswith(
        "centinela hourly digest: 3 alerts"
    )


def test_quiet_hours_hold_alerts_until_the_window_ends(app: App, receiver: ReceiverServer) -> None:
    subscribe(app, receiver.url(), Timing(quiet_hours="22-07", tz="America/Lima"))
    night = datetime(2024, 3, 2, 4, 0, tzinfo=UTC)  # 23:00 in Lima
    raise_alerts(app, 1, at=night)
    assert deliver_pending(app, now=night + timedelta(hours=7)).messages == 0  # 06:00 Lima
    assert deliver_pending(app, now=night + timedelta(hours=8)).messages == 1  # 07:00 Lima


def test_operator_checks_flag_failing_sources_and_a_backlog(tmp_path: Path) -> None:
    app = make_app(tmp_path, outbox_backlog=2)
    with app.store.write() as conn:
        conn.execute(
            sa.insert(sources).values(
                url="https://diario.example.pe/rss",
                name="Diario",
                country="PE",
                kind="feed",
                pack="",
                lang="es",
                verified=False,
                added=T0 - timedelta(days=3),
                error_streak=5,
                items_total=0,
                last_error="HTTP 503",
            )
        )
    subscribe(app, "json://127.0.0.1:9/ops", codes=["operator"])
    subscribe(app, "json://127.0.0.1:9/down")
    subscribe(app, "json://127.0.0.1:9/later", timing=Timing(digest="daily"))  # held: not a backlog
    raise_alerts(app, 1, 2, 3)
    sent: list[str] = []

    def sender(url: str, message: Message) -> None:
        if url.endswith("/down"):
            raise ChannelError("HTTP 503")
        sent.append(message.title)

    report = deliver_pending(app, now=T0, sender=sender)
    assert (report.failed, report.operator_alerts) == (1, 2)
    assert sorted(sent) == [
        "WARNING Outbox backing up: 3 messages undelivered",
        "[PE] WARNING Source failing: Diario",
    ]
    assert (
        deliver_pending(app, now=T0 + timedelta(seconds=1), sender=sender).operator_alerts == 0
    )  # once a day
    app.close()
