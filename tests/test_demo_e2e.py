"""End to end: the demo's crawl -> parse -> extract -> store path against the sample site served on
127.0.0.1, into a real SQLite file."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from scraper.crawl import run_crawl
from scraper.demo import demo_config
from scraper.samplesite import sample_site_dir

TABLES = ("announcements", "announcement_feeds", "policies", "policy_regions", "pages")


def _counts(db_path) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def test_every_seed_announcement_is_stored_exactly_once(sample_site, db_path, seed_gold):
    summary = run_crawl(demo_config(sample_site, delay=0), db_path)
    assert summary.errors == []
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("select title, published_at from announcements").fetchall()
    for gold in seed_gold:
        matches = [r for r in rows if r == (gold["title"], gold["published"])]
        assert len(matches) == 1, (gold["id"], gold["title"], matches)


def test_typhoon_exemption_window_and_regions(sample_site, db_path):
    run_crawl(demo_config(sample_site, delay=0), db_path)
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        ann = conn.execute("select id from announcements where published_at = '2021-07-26T17:32:11'").fetchone()
        exemptions = conn.execute("select * from policies where announcement_id = ? and kind = 'exemption'",
                                  [ann["id"]]).fetchall()
        assert len(exemptions) == 1
        policy = exemptions[0]
        assert (policy["start"], policy["end"]) == ("2021-07-25T00:00:00", "2021-07-28T23:59:59")
        assert policy["cause"] == "typhoon"
        assert set(json.loads(policy["relief"])) == {"no_penalty", "no_compensation"}
        codes = {r[0] for r in conn.execute("select region_code from policy_regions where policy_id = ?",
                                            [policy["id"]])}
    assert {"310000", "330100", "330200", "320500"} <= codes
    assert "330000" not in codes  # the province is only the container of its listed cities


def test_second_run_adds_nothing_and_asks_conditionally(sample_site, db_path):
    config = demo_config(sample_site, delay=0)
    first = run_crawl(config, db_path)
    before = _counts(db_path)
    second = run_crawl(config, db_path)
    assert _counts(db_path) == before
    manifest = json.loads((sample_site_dir() / "MANIFEST.json").read_text("utf-8"))["articles"]
    assert first.new_items == before["announcements"] == len(manifest)
    assert (first.updated_items, first.articles_fetched) == (0, len(manifest))  # feeds agree on shared items
    with sqlite3.connect(db_path) as conn:
        stored = dict(conn.execute("select url, published_at from announcements"))
    assert {a["url"]: a["published"] for a in manifest} == {u.split(sample_site)[1]: p for u, p in stored.items()}
    assert before["announcement_feeds"] == sum(len(a["feeds"]) for a in manifest)  # shared articles: 2 feeds
    assert (second.new_items, second.updated_items, second.articles_fetched) == (0, 0, 0)
    assert second.not_modified == 2  # page 1 of each feed answered 304
    assert second.requests == 3  # robots.txt once for the host, then page 1 of each feed


def test_demo_command_prints_the_summary(tmp_path):
    db = tmp_path / "demo.db"
    done = subprocess.run([sys.executable, "-m", "scraper.cli", "demo", "--db", str(db)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "announcements:      106 stored" in out
    assert "policy records:" in out and "exemption" in out
    assert f"policyfeed serve --db {db}" in out
    assert db.exists()


def test_demo_refuses_another_port_than_its_database_was_crawled_at(tmp_path):
    """A real demo into a new database, then again while its port is held by another server: the
    rerun refuses (exit 2, saying why) instead of storing all 106 articles again under new URLs."""
    import socket

    from click.testing import CliRunner

    from scraper.cli import cli
    from scraper.samplesite import PREFERRED_PORT

    db_path = tmp_path / "demo.db"
    first = CliRunner().invoke(cli, ["-q", "demo", "--db", str(db_path)])
    assert first.exit_code == 0, first.output
    before = _counts(db_path)
    with sqlite3.connect(db_path) as conn:  # 8689, or another port when 8689 was busy
        start = json.loads(conn.execute("select start_urls from feeds limit 1").fetchone()[0])[0]
    port = int(start.split(":")[2].split("/")[0])
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if port == PREFERRED_PORT:
        holder.bind(("127.0.0.1", port))
        holder.listen()
    else:  # 8689 is held elsewhere already; the rerun will get yet another free port
        holder.close()
        holder = None
    try:
        again = CliRunner().invoke(cli, ["-q", "demo", "--db", str(db_path)])
    finally:
        if holder is not None:
            holder.close()
    assert again.exit_code == 2
    assert "stored again under new URLs" in again.output and "Traceback" not in again.output
    assert _counts(db_path) == before
