"""policyfeed's calendar output for Datasette (entry point ``datasette: policyfeed_calendar``): a query
that returns ``event_uid``, ``event_name`` and ``event_dtstart`` (and optionally ``event_dtend``,
``event_description``, ``event_url``, ``event_dtstamp``, ``notice``) can be read as an iCalendar file
by adding ``.ics`` to its URL, so a calendar app can subscribe to it. The canned query
``exemption_calendar`` (data/datasette/queries/exemption_calendar.sql) is written for it.

Why not datasette-ics (0.5.2, the current release): its serializer writes DTSTART only for events that
are not all-day and never makes one all-day, so a window given as dates (2021-07-25 to 2021-07-28)
comes out as timed events at midnight UTC (``DTSTART:20210725T000000Z``); it has no URL property, and
it pins ``ics==0.7.2``. Why not the ``icalendar`` library: what a subscription needs is a few kinds of
lines (VCALENDAR, one fixed VTIMEZONE, VEVENT with UID, DTSTAMP, DTSTART/DTEND, SUMMARY, DESCRIPTION,
URL), and RFC 5545's rules for them fit in the small functions below (CRLF line ends, lines folded at
75 octets without splitting a UTF-8 character or an escape, TEXT escaping of backslash, semicolon,
comma and line breaks); written here, the tests read the output with ``icalendar`` as an independent
parser instead of checking a library against itself, and serving needs one dependency less.

How a window becomes an event (``event_span``):
- both bounds dates: an all-day event from the first day through the last (DTEND is the day after the
  last, as RFC 5545 counts it);
- a bound with a time: a timed event; a date bound of such a window counts from the start of its day
  (start) or to the end of its day (end);
- an open bound (no end, or no start, announced): a one-day event on the day of the known bound, all-day
  for a date, for a time from the start to the end of its day (or from the start of the day to the
  end); the query's summary says that no end (or start) was announced;
- an effective date is a window of one day (both bounds the date).

Times carry TZID=Asia/Shanghai with its VTIMEZONE (UTC+8, the zone scraper/pages/pubdate.py reads
page times in): windows are the wall-clock times of Chinese platforms' announcements, so a calendar
elsewhere shows them at the right moment. DTSTAMP is UTC (the query's ``event_dtstamp``, RFC 3339 with
``Z``). A row with a ``notice`` (an unknown region or cause) is answered with a 400 saying so: a calendar
app then reports the bad URL when subscribing, instead of showing an empty calendar.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from .pages.pubdate import CHINA

#: the columns a query must return to be read as a calendar
REQUIRED_COLUMNS = frozenset({"event_uid", "event_name", "event_dtstart"})
#: the zone of every timed event: the announcements' wall-clock time (scraper/pages/pubdate.py)
TZID = "Asia/Shanghai"
#: how often a subscribed calendar app should ask again (RFC 7986 REFRESH-INTERVAL): the crawl is nightly
REFRESH = "PT12H"
PRODID = "-//policyfeed//exemption calendar//ZH"
#: RFC 5545 3.1: a content line is at most 75 octets before its line break
LINE_OCTETS = 75
ONE_DAY = timedelta(days=1)
#: an escape sequence (kept whole when folding) or one character
TOKEN = re.compile(r"\\.|.", re.DOTALL)


@hookimpl
def register_output_renderer() -> dict[str, Any]:
    return {"extension": "ics", "render": render_ics, "can_render": can_render_ics}


def can_render_ics(columns: Sequence[str]) -> bool:
    return REQUIRED_COLUMNS.issubset(columns)


async def render_ics(datasette: Any, request: Any, database: str, columns: Sequence[str],
                     rows: Iterable[Any], query_name: str | None) -> Response | dict[str, Any]:
    """The rows as an iCalendar file; a 400 for a query without the columns or with a notice."""
    if not can_render_ics(columns):
        return refusal(f"an .ics needs the columns {', '.join(sorted(REQUIRED_COLUMNS))}")
    records = [dict(zip(columns, row, strict=False)) for row in rows]
    notices = [str(r["notice"]) for r in records if r.get("notice")]
    if notices:
        return refusal("\n".join(notices))
    title = "policyfeed"
    if query_name:
        query = await datasette.get_canned_query(database, query_name, request.actor)
        title = (query or {}).get("title") or query_name
    asked = [request.args.get(key, "").strip() for key in ("region", "cause")]
    name = " · ".join([title, *(value for value in asked if value)])
    now = datetime.now(timezone.utc)
    return Response(calendar_text(name, records, now), content_type="text/calendar; charset=utf-8")


def refusal(why: str) -> dict[str, Any]:
    """A 400 in plain text. A dict, not a Response: Datasette 0.65 gives a renderer's Response the
    status of the query (200), but takes a dict's ``status_code``."""
    return {"body": why + "\n", "status_code": 400, "content_type": "text/plain; charset=utf-8"}


# --- the calendar, line by line --------------------------------------------------------------------

def calendar_text(name: str, records: Iterable[Mapping[str, Any]], now: datetime) -> str:
    """A VCALENDAR of one VEVENT per record with a bound (``event_span``), CRLF line ends, folded."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "NAME:" + escape_text(name), "X-WR-CALNAME:" + escape_text(name), f"X-WR-TIMEZONE:{TZID}",
             f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}", f"X-PUBLISHED-TTL:{REFRESH}", *vtimezone()]
    for record in records:
        lines.extend(vevent(record, now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def vtimezone() -> list[str]:
    """Asia/Shanghai: UTC+8 all year (no daylight saving since 1991), so one STANDARD rule."""
    offset = utc_offset(CHINA)
    return ["BEGIN:VTIMEZONE", f"TZID:{TZID}", "BEGIN:STANDARD", "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{offset}", f"TZOFFSETTO:{offset}", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE"]


def utc_offset(zone: timezone) -> str:
    """+0800 for UTC+8 (RFC 5545 UTC-OFFSET)."""
    minutes = int((zone.utcoffset(None) or timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def vevent(record: Mapping[str, Any], now: datetime) -> list[str]:
    """The lines of one VEVENT, none when the record has no bound."""
    span = event_span(record.get("event_dtstart"), record.get("event_dtend"))
    if span is None:
        return []
    start, end = span
    lines = ["BEGIN:VEVENT", "UID:" + escape_text(str(record["event_uid"])),
             "DTSTAMP:" + utc_stamp(record.get("event_dtstamp"), now), "DTSTART" + moment(start)]
    if end is not None:
        lines.append("DTEND" + moment(end))
    lines.append("SUMMARY:" + escape_text(str(record["event_name"] or "")))
    if record.get("event_description"):
        lines.append("DESCRIPTION:" + escape_text(str(record["event_description"])))
    if record.get("event_url"):
        lines.append("URL:" + uri(str(record["event_url"])))
    lines.append("END:VEVENT")
    return lines


def event_span(start: str | None, end: str | None) -> tuple[date, date | None] | None:
    """DTSTART and DTEND (None: the event is the moment DTSTART) of a window stored as 'YYYY-MM-DD' or
    'YYYY-MM-DDTHH:MM:SS' bounds, NULL for an open one; None when neither bound is known. A
    ``datetime`` is a timed bound, a plain ``date`` an all-day one (see the module's docstring)."""
    first, last = parse_bound(start), parse_bound(end)
    if first is None and last is None:
        return None
    if first is None:
        assert last is not None
        return one_day(last, known="end")
    if last is None:
        return one_day(first, known="start")
    if not isinstance(first, datetime) and not isinstance(last, datetime):
        return first, max(first, last) + ONE_DAY
    begin, finish = day_start(first), day_end(last)
    return (begin, finish) if finish > begin else (begin, None)


def one_day(bound: date, known: str) -> tuple[date, date | None]:
    """The event of a window with one bound: the day of that bound, all-day for a date; for a time,
    from it to the end of its day (``known="start"``) or from the start of its day to it."""
    if not isinstance(bound, datetime):
        return bound, bound + ONE_DAY
    if known == "start":
        return bound, day_end(bound.date())
    midnight = day_start(bound.date())
    return (midnight, bound) if bound > midnight else (bound, None)


def parse_bound(value: str | None) -> date | None:
    """'YYYY-MM-DD' -> date, 'YYYY-MM-DDTHH:MM[:SS]' -> datetime (wall-clock, no zone), blank -> None."""
    text = (value or "").strip()
    if not text:
        return None
    if "T" in text or " " in text:
        return datetime.fromisoformat(text.replace(" ", "T"))
    return date.fromisoformat(text)


def day_start(bound: date) -> datetime:
    return bound if isinstance(bound, datetime) else datetime.combine(bound, time())


def day_end(bound: date) -> datetime:
    """A date bound as an end: the midnight after its day (an end bound covers its whole day)."""
    return bound if isinstance(bound, datetime) else datetime.combine(bound + ONE_DAY, time())


def moment(when: date) -> str:
    """DTSTART/DTEND parameters and value: ``;VALUE=DATE:20210725`` or ``;TZID=…:20210725T000000``."""
    if isinstance(when, datetime):
        return f";TZID={TZID}:{when:%Y%m%dT%H%M%S}"
    return f";VALUE=DATE:{when:%Y%m%d}"


def utc_stamp(value: str | None, now: datetime) -> str:
    """DTSTAMP from an RFC 3339 time in UTC ('2021-07-26T09:32:11Z'); ``now`` when there is none."""
    text = (value or "").strip()
    when = datetime.fromisoformat(text.replace("Z", "+00:00")) if text else now
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc)
    return f"{when:%Y%m%dT%H%M%S}Z"


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped, every line break as ``\\n``."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def uri(value: str) -> str:
    """A URI value is not TEXT-escaped; it only must stay on its line."""
    return "".join(value.split())


def fold(line: str, limit: int = LINE_OCTETS) -> str:
    """A content line folded as RFC 5545 3.1 says: at most ``limit`` octets of UTF-8 a line, each
    continuation line starting with one space (counted), never inside a character or an escape."""
    parts: list[str] = []
    current, size = "", 0
    for token in TOKEN.findall(line):
        width = len(token.encode("utf-8"))
        if current and size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += token
        size += width
    parts.append(current)
    return "\r\n".join(parts)
