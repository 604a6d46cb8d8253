"""When an article page was published: the visible byline's time, completed from the page's evidence.

A page prints many dates: the site header's "today", the byline, event dates in the body, the
comments', the related articles', an "updated" line, a footer's copyright year. The byline is the
one a reader takes for the publication time, so every visible date is a candidate, scored by

- where it stands: in the byline zone (the headline's line and the few lines after it, before the
  body gets going), just above the headline, or in the post footer just after the body (blogs,
  forums) — not inside the body's prose, nor in comments, sidebars or related lists (never read);
- its label: 发布时间/发表于/posted raise it; 更新/修改/updated, 成文日期, 截止, 生效 lower it;
- how it reads: a short byline line, a clock beside the date.

Machine-readable evidence (``<meta>`` published times, JSON-LD ``datePublished``, a page script's
publish-time variable, a date in the URL path) completes what the byline leaves open: the year of
``10-08 12:00``, the day of ``昨天 14:20``, the order of ``06/02/2022``, the time of a date-only byline
on the same day. Without a byline, the evidence is the answer; where the two disagree, the byline wins.
``now`` resolves what the evidence cannot.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extract.dateparts import YEAR, full_year, group

from . import pubdate
from . import settings as s
from .layout import Layout, Line, has_word, is_side

JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
#: publish-time variables of page scripts; WeChat articles give theirs only as ``var ct = "1696752000"``
SCRIPT_DATE = re.compile(
    r"""(?:publish|pub|post|create|release|send|article)_?(?:time|date|datetime|at|_time)|\bp(?:time|date)\b|"""
    r"""\bvar\s+ct\b""", re.I)
#: a date or unix time anywhere in a script (2020-10-08 12:00:00, 2020/10/08, 1602129600)
ANY_SCRIPT_DATE = re.compile(r"(?<![\d.])(?:(?:19|20)\d{2}[-/](?:1[0-2]|0?[1-9])[-/](?:3[01]|[12]\d|0?[1-9])"
                             r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?|1[0-9]{9})(?![\d.])")
SCRIPT_VALUE = re.compile(r"""^["']?\s*[:=]\s*["']?"""
                          r"""(\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d{13}|\d{10})""")
URL_YEAR = group("y", YEAR)
URL_DATES = (
    re.compile(rf"(?<!\d){URL_YEAR}[/_-](?P<m>1[0-2]|0?[1-9])[/_-](?P<d>3[01]|[12]\d|0?[1-9])(?!\d)"),
    re.compile(rf"(?<!\d){URL_YEAR}(?P<m>1[0-2]|0[1-9])(?P<d>3[01]|[12]\d|0[1-9])(?!\d)"),
    re.compile(rf"(?<!\d){URL_YEAR}/(?P<m>1[0-2]|0[1-9])(?P<d>3[01]|[12]\d|0[1-9])(?!\d)"),
    re.compile(rf"(?<!\d){URL_YEAR}(?P<m>1[0-2]|0[1-9])/(?P<d>3[01]|[12]\d|0[1-9])(?!\d)"),
)
#: two-digit years in a path (/050404/, /05/0425/): too loose to stand alone, good to complete a byline
SHORT_URL_DATES = (
    re.compile(r"/(?P<y>\d{2})(?P<m>1[0-2]|0[1-9])(?P<d>3[01]|[12]\d|0[1-9])/"),
    re.compile(r"/(?P<y>\d{2})/(?P<m>1[0-2]|0[1-9])(?P<d>3[01]|[12]\d|0[1-9])/"),
)


Instant = tuple[date, "tuple[int, int, int] | None"]
#: where a date's line stands (the keys of settings.ZONE_SCORES and settings.LABEL_WEIGHTS)
Zone = Literal["byline", "above_headline", "post_footer", "elsewhere", "body_line", "body_prose"]


@dataclass(frozen=True)
class Evidence:
    """Dates the page states for machines, each source strongest first."""

    published: tuple[Instant, ...]   # <meta> published times, JSON-LD datePublished, script variables
    times: tuple[Instant, ...]       # <time datetime> elements (a byline's, an update's…)
    url: tuple[date, ...]            # a date in the URL path
    loose: tuple[date, ...]          # a two-digit-year date in the URL path
    scripted: tuple[Instant, ...] = ()  # any date or unix time in a page script (a self-media page's
    #                                   # JSON): only to give a year-less byline its year

    @property
    def stated(self) -> tuple[Instant, ...]:
        """What stands for the publication time without a byline."""
        return self.published + self.times + tuple((d, None) for d in self.url)

    def days(self) -> list[date]:
        return [d for d, _ in self.stated] + list(self.loose)

    def confirms(self, value: str) -> bool:
        """Whether the page states this day as its publication day."""
        return any(d.isoformat() == value[:10] for d, _ in self.published) or \
            any(d.isoformat() == value[:10] for d in self.url)


def _as_instant(value: str | None) -> tuple[date, tuple[int, int, int] | None] | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.date(), (parsed.hour, parsed.minute, parsed.second) if "T" in value else None


def _meta_dates(tree: LexborHTMLParser) -> list[str]:
    found = []
    for meta in tree.css("meta[content]"):
        attributes = meta.attributes
        key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
        if key in s.META_PUBLISHED_NAMES:
            content = attributes.get("content") or ""
            value = pubdate.parse_attribute(content)
            if value is None:
                matches = pubdate.find_dates(content)
                value = matches[0].on() if matches else None
            if value:
                found.append(value)
    for node in tree.css("time[pubdate][datetime], [itemprop=datePublished][datetime]"):
        value = pubdate.parse_attribute(node.attributes.get("datetime") or "")
        if value:
            found.append(value)
    return found


def _time_elements(tree: LexborHTMLParser) -> list[str]:
    """<time datetime> values, outside comments, related lists and sidebars (their times are other
    pages')."""
    return [v for v in (pubdate.parse_attribute(n.attributes.get("datetime") or "") for n in tree.css("time[datetime]")
                        if not _in_side(n)) if v]


def _in_side(node: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html"):
        if current.tag in s.BOILERPLATE_TAGS or has_word(current, s.SIDE_WORDS, s.SIDE_PREFIXES):
            return True
        current = current.parent
    return False


def _inline_scripts(tree: LexborHTMLParser, budget: int) -> Iterator[tuple[LexborNode, str]]:
    """Inline scripts and their text, up to budget characters in all."""
    for script in tree.css("script"):
        if budget <= 0 or script.attributes.get("src"):
            continue
        text = (script.text() or "")[:budget]
        budget -= len(text)
        yield script, text


def _script_dates(tree: LexborHTMLParser, budget: int) -> list[str]:
    """JSON-LD datePublished, then publish-time variables in inline scripts (var publishTime = …)."""
    found = []
    for script, text in _inline_scripts(tree, budget):
        if (script.attributes.get("type") or "").lower() == "application/ld+json":
            found += [v for v in (pubdate.parse_attribute(m.group(1)) for m in JSON_LD_DATE.finditer(text)) if v]
            continue
        for m in SCRIPT_DATE.finditer(text):
            value = SCRIPT_VALUE.match(text[m.end():m.end() + 40])
            parsed = pubdate.parse_attribute(value.group(1).replace("/", "-")) if value else None
            if parsed:
                found.append(parsed)
    return found


def _url_dates(page_url: str, patterns: tuple[re.Pattern[str], ...]) -> list[date]:
    path = unquote(urlsplit(page_url).path)
    found = []
    for pattern in patterns:
        for m in pattern.finditer(path):
            year = full_year(int(m.group("y")))
            try:
                found.append(date(year, int(m.group("m")), int(m.group("d"))))
            except ValueError:
                continue
    return found


def _any_script_dates(tree: LexborHTMLParser) -> list[str]:
    """Every full date and unix time in inline scripts, whatever its variable is called."""
    found = []
    for _, text in _inline_scripts(tree, s.SCRIPT_SCAN_CHARS):
        found += [v for v in (pubdate.parse_attribute(m.group().replace("/", "-"))
                              for m in ANY_SCRIPT_DATE.finditer(text)) if v]
    return found


def page_evidence(tree: LexborHTMLParser, page_url: str, yearless: bool = False) -> Evidence:
    """What the page states for machines; with yearless, also every date its scripts hold."""
    published = [_as_instant(v) for v in _meta_dates(tree) + _script_dates(tree, s.SCRIPT_SCAN_CHARS)]
    times = [_as_instant(v) for v in _time_elements(tree)]
    scripted = [_as_instant(v) for v in _any_script_dates(tree)] if yearless else []
    return Evidence(tuple(x for x in published if x is not None), tuple(x for x in times if x is not None),
                    tuple(_url_dates(page_url, URL_DATES)), tuple(_url_dates(page_url, SHORT_URL_DATES)),
                    tuple(x for x in scripted if x is not None))


@dataclass(frozen=True)
class _Candidate:
    match: pubdate.DateMatch
    line: Line
    score: float


def _label_score(text: str, match: pubdate.DateMatch) -> float:
    before = text[max(0, match.start - s.LABEL_REACH):match.start]
    after = text[match.end:match.end + s.LABEL_REACH_AFTER]
    if s.UPDATED_LABEL.search(before) or s.UPDATED_LABEL.match(after.strip()):
        return s.UPDATED_LABEL_SCORE
    if s.OTHER_DATE_LABEL.search(before):
        return s.OTHER_DATE_LABEL_SCORE
    if s.PUBLISHED_LABEL.search(before) or s.PUBLISHED_LABEL_AFTER.match(after.strip()):
        return s.PUBLISHED_LABEL_SCORE
    return 0.0


def _first_prose(layout: Layout, headline: int | None) -> int | None:
    """Index of the first line of prose after the headline: the byline stands before it."""
    if headline is None:
        return None
    for line in layout.lines[headline + 1:headline + 1 + s.BYLINE_SPAN]:
        if _is_prose(line):
            return line.index
    return None


def _is_prose(line: Line) -> bool:
    return len(line.text) > s.SHORT_LINE_CHARS or bool(s.SENTENCE_MARK.search(line.text))


def _zone(line: Line, headline: int | None, body: list[Line], prose: int | None = None) -> Zone:
    """Where a line stands relative to the headline and the body (a key of settings.ZONE_SCORES);
    prose is the index of the first prose line after the headline."""
    index = line.index
    start = body[0].index if body else None
    end = body[-1].index if body else None
    if start is not None and end is not None and start <= index <= end and _is_prose(line):
        return "body_prose"
    if end is not None and end - s.BODY_TAIL_LINES < index <= end + s.POST_FOOTER_SPAN and index > (headline or -1):
        return "post_footer"
    if headline is not None and headline <= index <= headline + s.BYLINE_SPAN and (
            start is None or index <= max(start, headline, prose or 0) + s.BYLINE_INTO_BODY):
        return "byline"  # between the headline and the first paragraph, or just into the body
    if headline is None and start is not None and start - s.BYLINE_SPAN <= index <= start + s.BYLINE_INTO_BODY:
        return "byline"
    if headline is not None and headline - s.ABOVE_HEADLINE_SPAN <= index < headline:
        return "above_headline"
    if start is not None and end is not None and start <= index <= end:
        return "body_line"
    return "elsewhere"


def _post_footer(line: Line, body: list[Line]) -> bool:
    """A line in a post's own footer (<div class="postFoot">, <footer> inside <article>) right after
    the body: furniture by its name, but it holds the post's time."""
    if not body or not body[-1].index - s.BODY_TAIL_LINES < line.index <= body[-1].index + s.POST_FOOTER_SPAN:
        return False
    block = line.block
    while block is not None and block.side:
        if block.parent is None or not block.parent.side:  # the element that made it furniture
            node = block.node
            return node.tag == "footer" or has_word(node, s.POST_FOOTER_WORDS, ())
        block = block.parent
    return False


def _just_below(line: Line, headline: int | None, prose: int | None) -> bool:
    """Right below the headline, before its first paragraph: where a forum prints the thread's time,
    in a bar named as a menu (div.atl-menu)."""
    return headline is not None and headline < line.index <= headline + s.BYLINE_SPAN and (
        prose is None or line.index < prose)


def _comments_start(layout: Layout, body: list[Line]) -> int:
    """Index of the line that introduces the comments after the body (网友评论), else past the end."""
    after = body[-1].index + 1 if body else len(layout.lines)
    for line in layout.lines[after:]:
        if len(line.text) <= s.SHORT_LINE_CHARS and s.COMMENTS_HEADING.match(line.text):
            return line.index
    return len(layout.lines)


def _candidates(layout: Layout, headline: int | None, headline_text: str | None,
                body: list[Line]) -> list[_Candidate]:
    found = []
    prose = _first_prose(layout, headline)
    comments = _comments_start(layout, body)
    for line in layout.lines[:comments]:
        in_menu = False
        if is_side(line.block) and not _post_footer(line, body):
            in_menu = _just_below(line, headline, prose)
            if not in_menu:
                continue  # comments, related lists, sidebars: other pages' times
        title_span = (-1, -1)
        if headline_text and line.index == headline and headline_text in line.text:
            at = line.text.index(headline_text)
            title_span = (at, at + len(headline_text))  # 8月15日起执行 in the headline is no byline
        for match in pubdate.find_dates(line.text):
            if match.start < title_span[1] and match.end > title_span[0]:
                continue
            if match.form in ("md", "relative") and match.clock is None and len(line.text) > s.SHORT_LINE_CHARS:
                continue  # 7月25日, 今天 inside a sentence is an event
            zone, label = _zone(line, headline, body, prose), _label_score(line.text, match)
            if in_menu and label <= 0:
                continue  # a bar under the headline named as a menu: only a labelled time (时间：…)
            weight = s.LABEL_WEIGHTS[zone] if label > 0 else 1.0  # a label against a date always counts
            score = s.ZONE_SCORES[zone] + label * weight
            if match.clock is not None:
                score += s.CLOCK_SCORE
            if len(line.text) <= s.SHORT_LINE_CHARS:
                score += s.SHORT_LINE_SCORE
            found.append(_Candidate(match, line, score))
    return found


def _resolve(match: pubdate.DateMatch, evidence: Evidence, now: datetime) -> str | None:
    """The ISO value of a printed date, completing what it leaves open from the evidence, then now."""
    days = evidence.days()
    if match.relative is not None:
        if evidence.stated:
            day, clock = evidence.stated[0]
            clock = match.clock or clock
            return datetime(day.year, day.month, day.day, *clock).isoformat() if clock else day.isoformat()
        return pubdate.parse_relative(match.relative, now)
    if match.day is None:  # a month only: a day only if the evidence gives it
        same = [d for d in days if (d.year, d.month) == (match.year, match.month)]
        return same[0].isoformat() if same else None
    if match.year is None:
        years = [d.year for d in days if (d.month, d.day) == (match.month, match.day)] or _script_years(match, evidence)
        if years:
            return match.on(years[0])
        for year in (now.year, now.year - 1):  # the year that keeps it not after now
            value = match.on(year)
            if value and value[:10] <= now.date().isoformat():
                return value
        return None
    if match.swappable:
        swapped = match.on(swap=True)
        if swapped and any(d.isoformat() == swapped[:10] for d in days):
            return swapped
    return match.on()


def _script_years(match: pubdate.DateMatch, evidence: Evidence) -> list[int]:
    """Years a page's scripts give a year-less byline's day: the one at the byline's minute first,
    then the most frequent."""
    found = [(d.year, clock is not None and match.clock is not None and clock[:2] == match.clock[:2])
             for d, clock in evidence.scripted if (d.month, d.day) == (match.month, match.day)]
    years = [year for year, _ in found]
    return [year for year, _ in sorted(found, key=lambda x: (not x[1], -years.count(x[0])))]


def _with_footer_clock(value: str, layout: Layout, body: list[Line]) -> str:
    """A date-only byline with the clock its post's footer gives alone (a blog's date heading above
    the post, "posted at 11:10 PM" below it)."""
    if "T" in value or not body:
        return value
    end = body[-1].index
    stop = min(end + s.POST_CLOCK_SPAN + 1, _comments_start(layout, body))
    for line in layout.lines[end - s.BODY_TAIL_LINES + 1:stop]:
        if is_side(line.block) or len(line.text) > s.POST_CLOCK_LINE_CHARS or pubdate.find_dates(line.text):
            continue  # comments, sidebars; a line with a date of its own
        clocks = pubdate.lone_clocks(line.text)
        if len(clocks) == 1:
            return f"{value}T{clocks[0][0]:02d}:{clocks[0][1]:02d}:00"
    return value


def _refined(value: str, evidence: Evidence) -> str:
    """The byline's time, as precise as evidence that agrees with it: a date-only byline gains the
    clock of a stated time on the same day, a byline without seconds the seconds of one at the same
    minute (<time datetime="…17:08:39">2022-09-07 17:08</time>)."""
    shown = value[:16] if value.endswith(":00") and "T" in value else value
    for day, clock in evidence.stated:
        if clock is None:
            continue
        stated = datetime(day.year, day.month, day.day, *clock).isoformat()
        if stated.startswith(shown) and len(stated) > len(value) or stated[:16] == shown and stated != value:
            return stated
    return value


def choose_published(tree: LexborHTMLParser, layout: Layout, headline: int | None, headline_text: str | None,
                     body: list[Line], page_url: str, now: datetime) -> str | None:
    """The publication time; headline is the index of the headline's first line (None if unseen)."""
    candidates = [c for c in _candidates(layout, headline, headline_text, body) if c.score >= s.MIN_BYLINE_SCORE]
    yearless = any(c.match.year is None and c.match.relative is None for c in candidates)
    evidence = page_evidence(tree, page_url, yearless)
    if not evidence.stated and not any(c.score >= s.STRONG_BYLINE_SCORE for c in candidates):
        # no byline and nothing stated yet: the scripts read to their end (WeChat sets var ct after
        # 2 MB of them, and shows only its recommendations' dates)
        found = (_as_instant(v) for v in _script_dates(tree, s.SCRIPT_FULL_SCAN_CHARS))
        evidence = replace(evidence, published=tuple(x for x in found if x is not None))
    # equal scores: the date the page states as published (an updated date beside it is not)
    candidates.sort(key=lambda c: (-c.score, not evidence.confirms(c.match.on(1) or "-"), c.line.index, c.match.start))
    for candidate in candidates:
        if candidate.score < s.STRONG_BYLINE_SCORE and evidence.stated:
            break  # a weak visible date loses to what the page states for machines
        value = _resolve(candidate.match, evidence, now)
        if value:
            return _with_footer_clock(_refined(value, evidence), layout, body)
    if evidence.stated:
        day, clock = evidence.stated[0]
        return datetime(day.year, day.month, day.day, *clock).isoformat() if clock else day.isoformat()
    return None
