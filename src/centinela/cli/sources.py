"""Commands of the ingestion edge: `centinela sources ...`, `centinela ingest`, `centinela documents list`."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from centinela.cli.common import FORMAT_OPTION, Format, check_readable, emit_jsonl, get_app, parse_date
from centinela.errors import UsageError

app = typer.Typer(
    help="Feeds and other sources of documents: add, list, remove, check health, OPML.", no_args_is_help=True
)
documents_app = typer.Typer(
    help="Stored documents (news items, replayed corpora, event files).", no_args_is_help=True
)


def _now() -> datetime:
    return datetime.now(UTC)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


@app.command("add")
def add(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="Feed address (http or https)."),
    name: str = typer.Option("", "--name", help="Outlet name; duplicates are counted per outlet."),
    country: str = typer.Option("", "--country", help="ISO 3166-1 alpha-2 code of the country covered."),
    lang: str = typer.Option("", "--lang", help="Language of the source (used when detection is unsure)."),
) -> None:
    """Register a feed. Loopback, private and link-local hosts are refused unless allow_private_hosts."""
    from centinela.sources.guard import check_url
    from centinela.store.sources import add_source, get_source

    application = get_app(ctx)
    check_url(url, application.settings.allow_private_hosts, strict=False)
    with application.store.write() as conn:
        if get_source(conn, url) is not None:
            raise UsageError(f"{url} is already a source")
        add_source(conn, url, _now(), name=name, country=country, lang=lang)
    typer.echo(f"added {url}")


@app.command("add-pack")
def add_pack(
    ctx: typer.Context, code: str = typer.Argument("PE", help="Country code of the pack (PE: Peru).")
) -> None:
    """Register a country's source pack (PE: El Comercio, La República, RPP, Andina, Gestión, Infobae Perú,
    Correo, Exitosa, Ojo Público, IDL-Reporteros, Convoca, Congress and executive press, Reuters, AP, EFE,
    BBC Mundo). Each stays unverified until a poll sees it answer; sources already present are kept."""
    from centinela.sources.pack import load_pack
    from centinela.store.sources import add_source, get_source

    pack = load_pack(code)
    added = 0
    with get_app(ctx).store.write() as conn:
        for s in pack:
            if get_source(conn, s.url) is None:
                add_source(
                    conn,
                    s.url,
                    _now(),
                    name=s.name,
                    country=s.country,
                    lang=s.lang,
                    pack=s.pack,
                    verified=s.verified,
                )
                added += 1
    typer.echo(f"pack {code.upper()}: {added} sources added, {len(pack) - added} already present")


@app.command("list")
def list_(ctx: typer.Context, fmt: Format = FORMAT_OPTION) -> None:
    """List the registered sources."""
    from centinela.store.sources import list_sources

    with get_app(ctx).store.read() as conn:
        rows = list_sources(conn)
    keys = (
        "id",
        "url",
        "name",
        "country",
        "lang",
        "kind",
        "pack",
        "verified",
        "last_success",
        "error_streak",
        "next_poll",
    )
    if fmt is Format.json:
        for row in rows:
            emit_jsonl({k: row[k] for k in keys})
        return
    table = Table("id", "name", "url", "country", "verified", "last success", "errors", title="sources")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["name"],
            r["url"],
            r["country"],
            "yes" if r["verified"] else "no",
            _when(r["last_success"]),
            str(r["error_streak"]),
        )
    Console(width=200).print(table)


@app.command("remove")
def remove(ctx: typer.Context, key: str = typer.Argument(..., help="The source's URL or id.")) -> None:
    """Remove a source (its documents stay)."""
    from centinela.store.sources import remove_source

    with get_app(ctx).store.write() as conn:
        if not remove_source(conn, key):
            raise UsageError(f"no source {key!r} (see: centinela sources list)")
    typer.echo(f"removed {key}")


@app.command("check")
def check(
    ctx: typer.Context,
    poll: bool = typer.Option(False, "--poll", help="Poll every source once now (no article pages) first."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Health of each source: last success, last new item, error streak, items per day, usual interval.
    A source is 'silent' after silent_factor times its usual interval without a new item, 'failing'
    after failing_streak errors in a row. Exits 1 when any source is silent or failing."""
    from centinela.sources.ingest import ingest_targets
    from centinela.sources.schedule import health
    from centinela.store.sources import list_sources

    application = get_app(ctx)
    s = application.settings
    if poll:
        with application.store.read() as conn:
            urls = [r["url"] for r in list_sources(conn, kind="feed")]
        ingest_targets(application, urls, fetch_pages=False)
    with application.store.read() as conn:
        rows = list_sources(conn)
    now = _now()
    report = [
        health(
            r,
            now,
            silent_factor=s.silent_factor,
            failing_streak=s.failing_streak,
            poll_interval=s.poll_interval,
        )
        for r in rows
    ]
    if fmt is Format.json:
        for h in report:
            emit_jsonl(h)
    else:
        table = Table(
            "status",
            "name",
            "url",
            "last success",
            "last new",
            "errors",
            "items/day",
            "interval h",
            "last error",
            title="source health",
        )
        for h in report:
            table.add_row(
                h.status,
                h.name,
                h.url,
                _when(h.last_success),
                _when(h.last_new_item),
                str(h.error_streak),
                str(h.items_per_day or "-"),
                str(h.usual_interval_hours or "-"),
                (h.last_error or "")[:60],
            )
        Console(width=220).print(table)
    if any(h.status in ("silent", "failing") for h in report):
        raise typer.Exit(1)


@app.command("import")
def import_(ctx: typer.Context, file: Path = typer.Argument(..., help="OPML file.")) -> None:
    """Add every feed of an OPML file (folders flattened; sources already present are kept)."""
    from centinela.errors import BlockedHostError, FetchError
    from centinela.sources.guard import check_url
    from centinela.sources.opml import parse_opml
    from centinela.store.sources import add_source, get_source

    application = get_app(ctx)
    outlines = parse_opml(check_readable(file).read_bytes())
    added, refused = 0, []
    with application.store.write() as conn:
        for o in outlines:
            try:
                check_url(o.url, application.settings.allow_private_hosts, strict=False)
            except (BlockedHostError, FetchError) as exc:
                refused.append(str(exc))
                continue
            if get_source(conn, o.url) is None:
                add_source(conn, o.url, _now(), name=o.name, country=o.country, lang=o.lang)
                added += 1
    for reason in refused:
        typer.echo(f"skipped: {reason}", err=True)
    typer.echo(
        f"{added} sources added from {file}, {len(outlines) - added - len(refused)} already present, "
        f"{len(refused)} refused"
    )


@app.command("export")
def export(ctx: typer.Context) -> None:
    """Print the sources as OPML 2.0."""
    from centinela.sources.opml import build_opml
    from centinela.store.sources import list_sources

    with get_app(ctx).store.read() as conn:
        rows = list_sources(conn, kind="feed")
    sys.stdout.buffer.write(build_opml(rows))
    sys.stdout.flush()


def ingest(
    ctx: typer.Context,
    targets: list[str] = typer.Argument(
        ..., help="Feed URLs, or files: a feed, ICEWS .tab, CSV or JSONL documents."
    ),
    no_pages: bool = typer.Option(False, "--no-pages", help="Keep the feeds' text; fetch no article pages."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Fetch each source once and store what it carries (URLs become registered sources). With
    --format json: one line per source {source, new, duplicate, failed, unchanged, error}. Exits 1
    only when every source failed."""
    from centinela.sources.ingest import ingest_targets
    from centinela.sources.model import IngestResult

    def show(result: IngestResult) -> None:
        if fmt is Format.json:
            emit_jsonl(result.as_dict())
        elif result.warning and not result.error:
            typer.echo(f"warning: {result.source}: {result.warning}", err=True)

    results = ingest_targets(get_app(ctx), targets, fetch_pages=False if no_pages else None, on_result=show)
    if fmt is not Format.json:
        table = Table("source", "new", "duplicate", "failed", "unchanged", "error", title="ingest")
        for r in results:
            table.add_row(
                r.source,
                str(r.new),
                str(r.duplicate),
                str(r.failed),
                "yes" if r.unchanged else "",
                r.error or "",
            )
        Console(width=200).print(table)
    if results and all(r.error for r in results):
        raise typer.Exit(1)


@documents_app.command("list")
def documents_list(
    ctx: typer.Context,
    source: str | None = typer.Option(None, "--source", help="Only documents first seen in this source."),
    since: str | None = typer.Option(
        None, "--since", help="Only documents published (else fetched) on or after this date, YYYY-MM-DD."
    ),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many, newest first."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """List stored documents: id, url, source, title, text, lang, published, outlets."""
    from centinela.store.documents import list_documents

    day = parse_date(since)
    start = datetime.combine(day, time(0), tzinfo=UTC) if day else None
    with get_app(ctx).store.read() as conn:
        docs = list_documents(conn, source=source, since=start, limit=limit)
    keys = ("id", "url", "source", "title", "text", "lang", "published", "outlets")
    if fmt is Format.json:
        for doc in docs:
            emit_jsonl({k: doc[k] for k in keys})
        return
    table = Table("id", "published", "lang", "outlets", "title", title="documents")
    for doc in docs:
        table.add_row(
            str(doc["id"]), _when(doc["published"]), doc["lang"], str(len(doc["outlets"])), doc["title"][:100]
        )
    Console(width=200).print(table)
