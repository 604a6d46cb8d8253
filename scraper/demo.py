"""`policyfeed demo`: the real crawl, parse, extract and store path, run on the bundled sample site."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .config import Config, parse_config
from .crawl import CrawlSummary, run_crawl
from .progress import Progress
from .samplesite import serve_sample_site
from .store import Store

DEMO_CONFIG = """\
# Written by `policyfeed demo`: the bundled sample site, served on {base}.
user_agent = "policyfeed-demo/0.1 (+https://github.com/policyfeed/policyfeed)"

[[feeds]]
name = "sample-search-1688"
start_urls = ["{base}/search/1688/page/1.html"]
delay_seconds = {delay}
concurrency = 2
max_pages = 10

[[feeds]]
name = "sample-tag-1688"
start_urls = ["{base}/tag/1688/page/1.html"]
delay_seconds = {delay}
concurrency = 2
max_pages = 10
"""


class DemoPortTaken(RuntimeError):
    """The sample site could not get the port an earlier demo crawled it at."""


@dataclass
class DemoResult:
    config_path: Path
    base_url: str
    crawl: CrawlSummary
    announcements: int
    policies_by_kind: dict[str, int]


def demo_config(base_url: str, delay: float = 0.02) -> Config:
    return parse_config(DEMO_CONFIG.format(base=base_url, delay=delay), "<demo>")


def _same_origin_as_before(db_path: Path, base: str) -> None:
    """Announcement ids come from URLs: a demo served on another port than the database's earlier
    demo would store every article a second time. Refuse instead."""
    if not db_path.exists():
        return
    with Store(db_path) as store:
        feed = store.feed("sample-search-1688")
    if feed is None:
        return
    earlier = json.loads(feed["start_urls"] or "[]")
    if earlier and not earlier[0].startswith(base + "/"):
        origin = earlier[0].split("/search/")[0]
        raise DemoPortTaken(
            f"{db_path} holds the sample site crawled at {origin}, but that port is taken now, so the site is "
            f"served at {base}: the same articles would be stored again under new URLs. Free the port "
            f"(another demo or `policyfeed serve` may hold it) and run demo again, or give a new --db.")


def run_demo(db_path: str | Path, config_path: str | Path | None = None, delay: float = 0.02,
             full: bool = False, progress: Progress | None = None) -> DemoResult:
    """Serve the sample site, write its feeds config, crawl it into db_path."""
    db_path = Path(db_path)
    config_path = Path(config_path or db_path.parent / "demo-feeds.toml")
    with serve_sample_site() as base:
        _same_origin_as_before(db_path, base)
        text = DEMO_CONFIG.format(base=base, delay=delay)
        config_path.parent.mkdir(parents=True, exist_ok=True)
        config_path.write_text(text, encoding="utf-8")
        summary = run_crawl(parse_config(text, str(config_path)), db_path, full=full, progress=progress)
    with Store(db_path) as store:
        return DemoResult(config_path, base, summary, store.announcement_count(), store.policy_counts_by_kind())
