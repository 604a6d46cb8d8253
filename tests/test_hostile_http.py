"""Hostile HTTP (issue 12): nothing crashes, hangs or is lost.

Every test runs against real servers on 127.0.0.1: tests/sites.py's SiteServer with faults injected,
or, for responses http.server will not send, a small raw-socket server here. Bodies cut short, a
gzip-of-gzip bomb, a body trickled a byte at a time, a huge Crawl-delay, other ports of an allowed
host, robots.txt failures, and two feeds on one host.
"""
from __future__ import annotations

import gzip
import logging
import socket
import sqlite3
import struct
import threading
import time
import tracemalloc
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from scraper.config import parse_config
from scraper.crawl import origin_caps, run_crawl
from scraper.fetch import MAX_WAIT_SECONDS, DisallowedURL, Fetcher, FetchError, Politeness, origin_of
from tests.sites import Fault, FeedSite, SiteServer
from tests.test_crawl import FAST, assert_each_article_once, config_for, stored

UA = "policyfeed-test/0.1 (+https://example.org/bot)"
GENEROUS = 20.0  # seconds: for what would otherwise hang forever, not a speed measurement
MEMORY_LIMIT_MB = 100


def fetcher_for(*servers, sleep=None, politeness=None, **settings) -> Fetcher:
    """A Fetcher allowed on the servers' origins, no delay, tiny backoff, fake sleep unless given."""
    defaults = {"user_agent": UA, "allowed_origins": tuple(s.base for s in servers), "delay": 0, "obey_robots": False}
    fetch_settings = replace(FAST, **{**defaults, **settings})
    return Fetcher(fetch_settings, sleep=sleep or time.sleep, politeness=politeness)


def crawl_with(server: SiteServer, db_path, **feed):
    return run_crawl(parse_config(config_for(server, **feed)), db_path, fetch_settings=FAST)


def warm_extraction() -> None:
    """Load jieba and the gazetteer now, so that a measurement around a crawl measures the crawl."""
    from extract import extract

    extract("台风", "2024-01-01")


def announcement_urls(db_path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return sorted(r[0] for r in conn.execute("select url from announcements"))


class RawServer:
    """Answers every request on 127.0.0.1 with the same raw bytes, then closes the connection: for
    malformed responses http.server cannot be made to send. Counts requests."""

    def __init__(self, response: bytes):
        self.response = response
        self.requests = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def __enter__(self) -> RawServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.sock.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:  # closed: the test is over
                return
            with conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    data = conn.recv(65536)
                    if not data:
                        break
                    request += data
                self.requests += 1
                conn.sendall(self.response)


def gzip_of_zeros(size: int, chunk: int = 1 << 20) -> bytes:
    """A real gzip stream of `size` zero bytes (size a multiple of chunk), built in well under a second:
    with a full flush after each chunk, every chunk's deflate block is the same bytes, so one block is
    repeated; the header and the trailer (CRC-32, length) are written by hand."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zero = bytes(chunk)
    block = deflate.compress(zero) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(size // chunk):
        crc = zlib.crc32(zero, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + block * (size // chunk) + end + struct.pack("<II", crc, size & 0xFFFFFFFF)


@pytest.fixture(scope="module")
def gigabyte_gzip() -> bytes:
    """1 GB of zeros gzipped once (about 1 MB)."""
    return gzip_of_zeros(1 << 30)


def bomb(gigabyte_gzip: bytes, outer: str) -> bytes:
    """The 1 GB gzip stream compressed once more with `outer` (a few KB)."""
    if outer == "gzip":
        return gzip.compress(gigabyte_gzip)
    if outer == "deflate":
        return zlib.compress(gigabyte_gzip)
    brotli = pytest.importorskip("brotli")
    return brotli.compress(gigabyte_gzip)


def test_gzip_of_zeros_is_a_real_gzip_stream():
    """Tried: the bomb builder at 8 MB against the standard library's gzip -> 8 MB of zeros exactly."""
    assert gzip.decompress(gzip_of_zeros(8 << 20)) == bytes(8 << 20)


# -- 1. bodies cut short --------------------------------------------------------------------------

PAGE = b"<!DOCTYPE html><html><head><title>t</title></head><body><p>" + b"x" * 400 + b"</p></body></html>"
HALF = PAGE[: len(PAGE) // 2]


@pytest.mark.parametrize("raw", [
    pytest.param(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(PAGE), HALF),
                 id="short of its Content-Length"),
    pytest.param(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n"
                 % (len(HALF), HALF), id="chunked, no last chunk"),
    pytest.param(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n" + HALF,
                 id="close-delimited HTML without </html>"),
    pytest.param(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + HALF, id="HTTP/1.0 HTML without </html>"),
    pytest.param(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n" + gzip.compress(PAGE)[:-12],
                 id="close-delimited gzip without its end"),
])
def test_a_body_cut_short_is_a_failed_fetch_retried(raw):
    """Tried (raw socket): a body that stops before its Content-Length, a chunked body with no final
    chunk, HTML closed by the connection before </html> (HTTP/1.1 and 1.0), a gzip stream cut before
    its trailer -> retried (3 attempts, 3 requests), then FetchError "cut short" or httpx's "incomplete"."""
    with RawServer(raw) as server, fetcher_for(server, max_attempts=3, sleep=lambda s: None) as fetcher:
        with pytest.raises(FetchError) as info:
            fetcher.get(server.base + "/page.html")
        assert server.requests == 3
    message = str(info.value)
    assert "gave up after 3 attempts" in message
    assert "cut short" in message or "complete message body" in message


@pytest.mark.parametrize("raw, body", [
    pytest.param(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n" + PAGE, PAGE,
                 id="close-delimited, whole"),
    pytest.param(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(HALF), HALF),
                 HALF, id="no </html> but a Content-Length it meets"),
    pytest.param(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<p>a fragment",
                 b"<p>a fragment", id="close-delimited fragment that never opened <html>"),
    pytest.param(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n" + gzip.compress(HALF),
                 HALF, id="close-delimited gzip, whole stream, no </html>"),
])
def test_a_whole_body_is_accepted(raw, body):
    """Tried (raw socket): bodies that are whole although they lack </html> or a length -> accepted at
    the first attempt (the HTML rule applies only to close-delimited, uncompressed bodies)."""
    with RawServer(raw) as server, fetcher_for(server, sleep=lambda s: None) as fetcher:
        response = fetcher.get(server.base + "/page.html")
    assert (response.content, response.attempts, server.requests) == (body, 1, 1)


@pytest.mark.parametrize("framing", ["length", "chunked", "close"])
def test_crawl_retries_a_cut_body_and_stores_it_whole(db_path, framing):
    """Tried: article 3's first response cut in half (Content-Length promised / chunked without its last
    chunk / no length, connection closed) -> asked again, stored whole; nothing is missing."""
    with SiteServer(FeedSite(count=6)) as server:
        server.inject(Fault(r"/news/a/3\.html", "drop", times=1, framing=framing))
        summary = crawl_with(server, db_path)
        assert summary.errors == []
        assert server.requests(r"/news/a/3\.html")["/news/a/3.html"] == 2
        assert_each_article_once(server, db_path)


@pytest.mark.parametrize("framing", ["length", "chunked", "close"])
def test_crawl_lists_an_article_cut_every_time(db_path, framing):
    """Tried: article 3 cut in half on every attempt -> listed as failed after 4 requests, never stored as
    if it were complete; the other articles are stored."""
    with SiteServer(FeedSite(count=6)) as server:
        server.inject(Fault(r"/news/a/3\.html", "drop", times=99, framing=framing))
        summary = crawl_with(server, db_path)
        assert server.requests(r"/news/a/3\.html")["/news/a/3.html"] == 4
    assert len(summary.errors) == 1 and "/news/a/3.html" in summary.errors[0]
    assert "gave up after 4 attempts" in summary.errors[0]
    assert server.base + "/news/a/3.html" not in stored(db_path) and len(stored(db_path)) == 5


# -- 2. decompression bombs -----------------------------------------------------------------------

@pytest.mark.parametrize("outer", ["gzip", "deflate", "br"])
def test_a_compression_bomb_stops_at_the_cap_with_little_memory(gigabyte_gzip, outer):
    """Tried: 1 GB of zeros gzipped, then compressed again (gzip / deflate / br; a few KB on the wire),
    served as Content-Encoding "gzip, <outer>" -> FetchError "body larger than 5 MB once decoded", one
    request (not retried), and the fetch's peak Python memory (tracemalloc) under 100 MB."""
    body = bomb(gigabyte_gzip, outer)
    assert len(body) < 10_000
    with SiteServer(FeedSite(count=1)) as server, fetcher_for(server) as fetcher:
        server.inject(Fault(r"/bomb", "body", times=99, body=body, headers={"Content-Encoding": f"gzip, {outer}"}))
        tracemalloc.start()
        try:
            with pytest.raises(FetchError) as info:
                fetcher.get(server.base + "/bomb")
            peak_mb = tracemalloc.get_traced_memory()[1] / 2 ** 20
        finally:
            tracemalloc.stop()
        assert server.requests("/bomb")["/bomb"] == 1
    print(f"bomb gzip, {outer}: {len(body)} bytes on the wire, peak {peak_mb:.1f} MB")
    assert "body larger than 5 MB once decoded" in str(info.value)
    assert peak_mb < MEMORY_LIMIT_MB


def test_a_single_gzip_layer_of_a_gigabyte_stops_at_the_cap(gigabyte_gzip):
    """Tried: the 1 GB of zeros gzipped once (1 MB on the wire: a 64 KB read inflates to 64 MB at once in
    httpx's own decoder) -> refused at the 5 MB cap, peak memory under 100 MB."""
    with SiteServer(FeedSite(count=1)) as server, fetcher_for(server) as fetcher:
        server.inject(Fault(r"/bomb", "body", body=gigabyte_gzip, headers={"Content-Encoding": "gzip"}))
        tracemalloc.start()
        try:
            with pytest.raises(FetchError, match="body larger than 5 MB once decoded"):
                fetcher.get(server.base + "/bomb")
            peak_mb = tracemalloc.get_traced_memory()[1] / 2 ** 20
        finally:
            tracemalloc.stop()
    print(f"bomb gzip: peak {peak_mb:.1f} MB")
    assert peak_mb < MEMORY_LIMIT_MB


def test_the_crawl_goes_on_after_a_bomb(db_path, gigabyte_gzip):
    """Tried: article 2 of 6 is a gzip-of-gzip bomb -> the crawl lists it ("once decoded") and stores the
    other five; the bomb was requested once; peak memory of the crawl's fetching under 100 MB."""
    warm_extraction()
    body = bomb(gigabyte_gzip, "gzip")
    with SiteServer(FeedSite(count=6)) as server:
        server.inject(Fault(r"/news/a/2\.html", "body", times=99, body=body,
                            headers={"Content-Encoding": "gzip, gzip"}))
        tracemalloc.start()
        try:
            summary = crawl_with(server, db_path)
            peak_mb = tracemalloc.get_traced_memory()[1] / 2 ** 20
        finally:
            tracemalloc.stop()
        assert server.requests(r"/news/a/2\.html")["/news/a/2.html"] == 1
    print(f"crawl with a bomb: peak {peak_mb:.1f} MB")
    assert len(summary.errors) == 1 and "/news/a/2.html" in summary.errors[0]
    assert "once decoded" in summary.errors[0]
    assert len(stored(db_path)) == 5
    assert peak_mb < MEMORY_LIMIT_MB


def test_too_many_encoding_layers_are_refused():
    """Tried: Content-Encoding with 40 gzip layers (the header alone asks for 40 decoders) -> refused at
    once, one request, no decoder built."""
    layers = ", ".join(["gzip"] * 40)
    with SiteServer(FeedSite(count=1)) as server, fetcher_for(server) as fetcher:
        server.inject(Fault(r"/many", "body", body=b"x", headers={"Content-Encoding": layers}))
        with pytest.raises(FetchError, match="40 Content-Encoding layers"):
            fetcher.get(server.base + "/many")
        assert server.requests("/many")["/many"] == 1


# -- 3. a body that never ends --------------------------------------------------------------------

def test_a_trickled_body_fails_at_the_response_deadline():
    """Tried: a page whose body comes one byte every 0.2 s (each byte resets the read timeout), with a
    1 s response deadline and 2 attempts -> FetchError naming the deadline after both attempts, within
    20 s (without the deadline it would take ~6 min per attempt)."""
    with SiteServer(FeedSite(count=3)) as server:
        server.inject(Fault(r"/news/a/2\.html", "trickle", times=99, seconds=0.2))
        with fetcher_for(server, response_deadline=1.0, max_attempts=2) as fetcher:
            started = time.monotonic()
            with pytest.raises(FetchError) as info:
                fetcher.get(server.base + "/news/a/2.html")
            elapsed = time.monotonic() - started
    print(f"trickle: failed after {elapsed:.2f} s (2 attempts, deadline 1 s)")
    assert "response not complete after 1s" in str(info.value)
    assert "gave up after 2 attempts" in str(info.value)
    assert elapsed < GENEROUS


def test_the_crawl_finishes_despite_a_trickled_article(db_path):
    """Tried: a crawl with response_deadline_seconds = 1 in the TOML, article 2 of 5 trickled forever ->
    the crawl ends within 20 s, lists article 2 (deadline, 4 attempts) and stores the other four; the
    crawl lock is released (a second crawl can take it)."""
    warm_extraction()
    with SiteServer(FeedSite(count=5)) as server:
        server.inject(Fault(r"/news/a/2\.html", "trickle", times=99, seconds=0.2))
        started = time.monotonic()
        summary = crawl_with(server, db_path, response_deadline_seconds=1)
        elapsed = time.monotonic() - started
        print(f"crawl with a trickled article: {elapsed:.2f} s")
        assert elapsed < GENEROUS
        assert len(summary.errors) == 1 and "/news/a/2.html" in summary.errors[0]
        assert "response_deadline_seconds" in summary.errors[0]
        assert len(stored(db_path)) == 4
        server.faults.clear()
        again = crawl_with(server, db_path, response_deadline_seconds=1)
        assert again.errors == [] and len(stored(db_path)) == 5


# -- 4. Crawl-delay -------------------------------------------------------------------------------

def test_a_day_long_crawl_delay_is_capped_and_logged(caplog):
    """Tried: robots.txt "Crawl-delay: 86400" on a real server -> crawl_delay is the Retry-After cap
    (120 s), a warning names both figures, and the second request waits at most 120 s (recorded sleep)."""
    sleeps: list[float] = []
    site = FeedSite(count=3, robots="User-agent: *\nCrawl-delay: 86400\n")
    with SiteServer(site) as server, fetcher_for(server, obey_robots=True, sleep=sleeps.append) as fetcher:
        with caplog.at_level(logging.WARNING, logger="scraper.fetch"):
            assert fetcher.crawl_delay(server.base + "/news/a/1.html") == MAX_WAIT_SECONDS
        fetcher.get(server.base + "/news/a/1.html")
        fetcher.get(server.base + "/news/a/2.html")
    assert any("Crawl-delay 86400" in r.getMessage() and "120" in r.getMessage() for r in caplog.records)
    assert len(sleeps) == 1 and 0 < sleeps[0] <= MAX_WAIT_SECONDS


def test_a_small_crawl_delay_is_kept_without_warning(caplog):
    """Tried: "Crawl-delay: 3" -> 3 s, nothing logged about a cap."""
    site = FeedSite(count=1, robots="User-agent: *\nCrawl-delay: 3\n")
    with SiteServer(site) as server, fetcher_for(server, obey_robots=True, sleep=lambda s: None) as fetcher, \
            caplog.at_level(logging.WARNING, logger="scraper.fetch"):
        assert fetcher.crawl_delay(server.base + "/x") == 3.0
    assert not [r for r in caplog.records if "Crawl-delay" in r.getMessage()]


# -- 5. other ports of an allowed host ------------------------------------------------------------

@pytest.mark.parametrize("where", ["item link", "article redirect", "robots.txt redirect", "start URL redirect"])
def test_other_ports_of_the_host_are_never_requested(db_path, where):
    """Tried, with two servers on 127.0.0.1 (feed on port A, another site on port B): an item linking to
    B, an article redirecting to B, robots.txt redirecting to B, the start page redirecting to B -> the
    other server sees zero requests; the item stays listed; redirects are refused (DisallowedURL) and
    listed as failed; a robots.txt redirected away means the origin is not crawled, and says so."""
    with SiteServer(FeedSite(count=2)) as other:
        elsewhere = other.base + "/news/a/1.html"
        site = FeedSite(count=4, external_link=elsewhere if where == "item link" else None)
        with SiteServer(site) as server:
            path, target = {"article redirect": (r"/news/a/2\.html", elsewhere),
                            "robots.txt redirect": (r"/robots\.txt", other.base + "/robots.txt"),
                            "start URL redirect": (r"/news/list_1\.html", other.base + "/news/list_1.html"),
                            }.get(where, (None, None))
            if path:
                server.inject(Fault(path, "redirect", times=99, location=target))
            summary = crawl_with(server, db_path)
        seen_by_other = sum(other.arrivals.values())
    print(f"{where}: requests seen by the other-port server: {seen_by_other}")
    assert seen_by_other == 0
    if where == "item link":
        assert summary.errors == [] and elsewhere in announcement_urls(db_path)
        assert len(stored(db_path)) == 4
    elif where == "article redirect":
        assert len(summary.errors) == 1 and "redirected off the allowed origins" in summary.errors[0]
        assert len(stored(db_path)) == 3
    elif where == "robots.txt redirect":
        assert len(summary.errors) == 1
        assert "robots.txt unavailable (redirected off the allowed origins" in summary.errors[0]
    else:
        assert len(summary.errors) == 1 and "redirected off the allowed origins" in summary.errors[0]


def test_another_port_listed_in_allowed_origins_is_requested(db_path):
    """Tried: the same item link to port B with B in allowed_origins -> B is asked (robots.txt and the
    article): the refusal above is the origin rule, not a blanket one."""
    with SiteServer(FeedSite(count=2)) as other:
        elsewhere = other.base + "/news/a/1.html"
        with SiteServer(FeedSite(count=3, external_link=elsewhere)) as server:
            summary = crawl_with(server, db_path, allowed_origins=[other.base])
        assert summary.errors == []
        assert other.arrivals["/news/a/1.html"] == 1 and other.arrivals["/robots.txt"] == 1


def test_a_redirect_to_another_port_raises_disallowed_url():
    """Tried: Fetcher.get on port A answered 302 to the same host on port B -> DisallowedURL, B asked nothing."""
    with SiteServer(FeedSite(count=1)) as other, SiteServer(FeedSite(count=1)) as server:
        server.inject(Fault(r"/go", "redirect", location=other.base + "/news/a/1.html"))
        with fetcher_for(server) as fetcher, pytest.raises(DisallowedURL, match="allowed origins"):
            fetcher.get(server.base + "/go")
        with fetcher_for(server) as fetcher, pytest.raises(DisallowedURL, match="allowed_origins"):
            fetcher.get(other.base + "/news/a/1.html")
        assert sum(other.arrivals.values()) == 0


# -- 6. robots.txt failures say what happened -----------------------------------------------------

@pytest.mark.parametrize("status, message", [
    (500, "robots.txt unavailable (HTTP 500)"),
    (503, "robots.txt unavailable (HTTP 503)"),
    (429, "robots.txt unavailable (HTTP 429)"),
    (403, "robots.txt forbidden (HTTP 403)"),
])
def test_robots_failure_is_reported_as_what_it_is(db_path, status, message):
    """Tried: robots.txt answering 500/503/429 on every attempt, or 403 -> the start page is not fetched,
    and the failure says what happened, never "disallowed by robots.txt"."""
    with SiteServer(FeedSite(count=3)) as server:
        server.inject(Fault(r"/robots\.txt", "status", times=99, status=status))
        summary = crawl_with(server, db_path)
        assert server.requests(r"/news/") == {}
    assert len(summary.errors) == 1
    assert message in summary.errors[0] and "not crawling" in summary.errors[0]
    assert "disallowed by robots.txt" not in summary.errors[0]


def test_robots_404_allows_everything(db_path):
    """Tried: robots.txt 404 -> no rules: everything is crawled."""
    with SiteServer(FeedSite(count=3)) as server:
        server.inject(Fault(r"/robots\.txt", "status", times=99, status=404))
        summary = crawl_with(server, db_path)
        assert summary.errors == []
        assert_each_article_once(server, db_path)


def test_unreachable_host_is_reported_as_unreachable(db_path):
    """Tried: a start URL on a closed port of 127.0.0.1 -> "host unreachable: ConnectError ...", not
    "disallowed by robots.txt"."""
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    config = parse_config(f'[[feeds]]\nname = "gone"\nstart_urls = ["http://127.0.0.1:{port}/news/list_1.html"]\n'
                          f"delay_seconds = 0\n")
    summary = run_crawl(config, db_path, fetch_settings=FAST)
    assert len(summary.errors) == 1
    assert "host unreachable: ConnectError" in summary.errors[0]
    assert "disallowed by robots.txt" not in summary.errors[0]


# -- 7. requests in flight per host, across feeds -------------------------------------------------

def test_two_feeds_on_one_host_keep_to_its_concurrency(db_path):
    """Tried: two feeds (concurrency 2 each) on one server with 50 ms latency -> the server never handles
    more than 2 requests at once."""
    with SiteServer(FeedSite(count=30, page_size=10), latency=0.05) as server:
        feeds = "".join(f'[[feeds]]\nname = "{name}"\nstart_urls = ["{server.base}/news/list_{page}.html"]\n'
                        f"delay_seconds = 0\nconcurrency = 2\n" for name, page in (("a", 1), ("b", 2)))
        summary = run_crawl(parse_config(feeds), db_path, fetch_settings=FAST)
        peak = server.peak_concurrent
    print(f"two feeds on one host: at most {peak} requests in flight")
    assert summary.errors == []
    assert 1 <= peak <= 2


def test_fetchers_sharing_a_run_share_the_host_cap():
    """Tried: two Fetchers (two feeds, concurrency 2 and 3, as run_crawl builds them with one Politeness)
    each given 8 threads at once against one server with 100 ms latency -> at most 2 in flight (the
    smaller feed concurrency, origin_caps)."""
    with SiteServer(FeedSite(count=16), latency=0.1) as server:
        feeds = parse_config("".join(f'[[feeds]]\nname = "{n}"\nstart_urls = ["{server.base}/news/list_1.html"]\n'
                                     f"concurrency = {c}\n" for n, c in (("a", 2), ("b", 3)))).feeds
        politeness = Politeness(caps=origin_caps(feeds))
        fetchers = [fetcher_for(server, politeness=politeness, concurrency=f.concurrency,
                                max_connections=f.concurrency + 1) for f in feeds]
        urls = [server.base + f"/news/a/{i}.html" for i in range(1, 17)]
        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(lambda i: fetchers[i % 2].get(urls[i]).status, range(16)))
        for fetcher in fetchers:
            fetcher.close()
        peak = server.peak_concurrent
    print(f"two fetchers sharing one host: at most {peak} requests in flight")
    assert results == [200] * 16
    assert peak <= 2


def test_origin_caps_take_the_smallest_concurrency():
    """Tried: feeds with concurrency 4 and 1 sharing one origin, and one alone -> 1 on the shared origin,
    4 on the other."""
    feeds = parse_config('[[feeds]]\nname = "a"\nstart_urls = ["https://x.cn/1", "https://y.cn/1"]\nconcurrency = 4\n'
                         '[[feeds]]\nname = "b"\nstart_urls = ["https://x.cn/2"]\nconcurrency = 1\n').feeds
    assert origin_caps(feeds) == {origin_of("https://x.cn/"): 1, origin_of("https://y.cn/"): 4}
