"""The main job: `centinela watch --demo --once` replays the bundled timeline and stores its alerts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from centinela import pipeline
from centinela.app import App
from centinela.settings import load_settings
from centinela.store.alerts import list_alerts
from centinela.store.institutions import list_verdicts


def _app(db: Path) -> App:
    return App(load_settings(env={}, overrides={"database_url": f"sqlite:///{db}"}))


def test_demo_replay_stores_verdicts_and_alerts_once(db_path: Path) -> None:
    app = _app(db_path)
    origin, events = pipeline.demo_events("PE")
    first = list(pipeline.replay_institutions(app, "PE", events, origin))
    again = list(pipeline.replay_institutions(app, "PE", events, origin))
    assert first and all(r.new for r in first)
    assert [r.line for r in again] == [r.line for r in first] and not any(r.new for r in again)
    with app.store.read() as conn:
        stored = list_alerts(conn, country="PE")
        verdicts = list_verdicts(conn, "PE")
    assert len(stored) == len(first) and len(verdicts) == len(events)
    codes = {a["code"] for a in stored}
    assert {"vacancy_admitted", "vacancy_passed", "president_removed", "succession"} <= codes
    assert all(
        a["evidence"] and a["evidence"][0]["url"].startswith("http")
        for a in stored
        if a["code"] == "vacancy_passed"
    )


def test_alerts_are_keyed_by_event_and_code(db_path: Path) -> None:
    app = _app(db_path)
    origin, events = pipeline.demo_events("PE")
    keys = [r.alert.key for r in pipeline.replay_institutions(app, "PE", events, origin)]
    assert len(keys) == len(set(keys))


def test_watch_demo_once_prints_alerts_and_exits(db_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "centinela", "--db", str(db_path), "watch", "--demo", "--once"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "2020-11-09 [critical] vacancy_passed" in proc.stdout
    assert "congress_dissolved" in proc.stdout and "watching" not in proc.stdout


def test_unknown_country_is_a_one_line_error(db_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "centinela",
            "--db",
            str(db_path),
            "watch",
            "--demo",
            "--once",
            "--country",
            "XX",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0 and "unknown country code 'XX'" in proc.stderr
    assert "Traceback" not in proc.stderr


def _netns_available() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _netns_available(), reason="unshare -n is not permitted on this machine")
def test_demo_and_replay_work_with_the_network_cut_off(db_path: Path, tmp_path: Path) -> None:
    """The product never needs the network for its bundled data, models or rules."""
    from importlib import resources

    timeline = tmp_path / "t.csv"
    timeline.write_text(
        resources.files("centinela.countries.peru").joinpath("timeline_2016_2021.csv").read_text()
    )
    script = (
        f"{sys.executable} -m centinela --db {db_path} watch --demo --once >/dev/null && "
        f"{sys.executable} -m centinela institutions replay {timeline} --country PE --format json | wc -l"
    )
    proc = subprocess.run(
        ["unshare", "-n", "--", "sh", "-c", script], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) == 33


def test_demo_news_replay_codes_each_report_once(db_path: Path) -> None:
    from centinela.sources.ingest import ingest_documents
    from centinela.store.events import count_events

    app = _app(db_path)
    _, events = pipeline.demo_events("PE")
    docs = pipeline.demo_documents("PE", events[0].date, events[-1].date)
    assert docs and all(events[0].date <= d.published.date() <= events[-1].date for d in docs if d.published)
    ingest_documents(app, docs, source="bundled:reports")
    first = pipeline.code_pending(app)
    assert first > 0 and pipeline.code_pending(app) == 0
    with app.store.read() as conn:
        assert count_events(conn) == first
        raised = [a for a in list_alerts(conn, country="PE") if a["kind"] == "event"]
    assert raised and all(a["evidence"] for a in raised)


def test_risk_rises_with_the_demo_and_is_stored_once(db_path: Path) -> None:
    app = _app(db_path)
    origin, events = pipeline.demo_events("PE")
    list(pipeline.replay_institutions(app, "PE", events, origin))
    changes = pipeline.refresh_signals(app, "PE")
    rises = {c.date.isoformat() for c in changes if c.level in ("alert", "critical")}
    assert {"2017-12-15", "2019-09-30", "2020-11-02"} <= rises
    assert pipeline.refresh_signals(app, "PE") == []


def test_a_round_rescores_only_when_events_came_or_the_day_changed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime, timedelta

    from centinela.cli import watch

    app = _app(db_path)
    calls: list[str] = []
    monkeypatch.setattr(pipeline, "refresh_signals", lambda *a, **k: calls.append("scored") or [])
    coded = iter([0, 0, 3])
    monkeypatch.setattr(pipeline, "code_pending", lambda _app: next(coded))
    today = datetime.now(UTC).date()
    assert watch._round(app, "PE", today - timedelta(days=1)) == today  # a new day: rescored
    assert watch._round(app, "PE", today) == today  # nothing new, same day: skipped
    watch._round(app, "PE", today)  # new events: rescored
    assert calls == ["scored", "scored"]


def test_two_workers_coding_the_same_documents_store_their_events_once(store_url: str) -> None:
    # Two `watch` workers on one PostgreSQL both read the same uncoded documents before either commits;
    # the one that stores second must find them claimed, not store a second copy of every event.
    from centinela.sources.ingest import ingest_documents
    from centinela.store.documents import uncoded_documents
    from centinela.store.schema import alerts, events

    first, second = (App(load_settings(env={}, overrides={"database_url": store_url})) for _ in range(2))
    origin, timeline = pipeline.demo_events("PE")
    docs = pipeline.demo_documents("PE", timeline[0].date, timeline[-1].date)[:40]
    ingest_documents(first, docs, source="bundled:reports", now=datetime.now(UTC))
    with first.store.read() as conn:
        rows_a = uncoded_documents(conn, 500)
    with second.store.read() as conn:
        rows_b = uncoded_documents(conn, 500)
    assert rows_a and [r["id"] for r in rows_a] == [r["id"] for r in rows_b]
    coded_a, coded_b = (
        app.coder.code_many(map(pipeline._coder_input, rows))
        for app, rows in [(first, rows_a), (second, rows_b)]
    )
    stored_a = pipeline._store_coded(first, rows_a, coded_a)
    stored_b = pipeline._store_coded(second, rows_b, coded_b)
    assert stored_a > 0 and stored_b == 0
    with first.store.read() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar()
        per_key = conn.execute(sa.select(alerts.c.key).group_by(alerts.c.key).having(sa.func.count() > 1))
        assert count == stored_a and per_key.first() is None
        assert uncoded_documents(conn, 500) == []
    assert pipeline.code_pending(second) == 0
