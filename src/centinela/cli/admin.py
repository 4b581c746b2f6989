"""Administrative commands: effective settings and the database's migrations."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from centinela.cli.common import FORMAT_OPTION, Format, emit_jsonl, get_app


def show_config(ctx: typer.Context, fmt: Format = FORMAT_OPTION) -> None:
    """Print the effective settings, where each came from, secrets masked."""
    settings = get_app(ctx).settings
    rows = settings.rows()
    if fmt is Format.json:
        for name, value, origin, help_ in rows:
            emit_jsonl({"name": name, "value": value, "origin": origin, "help": help_})
        return
    table = Table("setting", "value", "from", "meaning", title="centinela settings")
    for name, value, origin, help_ in rows:
        table.add_row(name, value, origin, help_)
    Console(width=160).print(table)
    typer.echo(f"database: {settings.rows()[0][1] or settings.database}")


db_app = typer.Typer(help="Database migrations and checks.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Apply pending migrations (opening the store does it too)."""
    store = get_app(ctx).store
    typer.echo(f"database up to date at {store.engine.url.render_as_string(hide_password=True)}")


@db_app.command("check")
def db_check(ctx: typer.Context) -> None:
    """Report pending migrations and integrity problems (SQLite's integrity_check, rows whose parent row
    is missing); exit 1 when there is any."""
    from centinela.store.backup import integrity_problems
    from centinela.store.db import Store, create_engine

    store = Store(create_engine(get_app(ctx).settings.database))
    try:
        pending = store.pending_migrations()
        if pending:
            typer.echo(f"{len(pending)} pending migration(s): {', '.join(reversed(pending))}")
            raise typer.Exit(1)
        typer.echo("no pending migrations")
        problems = integrity_problems(store)
    finally:
        store.close()
    for problem in problems:
        typer.echo(f"integrity: {problem}")
    if problems:
        raise typer.Exit(1)
    typer.echo("integrity: ok")
