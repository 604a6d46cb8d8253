"""A crawl killed with SIGKILL at random moments loses nothing committed, and the next run completes
the work without duplicates. The crawl runs as a real subprocess against a slow server on 127.0.0.1."""
from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time

from tests.sites import FeedSite, SiteServer
from tests.test_crawl import assert_each_article_once, config_for


def test_sigkill_at_random_moments_then_finish(tmp_path):
    db_path, config = tmp_path / "kill.db", tmp_path / "feeds.toml"
    rng = random.Random(20261125)  # fixed seed: the same moments on every run
    kills = []
    with SiteServer(FeedSite(count=100, page_size=10), latency=0.1) as server:
        config.write_text(config_for(server), encoding="utf-8")
        command = [sys.executable, "-m", "scraper.cli", "-q", "crawl", "--config", str(config), "--db", str(db_path)]
        for _ in range(4):
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            moment = rng.uniform(1.0, 3.5)
            time.sleep(moment)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            with sqlite3.connect(db_path) as conn:
                stored = conn.execute("select count(*) from announcements where article_fetched_at is not null")
                kills.append((round(moment, 2), stored.fetchone()[0]))
        final = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert final.returncode == 0, final.stderr
        assert_each_article_once(server, db_path)
        with sqlite3.connect(db_path) as conn:
            statuses = [r[0] for r in conn.execute("select status from crawl_runs order by id")]
            duplicates = conn.execute("select count(*) - count(distinct url) from announcements").fetchone()[0]
    # the kills really interrupted work in progress, at different points
    assert len({stored for _, stored in kills}) > 1, kills
    assert kills[0][1] < len(server.site.articles)
    assert statuses[-1] == "ok" and statuses.count("killed") == 4 and duplicates == 0
    print("kill moments (s) and articles stored at each:", json.dumps(kills))
