"""The crawl: list pages -> items -> articles -> extraction -> store, one feed after another.

Incremental by default: page 1 is asked for conditionally (a 304 ends the feed's run), paging stops
at the first page whose items are all known and whose articles are stored, and an article is fetched
only when its item is new or changed (or its earlier fetch failed). ``full=True`` re-walks everything.
A lock file next to the database keeps two runs from overlapping.
"""
from __future__ import annotations

import logging
import sqlite3
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from extract import extract

from .config import Config, Feed
from .fetch import DisallowedURL, Fetcher, FetchError, FetchSettings, Politeness, Response
from .pages.article import parse_article
from .pages.encoding import decode
from .pages.listpage import Item, ListPage, parse_list
from .progress import Progress
from .store import ArticleWrites, ItemWrite, Store, StoreError, crawl_lock

log = logging.getLogger(__name__)


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


def ingest_article(store: ArticleWrites, ann_id: str, html: str, page_url: str, now: datetime, *, title: str | None,
                   published: str | None, summary: str | None) -> int:
    """Parse an article page, extract its policies and store both (the caller holds the transaction).

    The list page's title and time win over the article page's: they are what the feed announced;
    the article's text wins over the list's summary. Returns the number of policy records."""
    article = parse_article(html, page_url, now)
    text = article.text or summary or ""
    title = title or article.title
    result = extract(text, published or article.published or now.date().isoformat(), title)
    store.set_article(ann_id, article.url, title, article.published, text)
    return store.replace_policies(ann_id, result)


def store_article(store: Store, ann_id: str, item: Item, response: Response, feed: str, now: datetime) -> None:
    """One fetched article: raw page, text and policies in one transaction."""
    html, encoding = decode(response.content, response.content_type, source=item.url)
    with store.transaction():
        store.save_page(item.url, feed, "article", response.status, response.content, response.content_type,
                        encoding, response.etag, response.last_modified)
        ingest_article(store, ann_id, html, item.url, now, title=item.title, published=item.published,
                       summary=item.summary)


def store_summary_only(store: Store, ann_id: str, item: Item, now: datetime) -> None:
    """Feeds without article fetching: extract from the list item's summary."""
    result = extract(item.summary or "", item.published or now.date().isoformat(), item.title)
    store.replace_policies(ann_id, result)


@dataclass
class FeedRun:
    """One feed's crawl within a run: its config, the shared store and client, and what it counts."""

    feed: Feed
    store: Store
    fetcher: Fetcher
    summary: CrawlSummary
    progress: Progress
    now: datetime
    full: bool = False
    max_pages: int | None = None
    attempted: set[str] = field(default_factory=set)  # article URLs requested in this run
    in_flight: list = field(default_factory=list)  # (item, write, future) of articles being fetched
    pool: ThreadPoolExecutor | None = None

    def crawl(self) -> None:
        """Walk each start URL, then retry articles that earlier runs could not store.

        Article fetches run on a pool of ``concurrency`` threads while the walk goes on to the next
        list page; this thread parses and stores everything (SQLite is written from one thread) as
        fetches complete. The fetcher keeps the whole feed within ``concurrency`` requests at a time."""
        with ThreadPoolExecutor(max_workers=self.feed.concurrency, thread_name_prefix="fetch") as pool:
            self.pool = pool
            try:
                self._crawl()
            finally:
                self.drain(wait=True)

    def _crawl(self) -> None:
        store, feed = self.store, self.feed
        with store.transaction():
            store.upsert_feed(feed.name, feed.start_urls, feed.allowed_hosts)
            state = store.feed(feed.name)
            store.set_walk_complete(feed.name, False)
        assert state is not None  # upsert_feed has just written it
        # a walk cut short (killed, failed) is resumed in full; a complete one is walked incrementally
        incremental = not self.full and bool(state.get("walk_complete"))
        left_over = store.pending_articles(feed.name) if feed.fetch_articles else []
        self.progress.start_feed(feed.name)
        complete = all([self.walk(url, incremental) for url in feed.start_urls])
        # articles earlier runs could not store, and this run's walk did not reach again
        self.drain(wait=True)
        self.fetch_articles([(Item(r["title"], r["url"], r["published"], r["summary"]), ItemWrite(r["id"], "pending"))
                             for r in left_over if r["url"] not in self.attempted])
        self.drain(wait=True)
        with store.transaction():
            store.set_walk_complete(feed.name, complete)

    def walk(self, start_url: str, incremental: bool) -> bool:
        """Follow the list pages from start_url; True when the walk reached its end.

        The next list page is requested before the current page's articles, so the pool never
        idles while this thread waits for a list page."""
        url = start_url
        seen: set[str] = {start_url}
        limit = self.max_pages or self.feed.max_pages
        request = self.request_list(url, incremental)
        while True:
            page, finished, todo = self.list_page(url, request, incremental, first=len(seen) == 1)
            following = page.next if page is not None else None
            if following and following in seen:
                log.warning("feed %s: pagination loop back to %s; stopping there", self.feed.name, following)
                following = None
            elif following and len(seen) >= limit:
                log.info("feed %s: stopped at max_pages=%d", self.feed.name, limit)
                following = None
            if following:
                seen.add(following)
                request = self.request_list(following, incremental)
            self.fetch_articles(todo)
            if not following:
                return finished
            url = following

    def request_list(self, url: str, incremental: bool) -> tuple[Future, dict | None]:
        """Start fetching a list page (conditionally when the walk is incremental)."""
        previous = self.store.page(url)
        validators = previous if incremental and previous and previous.get("status") == 200 else {}
        assert self.pool is not None, "crawl() runs the walk"
        future = self.pool.submit(self._get, url, validators.get("etag"), validators.get("last_modified"))
        return future, previous

    def _get(self, url: str, etag: str | None = None, last_modified: str | None = None):
        try:
            return self.fetcher.get(url, etag, last_modified), None
        except FetchError as e:
            return None, e

    def wait_for(self, future: Future):
        """The future's result; articles completing meanwhile are stored."""
        while not future.done():
            wait([future, *(f for _, _, f in self.in_flight)], return_when=FIRST_COMPLETED)
            self.drain(wait=False)
        return future.result()

    def list_page(self, url: str, request: tuple[Future, dict | None], incremental: bool,
                  first: bool) -> tuple[ListPage | None, bool, list]:
        """Parse and store one fetched list page. (page or None to stop, walk finished?, articles to fetch)"""
        store = self.store
        future, previous = request
        response, error = self.wait_for(future)
        if error is not None:
            if not first and error.status in (404, 410):  # the feed got shorter since the link was written
                log.warning("feed %s ends at %s (%s)", self.feed.name, url, error.reason)
                return None, True, []
            self.fail(str(error))
            return None, False, []
        if response.not_modified:
            self.summary.not_modified += 1
            self.progress.page(url, 0, 0, not_modified=True)
            if first:
                return None, True, []  # nothing new on page 1: the feed is up to date
            if previous is None:  # a 304 to a request that sent no validators: nothing stored to reuse
                self.fail(f"{url}: HTTP 304 Not Modified to a request without validators, and no stored copy")
                return None, False, []
            body, content_type = Store.page_body(previous), previous.get("content_type")
        else:
            self.summary.pages_fetched += 1
            body, content_type = response.content, response.content_type
        try:
            html, encoding = decode(body, content_type, source=url)
            page = parse_list(html, response.url, self.now, self.feed.selectors)
        except Exception as e:  # one page's unforeseen parse failure is that page's, not the run's
            log.exception("%s: could not be parsed", url)
            self.fail(f"{url}: could not be parsed ({type(e).__name__}: {e}); it is tried again on the next run")
            return None, False, []
        if not page.items:
            # an error page served as 200, a redesign detection cannot read, or an empty last page:
            # keep no validators (the next run asks again) and say so when it is the first page
            store.save_page(url, self.feed.name, "list", response.status, body, content_type, encoding,
                            None, None, error="no items found")
            if first:
                self.fail(f"{url}: no feed items found on the first page (error page or a layout that needs "
                          f"[feeds.selectors])")
                return None, False, []
            return None, True, []
        with store.transaction():
            if not response.not_modified:
                store.save_page(url, self.feed.name, "list", response.status, body, content_type, encoding,
                                response.etag, response.last_modified)
            writes = [store.upsert_list_item(self.feed.name, url, i.title, i.url, i.published, i.summary)
                      for i in page.items]
        new = sum(w.status == "new" for w in writes)
        self.summary.new_items += new
        self.summary.updated_items += sum(w.status == "updated" for w in writes)
        self.progress.page(url, len(page.items), new)
        todo = [(i, w) for i, w in zip(page.items, writes, strict=False)
                if self.full or w.status != "unchanged"
                or not (w.article_stored if self.feed.fetch_articles else w.extracted)]
        if incremental and not todo:
            log.info("%s: only known items; feed %s is up to date", url, self.feed.name)
            return None, True, []
        return page, True, todo

    def fetch_articles(self, todo: list[tuple[Item, ItemWrite]]) -> None:
        """Queue article fetches on the pool (or, for feeds without articles, extract from the list
        item's summary at once); completed fetches are stored by drain()."""
        if not todo:
            return
        if not self.feed.fetch_articles:
            for item, write in todo:
                with self.store.transaction():
                    store_summary_only(self.store, write.id, item, self.now)
            return
        assert self.pool is not None, "crawl() runs the walk"
        for item, write in todo:
            if item.url in self.attempted or not self.allowed(item.url):
                continue
            self.attempted.add(item.url)
            self.in_flight.append((item, write, self.pool.submit(self._get, item.url)))
        self.drain(wait=False)

    def drain(self, wait: bool) -> None:
        """Store the articles whose fetch has completed (all of them when wait), each in its own
        transaction."""
        waiting = []
        for item, write, future in self.in_flight:
            if not (wait or future.done()):
                waiting.append((item, write, future))
                continue
            response, error = future.result()
            if error is not None:
                self.fail(str(error))
                self.progress.article(item.url, ok=False)
                continue
            self.summary.articles_fetched += 1
            try:
                store_article(self.store, write.id, item, response, self.feed.name, self.now)
            except (sqlite3.Error, StoreError):
                raise  # the database, not the page: the run cannot go on
            except Exception as e:  # an article that cannot be parsed is a failed page; the run goes on
                log.exception("%s: could not be parsed", item.url)
                self.fail(f"{item.url}: could not be parsed ({type(e).__name__}: {e}); "
                          "it is tried again on the next run")
                self.progress.article(item.url, ok=False)
                continue
            self.progress.article(item.url, ok=True)
        self.in_flight = waiting

    def allowed(self, url: str) -> bool:
        """Links off the allowed origins or disallowed by robots.txt are skipped (the item stays
        listed), never requested."""
        try:
            self.fetcher.check(url)
            return True
        except DisallowedURL as e:
            log.info("skipping %s", e)
            return False

    def fail(self, message: str) -> None:
        self.summary.errors.append(message)
        log.error("%s", message)


def origin_caps(feeds: tuple[Feed, ...]) -> dict[str, int]:
    """Requests in flight at most per origin for the whole run: the smallest concurrency of the feeds
    allowed on it, so that feeds sharing a host never add up beyond what any of them asked for."""
    caps: dict[str, int] = {}
    for feed in feeds:
        for origin in feed.allowed_origins:
            caps[origin] = min(caps.get(origin, feed.concurrency), feed.concurrency)
    return caps


def run_crawl(config: Config, db_path: str | Path, *, feed_name: str | None = None, full: bool = False,
              max_pages: int | None = None, fetch_settings: FetchSettings | None = None,
              progress: Progress | None = None) -> CrawlSummary:
    """Crawl the configured feeds into the database at db_path; one run at a time.

    fetch_settings (default FetchSettings()) holds what the feeds file does not say (timeouts,
    retries, backoff, size caps); each feed's own values (user agent, origins, delay, concurrency,
    response deadline) replace its fields."""
    feeds = config.select(feed_name)
    db_path = Path(db_path)
    progress = progress or Progress(live=False)
    with crawl_lock(db_path), Store(db_path) as store:
        summary = CrawlSummary(feeds=[f.name for f in feeds])
        summary.run_id = store.start_run(summary.feeds)
        status = "crashed"
        robots: dict = {}  # robots.txt is read once per origin per run, whatever the number of feeds
        politeness = Politeness(caps=origin_caps(feeds))  # per-origin delay and cap, across feeds
        try:
            for feed in feeds:
                settings = replace(fetch_settings or FetchSettings(), user_agent=config.user_agent,
                                   allowed_origins=feed.allowed_origins, delay=feed.delay_seconds,
                                   max_connections=feed.concurrency + 1, concurrency=feed.concurrency,
                                   response_deadline=feed.response_deadline_seconds)
                with Fetcher(settings, robots_cache=robots, politeness=politeness) as fetcher:
                    try:
                        FeedRun(feed, store, fetcher, summary, progress, datetime.now().replace(microsecond=0),
                                full, max_pages).crawl()
                    finally:
                        summary.requests += fetcher.requests
            status = summary.status
        finally:
            progress.close()
            store.finish_run(summary.run_id, status, summary.counts(), summary.errors)
    return summary
