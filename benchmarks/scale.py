"""Scale: backfill throughput and memory on SQLite and PostgreSQL, Dask speed-up, dashboard event queries.

Backfill: N documents (default 1,000,000; ``CENTINELA_BENCH_SCALE`` shrinks it) generated from the
project's labelled reports (coding/corpus/reports.jsonl) with varied dates (2016-2024), outlets and
wording, written as JSON Lines and backfilled with ``centinela.scale`` into a fresh store, once per
executor in the same run: the plain local executor (the baseline), then Dask with 1 and 2 workers
(a LocalCluster of processes). Figures: documents per second, the writer's resident memory at each
quarter of the corpus (flat if nothing grows with it) and its peak, the largest worker's at each
quarter and the workers' peak, the speed-up of each Dask run over the local one on the same backend,
and the rate in each quarter of the corpus (flat if nothing slows down as the store grows).

Event queries: N coded events (by country, code, department, date) and the dashboard's own query
(``store.web.list_events``: newest page of 50 for a filter), 200 times each with random parameters:
p50 and p99 in milliseconds, on both backends.

Backends: ``CENTINELA_BENCH_BACKENDS`` (default ``sqlite,postgresql``) runs a subset, so the two series
of a long run can be taken one after the other; ``CENTINELA_BENCH_EXECUTORS`` (default
``local,dask-1,dask-2``) likewise, and ``CENTINELA_BENCH_EVENTS=0`` leaves out the queries.
PostgreSQL: ``CENTINELA_TEST_DATABASE_URL`` if set, else a throwaway server started with the CI
script (default settings, fsync on) when its binaries are installed (and this runs as root), else
skipped. SQLite runs as the store sets it up: WAL, synchronous=NORMAL.
Run: ``CENTINELA_BENCH_SCALE=20000 python -m benchmarks scale``. Reads nothing from ../shared.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from centinela.store.scratch import scratch_postgres

OUTLETS = [
    "El Comercio",
    "La República",
    "RPP",
    "Andina",
    "Gestión",
    "Infobae",
    "Correo",
    "Exitosa",
    "Ojo Público",
    "Reuters",
    "EFE",
    "AP",
    "BBC Mundo",
    "Perú21",
    "Expreso",
    "Canal N",
]
LEADS = [
    "",
    "Última hora: ",
    "En desarrollo: ",
    "Lima. ",
    "Según fuentes oficiales, ",
    "Breaking: ",
    "Atualização: ",
    "Reportan que ",
]
TAILS = [
    "",
    " La noticia sigue en desarrollo.",
    " Más detalles en breve.",
    " Analistas prevén más tensión.",
    " The story is developing.",
    " O caso segue em andamento.",
    " Se esperan reacciones del Ejecutivo.",
]
DEPARTMENTS = ["PE-LIM", "PE-PUN", "PE-CUS", "PE-ARE", "PE-AYA", "PE-JUN", "PE-PIU", "PE-LAL", "PE-ICA", ""]
COUNTRIES = ["PE"] * 6 + ["BO", "CL", "EC", "CO", "VE", "BR"]


def _scale() -> int:
    return int(os.environ.get("CENTINELA_BENCH_SCALE", "1000000"))


def _events_scale() -> int:
    """Events for the query benchmark: CENTINELA_BENCH_EVENTS, else the same N (filling is cheap)."""
    return int(os.environ.get("CENTINELA_BENCH_EVENTS", str(_scale())))


def _backends() -> list[str]:
    chosen = [b.strip() for b in os.environ.get("CENTINELA_BENCH_BACKENDS", "sqlite,postgresql").split(",")]
    unknown = set(chosen) - {"sqlite", "postgresql"}
    if unknown or not chosen:
        raise SystemExit(f"CENTINELA_BENCH_BACKENDS: unknown {sorted(unknown)}; use sqlite,postgresql")
    return chosen


#: The executors a run compares: the local baseline first, so each Dask run has its speed-up.
EXECUTORS = {"local": ("local", 1), "dask-1": ("dask", 1), "dask-2": ("dask", 2)}


def _executors() -> list[str]:
    chosen = [e.strip() for e in os.environ.get("CENTINELA_BENCH_EXECUTORS", ",".join(EXECUTORS)).split(",")]
    unknown = set(chosen) - set(EXECUTORS)
    if unknown or not chosen:
        raise SystemExit(f"CENTINELA_BENCH_EXECUTORS: unknown {sorted(unknown)}; use {','.join(EXECUTORS)}")
    return [e for e in EXECUTORS if e in chosen]


def _rss_mb() -> float:
    """Resident memory now (Linux /proc), else the peak so far."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return _peak_mb()


def write_corpus(path: Path, count: int, seed: int = 7) -> None:
    """``count`` documents: each report with its own URL, outlet, date and a varied lead and tail."""
    reports = [
        json.loads(line)
        for line in resources.files("centinela.coding")
        .joinpath("corpus", "reports.jsonl")
        .read_text("utf-8")
        .splitlines()
        if line.strip()
    ]
    rng = random.Random(seed)
    start = date(2016, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            report = reports[n % len(reports)]
            outlet = rng.choice(OUTLETS)
            text = rng.choice(LEADS) + str(report["text"]) + rng.choice(TAILS) + f" ({outlet}, nota {n})"
            day = start + timedelta(days=rng.randrange(9 * 365))
            out.write(
                json.dumps(
                    {
                        "url": f"https://{outlet.lower().replace(' ', '')}.example/{day:%Y/%m}/{n}",
                        "title": text.split(".")[0][:140],
                        "text": text,
                        "published": day.isoformat(),
                        "source": outlet,
                        "outlets": outlet,
                        "lang": report["lang"],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


# --- databases ----------------------------------------------------------------------------------------


@contextmanager
def postgres_admin() -> Iterator[str | None]:
    """An admin URL of a PostgreSQL server: the configured one, a throwaway one, or None."""
    configured = os.environ.get("CENTINELA_TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or os.geteuid() != 0:
        yield None
        return
    # PG_DURABLE: fsync on, as on a real server (the test suite's server runs without it).
    script = (
        ". .ci/postgres.sh; PG_DURABLE=1 pg_start >/dev/null; trap - EXIT; "
        "echo $CENTINELA_TEST_DATABASE_URL; echo $PGTMP"
    )
    started = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    lines = started.stdout.split()
    if started.returncode != 0 or len(lines) < 2:
        print(f"  (no PostgreSQL: {started.stderr.strip()[:200]})")
        yield None
        return
    try:
        yield lines[0]
    finally:
        stop = f"bash -c '. .ci/postgres.sh; PGTMP={lines[1]}; pg_stop'"
        subprocess.run(stop, shell=True, check=False, cwd=Path(__file__).resolve().parents[1])  # noqa: S602


@contextmanager
def fresh_database(backend: str, admin: str | None, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        path = folder / f"{uuid.uuid4().hex[:8]}.db"
        yield f"sqlite:///{path}"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    assert admin is not None
    with scratch_postgres(admin, "bench") as url:
        yield url


# --- backfill -----------------------------------------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _largest_on_workers(executor: object, measure: Callable[[], float]) -> float | None:
    """The largest of ``measure`` run on each Dask worker (None for the local executor)."""
    client = getattr(executor, "client", None)
    return None if client is None else max(client.run(measure).values(), default=0.0)


def backfill_run(url: str, corpus: Path, count: int, executor_name: str, workers: int) -> dict[str, Any]:
    from centinela.scale import Backfill, make_executor
    from centinela.store import open_store

    store = open_store(url)
    job = Backfill(store, partition_size=1000)
    planned = job.plan([str(corpus)])
    marks = [count * q // 4 for q in (1, 2, 3, 4)]
    memory: list[float] = []
    workers_memory: list[float] = []
    times: list[float] = []
    done = [0]

    with make_executor(executor_name, None, workers) as executor:

        def on_rows(rows: int) -> None:
            done[0] += rows
            while marks and done[0] >= marks[0]:
                marks.pop(0)
                memory.append(_rss_mb())
                if (rss := _largest_on_workers(executor, _rss_mb)) is not None:
                    workers_memory.append(rss)
                times.append(time.perf_counter())

        started = time.perf_counter()  # after the cluster is up: its start is not throughput
        [report] = job.run(planned, executor, on_rows=on_rows)
        elapsed = time.perf_counter() - started
        workers_peak = _largest_on_workers(executor, _peak_mb) or 0.0
    store.close()
    spans = [b - a for a, b in zip([started, *times], times, strict=False)]
    return {
        "seconds": elapsed,
        # Under four partitions a quarter has no time of its own: no rates then.
        "quarters": [count / 4 / span for span in spans] if count >= 4 * 1000 else [],
        "docs_per_s": count / elapsed,
        "memory": memory,
        "workers_memory": workers_memory,
        "new": report.new,
        "events": report.events,
        "peak": _peak_mb(),
        "workers_peak": workers_peak,
    }


def bench_backfill(backends: dict[str, str | None], folder: Path, count: int) -> None:
    corpus = folder / "corpus.jsonl"
    started = time.perf_counter()
    write_corpus(corpus, count)
    print(
        f"  corpus: {count:,} documents, {corpus.stat().st_size / 2**20:,.0f} MB, "
        f"written in {time.perf_counter() - started:.1f} s"
    )
    for backend, admin in backends.items():
        runs: dict[str, dict[str, Any]] = {}
        for label in _executors():
            name, workers = EXECUTORS[label]
            with fresh_database(backend, admin, folder) as url:
                runs[label] = result = backfill_run(url, corpus, count, name, workers)
            quarters = " / ".join(f"{m:.0f}" for m in result["memory"])
            workers_quarters = " / ".join(f"{m:.0f}" for m in result["workers_memory"])
            rates = " / ".join(f"{r:.0f}" for r in result["quarters"])
            speed = (
                f"x{result['docs_per_s'] / runs['local']['docs_per_s']:4.2f}"
                if "local" in runs
                else "(no local run)"
            )
            print(
                f"  {backend:10s} {label:7s} {result['docs_per_s']:8.0f} docs/s  {result['seconds']:7.1f} s  "
                f"{speed} vs local  new {result['new']:,} events {result['events']:,}  "
                f"docs/s by quarter: {rates}  "
                f"writer RSS MB at 25/50/75/100%: {quarters} (process peak so far {result['peak']:.0f})"
                + (
                    f"  largest worker RSS MB at 25/50/75/100%: {workers_quarters}"
                    f" (workers' peak {result['workers_peak']:.0f})"
                    if result["workers_peak"]
                    else ""
                ),
                flush=True,
            )


# --- event queries ------------------------------------------------------------------------------------


def fill_events(url: str, count: int, seed: int = 11) -> None:
    from centinela.coding.ontology import EVENT_CODES, family
    from centinela.store import open_store
    from centinela.store.schema import events

    store = open_store(url)
    rng = random.Random(seed)
    start = date(2016, 1, 1)
    batch = []
    with store.write() as conn:
        for n in range(count):
            code = rng.choice(EVENT_CODES)
            country = rng.choice(COUNTRIES)
            batch.append(
                {
                    "document_id": None,
                    "code": code,
                    "family": family(code),
                    "modality": "actual",
                    "confidence": rng.random(),
                    "evidence": f"evento {n}",
                    "country": country,
                    "region": rng.choice(DEPARTMENTS) if country == "PE" else "",
                    "date": start + timedelta(days=rng.randrange(9 * 365)),
                    "actors": [],
                    "detail": {},
                }
            )
            if len(batch) == 10_000:
                conn.execute(sa.insert(events), batch)
                batch.clear()
        if batch:
            conn.execute(sa.insert(events), batch)
    with store.engine.connect() as conn:  # what autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) would do
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    store.close()


def _filters(rng: random.Random) -> dict[str, object]:
    from centinela.coding.ontology import EVENT_CODES
    from centinela.store.web import EventFilter

    since = date(2016, 1, 1) + timedelta(days=rng.randrange(9 * 365 - 30))
    return {
        "country": EventFilter(country=rng.choice(COUNTRIES)),
        "code": EventFilter(code=rng.choice(EVENT_CODES)),
        "department": EventFilter(country="PE", department=rng.choice(DEPARTMENTS[:-1])),
        "date range (30 days)": EventFilter(since=since, until=since + timedelta(days=30)),
        "country+code+range": EventFilter(
            country="PE", code=rng.choice(EVENT_CODES), since=since, until=since + timedelta(days=180)
        ),
    }


def bench_queries(backends: dict[str, str | None], folder: Path, count: int, repeats: int = 200) -> None:
    from centinela.store import open_store
    from centinela.store.web import list_events

    for backend, admin in backends.items():
        with fresh_database(backend, admin, folder) as url:
            started = time.perf_counter()
            fill_events(url, count)
            print(
                f"  {backend}: {count:,} events stored in {time.perf_counter() - started:.1f} s", flush=True
            )
            store = open_store(url)
            rng = random.Random(3)
            timings: dict[str, list[float]] = {}
            for _ in range(repeats):
                for name, filt in _filters(rng).items():
                    begun = time.perf_counter()
                    with store.read() as conn:
                        list_events(conn, filt, limit=50)
                    timings.setdefault(name, []).append((time.perf_counter() - begun) * 1000)
            store.close()
            for name, ms in timings.items():
                ms.sort()
                p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
                print(f"  {backend:10s} {name:22s} p50 {statistics.median(ms):7.2f} ms   p99 {p99:7.2f} ms")


@contextmanager
def _admin(chosen: list[str]) -> Iterator[str | None]:
    if "postgresql" not in chosen:
        yield None
        return
    with postgres_admin() as admin:
        yield admin


def main() -> None:
    count = _scale()
    chosen = _backends()
    with tempfile.TemporaryDirectory(prefix="centinela-bench-") as tmp, _admin(chosen) as admin:
        folder = Path(tmp)
        backends: dict[str, str | None] = {"sqlite": None} if "sqlite" in chosen else {}
        if admin:
            backends["postgresql"] = admin
        elif "postgresql" in chosen:
            print("  PostgreSQL: not available" + (", SQLite only" if backends else ""))
        print(f"backfill of {count:,} documents (partitions of 1,000; {os.cpu_count()} cores)")
        bench_backfill(backends, folder, count)
        events = _events_scale()
        if events < 1:
            return
        print(f"dashboard event queries on {events:,} events (newest 50 per filter, 200 runs each)")
        bench_queries(backends, folder, events)


if __name__ == "__main__":
    main()
