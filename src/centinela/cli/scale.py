"""Commands of the scale-out part: `centinela backfill`, `centinela backup`, `centinela restore`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from centinela.cli.common import FORMAT_OPTION, Format, check_readable, emit_jsonl, get_app, warn
from centinela.errors import UsageError


class ExecutorKind(StrEnum):
    local = "local"
    dask = "dask"


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


def backfill(
    ctx: typer.Context,
    sources: list[Path] = typer.Argument(
        ...,
        help="Files: documents (JSON Lines, CSV) or events (GDELT, GKG, "
        "ICEWS, POLECAT, ACLED); the kind is read from the file.",
    ),
    executor: ExecutorKind = typer.Option(
        ExecutorKind.dask,
        "--executor",
        help="dask: on a Dask cluster; local: in this process (the baseline).",
    ),
    scheduler: str = typer.Option(
        "",
        "--scheduler",
        help="Address of a Dask scheduler (tcp://host:8786); "
        "empty starts a LocalCluster of worker processes.",
    ),
    workers: int = typer.Option(2, "--workers", min=1, help="Worker processes of the LocalCluster."),
    partition_size: int = typer.Option(
        1000,
        "--partition-size",
        min=1,
        help="Rows per partition (per transaction). Keep it when resuming: progress is kept per size.",
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Code a large corpus in partitions and store documents and events; resumable after interruption."""
    from centinela.scale import Backfill, make_executor
    from centinela.scale.backfill import analyze

    application = get_app(ctx)
    for path in sources:
        check_readable(path)
    if scheduler and executor is ExecutorKind.local:
        raise UsageError("--scheduler needs --executor dask")
    job = Backfill.from_settings(application.store, application.settings, partition_size)
    planned = job.plan([str(p) for p in sources])
    try:
        with make_executor(executor.value, scheduler or None, workers) as runner, _progress(progress) as bar:
            task = bar.add_task("backfill", total=sum(p.estimate for p in planned))
            reports = job.run(planned, runner, on_rows=lambda n: bar.advance(task, n))
            bar.update(task, total=bar.tasks[0].completed)
        analyze(application.store)
    except KeyboardInterrupt:
        # Each partition is written with its progress row in one transaction: nothing half-done remains.
        warn("interrupted: the partitions written are kept; run the same command again to resume")
        raise typer.Exit(130) from None
    for report in reports:
        _show(report, fmt)


def _show(report: object, fmt: Format) -> None:
    from dataclasses import asdict

    data = asdict(report)  # type: ignore[call-overload]
    if fmt is Format.json:
        data["errors"] = [{"line": line, "error": reason} for line, reason in data["errors"]]
        emit_jsonl(data)
        return
    typer.echo(
        f"{data['source']} ({data['kind']}): {data['rows']} rows, {data['new']} new, {data['duplicate']} "
        f"duplicate, {data['events']} events, {data['skipped']} outside the ontology or empty, "
        f"{data['malformed']} malformed; {data['partitions']} partitions written"
        + (f", {data['resumed_partitions']} done before" if data["resumed_partitions"] else "")
    )
    for line, reason in data["errors"]:
        warn(f"{data['source']}:{line}: {reason}" if line else f"{data['source']}: {reason}")
    if data["malformed"] > len(data["errors"]):
        warn(f"{data['source']}: ... {data['malformed'] - len(data['errors'])} more malformed rows")


def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Backup file to write (gzipped JSON Lines; .jsonl.gz)."),
    native: bool = typer.Option(False, "--native", help="PostgreSQL only: use pg_dump (custom format)."),
) -> None:
    """Back up the whole store (every table, with its schema revision), SQLite or PostgreSQL."""
    from centinela.store.backup import backup as run_backup
    from centinela.store.backup import pg_dump

    store = get_app(ctx).store
    if native:
        pg_dump(store, file)
        typer.echo(f"pg_dump written to {file}")
        return
    counts = run_backup(store, file)
    typer.echo(f"{sum(counts.values())} rows of {len(counts)} tables written to {file}")


def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A backup made by `centinela backup` (or a pg_dump archive)."),
) -> None:
    """Restore a backup into this (empty) store, on either backend, in one transaction."""
    from centinela.store.backup import restore as run_restore

    check_readable(file)
    counts = run_restore(get_app(ctx).store, file)
    typer.echo(f"{sum(counts.values())} rows restored into {len(counts)} tables")


def register(app: typer.Typer) -> None:
    app.command("backfill")(backfill)
    app.command("backup")(backup)
    app.command("restore")(restore)
