"""Crawling: a generated 1,000-article site on a real 127.0.0.1 server with 50 ms latency per
request, crawled in full by policyfeed and by Scrapy with the same politeness settings, next to the
theoretical floor, three times each, alternated; then a second policyfeed run on the last database
(a night with nothing new).

The site is tests/sites.py's FeedSite(count=1000, page_size=20) on SiteServer(latency=0.05): 50
list pages, 1,000 articles, a robots.txt. Both crawlers run in their own process (the server runs
in this one, so neither shares an interpreter lock with it):

- policyfeed: scraper.crawl.run_crawl with a feeds TOML of delay_seconds = 0, concurrency = 4
  (`python -m bench.crawling --policyfeed-child CONFIG DB OUT`); wall time around run_crawl.
- Scrapy: bench/scrapy_spider.py through `scrapy runspider` with ROBOTSTXT_OBEY=True,
  CONCURRENT_REQUESTS_PER_DOMAIN=4 (and CONCURRENT_REQUESTS=4, see SCRAPY_SETTINGS), DOWNLOAD_DELAY=0;
  wall time from spider_opened to spider_closed; once on the asyncio reactor (Scrapy's default) and
  once on Twisted's epoll reactor (TWISTED_REACTOR), as two crawlers.

One crawl says little: the margin between the two tools is within what a second run of the same
tool varies by. So the crawlers alternate: RUNS rounds, each running every crawler once on a fresh
server (and policyfeed on a fresh database), each round starting with the next crawler; the table
gives each crawler's median and its range (min-max), and says when the ranges overlap.

The server's connections get TCP_NODELAY (see _serve). Requests are counted by the server. The
floor is latency x (robots.txt + list pages + articles) / concurrency: what a crawler that never
waits for anything but the server could do.
"""
from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import ROOT, Row, log, median, run_child

NAME = "crawling"
LATENCY = 0.05
CONCURRENCY = 4
TARGET_FLOOR = 1.2
#: crawls per crawler (alternated, see run); medians and ranges are reported
RUNS = 3
#: Scrapy is run on both: asyncio (its default since 2.13) and Twisted's own epoll reactor
REACTORS = {"asyncio": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
            "epoll": "twisted.internet.epollreactor.EPollReactor"}
SCRAPY_SETTINGS = {
    "ROBOTSTXT_OBEY": "True",
    "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY),
    # Scrapy 2.19 on the asyncio reactor does not hold CONCURRENT_REQUESTS_PER_DOMAIN: its downloader
    # schedules each download as a task and counts it as transferring only when the task starts, so
    # one pass over the slot's queue sends everything queued (up to 12 at once were seen on a
    # 4-per-domain setting). The global cap is counted when a request is enqueued and holds; with one
    # domain it means the same thing.
    "CONCURRENT_REQUESTS": str(CONCURRENCY),
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "LOG_LEVEL": "ERROR",
    "TELNETCONSOLE_ENABLED": "False",
    "USER_AGENT": "policyfeed-bench (+scrapy)",
}


def feeds_toml(start_url: str, pages: int) -> str:
    return (f'user_agent = "policyfeed-bench"\n\n[[feeds]]\nname = "bench"\nstart_urls = ["{start_url}"]\n'
            f"delay_seconds = 0\nconcurrency = {CONCURRENCY}\nmax_pages = {pages + 10}\n")


class _InFlight:
    """The most requests the server was handling at once (checks what each crawler really sent)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def wrap(self, handler_class) -> None:
        original = handler_class.do_GET
        gauge = self

        def do_GET(handler) -> None:
            with gauge.lock:
                gauge.now += 1
                gauge.peak = max(gauge.peak, gauge.now)
            try:
                original(handler)
            finally:
                with gauge.lock:
                    gauge.now -= 1

        handler_class.do_GET = do_GET


def _serve(site, server_class):
    """SiteServer as a benchmark needs it: TCP_NODELAY, a real listen backlog, an in-flight gauge.

    tests/sites.py's handler sends the headers and the body in two writes; with Nagle's algorithm on,
    the body then waits for the client's delayed ACK (40 ms on Linux), so every request took ~93 ms
    instead of the configured 50. A real server does not do that (it sets TCP_NODELAY or writes once),
    and it would put the floor out of reach of any client: the bench sets the handler's standard
    socketserver switch (disable_nagle_algorithm). The listen backlog of http.server (5) drops the
    SYNs of a client opening many connections at once, which then wait 1 s to retry: the bench
    raises it to 128. tests/sites.py itself is not changed.
    """
    server = server_class(site, latency=LATENCY)
    server.server.RequestHandlerClass.disable_nagle_algorithm = True
    server.server.socket.listen(128)
    server.in_flight = _InFlight()
    server.in_flight.wrap(server.server.RequestHandlerClass)
    return server


def _total(server) -> int:
    return sum(server.requests().values())


def _policyfeed_night(config: Path, db: Path, tmp: Path, night: int) -> dict:
    out = tmp / f"policyfeed-{night}.json"
    child = run_child([sys.executable, "-m", "bench.crawling", "--policyfeed-child", str(config), str(db), str(out)])
    if child.returncode != 0 or not out.exists():
        raise RuntimeError(f"policyfeed crawl failed (exit {child.returncode}): {child.stderr[-3000:]}")
    return {**json.loads(out.read_text()), "process_wall": child.wall, "maxrss_mb": child.maxrss_mb}


def _scrapy(start_url: str, tmp: Path, reactor: str, run: int) -> dict:
    out = tmp / f"scrapy-{reactor}-{run}.json"
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(Path(__file__).with_name("scrapy_spider.py")),
           "-a", f"start_url={start_url}", "-a", f"out={out}"]
    for key, value in {**SCRAPY_SETTINGS, "TWISTED_REACTOR": REACTORS[reactor]}.items():
        cmd += ["-s", f"{key}={value}"]
    child = run_child(cmd, cwd=tmp)
    if child.returncode != 0 or not out.exists():
        raise RuntimeError(f"scrapy ({reactor}) failed (exit {child.returncode}): {child.stderr[-3000:]}")
    return {**json.loads(out.read_text()), "process_wall": child.wall, "maxrss_mb": child.maxrss_mb}


def _spread(values: list[float]) -> dict:
    return {"runs": values, "median": median(values), "min": min(values), "max": max(values)}


def _range(s: dict) -> str:
    return f"{s['min']:.2f}-{s['max']:.2f}"


def run(quick: bool = False) -> list[Row]:
    sys.path.insert(0, str(ROOT))
    from tests.sites import FeedSite, SiteServer

    count, page_size = (200 if quick else 1000), 20
    runs = 2 if quick else RUNS
    crawlers = ["policyfeed", *(f"scrapy-{r}" for r in REACTORS)]
    results: dict[str, list[dict]] = {c: [] for c in crawlers}
    with tempfile.TemporaryDirectory(prefix="policyfeed-bench-crawl-") as tmpdir:
        tmp = Path(tmpdir)
        site = FeedSite(count=count, page_size=page_size)
        minimum = 1 + site.pages + count  # robots.txt + list pages + articles
        floor = LATENCY * minimum / CONCURRENCY
        for n in range(runs):
            # alternate: each round runs every crawler once, starting with a different one, so that a
            # load on the machine that comes and goes (or a trend) hits all of them alike
            order = crawlers[n % len(crawlers):] + crawlers[:n % len(crawlers)]
            for crawler in order:
                with _serve(FeedSite(count=count, page_size=page_size), SiteServer) as server:
                    start_url = server.base + site.list_path(1)
                    log(f"{NAME}: round {n + 1}/{runs}, {crawler}, {count} articles, {site.pages} list pages, "
                        f"latency {LATENCY}s")
                    if crawler == "policyfeed":
                        config = tmp / f"feeds-{n}.toml"
                        config.write_text(feeds_toml(start_url, site.pages), "utf-8")
                        db = tmp / f"bench-{n}.db"
                        result = _policyfeed_night(config, db, tmp, n)
                        result["complete"] = result["articles_stored"] == count
                        result["db"], result["config"] = str(db), str(config)
                    else:
                        result = _scrapy(start_url, tmp, crawler.split("-", 1)[1], n)
                        result["complete"] = result["items"] == count
                    result["server_requests"] = _total(server)
                    result["server_peak_in_flight"] = server.in_flight.peak
                    result["round"], result["position"] = n, order.index(crawler)
                    if crawler == "policyfeed" and n == runs - 1:
                        # the night after: nothing new (same server, same database)
                        log(f"{NAME}: policyfeed, the second night (nothing new)")
                        before = _total(server)
                        second = _policyfeed_night(config, db, tmp, 100 + n)
                        second_requests = _total(server) - before
                        second_paths = dict(server.requests())
                    results[crawler].append(result)

    walls = {c: _spread([r["wall"] for r in results[c]]) for c in crawlers}
    complete = all(r["complete"] for rs in results.values() for r in rs)
    note = "" if complete else " (INCOMPLETE: see bench-results.json)"
    ours = walls["policyfeed"]
    expected_quiet = 1 + 1  # one conditional request for the one feed, plus robots.txt
    details = {"articles": count, "list_pages": site.pages, "latency_s": LATENCY, "concurrency": CONCURRENCY,
               "floor_s": floor, "minimum_requests": minimum, "runs_per_crawler": runs, "walls": walls,
               "runs": results, "policyfeed_second": second, "scrapy_settings": SCRAPY_SETTINGS,
               "reactors": REACTORS}
    rows = [
        Row(NAME, f"full crawl wall, {count} articles, median of {runs} (range {_range(ours)}){note}", ours["median"],
            "floor (latency x requests / 4)", floor, "s", target=f"<= {TARGET_FLOOR}x",
            passed=ours["median"] <= TARGET_FLOOR * floor, details=details),
    ]
    for reactor in REACTORS:
        theirs = walls[f"scrapy-{reactor}"]
        overlap = ours["min"] <= theirs["max"] and theirs["min"] <= ours["max"]
        rows.append(Row(NAME, f"full crawl wall, median (range {_range(ours)} vs {_range(theirs)}"
                        f"{': ranges overlap' if overlap else ''})", ours["median"],
                        f"Scrapy, {reactor} reactor", theirs["median"], "s", target="<= 1x",
                        passed=ours["median"] <= theirs["median"], details={"overlap": overlap}))
    for reactor in REACTORS:
        theirs = walls[f"scrapy-{reactor}"]
        rows.append(Row(NAME, f"full crawl wall, Scrapy {reactor} reactor, median (range {_range(theirs)})",
                        theirs["median"], "floor (latency x requests / 4)", floor, "s"))
    requests = {c: median([r["server_requests"] for r in results[c]]) for c in crawlers}
    peaks = {c: max(r["server_peak_in_flight"] for r in results[c]) for c in crawlers}
    rows += [
        Row(NAME, f"requests, full crawl (minimum {minimum}; median)", requests["policyfeed"], "Scrapy (asyncio)",
            requests["scrapy-asyncio"], "", details={"requests": requests}),
        Row(NAME, "requests in flight at most (seen by the server, all runs)", peaks["policyfeed"],
            f"Scrapy (asyncio / epoll: {peaks['scrapy-asyncio']} / {peaks['scrapy-epoll']})",
            max(peaks["scrapy-asyncio"], peaks["scrapy-epoll"]), "", target=f"<= {CONCURRENCY} all",
            passed=max(peaks.values()) <= CONCURRENCY, details={"peaks": peaks}),
        Row(NAME, "requests, no-change night", second_requests, "1 per feed + robots.txt", expected_quiet, "",
            target="= 1x", passed=second_requests == expected_quiet,
            details={"requests_by_path_after_second_night": {k: v for k, v in second_paths.items()
                                                             if v > 1 or k in ("/robots.txt",)}}),
    ]
    return rows


def _policyfeed_child(config_path: str, db_path: str, out_path: str) -> None:
    """The policyfeed side, in its own process: one run_crawl, timed, summarised as JSON."""
    import sqlite3

    from scraper.config import parse_config
    from scraper.crawl import run_crawl

    config = parse_config(Path(config_path).read_text("utf-8"), config_path)
    start = time.perf_counter()
    summary = run_crawl(config, db_path)
    wall = time.perf_counter() - start
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("select count(*) from announcements where article_fetched_at is not null").fetchone()[0]
        policies = conn.execute("select count(*) from policies").fetchone()[0]
    Path(out_path).write_text(json.dumps({
        "wall": wall, "requests": summary.requests, "pages_fetched": summary.pages_fetched,
        "not_modified": summary.not_modified, "articles_fetched": summary.articles_fetched,
        "new_items": summary.new_items, "errors": summary.errors, "articles_stored": stored,
        "policies": policies}), "utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--policyfeed-child":
        _policyfeed_child(*sys.argv[2:])
    else:
        sys.exit("usage: python -m bench.crawling --policyfeed-child CONFIG DB OUT (used by python -m bench)")
