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
])
def test_headline_choice(html, title):
    from scraper.pages.article import parse_article

    assert parse_article(html, "https://x.cn/a.html").title == title


def test_site_name_h1_is_not_the_headline():
    from scraper.pages.article import parse_article

    html = ('<title>1688调整发货时效通知 - 电商派</title><body><h1>电商派</h1>'
            '<div class="post"><h2 class="post-title">1688调整发货时效通知</h2><p>正文内容。</p></div></body>')
    assert parse_article(html, "https://x.cn/a.html").title == "1688调整发货时效通知"
