"""Scale: `policyfeed reparse` over databases of 1,000, 3,000 and 10,000 generated announcements — time
fitted against size (the cost per announcement apart from the fixed start-up), peak memory, the
speed-up of worker processes (--jobs), and the database file's size.

Each database is built directly, without a crawl: tests/sites.py's FeedSite(count=N, page_size=20)
renders the N/20 list pages and N article pages; each list page is stored as a fetched page
(Store.save_page, kind "list"), its items (read with parse_list, as a crawl would) recorded with
Store.upsert_list_item, and each item's article page stored with Store.save_page, one list page with
its items and articles per transaction. Nothing is extracted at build time: the reparse parses every
page and extracts and writes every announcement's policies.

Each size is reparsed twice, from two copies of the same database: `python -m scraper.cli -v reparse
--db PATH --jobs 1` (one process) and `--jobs J` (J = this machine's cores: J worker processes and the
writer), as child processes (bench.run_child), in alternating order. Measured: the wall time; the
peak RSS: for --jobs 1 the process's own (ru_maxrss), for --jobs J the summed RSS of all its
processes (sampled every 0.1 s; their summed PSS, which counts shared pages once, is in the JSON);
the writer's share of the time (reparse's own log line: the part more jobs cannot share). The two
databases of the largest size are compared table by table (timestamps aside): the rows must be the
same.

Time and memory are fitted against size by least squares (t = start-up + slope x N): the slope is
what each announcement costs, the intercept what a run costs before the first (start-up, imports,
jieba's dictionary, workers). "10 x the run at 1,000" would have counted the start-up ten times.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scraper.reparse import default_jobs

from . import ROOT, Row, log, run_child

if TYPE_CHECKING:
    from tests.sites import FeedSite

NAME = "scale"
BASE = "https://news.policyfeed-bench.example"
FEED = "bench"
SIZES = (1000, 3000, 10000)
SIZES_QUICK = (200, 500, 1000)
TARGET_SECONDS = 60.0
TARGET_MB = 400.0
TARGET_SPEEDUP = 1.7
#: columns holding the wall-clock time of a write (now_iso()): two runs differ there by design
TIMESTAMP_COLUMNS = {"first_seen", "last_seen", "article_fetched_at", "at", "recorded_at"}
WRITER_LINE = re.compile(r"reparse: (\d+) pages with (\d+) job\(s\) in ([\d.]+) s, of which writing ([\d.]+) s")


def _render(site: FeedSite, path: str) -> bytes:
    """A page of the generated site (every path asked for here is one of its pages)."""
    page = site.render(path)
    if page is None:
        raise RuntimeError(f"the generated site has no page {path}")
    return page


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
    with Store(path) as store:
        store.upsert_feed(FEED, [BASE + site.list_path(1)], ["news.policyfeed-bench.example"])
        for page in range(1, site.pages + 1):
            list_url = BASE + site.list_path(page)
            body = _render(site, site.list_path(page))
            items = parse_list(body.decode("utf-8"), list_url, now).items
            with store.transaction():
                store.save_page(list_url, FEED, "list", 200, body, "text/html; charset=utf-8", "utf-8", None, None)
                raw += len(body)
                for item in items:
                    store.upsert_list_item(FEED, list_url, item.title, item.url, item.published, item.summary)
                    found = re.search(r"/(\d+)\.html$", item.url)
                    if found is None:
                        raise RuntimeError(f"{item.url} is not an article of the generated site")
                    html = _render(site, site.article_path(int(found.group(1))))
                    store.save_page(item.url, FEED, "article", 200, html, "text/html; charset=utf-8", "utf-8",
                                    None, None)
                    raw += len(html)
    return {"announcements": count, "list_pages": site.pages, "raw_html_bytes": raw,
            "build_seconds": time.perf_counter() - start}


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def _copy(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target


def reparse(path: Path, jobs: int) -> dict:
    child = run_child([sys.executable, "-m", "scraper.cli", "-v", "reparse", "--db", str(path), "--jobs", str(jobs)],
                      timeout=3600, sample_tree=jobs > 1)
    if child.returncode != 0:
        raise RuntimeError(f"reparse failed (exit {child.returncode}): {child.stderr[-3000:]}{child.stdout[-2000:]}")
    with sqlite3.connect(path) as conn:
        done = conn.execute("select count(*) from announcements where body is not null").fetchone()[0]
        policies = conn.execute("select count(*) from policies").fetchone()[0]
    line = WRITER_LINE.search(child.stderr)
    # one process: its own peak; several: their summed RSS, sampled
    rss = child.maxrss_mb if jobs == 1 else max(child.tree_rss_mb or 0.0, child.maxrss_mb)
    return {"jobs": jobs, "wall": child.wall, "rss_mb": rss, "maxrss_mb": child.maxrss_mb,
            "tree_rss_mb": child.tree_rss_mb, "tree_pss_mb": child.tree_pss_mb,
            "processes": child.tree_processes, "output": child.stdout.strip().splitlines(),
            "reparse_seconds": float(line.group(3)) if line else None,
            "writing_seconds": float(line.group(4)) if line else None,
            "announcements_with_body": done, "policies": policies, "db_bytes": _size(path)}


def database_rows(path: Path) -> dict[str, list[str]]:
    """Every table's rows (sorted), timestamp columns left out: what two reparses must agree on."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for (name,) in conn.execute("select name from sqlite_master where type = 'table' order by name"):
            columns = [r[1] for r in conn.execute(f'pragma table_info("{name}")') if r[1] not in TIMESTAMP_COLUMNS]
            listed = ", ".join(f'"{c}"' for c in columns)
            out[name] = sorted(repr(r) for r in conn.execute(f'select {listed} from "{name}"')) if columns else []
        return out
    finally:
        conn.close()


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares y = a + b x: (a, b)."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx
    return my - b * mx, b


def run(quick: bool = False) -> list[Row]:
    sizes = SIZES_QUICK if quick else SIZES
    jobs = max(2, default_jobs())
    runs: dict[int, dict[int, dict]] = {}
    built: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="policyfeed-bench-scale-") as tmpdir:
        tmp = Path(tmpdir)
        for k, count in enumerate(sizes):
            base = tmp / f"built-{count}.db"
            log(f"{NAME}: building a database of {count:,} announcements")
            built[count] = build_db(base, count)
            built[count]["db_bytes_before"] = _size(base)
            runs[count] = {}
            for j in ((1, jobs) if k % 2 == 0 else (jobs, 1)):  # alternate which goes first
                log(f"{NAME}: reparse of {count:,} announcements, --jobs {j} (subprocess)")
                runs[count][j] = reparse(_copy(base, tmp / f"reparse-{count}-jobs{j}.db"), j)
            if count == sizes[-1]:
                log(f"{NAME}: comparing the --jobs 1 and --jobs {jobs} databases")
                rows_1, rows_j = (database_rows(tmp / f"reparse-{count}-jobs{j}.db") for j in (1, jobs))
                identical = sorted(t for t in rows_1 if rows_1[t] == rows_j.get(t))
                differing = sorted(set(rows_1) ^ set(rows_j) | {t for t in rows_1 if rows_1[t] != rows_j.get(t)})
            for suffix in ("", "-wal", "-shm"):
                Path(f"{base}{suffix}").unlink(missing_ok=True)

    big, small = sizes[-1], sizes[0]
    one, many = runs[big][1], runs[big][jobs]
    start_1, slope_1 = fit([(n, runs[n][1]["wall"]) for n in sizes])
    start_j, slope_j = fit([(n, runs[n][jobs]["wall"]) for n in sizes])
    mem0_1, mem_1 = fit([(n, runs[n][1]["rss_mb"]) for n in sizes])
    mem0_j, mem_j = fit([(n, runs[n][jobs]["rss_mb"]) for n in sizes])
    done = all(r["announcements_with_body"] == n for n in sizes for r in runs[n].values())
    ok = "" if done else " (NOT ALL DONE: see bench-results.json)"
    speedup = one["wall"] / many["wall"]
    details = {"sizes": list(sizes), "jobs": jobs, "cores": default_jobs(), "built": built,
               "runs": {str(n): {str(j): r for j, r in by_jobs.items()} for n, by_jobs in runs.items()},
               "fit_seconds": {"jobs_1": {"start_s": start_1, "ms_per_announcement": 1000 * slope_1},
                               f"jobs_{jobs}": {"start_s": start_j, "ms_per_announcement": 1000 * slope_j}},
               "fit_rss": {"jobs_1": {"start_mb": mem0_1, "mb_per_1000": 1000 * mem_1},
                           f"jobs_{jobs}": {"start_mb": mem0_j, "mb_per_1000": 1000 * mem_j}},
               "identical_tables": identical, "differing_tables": differing,
               "timestamp_columns_left_out": sorted(TIMESTAMP_COLUMNS)}
    writing = many["writing_seconds"]
    return [
        Row(NAME, f"reparse wall, {big:,} announcements, --jobs {jobs} ({jobs} cores), speed-up {speedup:.2f}x{ok}",
            many["wall"], "--jobs 1 (one core)", one["wall"], "s",
            target=f"<= {1 / TARGET_SPEEDUP:.2f}x ({TARGET_SPEEDUP}x faster)", passed=speedup >= TARGET_SPEEDUP,
            details=details),
        Row(NAME, f"reparse wall, {big:,} announcements, --jobs {jobs}, beside the writer's share of it",
            many["wall"], "of which writing (cannot be shared)", writing, "s", target=f"< {TARGET_SECONDS:.0f} s",
            passed=many["wall"] < TARGET_SECONDS),
        Row(NAME, f"reparse time per announcement, fitted over {'/'.join(f'{n:,}' for n in sizes)}, --jobs {jobs}",
            1000 * slope_j, "--jobs 1", 1000 * slope_1, "ms"),
        Row(NAME, "reparse fixed start-up (the fit's intercept), --jobs " + str(jobs), start_j, "--jobs 1", start_1,
            "s"),
        Row(NAME, f"reparse peak RSS, {big:,}, --jobs {jobs}: all {many['processes'] or '?'} processes summed",
            many["rss_mb"], "--jobs 1 (one process)", one["rss_mb"], "MB", target=f"< {TARGET_MB:.0f} MB",
            passed=many["rss_mb"] < TARGET_MB),
        Row(NAME, f"reparse peak RSS per 1,000 announcements (fitted slope), --jobs {jobs}", 1000 * mem_j,
            "--jobs 1", 1000 * mem_1, "MB"),
        Row(NAME, f"tables identical, --jobs {jobs} vs --jobs 1 database, {big:,} (timestamps aside)", len(identical),
            "tables", len(identical) + len(differing), "", target="= all", passed=not differing,
            details={"differing": differing}),
        Row(NAME, f"database file, {big:,} announcements", many["db_bytes"] / 2**20, "raw HTML stored in it",
            built[big]["raw_html_bytes"] / 2**20, "MB",
            details={"db_bytes": many["db_bytes"], "raw_html_bytes": built[big]["raw_html_bytes"],
                     "db_bytes_before_reparse": built[big]["db_bytes_before"], "smallest": small}),
    ]


if __name__ == "__main__":  # build one database to look at: python -m bench.scale PATH COUNT
    print(build_db(Path(sys.argv[1]), int(sys.argv[2])))
    os.sync()
