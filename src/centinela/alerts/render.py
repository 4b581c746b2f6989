"""What a subscriber reads: one alert, or a digest of several, as a title and a plain-text body.

Every message names each alert's id and key and its own delivery key, so two different alerts never
produce the same text and a reader (or a receiver) can tell a repeat from a new message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MAX_EVIDENCE = 20  # an alert seen by more outlets lists the first 20 and says how many more


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str
    key: str  # the idempotency key: the same batch of alerts to the same subscription, every retry
    alert_ids: tuple[int, ...]


def batch_key(alert_keys: Sequence[str], subscription_id: int, created: str = "") -> str:
    """A stable key for sending these alerts to this subscription: the same on every retry.

    It hashes the alerts' own keys (not only database ids) so two databases feeding one receiver
    cannot collide; ``created`` (the subscription's creation time) separates re-created subscriptions.
    """
    text = "\n".join(sorted(alert_keys)) + f"\n{subscription_id}\n{created}"
    return "cn-" + hashlib.sha256(text.encode()).hexdigest()[:40]


def country_name(code: str) -> str:
    import pycountry  # a data lookup, loaded only when a message is rendered

    found = pycountry.countries.get(alpha_2=(code or "").upper())
    return f"{found.name} ({code.upper()})" if found else (code or "unknown")


def _why(alert: Mapping[str, Any]) -> str:
    parts = []
    if alert.get("level"):
        parts.append(f"level {alert['level']}")
    if alert.get("rule_id"):
        parts.append(f"rule {alert['rule_id']}")
    if alert.get("code"):
        parts.append(f"{alert.get('kind') or 'alert'} code {alert['code']}")
    return "; ".join(parts)


def _evidence_lines(evidence: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = []
    for item in evidence[:MAX_EVIDENCE]:
        sentence = str(item.get("sentence") or "").strip()
        who = str(item.get("outlet") or "").strip()
        url = str(item.get("url") or "").strip()
        quoted = f"\u201c{sentence}\u201d" if sentence else ""
        text = " ".join(p for p in (f"{who}:" if who else "", quoted) if p)
        lines.append(f"- {text} {url}".rstrip() if text else f"- {url}")
    if len(evidence) > MAX_EVIDENCE:
        lines.append(f"- and {len(evidence) - MAX_EVIDENCE} more sources")
    return lines


def alert_text(alert: Mapping[str, Any]) -> str:
    """The body of one alert: what, where, when, why it matters, evidence, and its id and key."""
    lines = [str(alert.get("title") or alert.get("code") or "alert")]
    if alert.get("body"):
        lines += ["", str(alert["body"]).strip()]
    lines += [
        "",
        f"Where: {country_name(str(alert.get('country') or ''))}",
        f"When: {alert.get('date')}",
    ]
    why = _why(alert)
    if why:
        lines.append(f"Why it matters: {why}")
    evidence = list(alert.get("evidence") or ())
    if evidence:
        lines += ["", f"Evidence ({len(evidence)} source{'s' if len(evidence) != 1 else ''}):"]
        lines += _evidence_lines(evidence)
    lines += ["", f"alert #{alert.get('id')} \u00b7 key {alert.get('key')}"]
    return "\n".join(lines)


def alert_title(alert: Mapping[str, Any]) -> str:
    level = str(alert.get("level") or "").upper()
    country = str(alert.get("country") or "").upper()
    head = " ".join(p for p in (f"[{country}]" if country else "", level) if p)
    return f"{head} {alert.get('title') or alert.get('code')}".strip()


def render(alerts: Sequence[Mapping[str, Any]], key: str, digest: str = "") -> Message:
    """The message for a batch: one alert as itself, several as a digest listing each in full."""
    if not alerts:
        raise ValueError("a message needs at least one alert")
    ids = tuple(int(a["id"]) for a in alerts)
    footer = f"\n\ncentinela message {key}"
    if len(alerts) == 1 and not digest:
        return Message(alert_title(alerts[0]), alert_text(alerts[0]) + footer, key, ids)
    countries = sorted({str(a.get("country") or "").upper() for a in alerts} - {""})
    period = f"{digest} digest" if digest else "digest"
    title = f"centinela {period}: {len(alerts)} alert{'s' if len(alerts) != 1 else ''}"
    title += f" ({', '.join(countries)})" if countries else ""
    blocks = [f"{i}. {alert_text(a)}" for i, a in enumerate(alerts, 1)]
    return Message(title, "\n\n----\n\n".join(blocks) + footer, key, ids)
