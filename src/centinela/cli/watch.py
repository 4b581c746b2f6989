"""`centinela watch`: the main job. Replays the demo or polls the sources, and reports what happens."""

from __future__ import annotations

import sys
import time

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from centinela import pipeline
from centinela.alerts.worker import deliver_pending
from centinela.app import App
from centinela.cli.common import get_app

# Replays shorter than this finish before a bar would be worth drawing.
PROGRESS_MIN_EVENTS = 200


def _replay_demo(app: App, country: str) -> int:
    origin, events = pipeline.demo_events(country)
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
        for raised in pipeline.replay_institutions(
            app, country, events, origin, on_step=lambda: bar.advance(task)
        ):
            bar.console.print(raised.line, highlight=False, soft_wrap=True) if show_bar else typer.echo(
                raised.line
            )
            count += 1
    return count


def watch(
    ctx: typer.Context,
    demo: bool = typer.Option(
        False, "--demo", help="Replay the bundled Peru timeline instead of the network."
    ),
    once: bool = typer.Option(False, "--once", help="Process once and exit; never serve anything."),
    country: str = typer.Option("", "--country", help="Country pack for the demo (default: the setting)."),
) -> None:
    """Follow the country: replay or poll, run the engine, print each institutional alert as it happens."""
    app = get_app(ctx)
    country = country or app.settings.country
    if demo:
        alerts = _replay_demo(app, country)
        typer.echo(f"{alerts} institutional alerts raised; stored in {app.settings.database}")
        for change in pipeline.refresh_signals(app, country):
            typer.echo(f"{change.date.isoformat()} [{change.level}] risk: {change.title}")
    typer.echo(deliver_pending(app).summary())
    if once:
        return
    typer.echo(f"watching every {app.settings.watch_interval:g} s; press Ctrl-C to stop")
    sys.stdout.flush()
    try:
        while True:
            time.sleep(app.settings.watch_interval)
            report = deliver_pending(app)
            if report.messages or report.failed:
                typer.echo(report.summary())
    except KeyboardInterrupt:
        typer.echo("stopped")
