"""The fetcher against a real HTTP server on 127.0.0.1: limits, timeouts, redirects, politeness, SSRF."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from centinela.errors import BlockedHostError, FetchError
from centinela.settings import load_settings
from centinela.sources.fetch import Fetcher, HttpStatusError, parse_retry_after
from centinela.sources.guard import blocked_address, check_url

from .conftest import Site, make_settings

MakeFetcher = Callable[..., Fetcher]


@pytest.fixture
def fetcher(tmp_path: Path) -> MakeFetcher:
    made: list[Fetcher] = []

    def make(**changes: object) -> Fetcher:
        f = Fetcher(make_settings(tmp_path, **changes))
        made.append(f)
        return f

    yield make  # type: ignore[misc]
    for f in made:
        f.close()


def test_plain_fetch_sends_user_agent_and_returns_validators(site: Site, fetcher: MakeFetcher) -> None:
    resp = fetcher().get(site.url("etag.xml"))
    assert resp.status == 200 and resp.etag == '"v1"' and b"rdf:RDF" in resp.body


def test_conditional_get_gives_304(site: Site, fetcher: MakeFetcher) -> None:
    f = fetcher()
    assert f.get(site.url("etag.xml"), etag='"v1"').not_modified
    stamp = f.get(site.url("lastmod.xml")).last_modified
    assert f.get(site.url("lastmod.xml"), last_modified=stamp).not_modified


def test_50_megabytes_are_cut_at_the_limit_without_buffering_them(site: Site, fetcher: MakeFetcher) -> None:
    f = fetcher()
    tracemalloc.start()
    with pytest.raises(FetchError, match="larger than 10,000,000 bytes"):
        f.get(site.url("big.xml"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 25_000_000  # the limit plus a chunk and the joined copy, never 50 MB


def test_declared_length_over_the_limit_is_refused_before_reading(site: Site, fetcher: MakeFetcher) -> None:
    with pytest.raises(FetchError, match="Content-Length 50,000,000"):
        fetcher().get(site.url("declared-big.xml"))


def test_gzip_bomb_is_inflated_only_up_to_the_limit(site: Site, fetcher: MakeFetcher) -> None:
    tracemalloc.start()
    with pytest.raises(FetchError, match="larger than 1,000,000 bytes"):
        fetcher(max_response_bytes=1_000_000).get(site.url("gzip-bomb.xml"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000


def test_a_server_that_hangs_times_out(site: Site, fetcher: MakeFetcher) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match="read timeout"):
        fetcher(read_timeout=0.5).get(site.url("hang.xml"))
    assert time.monotonic() - start < 3


@pytest.mark.parametrize("path", ["drip.xml", "drip-headers.xml"])
def test_a_slow_drip_hits_the_whole_response_deadline(site: Site, fetcher: MakeFetcher, path: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 1 s"):
        fetcher(read_timeout=2.0, total_timeout=1.0).get(site.url(path))
    assert time.monotonic() - start < 2.5


def test_redirect_chains_are_followed_up_to_the_limit(site: Site, fetcher: MakeFetcher) -> None:
    resp = fetcher().get(site.url("chain/4"))
    assert resp.url == site.url("rss2.xml") and b"Diario Andino" in resp.body
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetcher(max_redirects=2).get(site.url("chain/4"))


def test_a_redirect_loop_is_detected(site: Site, fetcher: MakeFetcher) -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher().get(site.url("loop/a"))


def test_errors_carry_retry_after(site: Site, fetcher: MakeFetcher) -> None:
    with pytest.raises(HttpStatusError) as info:
        fetcher().get(site.url("busy.xml"))
    assert info.value.status == 503 and info.value.retry_after == 7200
    with pytest.raises(HttpStatusError, match="HTTP 404"):
        fetcher().get(site.url("nothing-here.xml"))
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412420.0) == 60
    assert parse_retry_after("soon") is None


def test_robots_txt_is_obeyed_and_fetched_once_per_host(site: Site, fetcher: MakeFetcher) -> None:
    f = fetcher()
    before = site.hits.get("/robots.txt", 0)
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        f.get(site.url("private/feed.xml"))
    f.get(site.url("rss2.xml"))
    assert site.hits.get("/robots.txt", 0) == before + 1
    assert fetcher(respect_robots=False).get(site.url("notafeed.html")).status == 200


def test_robots_unreachable_means_nothing_is_fetched(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(500)
        return httpx.Response(200, content=b"<rss/>")

    f = Fetcher(make_settings(tmp_path), transport=httpx.MockTransport(handler))
    with pytest.raises(FetchError, match="robots.txt of http://news.test unreachable"):
        f.get("http://news.test/feed.xml")


def test_ssrf_guard_refuses_private_addresses_unless_allowed(tmp_path: Path) -> None:
    strict = Fetcher(load_settings(env={}, overrides={"data_dir": str(tmp_path)}))
    for url in (
        "http://127.0.0.1/feed",
        "http://localhost:8080/feed",
        "http://[::1]/x",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.0.1/",
        "http://[::ffff:127.0.0.1]/",
    ):
        with pytest.raises(BlockedHostError):
            strict.get(url)
    strict.close()
    # A public-looking name that resolves to a private address is refused too: every address counts.
    with pytest.raises(BlockedHostError, match="10.0.0.7"):
        check_url("http://intranet.example/", False, resolver=lambda host: ["93.184.216.34", "10.0.0.7"])
    check_url("http://news.example/", False, resolver=lambda host: ["93.184.216.34"])
    check_url("http://127.0.0.1/", True)
    with pytest.raises(FetchError, match="only http and https"):
        check_url("file:///etc/passwd", True)
    assert blocked_address("100.64.0.1") and blocked_address("0.0.0.0") and not blocked_address("8.8.8.8")


def test_a_redirect_to_a_private_address_is_refused(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:2375/containers/json"})

    f = Fetcher(
        load_settings(env={}, overrides={"data_dir": str(tmp_path)}),
        transport=httpx.MockTransport(handler),
        resolver=lambda host: ["93.184.216.34"],
    )
    with pytest.raises(BlockedHostError, match="127.0.0.1"):
        f.get("http://news.example/feed.xml")


def test_robots_txt_is_cached_for_a_day_and_a_failure_for_minutes(tmp_path: Path) -> None:
    asked = {"robots": 0}
    answer = {"status": 500}
    now = {"t": 0.0}

    def handler(request: httpx.Request) -> httpx.Response:
        # A stream, as from a network: the fetcher reads bodies incrementally.
        if request.url.path == "/robots.txt":
            asked["robots"] += 1
            return httpx.Response(answer["status"], stream=httpx.ByteStream(b"User-agent: *\nDisallow:\n"))
        return httpx.Response(200, stream=httpx.ByteStream(b"<rss/>"))

    f = Fetcher(make_settings(tmp_path), transport=httpx.MockTransport(handler), clock=lambda: now["t"])
    for _ in range(3):
        with pytest.raises(FetchError, match="unreachable"):
            f.get("http://news.test/feed.xml")
    assert asked["robots"] == 1
    answer["status"] = 200
    now["t"] = 901.0  # past the retry delay of an unreachable robots.txt
    f.get("http://news.test/feed.xml")
    now["t"] = 901.0 + 3600
    f.get("http://news.test/feed.xml")
    assert asked["robots"] == 2
    now["t"] = 901.0 + 86_401
    f.get("http://news.test/feed.xml")
    assert asked["robots"] == 3
