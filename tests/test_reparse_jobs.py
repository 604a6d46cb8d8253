"""`policyfeed reparse --jobs`: parsing and extraction in worker processes, one writer, the same rows.

A database is built by crawling a generated site (tests/sites.py), copied, and one copy reparsed with
--jobs 1 (everything in one process), the other with --jobs 2 (two worker processes and the writer).
Every table must then hold the same rows, except the columns that hold the wall-clock time of a
write (bench.scale.TIMESTAMP_COLUMNS: now_iso() at the moment the row was written, which differs
between any two runs by design): announcements.last_seen and article_fetched_at, announcement_feeds.last_seen,
policies.first_seen (and first_seen elsewhere), policy_events.at and announcement_revisions.recorded_at.
Everything else is compared, ids, event order and the full-text index tables included.
"""
from __future__ import annotations

import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from bench.scale import database_rows as rows  # timestamp columns left out
from scraper.cli import cli
from scraper.config import parse_config
from scraper.crawl import run_crawl
from scraper.reparse import reparse
from scraper.store import Store, search
from tests.sites import FeedSite, SiteServer


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A crawled database whose policies are then wiped, so that the reparse has everything to redo."""
    path = tmp_path_factory.mktemp("crawled") / "policyfeed.db"
    with SiteServer(FeedSite(count=40, page_size=8)) as server:
        config = parse_config(f'[[feeds]]\nname = "test"\nstart_urls = ["{server.base}/news/list_1.html"]\n'
                              f"delay_seconds = 0\nconcurrency = 2\n")
        assert run_crawl(config, path).errors == []
    with sqlite3.connect(path) as conn:
        for table in ("policy_regions", "policy_windows", "announcement_regions", "policies"):
            conn.execute(f"delete from {table}")
    return path


def _copy(source, target):
    shutil.copyfile(source, target)
    return target


def test_two_jobs_write_the_same_rows_as_one(crawled, tmp_path):
    one, two = _copy(crawled, tmp_path / "one.db"), _copy(crawled, tmp_path / "two.db")
    single = reparse(one, jobs=1)
    pooled = reparse(two, jobs=2)
    assert (single.jobs, pooled.jobs) == (1, 2)
    assert single.errors == pooled.errors == []
    counts = lambda s: (s.list_pages, s.items, s.articles, s.policies)  # noqa: E731
    assert counts(pooled) == counts(single) == (5, 40, 40, counts(single)[3]) and single.policies > 0
    before, after = rows(one), rows(two)
    assert before.keys() == after.keys()
    assert {t for t in before if before[t] != after[t]} == set()
    assert len(before["policies"]) == single.policies and before["policy_events"]


def test_the_command_takes_jobs(crawled, tmp_path):
    db = _copy(crawled, tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["reparse", "--db", str(db), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "articles:   40" in result.output
    assert CliRunner().invoke(cli, ["reparse", "--db", str(db), "--jobs", "0"]).exit_code == 2


def test_a_corrupt_page_is_reported_and_the_run_goes_on_in_a_worker(crawled, tmp_path):
    db = _copy(crawled, tmp_path / "corrupt.db")
    with sqlite3.connect(db) as conn:
        conn.execute("update pages set body = x'00ff00' where kind = 'article' and url like '%/a/7.html'")
    summary = reparse(db, jobs=2)
    assert len(summary.errors) == 1 and "/news/a/7.html" in summary.errors[0]
    assert summary.articles == 39
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(distinct announcement_id) from policies").fetchone()[0] == 39


def test_an_article_without_its_announcement_is_reported_in_page_order(crawled, tmp_path):
    one, two = _copy(crawled, tmp_path / "o.db"), _copy(crawled, tmp_path / "t.db")
    for db in (one, two):
        with sqlite3.connect(db) as conn:  # a stored article page whose announcement is gone
            conn.execute("insert into pages (url, feed, kind, fetched_at, status, body) select "
                         "url || '?orphan', feed, kind, fetched_at, status, body from pages "
                         "where kind = 'article' and url like '%/a/3.html'")
    assert reparse(one, jobs=1).errors == reparse(two, jobs=2).errors != []
    assert rows(one) == rows(two)


def _fts(db_path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select rowid, title, text from announcements_fts order by rowid").fetchall()


def test_the_index_segmented_by_the_workers_is_the_crawls(crawled, tmp_path):
    """The workers segment what the writer indexes (Store.segmented_in_advance). Tried: every article's
    text and index rows wiped, so that the reparse indexes every article again; its full-text rows must
    be those the crawl wrote, segmenting in its one process."""
    db = _copy(crawled, tmp_path / "index.db")
    with sqlite3.connect(db) as conn:
        conn.execute("update announcements set body = null")
        conn.execute("delete from announcements_fts")
    assert _fts(db) == []
    assert reparse(db, jobs=2).errors == []
    assert _fts(db) == _fts(crawled) and len(_fts(crawled)) == 40


def test_a_segmentation_made_in_advance_serves_only_its_own_text(tmp_path):
    made = search.segment("受台风影响浙江省杭州市暂停发货")
    ready = {"受台风影响": "a guess that is used as given"}
    assert search.segment("受台风影响", ready) == "a guess that is used as given"
    assert search.segment("受台风影响浙江省杭州市暂停发货", ready) == made  # not given: segmented here
    with Store(tmp_path / "s.db") as store:
        with store.segmented_in_advance(ready):
            assert store._segmented is ready
        assert store._segmented == {}  # forgotten on leaving
