"""`centinela institutions`: replay timelines through the engine, the state on a date, vote projection.

Never touches the store: these commands read files and the country pack, and print.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from centinela.cli.common import FORMAT_OPTION, Format, check_readable, emit_jsonl, parse_date, warn
from centinela.errors import InputFileError, MalformedRowError, UsageError
from centinela.institutions import (
    bundled_timeline,
    load_pack,
    parse_timeline,
    project_motion,
    replay_rows,
    status,
)
from centinela.institutions.pack import CountryPack
from centinela.institutions.timeline import ParsedRow

app = typer.Typer(
    name="institutions",
    help="The institutional engine: replay events through the rules, the state on a date, vote projections.",
    no_args_is_help=True,
)

COUNTRY_OPTION = typer.Option("PE", "--country", "-c", help="Country code of the pack (PE: Peru).")


def _read(path: Path) -> str:
    check_readable(path)
    try:
        if path == Path("-"):
            return sys.stdin.read()
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _parse_all(files: list[Path], pack: CountryPack) -> list[tuple[str, ParsedRow]]:
    """Every row of every file, in order, each with its file; file-level errors stop before any output."""
    named = len(files) > 1
    rows: list[tuple[str, ParsedRow]] = []
    for path in files:
        text = _read(path)
        source = str(path) if named else ""
        lines = io.StringIO(text, newline="")
        rows += [
            (str(path), row) for row in parse_timeline(lines, source=source, known_types=pack.event_types)
        ]
    return rows


def _error_dict(error: MalformedRowError, file: str, named: bool) -> dict[str, Any]:
    obj: dict[str, Any] = {"line": error.line, "error": error.reason}
    if named:
        obj["file"] = file
    return obj


def _results(rows: list[tuple[str, ParsedRow]], pack: CountryPack, named: bool) -> Iterator[dict[str, Any]]:
    files = [file for file, _ in rows]
    for file, result in zip(files, replay_rows((row for _, row in rows), pack), strict=True):
        if isinstance(result, MalformedRowError):
            yield _error_dict(result, file, named)
        else:
            yield result.to_dict()


def _table(results: Iterable[dict[str, Any]]) -> Table:
    table = Table(
        "date",
        "event",
        "subject",
        "rule",
        "threshold",
        "margin",
        "outcome",
        "recorded",
        "ok",
        "constitutional",
        "alerts",
        title="institutional replay",
    )
    for r in results:
        if "error" in r:
            where = f"{r.get('file', '')}:{r['line']}" if r.get("file") else f"line {r['line']}"
            table.add_row(where, "[malformed]", r["error"], *[""] * 8)
            continue
        ok = {True: "yes", False: "NO", None: ""}[r["consistent"]]
        table.add_row(
            r["date"],
            r["event_type"],
            r["subject"],
            r["rule_id"] or "",
            _s(r["threshold"]),
            _s(r["margin"]),
            r["computed_outcome"] or "",
            r["recorded_outcome"] or "",
            ok,
            r["constitutional"] or "",
            ", ".join(r["alerts"]),
        )
    return table


def _s(value: object) -> str:
    return "" if value is None else str(value)


@app.command("replay")
def replay(
    files: list[Path] = typer.Argument(
        ..., help="Timeline CSV files, replayed in the order given ('-': stdin)."
    ),
    country: str = COUNTRY_OPTION,
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Replay timeline files through the engine: one result per input row, in input order.

    A malformed row gives {"line": N, "error": ...} in its place and the replay goes on (exit 0).
    """
    pack = load_pack(country)
    rows = _parse_all(files, pack)
    named = len(files) > 1
    bad = [(file, row) for file, row in rows if isinstance(row, MalformedRowError)]
    if fmt is Format.json:
        for obj in _results(rows, pack, named):
            emit_jsonl(obj)
    else:
        Console(width=200).print(_table(_results(rows, pack, named)))
    if bad:
        where = ", ".join(f"{file}:{row.line}" if named else f"line {row.line}" for file, row in bad[:10])
        more = f" and {len(bad) - 10} more" if len(bad) > 10 else ""
        warn(f"{len(bad)} malformed row(s) skipped: {where}{more}")


def _status_tables(view: dict[str, Any]) -> list[Table]:
    people = Table("office", "holder", "since", "how", title=f"state on {view['date']} ({view['country']})")
    for office, h in view["officeholders"].items():
        how = ", ".join(
            x
            for x in ((f"via {h['via']}" if h and h["via"] else ""), ("acting" if h and h["acting"] else ""))
            if x
        )
        people.add_row(office, h["name"] if h else "(vacant)", (h or {}).get("since") or "", how)
    denials = view["denials"]
    counted = Table(
        "date",
        "subject",
        "how",
        "counted",
        "rule",
        "reason",
        title=f"denials and censures in this Congress's term: {denials['count']}",
    )
    for d in denials["items"]:
        counted.add_row(d["date"], d["subject"], d["how"], d["counted"], d["rule"], d["reason"])
    motions = Table("motion", "subject", "stage", "opened", "window", "deadline", title="open motions")
    for m in view["open_motions"]:
        motions.add_row(
            m["kind"],
            m["subject"],
            m["stage"],
            m["opened"],
            m["window_from"] or "",
            (m["deadline"] or "") + (" (overdue)" if m["overdue"] else ""),
        )
    nxt = Table("next thresholds", title="what comes next")
    for line in view["next_thresholds"]:
        nxt.add_row(line)
    return [people, counted, motions, nxt]


@app.command("status")
def status_command(
    country: str = COUNTRY_OPTION,
    at: str | None = typer.Option(None, "--at", help="Date YYYY-MM-DD (default: today)."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Print the institutional state on a date, from the bundled timeline and the pack's records."""
    pack = load_pack(country)
    day = parse_date(at) or date.today()
    view = status(pack, day, bundled_timeline(pack))
    if fmt is Format.json:
        emit_jsonl(view)
        return
    console = Console(width=160)
    for table in _status_tables(view):
        console.print(table)
    if view.get("note"):
        typer.echo(f"note: {view['note']}")


def _positions(items: list[str]) -> dict[str, str]:
    positions = {}
    for item in items:
        bloc, sep, side = item.rpartition("=")
        if not sep or not bloc.strip():
            raise UsageError(f"--position {item!r}: use BLOC=for|against|abstain|absent|split")
        positions[bloc.strip()] = side.strip()
    return positions


@app.command("project")
def project_command(
    at: str = typer.Option(..., "--at", help="Date YYYY-MM-DD: the bancadas of that day."),
    motion: str = typer.Option(
        "vacancy_vote", "--motion", help="Event type of the motion (its rule sets the bar)."
    ),
    position: list[str] = typer.Option([], "--position", "-p", help="BLOC=for|against|abstain|absent|split."),
    default: str = typer.Option("absent", "--default", help="Position of the blocs not named."),
    country: str = COUNTRY_OPTION,
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Project a vote from the bancadas and their positions: expected count, margin, pivotal blocs."""
    pack = load_pack(country)
    day = parse_date(at)
    if day is None:
        raise UsageError("--at is required")
    result = project_motion(pack, motion, day, _positions(position), default=default).to_dict()
    if fmt is Format.json:
        emit_jsonl(result)
        return
    blocs = Table(
        "bloc",
        "seats",
        "position",
        "for",
        "against",
        "abstain",
        "absent",
        title=f"{motion} on {result['date']}: {result['threshold_rule']} = {result['threshold']}",
    )
    pivotal = {p["bloc"]: p["switch_to"] for p in result["pivotal"]}
    for b in result["blocs"]:
        mark = f" (pivotal: to {pivotal[b['bloc']]})" if b["bloc"] in pivotal else ""
        blocs.add_row(
            b["bloc"] + mark,
            *(str(b[k]) for k in ("seats", "position", "for", "against", "abstain", "absent")),
        )
    Console(width=160).print(blocs)
    typer.echo(
        f"expected {result['votes_for']} for, {result['votes_against']} against, {result['abstentions']} "
        f"abstaining: {result['outcome']} ({result['distance']})"
    )
