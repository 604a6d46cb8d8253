"""The pieces dates are written with, named once for every date grammar of the project.

``extract/dates.py`` (dates in announcement prose), ``extract/windows.py`` (month and year ranges),
``extract/durations.py`` and ``extract/numbers.py`` (ranges of counts), and, from the page parsers,
``scraper/pages/pubdate.py`` (publication times as sites print them) and ``scraper/pages/published.py``
(dates in URLs) build their patterns from these. ``scraper`` imports this module; it imports nothing.

MONTH, DAY and their two-digit forms are bare alternations with no group of their own: a grammar
puts each into the group it reads, ``group("m", MONTH)`` -> ``(?P<m>1[0-2]|0?[1-9])``, or into
``(?:…)``. YEAR, HOUR… are whole units. The examples in ``extract/corpus/dates.py`` and
tests/test_pubdate.py are their specification.
"""
from __future__ import annotations

#: a four-digit year of the 20th or 21st century: 1998, 2023 (not 3500 of a price, nor 1102 of an id)
YEAR = r"(?:19|20)\d{2}"
#: a month, with or without its leading zero: 7, 07, 12 (alternatives: wrap them)
MONTH = r"1[0-2]|0?[1-9]"
#: a month always written with two digits (07), where it runs into the next number: 20230728
MONTH_2 = r"1[0-2]|0[1-9]"
#: a day of the month, with or without its leading zero: 5, 05, 31 (alternatives: wrap them)
DAY = r"3[01]|[12]\d|0?[1-9]"
#: a day always written with two digits (05): 20230705, 18-03-08
DAY_2 = r"3[01]|[12]\d|0[1-9]"
#: an hour of a printed clock, 0 to 23 (alternatives: wrap them); prose also writes 24时, see extract/dates.py
HOUR = r"[01]?\d|2[0-3]"
#: the minutes (or seconds) of a clock: always two digits
MINUTE = r"[0-5]\d"

#: the characters that join the two ends of a date range: 7月25日至28日, 7月25日到28日, 1月8-15日,
#: 1月8~15日, 2020——2025年, 2001.03–2004.06 (hyphen, full-width minus, em and en dash)
CONNECTOR = r"[至到~～\-－—–]"
#: the same for a range of counts (三至五天, 3-5天) as the number readers take it: without the en dash
#: –, which they have never read (三–五天 keeps its numerals); adding it would change what they find
COUNT_CONNECTOR = r"[至到~～\-－—]"

#: a two-digit year below this is in the 2000s, from it on in the 1900s (18 -> 2018, 98 -> 1998): sites
#: that print two-digit years started in the late 1990s, and none print a year after 2069
TWO_DIGIT_YEAR_PIVOT = 70


def group(name: str, piece: str) -> str:
    """The piece as the named group a grammar reads: group("y", YEAR) -> (?P<y>(?:19|20)\\d{2})."""
    return f"(?P<{name}>{piece})"


def full_year(year: int) -> int:
    """A year as written in full: four digits stay as they are, two digits are 1970-2069 (05 -> 2005)."""
    if year > 99:
        return year
    return 2000 + year if year < TWO_DIGIT_YEAR_PIVOT else 1900 + year
