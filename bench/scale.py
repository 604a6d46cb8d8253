"""Scale: `policyfeed reparse` over a database of 10,000 generated announcements — its wall time and
peak RSS as a subprocess, and the database file's size.

The database is built directly, without a crawl: tests/sites.py's FeedSite(count=10000,
page_size=20) renders the 500 list pages and 10,000 article pages; each list page is stored as a
fetched page (Store.save_page, kind "list"), its items (read with parse_list, as a crawl would)
recorded with Store.upsert_list_item, and each item's article page stored with Store.save_page,
one list page with its items and articles per ``store.db.atomic()`` block. Nothing is extracted at
build time: the reparse parses all 10,500 pages and extracts and writes every announcement's
policies. Then `python -m scraper.cli reparse --db PATH` runs as a child process, timed, and its
peak RSS read with os.wait4 (bench.run_child).

Anchors, same run: the same build and reparse at a tenth of the size (1,000 announcements), scaled
linearly for the time (10 x its wall; ratio 1.0 = linear, below 1 = the fixed start-up cost
amortised) and as is for the peak RSS (ratio 1.0 = memory flat in the number of announcements);
for the file size, the raw HTML bytes stored in it.
"""
from __future__ import annotations

import os
import re
import sqlite3
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from . import ROOT, Row, log, run_child

NAME = "scale"
BASE = "https://news.policyfeed-bench.example"
FEED = "bench"
TARGET_SECONDS = 60.0
TARGET_MB = 300.0


def build_db(path: Path, count: int) -> dict:
    """A policyfeed database with `count` announcements' list and article pages, not yet parsed."""
    sys.path.insert(0, str(ROOT))
    from scraper.pages.listpage import parse_list
    from scraper.store import Store
    from tests.sites import FeedSite

    site = FeedSite(count=count, page_size=20)
    now = datetime(2030, 1, 1)
    raw = 0
    start = time.perf_counter()
    store = Store(path)
    try:
        store.upsert_feed(FEED, [BASE + site.list_path(1)], ["news.policyfeed-bench.example"])
        for page in range(1, site.pages + 1):
            list_url = BASE + site.list_path(page)
            body = site.render(site.list_path(page))
            items = parse_list(body.decode("utf-8"), list_url, now).items
            with store.db.atomic():
                store.save_page(list_url, FEED, "list", 200, body, "text/html; charset=utf-8", "utf-8", None, None)
                raw += len(body)
                for item in items:
                    store.upsert_list_item(FEED, list_url, item.title, item.url, item.published, item.summary)
                    article_id = int(re.search(r"/(\d+)\.html$", item.url).group(1))
                    html = site.render(site.article_path(article_id))
                    store.save_page(item.url, FEED, "article", 200, html, "text/html; charset=utf-8", "utf-8",
                                    None, None)
                    raw += len(html)
    finally:
        store.close()
    return {"announcements": count, "list_pages": site.pages, "raw_html_bytes": raw,
            "build_seconds": time.perf_counter() - start}


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def reparse(path: Path) -> dict:
    child = run_child([sys.executable, "-m", "scraper.cli", "reparse", "--db", str(path)], timeout=1200)
    if child.returncode != 0:
        raise RuntimeError(f"reparse failed (exit {child.returncode}): {child.stderr[-3000:]}{child.stdout[-2000:]}")
    with sqlite3.connect(path) as conn:
        done = conn.execute("select count(*) from announcements where body is not null").fetchone()[0]
        policies = conn.execute("select count(*) from policies").fetchone()[0]
    return {"wall": child.wall, "maxrss_mb": child.maxrss_mb, "output": child.stdout.strip().splitlines(),
            "announcements_with_body": done, "policies": policies, "db_bytes": _size(path)}


def measure(tmp: Path, count: int) -> dict:
    path = tmp / f"reparse-{count}.db"
    log(f"{NAME}: building a database of {count} announcements")
    built = build_db(path, count)
    built["db_bytes_before"] = _size(path)
    log(f"{NAME}: reparse of {count} announcements (subprocess)")
    return {**built, **reparse(path)}


def run(quick: bool = False) -> list[Row]:
    count = 1000 if quick else 10000
    small = count // 10
    with tempfile.TemporaryDirectory(prefix="policyfeed-bench-scale-") as tmpdir:
        tmp = Path(tmpdir)
        anchor = measure(tmp, small)
        big = measure(tmp, count)
    ok = "" if big["announcements_with_body"] == count else f" (ONLY {big['announcements_with_body']} DONE)"
    details = {"anchor": anchor, "measured": big}
    return [
        Row(NAME, f"reparse wall, {count:,} announcements{ok}", big["wall"], f"10 x reparse of {small:,}",
            10 * anchor["wall"], "s", target=f"< {TARGET_SECONDS:.0f} s", passed=big["wall"] < TARGET_SECONDS,
            details=details),
        Row(NAME, f"reparse peak RSS, {count:,} announcements", big["maxrss_mb"], f"reparse of {small:,}",
            anchor["maxrss_mb"], "MB", target=f"< {TARGET_MB:.0f} MB", passed=big["maxrss_mb"] < TARGET_MB),
        Row(NAME, f"database file, {count:,} announcements", big["db_bytes"] / 2**20, "raw HTML stored in it",
            big["raw_html_bytes"] / 2**20, "MB",
            details={"db_bytes": big["db_bytes"], "raw_html_bytes": big["raw_html_bytes"],
                     "db_bytes_before_reparse": big["db_bytes_before"]}),
    ]


if __name__ == "__main__":  # build one database to look at: python -m bench.scale PATH COUNT
    print(build_db(Path(sys.argv[1]), int(sys.argv[2])))
    os.sync()
