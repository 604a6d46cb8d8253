"""Links as the crawl keys announcements on them: absolute, canonical, one URL per article."""
from __future__ import annotations

import pytest

from scraper.pages.dom import absolute

BASE = "https://Www.Example.cn/list/1.html?spm=a1z.1"


@pytest.mark.parametrize("href, expected", [
    ("/news/1.html", "https://www.example.cn/news/1.html"),
    ("/news/1.html?spm=a2o4.2&id=7#comments", "https://www.example.cn/news/1.html?id=7"),  # tracking dropped
    ("https://www.example.cn/news/1.html?utm_source=wx&utm_medium=share", "https://www.example.cn/news/1.html"),
    ("HTTPS://WWW.EXAMPLE.CN:443/news/1.html", "https://www.example.cn/news/1.html"),  # default port
    ("http://www.example.cn:8080/news/1.html", "http://www.example.cn:8080/news/1.html"),
    ("?page=2", "https://www.example.cn/list/1.html?page=2"),
    ("detail/3.html", "https://www.example.cn/list/detail/3.html"),
    ("//cdn.example.cn/a.html", "https://cdn.example.cn/a.html"),
    ("javascript:void(0)", None),
    ("mailto:a@b.cn", None),
    ("#top", None),
    ("", None),
    (None, None),
    ("ftp://example.cn/file", None),
    ("http://www.example.com:61hu.com/news/1.html", None),   # a port that is no number: a typo real pages carry
    ("http://[::1/news/1.html", None),                       # a broken IPv6 host
])
def test_absolute(href, expected):
    assert absolute(href, BASE) == expected
