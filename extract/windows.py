"""Time windows: the periods of orders or time a rule covers.

Rules:
- ``range``        two moments joined by 到/至/-/~/—, optionally 起…止 or (含): 7月25日0点到7月28日24点,
                   2023年7月25日至28日; a date-only start is 00:00:00, a date-only end 23:59:59; an end
                   that is a clock alone takes the start's day (7月25日0点至24点).
- ``from today``    即日起至2024年3月31日 -> [publication day 00:00:00, 2024-03-31T23:59:59].
- ``open start``   a moment followed by 后/之后/以后/起 in a clause about orders (付款/支付/下单/订单/发货):
                   支付时间在2022年12月28日00:00:00后的订单 -> [start, None]; 自…起至另行通知 -> [start, None].
- ``open end``     a moment followed by 前/之前/以前 in a clause about orders -> [None, end], the end being
                   the moment itself (date-only: 23:59:59 of the day before, since 前 excludes the day).
- ``suspended from`` a date then 起/开始 and a stop of service in the clause (2月7日起停止收发,
                   1月16日开始已停止收寄) -> [date, None]; 即日起暂停收发 -> [publication day, None].
- ``month range``  2016年7月至10月, 2019年2－8月份, 2001.03-2004.06 -> first day to last day.
A range's start and end may carry weekday or lunar glosses (5月1日（周五）至5月3日（周日）, 腊月二十八
（2月7日）至正月初八（2月17日）); 至次日8点 ends on the next day.
Daily clock ranges (9点至18点) carry no date and are not windows; nor are consultation periods
(公示期为7月20日至7月27日, 征求意见时间…), which cover no orders. A start after its end is dropped,
except a year-less end that belongs to the next year (12月28日至1月3日).
The examples in ``extract/corpus/windows.py`` are the specification.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from .dateparts import CONNECTOR, MONTH, MONTH_2, YEAR, group
from .dates import END_OF_DAY, GLOSS, Moment
from .settings import (
    CONSULTATION_AFTER_REACH,
    CONSULTATION_BEFORE_REACH,
    END_UNDECIDED_REACH,
    FROM_TODAY_REACH,
    OPEN_BOUND_REACH,
    ORDER_BASIS_REACH,
    ORDERS_REACH,
    START_LABEL_REACH,
    SUSPENSION_REACH,
)
from .spans import Boundaries

#: each optional word takes the spaces after it: three \s* in a row would try every way of sharing a
#: long run of spaces between them (cubic in its length)
#: a lunar day named before a date in brackets: 腊月二十八（2月7日）至正月初八（2月17日）
LUNAR_DAY = (r"(?:农历)?(?:(?:正|腊|冬|十一|十二|一|二|三|四|五|六|七|八|九|十|\d{1,2})月(?:初|十|廿|二十|三十)?"
             r"[一二三四五六七八九十\d]{0,2}|除夕|小年|大年三十|大年初[一二三四五六七八九十])")
RANGE_GAP = re.compile(r"\s*(?:[日号]\s*)?(?:[)）]\s*)?(?:[（(][^（）()\n]{1,12}[)）]\s*)?"
                       r"(?:[(（]含[)）]\s*)?(?:(?:起|开始)\s*)?"
                       rf"(?:-{{1,3}}|—{{1,2}}|{CONNECTOR})\s*(?P<next_day>次日\s*)?(?:{LUNAR_DAY}\s*)?(?:[（(]\s*)?$")
UNTIL_FURTHER_NOTICE = re.compile(r"^\s*(?:[(（]含[)）])?\s*(?:起|开始)?\s*(?:至|到)\s*"
                                  r"(?:另行通知|[^，,。；;\n\d]{0,10}?(?:结束|解除|恢复|期间(?![^，,。；;\n]{0,4}\d)))")
OPEN_START = re.compile(r"^\s*(?:[(（]含[)）])?\s*(?:之后|以后|后|起|开始|始(?!终))")
#: orders from a moment until now (2021年1月25日00:00:00至今期间的订单): open at the end
UNTIL_NOW = re.compile(r"^\s*(?:[(（]含[)）])?\s*(?:起|开始)?\s*(?:至|到|-)\s*(?:今|现在|目前)")
#: a start and an end still to be set (开始日期2022年9月3日，截止日期待定): open at the end
START_DATE_BEFORE = re.compile(r"(?:开始|起始)(?:日期|时间)\s*(?:为|是)?\s*[:：]?\s*$")
LABELLED_END = re.compile(r"^\s*[^。；;\n\d]{0,6}?(?:截止|结束|终止)(?:日期|时间)\s*(?:为|是)?\s*[:：]?\s*$")
END_UNDECIDED_AFTER = re.compile(r"^\s*[^。；;\n]{0,6}?(?:截止|结束|终止)(?:日期|时间)\s*(?:为|是)?\s*[:：]?\s*"
                                 r"(?:待定|另行通知|未定)")
OPEN_END = re.compile(r"^\s*(?:[(（]含[)）])?\s*(?:及|或)?(?:之前|以前|前)")
FROM_TODAY_UNTIL = re.compile(r"(?:自|从)?(?:即日|即时|今日|今天|(?P<tomorrow>明日|明天)|"
                              r"本公告发布之日|公告发布之日|发布之日)起?"
                              r"\s*(?:至|到|~|-)\s*$")
NOT_COVERAGE = re.compile(r"(?:公示|征求意见|意见反馈|反馈意见|公示期|意见征集)[^。；，]{0,6}$")
CONSULTATION_AFTER = re.compile(r"^[^。；，]{0,4}(?:公开)?(?:征求意见|公示|意见征集)|"
                                r"^[^。；]{0,12}?(?:新增|累计)[^。；]{0,10}?(?:病例|确诊|感染者)")  # a count's period
#: what a window bounds: orders, payments, tickets bought
TICKETS = r"车票|机票|船票|门票|客票|火车票"
ORDER_CLAUSE = re.compile(rf"订单|付款|支付|下单|拍下|成交|应发|发货|揽收|签收|购买|购票|{TICKETS}")
#: service stopped from a date on: 2月7日起停止收发, 1月16日开始已停止收寄, 即日起暂停揽件
SUSPENSION = r"(?:暂停|停止|停发|停运|停收|不发货|只接单不发货|放假|休假|歇业|不揽收|不收件|不派送|置休|停工|停业)"
#: what may stand between a date and its 起: a gloss in brackets, a part of the day (7月25日下午开始)
FROM_WORD = rf"^{GLOSS}\s*(?:上午|下午|中午|晚上|凌晨|早上)?(?:起|开始)"
SUSPENDED_FROM = re.compile(rf"{FROM_WORD}[^。；;，,\n]{{0,24}}?{SUSPENSION}|"
                            rf"^\s*(?:以后|之后|后)\s*{SUSPENSION}|"  # 2月12日后暂停发货
                            rf"{FROM_WORD}\s*[:：，,]\s*[^。；;，,\n]{{0,16}}?{SUSPENSION}")
FROM_TODAY_SUSPENDED = re.compile(r"(?=[自从即今])(?:自|从)?(?:即日|今日|今天)(?:起|开始)"
                                  rf"[^。；;，,\n]{{0,24}}?{SUSPENSION}")
#: month-level ranges: 2016年7月至10月, 2019年2-8月份, 2001.03-2004.06; year-level ranges: 2008年——2018年,
#: 2020至2025年 (not a month or a day after the second year). One pattern that starts with the year, so
#: the text is scanned once and a position that holds no year is left at once.
#: (the em dash may be doubled: 2008年——2018年)
RANGE_CONNECTOR = rf"(?:—{{1,2}}|{CONNECTOR})"
MONTH_RANGE = re.compile(
    rf"(?<![\d.]){group('y1', YEAR)}(?:"
    rf"\s*年\s*{group('m1', MONTH)}\s*(?:月份?)?\s*{RANGE_CONNECTOR}\s*"
    rf"(?:{group('y2', YEAR)}\s*年\s*)?{group('m2', MONTH)}\s*月份?(?!\s*\d{{1,2}}\s*[日号])|"
    rf"\.{group('m3', MONTH_2)}\s*{RANGE_CONNECTOR}\s*{group('y4', YEAR)}\.{group('m4', MONTH_2)}(?![\d.])|"
    rf"\s*年?\s*{RANGE_CONNECTOR}\s*{group('y6', YEAR)}\s*年(?!\s*\d{{1,2}}\s*月|度))")


@dataclass(frozen=True)
class Window:
    """A period; None for an open bound. start/end are in the normalised text."""

    start: int
    end: int
    begins: datetime | None
    ends: datetime | None


FORECAST = re.compile(r"预报|预计|预测|预警|将迎来|将出现|气象台|气象部门")
#: …and the weather it forecasts (a courier's 预计延后 is no weather forecast)
WEATHER = re.compile(r"雨|雪|风|雾|霾|寒潮|降温|气温|高温|雷|冰雹|气象")
COVERAGE = re.compile(r"订单|付款|支付|下单|适用|考核|赔付|扣分")


def _forecast(sentences: Boundaries, start: int, end: int) -> bool:
    """A weather forecast's dates (预计7月30日至31日…降雨) are no period a rule covers."""
    return (sentences.has(FORECAST, start, end) and sentences.has(WEATHER, start, end)
            and not sentences.has(COVERAGE, start, end))


def _range_end(first: Moment, second: Moment, next_day: bool = False) -> datetime | None:
    if second.day is None:  # 7月25日0点至24点, 7月25日18点至次日8点
        if first.day is None or second.clock is None:
            return None
        return datetime.combine(first.day + timedelta(days=1 if next_day else 0), second.clock)
    return second.as_end()


def _next_year(first: Moment, moment: Moment) -> datetime | None:
    """12月30日至1月2日: a year-less end in an earlier month belongs to the next year."""
    end = moment.as_end()
    if end is None or moment.explicit_year or first.day is None or end.month >= first.day.month:
        return None
    try:
        return end.replace(year=end.year + 1)
    except ValueError:
        return None


def _month_ranges(text: str) -> list[Window]:
    """2016年7月至10月 -> [2016-07-01T00:00:00, 2016-10-31T23:59:59]: from a month's first day to
    another's last; 2008年至2018年 likewise from a year's first day to another's last."""
    found = []
    for m in MONTH_RANGE.finditer(text):
        first_year = int(m.group("y1"))
        if m.group("y6"):  # from 1 January of one year to 31 December of the other
            last_year = int(m.group("y6"))
            if last_year > first_year:
                found.append(Window(m.start(), m.end(), datetime(first_year, 1, 1),
                                    datetime(last_year, 12, 31, 23, 59, 59)))
            continue
        m1 = int(m.group("m1") or m.group("m3"))
        y2 = int(m.group("y2") or m.group("y4") or first_year)
        m2 = int(m.group("m2") or m.group("m4"))
        begins = datetime(first_year, m1, 1)
        ends = datetime(y2 + (1 if m2 == 12 else 0), 1 if m2 == 12 else m2 + 1, 1) - timedelta(seconds=1)
        if ends > begins:
            found.append(Window(m.start(), m.end(), begins, ends))
    return found


def find_windows(text: str, moments: list[Moment], published: datetime | None = None) -> list[Window]:
    """Windows among the moments of text (normalised), in order."""
    windows: list[Window] = _month_ranges(text)
    used: set[int] = set()
    sentences = Boundaries(text)
    if published is not None:  # 即日起暂停收发(，恢复时间另行通知): from the publication day on
        publication_day = datetime.combine(published.date(), datetime.min.time())
        windows += [Window(m.start(), m.end(), publication_day, None) for m in FROM_TODAY_SUSPENDED.finditer(text)]
    for i, first in enumerate(moments):
        if i in used or first.day is None:
            continue
        today = FROM_TODAY_UNTIL.search(text[max(0, first.start - FROM_TODAY_REACH):first.start])
        if today and published is not None:  # 即日起至2024年3月31日
            from_today = _from_today_until(text, first, today, published)
            if from_today is not None:
                windows.append(from_today)
                continue
        second = moments[i + 1] if i + 1 < len(moments) else None
        gap = (RANGE_GAP.match(text[first.end:second.start]) or _labelled_end(text, first, second)
               if second is not None else None)
        if gap and second is not None:  # (there is a gap only before a second moment)
            if (NOT_COVERAGE.search(text[max(0, first.start - CONSULTATION_BEFORE_REACH):first.start])
                    or CONSULTATION_AFTER.match(text[second.end:second.end + CONSULTATION_AFTER_REACH])
                    or _forecast(sentences, first.start, second.end)):
                used.update((i, i + 1))  # 公示期为X至Y: a consultation period covers no orders
                continue
            begins, ends = first.as_start(), _range_end(first, second, bool(gap.groupdict().get("next_day")))
            if ends is not None and begins is not None and ends < begins:
                ends = _next_year(first, second)
            if begins is not None and ends is not None:
                windows.append(Window(first.start, second.end, begins, ends))
                used.update((i, i + 1))
            continue
        after = text[first.end:first.end + OPEN_BOUND_REACH]
        suspended = SUSPENDED_FROM.match(text[first.end:first.end + SUSPENSION_REACH])
        open_end = _open_end_words(text, first, sentences)
        if open_end is not None:  # 自X起至另行通知, X至今的订单, 开始日期X，截止日期待定
            windows.append(Window(first.start, open_end, first.as_start(), None))
        elif suspended:  # 2月7日起停止收发: stopped from then on, until a later notice
            until_day = _lasting_until(text, first.end + suspended.end(), second)
            if second is not None and until_day is not None:  # 12日起停止揽收，持续到23日: the stop's end is given
                windows.append(Window(first.start, second.end, first.as_start(), until_day))
                used.update((i, i + 1))
            else:
                windows.append(Window(first.start, first.end + suspended.end(), first.as_start(), None))
        elif ((opening := OPEN_START.match(after)) and sentences.has(ORDER_CLAUSE, first.start, first.end)
              and _is_order_start(text, first)):
            windows.append(Window(first.start, first.end + opening.end(), first.as_start(), None))
        elif ((bound := OPEN_END.match(after)) and sentences.has(ORDER_CLAUSE, first.start, first.end)
              and _is_order_start(text, first)):
            inclusive = "含" in bound.group()  # 8月31日(含)前: up to the end of that day
            windows.append(Window(first.start, first.end + bound.end(), None,
                                  first.as_end() if inclusive else _open_end(first)))
    windows.sort(key=lambda w: w.start)
    return windows


def _from_today_until(text: str, first: Moment, today: re.Match[str], published: datetime) -> Window | None:
    """即日起至2024年3月31日: from the publication day (the day after for 自明天起至8月20日) to the end
    of first, which today (the words before it) says the window runs until; None when that end
    comes before the start."""
    begins = datetime.combine(published.date(), datetime.min.time())
    begins += timedelta(days=1 if today.group("tomorrow") else 0)
    ends = first.as_end()
    if ends is not None and ends < begins and not first.explicit_year:  # 即日起至1月5日, said in December
        ends = ends.replace(year=ends.year + 1) if not (ends.month == 2 and ends.day == 29) else None
    if ends is None or ends < begins:
        return None
    start = first.start - (len(text[max(0, first.start - FROM_TODAY_REACH):first.start]) - today.start())
    return Window(start, first.end, begins, ends)


#: after a stop from a date (12日起停止揽收), the clause that gives its end: ，持续到23日 / 至23日
LASTING_UNTIL = re.compile(r"^[^。；;\n]{0,12}?[，,]?\s*(?:预计)?(?:持续|延续|一直|将持续)?\s*(?:到|至)\s*$")


def _labelled_end(text: str, first: Moment, second: Moment) -> re.Match[str] | None:
    """开始日期2022年4月20日，截止日期2022年4月29日: a start and an end each given with its label."""
    if not START_DATE_BEFORE.search(text[max(0, first.start - START_LABEL_REACH):first.start]):
        return None
    return LABELLED_END.match(text[first.end:second.start])


def _open_end_words(text: str, first: Moment, sentences: Boundaries) -> int | None:
    """Where the words that leave a window open after ``first`` end, if they follow it."""
    after = text[first.end:first.end + OPEN_BOUND_REACH]
    until = UNTIL_FURTHER_NOTICE.match(after)
    if until:
        return first.end + until.end()
    until_now = UNTIL_NOW.match(after)
    if until_now and sentences.has(ORDER_CLAUSE, first.start, first.end):
        return first.end + until_now.end()
    if START_DATE_BEFORE.search(text[max(0, first.start - START_LABEL_REACH):first.start]):
        undecided = END_UNDECIDED_AFTER.match(text[first.end:first.end + END_UNDECIDED_REACH])
        if undecided:
            return first.end + undecided.end()
    return None


def _lasting_until(text: str, after_stop: int, second: Moment | None) -> datetime | None:
    """The end of a stop whose start was given with 起 (…停止揽收，持续到23日), if the next moment is it."""
    if second is None or second.day is None or not LASTING_UNTIL.match(text[after_stop:second.start]):
        return None
    return second.as_end()


BASIS_BEFORE = re.compile(r"(?:付款|支付|下单|拍下|成交|应发|发货|购票|购买)(?:时间)?(?:是在|为|在|于|是)?\s*$")
ORDERS_AFTER = re.compile(r"^\s*(?:[(（]含[)）])?\s*(?:之后|以后|后|之前|以前|前|起|开始|始)\s*(?:[(（]含[)）])?\s*"
                          r"(?:的|产生的|生成的|创建的)?\s*(?:买家|旅客)?(?:(?:付款|支付|下单|拍下|成交|购买|购票|已购买?)(?:的)?"
                          rf"[^。；;，,\n]{{0,30}}?|[\u4e00-\u9fff]{{0,4}}?)(?:订单|交易|{TICKETS})|"
                          # 8月31日(含)前购买、行程涉及…的客票: bought before a moment, whatever was bought
                          r"^\s*(?:[(（]含[)）])?\s*(?:之前|以前|前)\s*(?:购买|购票|已购)")


def _is_order_start(text: str, moment: Moment) -> bool:
    """An open bound is a window only when it bounds orders (付款时间在X后 / X后的订单), not a rule."""
    before = text[max(0, moment.start - ORDER_BASIS_REACH):moment.start]
    return bool(BASIS_BEFORE.search(before) or ORDERS_AFTER.match(text[moment.end:moment.end + ORDERS_REACH]))


def _open_end(moment: Moment) -> datetime | None:
    """X前 is before the moment X: up to X itself when X has a clock; a date alone ends with the day
    before (5月1日前 -> 04-30T23:59:59, the guidelines' form of a date-only end)."""
    if moment.day is None:
        return None
    if moment.clock is not None:
        return datetime.combine(moment.day, moment.clock)
    return datetime.combine(moment.day - timedelta(days=1), END_OF_DAY)

