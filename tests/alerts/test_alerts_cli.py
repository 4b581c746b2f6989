"""The commands: subscribe, subscriptions list|remove, alerts list|deliver|outbox|feed, agenda."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar

from centinela.alerts.testing import ReceiverServer
from centinela.cli import main
from centinela.store.alerts import insert_alert

from .conftest import make_alert, make_app


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CENTINELA_ALLOW_PRIVATE_HOSTS", "1")
    return tmp_path / "c.db"


def seed(db: Path, *numbers: int) -> None:
    app = make_app(db.parent, f"sqlite:///{db}")
    with app.store.write() as conn:
        for n in numbers:
            insert_alert(conn, make_alert(n))
    app.close()


def test_subscribe_deliver_and_list(capsys, db: Path, receiver: ReceiverServer) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(capsys, db, "subscribe", receiver.url("/hook"), "--all")
    assert code == 0 and out.strip() == f"subscription 1: {receiver.url('/hook')} (all)"
    seed(db, 1, 2)
    code, out, _ = cli(capsys, db, "alerts", "deliver")
    assert code == 0 and out.startswith("delivered 2 messages")
    assert cli(capsys, db, "alerts", "deliver")[1].startswith("delivered 0 messages")
    code, out, _ = cli(capsys, db, "alerts", "list", "--country", "pe", "--format", "json")
    rows = jsonl(out)
    assert [r["key"] for r in rows] == ["test:1", "test:2"] and all(r["delivery"]["sent"] == 1 for r in rows)
    assert (
        jsonl(cli(capsys, db, "alerts", "list", "--since", "2020-11-03", "-f", "json")[1])[0]["key"]
        == "test:2"
    )
    assert "2 alerts" in cli(capsys, db, "alerts", "list")[1]
    rows = jsonl(cli(capsys, db, "alerts", "outbox", "--format", "json")[1])
    assert [r["status"] for r in rows] == ["sent", "sent"]
    assert len(receiver.records) == 2


def test_subscriptions_are_listed_masked_and_removed(capsys, db: Path) -> None:  # type: ignore[no-untyped-def]
    url = "mailto://ana:sup3rsecret@smtp.example.org?to=desk@example.org"
    code, out, _ = cli(
        capsys,
        db,
        "subscribe",
        url,
        "--code",
        "vacancy_passed",
        "--country",
        "PE",
        "--level",
        "high",
        "--place",
        "Lima",
        "--keyword",
        "vacancia",
        "--digest",
        "daily",
        "--quiet-hours",
        "22-07",
        "--tz",
        "America/Lima",
        "--format",
        "json",
    )
    assert code == 0 and "sup3rsecret" not in out
    [listed] = jsonl(cli(capsys, db, "subscriptions", "list", "--format", "json")[1])
    assert listed["channel"] == "mailto://ana:***@smtp.example.org?to=desk@example.org"
    assert listed["rules"] == "code=vacancy_passed level=high country=PE place=Lima keyword=vacancia"
    assert (listed["digest"], listed["quiet_hours"], listed["tz"]) == ("daily", "22-07", "America/Lima")
    assert "sup3rsecret" not in cli(capsys, db, "subscriptions", "list")[1]
    assert cli(capsys, db, "subscriptions", "remove", "1")[0] == 0
    code, _, err = cli(capsys, db, "subscriptions", "remove", "1")
    assert code == 1 and "no subscription 1" in err


@pytest.mark.parametrize(
    ("args", "needle", "exit_code"),
    [
        (["json://127.0.0.1:1/x"], "say which alerts", 2),
        (["json://127.0.0.1:1/x", "--all", "--digest", "weekly"], "digest", 2),
        (["json://127.0.0.1:1/x", "--all", "--quiet-hours", "late"], "quiet hours", 2),
        (["json://127.0.0.1:1/x", "--all", "--tz", "Lima"], "time zone", 2),
        (["bogus://user:leakme123@x", "--all"], "not a channel URL", 1),
    ],
)
def test_subscribe_errors_are_one_line(
    capsys, db: Path, args: list[str], needle: str, exit_code: int
) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(capsys, db, "subscribe", *args)
    assert code == exit_code and needle in err and len(err.strip().splitlines()) == 1
    assert "leakme123" not in err


def test_subscribe_refuses_private_hosts_unless_allowed(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(capsys, tmp_path / "x.db", "subscribe", "json://127.0.0.1:1/x", "--all")
    assert code == 1 and "private or loopback" in err


def test_feed_per_country_and_subscription(capsys, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli(capsys, db, "subscribe", "json://127.0.0.1:1/x", "--code", "vacancy_admitted")
    seed(db, 1, 2)
    parsed = feedparser.parse(cli(capsys, db, "alerts", "feed", "--country", "PE")[1])
    assert not parsed.bozo and len(parsed.entries) == 2 and "Peru" in parsed.feed.title
    out = tmp_path / "sub.xml"
    assert cli(capsys, db, "alerts", "feed", "--subscription", "1", "--output", str(out))[0] == 0
    assert len(feedparser.parse(out.read_text()).entries) == 2
    assert cli(capsys, db, "alerts", "feed", "--subscription", "9")[0] == 1


def test_agenda_writes_an_ics_file(capsys, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "agenda.ics"
    code, text, _ = cli(capsys, db, "agenda", "--country", "PE", "--ics", str(out), "--tz", "Europe/Madrid")
    assert code == 0 and "Europe/Madrid" in text
    calendar = Calendar.from_ical(out.read_text())
    assert str(calendar["x-wr-timezone"]) == "Europe/Madrid"
    code, _, err = cli(capsys, db, "agenda", "--ics", str(out), "--tz", "Nowhere/Else")
    assert code == 2 and "time zone" in err
