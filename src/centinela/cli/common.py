"""Helpers shared by the CLI commands: output formats, argument parsing, access to the App."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from centinela.app import App
from centinela.errors import DateParseError, InputFileError


class Format(StrEnum):
    json = "json"
    table = "table"


FORMAT_OPTION = typer.Option(
    Format.table, "--format", "-f", help="json prints JSON Lines: one object per line."
)


def get_app(ctx: typer.Context) -> App:
    """The composition root built by the global callback (see cli/__init__.py)."""
    root = ctx.find_root()
    app = root.obj
    if not isinstance(app, App):
        raise RuntimeError("the centinela CLI callback did not run")
    return app


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_default, separators=(",", ":"))


def emit_jsonl(obj: Any) -> None:
    """Print one JSON object on one line and flush, so pipes see each line as it is made."""
    sys.stdout.write(to_json(obj) + "\n")
    sys.stdout.flush()


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise DateParseError(value) from None


def check_readable(path: Path) -> Path:
    """Fail with a one-line message when a file named by the user cannot be read."""
    if path == Path("-"):
        return path
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder, not a file")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return path


def warn(message: str) -> None:
    typer.echo(message, err=True)
