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
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8))

YEAR = r"(?P<y>(?:19|20)\d{2})"
MONTH = r"(?P<m>1[0-2]|0?[1-9])"
DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])"
MONTH2 = MONTH.replace("<m>", "<m2>")
DAY2 = DAY.replace("<d>", "<d2>")
WEEKDAY = r"(?:\s*[(（]?(?:周|星期|礼拜)[一二三四五六日天][)）]?)?"
CLOCK = WEEKDAY + r"(?:[ T\u3000]*(?P<H>[01]?\d|2[0-3])[:：](?P<M>[0-5]\d)(?:[:：](?P<S>[0-5]\d))?)?"
#: a date split over two elements, day apart from year-month (a thumbnail's date badge: 04 | 2023-08)
SPLIT_DATE = re.compile(r"(?<![\d:])(?P<d>3[01]|[12]\d|0?[1-9])\s+(?P<y>(?:19|20)\d{2})[-/.](?P<m>1[0-2]|0?[1-9])(?![\d\-/.])|"
                        r"(?<![\d\-/.])(?P<y2>(?:19|20)\d{2})[-/.](?P<m2>1[0-2]|0?[1-9])\s+(?P<d2>3[01]|[12]\d|0?[1-9])(?![\d:\-/.])")
CLOCK_ONLY = re.compile(r"(?<![\d:：])(?P<H>[01]?\d|2[0-3])[:：](?P<M>[0-5]\d)(?![\d:：])")
MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], 1) for m in names}
MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
              r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# no \b before the month: inline tags join "Shop" and "Jul 28, 2023" into "ShopJul 28, 2023"
ENGLISH = re.compile(rf"(?P<mon>{MONTH_NAME})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})\b|"
                     rf"\b(?P<d2>[0-3]?\d)\s+(?P<mon2>{MONTH_NAME})\.?,?\s+(?P<y2>(?:19|20)\d{{2}})\b", re.I)

ABSOLUTE = re.compile(
    rf"(?<!\d){YEAR}\s*(?:年\s*{MONTH}\s*月\s*{DAY}\s*[日号]?|[-/.]{MONTH2}[-/.]{DAY2}(?!\d)){CLOCK}")
YEARLESS = re.compile(rf"(?<![\d\-/.]){MONTH}\s*(?:月\s*{DAY}\s*[日号]|[-/]{DAY2}(?![\d\-/])){CLOCK}")
RELATIVE = re.compile(r"刚刚|\d+\s*(?:秒钟?|分钟|个?小时|天|日|周|个?星期|个?月)前|今天(?:\s*\d{1,2}[:：]\d{2})?|"
                      r"昨天(?:\s*\d{1,2}[:：]\d{2})?|前天(?:\s*\d{1,2}[:：]\d{2})?")
ENGLISH_RELATIVE = re.compile(r"\b(?:\d+\s+(?:second|minute|hour|day|week|month)s?\s+ago|just now|yesterday|today)\b",
                              re.I)
DAY_ONLY_RELATIVE = re.compile(r"^(?:\d+\s*(?:天|日|周|个?星期|个?月)前|今天|昨天|前天|\d+\s+(?:day|week|month)s?\s+ago|"
                               r"yesterday|today)$", re.I)
UNIX_SECONDS = re.compile(r"^\d{10}(?:\.\d+)?$|^\d{13}$")


def _month_day(m: re.Match[str]) -> tuple[int, int]:
    return int(m.group("m") or m.group("m2")), int(m.group("d") or m.group("d2"))


def _format(day: date, hour: str | None, minute: str | None, second: str | None) -> str:
    if hour is None:
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

    parsed = dateparser.parse(expression, languages=[language],
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
