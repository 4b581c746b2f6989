"""`centinela watch`: the main job. Replays the demo or polls the sources, and reports what happens."""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from centinela import pipeline
from centinela.alerts.worker import deliver_pending
from centinela.app import App
from centinela.cli.common import get_app
from centinela.model import InstitutionalEvent

# Replays shorter than this finish before a bar would be worth drawing.
PROGRESS_MIN_EVENTS = 200


def _replay_engine(app: App, country: str, origin: str, events: list[InstitutionalEvent]) -> int:
    typer.echo(f"replaying {len(events)} institutional events of the {country} demo timeline")
    err = Console(stderr=True)
    show_bar = len(events) >= PROGRESS_MIN_EVENTS and err.is_terminal
    count = 0
    with Progress(
        TextColumn("replay"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        disable=not show_bar,
        transient=True,
    ) as bar:
        task = bar.add_task("replay", total=len(events))
        steps = pipeline.replay_institutions(app, country, events, origin, on_step=lambda: bar.advance(task))
        for raised in steps:
            if show_bar:
                bar.console.print(raised.line, highlight=False, soft_wrap=True)
            else:
                typer.echo(raised.line)
            count += 1
    return count


def _replay_news(app: App, country: str, events: list[InstitutionalEvent]) -> None:
    from centinela.sources.ingest import ingest_documents

    if not events:
        return
    docs = pipeline.demo_documents(country, events[0].date, events[-1].date)
    # The replay's clock is the end of the period, so its dates are judged as they were then.
    end = datetime.combine(events[-1].date, datetime.max.time(), tzinfo=UTC)
    result = ingest_documents(app, docs, source="bundled:reports", now=end)
    coded = pipeline.code_pending(app)
    typer.echo(f"news replay: {len(docs)} reports, {result.new} new, {coded} events coded")


def _demo(app: App, country: str) -> None:
    origin, events = pipeline.demo_events(country)
    alerts = _replay_engine(app, country, origin, events)
    typer.echo(f"{alerts} institutional alerts raised; stored in {app.settings.database}")
    _replay_news(app, country, events)
    for change in pipeline.refresh_signals(app, country):
        typer.echo(f"{change.date.isoformat()} [{change.level}] risk: {change.title}")


def _round(app: App, country: str, scored: date | None = None) -> date:
    """One round of watching: poll due sources, code what came, recompute the risk, deliver.

    ``scored`` is the day the risk was last recomputed: the risk is recomputed only when new events
    came or the day changed (its parts fade day by day), not on every round. Returns the new value.
    """
    from centinela.sources.ingest import poll_due_sources

    for result in poll_due_sources(app):
        if result.new or result.error:
            typer.echo(f"{result.source}: {result.new} new" + (f"; {result.error}" if result.error else ""))
    coded = pipeline.code_pending(app)
    today = datetime.now(UTC).date()
    if coded or scored != today:
        for change in pipeline.refresh_signals(app, country, until=today):
            typer.echo(f"{change.date.isoformat()} [{change.level}] risk: {change.title}")
    report = deliver_pending(app)
    if report.messages or report.failed:
        typer.echo(report.summary())
    return today


def watch(
    ctx: typer.Context,
    demo: bool = typer.Option(
        False, "--demo", help="Replay the bundled Peru timeline instead of the network."
    ),
    once: bool = typer.Option(False, "--once", help="Process once and exit; never serve anything."),
    country: str = typer.Option("", "--country", help="Country pack to follow (default: the setting)."),
) -> None:
    """Follow the country: replay or poll, run the engine, print each alert, serve the dashboard.

    With --once it processes once and exits without serving anything.
    """
    app = get_app(ctx)
    country = country or app.settings.country
    if demo:
        _demo(app, country)
        typer.echo(deliver_pending(app).summary())
        scored = None
    else:
        scored = _round(app, country)
    if once:
        return
    from centinela.web import serve_in_background

    url, stop = serve_in_background(app)
    typer.echo(f"dashboard at {url} (open it in a browser)")
    typer.echo(f"watching every {app.settings.watch_interval:g} s; press Ctrl-C to stop")
    sys.stdout.flush()
    try:
        while True:
            time.sleep(app.settings.watch_interval)
            scored = _round(app, country, scored)
    except KeyboardInterrupt:
        typer.echo("stopped")
    finally:
        stop()
