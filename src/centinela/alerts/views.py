"""Alerts read back as documents: the Atom feed and the iCalendar agenda, from the store and engine.

The CLI and the web layer call these; the documents themselves are built by the pure functions in
``feed`` and ``agenda``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from centinela.alerts.agenda import agenda_ics, motion_items
from centinela.alerts.errors import AlertError
from centinela.alerts.feed import atom_feed
from centinela.alerts.render import country_name


def feed_for(
    app: Any,
    country: str | None = None,
    subscription_id: int | None = None,
    limit: int = 100,
    self_url: str = "",
) -> str:
    """The Atom feed of one subscription's alerts, or else of one country's (default: the setting)."""
    from centinela.store.alerts import recent_alerts
    from centinela.store.outbox import alerts_for_subscription
    from centinela.store.subscriptions import get_subscription

    with app.store.read() as conn:
        if subscription_id is not None:
            if get_subscription(conn, subscription_id) is None:
                raise AlertError(f"no subscription {subscription_id} (see: centinela subscriptions list)")
            rows = alerts_for_subscription(conn, subscription_id, limit)
            title, scope = (
                f"centinela alerts for subscription {subscription_id}",
                f"subscription:{subscription_id}",
            )
        else:
            code = (country or app.settings.country).upper()
            rows = recent_alerts(conn, code, limit)
            title, scope = f"centinela alerts: {country_name(code)}", f"country:{code}"
    return atom_feed(rows, title=title, scope=scope, self_url=self_url)


def open_motions(app: Any, country: str, day: date) -> list[Any]:
    """The engine's open motions for ``country`` at the end of ``day``.

    An App that knows better (the live engine state) provides ``open_motions(country, day)``;
    otherwise the bundled timeline is replayed up to the day.
    """
    provider = getattr(app, "open_motions", None)
    if callable(provider):
        return list(provider(country, day))
    from centinela.institutions.engine import state_at
    from centinela.institutions.pack import load_pack

    return list(state_at(load_pack(country), day).motions)


def agenda_for(app: Any, country: str, day: date, tz: str, now: datetime) -> tuple[str, int]:
    """The iCalendar agenda of ``country``'s decision points open at ``day``, and how many items."""
    items = motion_items(open_motions(app, country, day))
    name = f"centinela agenda: {country_name(country)}"
    return agenda_ics(items, tz, name=name, now=now), len(items)
