"""Feeds and calendars to subscribe to, from a real `policyfeed serve` on a demo database: the Atom
feed of new and changed exemptions (the exemption_feed canned query, rendered by datasette-atom) read
with feedparser, and the iCalendar file of exemption windows and effective dates (exemption_calendar,
rendered by scraper/datasette_calendar.py) read with the icalendar library - both independent of the
code that writes them. Per region (containment as in `policyfeed check`) and per cause (a code or its
Chinese word); a withdrawn exemption appears in the feed saying so; the feed carries the exemption
events `policyfeed export` gives. The calendar writer's own rules (all-day or timed, open windows,
folding, escaping) are checked as functions too."""
from __future__ import annotations

import json
import re
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing
from datetime import date, datetime, timedelta, timezone

import feedparser
import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.datasette_calendar import calendar_text, escape_text, event_span, fold
from tests.test_datasette import TYPHOON, serving

RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)")
SHANGHAI = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def served(demo_db):
    with serving(demo_db) as url:
        yield url + "/demo"


@pytest.fixture(scope="module")
def typhoon_url(demo_db) -> str:
    with closing(sqlite3.connect(demo_db)) as conn:
        return conn.execute("select url from announcements where title = ?", [TYPHOON]).fetchone()[0]


def fetch(base: str, path: str, **params: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET (an error status too)."""
    url = f"{base}/{path}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=20) as r:
            return r.status, r.headers["content-type"], r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers["content-type"], e.read()


def feed(base: str, **params: str):
    status, content_type, body = fetch(base, "exemption_feed.atom", **params)
    assert status == 200 and "xml" in content_type, (status, body[:300])
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def calendar(base: str, **params: str) -> icalendar.Calendar:
    status, content_type, body = fetch(base, "exemption_calendar.ics", **params)
    assert status == 200 and content_type.startswith("text/calendar"), (status, body[:300])
    return icalendar.Calendar.from_ical(body)


# --- the Atom feed ---------------------------------------------------------------------------------

@pytest.mark.parametrize("region", ["杭州", "杭州市", "浙江省杭州市西湖区", "330106"])
def test_feed_for_a_region_has_the_typhoon_exemption(served, typhoon_url, region):
    """The typhoon exemption names 杭州市 (and 上海市, 宁波市 …): its feed and the feed of a district in
    it list it, with the announcement as link and where, why and until when as the title; nationwide
    exemptions (全国) are in every region's feed."""
    parsed = feed(served, region=region)
    typhoon = [e for e in parsed.entries if e.link == typhoon_url]
    assert len(typhoon) == 1, [e.title for e in parsed.entries]
    title = typhoon[0].title
    assert "浙江省杭州市、宁波市" in title and "台风" in title and title.endswith("至 2021-07-28 23:59"), title
    assert "不扣分" in title and "不理赔" in title
    content = typhoon[0].content[0].value
    assert "2021-07-25 00:00:00 至 2021-07-28 23:59:59" in content and TYPHOON in content
    assert any(e.title.startswith("全国 · ") for e in parsed.entries)
    assert all(RFC3339.fullmatch(e.updated) for e in parsed.entries)
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


@pytest.mark.parametrize("region, other_typhoon", [("北京", False), ("110105", False), ("温州", True),
                                                  ("浙江省", False)])
def test_feed_for_a_region_the_typhoon_misses(served, typhoon_url, region, other_typhoon):
    """北京 and its districts are not covered by the 2021 typhoon; 温州 is not either, but by the 2019
    one (温州市、台州市). Containment goes up, as in `policyfeed check`: an exemption for 杭州市 does not
    cover all of 浙江省."""
    parsed = feed(served, region=region)
    assert parsed.entries and typhoon_url not in [e.link for e in parsed.entries]
    assert any("台风" in e.title for e in parsed.entries) == other_typhoon
    assert any(e.title.startswith("全国 · ") for e in parsed.entries)


def test_cause_by_code_or_by_word_filters_the_same(served, typhoon_url):
    by_word, by_code = feed(served, cause="台风"), feed(served, cause="typhoon")
    assert [e.id for e in by_word.entries] == [e.id for e in by_code.entries]
    assert len(by_word.entries) == 2 and all(" · 台风 · " in e.title for e in by_word.entries)
    hangzhou = feed(served, region="杭州", cause="台风")
    assert [e.link for e in hangzhou.entries] == [typhoon_url]


@pytest.mark.parametrize("params, says", [
    ({"region": "火星"}, "unknown region: 火星"),
    ({"cause": "火山"}, "unknown cause: 火山"),
    ({"since": "999"}, "unknown crawl run: 999"),
    ({"region": "杭州", "cause": "地震"}, "尚无符合条件的豁免：浙江省杭州市 · 地震"),
])
def test_a_feed_with_nothing_to_show_says_why(served, params, says):
    """An unknown region, cause or run gives one entry saying so (exemptions_covering's notice row);
    a feed with no event gives one entry saying there is none yet - never an error (datasette-atom
    answers an empty query with a 500)."""
    parsed = feed(served, **params)
    assert [e.title[:len(says)] for e in parsed.entries] == [says]
    rows = get_json(served, "exemption_feed.json", **params)
    assert [r["event"] for r in rows] == ["notice"]


def get_json(base: str, path: str, **params: str) -> list[dict]:
    status, _, body = fetch(base, path, _shape="array", **params)
    assert status == 200, body[:300]
    return json.loads(body)


@pytest.mark.parametrize("since", ["", "1"])
def test_feed_carries_the_exemption_events_export_gives(served, demo_db, since):
    """The same exemption and restoration events, newest first, as `policyfeed export --since` (oldest
    first); the entry's time is the event's local time in UTC."""
    from scraper.export import changes_since
    from scraper.store import Store

    with Store(demo_db, readonly=True) as store:
        exported = [c for c in changes_since(store.db, int(since) if since else None)
                    if c["kind"] in ("exemption", "restoration")]
    rows = get_json(served, "exemption_feed.json", since=since)
    assert [(r["event"], r["at"], r["policy_id"]) for r in reversed(rows)] == [
        (c["event"], c["at"], c["policy_id"]) for c in exported]
    assert [r["url"] for r in reversed(rows)] == [c["url"] for c in exported]
    parsed = feed(served, since=since)
    assert len(parsed.entries) == len(exported) == 15  # 13 exemptions, 2 restorations
    for entry, row in zip(parsed.entries, rows, strict=True):
        local = datetime.fromisoformat(row["at"]).astimezone(timezone.utc)
        assert datetime.fromisoformat(entry.updated.replace("Z", "+00:00")) == local


@pytest.fixture(scope="module")
def withdrawn(demo_db, tmp_path_factory):
    """A copy of the demo database in which the typhoon announcement no longer gives its exemption (a
    re-extraction that finds nothing), served."""
    from extract import Extraction
    from scraper.store import Store

    copy = tmp_path_factory.mktemp("withdrawn") / "demo.db"
    with closing(sqlite3.connect(demo_db)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    with Store(copy) as store:
        ann_id = store.db.execute("select id from announcements where title = ?", [TYPHOON]).fetchone()[0]
        store.replace_policies(ann_id, Extraction())
    with serving(copy) as url:
        yield url + "/demo"


def test_a_withdrawn_exemption_is_an_entry_saying_so(served, withdrawn, typhoon_url):
    """Withdrawn, the exemption is left only in the change log's record: its entry says where, why and
    until when as the entry of its appearance did, and that it was withdrawn; the calendar drops it."""
    before = [e for e in feed(served, region="杭州").entries if e.link == typhoon_url]
    after = [e for e in feed(withdrawn, region="杭州").entries if e.link == typhoon_url]
    assert [e.title for e in after] == ["已撤回：" + before[0].title, before[0].title]
    assert "公告中已不再有这项豁免" in after[0].content[0].value
    assert "2021-07-25 00:00:00 至 2021-07-28 23:59:59" in after[0].content[0].value
    assert typhoon_url not in [str(e.get("URL")) for e in calendar(withdrawn, region="杭州").walk("VEVENT")]


EPIDEMIC_RELIEF = "1688调整针对疫情期间商家理赔及处罚"  # the demo's open-ended nationwide exemption (2022-12-28 on)
RESTORED = ("鉴于疫情形势好转，自2023年3月1日起恢复正常考核与赔付。", "2023-02-25T10:00:00")


@pytest.fixture(scope="module")
def ended(demo_db, tmp_path_factory):
    """A copy of the demo database with one more announcement, our own sentence restoring the normal
    rules after the epidemic from 2023-03-01 (which ends the demo's open-ended epidemic relief), served."""
    from extract import extract
    from scraper.store import Store

    copy = tmp_path_factory.mktemp("ended") / "demo.db"
    with closing(sqlite3.connect(demo_db)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    with Store(copy) as store:
        url = "http://example.test/restored.html"
        ann = store.upsert_list_item("sample-tag-1688", url, "恢复正常考核", url, RESTORED[1], None).id
        store.set_article(ann, url, "恢复正常考核", RESTORED[1], RESTORED[0])
        store.replace_policies(ann, extract(RESTORED[0], RESTORED[1], "恢复正常考核"))
    with serving(copy) as url:
        yield url + "/demo"


def test_an_ended_exemption_says_so_in_the_feed_and_ends_in_the_calendar(served, ended):
    """The feed gains the restoration ("豁免结束：…") and the ended exemption reads until its end; the
    calendar's event for it ends when the later announcement ended it, not "no end announced"."""
    before = {e.title for e in feed(served, region="杭州", cause="疫情").entries}
    after = {e.title for e in feed(ended, region="杭州", cause="疫情").entries}
    assert "全国 · 疫情 · 不理赔 · 自 2022-12-28 00:00 起，未公布结束时间" in before
    assert after - before == {"豁免结束：全国 · 疫情 · 自 2023-03-01 00:00 起恢复正常规则",
                              "全国 · 疫情 · 不理赔 · 至 2023-03-01 00:00（后续公告已结束）"}
    events = [e for e in calendar(ended, region="杭州", cause="epidemic").walk("VEVENT")
              if EPIDEMIC_RELIEF in str(e["DESCRIPTION"])]
    assert [(e.decoded("DTSTART").date(), e.decoded("DTEND").date()) for e in events] == [
        (date(2022, 12, 28), date(2023, 3, 1))]
    assert "后续公告已结束" in str(events[0]["SUMMARY"])


# --- the calendar ----------------------------------------------------------------------------------

@pytest.mark.parametrize("region", ["杭州", "浙江省杭州市西湖区", "330106"])
def test_calendar_for_a_region_has_the_typhoon_window_as_a_timed_event(served, typhoon_url, region):
    cal = calendar(served, region=region)
    events = cal.walk("VEVENT")
    assert events and len({str(e["UID"]) for e in events}) == len(events)
    typhoon = [e for e in events if str(e.get("URL")) == typhoon_url]
    assert len(typhoon) == 1
    start, end = typhoon[0]["DTSTART"].dt, typhoon[0]["DTEND"].dt
    assert isinstance(start, datetime) and isinstance(end, datetime)
    assert start.replace(tzinfo=None) == datetime(2021, 7, 25) and start.utcoffset() == timedelta(hours=8)
    assert end.replace(tzinfo=None) == datetime(2021, 7, 28, 23, 59, 59)
    summary = str(typhoon[0]["SUMMARY"])
    assert "浙江省杭州市" in summary and "台风" in summary
    assert typhoon_url in str(typhoon[0]["DESCRIPTION"]) and TYPHOON in str(typhoon[0]["DESCRIPTION"])
    effective = [e for e in events if str(e["SUMMARY"]).startswith("规则生效")]
    assert effective and all(type(e["DTSTART"].dt) is date for e in effective)  # all-day
    assert all(e["DTEND"].dt - e["DTSTART"].dt == timedelta(days=1) for e in effective)
    assert any(e["DTSTART"].dt == date(2024, 9, 5) for e in effective)
    open_ended = [e for e in events if "未公布结束时间" in str(e["SUMMARY"])]  # the epidemic rule
    assert [(e["DTSTART"].dt.replace(tzinfo=None), e["DTEND"].dt.replace(tzinfo=None)) for e in open_ended] == [
        (datetime(2022, 12, 28), datetime(2022, 12, 29))]


def test_calendar_lines_are_crlf_and_folded(served):
    status, _, body = fetch(served, "exemption_calendar.ics", region="杭州")
    assert status == 200 and body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    assert max(len(line) for line in body.split(b"\r\n")) <= 75
    assert any(line.startswith(b" ") for line in body.split(b"\r\n"))  # long Chinese lines were folded


def test_calendar_region_and_cause_filters(served, typhoon_url):
    beijing = calendar(served, region="北京").walk("VEVENT")
    assert beijing and typhoon_url not in [str(e.get("URL")) for e in beijing]
    by_word, by_code = (calendar(served, region="杭州", cause=c).walk("VEVENT") for c in ("台风", "typhoon"))
    assert [str(e["UID"]) for e in by_word] == [str(e["UID"]) for e in by_code]
    assert [str(e["URL"]) for e in by_word] == [typhoon_url]  # no effective dates: they have no cause


@pytest.mark.parametrize("params, says", [({"region": "火星"}, "unknown region: 火星"),
                                          ({"cause": "火山"}, "unknown cause: 火山")])
def test_calendar_of_an_unknown_region_is_a_400_saying_so(served, params, says):
    """A calendar app reports the bad URL when subscribing; the query page shows the notice row."""
    status, content_type, body = fetch(served, "exemption_calendar.ics", **params)
    assert status == 400 and content_type.startswith("text/plain") and body.decode().startswith(says)
    assert [r["notice"][:len(says)] for r in get_json(served, "exemption_calendar.json", **params)] == [says]


# --- the calendar writer's rules -------------------------------------------------------------------

@pytest.mark.parametrize("start, end, expected", [
    ("2021-07-25", "2021-07-28", (date(2021, 7, 25), date(2021, 7, 29))),  # all-day; DTEND is the day after
    ("2021-07-25", "2021-07-25", (date(2021, 7, 25), date(2021, 7, 26))),  # an effective date
    ("2021-07-25T00:00:00", "2021-07-28T23:59:59", (datetime(2021, 7, 25), datetime(2021, 7, 28, 23, 59, 59))),
    ("2021-07-25", "2021-07-28T12:00:00", (datetime(2021, 7, 25), datetime(2021, 7, 28, 12))),  # mixed: timed
    ("2021-07-25T08:00:00", "2021-07-28", (datetime(2021, 7, 25, 8), datetime(2021, 7, 29))),
    ("2022-12-28", None, (date(2022, 12, 28), date(2022, 12, 29))),  # no end announced: its first day
    ("2022-12-28T09:30:00", None, (datetime(2022, 12, 28, 9, 30), datetime(2022, 12, 29))),
    (None, "2023-01-08", (date(2023, 1, 8), date(2023, 1, 9))),  # no start announced: its last day
    (None, "2023-01-08T18:00:00", (datetime(2023, 1, 8), datetime(2023, 1, 8, 18))),
    (None, "2023-01-08T00:00:00", (datetime(2023, 1, 8), None)),  # a moment
    ("2021-07-28T10:00:00", "2021-07-25T10:00:00", (datetime(2021, 7, 28, 10), None)),  # reversed: its start
    (None, None, None),
])
def test_event_span(start, end, expected):
    span = event_span(start, end)
    assert span == expected
    if span is not None:
        assert all(type(v) is type(expected[0]) for v in span if v is not None)


@pytest.mark.parametrize("text, escaped", [
    ("上海市；浙江省杭州市、宁波市", "上海市；浙江省杭州市、宁波市"),  # full-width punctuation is not escaped
    ("a,b;c\\d", "a\\,b\\;c\\\\d"),
    ("地区：全国\n时间：…\r\n依据", "地区：全国\\n时间：…\\n依据"),
])
def test_escape_text(text, escaped):
    assert escape_text(text) == escaped


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("台风杭州市ab ,;\\\n\U0001f300é")), max_size=200))
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_line(text):
    line = "DESCRIPTION:" + escape_text(text)
    folded = fold(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded.replace("\r\n ", "") == line
    assert not any(re.search(r"(?<!\\)(\\\\)*\\$", p) for p in physical[:-1])  # no escape cut in two


def test_what_is_written_is_what_icalendar_reads():
    """Commas, semicolons, backslashes and line breaks in a summary survive; a window of dates is
    all-day, one with times is timed in Asia/Shanghai; DTSTAMP is UTC."""
    tricky = "北京, 上海; C:\\路径\n第二行" + "很长的说明" * 30
    text = calendar_text("Exemption calendar · 杭州", [
        {"event_uid": "a@x", "event_name": tricky, "event_dtstart": "2021-07-25", "event_dtend": "2021-07-28",
         "event_description": tricky, "event_url": "http://example.com/a?b=1,2", "event_dtstamp": "2021-07-26T01:00:00Z"},
        {"event_uid": "b@x", "event_name": "timed", "event_dtstart": "2021-07-25T00:00:00",
         "event_dtend": "2021-07-28T23:59:59"},
        {"event_uid": "c@x", "event_name": "no bound", "event_dtstart": None, "event_dtend": None},
    ], now=datetime(2024, 1, 1, tzinfo=timezone.utc))
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["X-WR-CALNAME"]) == "Exemption calendar · 杭州"
    first, second = cal.walk("VEVENT")
    assert str(first["SUMMARY"]) == tricky and str(first["DESCRIPTION"]) == tricky
    assert str(first["URL"]) == "http://example.com/a?b=1,2"
    assert (first["DTSTART"].dt, first["DTEND"].dt) == (date(2021, 7, 25), date(2021, 7, 29))
    assert first["DTSTAMP"].dt == datetime(2021, 7, 26, 1, tzinfo=timezone.utc)
    assert second["DTSTART"].dt == datetime(2021, 7, 25, tzinfo=SHANGHAI)
    assert second["DTEND"].dt == datetime(2021, 7, 28, 23, 59, 59, tzinfo=SHANGHAI)
    assert second["DTSTAMP"].dt == datetime(2024, 1, 1, tzinfo=timezone.utc)
