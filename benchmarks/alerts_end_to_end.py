"""Alert latency end to end: a new item in a local feed to the webhook receiving its alert.

A feed on 127.0.0.1 gains one item at a time (100 items, a protest report each on its own day, so
each is its own alert); `centinela watch`'s round (poll the due sources, code, score, deliver) runs
every second in this process, as `watch` does; a local webhook receiver stamps each arrival. The
figure is item published -> webhook received, p50 and p95 (target p95 < 5 s; the peers poll every
10 to 15 minutes). Run with `python -m benchmarks alerts_end_to_end`.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import statistics
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from centinela.alerts.rules import make_rule
from centinela.alerts.schedule import Timing
from centinela.alerts.testing import ReceiverServer
from centinela.app import App
from centinela.cli.watch import _round
from centinela.settings import load_settings
from centinela.sources.ingest import ingest_targets
from centinela.store.subscriptions import add_subscription

ITEMS = 100
POLL = 1.0
FIRST_DAY = date(2024, 1, 1)
# Items are a few days apart: the same wording within the near-duplicate window is one story, not two.
SPACING = 4


class _Feed(http.server.ThreadingHTTPServer):
    """An RSS feed whose items the benchmark adds while centinela polls it."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FeedHandler)
        self.items: list[str] = []
        self.lock = threading.Lock()

    def add(self, n: int) -> None:
        day = FIRST_DAY + timedelta(days=SPACING * n)
        when = format_datetime(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))
        item = (
            f"<item><title>Marcha número {n} en Lima</title><link>http://127.0.0.1:{self.server_address[1]}"
            f"/nota/{n}</link><guid>urn:bench:{n}</guid><pubDate>{when}</pubDate><description>Miles de "
            f"manifestantes marcharon en Lima contra el Congreso en la jornada {n} de protestas."
            "</description></item>"
        )
        with self.lock:
            self.items.append(item)

    def body(self) -> bytes:
        with self.lock:
            items = "".join(self.items)
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
            f"<link>http://127.0.0.1/</link>{items}</channel></rss>"
        ).encode()


class _FeedHandler(http.server.BaseHTTPRequestHandler):
    server: _Feed

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        body = self.server.body() if self.path.startswith("/feed") else b""
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/rss+xml" if body else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _all_arrived(receiver: ReceiverServer, added: dict[str, float]) -> bool:
    text = " ".join(f"{r['title']} {r['body']}" for r in receiver.accepted)
    return all(day in text for day in added)


def _watch(app: App, stop: threading.Event) -> None:
    scored = None
    while not stop.is_set():
        started = time.monotonic()
        with contextlib.redirect_stdout(io.StringIO()):  # the round's report lines are not the figure
            scored = _round(app, "PE", scored)
        stop.wait(max(0.0, POLL - (time.monotonic() - started)))


def feed_to_webhook(items: int = ITEMS) -> list[float]:
    feed, receiver = _Feed(), ReceiverServer().start()
    threading.Thread(target=feed.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{feed.server_address[1]}/feed.xml"
    with tempfile.TemporaryDirectory(prefix="centinela-bench-") as tmp:
        overrides = {
            "database_url": f"sqlite:///{Path(tmp) / 'e2e.db'}",
            "allow_private_hosts": True,
            "fetch_pages": False,
            "poll_interval": POLL,
            "poll_jitter": 0.0,
        }
        app = App(load_settings(env={}, overrides=overrides))
        with app.store.write() as conn:
            add_subscription(conn, receiver.url("/e2e"), make_rule(all_=True), Timing())
        ingest_targets(app, [url])  # registers the (empty) feed as a source
        _ = app.coder  # built before the clock starts, as a running `watch` has it
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(app, stop), daemon=True)
        watcher.start()
        added: dict[str, float] = {}
        for n in range(items):
            feed.add(n)
            added[(FIRST_DAY + timedelta(days=SPACING * n)).isoformat()] = time.time()
            time.sleep(1.2)
        end = time.monotonic() + 20
        while not _all_arrived(receiver, added) and time.monotonic() < end:
            time.sleep(0.1)
        stop.set()
        watcher.join(30)
        app.close()
    receiver.stop()
    feed.shutdown()
    waits = []
    for record in receiver.accepted:
        text = f"{record['title']} {record['body']}"
        day = next((d for d in added if d in text), None)
        if day is not None:
            waits.append(record["at"] - added.pop(day))
    return waits


def main() -> None:
    waits = feed_to_webhook()
    ordered = sorted(waits) or [float("nan")]
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"alert latency, new feed item to webhook, {len(waits)}/{ITEMS} items at a {POLL:g} s poll: "
        f"p50 {statistics.median(ordered):.2f} s, p95 {p95:.2f} s, max {ordered[-1]:.2f} s "
        "(target p95 < 5 s; peers poll every 10-15 min)",
        flush=True,
    )


if __name__ == "__main__":
    main()
