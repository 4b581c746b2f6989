"""`centinela institutions replay|status|project`: the command contracts other tools rely on."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from centinela.cli.institutions import app
from centinela.errors import DateParseError, InputFileError, UnknownCountryError
from centinela.institutions import CountryPack

runner = CliRunner()


def blanked(pack: CountryPack) -> str:
    rows = list(csv.DictReader(io.StringIO(pack.read_text(pack.timeline))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            dict(row, outcome="") if row["votes_for"] and row["event_type"] != "court_ruling" else row
        )
    return out.getvalue()


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def timeline(tmp_path: Path, pack: CountryPack) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(blanked(pack), encoding="utf-8")
    return path


def test_replay_json_computes_every_blanked_outcome(timeline: Path, pack: CountryPack) -> None:
    result = runner.invoke(app, ["replay", str(timeline), "--country", "PE", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    truth = list(csv.DictReader(io.StringIO(pack.read_text(pack.timeline))))
    assert len(out) == len(truth) == 33
    for row, obj in zip(truth, out, strict=True):
        assert (obj["date"], obj["event_type"]) == (row["date"], row["event_type"])
        if row["votes_for"] and row["event_type"] != "court_ruling":
            assert obj["computed_outcome"] == row["outcome"]
            assert obj["margin"] == int(row["votes_for"]) - obj["threshold"]
    (dissolution,) = [o for o in out if o["event_type"] == "dissolution_decree"]
    assert dissolution["constitutional"] == "disputed"
    assert result.stderr == ""


def test_a_malformed_row_is_reported_in_place_and_the_replay_goes_on(
    tmp_path: Path, pack: CountryPack
) -> None:
    text = blanked(pack).splitlines()
    text[2] = text[2].replace("2016-08-19", "2016-08-32")
    text[5] = text[5].replace("vacancy_admission_vote", "vacancy_admision_vote")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["replay", str(path), "--format", "json"])
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert len(out) == 33
    assert out[1] == {"line": 3, "error": "date '2016-08-32' does not parse; use YYYY-MM-DD"}
    assert out[4]["line"] == 6 and "unknown event type 'vacancy_admision_vote'" in out[4]["error"]
    assert out[5]["computed_outcome"] == "failed" and out[5]["threshold"] == 87
    assert result.stderr.strip() == "2 malformed row(s) skipped: line 3, line 6"


def test_several_files_are_concatenated_and_errors_name_their_file(tmp_path: Path, pack: CountryPack) -> None:
    head, *rows = blanked(pack).splitlines()
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("\n".join([head, *rows[:14]]) + "\n", encoding="utf-8")
    second.write_text("\n".join([head, "oops", *rows[14:]]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["replay", str(first), str(second), "--format", "json"])
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert len(out) == 34
    assert out[14] == {"line": 2, "error": "expected 13 columns, found 1", "file": str(second)}
    # The state carries across files: the second file's suspension vote meets the first file's dissolution.
    (suspension,) = [o for o in out if o.get("event_type") == "suspension_vote"]
    assert suspension["computed_outcome"] == "no_effect"
    assert f"{second}:2" in result.stderr


def test_replay_table(timeline: Path) -> None:
    result = runner.invoke(app, ["replay", str(timeline), "--format", "table"])
    assert result.exit_code == 0
    assert "dissolution_decree" in result.stdout and "disputed" in result.stdout


def test_replay_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["replay", str(tmp_path / "missing.csv"), "--format", "json"])
    assert isinstance(result.exception, InputFileError) and "no such file" in str(result.exception)
    result = runner.invoke(app, ["replay", str(tmp_path), "--country", "XX"])
    assert isinstance(result.exception, UnknownCountryError)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("date,año\n".encode("latin-1"))
    result = runner.invoke(app, ["replay", str(latin)])
    assert isinstance(result.exception, InputFileError) and "UTF-8" in str(result.exception)
    headerless = tmp_path / "x.csv"
    headerless.write_text("2020-01-01,day\n", encoding="utf-8")
    result = runner.invoke(app, ["replay", str(headerless)])
    assert isinstance(result.exception, InputFileError) and "header" in str(result.exception)


def test_status_json_and_table() -> None:
    result = runner.invoke(app, ["status", "--country", "PE", "--at", "2019-10-01", "--format", "json"])
    assert result.exit_code == 0
    (view,) = lines(result.stdout)
    assert view["officeholders"]["President of the Republic"]["name"] == "Martin Vizcarra"
    assert view["dissolution"]["constitutional"] == "disputed" and view["dissolution"]["in_effect"]
    assert view["denials"]["count"] == 2
    table = runner.invoke(app, ["status", "--at", "2020-11-20"])
    assert table.exit_code == 0 and "Francisco Sagasti" in table.stdout
    bad = runner.invoke(app, ["status", "--at", "20/11/2020"])
    assert isinstance(bad.exception, DateParseError)


def test_project_json_and_table() -> None:
    args = [
        "project",
        "--at",
        "2024-12-13",
        "--motion",
        "vacancy_vote",
        "-p",
        "FUERZA POPULAR=for",
        "-p",
        "PERU LIBRE=against",
        "--default",
        "for",
    ]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0
    (obj,) = lines(result.stdout)
    assert obj["threshold"] == 87 and obj["votes_for"] == 130 - 11 and obj["outcome"] == "passed"
    table = runner.invoke(app, args)
    assert table.exit_code == 0 and "expected 119 for" in table.stdout


def _registered() -> bool:
    proc = subprocess.run(
        [sys.executable, "-m", "centinela", "--help"], capture_output=True, text=True, timeout=60
    )
    return " institutions " in proc.stdout


@pytest.mark.skipif(
    not _registered(), reason="the institutions sub-app is not registered in cli/__init__.py yet"
)
def test_through_the_installed_command(timeline: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "centinela",
            "institutions",
            "replay",
            str(timeline),
            "--country",
            "PE",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and len(lines(proc.stdout)) == 33
    bad = subprocess.run(
        [sys.executable, "-m", "centinela", "institutions", "status", "--country", "XX"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "unknown country code 'XX'" in bad.stderr
