"""The centinela command line: a thin layer over the library.

Every command is registered here; each lives in a module of this package. Errors from the core
(``centinela.errors``) become one-line messages with a non-zero exit code; nothing prints a traceback.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from centinela.app import App
from centinela.cli import admin, alerts, code, institutions, risk, scale, serve, sources, watch
from centinela.errors import CentinelaError
from centinela.settings import load_settings

app = typer.Typer(
    name="centinela",
    help="Open early-warning system for political crises: ingest, code, follow the constitution, alert.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Path | None = typer.Option(None, "--db", help="SQLite database file to use instead of the default."),
    config: Path | None = typer.Option(None, "--config", help="TOML settings file."),
) -> None:
    overrides = {"database_url": f"sqlite:///{db.expanduser().resolve()}"} if db else {}
    settings = load_settings(config=config, overrides=overrides)
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = App(settings)
    ctx.call_on_close(ctx.obj.close)


# One line per command or group; each module holds its commands.
app.command("watch")(watch.watch)
app.command("ingest")(sources.ingest)
app.add_typer(sources.app, name="sources")
app.add_typer(sources.documents_app, name="documents")
app.command("code")(code.code)
app.add_typer(institutions.app, name="institutions")
app.command("risk")(risk.risk)
alerts.register(app)  # alerts, subscribe, subscriptions, agenda
app.command("serve")(serve.serve)
scale.register(app)  # backfill, backup, restore
app.command("config")(admin.show_config)
app.add_typer(admin.db_app, name="db")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and translate every failure into a one-line message."""
    try:
        code = app(args=argv, prog_name="centinela", standalone_mode=False)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, missing argument
        ctx = getattr(exc, "ctx", None)
        hint = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
        typer.echo(f"error: {exc.format_message()}{hint}", err=True)
        code = exc.exit_code
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        typer.echo("interrupted", err=True)
        code = 130
    except CentinelaError as exc:
        typer.echo(f"error: {exc}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, said in one line
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (please report it)", err=True)
        code = 70
    sys.exit(code if isinstance(code, int) else 0)
