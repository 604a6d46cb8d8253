"""Which date on an article page is its publication time (scraper/pages/published.py).

Each case is a small page in the shapes real pages take, with the page URL and `now`; the byline wins,
completed from the page's evidence (meta, JSON-LD, scripts, <time datetime>, the URL) before `now`."""
from __future__ import annotations

from datetime import datetime

import pytest

from scraper.pages.article import parse_article

NOW = datetime(2024, 3, 25, 12, 0)
BODY = ("<div class='content'><p>据悉，平台将于2024年4月1日起调整发货时效，商家需在48小时内发货。</p>"
        "<p>此外，受天气影响地区的订单，付款时间在3月20日至3月22日之间的，不计入考核。</p>"
        "<p>平台表示，后续将根据物流恢复情况及时调整相关安排，请商家关注公告。</p></div>")


def page(head: str = "", byline: str = "", tail: str = "", title: str = "平台调整发货时效的公告") -> str:
    return (f"<html><head><title>{title}_电商快讯</title>{head}</head><body>"
            f"<div class='nav'><a href='/'>首页</a> <span>今天是2024年3月25日 星期一</span></div>"
            f"<h1>{title}</h1>{byline}{BODY}{tail}"
            f"<div class='comments'><p>网友甲 2024-03-24 09:00 说得好，支持平台的做法！</p></div>"
            f"<div class='related'><ul><li><a href='/a/1.html'>另一篇公告</a> 2024-03-01 10:00</li></ul></div>"
            f"<div class='footer'>© 2003-2024 电商快讯 版权所有</div></body></html>")


@pytest.mark.parametrize("html, url, expected", [
    # a visible byline with a label
    (page(byline="<div class='info'>发布时间：2024-03-22 17:52 来源：电商快讯</div>"), "https://x.cn/a/1.html",
     "2024-03-22T17:52:00"),
    # the byline wins over a meta tag that disagrees
    (page('<meta property="article:published_time" content="2024-03-20T08:00:00+08:00">',
          "<div class='info'>2024-03-22 17:52</div>"), "https://x.cn/a/1.html", "2024-03-22T17:52:00"),
    # a year-less byline takes its year from the meta tag, not from now
    (page('<meta name="pubdate" content="2023-10-08T12:00:00+08:00">', "<div class='info'>10-08 12:00</div>"),
     "https://x.cn/a/1.html", "2023-10-08T12:00:00"),
    # a relative byline takes its day from the page's evidence (JSON-LD), its clock from the byline
    (page('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-21T09:00:00+08:00"}'
          "</script>", "<div class='info'>昨天 14:20</div>"), "https://x.cn/a/1.html", "2024-03-21T14:20:00"),
    # …and against now when there is none
    (page(byline="<div class='info'>昨天 14:20</div>"), "https://x.cn/a/1.html", "2024-03-24T14:20:00"),
    # a two-digit year
    (page(byline="<div class='info'>18-03-08 23:16 来源：网友投稿</div>"), "https://x.cn/a/1.html",
     "2018-03-08T23:16:00"),
    # month/day/year with AM/PM; day/month/year when the meta time says so
    (page(byline="<div class='info'>发布日期： 7/5/2005 9:23:57 PM</div>"), "https://x.cn/a/1.html",
     "2005-07-05T21:23:57"),
    (page('<meta property="article:published_time" content="2022-02-06T12:48:06+00:00">',
          "<div class='info'>06/02/2022 - 13:48</div>"), "https://x.cn/a/1.html", "2022-02-06T13:48:00"),
    # a date-only byline gains the clock of a stated time on the same day
    (page('<meta property="article:published_time" content="2024-03-22T17:52:13+08:00">',
          "<div class='info'>2024-03-22</div>"), "https://x.cn/a/1.html", "2024-03-22T17:52:13"),
    # an updated line beside the published one
    (page(byline="<div class='info'>更新时间：2024-03-23 09:00 发布时间：2024-03-22 17:52</div>"),
     "https://x.cn/a/1.html", "2024-03-22T17:52:00"),
    # without a byline: the meta tag, JSON-LD, a script variable, the URL path (in that order)
    (page('<meta property="article:published_time" content="2024-03-22T17:52:13+08:00">'), "https://x.cn/a/1.html",
     "2024-03-22T17:52:13"),
    (page('<script type="application/ld+json">{"datePublished": "2024-03-22T17:52:13+08:00"}</script>'),
     "https://x.cn/a/1.html", "2024-03-22T17:52:13"),
    (page("<script>var publishTime = '2024-03-22 17:52:13';</script>"), "https://x.cn/a/1.html",
     "2024-03-22T17:52:13"),
    # a WeChat article: its time only in the script's Unix timestamp (var ct), the related list's
    # year-less date no evidence
    (page("<script>var biz = 'MzA'; var ct = \"1696752000\"; var publish_time = '' || '';</script>",
          tail="<div class='related'><a href='/s/abc'>3月5日：节后发货时效恢复说明</a></div>"),
     "https://mp.weixin.qq.com/s/xyz", "2023-10-08T16:00:00"),
    (page(), "https://x.cn/2019/09/07/88190.html", "2019-09-07"),
    (page(), "https://x.cn/news/20190907/88190.html", "2019-09-07"),
    # a blog post's footer after the body
    (page(tail="<div class='postFoot'>[收藏本文] 发表于2024年03月22日 11:57 AM</div>"), "https://x.cn/a/1.html",
     "2024-03-22T11:57:00"),
    # …and after 2 MB of other scripts, when nothing on the page shows a date of its own
    (page("<script>var big = '" + "x" * 2_000_000 + "';</script><script>var ct = \"1696752000\";</script>"),
     "https://mp.weixin.qq.com/s/xyz", "2023-10-08T16:00:00"),
    # a year-less byline, its year only in a page script's unix time under a name no rule knows
    (page("<script>window.__DATA__ = {\"itemTs\": 1665201600, \"other\": \"2019-05-06\"};</script>",
          "<div class='info'>10-08 12:00</div>"), "https://x.cn/a/1.html", "2022-10-08T12:00:00"),
    # a blog's date heading above the post, its clock alone in the post's footer
    (page(byline="<p class='date'>March 22, 2024</p>",
          tail="<div class='posted'><p>at <a href='/blog/'>小站</a> at 11:57 PM post | Reply(2)</p></div>"),
     "https://x.cn/a/1.html", "2024-03-22T23:57:00"),
    # month-day-year with dashes, a relative time beside it
    (page(byline="<div class='info'>@ 03-22-2024 / 3 days ago</div>"), "https://x.cn/a/1.html", "2024-03-22"),
    # the clock in brackets
    (page(byline="<div class='info'>2024-03-22 (17:52)</div>"), "https://x.cn/a/1.html", "2024-03-22T17:52:00"),
    # a forum's time in a bar named as a menu, right under the headline
    (page(byline="<div class='atl-menu'><span>楼主：店小二</span> <span>时间：2024-03-22 17:52:00</span></div>"),
     "https://x.cn/a/1.html", "2024-03-22T17:52:00"),
    # another article's time in the header (最新推荐文章于…发布), this one's 首次发布
    (page(byline="<div class='info'>最新推荐文章于 2024-03-24 10:21:33 发布 · 于 2024-03-22 17:52:00 首次发布</div>"),
     "https://x.cn/a/1.html", "2024-03-22T17:52:00"),
    # readers' comments under a 网友评论 line, not classed as comments: no byline among them
    (page(tail="<div class='pl'><div>网友评论</div><div><span>小李</span> <span>2024-03-24 09:12</span></div></div>"),
     "https://x.cn/a/1.html", None),
    # nothing but the navigation's "today", the event dates in the body, comments and related items
    (page(), "https://x.cn/a/1.html", None),
])
def test_publication_time(html, url, expected):
    assert parse_article(html, url, NOW).published == expected


def test_no_date_at_all_is_none():
    html = "<html><head><title>关于我们</title></head><body><h1>关于我们</h1><p>我们是一家电商资讯网站，关注平台规则。</p></body></html>"
    assert parse_article(html, "https://x.cn/about.html", NOW).published is None


def test_a_related_articles_time_element_is_no_evidence():
    html = ("<html><head><title>平台公告_电商快讯</title></head><body><h1>平台公告</h1>"
            "<div class='content'><p>平台将调整发货时效，商家需在48小时内发货，请及时关注后续安排。</p></div>"
            "<div class='related'><ul><li><a href='/a/2.html'>另一篇公告</a>"
            "<time datetime='2024-03-01T10:00:00+08:00'>3月1日</time></li></ul></div></body></html>")
    assert parse_article(html, "https://x.cn/a/1.html", NOW).published is None
