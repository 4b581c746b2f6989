"""The CLI's contract for errors: one line on stderr, a non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "centinela", *args], capture_output=True, text=True, timeout=120, env=env
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0]


def test_every_command_has_help() -> None:
    top = run("--help")
    assert top.returncode == 0
    commands = [line.split()[0] for line in top.stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert {"config", "watch", "db"} <= set(commands)
    for command in commands:
        proc = run(command, "--help")
        assert proc.returncode == 0 and "Usage:" in proc.stdout, command


def test_unknown_command_and_bad_option_value() -> None:
    assert_one_line_error(run("frobnicate"), "No such command")
    assert_one_line_error(run("config", "--format", "xml"), "--format")


def test_bad_setting_in_environment(tmp_path: Path) -> None:
    import os

    env = dict(os.environ, CENTINELA_READ_TIMEOUT="soon")
    assert_one_line_error(run("config", env=env), "read_timeout", "not a valid float")


def test_config_masks_secrets() -> None:
    import os

    env = dict(os.environ, CENTINELA_DATABASE_URL="postgresql+psycopg://ana:s3cret@localhost/x")
    proc = run("config", "--format", "json", env=env)
    assert proc.returncode == 0
    assert "s3cret" not in proc.stdout and "ana:***@" in proc.stdout


def test_db_check_reports_a_fresh_database_as_up_to_date(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert run("--db", str(db), "db", "upgrade").returncode == 0
    proc = run("--db", str(db), "db", "check")
    assert proc.returncode == 0 and "no pending" in proc.stdout


def test_unwritable_database_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert_one_line_error(run("--db", str(blocker / "sub" / "c.db"), "db", "upgrade"), "error:")


@pytest.mark.parametrize("value", ["2020-13-01", "yesterday", "2020/01/01"])
def test_parse_date_rejects_with_a_named_error(value: str) -> None:
    from centinela.cli.common import parse_date
    from centinela.errors import DateParseError

    with pytest.raises(DateParseError, match="does not parse"):
        parse_date(value)
