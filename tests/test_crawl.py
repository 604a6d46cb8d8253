"""The crawler against a real HTTP server on 127.0.0.1 (tests/sites.py): faults, incremental nights,
pagination loops, GBK pages, robots.txt, the lock and the exit codes. Delays are tiny; loops bounded."""
from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.config import parse_config
from scraper.crawl import run_crawl
from scraper.fetch import FetchSettings
from scraper.store import CrawlLocked, crawl_lock
from tests.sites import Fault, FeedSite, SiteServer

FAST = FetchSettings(backoff_base=0.01, backoff_cap=0.05)


def config_for(server: SiteServer, **feed) -> str:
    extra = "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in feed.items())
    return (f'[[feeds]]\nname = "test"\nstart_urls = ["{server.base}/news/list_1.html"]\n'
            f"delay_seconds = 0\nconcurrency = 2\n{extra}")


def crawl(server: SiteServer, db_path, **options):
    feed = {k: options.pop(k) for k in list(options) if k in ("max_pages", "fetch_articles")}
    return run_crawl(parse_config(config_for(server, **feed)), db_path, fetch_settings=FAST, **options)


def stored(db_path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return sorted(r[0] for r in conn.execute("select url from announcements where article_fetched_at is not null"))


def expected_urls(server: SiteServer) -> list[str]:
    return sorted(server.base + server.site.article_path(i) for i in server.site.articles)


def assert_each_article_once(server: SiteServer, db_path) -> None:
    with sqlite3.connect(db_path) as conn:
        urls = [r[0] for r in conn.execute("select url from announcements")]
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        exemptions = conn.execute("select count(*) from policies where kind = 'exemption'").fetchone()[0]
    assert sorted(urls) == expected_urls(server)  # every article, no duplicates
    assert stored(db_path) == expected_urls(server)  # every article page parsed and stored
    assert exemptions == len(server.site.articles)  # and extracted


@pytest.mark.parametrize("fault", [
    Fault(r"/news/a/", "status", times=3, status=500),
    Fault(r"/news/a/", "status", times=3, status=503, retry_after="0"),
    Fault(r"/news/a/", "status", times=4, status=429, retry_after="1"),
    Fault(r"/news/list_2", "status", times=2, status=502),
    Fault(r"/news/a/", "drop", times=3),  # Content-Length promised, half the body sent, connection closed
    Fault(r"/news/list_1", "drop", times=1),
    Fault(r"/robots.txt", "status", times=1, status=503),  # retried: a server error is not a verdict
], ids=["500", "503-retry-after", "429-retry-after-1s", "list-502", "dropped-article", "dropped-list",
        "robots-503-once"])
def test_faults_are_retried_and_every_article_is_stored_once(fault, db_path):
    with SiteServer(FeedSite(count=25)) as server:
        server.inject(fault)
        summary = crawl(server, db_path)
        assert summary.errors == []
        assert_each_article_once(server, db_path)


def test_slow_response_times_out_and_is_retried(db_path):
    import httpx

    with SiteServer(FeedSite(count=8)) as server:
        server.inject(Fault(r"/news/a/5\.html", "slow", times=1, seconds=1.5))
        summary = run_crawl(parse_config(config_for(server)), db_path,
                            fetch_settings=replace(FAST, timeout=httpx.Timeout(0.5)))
        assert summary.errors == []
        assert server.requests(r"/news/a/5\.html")["/news/a/5.html"] == 2
        assert_each_article_once(server, db_path)


def test_persistent_failure_is_reported_and_retried_next_night(db_path):
    with SiteServer(FeedSite(count=12)) as server:
        server.inject(Fault(r"/news/a/7\.html", "status", times=4, status=500))  # all 4 attempts fail
        first = crawl(server, db_path)
        assert len(first.errors) == 1 and "/news/a/7.html" in first.errors[0]
        with sqlite3.connect(db_path) as conn:
            status, errors = conn.execute("select status, errors from crawl_runs").fetchone()
        assert status == "failed-pages" and "/news/a/7.html" in errors
        second = crawl(server, db_path)
        assert second.errors == [] and second.articles_fetched == 1
        assert_each_article_once(server, db_path)


def test_exit_code_1_when_pages_failed(db_path, tmp_path):
    with SiteServer(FeedSite(count=5)) as server:
        server.inject(Fault(r"/news/a/2\.html", "status", times=99, status=500))
        config = tmp_path / "feeds.toml"
        config.write_text(config_for(server), encoding="utf-8")
        result = CliRunner().invoke(cli, ["crawl", "--config", str(config), "--db", str(db_path)])
    assert result.exit_code == 1, result.output
    assert "/news/a/2.html" in result.output


def test_no_change_night_costs_one_conditional_request(db_path):
    with SiteServer(FeedSite(count=30)) as server:
        crawl(server, db_path)
        server.log.clear()
        server.arrivals.clear()
        summary = crawl(server, db_path)
        assert server.log == [("/robots.txt", 200), ("/news/list_1.html", 304)]
        assert (summary.requests, summary.new_items, summary.articles_fetched) == (2, 0, 0)


def test_new_items_fetch_only_what_is_new(db_path):
    with SiteServer(FeedSite(count=30, page_size=10)) as server:
        crawl(server, db_path)
        new = server.site.add(5)  # they push 5 older items onto page 2, and 5 from page 2 onto page 3
        server.log.clear()
        server.arrivals.clear()
        summary = crawl(server, db_path)
        fetched = {path for path, status in server.log if status == 200}
        assert fetched == {"/robots.txt", "/news/list_1.html", "/news/list_2.html",
                           *(server.site.article_path(i) for i in new)}
        assert (summary.new_items, summary.articles_fetched) == (5, 5)
        assert_each_article_once(server, db_path)


def test_changed_list_entry_refetches_only_that_article(db_path):
    with SiteServer(FeedSite(count=12)) as server:
        crawl(server, db_path)
        original = server.site.title
        server.site.title = lambda i: original(i) + ("（更新）" if i == 12 else "")
        server.log.clear()
        server.arrivals.clear()
        summary = crawl(server, db_path)
        articles = [path for path, _ in server.log if "/news/a/" in path]
        assert articles == ["/news/a/12.html"] and summary.updated_items == 1
        with sqlite3.connect(db_path) as conn:
            titles = [r[0] for r in conn.execute("select title from announcements where title like '%更新%'")]
        assert len(titles) == 1


def test_full_rewalks_everything(db_path):
    with SiteServer(FeedSite(count=12, page_size=5)) as server:
        crawl(server, db_path)
        server.log.clear()
        server.arrivals.clear()
        summary = crawl(server, db_path, full=True)
        assert summary.pages_fetched == 3 and summary.articles_fetched == 12
        assert_each_article_once(server, db_path)


def test_pagination_loop_and_max_pages_stop_the_walk(db_path, tmp_path):
    with SiteServer(FeedSite(count=9, page_size=3, loop_last_page=True)) as server:
        summary = crawl(server, db_path)
        assert server.requests(r"list_")["/news/list_1.html"] == 1  # the loop back to page 1 is not followed
        assert summary.pages_fetched == 3
        assert_each_article_once(server, db_path)
    with SiteServer(FeedSite(count=30, page_size=3)) as server:
        summary = crawl(server, tmp_path / "other.db", max_pages=4)
        assert summary.pages_fetched == 4 and len(server.requests(r"list_")) == 4


def test_gbk_site(db_path):
    with SiteServer(FeedSite(count=6, encoding="gbk")) as server:
        crawl(server, db_path)
        assert_each_article_once(server, db_path)
        with sqlite3.connect(db_path) as conn:
            titles = {r[0] for r in conn.execute("select title from announcements")}
        assert server.site.title(3) in titles


def test_robots_disallowed_articles_are_never_requested(db_path):
    site = FeedSite(count=6, robots="User-agent: *\nDisallow: /news/a/3.html\nDisallow: /news/a/4.html\n")
    with SiteServer(site) as server:
        summary = crawl(server, db_path)
        assert summary.errors == []
        assert not server.requests(r"/news/a/[34]\.html")
        assert len(stored(db_path)) == 4


def test_a_second_run_while_one_holds_the_lock_exits_3(db_path, tmp_path):
    with SiteServer(FeedSite(count=3)) as server:
        config = tmp_path / "feeds.toml"
        config.write_text(config_for(server), encoding="utf-8")
        with crawl_lock(db_path):
            with pytest.raises(CrawlLocked):
                crawl(server, db_path)
            result = CliRunner().invoke(cli, ["crawl", "--config", str(config), "--db", str(db_path)])
    assert result.exit_code == 3 and "another policyfeed crawl" in result.output


def test_links_outside_allowed_hosts_are_never_requested(db_path):
    """An item linking to another host (localhost is not 127.0.0.1 here) is listed but never fetched."""
    with SiteServer(FeedSite(count=2)) as other:
        with SiteServer(FeedSite(count=4, external_link=f"http://localhost:{other.server.server_address[1]}"
                                                         "/news/a/1.html")) as server:
            summary = crawl(server, db_path)
        assert summary.errors == []
        assert sum(other.arrivals.values()) == 0
        assert len(stored(db_path)) == 4


def test_reparse_rebuilds_everything_offline(db_path):
    """After a crawl, reparse redoes parsing and extraction from the stored pages: same records,
    same ids, no duplicates, and not one request to the site."""
    from scraper.reparse import reparse

    with SiteServer(FeedSite(count=15, page_size=5)) as server:
        crawl(server, db_path)
        server.arrivals.clear()
    with sqlite3.connect(db_path) as conn:
        before = sorted(conn.execute("select id, kind, start, \"end\" from policies"))
        conn.execute("delete from policy_regions")
        conn.execute("delete from policies")
    summary = reparse(db_path)
    assert summary.errors == [] and (summary.list_pages, summary.articles) == (3, 15)
    with sqlite3.connect(db_path) as conn:
        after = sorted(conn.execute("select id, kind, start, \"end\" from policies"))
        assert conn.execute("select count(*) from announcements").fetchone()[0] == 15
    assert after == before and sum(server.arrivals.values()) == 0


def test_reparse_reports_a_corrupt_stored_page(db_path):
    from scraper.reparse import reparse

    with SiteServer(FeedSite(count=3)) as server:
        crawl(server, db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("update pages set body = x'00ff00' where kind = 'article' and url like '%/2.html'")
    summary = reparse(db_path)
    assert len(summary.errors) == 1 and "/news/a/2.html" in summary.errors[0] and summary.articles == 2


def test_first_page_without_items_is_a_failure_and_is_asked_again(db_path):
    """An error page served with status 200 (no feed on it) fails the feed and keeps no validators,
    so the next night fetches the page again instead of getting a 304 for the error page."""
    with SiteServer(FeedSite(count=5)) as server:
        render = server.site.render
        server.site.render = lambda path: (b"<html><body><p>\xe7\xb3\xbb\xe7\xbb\x9f\xe7\xb9\x81\xe5\xbf\x99</p>"
                                           b"</body></html>" if path == "/news/list_1.html" else render(path))
        first = crawl(server, db_path)
        assert len(first.errors) == 1 and "no feed items" in first.errors[0]
        server.site.render = render
        second = crawl(server, db_path)
        assert second.errors == [] and second.new_items == 5
        assert_each_article_once(server, db_path)


def test_a_list_page_gone_404_ends_the_feed_quietly(db_path):
    """The feed shrank: the last page a link points to answers 404. That ends the walk, not an error."""
    with SiteServer(FeedSite(count=9, page_size=3)) as server:
        server.inject(Fault(r"/news/list_3\.html", "status", times=99, status=404))
        summary = crawl(server, db_path)
        assert summary.errors == [] and summary.pages_fetched == 2
        assert len(stored(db_path)) == 6


def test_a_304_to_a_request_without_validators_fails_that_page_only(db_path):
    """Tried: list page 2 answered 304 Not Modified on the first crawl (no copy stored, no validators
    sent) -> that page is a failed page with a message; the run finishes instead of crashing."""
    with SiteServer(FeedSite(count=45, page_size=20)) as server:
        server.inject(Fault(r"/news/list_2\.html", "status", times=1, status=304))
        summary = crawl(server, db_path)
    assert summary.status == "failed-pages"
    assert any("304" in error and "list_2" in error for error in summary.errors)


def test_a_link_whose_port_is_no_number_is_skipped_and_the_crawl_goes_on(db_path):
    """Tried: page 1 lists an item whose link has a port that is not a number
    (http://www.example.com:61hu.com/…, a typo real pages carry); urllib raises ValueError on it. The
    link is dropped, every real article is stored, the run is ok."""
    site = FeedSite(count=12, external_link="http://www.example.com:61hu.com/news/1.html")
    with SiteServer(site) as server:
        summary = crawl(server, db_path)
        assert summary.status == "ok", summary.errors
        assert stored(db_path) == expected_urls(server)


def test_a_page_that_cannot_be_parsed_is_a_failed_page_and_the_run_goes_on(db_path, monkeypatch):
    """Tried: the parser raises an unforeseen error (a RuntimeError, as a parser bug would) on one
    article and on list page 2. Each is reported as a failed page naming its URL, the other pages are
    stored, the run ends with status failed-pages instead of crashed, and the next night (parser
    fixed) stores what was missed."""
    import scraper.crawl as crawl_module

    real_article, real_list = crawl_module.parse_article, crawl_module.parse_list

    def broken_article(html, url, now):
        if url.endswith("/news/a/20.html"):
            raise RuntimeError("parser bug")
        return real_article(html, url, now)

    def broken_list(html, url, now, selectors=None):
        if url.endswith("list_2.html"):
            raise RuntimeError("parser bug")
        return real_list(html, url, now, selectors)

    with SiteServer(FeedSite(count=25)) as server:
        monkeypatch.setattr(crawl_module, "parse_article", broken_article)
        monkeypatch.setattr(crawl_module, "parse_list", broken_list)
        first = crawl(server, db_path)
        assert first.status == "failed-pages"
        assert any("/news/a/20.html" in e and "could not be parsed" in e for e in first.errors)
        assert any("list_2.html" in e and "could not be parsed" in e for e in first.errors)
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("select status from crawl_runs").fetchone()[0] == "failed-pages"
        page_1 = [server.base + server.site.article_path(i) for i in server.site.articles[:10]]
        assert stored(db_path) == sorted(u for u in page_1 if not u.endswith("/news/a/20.html"))
        monkeypatch.setattr(crawl_module, "parse_article", real_article)
        monkeypatch.setattr(crawl_module, "parse_list", real_list)
        second = crawl(server, db_path)
        assert second.errors == []
        assert stored(db_path) == expected_urls(server)


def test_reparse_reports_a_page_the_parser_fails_on_and_goes_on(db_path, monkeypatch):
    """Tried: after a crawl, the article parser raises an unforeseen RuntimeError on one stored page
    during a one-job reparse (the work done in this process). That page is reported; the others are
    reparsed."""
    import scraper.crawl as crawl_module
    import scraper.pages.article as article_module
    from scraper.reparse import reparse

    with SiteServer(FeedSite(count=3)) as server:
        crawl(server, db_path)
    real = crawl_module.parse_article

    def broken(html, url, now):
        if url.endswith("/news/a/2.html"):
            raise RuntimeError("parser bug")
        return real(html, url, now)

    monkeypatch.setattr(crawl_module, "parse_article", broken)
    assert article_module.parse_article is real  # only the crawl's reference is replaced
    summary = reparse(db_path, jobs=1)
    assert len(summary.errors) == 1 and "/news/a/2.html" in summary.errors[0]
    assert "could not be parsed" in summary.errors[0] and summary.articles == 2
