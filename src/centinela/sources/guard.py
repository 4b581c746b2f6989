"""Guard against server-side request forgery: sources may only point at public addresses.

A user-supplied feed URL could otherwise make centinela read the machine's own services (loopback),
the local network, or cloud metadata endpoints (link-local 169.254.169.254). The host name is
resolved and every address it resolves to must be public; checked when a source is added and again
before every request and every redirect hop (the name may resolve differently by then).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from centinela.errors import BlockedHostError, FetchError

Resolver = Callable[[str], list[str]]
SCHEMES = ("http", "https")


def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


def blocked_address(address: str) -> bool:
    """True for loopback, private, link-local, multicast, reserved or otherwise non-public addresses."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone index
    except ValueError:
        return True
    mapped = getattr(ip, "ipv4_mapped", None) or getattr(ip, "sixtofour", None)
    if mapped is not None and blocked_address(str(mapped)):
        return True
    return not ip.is_global or ip.is_multicast


def host_of(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise FetchError(f"not a valid URL: {url}") from None
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"unsupported address {url!r}: only http and https sources are fetched")
    if not host:
        raise FetchError(f"not a valid URL (no host): {url}")
    return host


def check_url(url: str, allow_private: bool, resolver: Resolver = resolve, strict: bool = True) -> None:
    """Raise BlockedHostError when ``url`` points at a non-public address.

    ``strict=False`` lets a name that does not resolve now pass (adding sources while offline); the
    check runs again before each request, where a name that does not resolve is a fetch error anyway.
    """
    host = host_of(url)
    if allow_private:
        return
    if host.lower().rstrip(".") in ("localhost", "localhost.localdomain") or host.lower().endswith(
        ".localhost"
    ):
        raise BlockedHostError(f"refused {url}: {host} is this machine (set allow_private_hosts to allow)")
    try:
        addresses = [str(ipaddress.ip_address(host.split("%", 1)[0]))]
    except ValueError:
        try:
            addresses = resolver(host)
        except (OSError, UnicodeError):
            if strict:
                raise FetchError(f"cannot resolve host {host}") from None
            return
    bad = [a for a in addresses if blocked_address(a)]
    if bad:
        raise BlockedHostError(
            f"refused {url}: {host} resolves to a loopback, private or link-local "
            f"address ({bad[0]}); set allow_private_hosts to allow"
        )
