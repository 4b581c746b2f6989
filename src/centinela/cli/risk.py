"""`centinela risk`: a country's risk score on a day, its level, its named parts and the top evidence.

Computed from what the store holds (the engine's verdicts, coded events, documents and their outlets)
up to the day asked, with the weights and cut-offs of the settings; nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from centinela import institutions
from centinela.cli.common import FORMAT_OPTION, Format, emit_jsonl, get_app, parse_date
from centinela.errors import UnknownCountryError, UsageError

if TYPE_CHECKING:
    from centinela.signals.model import RiskDay


def _pack(country: str) -> Any:
    try:
        return institutions.load_pack(country)
    except UnknownCountryError:
        return None  # no institutional pack: the engine has no verdicts for it, the other parts still count


def _last_change(days: list[RiskDay]) -> dict[str, Any] | None:
    from centinela.signals.explain import level_changes

    changes = level_changes(days)
    if not changes:
        return None
    last = changes[-1]
    return {"date": last.day.date.isoformat(), "previous": last.previous, "level": last.day.level}


def _payload(day: RiskDay, days: list[RiskDay], weights: dict[str, float]) -> dict[str, Any]:
    data = day.to_dict()
    data["weights"] = dict(weights)  # in the order of the parts
    data["last_change"] = _last_change(days)
    return data


def _print_table(data: dict[str, Any]) -> None:
    console = Console(width=160)
    since = data["last_change"]
    note = f" (since {since['date']}, was {since['previous']})" if since else ""
    console.print(f"{data['country']} on {data['date']}: {data['level']}, {data['score']:.1f}/100{note}")
    parts = Table("part", "points", "of at most", title="parts")
    for part in data["weights"]:
        parts.add_row(part, f"{data['parts'][part]:.1f}", f"{data['weights'][part]:g}")
    console.print(parts)
    evidence = Table("part", "points", "date", "why", "source", title="top evidence")
    for item in data["evidence"]:
        evidence.add_row(
            item["part"],
            f"{item['points']:.1f}",
            item["date"],
            item["label"],
            item["url"] or item["sentence"],
        )
    console.print(evidence)


def risk(
    ctx: typer.Context,
    country: str = typer.Option("", "--country", "-c", help="Country code (default: the setting)."),
    at: str | None = typer.Option(None, "--at", help="Day to score, YYYY-MM-DD (default: today)."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """The risk score of a country on a day: 0-100, its level, the points of each part and the evidence."""
    app = get_app(ctx)
    code = (country or app.settings.country).upper()
    if len(code) != 2 or not code.isalpha():
        raise UsageError(f"country {code!r} is not a two-letter ISO code")
    day = parse_date(at) or date.today()
    config = app.risk_config
    # Imported here: the numerical stack is not worth loading for every other command (or --help).
    from centinela.store.signals import compute_risk

    with app.store.read() as conn:
        days = compute_risk(conn, code, config, pack=_pack(code), until=day, end=day)
    data = _payload(days[-1], days, dict(config.weights))
    if fmt is Format.json:
        emit_jsonl(data)
    else:
        _print_table(data)
