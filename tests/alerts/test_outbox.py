"""The durable outbox on each backend: written with the alert, claimed once, retried, given up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from centinela.alerts.rules import make_rule
from centinela.alerts.schedule import Timing
from centinela.app import App
from centinela.store.alerts import insert_alert, list_alerts
from centinela.store.outbox import (
    claim_batch,
    delivery_by_alert,
    list_outbox,
    mark_failed,
    mark_sent,
    outbox_counts,
)
from centinela.store.schema import outbox
from centinela.store.subscriptions import add_subscription, list_subscriptions, remove_subscription

from .conftest import make_alert, make_app

T0 = datetime(2024, 3, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def store_app(store_url: str, tmp_path: Path) -> Iterator[App]:
    built = make_app(tmp_path, store_url)
    yield built
    built.close()


def subscribe(
    app: App, url: str = "json://127.0.0.1:9/hook", timing: Timing = Timing(), **rule: object
) -> int:
    with app.store.write() as conn:
        return add_subscription(conn, url, make_rule(**rule) if rule else make_rule(all_=True), timing, T0)


def statuses(app: App) -> list[str]:
    with app.store.read() as conn:
        return [r.status for r in conn.execute(sa.select(outbox.c.status).order_by(outbox.c.id))]


def test_alert_and_its_outbox_rows_commit_or_roll_back_together(store_app: App) -> None:
    subscribe(store_app)
    with pytest.raises(RuntimeError), store_app.store.write() as conn:
        insert_alert(conn, make_alert(1), T0)
        raise RuntimeError("the change that caused the alert failed")
    with store_app.store.read() as conn:
        assert list_alerts(conn) == [] and list_outbox(conn) == []
    with store_app.store.write() as conn:
        alert_id = insert_alert(conn, make_alert(1), T0)
    with store_app.store.read() as conn:
        [row] = list_outbox(conn)
    assert row["alert_id"] == alert_id and row["status"] == "pending" and row["attempts"] == 0


def test_only_matching_subscriptions_get_a_row(store_app: App) -> None:
    subscribe(store_app, codes=["vacancy_admitted"])
    subscribe(store_app, countries=["BO"])
    subscribe(store_app, codes=["channel_failing"])
    with store_app.store.write() as conn:
        insert_alert(conn, make_alert(1), T0)
    with store_app.store.read() as conn:
        assert [r["subscription_id"] for r in list_outbox(conn)] == [1]


def test_a_known_key_gains_evidence_and_no_second_message(store_app: App) -> None:
    subscribe(store_app)
    more = ({"url": "https://other.example.org/x", "outlet": "Other"},)
    with store_app.store.write() as conn:
        first = insert_alert(conn, make_alert(1), T0)
        again = insert_alert(conn, make_alert(1, evidence=make_alert(1).evidence + more), T0)
    assert first is not None and again is None
    with store_app.store.read() as conn:
        [alert] = list_alerts(conn)
        assert [e["url"] for e in alert["evidence"]] == [
            "https://news.example.org/1",
            "https://other.example.org/x",
        ]
        assert len(list_outbox(conn)) == 1


def test_claim_then_mark_sent(store_app: App) -> None:
    subscribe(store_app)
    with store_app.store.write() as conn:
        insert_alert(conn, make_alert(1), T0)
        insert_alert(conn, make_alert(2), T0)
    with store_app.store.write() as conn:
        first = claim_batch(conn, T0, lease=60)
        second = claim_batch(conn, T0, lease=60)
        assert claim_batch(conn, T0, lease=60) is None  # both claimed, leases running
    assert first and second and first.batch != second.batch
    assert [a["key"] for a in first.alerts] == ["test:1"] and first.subscription["id"] == 1
    with store_app.store.write() as conn:
        assert mark_sent(conn, first.batch, T0) == 1
        assert mark_sent(conn, first.batch, T0) == 0  # a second worker's mark changes nothing
        counts = outbox_counts(conn, T0)
    assert counts["sent"] == 1 and counts["sending"] == 1


def test_an_expired_claim_is_taken_over_under_the_same_key(store_app: App) -> None:
    subscribe(store_app)
    with store_app.store.write() as conn:
        insert_alert(conn, make_alert(1), T0)
    with store_app.store.write() as conn:
        first = claim_batch(conn, T0, lease=60)
        assert claim_batch(conn, T0 + timedelta(seconds=30), lease=60) is None
        again = claim_batch(conn, T0 + timedelta(seconds=61), lease=60)
    assert first and again and again.batch == first.batch and again.alerts == first.alerts


def test_a_failed_batch_is_retried_later_under_the_same_key(store_app: App) -> None:
    subscribe(store_app)
    with store_app.store.write() as conn:
        insert_alert(conn, make_alert(1), T0)
        first = claim_batch(conn, T0, 60)
        assert first is not None
        mark_failed(conn, first.batch, "HTTP 500", T0 + timedelta(seconds=30), dead=False)
        assert claim_batch(conn, T0 + timedelta(seconds=29), 60) is None
        retry = claim_batch(conn, T0 + timedelta(seconds=30), 60)
        assert retry is not None and retry.batch == first.batch and retry.attempts == 1
        status = delivery_by_alert(conn, [1])
    assert status[1]["last_error"] == "HTTP 500" and status[1]["sending"] == 1


def test_removing_a_subscription_drops_its_undelivered_messages(store_app: App) -> None:
    sub = subscribe(store_app)
    with store_app.store.write() as conn:
        insert_alert(conn, make_alert(1), T0)
        assert remove_subscription(conn, sub) and not remove_subscription(conn, sub)
        assert list_subscriptions(conn) == [] and list_outbox(conn) == []


def test_digest_rows_wait_for_their_time_then_go_as_one_batch(store_app: App) -> None:
    subscribe(store_app, timing=Timing(digest="hourly"))
    with store_app.store.write() as conn:
        for n in (1, 2, 3):
            insert_alert(conn, make_alert(n), T0 + timedelta(minutes=n))
        assert claim_batch(conn, T0 + timedelta(minutes=59), 60) is None
        batch = claim_batch(conn, T0 + timedelta(hours=1), 60)
    assert batch is not None and [a["key"] for a in batch.alerts] == ["test:1", "test:2", "test:3"]


def test_two_workers_never_claim_the_same_row(store_app: App) -> None:
    """On PostgreSQL, SKIP LOCKED lets a second worker pass rows the first holds; SQLite has one writer."""
    if store_app.store.is_sqlite:
        pytest.skip("SQLite serialises writers: there is no second concurrent claim to test")
    subscribe(store_app)
    with store_app.store.write() as conn:
        for n in (1, 2):
            insert_alert(conn, make_alert(n), T0)
    engine = store_app.store.engine
    with engine.connect() as one, engine.connect() as two, one.begin(), two.begin():
        a = claim_batch(one, T0, 60)
        b = claim_batch(two, T0, 60)
        assert a and b and a.batch != b.batch
        assert claim_batch(two, T0, 60) is None
