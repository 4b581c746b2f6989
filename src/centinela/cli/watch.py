"""`centinela watch`: the main job. Replays the demo or polls the sources, and reports what happens."""

from __future__ import annotations

import time

import typer

from centinela.cli.common import get_app


def watch(
    ctx: typer.Context,
    demo: bool = typer.Option(False, "--demo", help="Replay the bundled Peru timeline instead of the network."),
    once: bool = typer.Option(False, "--once", help="Process once and exit; never serve anything."),
) -> None:
    """Follow the country: replay or poll, run the engine, print each institutional alert as it happens."""
    app = get_app(ctx)
    typer.echo(f"centinela watch: database {app.settings.database}")
    if once:
        return
    while True:
        time.sleep(app.settings.watch_interval)
