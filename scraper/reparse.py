"""`policyfeed reparse`: parse the stored raw pages again and re-extract, without the network.

After an upgrade of the parsers or the extractor, every announcement is brought up to date from the
pages kept in the ``pages`` table. Policy ids are stable, so records that did not change keep their
ids and nothing is duplicated.

Parsing and extraction are pure (a page and a time in, records out), so they run in a pool of worker
processes, one per core unless ``jobs`` says otherwise; the calling process is the one writer. It
reads the stored pages one at a time (list pages first: their items must exist before their
articles), hands them to the workers ``CHUNK`` at a time, and writes the results in page order,
``BATCH`` pages per transaction, each page a savepoint in it, so that a page that fails is rolled
back alone and a run killed at any point leaves whole pages. At most ``IN_FLIGHT`` chunks per worker
are queued: memory stays flat whatever the number of pages. The workers also segment the text the
search index needs (``Store.segmented_in_advance``), most of the cost of indexing.

A worker runs the code a crawl runs (``ingest_article``; for a list page, its items as a crawl stores
them) against a ``_Recorder`` in place of the Store: the writes it would make are recorded, sent back
and made by the writer, in order. So a reparse writes the same rows whatever the number of jobs;
with ``jobs=1`` the same work is done in this process, without a pool. Workers are started fresh
(multiprocessing's "spawn") and import the caller's main module: a script calling ``reparse`` with
more than one job guards its entry point (``if __name__ == "__main__":``), as the CLI does.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
import zlib
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType

from extract import Extraction

from .crawl import ingest_article
from .pages.encoding import decode
from .pages.listpage import parse_list
from .store import Store, crawl_lock, search

log = logging.getLogger(__name__)

#: pages written per transaction (each page is a savepoint inside it)
BATCH = 100
#: pages handed to a worker at once: each hand-over costs both processes a round trip
CHUNK = 8
#: chunks handed to the pool and not yet written, per worker
IN_FLIGHT = 3
#: workers yield the CPU to the writer: it is the one that cannot be parallel, so it sets the pace
WORKER_NICENESS = 10
#: what a worker takes from a stored page (not its headers or hashes) and from an article's announcement
PAGE_FIELDS = ("url", "feed", "kind", "fetched_at", "content_type", "body")
ANNOUNCEMENT_FIELDS = ("id", "title", "published_at", "summary")


@dataclass
class ReparseSummary:
    list_pages: int = 0
    articles: int = 0
    items: int = 0
    policies: int = 0
    errors: list[str] = field(default_factory=list)
    jobs: int = 1
    seconds: float = 0.0  # the whole run
    writing_seconds: float = 0.0  # of which the writer wrote (the part more jobs cannot share)


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _when(fetched_at: str | None) -> datetime:
    try:
        return datetime.fromisoformat(fetched_at) if fetched_at else datetime.now()
    except ValueError:
        return datetime.now()


@dataclass(frozen=True)
class SetArticle:
    """Store.set_article, to be made by the writer."""
    ann_id: str
    canonical_url: str
    title: str | None
    published: str | None
    body: str

    def make(self, store: Store) -> int:
        store.set_article(self.ann_id, self.canonical_url, self.title, self.published, self.body)
        return 0


@dataclass(frozen=True)
class ReplacePolicies:
    """Store.replace_policies, to be made by the writer; makes the number of policy records."""
    ann_id: str
    extraction: Extraction

    def make(self, store: Store) -> int:
        return store.replace_policies(self.ann_id, self.extraction)


@dataclass(frozen=True)
class UpsertListItem:
    """Store.upsert_list_item, to be made by the writer."""
    feed: str
    list_url: str
    title: str
    url: str
    published: str | None
    summary: str | None

    def make(self, store: Store) -> int:
        store.upsert_list_item(self.feed, self.list_url, self.title, self.url, self.published, self.summary)
        return 0


Write = SetArticle | ReplacePolicies | UpsertListItem


class _Recorder:
    """Stands in for the Store in a worker (it implements ``ArticleWrites``): the writes asked of it
    are recorded, typed, for the writer to make. It has no reads: a worker has no database."""

    def __init__(self) -> None:
        self.writes: list[Write] = []

    def set_article(self, ann_id: str, canonical_url: str, title: str | None, published: str | None,
                    body: str) -> None:
        self.writes.append(SetArticle(ann_id, canonical_url, title, published, body))

    def replace_policies(self, ann_id: str, extraction: Extraction) -> int:
        self.writes.append(ReplacePolicies(ann_id, extraction))
        return len(extraction.records())

    def upsert_list_item(self, feed: str, list_url: str, title: str, url: str, published: str | None,
                         summary: str | None) -> None:
        self.writes.append(UpsertListItem(feed, list_url, title, url, published, summary))


@dataclass
class _Done:
    """A page redone by a worker: the Store writes to make, in order, and the search index's
    segmentation of the texts they index (made in the worker, so that it runs on every core)."""
    writes: list[Write]
    segmented: dict[str, str]


def _work(page: dict) -> _Done | str:
    """A stored page parsed (and its article extracted), or the error message for a page that cannot
    be read (a corrupt stored body). Pure: runs in a worker."""
    url = page["url"]
    announcement = page.get("announcement")
    try:
        html, _ = decode(Store.page_body(page), page["content_type"], source=url)
        now = _when(page["fetched_at"])
        store = _Recorder()
        if page["kind"] == "list":
            for item in parse_list(html, url, now).items:
                store.upsert_list_item(page["feed"], url, item.title, item.url, item.published, item.summary)
        elif announcement is None:
            return f"{url}: article page with no announcement; skipped"
        else:
            ingest_article(store, announcement["id"], html, url, now, title=announcement["title"],
                           published=announcement["published_at"], summary=announcement["summary"])
    except (zlib.error, ValueError) as e:  # a corrupt stored body: reported, the run goes on
        return f"{url}: {type(e).__name__}: {e}"
    except Exception as e:  # an unforeseen parse failure is that page's, not the run's
        log.exception("%s: could not be parsed", url)
        return f"{url}: could not be parsed ({type(e).__name__}: {e})"
    # set_article is made for an article page only, which has its announcement
    indexed = [] if announcement is None else [
        text for write in store.writes if isinstance(write, SetArticle)
        for text in Store.indexed_texts(announcement, write.title, write.body)]
    return _Done(store.writes, {text: search.segment(text) for text in indexed})


def _work_all(pages: list[dict]) -> list[_Done | str]:
    """_work for a chunk of pages: one round trip between processes for several pages."""
    return [_work(page) for page in pages]


def _worker_started(parent: int, niceness: int, log_level: int, log_format: str | None) -> None:
    """In each worker: log as the parent does (its level and format, to the same stderr); Ctrl-C is
    the parent's to handle; yield the CPU to the writer; and exit, instead of waiting for work
    forever, once the parent is gone (killed)."""
    import signal

    logging.basicConfig(level=log_level, format=log_format or logging.BASIC_FORMAT)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(niceness)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except (ProcessLookupError, PermissionError):  # gone (or its pid reused by another user)
                os._exit(1)

    threading.Thread(target=watch, name="reparse-parent-watch", daemon=True).start()


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Worker processes started fresh ('spawn': a new interpreter, not a fork of this one): they share
    no SQLite connection, no lock and no thread with this process."""
    root = logging.getLogger()
    formats = [getattr(h.formatter, "_fmt", None) for h in root.handlers if h.formatter is not None]
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_started,
                               initargs=(os.getpid(), WORKER_NICENESS, root.getEffectiveLevel(),
                                         formats[0] if formats else None))


class _Writer:
    """The one writer: makes each page's recorded writes in page order, BATCH pages per transaction."""

    def __init__(self, store: Store, summary: ReparseSummary) -> None:
        self.store = store
        self.summary = summary
        self.batch = ExitStack()
        self.in_batch = 0

    def write(self, url: str, kind: str, result: _Done | str) -> None:
        started = time.perf_counter()
        try:
            error = self._make(url, kind, result) if isinstance(result, _Done) else result
        finally:
            self.summary.writing_seconds += time.perf_counter() - started
        if error is not None:
            self.summary.errors.append(error)
            log.error("reparse failed for %s", error)

    def _make(self, url: str, kind: str, done: _Done) -> str | None:
        """Make a page's writes, a savepoint in the batch's transaction (a page that fails is rolled
        back alone); the error if they fail."""
        if not self.in_batch:
            self.batch.enter_context(self.store.transaction())
        self.in_batch += 1
        try:
            with self.store.transaction(), self.store.segmented_in_advance(done.segmented):
                policies = sum(write.make(self.store) for write in done.writes)
        except (zlib.error, ValueError) as e:
            return f"{url}: {type(e).__name__}: {e}"
        finally:
            if self.in_batch >= BATCH:
                self.commit()
        if kind == "list":
            self.summary.list_pages += 1
            self.summary.items += len(done.writes)
        else:
            self.summary.articles += 1
            self.summary.policies += policies
        return None

    def commit(self) -> None:
        self.batch.close()
        self.in_batch = 0

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        """The last batch committed; rolled back instead when an error escapes (its pages are
        whole, but the error may have ended the transaction)."""
        started = time.perf_counter()
        self.in_batch = 0
        self.batch.__exit__(exc_type, exc, traceback)
        self.summary.writing_seconds += time.perf_counter() - started


def reparse(db_path: str | Path, jobs: int | None = None) -> ReparseSummary:
    """Re-parse every stored page and re-extract every announcement (holds the crawl lock).

    jobs: worker processes for parsing and extraction (default: one per core); 1 does everything in
    this process. The rows written are the same whatever jobs is."""
    started = time.perf_counter()
    jobs = max(1, jobs or default_jobs())
    summary = ReparseSummary(jobs=jobs)
    with crawl_lock(Path(db_path)), Store(db_path) as store, ExitStack() as stack:
        pool = _pool(jobs) if jobs > 1 else None
        if pool is not None:
            stack.push(lambda failed, *_: pool.shutdown(wait=True, cancel_futures=failed is not None))
        writer = stack.enter_context(_Writer(store, summary))
        pending: deque[tuple[list[tuple[str, str]], Future | list[_Done | str]]] = deque()
        chunk: list[dict] = []

        def write_until(left: int) -> None:
            while len(pending) > left:
                pages, results = pending.popleft()
                done = results.result() if isinstance(results, Future) else results
                for (url, kind), result in zip(pages, done, strict=False):
                    writer.write(url, kind, result)

        def hand_out() -> None:
            if chunk:
                pages = [(page["url"], page["kind"]) for page in chunk]
                pending.append((pages, pool.submit(_work_all, chunk[:]) if pool else _work_all(chunk)))
                chunk.clear()
            write_until(jobs * IN_FLIGHT if pool else 0)

        lists_written = False
        for row in store.stored_pages():  # list pages first, so that items exist for their articles
            page = {key: row[key] for key in PAGE_FIELDS}
            if row["kind"] != "list":
                if not lists_written:  # every item written before an article's announcement is read
                    hand_out()
                    write_until(0)
                    lists_written = True
                announcement = store.announcement(row["url"])
                page["announcement"] = announcement and {key: announcement[key] for key in ANNOUNCEMENT_FIELDS}
            chunk.append(page)
            if len(chunk) >= CHUNK:
                hand_out()
        hand_out()
        write_until(0)
    summary.seconds = time.perf_counter() - started
    log.info("reparse: %d pages with %d job(s) in %.1f s, of which writing %.1f s", summary.list_pages
             + summary.articles + len(summary.errors), jobs, summary.seconds, summary.writing_seconds)
    return summary
