"""The command contracts: `centinela ingest`, `documents list`, `sources ...` (run as a user would)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from centinela.cli import main

from .conftest import Site

FEEDS = Path(__file__).with_name("feeds")


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """The real entry point (main: error translation, exit codes) run in-process: a subprocess per
    command would spend most of the suite's time importing."""

    def run(db: Path, *args: str, private: bool = True) -> Ran:
        monkeypatch.setenv("CENTINELA_READ_TIMEOUT", "1")
        monkeypatch.setenv("CENTINELA_TOTAL_TIMEOUT", "3")
        if private:
            monkeypatch.setenv("CENTINELA_ALLOW_PRIVATE_HOSTS", "1")
        else:
            monkeypatch.delenv("CENTINELA_ALLOW_PRIVATE_HOSTS", raising=False)
        capsys.readouterr()
        try:
            main(["--db", str(db), *args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def lines(proc: Ran | subprocess.CompletedProcess[str]) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def test_ingest_prints_one_json_line_per_source_and_fails_only_when_all_fail(
    site: Site, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    db = tmp_path / "c.db"
    given = [site.url("rss2.xml"), site.url("notafeed.html"), str(FEEDS / "events" / "icews_sample.tab")]
    # Once as a user runs it: a separate process, stdout read as JSON Lines.
    env = dict(os.environ, CENTINELA_ALLOW_PRIVATE_HOSTS="1")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "centinela",
            "--db",
            str(db),
            "ingest",
            *given,
            "--no-pages",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    out = {o["source"]: o for o in lines(proc)}
    assert set(out) == set(given)  # "source" exactly as given
    assert all(set(o) == {"source", "new", "duplicate", "failed", "unchanged", "error"} for o in out.values())
    assert out[site.url("rss2.xml")]["new"] == 3 and out[site.url("rss2.xml")]["error"] is None
    assert "HTML page" in out[site.url("notafeed.html")]["error"]
    assert out[given[2]]["new"] == 16
    bad = cli(db, "ingest", site.url("bomb.xml"), site.url("no-such.xml"), "--format", "json")
    assert bad.returncode == 1 and len(lines(bad)) == 2 and "Traceback" not in bad.stderr
    listed = cli(
        db,
        "documents",
        "list",
        "--source",
        site.url("rss2.xml"),
        "--since",
        "2022-12-07",
        "--limit",
        "2",
        "--format",
        "json",
    )
    docs = lines(listed)
    assert len(docs) == 2
    assert set(docs[0]) == {"id", "url", "source", "title", "text", "lang", "published", "outlets"}
    assert docs[0]["outlets"] == ["127.0.0.1"] and docs[0]["lang"] == "es"
    wrong = cli(db, "documents", "list", "--since", "yesterday")
    assert (
        wrong.returncode != 0
        and wrong.stderr.strip() == "error: date 'yesterday' does not parse; use YYYY-MM-DD"
    )


def test_sources_add_list_check_export_import_remove(
    site: Site, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    db = tmp_path / "c.db"
    refused = cli(db, "sources", "add", site.url("rss2.xml"), private=False)
    assert (
        refused.returncode == 1
        and "allow_private_hosts" in refused.stderr
        and len(refused.stderr.splitlines()) == 1
    )
    assert (
        cli(
            db,
            "sources",
            "add",
            site.url("rss2.xml"),
            "--name",
            "Diario Andino",
            "--country",
            "pe",
            "--lang",
            "es",
        ).returncode
        == 0
    )
    assert cli(db, "sources", "add", site.url("rss2.xml")).returncode == 2  # already there
    assert "18 sources added" in cli(db, "sources", "add-pack", "PE").stdout
    listed = lines(cli(db, "sources", "list", "--format", "json"))
    assert len(listed) == 19 and listed[0]["name"] == "Diario Andino" and listed[0]["country"] == "PE"
    assert sum(1 for s in listed if s["pack"] == "PE" and not s["verified"]) == 18
    exported = cli(db, "sources", "export").stdout
    assert exported.startswith("<?xml") and 'xmlUrl="https://feeds.bbci.co.uk/mundo/rss.xml"' in exported
    opml = tmp_path / "in.opml"
    opml.write_bytes((FEEDS / "sources.opml").read_bytes().replace(b"{base}", site.base.encode()))
    imported = cli(db, "sources", "import", str(opml))
    assert "2 sources added" in imported.stdout and "1 already present" in imported.stdout
    assert cli(db, "sources", "remove", "2").returncode == 0  # by id (the first pack source)
    for key in (site.url("atom.xml"), site.url("feed.json")):
        assert cli(db, "sources", "remove", key).returncode == 0
    assert cli(db, "sources", "remove", "https://nowhere.example/").returncode == 2
    cli(db, "ingest", site.url("rss2.xml"), site.url("busy.xml"), "--no-pages")
    health = {h["url"]: h for h in lines(cli(db, "sources", "check", "--format", "json"))}
    assert health[site.url("rss2.xml")]["status"] == "ok" and health[site.url("rss2.xml")]["verified"]
    assert (
        health[site.url("busy.xml")]["status"] == "error"
        and "503" in health[site.url("busy.xml")]["last_error"]
    )
