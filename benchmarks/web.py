"""Dashboard and API latency with 1,000,000 events stored, 20 concurrent clients.

Builds a SQLite store (the demo replay, 100,000 documents with their outlets, 1,000,000 coded events over
five years), starts `centinela serve` on it in its own process, and has 20 clients ask for pages and API
answers one after another for a fixed time. Prints p50 and p99 per address; the target is p99 under
200 ms for the overview and the events page. Everything stays on 127.0.0.1.

    python -m benchmarks web            # or: make bench
    CENTINELA_BENCH_EVENTS=100000 ...   # a smaller store for a quick look
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

EVENTS = int(os.environ.get("CENTINELA_BENCH_EVENTS", "1000000"))
CLIENTS = 20
SECONDS = float(os.environ.get("CENTINELA_BENCH_SECONDS", "20"))
TARGET_MS = 200.0
FAMILIES = {
    "unrest": ("protest", "strike", "blockade", "riot", "repression"),
    "institutional": ("vacancy_motion", "censure", "interpellation", "cabinet_change", "court_ruling"),
    "security": ("military_statement", "arrest_of_official", "political_violence"),
    "economic": ("sanctions", "market_stress"),
    "external": ("foreign_pressure", "diplomatic_action"),
    "information": ("disinformation", "press_freedom"),
}
WEIGHTS = {"unrest": 40, "institutional": 25, "security": 12, "economic": 8, "external": 8, "information": 7}
DEPARTMENTS = [
    f"PE-{c}"
    for c in (
        "AMA",
        "ANC",
        "APU",
        "ARE",
        "AYA",
        "CAJ",
        "CAL",
        "CUS",
        "HUV",
        "HUC",
        "ICA",
        "JUN",
        "LAL",
        "LAM",
        "LIM",
        "LOR",
        "MDD",
        "MOQ",
        "PAS",
        "PIU",
        "PUN",
        "SAM",
        "TAC",
        "TUM",
        "UCA",
    )
]
OUTLETS = [f"Diario {i}" for i in range(40)]
ACTORS = ["Dina Boluarte", "Congreso", "Fuerzas Armadas", "CGTP", "Defensoría del Pueblo", "Martín Vizcarra"]


def _documents(conn, n: int, end: datetime, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    from centinela.store.schema import document_outlets, documents

    batch, outlets = [], []
    for i in range(1, n + 1):
        when = end - timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
        url = f"https://diario.example.pe/nota/{i}"
        batch.append(
            {
                "id": i,
                "url": url,
                "source": "https://diario.example.pe/rss",
                "title": f"Nota {i}",
                "text": "Texto de la nota. " * 20,
                "lang": "es",
                "published": when,
                "fetched": when,
                "content_hash": f"{i:064x}",
                "simhash": i,
                "flags": [],
                "coded": True,
            }
        )
        for outlet in rng.sample(OUTLETS, rng.choice((1, 1, 2, 3))):
            outlets.append(
                {"document_id": i, "outlet": outlet, "url": f"{url}?via={outlet[7:]}", "seen": when}
            )
        if len(batch) == 20_000:
            conn.execute(documents.insert(), batch)
            conn.execute(document_outlets.insert(), outlets)
            batch, outlets = [], []
    if batch:
        conn.execute(documents.insert(), batch)
        conn.execute(document_outlets.insert(), outlets)


def _events(conn, n: int, documents: int, end: date, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    from centinela.store.schema import events

    families, weights = list(WEIGHTS), list(WEIGHTS.values())
    batch = []
    for _ in range(n):
        family = rng.choices(families, weights)[0]
        code = rng.choice(FAMILIES[family])
        batch.append(
            {
                "document_id": rng.randint(1, documents),
                "code": code,
                "family": family,
                "modality": "actual",
                "confidence": round(rng.uniform(0.4, 1.0), 2),
                "evidence": f"Frase de evidencia sobre {code.replace('_', ' ')} en el Perú.",
                "country": "PE",
                "region": rng.choice(DEPARTMENTS),
                "date": end - timedelta(days=rng.randrange(5 * 365)),
                "actors": [{"name": rng.choice(ACTORS)}],
                "detail": {},
            }
        )
        if len(batch) == 50_000:
            conn.execute(events.insert(), batch)
            batch = []
    if batch:
        conn.execute(events.insert(), batch)


def build(path: Path, n_events: int) -> None:
    """The store: demo replay, then documents and events written in large batches."""
    from centinela import pipeline
    from centinela.app import App
    from centinela.settings import load_settings

    core = App(load_settings(env={}, overrides={"database_url": f"sqlite:///{path}"}))
    origin, demo = pipeline.demo_events("PE")
    for _ in pipeline.replay_institutions(core, "PE", demo, origin):
        pass
    rng = random.Random(7)
    now = datetime.now(UTC)
    with core.store.write() as conn:
        _documents(conn, max(1, n_events // 10), now, rng)
        _events(conn, n_events, max(1, n_events // 10), now.date(), rng)
    with core.store.write() as conn:
        conn.exec_driver_sql("ANALYZE")
    core.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    cli = Path(sys.executable).with_name("centinela")
    proc = subprocess.Popen(
        [str(cli), "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the dashboard did not start")


def _targets(base: str) -> dict[str, list[str]]:
    """Each measured name and the addresses it stands for (one picked at random per request)."""
    first = httpx.get(base + "/api/countries/PE/events?limit=25").json()
    second = httpx.get(f"{base}/api/countries/PE/events?limit=25&cursor={first['next']}").json()
    rng = random.Random(3)
    varied = [  # different filters on every request: the two-second cache never answers these
        f"/events?family={f}&department={d}&since={date.today() - timedelta(days=rng.randrange(30, 1500))}"
        for f in WEIGHTS
        for d in DEPARTMENTS
    ]
    return {
        "overview /": ["/"],
        "events page /events": ["/events"],
        "events page, 3rd page": [f"/events?cursor={second['next']}"],
        "events, varied filters": varied,
        "event detail": [f"/events/{rng.randint(1, EVENTS)}" for _ in range(200)],
        "API overview": ["/api/countries/PE/overview"],
        "API events": ["/api/countries/PE/events"],
        "API alerts": ["/api/countries/PE/alerts"],
    }


class _Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams.

    httpx spends a few milliseconds of CPU per request; with 20 clients on the same two cores as the
    server it measured itself, not the server. This reads exactly what the dashboard sends: a status line,
    headers, then a Content-Length body or chunks.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept: text/html\r\n\r\n".encode())
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length, chunked = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
        if not chunked:
            await self.reader.readexactly(length)
            return status
        while (size := int((await self.reader.readline()).strip(), 16)) > 0:
            await self.reader.readexactly(size + 2)
        await self.reader.readline()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _client(
    base: str, targets: dict[str, list[str]], until: float, out: dict[str, list[float]], seed: int
) -> None:
    rng = random.Random(seed)
    host, port = base.rsplit("//", 1)[1].split(":")
    conn = _Connection(host, int(port))
    try:
        names = list(targets)
        while time.perf_counter() < until:
            name = rng.choice(names)
            path = rng.choice(targets[name])
            start = time.perf_counter()
            status = await conn.get(path)
            elapsed = (time.perf_counter() - start) * 1000
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            out.setdefault(name, []).append(elapsed)
    finally:
        conn.close()


async def _load(base: str, targets: dict[str, list[str]], seconds: float) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    warm: dict[str, list[float]] = {}
    # Warm up first: templates compiled, caches filled, the pages of SQLite that answers need read once.
    await _client(base, targets, time.perf_counter() + 2, warm, -1)
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_client(base, targets, until, out, i) for i in range(CLIENTS)))
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _report(results: dict[str, list[float]]) -> None:
    total = sum(len(v) for v in results.values())
    print(f"{CLIENTS} clients for {SECONDS:g} s: {total} requests, {total / SECONDS:.0f} per second")
    print(f"{'address':28} {'n':>6} {'p50 ms':>8} {'p99 ms':>8}")
    short = []
    for name, values in sorted(results.items()):
        p50, p99 = _pct(values, 0.50), _pct(values, 0.99)
        print(f"{name:28} {len(values):6d} {p50:8.1f} {p99:8.1f}")
        if name in ("overview /", "events page /events") and p99 >= TARGET_MS:
            short.append(name)
    verdict = "met" if not short else f"missed ({', '.join(short)})"
    print(f"target p99 < {TARGET_MS:g} ms for the overview and the events page: {verdict}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="centinela-bench-web-") as tmp:
        db = Path(tmp) / "bench.db"
        start = time.perf_counter()
        build(db, EVENTS)
        print(f"store: {EVENTS:,} events built in {time.perf_counter() - start:.0f} s", flush=True)
        proc, base = _start(db)
        try:
            results = asyncio.run(_load(base, _targets(base), SECONDS))
        finally:
            proc.terminate()
            proc.wait(10)
    _report(results)


if __name__ == "__main__":
    main()
