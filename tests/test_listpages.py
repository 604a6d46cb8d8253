"""Every list-page fixture through `policyfeed parse-list`, compared exactly with the JSON beside it."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
# listpages_blind*/ and listpages_forums/ were written by someone who never saw the parser, then added here
# once measured (listpages_forums/ first pass: item F1 0.75, 2 of 5 pages exact)
FOLDERS = ("listpages", "listpages_blind", "listpages_blind2", "listpages_blind3", "listpages_forums")
CASES = sorted((p.parent, p.stem) for folder in FOLDERS for p in (FIXTURES / folder).glob("*.html"))


@pytest.mark.parametrize("folder, name", CASES, ids=[f"{f.name}/{n}" for f, n in CASES])
def test_parse_list_fixture(folder, name):
    meta = json.loads((folder / f"{name}.meta.json").read_text("utf-8"))
    expected = json.loads((folder / f"{name}.json").read_text("utf-8"))
    args = ["parse-list", str(folder / f"{name}.html"), "--url", meta["url"]]
    if meta.get("now"):
        args += ["--now", meta["now"]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == expected


def _feed(item: str, count: int = 4) -> str:
    items = "".join(item.format(n=n) for n in range(1, count + 1))
    return f'<html><body><div class="nav"><a href="/">首页</a></div><div class="list">{items}</div></body></html>'


@pytest.mark.parametrize("item, published, summary", [
    # the item's own date element, not the date its summary quotes (the summary is kept whole)
    ('<div class="item"><h3><a href="/n/{n}.html">规则调整公告第{n}号</a></h3><span class="date">2024-09-25 17:06:20</span>'
     '<p class="summary">本次调整自2024年9月9日起生效。</p></div>',
     "2024-09-25T17:06:20", "本次调整自2024年9月9日起生效。"),
    # the date element after the summary, and a summary quoting a window
    ('<div class="item"><h3><a href="/n/{n}.html">台风影响地区发货说明{n}</a></h3>'
     '<p class="summary">付款时间在2021年7月25日00:00:00至7月28日23:59:59之间的订单不计入考核。</p>'
     '<span class="date">2021-07-24</span></div>',
     "2021-07-24", "付款时间在2021年7月25日00:00:00至7月28日23:59:59之间的订单不计入考核。"),
    # a labelled date element beside a summary with a year-less event date
    ('<li><a href="/n/{n}.html">国庆假期物流安排通知{n}</a><p>10月1日至10月7日暂停揽收，8日起恢复。</p>'
     '<span>发布时间：2024-09-20</span></li>',
     "2024-09-20", "10月1日至10月7日暂停揽收，8日起恢复。"),
])
def test_an_items_own_date_element_wins_over_dates_in_its_summary(item, published, summary):
    from scraper.pages.listpage import parse_list

    page = parse_list(_feed(item), "https://news.example.cn/list.html", datetime(2024, 10, 1))
    assert len(page.items) == 4
    assert {i.published for i in page.items} == {published}
    assert {i.summary for i in page.items} == {summary}
