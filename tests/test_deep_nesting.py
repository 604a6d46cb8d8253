"""Page parsing stays linear however deep the nesting (issue: 8,000 nested <div>s took 52 s and
100,000 never finished, in lexbor's own tree construction). Tried: 100,000 levels of several shapes,
with a generous bound (it would otherwise never end) and a growth ratio that needs no fast machine."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from scraper.pages.article import parse_article
from scraper.pages.dom import bounded_nesting
from scraper.pages.encoding import decode
from scraper.pages.listpage import parse_list

BODY = ("<p>平台将于2024年4月1日起调整发货时效，商家需在48小时内发货，请及时关注。</p>"
        "<p>受天气影响地区的订单，付款时间在3月20日至3月22日之间的，不计入考核，平台将不进行扣分和理赔处理。</p>"
        "<p>平台表示，后续将根据物流恢复情况及时调整相关安排，请商家关注公告并提前做好备货准备。</p>")
SHAPES = {
    "div": lambda n: "<div>" * n + BODY + "</div>" * n,
    "span with text": lambda n: "<span>字" * n + BODY + "</span>" * n,
    "unclosed b": lambda n: "<b>" * n + BODY,
    "tables": lambda n: "<table><tr><td>" * n + BODY + "</td></tr></table>" * n,
    "section and article": lambda n: "<section><article>" * (n // 2) + BODY + "</article></section>" * (n // 2),
}


def _page(inner: str) -> str:
    return f"<html><head><title>深层嵌套_测试</title></head><body>{inner}</body></html>"


def _seconds(html: str) -> float:
    start = time.perf_counter()
    article = parse_article(html, "https://x.cn/a.html")
    parse_list(html, "https://x.cn/list.html")
    assert "不计入考核" in article.text
    return time.perf_counter() - start


@pytest.mark.parametrize("shape", SHAPES)
def test_deep_nesting_parses_in_linear_time(shape):
    small = _seconds(_page(SHAPES[shape](25_000)))
    large = _seconds(_page(SHAPES[shape](100_000)))
    assert large < 20, f"{shape}: 100,000 levels took {large:.1f} s"
    assert large < 8 * max(small, 0.02), f"{shape}: 4x the depth took {large / max(small, 0.02):.1f}x the time"


REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages" / "pages"
FIXTURE_PAGES = sorted(Path(__file__).parent.glob("fixtures/*/*.html"))
# the real pages beside the repository when they are there (a clone alone has the fixtures only)
PAGES = FIXTURE_PAGES + sorted(REALPAGES.glob("**/*.html"))


def test_real_pages_come_back_unchanged():
    """The cap is far above what pages reach (about 200 levels, counting unclosed <font>s)."""
    assert len(FIXTURE_PAGES) > 50 and (len(PAGES) > len(FIXTURE_PAGES) or not REALPAGES.exists())
    changed = [p.name for p in PAGES if bounded_nesting(html := decode(p.read_bytes())[0]) != html]
    assert changed == []
