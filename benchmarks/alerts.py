"""Alert delivery: latency through the outbox at a 1 s poll, and a SIGKILL soak of several hundred kills.

Latency: a worker process (`centinela alerts deliver --every 1`) polls the outbox; this process
commits 100 alerts at random moments and a local webhook receiver stamps each arrival. The figure
is commit-to-webhook, the alerts' share of "new feed item to webhook" (the feed and coding stages
before the commit are measured by their own benchmarks).

Soak: see centinela.alerts.soak. Run with `python -m benchmarks alerts`.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from centinela.alerts.rules import make_rule
from centinela.alerts.schedule import Timing
from centinela.alerts.soak import crash_soak
from centinela.alerts.testing import ReceiverServer
from centinela.app import App
from centinela.model import Alert
from centinela.settings import load_settings
from centinela.store.alerts import insert_alert
from centinela.store.subscriptions import add_subscription

ITEMS = 100
POLL = 1.0
SOAK_KILLS = 300


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _alert(n: int) -> Alert:
    from datetime import date

    return Alert(
        key=f"bench:{n}",
        country="PE",
        kind="event",
        code="protest",
        date=date(2024, 1, 1),
        title=f"Protest {n}",
        level="watch",
        evidence=({"url": f"https://example.org/{n}"},),
    )


def _worker(db: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, CENTINELA_ALLOW_PRIVATE_HOSTS="1")
    cmd = [sys.executable, "-m", "centinela", "--db", str(db), "alerts", "deliver", "--every", str(POLL)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)


def _wait_for(receiver: ReceiverServer, count: int, timeout: float) -> None:
    end = time.monotonic() + timeout
    while len(receiver.accepted) < count and time.monotonic() < end:
        time.sleep(0.02)


def latency(items: int = ITEMS, seed: int = 3) -> list[float]:
    """Seconds from each alert's commit to its webhook's arrival, for ``items`` alerts."""
    rng = random.Random(seed)
    receiver = ReceiverServer().start()
    with tempfile.TemporaryDirectory(prefix="centinela-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        app = App(
            load_settings(env={}, overrides={"database_url": f"sqlite:///{db}", "allow_private_hosts": True})
        )
        with app.store.write() as conn:
            add_subscription(conn, receiver.url("/bench"), make_rule(all_=True), Timing())
        worker = _worker(db)
        try:
            time.sleep(3.0)  # let the worker start (imports, Apprise's plugins) before the clock matters
            committed: dict[int, float] = {}
            for n in range(items):
                time.sleep(rng.uniform(0.0, 0.3))
                with app.store.write() as conn:
                    alert_id = insert_alert(conn, _alert(n))
                committed[int(alert_id or 0)] = time.time()
            _wait_for(receiver, items, 30.0)
        finally:
            worker.terminate()
            worker.wait(10)
            receiver.stop()
            app.close()
    return [
        r["at"] - committed[r["alert_ids"][0]] for r in receiver.accepted if r["alert_ids"][0] in committed
    ]


def main() -> None:
    waits = latency()
    print(
        f"alert latency, commit to webhook, {len(waits)}/{ITEMS} alerts at a {POLL:g} s poll: "
        f"p50 {statistics.median(waits):.2f} s, p95 {_percentile(waits, 0.95):.2f} s, "
        f"max {max(waits):.2f} s (target p95 < 5 s)",
        flush=True,
    )
    result = crash_soak(kills=SOAK_KILLS, alerts=60, wave=30, budget=300.0, seed=11)
    verdict = "ok" if result.ok and result.kills >= SOAK_KILLS else "FAILED"
    r = result
    print(
        f"crash soak: {r.kills} SIGKILLs in {r.seconds:.0f} s; {r.alerts} alerts to 2 subscriptions "
        f"({r.expected} deliveries): {len(r.missing)} missing, {len(r.doubled)} under two keys, "
        f"{r.accepted} messages accepted, {r.repeats} resends caught by key: {verdict}",
        flush=True,
    )
    if verdict != "ok":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
