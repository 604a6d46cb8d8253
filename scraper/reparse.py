"""`policyfeed reparse`: parse the stored raw pages again and re-extract, without the network.

After an upgrade of the parsers or the extractor, every announcement is brought up to date from the
pages kept in the ``pages`` table. Policy ids are stable, so records that did not change keep their
ids and nothing is duplicated; each page is redone in its own transaction.
"""
from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .crawl import crawl_lock, ingest_article
from .pages.encoding import decode
from .pages.listpage import parse_list
from .store import Store

log = logging.getLogger(__name__)


@dataclass
class ReparseSummary:
    list_pages: int = 0
    articles: int = 0
    items: int = 0
    policies: int = 0
    errors: list[str] = field(default_factory=list)


def _when(fetched_at: str | None) -> datetime:
    try:
        return datetime.fromisoformat(fetched_at) if fetched_at else datetime.now()
    except ValueError:
        return datetime.now()


def reparse(db_path: str | Path) -> ReparseSummary:
    """Re-parse every stored page and re-extract every announcement (holds the crawl lock)."""
    summary = ReparseSummary()
    with crawl_lock(Path(db_path)), Store(db_path) as store:
        for row in store.stored_pages():  # list pages first, so that items exist for their articles
            url = row["url"]
            try:
                html, _ = decode(store.page_body(row), row["content_type"], source=url)
                with store.transaction():
                    if row["kind"] == "list":
                        _list_page(store, row, html, summary)
                    else:
                        _article(store, row, html, summary)
            except (zlib.error, ValueError) as e:  # a corrupt stored body: report it, go on
                summary.errors.append(f"{url}: {type(e).__name__}: {e}")
                log.error("reparse failed for %s: %s", url, e)
    return summary


def _list_page(store: Store, row: dict, html: str, summary: ReparseSummary) -> None:
    page = parse_list(html, row["url"], _when(row["fetched_at"]))
    for item in page.items:
        store.upsert_list_item(row["feed"], row["url"], item.title, item.url, item.published, item.summary)
    summary.list_pages += 1
    summary.items += len(page.items)


def _article(store: Store, row: dict, html: str, summary: ReparseSummary) -> None:
    announcement = store.announcement(row["url"])
    if announcement is None:
        summary.errors.append(f"{row['url']}: article page with no announcement; skipped")
        return
    summary.policies += ingest_article(store, announcement["id"], html, row["url"], _when(row["fetched_at"]),
                                       title=announcement["title"], published=announcement["published_at"],
                                       summary=announcement["summary"])
    summary.articles += 1
