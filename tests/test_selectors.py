"""Per-feed CSS selectors ([feeds.selectors]) replace detection for layouts it cannot handle."""
from __future__ import annotations

from datetime import datetime

from scraper.config import parse_config
from scraper.pages.listpage import Selectors, parse_list

# a layout detection gets wrong on purpose: the "feed" is two items, the sidebar has five
PAGE = """<html><body>
<div class="notes"><div class="n"><b>公告</b><a href="/a/1.html">平台调整发货时效考核</a><i>2023-08-01</i><q>摘要一：发货时效由48小时调整为72小时。</q></div>
<div class="n"><b>公告</b><a href="/a/2.html">平台暂停受台风影响地区考核</a><i>2023-07-28</i><q>摘要二：受台风影响地区暂停考核。</q></div></div>
<ul class="list-x">""" + "".join(
    f'<li><a href="/x/{i}.html">其他站点的很长很长的推荐文章标题第{i}篇</a><span>2023-07-0{i}</span><p>很长的推荐摘要文字很长的推荐摘要文字很长的推荐摘要文字</p></li>'
    for i in range(1, 6)) + """</ul><a class="pg-next" href="/list/2.html">继续阅读</a></body></html>"""

SELECTORS = Selectors(item="div.notes > div.n", title="a", date="i", summary="q", next="a.pg-next")


def test_selectors_override_detection():
    page = parse_list(PAGE, "https://news.example.cn/list/1.html", datetime(2023, 8, 2), SELECTORS)
    assert [(i.title, i.url, i.published, i.summary) for i in page.items] == [
        ("平台调整发货时效考核", "https://news.example.cn/a/1.html", "2023-08-01", "摘要一：发货时效由48小时调整为72小时。"),
        ("平台暂停受台风影响地区考核", "https://news.example.cn/a/2.html", "2023-07-28", "摘要二：受台风影响地区暂停考核。"),
    ]
    assert page.next == "https://news.example.cn/list/2.html"


def test_without_selectors_detection_takes_the_bigger_list():
    page = parse_list(PAGE, "https://news.example.cn/list/1.html", datetime(2023, 8, 2))
    assert len(page.items) == 5 and page.next is None  # "继续阅读" is no next-link word


def test_selectors_come_from_the_feeds_file():
    config = parse_config('[[feeds]]\nname = "x"\nstart_urls = ["https://news.example.cn/list/1.html"]\n'
                          '[feeds.selectors]\nitem = "div.notes > div.n"\ntitle = "a"\ndate = "i"\n'
                          'summary = "q"\nnext = "a.pg-next"\n')
    assert config.feeds[0].selectors == SELECTORS
