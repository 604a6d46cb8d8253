"""Dates and times in announcement prose, resolved against the publication time.

Rules, each named and built from the small patterns below (Duckling's way):
- ``full date``       2023年7月28日 / 2023年07月28号
- ``numeric date``    2023-07-28, 2023/7/28, 2023.7.28
- ``month and day``   7月28日 (the year that puts the date closest to publication)
- ``day after a range connector``  7月25日至28日 (month and year of the date before)
- ``day with 号``      28号 (month and year from the date before, else closest to publication)
- ``day then effect``  15日起正式实施 (a day alone with 日 only before 起/生效/实施…; 自发布之日起7日生效
                      is an offset, not the 7th)
- ``month and day before a connector``  2月4至3月12日, 1月8-15日 (日 left out before 至/-)
- ``month and day after a connector``   2月4日至3月12 (日 left out at a range's end)
- ``dotted month and day``  1.20-2.5, 12.29-1.3, 2.6号, 1.4号: only with 号/日, in a range with another,
                      or before a schedule word (放假, 发货, 起, 前, 后…): 1.5小时 and 4.6分 are numbers
- ``clock``           00:00:00, 0点, 0时, 10:00时, 20点, 晚8点, 中午12点, 下午3点, 上午10点半;
                      24时/24:00/24点 means 23:59:59 of that day. A clock right after a date belongs to
                      it; a clock alone (9点至18点) is kept with no day, for the window rules to use or ignore.
A year-less date at a range's end takes the year of the range's start (2016年3月5日至3月9日 is 2016
whenever it is read), rolling into the next year when it comes earlier (12月30日至1月2日).
dateparser is not used here: with Chinese it reads year-less 7月25日 as None, 09-07 as 2009-07 and
does not know 号 (measured: tests/test_pubdate.py, test_dateparser_traps_that_rule_it_out_for_absolute_forms).
The examples in ``extract/corpus/dates.py`` are the specification (tests/test_corpus.py runs them); the
pieces the patterns are built from (year, month, day, range connector) are named in ``extract/dateparts.py``,
shared with the page parsers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from . import dateparts
from .settings import ADJACENT_DATE_GAP, DOTTED_CONTEXT_REACH, RANGE_START_REACH

YEAR = dateparts.YEAR
MONTH = rf"(?:{dateparts.MONTH})"
DAY = rf"(?:{dateparts.DAY})"
SP = r"\s*"
DAY_MARK = r"[日号]"
CONNECTOR_CHAR = dateparts.CONNECTOR
#: a weekday or lunar gloss in brackets after a date: 5月1日（周五）, 2月3日（腊月29）
GLOSS = r"(?:\s*[（(][^（）()\n]{1,12}[)）])?"

FULL_DATE = rf"(?P<fy>{YEAR}){SP}年{SP}(?P<fm>{MONTH}){SP}月{SP}(?P<fd>{DAY}){SP}{DAY_MARK}?"
#: a date in the Republic of China's calendar, as Taiwanese notices write it: 107年8月16日 is 2018-08-16
ROC_DATE = rf"(?<![\d年])(?P<ry>1[01]\d){SP}年{SP}(?P<rm>{MONTH}){SP}月{SP}(?P<rd>{DAY}){SP}{DAY_MARK}"
ROC_OFFSET = 1911
NUMERIC_DATE = rf"(?P<ny>{YEAR})(?P<sep>[-/.])(?P<nm>{MONTH})(?P=sep)(?P<nd>{DAY})(?!\d|\.\d|[-/]\d{{1,3}}(?!\d))"
MONTH_DAY = rf"(?<![\d年.])(?P<mm>{MONTH}){SP}月{SP}(?P<md>{DAY}){SP}{DAY_MARK}"
MONTH_DAY_BEFORE_CONNECTOR = (rf"(?<![\d年.])(?P<bm>{MONTH}){SP}月{SP}(?P<bd>{DAY})(?={GLOSS}{SP}{CONNECTOR_CHAR})"
                              rf"(?![\d{DAY_MARK[1:-1]}])")
MONTH_DAY_AFTER_CONNECTOR = rf"(?<={CONNECTOR_CHAR})(?P<am>{MONTH}){SP}月{SP}(?P<ad>{DAY})(?![\d日号月])"
#: 1.20, and 6/1 as Taiwanese notices write it (not the tail of 2021/6/1, nor a fraction: see DOTTED_CONTEXT)
DOTTED = rf"(?<![\d./])(?P<dm>{MONTH})[./](?P<dd>{DAY})(?![\d./])(?:{SP}(?P<dmark>{DAY_MARK}))?"
DAY_AFTER_CONNECTOR = rf"(?<={CONNECTOR_CHAR})(?P<cd>{DAY}){SP}{DAY_MARK}"
#: …13日0时起, 今天（6日）零时起: a clock may stand between the day and 起
DAY_THEN_EFFECT = (rf"(?<![\d第起后])(?<!\d月)(?P<ed>{DAY}){SP}日"
                   rf"(?={SP}[)）]?{SP}(?:\d{{1,2}}{SP}[时点]{SP})?(?:起|正式|生效|实施|施行|上线|开始))")
DAY_WITH_HAO = rf"(?<![\d第])(?<!\d月)(?P<hd>{DAY}){SP}号(?![码楼线店文])"

PERIOD = r"(?P<period>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜间|夜里|晚)"
COLON_CLOCK = r"(?P<ch>2[0-4]|[01]?\d):(?P<cm>[0-5]\d)(?::(?P<cs>[0-5]\d))?(?:时(?![间候期段效长]))?"
WORD_CLOCK = (rf"(?:{PERIOD}{SP})?(?P<wh>2[0-4]|[01]?\d){SP}[点时]"
              rf"(?!间|候|期|段|效|长|前往)(?:{SP}(?:(?P<wm>[0-5]?\d){SP}分(?:{SP}(?P<ws>[0-5]?\d){SP}秒)?|(?P<half>半)))?")
CLOCK = rf"(?<![\d:])(?:{COLON_CLOCK}|{WORD_CLOCK})(?![\d:])"

DATE = (rf"(?:{FULL_DATE}|{ROC_DATE}|{NUMERIC_DATE}|{MONTH_DAY}|"
        rf"{MONTH_DAY_BEFORE_CONNECTOR}|{MONTH_DAY_AFTER_CONNECTOR}|"
        rf"{DOTTED}|{DAY_AFTER_CONNECTOR}|{DAY_THEN_EFFECT}|{DAY_WITH_HAO})")
# every moment starts with a digit or a period word: the lookahead skips all other positions quickly
#: (a gloss may stand between a date and its clock: 2020年2月4日(正月十一)23:59:59)
MOMENT = re.compile(rf"(?=[\d凌早上中下傍晚夜])(?<!\d)(?:{DATE})?(?:{GLOSS}{SP}(?:的{SP})?{CLOCK})?")

#: what may follow a dotted date standing alone (2.6号之后, 1.4恢复发货) for it to be a date
DOTTED_CONTEXT = re.compile(rf"^{GLOSS}\s*(?:{CONNECTOR_CHAR}\s*\d{{1,2}}[./]\d|"
                            r"起|前|后|之前|之后|以前|以后|开始|恢复|放假|"
                            r"期间|发货|发出|截止|停|休|正式|当天|当日|晚|早|上午|下午|中午|凌晨|\d{1,2}[:点时])")
#: between a range's start and a year-less end: the end takes the start's year
CONNECTED = re.compile(rf"^\s*(?:[)）]\s*)?{GLOSS}\s*(?:[(（]含[)）]\s*)?(?:(?:起|开始)\s*)?{CONNECTOR_CHAR}{{1,2}}\s*"
                       r"(?:次日\s*)?[^\d]{0,12}?$")

#: a stop from a date and its end (12日起停止揽收，持续到23日): the end takes the start's month
LASTING = re.compile(r"^\s*(?:起|开始)[^。；;\n\d]{0,12}?(?:持续|延续|一直)(?:到|至)\s*$")

END_OF_DAY = time(23, 59, 59)
AFTERNOON = {"下午", "傍晚", "晚上", "夜间", "夜里", "晚"}


@dataclass(frozen=True)
class Moment:
    """A date and/or a clock time found in the (normalised) text."""

    start: int
    end: int
    day: date | None  # None: a clock time alone (9点)
    clock: time | None  # None: a date without a time
    explicit_year: bool = True

    @property
    def value(self) -> str:
        """ISO form: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS, or THH:MM:SS for a clock alone."""
        if self.day is None:
            return "T" + self.clock.isoformat() if self.clock else ""
        if self.clock is None:
            return self.day.isoformat()
        return datetime.combine(self.day, self.clock).isoformat()

    def as_start(self) -> datetime | None:
        """The moment as the start of a period: a date alone starts at 00:00:00."""
        if self.day is None:
            return None
        return datetime.combine(self.day, self.clock or time(0, 0, 0))

    def as_end(self) -> datetime | None:
        """The moment as the end of a period: a date alone ends at 23:59:59."""
        if self.day is None:
            return None
        return datetime.combine(self.day, self.clock or END_OF_DAY)


def closest_year(month: int, day: int, anchor: date) -> date | None:
    """The date with this month and day nearest to anchor (7月25日 said on 2022-12-27 is 2023)."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - anchor).days), default=None)


def _closest_month(day: int, anchor: date) -> date | None:
    """28号 with no month: the month that puts the day nearest to anchor."""
    candidates = []
    for shift in (-1, 0, 1):
        month_index = anchor.year * 12 + anchor.month - 1 + shift
        try:
            candidates.append(date(month_index // 12, month_index % 12 + 1, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - anchor).days), default=None)


def _clock(m: re.Match[str]) -> tuple[time | None, bool]:
    """The clock of a match, and whether the match has one at all (24点 -> 23:59:59)."""
    if m.group("ch") is not None:
        hour, minute, second = int(m.group("ch")), int(m.group("cm")), int(m.group("cs") or 0)
    elif m.group("wh") is not None:
        hour = int(m.group("wh"))
        minute = 30 if m.group("half") else int(m.group("wm") or 0)
        second = int(m.group("ws") or 0)
        period = m.group("period")
        if period in AFTERNOON and hour < 12:
            hour += 12
        elif period == "中午" and hour < 6:
            hour += 12
    else:
        return None, False
    if hour == 24:
        return (END_OF_DAY, True) if minute == 0 and second == 0 else (None, True)
    if hour > 23:
        return None, True
    return time(hour, minute, second), True


def _month_day(m: re.Match[str]) -> tuple[int, int] | None:
    """The month and day of a year-less date (7月28日, 2月4, 1.20), if the match is one."""
    for month, day in (("mm", "md"), ("bm", "bd"), ("am", "ad"), ("dm", "dd")):
        if m.group(month):
            return int(m.group(month)), int(m.group(day))
    return None


def _after(start: date, month: int, day: int) -> date | None:
    """A year-less range end in the start's year, or in the next when its month comes earlier
    (12月30日至1月2日); an end earlier in the same month stays as written (a nonsense range)."""
    try:
        return date(start.year + (1 if month < start.month else 0), month, day)
    except ValueError:
        return None


def _day(m: re.Match[str], anchor: date, previous: Moment | None,
         ranged: bool = False) -> tuple[date | None, bool, bool]:
    """(date, explicit year, whether the match has a date part at all); ranged: the match ends a
    range that previous starts."""
    try:
        if m.group("fy"):
            return date(int(m.group("fy")), int(m.group("fm")), int(m.group("fd"))), True, True
        if m.group("ny"):
            return date(int(m.group("ny")), int(m.group("nm")), int(m.group("nd"))), True, True
        if m.group("ry"):
            return date(ROC_OFFSET + int(m.group("ry")), int(m.group("rm")), int(m.group("rd"))), True, True
    except ValueError:
        return None, True, True
    month_day = _month_day(m)
    if month_day:
        if ranged and previous is not None and previous.day is not None:
            return _after(previous.day, *month_day), previous.explicit_year, True
        return closest_year(*month_day, anchor), False, True
    day_text = m.group("cd") or m.group("hd") or m.group("ed")
    if day_text is None:
        return None, False, False
    day = int(day_text)
    if previous is not None and previous.day is not None:
        try:
            candidate = previous.day.replace(day=day)
        except ValueError:
            return None, False, True
        if candidate < previous.day:  # 12月28日至3日: the next month
            month_index = candidate.year * 12 + candidate.month
            try:
                candidate = date(month_index // 12, month_index % 12 + 1, day)
            except ValueError:
                return None, False, True
        return candidate, previous.explicit_year, True
    if m.group("cd"):
        return None, False, True
    return _closest_month(day, anchor), False, True


def find_moments(text: str, published: datetime) -> list[Moment]:
    """Every date, date-time and lone clock time in text (already normalised), in order."""
    anchor = published.date()
    moments: list[Moment] = []
    for m in MOMENT.finditer(text):
        if not m.group().strip():
            continue
        if m.group("dm") and not (m.group("dmark") or DOTTED_CONTEXT.match(text[m.end():m.end() + DOTTED_CONTEXT_REACH])
                                  or _dotted_before(text, moments, m.start())):
            continue  # 1.5小时, 4.6分: a number, not a date
        near = moments[-1] if moments and moments[-1].end >= m.start() - RANGE_START_REACH else None
        between = text[near.end:m.start()] if near is not None else ""
        ranged = near is not None and bool(CONNECTED.match(between) or LASTING.match(between))
        previous = near if ranged or (near is not None and near.end >= m.start() - ADJACENT_DATE_GAP) else None
        day, explicit, has_day = _day(m, anchor, previous, ranged)
        clock, has_clock = _clock(m)
        if has_day and day is None:
            continue  # an impossible date such as 2月30日
        if not has_day and not has_clock:
            continue
        if has_clock and clock is None and not has_day:
            continue
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        moments.append(Moment(start, m.end(), day, clock, explicit))
    return moments


def _dotted_before(text: str, moments: list[Moment], start: int) -> bool:
    """A dotted date ending a range whose start was a date (1.20-2.5)."""
    return bool(moments) and moments[-1].day is not None and bool(
        re.match(rf"^\s*{CONNECTOR_CHAR}{{1,2}}\s*$", text[moments[-1].end:start]))


def find_dates(text: str, published: datetime) -> list[Moment]:
    """The moments that carry a calendar date (lone clock times left out)."""
    return [m for m in find_moments(text, published) if m.day is not None]
