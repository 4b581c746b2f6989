"""HTTP fetching, politely and defensively: the only module of the ingestion edge that talks to hosts.

Every request: SSRF guard on each hop, robots.txt (protego), a clear User-Agent, conditional GET,
a per-host concurrency slot, connect/read timeouts plus a deadline for the whole response, and a
size limit enforced while streaming (compressed bodies are inflated in bounded steps, so a gzip bomb
never grows past the limit). No retries here: a failed source waits for its next scheduled poll.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from centinela.errors import FetchError
from centinela.settings import Settings
from centinela.sources.guard import Resolver, check_url, resolve
from centinela.sources.transport import Deadlines, DeadlineTransport

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
ROBOTS_AGENT = "centinela"
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least 500 KiB
ROBOTS_TTL = 86_400.0  # RFC 9309: a cached robots.txt should not be used for more than 24 hours
ROBOTS_RETRY = 900.0  # an unreachable robots.txt is asked again after this long (not every request)
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class HttpStatusError(FetchError):
    """The server answered with an error status; ``retry_after`` in seconds when it said so."""

    def __init__(self, url: str, status: int, retry_after: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        wait = f", retry after {retry_after:.0f} s" if retry_after is not None else ""
        super().__init__(f"HTTP {status} from {url}{wait}")


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int
    body: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class _Inflater:
    """Content-Encoding decoder that never holds more than ``limit`` decoded bytes."""

    def __init__(self, encoding: str, limit: int, url: str) -> None:
        enc = encoding.strip().lower()
        if enc in ("", "identity"):
            self._z = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise FetchError(f"unsupported content encoding {enc!r} from {url}")
        self.limit, self.url = limit, url
        self.parts: list[bytes] = []
        self.size = 0

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(
                f"response larger than {self.limit:,} bytes from {self.url}: refused, nothing stored"
            )
        self.parts.append(data)

    def feed(self, raw: bytes) -> None:
        if self._z is None:
            self._add(raw)
            return
        try:
            data = raw
            while data:
                self._add(self._z.decompress(data, self.limit - self.size + 1))
                data = self._z.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed response from {self.url}: {exc}") from None

    def body(self) -> bytes:
        return b"".join(self.parts)


class Fetcher:
    """One HTTP client for a whole run: shared connections, robots.txt cache, per-host slots."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = resolve,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._resolver = resolver
        self._clock = clock
        timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=settings.total_timeout,
        )
        limits = httpx.Limits(
            max_connections=settings.fetch_concurrency * 2 + 4, max_keepalive_connections=16
        )
        self._deadlines = Deadlines()
        self._client = httpx.Client(
            timeout=timeout,
            limits=limits,
            follow_redirects=False,
            transport=transport or DeadlineTransport(limits, self._deadlines),
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._robots: dict[str, tuple[float, Protego | str | None]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self._client.close()

    # --- public ---------------------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
        max_bytes: int | None = None,
        robots: bool = True,
    ) -> Response:
        """GET ``url`` following redirects; raises FetchError (or HttpStatusError) on failure."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes or self.settings.max_response_bytes
        seen: set[str] = set()
        current = url
        for _ in range(self.settings.max_redirects + 1):
            check_url(current, self.settings.allow_private_hosts, self._resolver)
            if robots and self.settings.respect_robots:
                self._check_robots(current)
            status, resp_headers, body = self._exchange(current, headers, limit)
            if status not in REDIRECTS:
                return Response(
                    url=current,
                    status=status,
                    body=body,
                    content_type=resp_headers.get("content-type", ""),
                    etag=resp_headers.get("etag"),
                    last_modified=resp_headers.get("last-modified"),
                )
            seen.add(current)
            location = resp_headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location from {current}")
            current = urljoin(current, location.strip())
            if current in seen:
                raise FetchError(f"redirect loop at {current}")
        raise FetchError(f"more than {self.settings.max_redirects} redirects from {url}")

    # --- internals ------------------------------------------------------------------------------

    @contextmanager
    def _slot(self, host: str) -> Iterator[None]:
        with self._lock:
            slot = self._slots.setdefault(
                host, threading.BoundedSemaphore(self.settings.per_host_concurrency)
            )
        with slot:
            yield

    def _exchange(self, url: str, headers: dict[str, str], limit: int) -> tuple[int, httpx.Headers, bytes]:
        with self._slot(urlsplit(url).netloc.lower()):
            deadline = self._clock() + self.settings.total_timeout
            self._deadlines.at = time.monotonic() + self.settings.total_timeout
            try:
                with self._client.stream("GET", url, headers=headers) as resp:
                    status = resp.status_code
                    if status in REDIRECTS or status == 304:
                        return status, resp.headers, b""
                    if status >= 400 or status < 200:
                        raise HttpStatusError(url, status, parse_retry_after(resp.headers.get("retry-after")))
                    return status, resp.headers, self._read(resp, url, limit, deadline)
            except httpx.TimeoutException as exc:
                if self._clock() >= deadline:
                    raise FetchError(self._too_slow(url)) from None
                kind = type(exc).__name__.replace("Timeout", " timeout").lower()
                raise FetchError(f"{kind} fetching {url}") from None
            except httpx.HTTPError as exc:
                raise FetchError(
                    f"cannot fetch {url}: {' '.join(str(exc).split())[:160] or type(exc).__name__}"
                ) from None
            finally:
                self._deadlines.at = None

    def _too_slow(self, url: str) -> str:
        return f"response from {url} took longer than {self.settings.total_timeout:g} s"

    def _read(self, resp: httpx.Response, url: str, limit: int, deadline: float) -> bytes:
        length = resp.headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > limit:
            raise FetchError(
                f"response larger than {limit:,} bytes from {url} "
                f"(Content-Length {int(length):,}): refused, nothing stored"
            )
        inflater = _Inflater(resp.headers.get("content-encoding", ""), limit, url)
        raw = 0
        for chunk in resp.iter_raw():  # as the network delivers (a chunk size would wait to fill it)
            raw += len(chunk)
            if raw > limit:
                raise FetchError(f"response larger than {limit:,} bytes from {url}: refused, nothing stored")
            inflater.feed(chunk)
            if self._clock() > deadline:
                raise FetchError(self._too_slow(url))
        return inflater.body()

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        key = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            key_lock = self._robots_locks.setdefault(key, threading.Lock())
        with key_lock:  # one robots.txt request per host, the other workers wait for it
            cached = self._robots.get(key)
            ttl = ROBOTS_RETRY if cached is not None and isinstance(cached[1], str) else ROBOTS_TTL
            if cached is None or self._clock() - cached[0] > ttl:
                self._robots[key] = (self._clock(), self._load_robots(key))
        rules = self._robots[key][1]
        if isinstance(rules, str):
            raise FetchError(f"robots.txt of {key} unreachable ({rules}): not fetching")
        if rules is not None and not rules.can_fetch(url, ROBOTS_AGENT):
            raise FetchError(f"disallowed by robots.txt: {url}")

    def _load_robots(self, key: str) -> Protego | str | None:
        """Parsed rules; None when there are none (4xx); a reason string when unreachable (RFC 9309:
        a server error or no answer means "assume everything is disallowed")."""
        try:
            resp = self.get(
                key + "/robots.txt", accept="text/plain", max_bytes=ROBOTS_MAX_BYTES, robots=False
            )
        except HttpStatusError as exc:
            return None if 400 <= exc.status < 500 else f"HTTP {exc.status}"
        except FetchError as exc:
            return str(exc)
        try:
            return Protego.parse(resp.body.decode("utf-8", errors="replace"))
        except Exception:  # noqa: BLE001 - a robots.txt protego cannot read imposes nothing
            return None
