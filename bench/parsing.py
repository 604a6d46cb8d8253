"""List parsing: pages/s of scraper.pages.listpage.parse_list on every list fixture, against the
BeautifulSoup(lxml) port of the same algorithm (bench/bs4_listpage.py), same decoded pages.

Each page is decoded once up front (scraper.pages.encoding.decode, with the fixture's HTTP charset when it
has one); both parsers then get the same str, URL and `now`. One untimed round warms both up, then
10 timed rounds, each running every parser over all pages in turn (so that other load on the
machine hits all alike). A second line times the HTML tree construction alone (LexborHTMLParser(html)
against BeautifulSoup(html, "lxml")): the share of parse_list's time that the HTML library decides. Beside the speed: how many fixtures
the port agrees with exactly (items and next link), and how many each gets exactly right against
the hand-written expected JSON.
"""
from __future__ import annotations

import json
import time

from bs4 import BeautifulSoup
from selectolax.lexbor import LexborHTMLParser

from extract import parse_published
from scraper.pages.encoding import decode
from scraper.pages.listpage import parse_list

from . import ROOT, Row, bs4_listpage, log

NAME = "parsing"
FIXTURES = ROOT / "tests" / "fixtures" / "listpages"
TARGET_RATIO = 5.0


def load_pages() -> list[dict]:
    pages = []
    for path in sorted(FIXTURES.glob("*.html")):
        meta = json.loads(path.with_suffix(".meta.json").read_text("utf-8"))
        header = f"text/html; charset={meta['charset_header']}" if meta.get("charset_header") else None
        html, _ = decode(path.read_bytes(), header)
        expected_path = path.with_suffix(".json")
        expected = json.loads(expected_path.read_text("utf-8")) if expected_path.exists() else None
        pages.append({"name": path.stem, "html": html, "url": meta["url"], "bytes": path.stat().st_size,
                      "now": parse_published(meta["now"]) if meta.get("now") else None, "expected": expected})
    return pages


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
    rounds = 2 if quick else 10
    log(f"{NAME}: {len(pages)} list fixtures x {rounds} rounds per parser")
    ours_out = {p["name"]: parse_list(p["html"], p["url"], p["now"]).as_dict() for p in pages}
    theirs_out = {p["name"]: bs4_listpage.parse_list(p["html"], p["url"], p["now"]).as_dict() for p in pages}
    tools = {"policyfeed": parse_list, "bs4_lxml": bs4_listpage.parse_list,
             "tree_lexbor": _tree_lexbor, "tree_bs4_lxml": _tree_bs4}
    seconds = dict.fromkeys(tools, 0.0)
    for _ in range(rounds):  # round by round, each parser in turn: other load hits all alike
        for name, fn in tools.items():
            seconds[name] += _timed(fn, pages)
    t_ours, t_bs4 = seconds["policyfeed"], seconds["bs4_lxml"]
    n = len(pages) * rounds
    agree = sorted(name for name in ours_out if ours_out[name] == theirs_out[name])
    differ = sorted(set(ours_out) - set(agree))
    right_ours = sum(p["expected"] == ours_out[p["name"]] for p in pages)
    right_bs4 = sum(p["expected"] == theirs_out[p["name"]] for p in pages)
    items_ours = sum(len(o["items"]) for o in ours_out.values())
    items_same = sum(sum(a == b for a, b in zip(ours_out[k]["items"], theirs_out[k]["items"])) for k in ours_out)
    details = {"pages": len(pages), "rounds": rounds, "seconds": seconds,
               "ms_per_page": {"policyfeed": 1000 * t_ours / n, "bs4_lxml": 1000 * t_bs4 / n},
               "mean_page_bytes": sum(p["bytes"] for p in pages) / len(pages),
               "fixtures_identical": len(agree), "fixtures_differing": differ,
               "items_identical": items_same, "items_policyfeed": items_ours,
               "fixtures_matching_expected": {"policyfeed": right_ours, "bs4_lxml": right_bs4}}
    return [
        Row(NAME, f"pages/s, {len(pages)} list fixtures x{rounds}", n / t_ours, "BeautifulSoup(lxml) port",
            n / t_bs4, "pages/s", target=f">= {TARGET_RATIO:.0f}x", passed=(n / t_ours) / (n / t_bs4) >= TARGET_RATIO,
            details=details),
        Row(NAME, "  of which: HTML tree construction alone (lexbor)", n / seconds["tree_lexbor"],
            "BeautifulSoup(lxml) tree", n / seconds["tree_bs4_lxml"], "pages/s"),
        Row(NAME, "fixtures where the port's output = parse_list's", len(agree), "fixtures", len(pages), "",
            details={"differing": differ}),
        Row(NAME, "fixtures exactly as expected (.json)", right_ours, "BeautifulSoup(lxml) port", right_bs4, "",
            details={"of": len(pages)}),
    ]
