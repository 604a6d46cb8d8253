"""Publication times as news sites print them, resolved against the fetch time.

Absolute forms are read with regular expressions: 2022-09-07 17:08:39, 2022年9月7日, 2022/09/07,
2022.09.07, year-less 09-07 17:08 (the year that keeps the date not after the fetch time), and
ISO strings from ``<time datetime>`` or ``data-*`` attributes (unix seconds too). dateparser is used
only for isolated relative expressions, which it reads correctly (刚刚, 5分钟前, 3小时前, 昨天 14:20,
前天, 3天前); it is not used for absolute Chinese dates, where it fails (year-less 7月25日 -> None,
09-07 17:08 -> 2009-07). A day-only expression gives a date, never a midnight timestamp.
Weekdays between date and time (2023年08月04日 周五 16:25) and English month names (Aug 4, 2023)
are read too; a clock alone (16:25) takes its day from the context (a timeline's day heading).
Results are strings: "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Literal

from extract.dateparts import DAY, DAY_2, HOUR, MINUTE, MONTH, MONTH_2, YEAR, full_year, group

CHINA = timezone(timedelta(hours=8))

#: the date pieces of extract/dateparts.py as the groups this module reads: y, m, d, and y2, m2, d2 for a
#: pattern's other alternative; a clock's H, M, S
Y, M, D = group("y", YEAR), group("m", MONTH), group("d", DAY)
Y2, M2, D2 = group("y2", YEAR), group("m2", MONTH), group("d2", DAY)
H, MIN, SEC = group("H", HOUR), group("M", MINUTE), group("S", MINUTE)
WEEKDAY = r"(?:\s*[(（]?(?:周|星期|礼拜)[一二三四五六日天][)）]?)?"
CLOCK = WEEKDAY + rf"(?:[ T\u3000]*{H}[:：]{MIN}(?:[:：]{SEC})?)?"
#: a date split over two elements, day apart from year-month (a thumbnail's date badge: 04 | 2023-08)
SPLIT_DATE = re.compile(rf"(?<![\d:]){D}\s+"
                        rf"{Y}[-/.]{M}(?![\d\-/.])|"
                        rf"(?<![\d\-/.]){Y2}[-/.]{M2}\s+{D2}(?![\d:\-/.])")
CLOCK_ONLY = re.compile(rf"(?<![\d:：]){H}[:：]{MIN}(?![\d:：])")
MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], 1) for m in names}
MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
              r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# no \b before the month: inline tags join "Shop" and "Jul 28, 2023" into "ShopJul 28, 2023"
ENGLISH = re.compile(rf"(?P<mon>{MONTH_NAME})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{Y}\b|"
                     rf"\b(?P<d2>[0-3]?\d)\s+(?P<mon2>{MONTH_NAME})\.?,?\s+{Y2}\b", re.I)

ABSOLUTE = re.compile(
    rf"(?<!\d){Y}\s*(?:年\s*{M}\s*月\s*{D}\s*[日号]?|[-/.]{M2}[-/.]{D2}(?!\d)){CLOCK}")
YEARLESS = re.compile(rf"(?<![\d\-/.]){M}\s*(?:月\s*{D}\s*[日号]|[-/]{D2}(?![\d\-/])){CLOCK}")
RELATIVE = re.compile(r"刚刚|\d+\s*(?:秒钟?|分钟|个?小时|天|日|周|个?星期|个?月)前|今天(?:\s*\d{1,2}[:：]\d{2})?|"
                      r"昨天(?:\s*\d{1,2}[:：]\d{2})?|前天(?:\s*\d{1,2}[:：]\d{2})?")
ENGLISH_RELATIVE = re.compile(r"\b(?:\d+\s+(?:second|minute|hour|day|week|month)s?\s+ago|just now|yesterday|today)\b",
                              re.I)
DAY_ONLY_RELATIVE = re.compile(r"^(?:\d+\s*(?:天|日|周|个?星期|个?月)前|今天|昨天|前天|"
                               r"\d+\s+(?:day|week|month)s?\s+ago|yesterday|today)$", re.I)
UNIX_SECONDS = re.compile(r"^\d{10}(?:\.\d+)?$|^\d{13}$")


def _month_day(m: re.Match[str]) -> tuple[int, int]:
    return int(m.group("m") or m.group("m2")), int(m.group("d") or m.group("d2"))


def _format(day: date, hour: str | None, minute: str | None, second: str | None) -> str:
    if hour is None or minute is None:  # (the patterns match no hour without its minute)
        return day.isoformat()
    return datetime(day.year, day.month, day.day, int(hour), int(minute), int(second or 0)).isoformat()


def parse_absolute(text: str) -> str | None:
    m = ABSOLUTE.search(text)
    if not m:
        return None
    try:
        day = date(int(m.group("y")), *_month_day(m))
    except ValueError:
        return None
    return _format(day, m.group("H"), m.group("M"), m.group("S"))


def parse_yearless(text: str, now: datetime) -> str | None:
    m = YEARLESS.search(text)
    if not m:
        return None
    for year in (now.year, now.year - 1):
        try:
            day = date(year, *_month_day(m))
        except ValueError:
            continue
        if day <= now.date():
            return _format(day, m.group("H"), m.group("M"), m.group("S"))
    return None


def parse_split(text: str) -> str | None:
    m = SPLIT_DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group("y") or m.group("y2")), int(m.group("m") or m.group("m2")),
                    int(m.group("d") or m.group("d2"))).isoformat()
    except ValueError:
        return None


def parse_english(text: str) -> str | None:
    """Aug 4, 2023 / 4 August 2023 (bilingual cross-border sites): a date."""
    for m in ENGLISH.finditer(text):
        month = MONTHS.get((m.group("mon") or m.group("mon2")).lower())
        if month is None:
            continue
        try:
            return date(int(m.group("y") or m.group("y2")), month, int(m.group("d") or m.group("d2"))).isoformat()
        except ValueError:
            continue
    return None


def with_day(clock_text: str, day: str) -> str | None:
    """A clock alone (16:25) on the day a heading gives (2023-08-04): a timeline item's time."""
    m = CLOCK_ONLY.search(clock_text)
    if not m:
        return None
    return f"{day[:10]}T{int(m.group('H')):02d}:{m.group('M')}:00"


def parse_relative(text: str, now: datetime) -> str | None:
    """刚刚, 5分钟前, 昨天 14:20, 3 days ago … against now, read by dateparser (memoised: a page repeats them)."""
    m = RELATIVE.search(text)
    language = "zh"
    if not m:
        m, language = ENGLISH_RELATIVE.search(text), "en"
    if not m:
        return None
    expression = re.sub(r"\s+", " ", m.group()).replace("：", ":")
    return _relative(expression, language, now)


@lru_cache(maxsize=1024)
def _relative(expression: str, language: str, now: datetime) -> str | None:
    import dateparser  # loaded only when a page uses relative times

    parsed: datetime | None = dateparser.parse(expression, languages=[language],
                                               settings={"RELATIVE_BASE": now, "PREFER_DATES_FROM": "past"})
    if parsed is None:
        return None
    if DAY_ONLY_RELATIVE.match(expression):
        return parsed.date().isoformat()
    return parsed.replace(microsecond=0).isoformat()


def parse_attribute(value: str) -> str | None:
    """A machine-readable time from ``datetime=`` or ``data-*``: ISO (offset dropped: local time) or unix."""
    value = value.strip()
    if UNIX_SECONDS.match(value):
        seconds = float(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, CHINA).replace(tzinfo=None, microsecond=0).isoformat()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parse_absolute(value)
    if parsed.tzinfo is not None and parsed.utcoffset() != timedelta(hours=8):
        parsed = parsed.astimezone(CHINA)
    parsed = parsed.replace(tzinfo=None)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return parsed.date().isoformat()
    return parsed.isoformat()


def parse_published(text: str, now: datetime) -> str | None:
    """The first publication time in a short text (a list item's date, a byline)."""
    if not text:
        return None
    return (parse_absolute(text) or parse_split(text) or parse_yearless(text, now)
            or parse_relative(text, now) or parse_english(text))


def date_span(text: str) -> tuple[int, int] | None:
    """Where the first date, relative time or lone clock is in text (for choosing the date element)."""
    if not MAYBE_DATE.search(text):
        return None
    for pattern in (ABSOLUTE, SPLIT_DATE, YEARLESS, RELATIVE, ENGLISH_RELATIVE, ENGLISH, CLOCK_ONLY):
        m = pattern.search(text)
        if m and (pattern is not ENGLISH or parse_english(m.group())):
            return m.span()
    return None


def count_dates(text: str) -> int:
    """How many absolute or year-less dates a text holds (several: a container of items)."""
    return len(ABSOLUTE.findall(text)) + len(YEARLESS.findall(text))


#: every form below has a digit or one of these words: texts without any are skipped at once
MAYBE_DATE = re.compile(r"\d\s*[-/.年月日号:：]|[-/.月]\s*\d|\d\s+\d|前|刚刚|今天|昨天|just now|yesterday|today|ago|"
                        r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec", re.I)


def looks_like_date(text: str) -> bool:
    """Cheap test used by feed detection: does this text carry a publication time?"""
    if not MAYBE_DATE.search(text):
        return False
    return bool(ABSOLUTE.search(text) or YEARLESS.search(text) or RELATIVE.search(text) or SPLIT_DATE.search(text)
                or ENGLISH_RELATIVE.search(text)
                or (ENGLISH.search(text) and parse_english(text)))


DATE_ONLY_REST = re.compile(r"^[\s\-/.:：,，()（）\[\]【】|年月日号时分秒周星期一二三四五六日天]*$")


def looks_like_date_only(text: str) -> bool:
    """A text that is a date or a time and nothing else (a dated cell, not a headline)."""
    span = date_span(text)
    if span is None:
        return False
    rest = text[:span[0]] + text[span[1]:]
    return bool(DATE_ONLY_REST.match(rest))


# --- every date in a text, as a byline or a page prints it ---------------------------------------

_WEEKDAY_GLOSS = r"(?:[,，]?\s*[(（]?(?:周|星期|礼拜)[一二三四五六日天][)）]?)?[,，]?"
# the clock may stand in brackets (2014-12-17 (16:31))
_CLOCK = (_WEEKDAY_GLOSS + r"(?:[ T\u3000]*[(（]?(?:(?P<half>上午|下午|晚上|凌晨|中午)\s*)?"
          rf"{H}(?:[:：]{MIN}(?:[:：]{SEC})?|\s*时\s*(?P<M2>[0-5]?\d)\s*分"
          r"(?:\s*(?P<S2>[0-5]?\d)\s*秒)?)(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?)?")
#: the printed forms of a date, named as in _FORMS
Form = Literal["ymd_cn", "ymd", "xy_y", "yy", "english", "english_dmy", "md", "ym_cn", "relative"]
_FORMS: dict[Form, str] = {
    # 2005年8月12日16:12:21 · 2005年08月30日, 星期二 13:22 · 2004年12月10日 11时55分
    "ymd_cn": rf"(?<!\d){Y}\s*年\s*{M}\s*月\s*{D}\s*[日号]?{_CLOCK}",
    # 2022-09-07 17:08:39 · 2022/9/7 · 2022.01.20 16:31
    "ymd": rf"(?<![\d.]){Y}(?P<sep>[-/.]){M}(?P=sep){D}(?!\d){_CLOCK}",
    # 7/5/2005 9:23:57 PM · 06/02/2022 - 13:48 · 05-19-2013 (month or day first: settled later)
    "xy_y": r"(?<![\d/.\-])(?P<a>[0-3]?\d)(?P<sep>[/.\-])(?P<b>[0-3]?\d)(?P=sep)"
            rf"{Y}(?![\d\-])(?:\s*-)?{_CLOCK}",
    # 18-03-08 23:16 (a two-digit year, only with a clock)
    "yy": rf"(?<![\d\-/.:])(?P<y>\d{{2}})-{group('m', MONTH_2)}-{group('d', DAY_2)}(?=[ T]+\d{{1,2}}:\d\d){_CLOCK}",
    # Saturday, September 10th, 2005 10:56 am · Aug 4, 2023 · 4 August 2023
    "english": rf"(?P<mon>{MONTH_NAME})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{Y}\b{_CLOCK}",
    "english_dmy": rf"\b(?P<d>[0-3]?\d)\s+(?P<mon>{MONTH_NAME})\.?,?\s+{Y}\b{_CLOCK}",
    # 10-08 12:00 · 7月25日 · 8月4日 14:20 (year from the page's evidence or the fetch time)
    "md": rf"(?<![\d\-/.:]){M}\s*(?:月\s*{D}\s*[日号]|-{group('d2', DAY_2)}(?![\d\-/.])){_CLOCK}",
    # 1998年3月号 · 2018年5月 (a month, not a day)
    "ym_cn": rf"(?<!\d){Y}\s*年\s*{M}\s*月(?!\s*\d)",
    # 刚刚 · 3小时前 · 昨天 14:20 · 前天
    "relative": r"刚刚|\d+\s*(?:秒钟?|分钟|个?小时|天|日|周|个?星期|个?月)前|"
                rf"(?P<rel>今天|昨天|前天)(?:\s*{H}[:：]{MIN})?",
}
_FORM_PATTERNS = {name: re.compile(pattern, re.I) for name, pattern in _FORMS.items()}


@dataclass(frozen=True)
class DateMatch:
    """One date as printed: what it says, and what it leaves open (the year, day-month order)."""

    start: int
    end: int
    form: Form
    year: int | None            # None: year-less (completed later)
    month: int | None
    day: int | None             # None: a month, not a day
    clock: tuple[int, int, int] | None
    swappable: bool = False     # 06/02/2022: day and month could be either way round
    relative: str | None = None  # the relative expression, resolved against a reference time

    def on(self, year: int | None = None, swap: bool = False) -> str | None:
        """The ISO value, with the year given when the text had none; None if it is no real date."""
        year = self.year or year
        month, day = (self.day, self.month) if swap else (self.month, self.day)
        if year is None or month is None or day is None:
            return None
        try:
            value = date(year, month, day)
        except ValueError:
            return None
        if self.clock is None:
            return value.isoformat()
        return datetime(year, month, day, *self.clock).isoformat()


def _clock(m: re.Match[str]) -> tuple[int, int, int] | None:
    groups = m.groupdict()
    if groups.get("H") is None:
        return None
    hour = int(groups["H"])
    minute = int(groups.get("M") or groups.get("M2") or 0)
    second = int(groups.get("S") or groups.get("S2") or 0)
    half = (groups.get("ampm") or "").lower().replace(".", "")
    if half == "pm" or groups.get("half") in ("下午", "晚上") and hour < 12:
        hour = hour % 12 + 12
    elif half == "am" and hour == 12:
        hour = 0
    return hour, minute, second


#: a clock standing alone, with its AM/PM if it has one (at 11:44 PM post, 发表于 23:10)
LONE_CLOCK = re.compile(CLOCK_ONLY.pattern + r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?")


def lone_clocks(text: str) -> list[tuple[int, int, int]]:
    """Every clock in a text that stands without a date, as (hour, minute, second)."""
    return [clock for m in LONE_CLOCK.finditer(text) if (clock := _clock(m)) is not None]


def _match(form: Form, m: re.Match[str]) -> DateMatch | None:
    g = m.groupdict()
    clock = _clock(m) if form != "relative" or g.get("H") else None
    if form == "relative":
        return DateMatch(m.start(), m.end(), form, None, None, None, clock, relative=m.group())
    if form in ("english", "english_dmy"):
        month = MONTHS.get(g["mon"].lower().rstrip("."))
        return DateMatch(m.start(), m.end(), form, int(g["y"]), month, int(g["d"]), clock) if month else None
    if form == "xy_y":
        a, b = int(g["a"]), int(g["b"])
        if not (1 <= a <= 31 and 1 <= b <= 31) or a > 12 and b > 12:
            return None
        if a > 12:  # day first, no doubt
            return DateMatch(m.start(), m.end(), form, int(g["y"]), b, a, clock)
        return DateMatch(m.start(), m.end(), form, int(g["y"]), a, b, clock, swappable=b <= 12 and a != b)
    if form == "yy":
        return DateMatch(m.start(), m.end(), form, full_year(int(g["y"])), int(g["m"]), int(g["d"]), clock)
    if form == "md":
        return DateMatch(m.start(), m.end(), form, None, int(g["m"]), int(m.group("d") or m.group("d2")), clock)
    if form == "ym_cn":
        return DateMatch(m.start(), m.end(), form, int(g["y"]), int(g["m"]), None, None)
    return DateMatch(m.start(), m.end(), form, int(g["y"]), int(g["m"]), int(g["d"]), clock)


def find_dates(text: str) -> list[DateMatch]:
    """Every date in a line, in order; where two forms overlap, the one starting first (then the
    longest) wins: 2005-08-22 19:13:18 is one date, not a date and a year-less 08-22."""
    if not MAYBE_DATE.search(text):
        return []
    found = []
    for form, pattern in _FORM_PATTERNS.items():
        for m in pattern.finditer(text):
            match = _match(form, m)
            if match is not None:
                found.append(match)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMatch] = []
    for match in found:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept
