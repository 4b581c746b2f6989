"""`centinela serve`: the dashboard and API on one address (every page and asset from the app itself)."""

from __future__ import annotations

import typer

from centinela.cli.common import get_app


def _hash_password() -> None:
    from centinela.web.auth import hash_password

    # Prompts on stderr: stdout carries only the hash, ready for a settings file or a pipe.
    password = typer.prompt("admin password", hide_input=True, confirmation_prompt=True, err=True)
    if len(password) < 10:
        raise typer.BadParameter("use at least 10 characters", param_hint="password")
    typer.echo(hash_password(password))


def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        None, "--host", help="Address to listen on (default: the web_host setting, 127.0.0.1)."
    ),
    port: int = typer.Option(
        None, "--port", min=0, max=65535, help="Port (default: the web_port setting, 8000)."
    ),
    hash_password: bool = typer.Option(
        False,
        "--hash-password",
        help="Ask for a password, print its argon2 hash for admin_password_hash, and exit.",
    ),
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI at /openapi.json) until Ctrl-C."""
    if hash_password:
        _hash_password()
        return
    from centinela.web import serve as run

    app = get_app(ctx)
    host = host or app.settings.web_host
    port = app.settings.web_port if port is None else port

    def ready(url: str) -> None:
        typer.echo(f"dashboard at {url} (API: {url}openapi.json); press Ctrl-C to stop", err=True)

    run(app, host, port, on_ready=ready)
