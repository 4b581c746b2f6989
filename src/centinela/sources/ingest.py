"""Ingestion runs: fetch many sources at once, store what they carry through one writer.

Worker threads fetch, parse, fetch article pages and prepare documents (all reads); the calling
thread alone writes, committing every few items, so that a crash loses nothing acknowledged and a
re-run finds what was stored (duplicates are counted, never stored twice). A source's conditional-GET
state (ETag, body hash) is saved only after all its items are committed: a crash mid-feed makes the
next run read the feed again instead of skipping it as unchanged.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import logging
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from centinela.errors import BlockedHostError, CentinelaError, FeedError, FetchError
from centinela.model import Document
from centinela.sources.feeds import parse_feed
from centinela.sources.fetch import PAGE_ACCEPT, HttpStatusError
from centinela.sources.guard import host_of
from centinela.sources.items import Context, outlet_of, prepare_document, prepare_item
from centinela.sources.model import Article, FeedItem, IngestResult, ParsedFeed, Prepared
from centinela.sources.pages import extract_article, is_html
from centinela.sources.schedule import (
    blend_interval,
    estimate_interval,
    next_poll_after_error,
    next_poll_after_success,
)
from centinela.store.documents import find_by_address, store_prepared, store_prepared_many
from centinela.store.sources import claim_due_sources, ensure_source, get_source, update_source

if TYPE_CHECKING:
    from centinela.app import App

log = logging.getLogger(__name__)
BATCH = 50
#: How long a claimed due source stays with the worker polling it (see ``claim_due_sources``).
POLL_LEASE = timedelta(minutes=15)
OnResult = Callable[[IngestResult], None]


@dataclass
class Outcome:
    """What a worker brings back for one source."""

    prepared: list[Prepared] = field(default_factory=list)
    failed: int = 0
    unchanged: bool = False
    error: str | None = None
    warning: str | None = None
    retry_after: float | None = None
    register: bool = True
    state: dict[str, Any] = field(default_factory=dict)
    interval: float | None = None


def is_url(target: str) -> bool:
    return "://" in target


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


class Run:
    """One ingestion run: the app, its settings and fetcher, the clock, the page-fetching pool."""

    def __init__(
        self,
        app: App,
        fetch_pages: bool | None = None,
        now: datetime | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.app = app
        self.settings = app.settings
        self.fetch_pages = self.settings.fetch_pages if fetch_pages is None else fetch_pages
        self.now = now or datetime.now(UTC)
        self.rng = rng or random.Random()
        self._pages: ThreadPoolExecutor | None = None

    def __enter__(self) -> Run:
        self._pages = ThreadPoolExecutor(self.settings.fetch_concurrency, thread_name_prefix="page")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pages is not None:
            self._pages.shutdown(wait=True, cancel_futures=True)

    def context(self, source: str, outlet: str, lang: str = "") -> Context:
        return Context(
            source=source,
            outlet=outlet,
            fetched=self.now,
            lang=lang,
            future_tolerance_hours=self.settings.future_tolerance_hours,
            past_limit_days=self.settings.past_limit_days,
        )

    # --- workers (any thread; reads only) --------------------------------------------------------

    def page(self, url: str) -> tuple[Article | None, str | None]:
        try:
            resp = self.app.fetcher.get(url, accept=PAGE_ACCEPT)
            if not is_html(resp.content_type):
                return None, f"page is {resp.content_type.split(';')[0] or 'not HTML'}"
            article = extract_article(resp.body, resp.url, resp.content_type)
            return article, None if article else "no article text found on the page"
        except FetchError as exc:
            return None, str(exc)
        except Exception as exc:  # noqa: BLE001 - one page never sinks its feed
            log.debug("page %s failed", url, exc_info=True)
            return None, f"{type(exc).__name__}: {exc}"

    def prepare_items(self, items: Sequence[FeedItem], ctx: Context) -> tuple[list[Prepared], int]:
        """Documents for the items; article pages fetched for the items not stored before."""
        base = [prepare_item(item, ctx) for item in items]
        wanted: dict[int, Future[tuple[Article | None, str | None]]] = {}
        if self.fetch_pages and self._pages is not None:
            with self.app.store.read() as conn:
                for i, (item, p) in enumerate(zip(items, base, strict=True)):
                    if p is not None and item.link and find_by_address(conn, p.url, p.guid, p.outlet) is None:
                        wanted[i] = self._pages.submit(self.page, item.link)
        prepared: list[Prepared] = []
        failed = 0
        for i, (item, p) in enumerate(zip(items, base, strict=True)):
            if i in wanted:
                article, error = wanted[i].result()
                p = prepare_item(item, ctx, article, error)
            if p is None:
                failed += 1
            else:
                prepared.append(p)
        return prepared, failed

    def collect(self, url: str, state: dict[str, Any]) -> Outcome:
        """Fetch and prepare one feed; never raises."""
        try:
            return self._collect(url, state)
        except BlockedHostError as exc:
            return Outcome(error=str(exc), register=False)
        except HttpStatusError as exc:
            return Outcome(error=str(exc), retry_after=exc.retry_after)
        except CentinelaError as exc:
            return Outcome(error=_one_line(str(exc)))
        except Exception as exc:  # noqa: BLE001 - a bug on one source must not stop the batch
            log.debug("source %s failed", url, exc_info=True)
            return Outcome(error=_one_line(f"internal error: {type(exc).__name__}: {exc}"))

    def _collect(self, url: str, state: dict[str, Any]) -> Outcome:
        try:
            host_of(url)
        except FetchError as exc:
            return Outcome(error=str(exc), register=False)
        resp = self.app.fetcher.get(url, etag=state.get("etag"), last_modified=state.get("last_modified"))
        if resp.not_modified:
            return Outcome(unchanged=True)
        meta = {
            "etag": resp.etag,
            "last_modified": resp.last_modified,
            "body_hash": hashlib.sha256(resp.body).hexdigest(),
        }
        if meta["body_hash"] == state.get("body_hash"):
            return Outcome(unchanged=True, state=meta)
        parsed = parse_feed(resp.body, resp.content_type, resp.url)
        return self.from_feed(
            parsed, url, outlet_of(url, state.get("name") or ""), state.get("lang") or "", meta
        )

    def from_feed(
        self, parsed: ParsedFeed, source: str, outlet: str, lang: str, meta: dict[str, Any] | None = None
    ) -> Outcome:
        ctx = self.context(source, outlet, lang or parsed.lang)
        prepared, failed = self.prepare_items(parsed.items, ctx)
        return Outcome(
            prepared=prepared,
            failed=failed,
            warning=parsed.warning,
            state=meta or {},
            interval=estimate_interval(i.published for i in parsed.items),
        )

    # --- the writer (calling thread only) --------------------------------------------------------

    def write(self, prepared: Iterable[Prepared]) -> tuple[int, int, int]:
        """Store documents in small transactions: (new, duplicate, failed)."""
        store, bits = self.app.store, self.settings.near_duplicate_bits
        window = timedelta(hours=self.settings.near_duplicate_window_hours)
        counts = {"new": 0, "duplicate": 0, "failed": 0}
        batch: list[Prepared] = []

        def flush() -> None:
            try:
                with store.write() as conn:
                    kinds = [kind for kind, _ in store_prepared_many(conn, batch, bits, window)]
            except sa.exc.SQLAlchemyError:
                kinds = []  # one bad row rolled the batch back: store them one by one
                for p in batch:
                    try:
                        with store.write() as conn:
                            kinds.append(store_prepared(conn, p, bits, window)[0])
                    except sa.exc.SQLAlchemyError as exc:
                        log.debug("cannot store %s: %s", p.url, exc)
                        kinds.append("failed")
            for kind in kinds:
                counts[kind] += 1
            batch.clear()

        for p in prepared:
            batch.append(p)
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        return counts["new"], counts["duplicate"], counts["failed"]

    def settle(self, url: str, outcome: Outcome) -> IngestResult:
        """Store a source's outcome and its new state; the result line of that source."""
        result = IngestResult(source=url, failed=outcome.failed, warning=outcome.warning)
        if outcome.error is not None:
            result.error = outcome.error
        elif outcome.unchanged:
            result.unchanged = True
        else:
            result.new, result.duplicate, failed = self.write(outcome.prepared)
            result.failed += failed
        if outcome.register:
            self._save_state(url, outcome, result)
        return result

    def _save_state(self, url: str, outcome: Outcome, result: IngestResult) -> None:
        s = self.settings
        with self.app.store.write() as conn:
            row = ensure_source(conn, url, self.now)
            if result.error is not None:
                streak = int(row["error_streak"] or 0) + 1
                update_source(
                    conn,
                    url,
                    last_fetch=self.now,
                    last_error=result.error,
                    error_streak=streak,
                    next_poll=next_poll_after_error(
                        self.now,
                        streak,
                        s.poll_interval,
                        s.backoff_max,
                        s.poll_jitter,
                        self.rng,
                        outcome.retry_after,
                    ),
                )
                return
            values: dict[str, Any] = {k: v for k, v in outcome.state.items() if v is not None}
            values.update(
                last_fetch=self.now,
                last_success=self.now,
                error_streak=0,
                verified=True,
                last_error=f"warning: {result.warning}" if result.warning else None,
                next_poll=next_poll_after_success(self.now, s.poll_interval, s.poll_jitter, self.rng),
                usual_interval=blend_interval(row["usual_interval"], outcome.interval),
            )
            if result.new:
                values.update(last_new_item=self.now, items_total=int(row["items_total"] or 0) + result.new)
            update_source(conn, url, **values)

    # --- whole runs ------------------------------------------------------------------------------

    def poll(self, urls: Sequence[str], on_result: OnResult | None = None) -> list[IngestResult]:
        """Fetch ``urls`` concurrently; results in completion order (also passed to ``on_result``)."""
        with self.app.store.read() as conn:
            states = {u: get_source(conn, u) or {} for u in urls}
        results = []
        with ThreadPoolExecutor(self.settings.fetch_concurrency, thread_name_prefix="feed") as pool:
            futures = {pool.submit(self.collect, u, states[u]): u for u in urls}
            for future in as_completed(futures):
                result = self.settle(futures[future], future.result())
                results.append(result)
                if on_result is not None:
                    on_result(result)
        return results

    def documents(
        self, docs: Iterable[Document | CentinelaError], source: str, match_content: bool = True
    ) -> IngestResult:
        """Store documents from a file or a replay as one source's result, streaming: a corpus of any
        size is prepared and written a batch at a time."""
        result = IngestResult(source=source)

        def prepared() -> Iterator[Prepared]:
            for doc in docs:
                if isinstance(doc, CentinelaError):
                    result.failed += 1
                    result.warning = result.warning or str(doc)
                    continue
                outlet = (
                    doc.outlets[0]
                    if doc.outlets
                    else outlet_of(doc.url, "" if is_url(doc.source) else doc.source)
                )
                p = prepare_document(doc, self.context(source, outlet), match_content)
                if p is None:
                    result.failed += 1
                else:
                    yield p

        result.new, result.duplicate, failed = self.write(prepared())
        result.failed += failed
        return result


def _ingest_file(run: Run, target: str) -> IngestResult:
    from centinela.sources.files import icews_document, kind_of_file, read_documents, read_icews

    path = Path(target)
    try:
        if not path.is_file():
            raise FeedError(f"{target}: no such file" if not path.exists() else f"{target}: not a file")
        kind = kind_of_file(path)
        if kind == "icews":
            with path.open(encoding="utf-8", errors="replace", newline="") as fh:
                events = (e if isinstance(e, CentinelaError) else icews_document(e) for e in read_icews(fh))
                return run.documents(events, target, match_content=False)
        if kind in ("csv", "jsonl"):
            return run.documents(read_documents(path, kind), target)
        if path.stat().st_size > run.settings.max_response_bytes:
            raise FeedError(f"{target}: larger than {run.settings.max_response_bytes:,} bytes")
        parsed = parse_feed(path.read_bytes(), "", "")
        outcome = run.from_feed(parsed, target, parsed.title or path.stem, "")
        return run.settle(target, dataclasses.replace(outcome, register=False))
    except CentinelaError as exc:
        return IngestResult(source=target, error=_one_line(str(exc)))
    except (OSError, UnicodeError, ValueError, csv.Error) as exc:
        return IngestResult(source=target, error=_one_line(f"{target}: cannot be read ({exc})"))


# --- the public API ----------------------------------------------------------------------------------


def ingest_targets(
    app: App,
    targets: Sequence[str],
    *,
    fetch_pages: bool | None = None,
    now: datetime | None = None,
    on_result: OnResult | None = None,
) -> list[IngestResult]:
    """Fetch each URL (registering it as a source) or read each file once: one result per target,
    in the order given (``on_result`` sees them as they come)."""
    unique = list(dict.fromkeys(targets))
    by_target: dict[str, IngestResult] = {}
    with Run(app, fetch_pages, now) as run:
        for target in (t for t in unique if not is_url(t)):
            by_target[target] = _ingest_file(run, target)
            if on_result is not None:
                on_result(by_target[target])
        for result in run.poll([t for t in unique if is_url(t)], on_result):
            by_target[result.source] = result
    return [by_target[t] for t in unique]


def poll_due_sources(
    app: App,
    now: datetime | None = None,
    *,
    fetch_pages: bool | None = None,
    rng: random.Random | None = None,
    on_result: OnResult | None = None,
) -> list[IngestResult]:
    """One round of ``centinela watch``: poll the feed sources whose schedule is due at ``now``."""
    now = now or datetime.now(UTC)
    with app.store.write() as conn:
        urls = [row["url"] for row in claim_due_sources(conn, now, POLL_LEASE)]
    if not urls:
        return []
    with Run(app, fetch_pages, now, rng) as run:
        return run.poll(urls, on_result)


def ingest_documents(
    app: App, docs: Iterable[Document], source: str = "replay", now: datetime | None = None
) -> IngestResult:
    """Store documents that did not come from a feed (a replayed corpus, the demo's bundled replay)."""
    with Run(app, False, now) as run:
        return run.documents(docs, source)
