"""`centinela alerts|subscribe|subscriptions|agenda`: alerts, who gets them, and the agenda.

Channel URLs are shown masked everywhere here; the store keeps them whole because delivery needs them.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from centinela.cli.common import FORMAT_OPTION, Format, emit_jsonl, get_app, parse_date

alerts_app = typer.Typer(
    help="Alerts: list them, deliver the outbox, inspect it, read them as a feed.", no_args_is_help=True
)
subscriptions_app = typer.Typer(help="Subscriptions: which alerts go to which channel.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add these commands to the root CLI (called from cli/__init__.py)."""
    app.add_typer(alerts_app, name="alerts")
    app.command("subscribe")(subscribe)
    app.add_typer(subscriptions_app, name="subscriptions")
    app.command("agenda")(agenda)


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(*columns, title=title)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console(width=160).print(table)


def _write(text: str, output: Path | None) -> None:
    if output is None or output == Path("-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        from centinela.errors import InputFileError

        raise InputFileError(f"{output}: cannot be written ({exc.strerror or exc})") from None


@alerts_app.command("list")
def list_alerts_cmd(
    ctx: typer.Context,
    country: str | None = typer.Option(None, "--country", help="Only this country (ISO code)."),
    since: str | None = typer.Option(None, "--since", help="Only alerts dated on or after YYYY-MM-DD."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """List stored alerts, each with how its deliveries stand (sent, pending, dead, last error)."""
    from centinela.store.alerts import list_alerts
    from centinela.store.outbox import delivery_by_alert

    app = get_app(ctx)
    with app.store.read() as conn:
        rows = list_alerts(conn, country.upper() if country else None, parse_date(since), limit)
        status = delivery_by_alert(conn, [r["id"] for r in rows])
    empty = {"pending": 0, "sending": 0, "sent": 0, "dead": 0, "attempts": 0, "last_error": None}
    if fmt is Format.json:
        for row in rows:
            emit_jsonl(row | {"delivery": status.get(row["id"], empty)})
        return
    table = []
    for r in rows:
        d = status.get(r["id"], empty)
        table.append(
            [
                r["id"],
                r["date"],
                r["country"],
                r["level"],
                r["code"],
                r["title"][:60],
                f"{d['sent']} sent {d['pending'] + d['sending']} pending {d['dead']} dead",
                (d["last_error"] or "")[:40],
            ]
        )
    _table(
        f"{len(rows)} alerts",
        ["id", "date", "country", "level", "code", "title", "delivery", "last error"],
        table,
    )


@alerts_app.command("deliver")
def deliver_cmd(
    ctx: typer.Context,
    every: float | None = typer.Option(
        None, "--every", min=0.05, help="Keep running: deliver again every this many seconds (a worker)."
    ),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Run the outbox once: send every message due, retry later what fails, and print a summary."""
    import time

    from centinela.alerts.worker import deliver_pending

    app = get_app(ctx)
    while True:
        started = time.monotonic()
        report = deliver_pending(app)
        if fmt is Format.json:
            emit_jsonl(report.to_json())
        elif every is None or report.messages or report.failed or report.dead:
            typer.echo(report.summary())
            for error in report.errors[:20]:
                typer.echo(f"  failed: {error}", err=True)
        if every is None:
            return
        time.sleep(max(0.0, every - (time.monotonic() - started)))  # a steady period, however long a run


@alerts_app.command("outbox")
def outbox_cmd(
    ctx: typer.Context,
    status: str | None = typer.Option(None, "--status", help="Only pending, sending, sent or dead messages."),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many rows, newest first."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Show the outbox: each message's status, attempts, next attempt and last error (channels masked)."""
    from centinela.alerts.channels import mask_url
    from centinela.store.outbox import list_outbox

    with get_app(ctx).store.read() as conn:
        rows = list_outbox(conn, status, limit)
    for row in rows:
        row["channel"] = mask_url(row["channel"])
    if fmt is Format.json:
        for row in rows:
            emit_jsonl(row)
        return
    _table(
        f"{len(rows)} outbox rows",
        ["id", "alert", "channel", "status", "attempts", "next attempt", "last error"],
        [
            [
                r["id"],
                r["alert_id"],
                r["channel"],
                r["status"],
                r["attempts"],
                r["next_attempt"],
                (r["last_error"] or "")[:50],
            ]
            for r in rows
        ],
    )


@alerts_app.command("feed")
def feed_cmd(
    ctx: typer.Context,
    country: str | None = typer.Option(
        None, "--country", help="The country's alerts (default: the setting)."
    ),
    subscription: int | None = typer.Option(
        None, "--subscription", help="The alerts one subscription matches."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    limit: int = typer.Option(100, "--limit", min=1, help="Newest alerts in the feed."),
) -> None:
    """Print alerts as an Atom feed, per country or per subscription."""
    from centinela.alerts.views import feed_for

    _write(feed_for(get_app(ctx), country=country, subscription_id=subscription, limit=limit), output)


def subscribe(
    ctx: typer.Context,
    channel: str = typer.Argument(
        ..., help="Apprise URL: mailto://, json://, slack://, tgram://, matrix://..."
    ),
    code: list[str] = typer.Option([], "--code", help="Alert code or kind (repeatable)."),
    level: list[str] = typer.Option([], "--level", help="Lowest level wanted (calm..critical; repeatable)."),
    country: list[str] = typer.Option([], "--country", help="Country code (repeatable)."),
    place: list[str] = typer.Option(
        [], "--place", help="Place name in the alert or its evidence (repeatable)."
    ),
    keyword: list[str] = typer.Option(
        [], "--keyword", help="Word in the alert or its evidence (repeatable)."
    ),
    all_: bool = typer.Option(
        False, "--all", help="Every alert (operator alerts only when named by --code)."
    ),
    digest: str = typer.Option("", "--digest", help="Group alerts: hourly or daily (default: one by one)."),
    digest_hour: int | None = typer.Option(None, "--digest-hour", help="Local hour of the daily digest."),
    quiet_hours: str = typer.Option(
        "", "--quiet-hours", help="Hold alerts in this local window, e.g. 22-07."
    ),
    tz: str = typer.Option("UTC", "--tz", help="Time zone for digests and quiet hours (IANA name)."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Subscribe a channel to the alerts that match the rules given."""
    from centinela.alerts.channels import mask_url, validate_channel
    from centinela.alerts.rules import make_rule
    from centinela.alerts.schedule import Timing, check_timing
    from centinela.store.subscriptions import add_subscription

    app = get_app(ctx)
    rule = make_rule(code, level, country, place, keyword, all_)
    hour = app.settings.digest_hour if digest_hour is None else digest_hour
    timing = check_timing(Timing(digest.lower().strip(), hour, quiet_hours.strip(), tz.strip()))
    url = validate_channel(channel, app.settings.allow_private_hosts)
    with app.store.write() as conn:
        sub_id = add_subscription(conn, url, rule, timing)
    shown = {
        "id": sub_id,
        "channel": mask_url(url),
        "rules": rule.describe(),
        "digest": timing.digest,
        "quiet_hours": timing.quiet_hours,
        "tz": timing.tz,
    }
    if fmt is Format.json:
        emit_jsonl(shown)
        return
    typer.echo(f"subscription {sub_id}: {shown['channel']} ({shown['rules']})")


@subscriptions_app.command("list")
def subscriptions_list(ctx: typer.Context, fmt: Format = FORMAT_OPTION) -> None:
    """List subscriptions, channel URLs masked."""
    from centinela.alerts.channels import mask_url
    from centinela.store.outbox import utc
    from centinela.store.subscriptions import list_subscriptions, rule_of

    with get_app(ctx).store.read() as conn:
        rows = list_subscriptions(conn)
    shown = [
        {
            "id": r["id"],
            "channel": mask_url(r["channel"]),
            "rules": rule_of(r).describe(),
            "digest": r["digest"],
            "digest_hour": r["digest_hour"],
            "quiet_hours": r["quiet_hours"],
            "tz": r["tz"],
            "created": utc(r["created"]),
        }
        for r in rows
    ]
    if fmt is Format.json:
        for row in shown:
            emit_jsonl(row)
        return
    _table(
        f"{len(shown)} subscriptions",
        ["id", "channel", "rules", "digest", "quiet hours", "tz"],
        [[s["id"], s["channel"], s["rules"], s["digest"], s["quiet_hours"], s["tz"]] for s in shown],
    )


@subscriptions_app.command("remove")
def subscriptions_remove(
    ctx: typer.Context, subscription_id: int = typer.Argument(..., help="Its id.")
) -> None:
    """Remove a subscription and its undelivered messages."""
    from centinela.alerts.errors import AlertError
    from centinela.store.subscriptions import remove_subscription

    with get_app(ctx).store.write() as conn:
        removed = remove_subscription(conn, subscription_id)
    if not removed:
        raise AlertError(f"no subscription {subscription_id} (see: centinela subscriptions list)")
    typer.echo(f"removed subscription {subscription_id}")


def agenda(
    ctx: typer.Context,
    country: str | None = typer.Option(None, "--country", help="Country (default: the setting)."),
    ics: Path = typer.Option(..., "--ics", help="iCalendar file to write ('-' for stdout)."),
    tz: str = typer.Option("America/Lima", "--tz", help="Time zone the agenda is shown in (IANA name)."),
    at: str | None = typer.Option(None, "--at", help="The day whose open motions to list (default: today)."),
) -> None:
    """Write the scheduled decision points (votes, windows, deadlines, elections) as iCalendar."""
    from centinela.alerts.views import agenda_for

    app = get_app(ctx)
    code = (country or app.settings.country).upper()
    day = parse_date(at) or date.today()
    text, count = agenda_for(app, code, day, tz, datetime.now(UTC))
    _write(text, ics)
    if ics != Path("-"):
        typer.echo(f"wrote {count} agenda item{'s' if count != 1 else ''} for {code} to {ics} ({tz})")
