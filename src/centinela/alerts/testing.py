"""Tools to prove delivery: a webhook receiver that honours idempotency keys, and a crash soak.

Used by the test suite and the benchmarks, and useful to an operator checking a setup:
``python -m centinela.alerts.testing PORTFILE OUTFILE`` runs the receiver, writing one JSON line per
message received (``duplicate`` true when its key was already accepted).
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KEY_HEADER = "Idempotency-Key"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: ReceiverServer

    def log_message(self, *args: Any) -> None:  # quiet: the records are the log
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if len(raw) < length:
            return  # the sender died mid-request: nothing was delivered
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            payload = {"message": raw.decode("utf-8", "replace")}
        status = self.server.receive(self.path, self.headers.get(KEY_HEADER) or "", payload)
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok" if status < 300 else b"no")


class ReceiverServer(http.server.ThreadingHTTPServer):
    """Accepts each key once; answers 200 to a repeat without accepting it again.

    ``fail_first`` makes it answer 500 to that many requests first (a flaky channel).
    """

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A sender killed mid-request (the crash soak does it on purpose) is not an error to print.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def __init__(self, out: Path | None = None, fail_first: int = 0, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.out = out
        self.fail_left = fail_first
        self.records: list[dict[str, Any]] = []
        self.keys: set[str] = set()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def receive(self, path: str, key: str, payload: dict[str, Any]) -> int:
        with self.lock:
            if self.fail_left > 0:
                self.fail_left -= 1
                return 500
            key = key or str(payload.get("idempotency_key") or "")
            record = {
                "path": path,
                "key": key,
                "alert_ids": payload.get("alert_ids") or [],
                "title": payload.get("title", ""),
                "body": payload.get("message", ""),
                "duplicate": bool(key) and key in self.keys,
                "at": time.time(),
            }
            self.keys.add(key)
            self.records.append(record)
            if self.out is not None:
                with self.out.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(record) + "\n")
            return 200

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str = "/hook") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    @property
    def accepted(self) -> list[dict[str, Any]]:
        return [r for r in self.records if not r["duplicate"]]

    def start(self) -> ReceiverServer:
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def read_records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def start_receiver_process(workdir: Path) -> tuple[subprocess.Popen[bytes], int, Path]:
    """The receiver in its own process (a real endpoint, untouched by the sender's crashes)."""
    port_file, out = workdir / "receiver.port", workdir / "received.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "centinela.alerts.testing", str(port_file), str(out)])
    for _ in range(200):
        if port_file.exists() and port_file.read_text().strip():
            return proc, int(port_file.read_text()), out
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError("the test receiver did not start")


@dataclass
class SoakResult:
    kills: int = 0
    alerts: int = 0
    expected: int = 0  # (subscription, alert) deliveries that must arrive
    accepted: int = 0  # messages the receiver accepted (a digest is one)
    repeats: int = 0  # messages sent again under a key already accepted (at-least-once at work)
    missing: list[tuple[str, int]] = field(default_factory=list)  # never arrived
    doubled: list[tuple[str, int]] = field(default_factory=list)  # arrived under two keys: a real duplicate
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.missing and not self.doubled and self.expected > 0


def check_received(records: list[dict[str, Any]], expected: set[tuple[str, int]]) -> SoakResult:
    """Compare what a receiver got with the (path, alert id) pairs that had to arrive."""
    keys: dict[tuple[str, int], set[str]] = defaultdict(set)
    for r in records:
        if not r["duplicate"]:
            for alert_id in r["alert_ids"]:
                keys[(r["path"], int(alert_id))].add(r["key"])
    return SoakResult(
        expected=len(expected),
        accepted=sum(not r["duplicate"] for r in records),
        repeats=sum(bool(r["duplicate"]) for r in records),
        missing=sorted(expected - set(keys)),
        doubled=sorted(k for k, v in keys.items() if len(v) > 1),
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m centinela.alerts.testing PORTFILE OUTFILE", file=sys.stderr)
        return 2
    server = ReceiverServer(Path(argv[1]))
    Path(argv[0]).write_text(str(server.port))
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server.serve_forever()
    return 0


# The soak itself lives in a module of its own so this one stays importable without the store.
__all__ = ["ReceiverServer", "SoakResult", "check_received", "read_records", "start_receiver_process"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
