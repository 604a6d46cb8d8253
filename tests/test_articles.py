"""Every article fixture through `policyfeed parse-article`, compared exactly with the JSON beside it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
# articles_blind/ was written by someone who never saw the parser, then added here once measured
CASES = sorted((p.parent, p.stem) for folder in ("articles", "articles_blind", "articles_blind2") for p in (FIXTURES / folder).glob("*.html"))


@pytest.mark.parametrize("folder, name", CASES, ids=[f"{f.name}/{n}" for f, n in CASES])
def test_parse_article_fixture(folder, name):
    meta = json.loads((folder / f"{name}.meta.json").read_text("utf-8"))
    expected = json.loads((folder / f"{name}.json").read_text("utf-8"))
    args = ["parse-article", str(folder / f"{name}.html"), "--url", meta["url"]]
    if meta.get("now"):
        args += ["--now", meta["now"]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == expected


@pytest.mark.parametrize("html, title", [
    # the site's logo is the page's only h1; the headline is an h2 the <title> repeats
    ('<title>1688调整发货时效 - 电商派</title><body><h1 class="logo"><a href="/">电商派</a></h1>'
     '<div class="post"><h2 class="post-title">1688调整发货时效</h2><p>正文内容，共二十个字左右的文字。</p></div></body>',
     "1688调整发货时效"),
    # no heading at all: <title> without its site and section suffixes
    ("<title>关于调整发货时效的公告_通知公告_某省商务厅</title><body><div><p>正文。</p></div></body>",
     "关于调整发货时效的公告"),
    # og:title when the h1 is a short site name the <title> does not repeat
    ('<head><title>电商派</title><meta property="og:title" content="拼多多调整售后规则"></head>'
     "<body><h1>电商派</h1><p>正文内容。</p></body>", "拼多多调整售后规则"),
    # the logo h1 links to the home page and the <title> is only the blog's name: the post's heading
    ('<title>小王的博客</title><body><h1><a href="index.html">小王的博客</a></h1><div class="nav"><a href="/">首页</a></div>'
     '<h2 class="diaryTitle">谁来为无序拆房“埋单”？- -</h2><p>为拆一幢房，断送了三条人命，这场惨剧发生得实在太突然。</p></body>',
     "谁来为无序拆房“埋单”？"),
    # an old table layout: the headline is a bold line, the <title> a greeting
    ("<title>谢谢您访问本站</title><body><table><tr><td><b><font>茉莉：我是怎样卷入八九民运的</font></b></td></tr>"
     "<tr><td>作者：茉莉 发布日期：7/5/2005</td></tr><tr><td><p>一九八九年四月，我在湖南张家界开一个全省教学研究会议。</p>"
     "<p>按照惯例，会议安排了一天时间，让与会者去风景点游玩观赏。</p></td></tr></table></body>", "茉莉：我是怎样卷入八九民运的"),
    # a forum's subject line, its 主题： label dropped; the <title> is the forum's name
    ("<title>CCTV.com- 央视论坛 :: null</title><body><table><tr><td class='large'><b>主题：</b>你知道导游为什么那么热衷于购物吗？"
     "</td></tr><tr><td>作者：芊草 时间：2005-08-22 19:13:18</td></tr></table><p>导游的收入很大一部分来自购物的回扣，这是业内的行规。</p></body>",
     "你知道导游为什么那么热衷于购物吗？"),
    # no <title>: a heading that links to the page itself
    ('<body><div class="rightmenu"><a href="/a.aspx">13岁女孩辍学后生下女婴(附图)</a></div>'
     "<div class='box'>本报讯，13岁，正是花季的年龄，可13岁的李某却成了妈妈。医生说，母女平安。</div></body>", "13岁女孩辍学后生下女婴(附图)"),
    # the <title>'s page marker and site parts go; a web address is never the headline
    ("<title>社会资本与下岗职工的再就业(页 1) - 学术前沿 - 社会学论坛 - powered by Discuz! Archiver</title>"
     "<body><p>论坛 » 学术前沿 » 社会资本与下岗职工的再就业</p><p>近年来，下岗职工这一社会群体越来越引人注目，他们的生活保障和再就业问题成为焦点。</p>"
     "<div id='footer'>powered by Discuz! Archiver</div></body>", "社会资本与下岗职工的再就业"),
    # read-aloud buttons and a chapter's word count glued to the heading are not part of it
    ('<title>平台调整春节发货规则_新闻</title><body><h1>平台调整春节发货规则 播报文章</h1>'
     '<div class="content"><p>平台今日发布公告，春节期间付款的订单发货时效统一延长，请商家提前做好备货安排。</p></div></body>',
     "平台调整春节发货规则"),
    ('<title>平台调整春节发货规则</title><body><h1>平台调整春节发货规则<span>语音播报</span><span>释放双眼，听听看</span></h1>'
     '<div class="content"><p>平台今日发布公告，春节期间付款的订单发货时效统一延长，请商家提前做好备货安排。</p></div></body>',
     "平台调整春节发货规则"),
    ('<title>第十二章 归途_某小说网</title><body><h1>第十二章 归途 本章字数：3125</h1>'
     '<div class="content"><p>他走在回家的路上，雪下得很大，街上已经没有什么人了，只有路灯还亮着。</p></div></body>',
     "第十二章 归途"),
    # a headline cut short (…) and a 标题： row that gives it whole
    ('<title>周末清仓：全场家居小件五折起，满两百再减三十...</title><body><h1>周末清仓：全场家居小件五折起，满两百再减三十...</h1>'
     '<table class="infobox"><tr><td><strong>标题：</strong>周末清仓：全场家居小件五折起，满两百再减三十，包邮到家</td></tr></table>'
     '<div class="content"><p>本店周末清仓，全场家居小件五折起，满两百元再减三十元，全国包邮，数量有限，售完即止。</p></div></body>',
     "周末清仓：全场家居小件五折起，满两百再减三十，包邮到家"),
    # a site / section line in bold is no headline; the plain line just above the body is
    ('<head><title>某某新闻网</title><meta property="og:title" content="-某某新闻网"></head><body><table>'
     '<tr><td><b>某某新闻网 / 港闻</b></td></tr><tr><td>寒冷天气警告生效 政府开放临时避寒中心</td></tr>'
     '<tr><td>本港今日天气寒冷，天文台发出寒冷天气警告，提醒市民注意保暖，并留意长者及患病者的健康。</td></tr></table></body>',
     "寒冷天气警告生效 政府开放临时避寒中心"),
    # a template that prints the time on the headline's line
    ('<title>市场料零售销售续升_新闻</title><body><div class="title">市场料零售销售续升 2014-12-08 06:49</div>'
     '<div class="content"><p>市场普遍预期，上月零售销售将继续上升，消费者信心指数亦有望维持在高位。</p></div></body>',
     "市场料零售销售续升"),
])
def test_headline_choice(html, title):
    from scraper.pages.article import parse_article

    assert parse_article(html, "https://x.cn/a.html").title == title


def test_site_name_h1_is_not_the_headline():
    from scraper.pages.article import parse_article

    html = ('<title>1688调整发货时效通知 - 电商派</title><body><h1>电商派</h1>'
            '<div class="post"><h2 class="post-title">1688调整发货时效通知</h2><p>正文内容。</p></div></body>')
    assert parse_article(html, "https://x.cn/a.html").title == "1688调整发货时效通知"
