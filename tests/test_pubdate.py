"""Publication times as list pages print them, against a fixed fetch time (the specification of
scraper/pages/pubdate.py), and the dateparser traps that made us read absolute forms ourselves."""
from __future__ import annotations

from datetime import datetime

import dateparser
import pytest

from scraper.pages.pubdate import parse_attribute, parse_published

NOW = datetime(2024, 3, 5, 10, 0, 0)

CASES = [
    ("2022-09-07 17:08:39", "2022-09-07T17:08:39"),
    ("2022-09-07 17:08", "2022-09-07T17:08:00"),
    ("2022年9月7日", "2022-09-07"),
    ("2022年09月07日 08:15", "2022-09-07T08:15:00"),
    ("2022/09/07", "2022-09-07"),
    ("2022.09.07", "2022-09-07"),
    ("发布时间：2022-09-07", "2022-09-07"),
    ("(2021-07-26)", "2021-07-26"),
    ("09-07 17:08", "2023-09-07T17:08:00"),  # year-less: not after the fetch time -> last year
    ("03-04 08:00", "2024-03-04T08:00:00"),
    ("3月1日", "2024-03-01"),
    ("刚刚", "2024-03-05T10:00:00"),
    ("5分钟前", "2024-03-05T09:55:00"),
    ("3小时前", "2024-03-05T07:00:00"),
    ("昨天 14:20", "2024-03-04T14:20:00"),
    ("昨天", "2024-03-04"),  # day-only: a date, not a midnight timestamp
    ("前天", "2024-03-03"),
    ("3天前", "2024-03-02"),
    ("2023年08月04日 周五 16:25", "2023-08-04T16:25:00"),  # a weekday between date and time
    ("2023-08-04（星期五）", "2023-08-04"),
    ("Aug 4, 2023", "2023-08-04"),
    ("TikTok ShopJuly 25, 2023", "2023-07-25"),  # inline tags joined the platform and the date
    ("4 August 2023", "2023-08-04"),
    ("阅读 1688", None),
    ("", None),
    ("2022年13月40日", None),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_parse_published(text, expected):
    assert parse_published(text, NOW) == expected


@pytest.mark.parametrize("value, expected", [
    ("2022-09-07T17:08:39+08:00", "2022-09-07T17:08:39"),
    ("2022-09-07T09:08:39Z", "2022-09-07T17:08:39"),  # UTC shown in China time
    ("2022-09-07", "2022-09-07"),
    ("1662541719", "2022-09-07T17:08:39"),  # unix seconds, China time
    ("1662541719000", "2022-09-07T17:08:39"),  # milliseconds
    ("not a date", None),
])
def test_parse_attribute(value, expected):
    assert parse_attribute(value) == expected


def test_dateparser_traps_that_rule_it_out_for_absolute_forms():
    """Measured: why scraper/pages/pubdate.py and extract/dates.py read absolute dates with regexes."""
    settings = {"RELATIVE_BASE": NOW}
    assert dateparser.parse("7月25日", languages=["zh"], settings=settings) is None
    parsed = dateparser.parse("09-07 17:08", languages=["zh"], settings=settings)
    assert parsed is None or parsed.year != 2023 or parsed.month != 9


def test_a_lone_clock_takes_the_day_it_is_given():
    from scraper.pages.pubdate import with_day

    assert with_day("16:25", "2023-08-04") == "2023-08-04T16:25:00"
    assert with_day("no clock", "2023-08-04") is None
