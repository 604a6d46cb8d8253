"""Real pages no one here wrote: ../shared/realpages/ (third-party article and list pages with gold).

The pages stay outside this repository; CI has ../shared beside it. Scored with the corpus's own
scorer (imported, so the metrics are the published ones), in-process. The floors are the figures
the parsers reach on the whole corpus, rounded down: a change that loses ground fails here. The
mechanisms behind them have their own cases below, each on the page that showed the failure.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from bench.accuracy import realpages_scores
from scraper.pages.article import parse_article
from scraper.pages.encoding import decode
from scraper.pages.listpage import parse_list

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "realpages"
pytestmark = pytest.mark.skipif(not (CORPUS / "score_realpages.py").is_file(),
                                reason="../shared/realpages is not beside the repository")


def _gold(name: str) -> list[dict]:
    return [json.loads(line) for line in (CORPUS / name).read_text("utf-8").splitlines() if line.strip()]


def _article(record: dict):
    html, _ = decode((CORPUS / record["path"]).read_bytes())
    return parse_article(html, record["url"])


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    """The corpus's measures, computed the one way the bench computes them too."""
    return realpages_scores()


@pytest.mark.parametrize("measure, floor", [("title", 0.93), ("published", 0.93), ("recall", 0.95)])
def test_article_scores_hold(scores, measure, floor):
    assert scores[measure] >= floor, scores


def test_article_leakage_stays_low(scores):
    assert scores["leakage"] <= 0.02, scores


def test_list_item_f1_holds(scores):
    assert scores["list_f1"] >= 0.95, scores


def _record(fragment: str) -> dict:
    return next(r for r in _gold("articles.jsonl") if fragment in r["path"])


@pytest.mark.parametrize("page, field, expected", [
    # UTF-8 bytes without a charset anywhere; GBK forum page with stray bytes, no <meta>
    ("064b591b", "title", "13岁女孩辍学后生下女婴(附图)"),
    ("6dc2d508", "title", "【2005年中国革命历史巨作】【太行山上】 【DVDSCR-RMVB】"),
    # the logo is the only <h1>: the headline is the line the <title> repeats; a 主题： label dropped
    ("a6e8b739", "title", "你知道导游为什么那么热衷于让你去各种各样的商场购物吗？"),
    # a <title> that is only the site's greeting: the bold headline line above the body
    ("05e98007", "title", "茉莉：我是怎样卷入八九民运的"),
    # month/day/year with AM/PM; day/month/year settled by the page's meta time
    ("05e98007", "published", "2005-07-05T21:23:57"),
    ("0ef8393b", "published", "2022-02-06T13:48:00"),
    # a blog post's footer (发表于…), a forum's 本贴由…于…发表 line
    ("064b591b", "published", "2005-07-31T12:30:00"),
    ("9b1e5dcb", "published", "2005-08-12T16:12:21"),
    # the post date above the headline, not the site header's "today"
    ("35687fb1", "published", "2005-09-10T10:56:00"),
])
def test_real_page_mechanisms(page, field, expected):
    assert getattr(_article(_record(page)), field) == expected


@pytest.mark.parametrize("page, phrase", [
    ("a6e8b739", "导游的收入很大一部分来自购物"),      # a forum's first post, not the reply tree below it
    ("59562291", "湘菜粤菜兵分两路，新鲜的是，"),      # a blog archive: the top post, not the longest
    ("6dc2d508", "太行山上》主要讲述八路军总司"),      # a post inside an <a> without href (broken markup)
    ("0ef8393b", "各位好，我是安东尼。欢迎收听"),      # <body class="u-header-sticky">: no furniture
])
def test_real_page_body_holds(page, phrase):
    assert phrase in " ".join(_article(_record(page)).text.split())


def _list(fragment: str):
    record = next(r for r in _gold("lists.jsonl") if fragment in r["path"])
    html, _ = decode((CORPUS / record["path"]).read_bytes())
    return record, parse_list(html, record["url"], datetime.fromisoformat(record["now"]))


@pytest.mark.parametrize("page", ["netease_international_news", "netease_rolling_news", "rtfund_xxpl"])
def test_utf8_list_pages_under_a_gb_meta_read_as_utf8(page):
    record, found = _list(page)
    assert [i.title for i in found.items][:5] == [g["title"] for g in record["items"]][:5]


def test_a_dashboard_of_hot_lists_has_no_main_feed():
    """163.com's ranking page: dozens of look-alike ranking tables, none of them the page's list."""
    _, found = _list("netease_leaderboard_news")
    assert found.items == []


def test_search_cards_without_dates_are_the_feed():
    """zhihu's search results show a date on one card of 100: the feed is the cards, dated or not."""
    record, found = _list("zhihu_search_result")
    assert len(found.items) >= 0.95 * len(record["items"])
