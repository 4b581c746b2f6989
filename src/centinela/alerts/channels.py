"""Channels: Apprise URLs (email, webhooks, chat). Masking and checks are pure; ``send`` is the edge.

A channel URL carries its secrets (passwords, bot tokens, webhook tokens), so it is masked wherever
it is shown or logged, and errors from a channel are scrubbed of those secrets before anyone sees
them. Webhook-like channels whose host the subscriber chooses are checked against private
addresses (server-side request forgery) unless ``allow_private_hosts`` is on.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from centinela.alerts.errors import ChannelError
from centinela.alerts.render import Message

log = logging.getLogger(__name__)

# Schemes whose host is a server the subscriber names (so it may point inside our network): the
# URL's host is a network address to check, and its path is not a secret.
_SELF_HOSTED_BASES = (
    "json",
    "xml",
    "form",
    "mailto",
    "matrix",
    "gotify",
    "ntfy",
    "mmost",
    "rocket",
    "apprise",
    "nctalk",
    "ncloud",
    "kodi",
    "xbmc",
    "emby",
    "jellyfin",
    "hassio",
    "signal",
    "mastodon",
    "toot",
    "misskey",
    "mqtt",
    "synology",
)
# Each with its TLS variant (jsons, mailtos...), and the syslog family that names its server too.
SELF_HOSTED = frozenset([*_SELF_HOSTED_BASES, *(b + "s" for b in _SELF_HOSTED_BASES), "rsyslog", "syslog"])
_SECRET_PARAM = re.compile(r"pass|pwd|secret|token|key|auth|sig|cred|session|bearer|hook", re.I)
_MASK = "***"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _mask_segment(segment: str) -> str:
    # Keep a two-character hint of a long token so a person can tell two channels apart.
    if not segment:
        return segment
    return segment[:2] + _MASK if len(segment) >= 8 else _MASK


def _netloc(parts: Any, self_hosted: bool) -> str:
    # The host as written (urlsplit lower-cases .hostname, which would alter a token's hint).
    hostport = parts.netloc.rpartition("@")[2]
    host, _, port = hostport.rpartition(":") if hostport.count(":") == 1 else (hostport, "", "")
    host = host if self_hosted else _mask_segment(host)
    port = f":{port}" if port.isdigit() else ""
    user = unquote(parts.username or "")
    if parts.password is not None:
        user = f"{user if self_hosted else _mask_segment(user)}:{_MASK}"
    elif user and not self_hosted:
        user = _mask_segment(user)
    return f"{user}@{host}{port}" if user else f"{host}{port}"


def mask_url(url: str) -> str:
    """The channel URL with its secrets hidden: passwords, tokens, and secret-looking parameters."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if not scheme or "://" not in url:
            return _MASK
        self_hosted = scheme in SELF_HOSTED
        path = parts.path if self_hosted else "/".join(_mask_segment(s) for s in parts.path.split("/"))
        query = "&".join(
            f"{k}={_MASK if _SECRET_PARAM.search(k) and v else v}" for k, v in parse_qsl(parts.query, True)
        )
        fragment = f"#{parts.fragment}" if parts.fragment else ""  # a room or channel name, not a secret
        return f"{scheme}://{_netloc(parts, self_hosted)}{path}{'?' + query if query else ''}{fragment}"
    except ValueError:
        return _MASK


def secrets_of(url: str) -> list[str]:
    """Every secret piece of a channel URL, longest first, to scrub from error text."""
    found: set[str] = set()
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return [url]
    if parts.password:
        found.add(parts.password)
    found.update(v for k, v in parse_qsl(parts.query, True) if _SECRET_PARAM.search(k) and v)
    if parts.scheme.lower() not in SELF_HOSTED:
        found.update(s for s in re.split(r"[/@:]", parts.netloc + parts.path) if s)
    found |= {unquote(s) for s in found}
    # Short fragments would erase ordinary words from messages; tokens are longer than this.
    return sorted((s for s in found if len(s) >= 4), key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """``text`` with every secret of ``url`` replaced by ***."""
    for secret in secrets_of(url):
        text = text.replace(secret, _MASK)
    return text


class _Lines(logging.Handler):
    def __init__(self, url: str) -> None:
        super().__init__(logging.WARNING)
        self.url = url
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(scrub(record.getMessage(), self.url))


@contextmanager
def _apprise_log(url: str) -> Iterator[list[str]]:
    """Apprise's warnings while a block runs, scrubbed, and kept from the root log.

    Apprise logs whole URLs (secrets included) when it cannot parse one, so its records must not
    reach our log handlers as they are; they are returned here and logged again, scrubbed.
    """
    logger = logging.getLogger("apprise")
    handler = _Lines(url)
    saved = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = saved
        for line in handler.lines:
            log.debug("apprise: %s", line)


def _plugin(url: str) -> Any:
    import apprise  # the edge: Apprise is loaded only when a channel is used

    try:
        with _apprise_log(url):
            plugin = apprise.Apprise.instantiate(url.strip(), suppress_exceptions=True)
    except Exception:  # noqa: BLE001 - a plugin's own parser failing means the URL is not usable
        plugin = None
    if plugin is None:
        raise ChannelError(f"{mask_url(url)} is not a channel URL Apprise can use (see its URL docs)")
    return plugin


def target_host(url: str, plugin: Any) -> str | None:
    """The network host a self-hosted channel connects to; None for a cloud service's fixed host."""
    if urlsplit(url.strip()).scheme.lower() not in SELF_HOSTED:
        return None
    return str(getattr(plugin, "smtp_host", "") or getattr(plugin, "host", "") or "") or None


def is_private_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_host(host: str, allow_private: bool) -> None:
    """Refuse a host that is, or resolves to, a loopback, private, link-local or reserved address."""
    if allow_private:
        return
    host = host.strip("[]")  # an IPv6 literal as written in a URL
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return  # unresolvable: nothing can be reached, and the send itself will fail and be recorded
    blocked = sorted(a for a in addresses if is_private_address(str(a)))
    if blocked:
        raise ChannelError(
            f"channel host {host} is a private or loopback address ({blocked[0]}); "
            "set allow_private_hosts to deliver inside your own network"
        )


def validate_channel(url: str, allow_private: bool) -> str:
    """The channel URL, stripped, when Apprise knows it and its host is allowed; else ChannelError."""
    plugin = _plugin(url)
    host = target_host(url, plugin)
    if host:
        check_host(host, allow_private)
    return url.strip()


def _stamp(plugin: Any, message: Message, timeout: float) -> None:
    plugin.socket_connect_timeout = timeout
    plugin.socket_read_timeout = timeout
    # Channels that can carry it get the key out of band too: a header, and fields in a JSON body.
    if isinstance(getattr(plugin, "headers", None), dict):
        plugin.headers[IDEMPOTENCY_HEADER] = message.key
    if isinstance(getattr(plugin, "payload_extras", None), dict):
        plugin.payload_extras.update(idempotency_key=message.key, alert_ids=list(message.alert_ids))


def send(url: str, message: Message, timeout: float, allow_private: bool) -> None:
    """Deliver ``message`` on the channel; raise ChannelError (secrets scrubbed) when it is refused."""
    import apprise

    plugin = _plugin(url)
    host = target_host(url, plugin)
    if host:
        check_host(host, allow_private)  # again at send time: DNS may point elsewhere by now
    _stamp(plugin, message, timeout)
    try:
        with _apprise_log(url) as detail:
            ok = plugin.notify(body=message.body, title=message.title, body_format=apprise.NotifyFormat.TEXT)
    except Exception as exc:  # noqa: BLE001 - any failure inside a plugin is this channel failing
        ok, detail = False, [f"{type(exc).__name__}: {exc}"]
    if not ok:
        reason = detail[-1] if detail else "the channel refused the message"
        raise ChannelError(scrub(reason, url)[:500])
    log.info("delivered %s to %s", message.key, mask_url(url))
