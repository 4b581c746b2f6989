"""The edges: the store's signal queries, the risk series saved and read back, and `centinela risk`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from centinela import pipeline
from centinela.app import App
from centinela.cli import app as cli
from centinela.settings import load_settings
from centinela.signals import RiskConfig, risk_series
from centinela.store import open_store
from centinela.store.alerts import insert_alert, list_alerts
from centinela.store.schema import document_outlets, documents, events
from centinela.store.signals import (
    compute_risk,
    list_risk_days,
    load_documents,
    load_events,
    load_verdicts,
    refresh_risk,
    risk_day_at,
    save_risk_days,
)

T0 = datetime(2023, 1, 9, 12, tzinfo=UTC)


def _add_story(conn: sa.Connection, doc_id: int, outlets: list[str]) -> None:
    conn.execute(
        documents.insert().values(
            id=doc_id,
            url=f"https://a.pe/{doc_id}",
            source="feed",
            title=f"t{doc_id}",
            text="Boluarte es corrupta.",
            lang="es",
            published=T0,
            fetched=T0,
            content_hash=str(doc_id),
            simhash=0,
            flags=[],
            coded=True,
        )
    )
    for i, outlet in enumerate(outlets):
        conn.execute(
            document_outlets.insert().values(
                document_id=doc_id,
                outlet=outlet,
                url=f"https://{outlet}/{doc_id}",
                seen=T0 + timedelta(hours=i),
            )
        )


def test_events_come_with_their_url_and_outlets(store_url: str) -> None:
    store = open_store(store_url)
    with store.write() as conn:
        _add_story(conn, 1, ["a.pe", "b.pe", "b.pe2"])
        conn.execute(
            events.insert().values(
                document_id=1,
                code="protest",
                family="unrest",
                confidence=0.9,
                evidence="Miles marcharon.",
                country="PE",
                region="PE-LIM",
                date=T0.date(),
                actors=[],
                detail={"deaths": 2},
            )
        )
        conn.execute(
            events.insert().values(
                document_id=None,
                code="riot",
                family="unrest",
                confidence=0.9,
                country="PE",
                date=T0.date() + timedelta(days=1),
                actors=[],
                detail={},
            )
        )
    with store.read() as conn:
        rows = load_events(conn, "pe")
        docs = load_documents(conn, "PE")
        assert load_events(conn, "PE", since=T0.date() + timedelta(days=1))[0]["code"] == "riot"
    assert rows[0]["url"] == "https://a.pe/1" and rows[0]["outlets"] == ["a.pe", "b.pe", "b.pe2"]
    assert rows[1]["url"] is None and rows[1]["outlets"] == []
    assert [d["id"] for d in docs] == [1] and len(docs[0]["outlets"]) == 3
    [day] = risk_series("PE", [], rows, documents=docs, start=T0.date(), end=T0.date(), coups=[])
    assert day.date == T0.date()


def test_a_saved_span_replaces_the_stored_days(store_url: str) -> None:
    store = open_store(store_url)
    first = risk_series("PE", [], start=date(2020, 1, 1), end=date(2020, 1, 10))
    with store.write() as conn:
        assert save_risk_days(conn, first) == 10
        assert save_risk_days(conn, first[5:]) == 5
    with store.read() as conn:
        stored = list_risk_days(conn, "PE")
        assert [d.date for d in stored] == [d.date for d in first]
        assert stored[0].parts["structural"] == pytest.approx(first[0].parts["structural"], abs=0.01)
        assert stored[0].evidence[0].label == first[0].evidence[0].label
        assert risk_day_at(conn, "PE", date(2021, 1, 1)).date == date(2020, 1, 10)
        assert risk_day_at(conn, "PE", date(2019, 1, 1)) is None
        assert list_risk_days(conn, "PE", since=date(2020, 1, 9)) == stored[8:]


def test_the_demo_replay_stored_gives_the_same_risk_and_its_alerts(db_path: Path) -> None:
    app = App(load_settings(env={}, overrides={"database_url": f"sqlite:///{db_path}"}))
    origin, timeline = pipeline.demo_events("PE")
    list(pipeline.replay_institutions(app, "PE", timeline, origin))
    pack = pipeline.institutions.load_pack("PE")
    with app.store.write() as conn:
        verdicts = load_verdicts(conn, "PE")
        assert verdicts[4]["source"].startswith("http")
        days, alerts = refresh_risk(conn, "PE", app.risk_config, pack=pack)
        stored = [insert_alert(conn, a) for a in alerts]
    assert alerts and all(i is not None for i in stored)
    with app.store.write() as conn:
        _, again = refresh_risk(conn, "PE", app.risk_config, pack=pack)
        assert [insert_alert(conn, a) for a in again] == [None] * len(again)  # known keys: stored once
        assert len([a for a in list_alerts(conn, "PE") if a["kind"] == "risk"]) == len(alerts)
        at = compute_risk(conn, "PE", RiskConfig(), pack=pack, until=date(2019, 9, 30), end=date(2019, 9, 30))
    assert at[-1].level == "alert" and at[-1] == next(d for d in days if d.date == date(2019, 9, 30))
    app.close()


def test_risk_command_prints_json_lines_and_a_table(db_path: Path) -> None:
    app = App(load_settings(env={}, overrides={"database_url": f"sqlite:///{db_path}"}))
    origin, timeline = pipeline.demo_events("PE")
    list(pipeline.replay_institutions(app, "PE", timeline, origin))
    app.close()
    runner = CliRunner()
    out = runner.invoke(
        cli, ["--db", str(db_path), "risk", "--country", "pe", "--at", "2020-11-05", "--format", "json"]
    )
    assert out.exit_code == 0, out.output
    [line] = out.stdout.splitlines()
    data = json.loads(line)
    assert data["country"] == "PE" and data["date"] == "2020-11-05" and data["level"] == "alert"
    assert set(data["parts"]) == set(data["weights"]) and data["last_change"]["date"] == "2020-11-02"
    assert any("vacancy motion against Martin Vizcarra" in e["label"] for e in data["evidence"])
    table = runner.invoke(cli, ["--db", str(db_path), "risk", "--at", "2020-11-05"])
    assert table.exit_code == 0 and "alert" in table.stdout and "institutional" in table.stdout
    assert runner.invoke(cli, ["--db", str(db_path), "risk", "--country", "PER"]).exit_code != 0
