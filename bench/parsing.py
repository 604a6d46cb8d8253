"""List parsing: pages/s of scraper.pages.listpage.parse_list on every list fixture, against the
BeautifulSoup(lxml) port of the same algorithm (bench/bs4_listpage.py), same decoded pages.

The fixtures are every page under tests/fixtures/listpages*/ (the layouts written for the parser and
the blind rounds written by others). Each page is decoded once up front (scraper.pages.encoding.decode,
with the fixture's HTTP charset when it has one); both parsers then get the same str, URL and `now`.

First the port is checked: its output (items and next link) must equal parse_list's on every
fixture ("port agrees on N/N fixtures"); a port that drifted from the parser would be timing another
algorithm. When ../shared/realpages is beside the repository its list pages are checked too (not
timed). Then one untimed round warms both up, and 10 timed rounds run every parser over all pages in
turn (so that other load on the machine hits all alike). The ratio is over all fixtures; the folder
the earlier figure used (tests/fixtures/listpages/, 35 pages) is a second line. A third line times
the HTML tree construction alone (LexborHTMLParser(html) against BeautifulSoup(html, "lxml")): the
share of the time the HTML library decides.
"""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from pathlib import Path

from bs4 import BeautifulSoup
from selectolax.lexbor import LexborHTMLParser

from extract import parse_published
from scraper.pages.encoding import decode
from scraper.pages.listpage import parse_list

from . import ROOT, Row, bs4_listpage, log

NAME = "parsing"
FIXTURES = ROOT / "tests" / "fixtures"
#: every folder of list fixtures; the first is the set the earlier figure was measured on
FOLDERS = tuple(sorted(p.name for p in FIXTURES.glob("listpages*") if p.is_dir()))
FIRST_FOLDER = "listpages"
REALPAGES = ROOT.parent / "shared" / "realpages"
TARGET_RATIO = 5.0
#: every fixture folder but the first was written blind (by someone who never saw the parser) and the
#: parser was then fixed on it: its item F1 at that first pass (from the commit that fixed it; the
#: first folder was written with the parser, so it has none). Today's "exactly as expected" is tuned.
FIRST_PASS_ITEM_F1 = {"listpages_blind": (0.89, "9be651f"), "listpages_blind2": (0.95, "3b23fd9"),
                      "listpages_blind3": (0.96, "6f0048b"), "listpages_forums": (0.75, "2751796")}


def load_pages() -> list[dict]:
    """Every list fixture, decoded: name (folder/stem), html, url, now, expected output."""
    pages = []
    for folder in FOLDERS:
        for path in sorted((FIXTURES / folder).glob("*.html")):
            meta = json.loads(path.with_suffix(".meta.json").read_text("utf-8"))
            header = f"text/html; charset={meta['charset_header']}" if meta.get("charset_header") else None
            html, _ = decode(path.read_bytes(), header)
            expected_path = path.with_suffix(".json")
            expected = json.loads(expected_path.read_text("utf-8")) if expected_path.exists() else None
            pages.append({"name": f"{folder}/{path.stem}", "folder": folder, "html": html, "url": meta["url"],
                          "bytes": path.stat().st_size, "expected": expected,
                          "now": parse_published(meta["now"]) if meta.get("now") else None})
    return pages


def load_real_pages() -> list[dict]:
    """../shared/realpages' list pages (not in this repository), decoded; [] when absent."""
    gold = REALPAGES / "lists.jsonl"
    if not gold.is_file():
        return []
    pages = []
    quiet = logging.getLogger("scraper.pages.encoding")
    level, quiet.level = quiet.level, logging.ERROR  # their overruled charsets are known (README there)
    try:
        for line in gold.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                html, _ = decode((REALPAGES / record["path"]).read_bytes())
                pages.append({"name": Path(record["path"]).stem, "html": html, "url": record["url"],
                              "now": datetime.fromisoformat(record["now"]), "gold": record})
    finally:
        quiet.setLevel(level)
    return pages


def agreement(pages: list[dict]) -> tuple[list[str], dict[str, dict], dict[str, dict]]:
    """Names of the pages where the port's output equals parse_list's, and both outputs."""
    ours = {p["name"]: parse_list(p["html"], p["url"], p["now"]).as_dict() for p in pages}
    theirs = {p["name"]: bs4_listpage.parse_list(p["html"], p["url"], p["now"]).as_dict() for p in pages}
    return sorted(n for n in ours if ours[n] == theirs[n]), ours, theirs


def _timed(fn, pages) -> float:
    start = time.perf_counter()
    for p in pages:
        fn(p["html"], p["url"], p["now"])
    return time.perf_counter() - start


def _tree_lexbor(html, url, now):
    return LexborHTMLParser(html)


def _tree_bs4(html, url, now):
    return BeautifulSoup(html, "lxml")


def run(quick: bool = False) -> list[Row]:
    pages = load_pages()
    first = [p for p in pages if p["folder"] == FIRST_FOLDER]
    rounds = 2 if quick else 10
    log(f"{NAME}: checking the port on {len(pages)} list fixtures ({', '.join(FOLDERS)})")
    agree, ours_out, theirs_out = agreement(pages)
    differ = sorted(set(ours_out) - set(agree))
    real = load_real_pages()
    real_agree = agreement(real)[0] if real else []

    log(f"{NAME}: {len(pages)} list fixtures x {rounds} rounds per parser")
    tools = {"policyfeed": parse_list, "bs4_lxml": bs4_listpage.parse_list,
             "tree_lexbor": _tree_lexbor, "tree_bs4_lxml": _tree_bs4}
    for fn in tools.values():  # warm-up round, untimed
        _timed(fn, pages)
    seconds = {name: dict.fromkeys(FOLDERS, 0.0) for name in tools}
    for _ in range(rounds):  # round by round, each parser in turn: other load hits all alike
        for name, fn in tools.items():
            for folder in FOLDERS:
                seconds[name][folder] += _timed(fn, [p for p in pages if p["folder"] == folder])
    total = {name: sum(by_folder.values()) for name, by_folder in seconds.items()}
    n, n_first = len(pages) * rounds, len(first) * rounds
    rate = {name: n / t for name, t in total.items()}
    rate_first = {name: n_first / seconds[name][FIRST_FOLDER] for name in tools}
    ratio = rate["policyfeed"] / rate["bs4_lxml"]

    right_ours = sum(p["expected"] == ours_out[p["name"]] for p in pages)
    right_bs4 = sum(p["expected"] == theirs_out[p["name"]] for p in pages)
    details = {"pages": len(pages), "folders": {f: sum(p["folder"] == f for p in pages) for f in FOLDERS},
               "rounds": rounds, "seconds": total, "seconds_by_folder": seconds,
               "ratio_by_folder": {f: seconds["bs4_lxml"][f] / seconds["policyfeed"][f] for f in FOLDERS},
               "ms_per_page": {name: 1000 * t / n for name, t in total.items()},
               "mean_page_bytes": sum(p["bytes"] for p in pages) / len(pages),
               "port_agrees": len(agree), "port_differs_on": differ,
               "real_list_pages": {"pages": len(real), "port_agrees": len(real_agree),
                                   "differs_on": sorted({p["name"] for p in real} - set(real_agree))},
               "fixtures_matching_expected": {"policyfeed": right_ours, "bs4_lxml": right_bs4}}
    real_note = f"; {len(real_agree)}/{len(real)} real list pages" if real else ""
    return [
        Row(NAME, f"port agrees on {len(agree)}/{len(pages)} fixtures{real_note} (items and next link)", len(agree),
            "fixtures", len(pages), "", target="= all", passed=len(agree) == len(pages),
            details={"differs_on": differ, "real_list_pages": details["real_list_pages"]}),
        Row(NAME, f"pages/s, all {len(pages)} list fixtures x{rounds}", rate["policyfeed"],
            "BeautifulSoup(lxml) port", rate["bs4_lxml"], "pages/s", target=f">= {TARGET_RATIO:.0f}x",
            passed=ratio >= TARGET_RATIO, details=details),
        Row(NAME, f"  pages/s, {FIRST_FOLDER}/ only ({len(first)}, the earlier figure's set)",
            rate_first["policyfeed"], "BeautifulSoup(lxml) port", rate_first["bs4_lxml"], "pages/s"),
        Row(NAME, "  of which: HTML tree construction alone (lexbor)", rate["tree_lexbor"],
            "BeautifulSoup(lxml) tree", rate["tree_bs4_lxml"], "pages/s"),
        Row(NAME, f"fixtures exactly as expected (.json), of {len(pages)}: TUNED on; blind first-pass item F1 "
            + " / ".join(f"{f1:.2f}" for f1, _ in FIRST_PASS_ITEM_F1.values()), right_ours, "BeautifulSoup(lxml) port",
            right_bs4, "", details={"of": len(pages), "first_pass_item_f1": FIRST_PASS_ITEM_F1}),
    ]
