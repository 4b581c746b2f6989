"""A small hostile news site on 127.0.0.1, started by the tests, serving the feeds in ./feeds.

Static feeds get ``{base}`` replaced by the server's address. Dynamic routes play the hostile or
tricky servers: one that hangs, one that streams 50 MB, a gzip bomb, redirect chains and a loop,
ETag / Last-Modified (304), 503 with Retry-After, a robots.txt with a disallowed folder, a slow drip.
"""

from __future__ import annotations

import gzip
import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from centinela.app import App
from centinela.settings import Settings, load_settings

FEEDS = Path(__file__).with_name("feeds")
TYPES = {
    ".xml": "application/rss+xml",
    ".rdf": "application/rdf+xml",
    ".json": "application/feed+json",
    ".opml": "text/x-opml",
    ".html": "text/html; charset=utf-8",
    ".tab": "text/tab-separated-values",
}
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


@dataclass
class Site:
    base: str
    hits: dict[str, int] = field(default_factory=dict)
    #: Feeds the tests write while the server runs: path -> (body, content type).
    dynamic: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    gzip_bomb: bytes = b""

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"


def _static(path: str, base: str) -> tuple[bytes, str] | None:
    file = (FEEDS / path.lstrip("/")).resolve()
    if FEEDS.resolve() not in file.parents or not file.is_file():
        return None
    body = file.read_bytes().replace(b"{base}", base.encode())
    ctype = "application/atom+xml" if file.name.startswith("atom") else TYPES.get(file.suffix, "text/plain")
    return body, ctype


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def log_message(self, *args: object) -> None:
        pass

    def send(
        self,
        body: bytes,
        ctype: str = "application/rss+xml",
        code: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, code: int, location: str) -> None:
        self.send(b"", "text/plain", code, {"Location": location})

    def do_GET(self) -> None:  # noqa: C901 - one branch per scripted behaviour keeps the server readable
        site = self.site
        path = self.path.split("?", 1)[0]
        site.hits[path] = site.hits.get(path, 0) + 1
        if path == "/robots.txt":
            return self.send(ROBOTS, "text/plain")
        if path in site.dynamic:
            body, ctype = site.dynamic[path]
            return self.send(body, ctype)
        if path == "/hang.xml":
            site.stop.wait(30)
            return self.send(b"<rss/>")
        if path == "/big.xml":
            return self.stream_big()
        if path == "/declared-big.xml":
            self.send_response(200)
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            return
        if path == "/gzip-bomb.xml":
            return self.send(site.gzip_bomb, "application/rss+xml", headers={"Content-Encoding": "gzip"})
        if path == "/drip.xml":
            return self.drip()
        if path == "/drip-headers.xml":
            return self.drip(headers_too=True)
        if path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            return self.redirect(301 if n % 2 else 302, f"/chain/{n - 1}" if n > 1 else "/rss2.xml")
        if path == "/loop/a":
            return self.redirect(302, "/loop/b")
        if path == "/loop/b":
            return self.redirect(302, f"{site.base}/loop/a")
        if path == "/etag.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                return self.send(b"", code=304, headers={"ETag": '"v1"'})
            body, ctype = _static("rss1.rdf", site.base) or (b"", "")
            return self.send(body, ctype, headers={"ETag": '"v1"'})
        if path == "/lastmod.xml":
            stamp = "Wed, 07 Dec 2022 12:00:00 GMT"
            if self.headers.get("If-Modified-Since") == stamp:
                return self.send(b"", code=304)
            body, ctype = _static("feed.json", site.base) or (b"", "")
            return self.send(body, ctype, headers={"Last-Modified": stamp})
        if path == "/busy.xml":
            return self.send(b"busy", "text/plain", 503, {"Retry-After": "7200"})
        found = _static(path, site.base)
        if found is None:
            return self.send(b"not found", "text/plain", 404)
        return self.send(*found)

    def stream_big(self) -> None:
        # 50 MB without Content-Length, generated as it goes: nothing this large is kept on disk.
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<!-- " + b"x" * 65_536 + b" -->\n"
        try:
            for _ in range(50_000_000 // len(chunk) + 1):
                self.wfile.write(chunk)
        except OSError:
            pass
        self.close_connection = True

    def drip(self, headers_too: bool = False) -> None:
        # Each byte arrives well within the read timeout; the whole never arrives within the total.
        try:
            if headers_too:
                self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            else:
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Connection", "close")
                self.end_headers()
            for _ in range(200):
                if self.site.stop.wait(0.1):
                    break
                self.wfile.write(b"z")
                self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hang up on the hostile routes on purpose: that is the test, not an error


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    server = Server(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    s = Site(base=base, gzip_bomb=gzip.compress(b"\0" * 50_000_000, compresslevel=9))
    Handler.site = s
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield s
    s.stop.set()
    server.shutdown()
    server.server_close()


def make_settings(tmp_path: Path, **changes: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": str(tmp_path),
        "allow_private_hosts": True,
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "total_timeout": 3.0,
    }
    values.update(changes)
    return load_settings(env={}, overrides=values)


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[object]:
    apps: list[App] = []

    def make(**changes: object) -> App:
        app = App(make_settings(tmp_path, **changes))
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


@pytest.fixture
def app(make_app: object) -> App:
    return make_app()  # type: ignore[operator]


def wait_until(predicate: object, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False
