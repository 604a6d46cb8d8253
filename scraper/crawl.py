"""The crawl: list pages -> items -> articles -> extraction -> store, one feed after another.

Incremental by default: page 1 is asked for conditionally (a 304 ends the feed's run), paging stops
at the first page whose items are all known and whose articles are stored, and an article is fetched
only when its item is new or changed (or its earlier fetch failed). ``full=True`` re-walks everything.
A lock file next to the database keeps two runs from overlapping.
"""
from __future__ import annotations

import fcntl
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from extract import extract

from .article import parse_article
from .config import Config, Feed
from .encoding import decode
from .fetch import FetchError, Fetcher
from .listpage import Item, parse_list
from .store import Store

log = logging.getLogger(__name__)


class CrawlLocked(RuntimeError):
    """Another crawl holds the database's lock."""


@dataclass
class CrawlSummary:
    run_id: int | None = None
    feeds: list[str] = field(default_factory=list)
    pages_fetched: int = 0
    not_modified: int = 0
    new_items: int = 0
    updated_items: int = 0
    articles_fetched: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "failed-pages" if self.errors else "ok"

    def counts(self) -> dict[str, int]:
        return {"pages_fetched": self.pages_fetched, "not_modified": self.not_modified,
                "new_items": self.new_items, "updated_items": self.updated_items,
                "articles_fetched": self.articles_fetched, "requests": self.requests}


@contextmanager
def crawl_lock(db_path: Path) -> Iterator[None]:
    """An exclusive, non-blocking lock beside the database file."""
    lock_path = Path(str(db_path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CrawlLocked(f"another policyfeed crawl is using {db_path} (lock {lock_path}); "
                              f"wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def store_article(store: Store, ann_id: str, item: Item, page_url: str, status: int, body: bytes,
                  content_type: str | None, etag: str | None, last_modified: str | None,
                  feed: str, now: datetime) -> None:
    """Parse, extract and store one fetched article in one transaction."""
    html, encoding = decode(body, content_type)
    article = parse_article(html, page_url, now)
    text = article.text or item.summary or ""
    published = item.published or article.published
    result = extract(text, published or now.date().isoformat(), article.title or item.title)
    with store.db.atomic():
        store.save_page(page_url, feed, "article", status, body, content_type, encoding, etag, last_modified)
        store.set_article(ann_id, article.url, item.title or article.title, article.published, text)
        store.replace_policies(ann_id, result)


def store_summary_only(store: Store, ann_id: str, item: Item, now: datetime) -> None:
    """Feeds without article fetching: extract from the list item's summary."""
    result = extract(item.summary or "", item.published or now.date().isoformat(), item.title)
    store.replace_policies(ann_id, result)


def crawl_feed(feed: Feed, store: Store, fetcher: Fetcher, summary: CrawlSummary, *, full: bool = False,
               max_pages: int | None = None, now: datetime | None = None) -> None:
    limit = max_pages or feed.max_pages
    store.upsert_feed(feed.name, feed.start_urls, feed.allowed_hosts)
    for start_url in feed.start_urls:
        url: str | None = start_url
        seen: set[str] = set()
        pages = 0
        while url and pages < limit:
            if url in seen:
                summary.errors.append(f"{url}: pagination loop (page already visited in this run)")
                log.warning("pagination loop at %s; stopping feed %s", url, feed.name)
                break
            seen.add(url)
            previous = store.page(url)
            conditional = previous if (previous and not full and previous.get("status") == 200) else None
            try:
                response = fetcher.get(url, (conditional or {}).get("etag"),
                                       (conditional or {}).get("last_modified"))
            except FetchError as e:
                summary.errors.append(str(e))
                log.error("list page failed: %s", e)
                break
            pages += 1
            if response.not_modified:
                summary.not_modified += 1
                log.info("%s: not modified", url)
                if pages == 1:
                    break
                body, content_type = _stored_body(previous), previous.get("content_type")
            else:
                summary.pages_fetched += 1
                body, content_type = response.content, response.content_type
            html, encoding = decode(body, content_type)
            page = parse_list(html, response.url, now or datetime.now(), feed.selectors)
            with store.db.atomic():
                if not response.not_modified:
                    store.save_page(url, feed.name, "list", response.status, body, content_type, encoding,
                                    response.etag, response.last_modified)
                writes = [store.upsert_list_item(feed.name, url, i.title, i.url, i.published, i.summary)
                          for i in page.items]
            summary.new_items += sum(w.status == "new" for w in writes)
            summary.updated_items += sum(w.status == "updated" for w in writes)
            todo = [(i, w) for i, w in zip(page.items, writes)
                    if full or w.status != "unchanged" or not _has_article(store, i.url, feed)]
            log.info("%s: %d items (%d new or changed)", url, len(page.items), len(todo))
            _fetch_articles(feed, store, fetcher, summary, todo, now or datetime.now())
            if not full and page.items and not todo:
                log.info("%s: only known items; feed %s is up to date", url, feed.name)
                break
            url = page.next
        else:
            if url and pages >= limit:
                log.info("feed %s: stopped at max_pages=%d", feed.name, limit)


def _stored_body(page: dict | None) -> bytes:
    import zlib

    return zlib.decompress(page["body"]) if page and page.get("body") else b""


def _has_article(store: Store, url: str, feed: Feed) -> bool:
    row = store.announcement(url)
    if row is None:
        return False
    return bool(row.get("article_fetched_at")) if feed.fetch_articles else bool(row.get("extractor_version"))


def _fetch_articles(feed: Feed, store: Store, fetcher: Fetcher, summary: CrawlSummary,
                    todo: list, now: datetime) -> None:
    if not todo:
        return
    if not feed.fetch_articles:
        for item, write in todo:
            with store.db.atomic():
                store_summary_only(store, write.id, item, now)
        return

    def fetch(item: Item):
        try:
            return item, fetcher.get(item.url), None
        except FetchError as e:
            return item, None, e

    by_url = {item.url: write for item, write in todo}
    with ThreadPoolExecutor(max_workers=feed.concurrency) as pool:
        for item, response, error in pool.map(fetch, [i for i, _ in todo]):
            if error is not None:
                summary.errors.append(str(error))
                log.error("article failed: %s", error)
                continue
            summary.articles_fetched += 1
            store_article(store, by_url[item.url].id, item, item.url, response.status, response.content,
                          response.content_type, response.etag, response.last_modified, feed.name, now)


def run_crawl(config: Config, db_path: str | Path, *, feed_name: str | None = None, full: bool = False,
              max_pages: int | None = None, fetcher_options: dict | None = None) -> CrawlSummary:
    """Crawl the configured feeds into the database at db_path; one run at a time."""
    feeds = config.select(feed_name)
    db_path = Path(db_path)
    with crawl_lock(db_path):
        store = Store(db_path)
        summary = CrawlSummary(feeds=[f.name for f in feeds])
        summary.run_id = store.start_run(summary.feeds)
        status = "crashed"
        try:
            for feed in feeds:
                with Fetcher(config.user_agent, feed.allowed_hosts, feed.delay_seconds,
                             max_connections=max(feed.concurrency, 1) + 1,
                             **(fetcher_options or {})) as fetcher:
                    crawl_feed(feed, store, fetcher, summary, full=full, max_pages=max_pages)
                    summary.requests += fetcher.requests
            status = summary.status
        finally:
            store.finish_run(summary.run_id, status, summary.counts(), summary.errors)
            store.close()
    return summary
