"""Crash safety: SIGKILL the delivering process at random points; nothing lost, nothing doubled.

The receiver runs in its own process and honours idempotency keys. After the kills one worker runs
to completion; every (subscription, alert) must have arrived, each under exactly one key.
"""

from __future__ import annotations

from typing import Any

import pytest

from centinela.alerts import worker
from centinela.alerts.soak import crash_soak
from centinela.store.outbox import mark_sent


def test_sixty_sigkills_lose_nothing_and_double_nothing() -> None:
    result = crash_soak(kills=60, seed=5, budget=60.0)
    assert result.kills >= 50, result
    assert result.missing == [] and result.doubled == [], result
    assert result.expected == 2 * result.alerts and result.accepted > result.alerts  # digests came too


def test_the_soak_catches_a_worker_that_marks_before_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check has teeth: at-most-once delivery (mark first, then send) loses alerts under kills."""

    def mark_then_send(app: Any, claimed: Any, send: Any, clock: Any, report: Any) -> bool:
        with app.store.write() as conn:
            mark_sent(conn, claimed.batch, clock())
        send(claimed.subscription["channel"], worker.render(claimed.alerts, claimed.batch))
        return True

    monkeypatch.setattr(worker, "_deliver", mark_then_send)  # forked workers inherit the patch
    result = crash_soak(kills=30, seed=7, budget=30.0)
    assert result.missing, "killing between mark and send should have lost an alert"
