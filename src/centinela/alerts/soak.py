"""The crash soak: SIGKILL the delivering process at random points, then check nothing was lost or doubled.

A parent process seeds alerts for two subscriptions (one message per alert, and an hourly digest),
then forks workers that run the outbox and kills each after a random delay: during start-up,
claims, sends, or marks. When the outbox is empty and kills remain, it adds alerts. At the end one
worker runs to completion and the receiver's records must show every (subscription, alert) once,
under one key.
"""

from __future__ import annotations

import os
import random
import signal
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from centinela.alerts.render import country_name
from centinela.alerts.rules import make_rule
from centinela.alerts.schedule import Timing
from centinela.alerts.testing import SoakResult, check_received, read_records, start_receiver_process
from centinela.alerts.worker import deliver_pending
from centinela.app import App
from centinela.model import Alert
from centinela.settings import load_settings
from centinela.store.alerts import insert_alert
from centinela.store.schema import alerts as alerts_table
from centinela.store.schema import outbox
from centinela.store.subscriptions import add_subscription


def soak_settings(db: Path) -> Any:
    # A tiny lease: the next worker takes over a killed one's claim at once (same key, so no double).
    return load_settings(
        env={},
        overrides={
            "database_url": f"sqlite:///{db}",
            "allow_private_hosts": True,
            "outbox_lease": 0.001,
            "alert_retry_base": 0.01,
            "alert_retry_max": 0.05,
            "alert_timeout": 5.0,
        },
    )


def _alert(n: int) -> Alert:
    return Alert(
        key=f"soak:{n}",
        country="PE",
        kind="event",
        code="protest",
        date=date(2021, 1, 1 + n % 28),
        title=f"Protest {n}",
        body="crowds in the centre",
        level="watch",
        evidence=({"url": f"https://news.example.org/{n}", "outlet": "Example", "sentence": "Crowds."},),
    )


def _seed(app: App, first: int, count: int, digest_sub: int) -> None:
    with app.store.write() as conn:
        for n in range(first, first + count):
            insert_alert(conn, _alert(n))
        # The digest waits for the next hour; make it due now so the soak exercises digests too.
        conn.execute(
            sa.update(outbox)
            .where(outbox.c.subscription_id == digest_sub, outbox.c.status == "pending")
            .values(next_attempt=datetime.now(UTC))
        )


def _undelivered(app: App) -> int:
    with app.store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).where(outbox.c.status != "sent")).scalar() or 0)


def _warm() -> None:
    """Load what a worker loads lazily (Apprise, country names) once, so forked workers start at once."""
    import apprise

    apprise.Apprise.instantiate("json://localhost/")  # Apprise loads all its plugins on first use
    country_name("PE")


def _worker(settings: Any) -> None:
    """The child: its own engine (never one inherited through fork), one run of the outbox."""
    code = 0
    try:
        child = App(settings)
        deliver_pending(child)
        child.close()
    except BaseException:  # noqa: BLE001 - the child must never return into the parent's code
        code = 1
    os._exit(code)


def _one_round(app: App, settings: Any, rng: random.Random, max_delay: float) -> bool:
    """Fork a worker and SIGKILL it after a random delay; True when it was killed (not finished)."""
    app.store.engine.dispose()  # connections must not cross the fork
    pid = os.fork()
    if pid == 0:
        _worker(settings)
    time.sleep(rng.uniform(0, max_delay))
    done, _ = os.waitpid(pid, os.WNOHANG)
    if done:
        return False
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return True


def crash_soak(
    kills: int = 50,
    alerts: int = 60,
    wave: int = 30,
    max_delay: float = 0.15,
    seed: int = 1,
    budget: float = 80.0,
    workdir: Path | None = None,
) -> SoakResult:
    """Run the soak: at least ``kills`` SIGKILLs (within ``budget`` seconds), then verify delivery."""
    start, rng = time.monotonic(), random.Random(seed)
    _warm()
    with tempfile.TemporaryDirectory(prefix="centinela-soak-") as tmp:
        work = workdir or Path(tmp)
        proc, port, out = start_receiver_process(work)
        try:
            settings = soak_settings(work / "soak.db")
            app = App(settings)
            with app.store.write() as conn:
                add_subscription(conn, f"json://127.0.0.1:{port}/each", make_rule(all_=True), Timing())
                digest_sub = add_subscription(
                    conn, f"json://127.0.0.1:{port}/digest", make_rule(all_=True), Timing(digest="hourly")
                )
            _seed(app, 0, alerts, digest_sub)
            total, killed = alerts, 0
            while killed < kills and time.monotonic() - start < budget:
                killed += _one_round(app, settings, rng, max_delay)
                if _undelivered(app) == 0 and killed < kills:
                    _seed(app, total, wave, digest_sub)
                    total += wave
            time.sleep(0.01)  # past the last lease
            deliver_pending(app)
            left = _undelivered(app)
            with app.store.read() as conn:  # operator alerts, if any were raised, go to nobody here
                ids = [
                    r.id
                    for r in conn.execute(
                        sa.select(alerts_table.c.id).where(alerts_table.c.kind != "operator")
                    )
                ]
            app.close()
        finally:
            proc.terminate()
            proc.wait(10)
        expected = {(path, i) for path in ("/each", "/digest") for i in ids}
        result = check_received(read_records(out), expected)
    result.kills, result.alerts, result.seconds = killed, total, time.monotonic() - start
    if left:
        result.missing = result.missing or [("outbox", left)]
    return result
