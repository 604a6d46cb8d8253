"""A crawl killed with SIGKILL mid-run loses nothing committed, and the next run completes the work
without duplicates. The crawl runs as a real subprocess against a slow server on 127.0.0.1.

The kills land on observed progress (once N articles are stored), not at wall-clock moments: on a busy
machine a timed kill can land before the first article, and the test would then prove nothing."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

from tests.sites import FeedSite, SiteServer
from tests.test_crawl import assert_each_article_once, config_for


def _stored(db_path) -> int:
    """Articles committed so far (0 before the crawl has created its tables)."""
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("select count(*) from announcements where article_fetched_at is not null").fetchone()[0]
    except sqlite3.OperationalError:  # no file or no table yet
        return 0


def _kill_after(process: subprocess.Popen, db_path, target: int, limit: float = 120.0) -> None:
    """SIGKILL the crawl once at least target articles are stored (polled, so no timing assumption)."""
    deadline = time.monotonic() + limit
    while _stored(db_path) < target:
        assert process.poll() is None, f"the crawl ended before {target} articles were stored"
        assert time.monotonic() < deadline, f"fewer than {target} articles stored after {limit} s"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)


def test_sigkill_mid_crawl_then_finish(tmp_path):
    db_path, config = tmp_path / "kill.db", tmp_path / "feeds.toml"
    kills = []
    with SiteServer(FeedSite(count=100, page_size=10), latency=0.1) as server:
        config.write_text(config_for(server), encoding="utf-8")
        command = [sys.executable, "-m", "scraper.cli", "-q", "crawl", "--config", str(config), "--db", str(db_path)]
        for target in (5, 25, 45, 70):  # cumulative: each run resumes where the last was killed
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _kill_after(process, db_path, target)
            process.wait(timeout=30)
            kills.append((target, _stored(db_path)))
        final = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert final.returncode == 0, final.stderr
        assert_each_article_once(server, db_path)
        with sqlite3.connect(db_path) as conn:
            statuses = [r[0] for r in conn.execute("select status from crawl_runs order by id")]
            duplicates = conn.execute("select count(*) - count(distinct url) from announcements").fetchone()[0]
    # the kills really interrupted work in progress, at different points
    assert len({stored for _, stored in kills}) == 4, kills
    assert kills[-1][1] < len(server.site.articles)
    assert statuses[-1] == "ok" and statuses.count("killed") == 4 and duplicates == 0
    print("kill targets and articles stored at each:", json.dumps(kills))
