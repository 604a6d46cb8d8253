"""Bad pages never crash the parsers: truncated HTML, empty bodies, binary junk, a 5 MB page, a page
with no feed, and random HTML (hypothesis). Each gives an empty or partial result, not an exception."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.pages.article import parse_article
from scraper.pages.encoding import decode
from scraper.pages.listpage import parse_list

NOW = datetime(2024, 3, 5, 10, 0)
SEED = (Path(__file__).parent / "fixtures" / "listpages" / "seed002_ol.html").read_text("utf-8")
URL = "https://www.dsb.cn/tag/1688"


def test_truncated_html_keeps_the_items_before_the_cut():
    cut = SEED[: len(SEED) // 2]
    page = parse_list(cut, URL, NOW)
    full = parse_list(SEED, URL, NOW)
    assert 0 < len(page.items) <= len(full.items)
    assert page.items[0] == full.items[0]


def test_empty_body():
    assert parse_list("", URL, NOW).as_dict() == {"items": [], "next": None}
    assert parse_article("", URL, NOW).as_dict() == {"title": None, "url": URL, "published": None, "text": ""}


def test_binary_junk():
    text, _ = decode(bytes(range(256)) * 50, "application/octet-stream")
    assert parse_list(text, URL, NOW).items == []
    parse_article(text, URL, NOW)


def test_page_with_no_feed():
    html = "<html><body><nav><a href='/'>首页</a><a href='/a'>关于</a></nav><p>页面不存在</p></body></html>"
    assert parse_list(html, URL, NOW).items == []


def test_five_megabyte_page():
    """A page bloated to over 5 MB (inline data and a huge text block) still yields its feed."""
    padding = "<script>var data='" + "x" * 2_500_000 + "';</script><div class='blob'>" + "台风" * 450_000 + "</div>"
    html = SEED.replace("</body>", padding + "</body>")
    assert len(html.encode()) > 5_000_000
    assert parse_list(html, URL, NOW).items == parse_list(SEED, URL, NOW).items


HTML_PIECES = st.sampled_from([
    "<div>", "</div>", "<ul>", "</ul>", "<li>", "</li>", "<a href='/x/1.html'>", "<a href='javascript:;'>",
    "</a>", "<span>", "</span>", "2022-09-07 17:08:39", "昨天 14:20", "1688平台调整发货时间", "<p>", "</p>",
    "<em>1688</em>", "<base href='http://other.cn/'>", "<a rel='next' href='?page=2'>下一页</a>", "<h3>",
    "</h3>", "<time datetime='2022-09-07T17:08:39+08:00'>", "</time>", "<table><tr><td>", "</td></tr></table>",
    "<dl><dt>", "</dt><dd>", "</dd></dl>", "<script>var a='<li>';</script>", "<!--", "-->", "&nbsp;", "&#0;",
    "\x00", "<aside>热门文章", "</aside>",
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(HTML_PIECES, max_size=80).map("".join)))
def test_random_html_never_raises(html):
    page = parse_list(html, URL, NOW)
    for item in page.items:
        assert item.url.startswith("http") and item.title
    article = parse_article(html, URL, NOW)
    assert isinstance(article.text, str)
