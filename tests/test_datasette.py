"""A real `policyfeed serve` (Datasette) process on 127.0.0.1 against a demo database: Chinese search
from the search box's JSON API, the canned queries (the exemptions in force, nationwide ones
included; the exemptions covering an order, with regions by name as `check` resolves them), the
metadata on the table pages, and what the HTML pages show (words for codes, titles as links and
headings, the home page leading with the exemptions in force); a search of no word (punctuation, `*`)
finds nothing and an empty search box is no search, never a 400. What a browser renders (widths,
glyphs, the map) is tests/test_browser.py's."""
from __future__ import annotations

import html
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

TYPHOON = "1688平台调整受台风影响江浙沪地区交易发货时间"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datasette(demo_db):
    with serving(demo_db) as url:
        yield url, "demo"


@contextmanager
def serving(db: Path):
    """`policyfeed serve` on a free port of 127.0.0.1 until the block ends; yields its base URL. Its
    output goes to a file: a pipe nobody reads fills up (uvicorn logs every request) and stalls it."""
    port = _free_port()
    log = db.with_name(f"serve-{port}.log")
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "scraper.cli", "serve", "--db", str(db), "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.2)
        else:
            raise RuntimeError(f"policyfeed serve did not answer: {log.read_text(errors='replace')}")
        if process.poll() is not None:
            raise RuntimeError(f"policyfeed serve exited: {log.read_text(errors='replace')}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(url: str, path: str, **params):
    with urllib.request.urlopen(url + path + "?" + urllib.parse.urlencode(params), timeout=10) as r:
        body = r.read().decode("utf-8")
    return json.loads(body) if path.endswith(".json") else body


@pytest.mark.parametrize("query", ["发货", "台风", "受台风影响", "江浙沪"])
def test_search_box_finds_chinese(datasette, query):
    url, db = datasette
    rows = get(url, f"/{db}/announcements.json", _search=query, _shape="array", _col="title")
    titles = [r["title"] for r in rows]
    assert TYPHOON in titles, (query, titles)
    if query == "发货":
        assert len(titles) > 20  # a common word: many announcements
    if query == "受台风影响":
        assert all("台风" in t or "台风" in get(url, f"/{db}/announcements/{r['id']}.json", _shape="array")[0]["body"]
                   for t, r in zip(titles, rows, strict=False))


def test_search_for_absent_word_finds_nothing(datasette):
    url, db = datasette
    assert get(url, f"/{db}/announcements.json", _search="火星快递", _shape="array") == []


@pytest.mark.parametrize("region", ["杭州", "杭州市", "浙江省杭州市西湖区", "330106", "杭州西湖区"])
def test_canned_query_covers_hangzhou_during_the_typhoon(datasette, region):
    """A name, a short name, a path or a code: the typhoon exemption covers Hangzhou and its
    districts, as `policyfeed check` finds it; its regions read as names."""
    url, db = datasette
    rows = get(url, f"/{db}/exemptions_covering.json", region=region, at="2021-07-26T10:00:00", _shape="array")
    assert [r["title"] for r in rows] == [TYPHOON]
    row = rows[0]
    assert (row["from"], row["until"], row["cause"]) == ("2021-07-25 00:00:00", "2021-07-28 23:59:59", "typhoon")
    assert row["regions"].startswith("上海市；") and "浙江省杭州市、宁波市" in row["regions"]
    assert row["relief"] == "no compensation claims, no penalty points"
    assert row["region"].endswith(" 330106" if region in ("330106", "浙江省杭州市西湖区", "杭州西湖区") else " 330100")
    after = get(url, f"/{db}/exemptions_covering.json", region=region, at="2021-07-29T10:00", _shape="array")
    assert after == []


def test_canned_query_says_when_a_region_or_a_time_is_not_understood(datasette):
    url, db = datasette
    unknown = get(url, f"/{db}/exemptions_covering.json", region="火星", at="2021-07-26T10:00", _shape="array")
    assert len(unknown) == 1 and unknown[0]["region"].startswith("unknown region: 火星")
    assert unknown[0]["title"] is None
    bad_time = get(url, f"/{db}/exemptions_covering.json", region="杭州", at="7月26日", _shape="array")
    assert len(bad_time) == 1 and bad_time[0]["region"].startswith("not a time: 7月26日")
    assert get(url, f"/{db}/exemptions_covering.json", region="", at="", _shape="array") == []  # the empty form
    page = get(url, f"/{db}/exemptions_covering", region="火星", at="2021-07-26T10:00")
    assert '<strong class="pf-notice">unknown region: 火星' in page


def test_canned_query_finds_what_check_finds(datasette, demo_db):
    """For regions at every level and moments inside and outside every window, nationwide
    exemptions included, the canned query returns exactly the exemptions `check` returns."""
    from extract.regions import gazetteer
    from scraper.store import Store

    url, db = datasette
    with Store(demo_db, readonly=True) as store:
        moments = sorted({w["start"] for w in store.db.query("select start from policy_windows where start is not null")}
                         | {"2021-07-26T10:00:00", "2021-07-29T00:00:00", "2023-06-01T12:00:00", "2019-02-05"})
        for region in ("杭州", "浙江省杭州市西湖区", "上海市", "泸定县", "甘孜藏族自治州", "武汉市", "浙江省", "110105"):
            for at in moments:
                for basis in ("any", "paid", "ship_due"):
                    expected = [e["policy_id"] for e in store.covering_exemptions(
                        gazetteer().resolve(region), datetime.fromisoformat(at), basis)]
                    rows = get(url, f"/{db}/exemptions_covering.json", region=region, at=at, basis=basis,
                               _shape="array")
                    assert [r["policy_id"] for r in rows] == expected, (region, at, basis)


def test_in_force_lists_every_exemption_in_force_nationwide_ones_included(datasette, demo_db):
    from scraper.store import Store

    url, db = datasette
    typhoon = get(url, f"/{db}/in_force.json", at="2021-07-26T10:00:00", _shape="array")
    assert [r["title"] for r in typhoon] == [TYPHOON]
    assert typhoon[0]["regions"] == ("上海市；江苏省常州市、苏州市、南通市；"
                                     "浙江省杭州市、宁波市、嘉兴市、绍兴市、舟山市、台州市")
    assert typhoon[0]["time_basis"] == "payment time or shipping due time"
    with Store(demo_db, readonly=True) as store:
        def in_force(at: str) -> list[str]:
            return sorted(r["policy_id"] for r in store.db.query(
                """select distinct w.policy_id from policy_windows w join policies p on p.id = w.policy_id
                   where p.kind = 'exemption' and (w.start is not null or w."end" is not null)
                   and (w.start is null or w.start <= ?) and (w."end" is null or w."end" >= ?)""", [at, at]))

        for at in ("2021-01-20T12:00:00", "2021-02-10T00:00:00", "2020-01-25T08:00:00", "2024-01-01T00:00:00"):
            rows = get(url, f"/{db}/in_force.json", at=at, _shape="array")
            assert sorted(r["policy_id"] for r in rows) == in_force(at), at
            assert len({r["policy_id"] for r in rows}) == len(rows)  # one row per exemption
    both = get(url, f"/{db}/in_force.json", at="2020-01-25", _shape="array")  # Wuhan and the 2020 Spring Festival
    assert {r["regions"] for r in both} == {"湖北省武汉市", "全国"}
    now = get(url, f"/{db}/in_force.json", _shape="array")  # default: now; the epidemic rule has no end
    assert any(r["regions"] == "全国" and r["cause"] == "epidemic" and r["until"] == "open-ended" for r in now)
    home = get(url, "/")
    assert "Exemptions in force now" in home and "1688调整针对疫情期间商家理赔及处罚" in home
    assert home.index("Exemptions in force now") < home.index(f'href="/{db}"')  # before the list of tables


def test_pages_read_as_words_with_titles_as_links_and_headings(datasette):
    url, db = datasette
    policies = get(url, f"/{db}/policies", kind="exemption")
    reliefs = re.findall(r'<td class="col-relief[^"]*">(.*?)</td>', policies, re.DOTALL)
    assert reliefs and not any("no_compensation" in r or "[" in r for r in reliefs)
    assert "no compensation claims, no penalty points" in policies
    announcements = get(url, f"/{db}/announcements")
    assert re.search(r'<th [^>]*class="col-title"', announcements).start() < announcements.index('class="col-id"')
    assert '<span class="pf-same">same as url</span>' in announcements
    assert '<div class="pf-long">' in announcements  # long text: its first lines here (the stylesheet)
    typhoon = get(url, f"/{db}/announcements.json", _shape="array", title=TYPHOON)[0]
    row_page = get(url, f"/{db}/announcements/{typhoon['id']}")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", row_page, re.DOTALL).group(1)
    assert heading.strip() == TYPHOON
    assert typhoon["body"].split("\n")[0] in html.unescape(row_page)  # all of the text, not cut
    exemption = get(url, f"/{db}/exemptions.json", _shape="array", cause="typhoon", title=TYPHOON)[0]
    policy_page = get(url, f"/{db}/policies/{exemption['policy_id']}")
    assert "浙江省杭州市、宁波市" in policy_page
    in_force = get(url, f"/{db}/in_force", at="2021-07-26T10:00:00")
    assert f'<a href="/{db}/announcements/{typhoon["id"]}">{TYPHOON}</a>' in in_force
    css = urllib.request.urlopen(url + "/-/policyfeed.css", timeout=10)
    assert css.headers["content-type"].startswith("text/css") and b".pf-long" in css.read()


def test_announcement_list_has_facets_by_feed_year_cause_kind_and_province(datasette):
    url, db = datasette
    facets = get(url, f"/{db}/announcement_list.json", _size=1)["facet_results"]
    assert {"feeds", "year", "causes", "kinds", "provinces"} <= set(facets)
    provinces = {v["value"] for v in facets["provinces"]["results"]}
    assert {"全国", "浙江省", "上海市"} <= provinces
    typhoons = get(url, f"/{db}/announcement_list.json", _shape="array", causes__arraycontains="typhoon")
    assert TYPHOON in [r["title"] for r in typhoons]


def test_canned_queries_are_sql_on_several_short_lines():
    from scraper.serve import metadata_for

    queries = metadata_for("data/demo.db")["databases"]["demo"]["queries"]
    assert list(queries)[:2] == ["in_force", "exemptions_covering"]
    for name, query in queries.items():
        lines = query["sql"].splitlines()
        assert len(lines) > 3 and max(map(len, lines)) <= 110, name


def test_the_canned_queries_take_the_window_rule_from_check():
    """"A window holds the moment" is written once (scraper.check.window_holds): the .sql files name
    it, and the SQL Datasette gets has it one condition a line, as policyfeed check applies it."""
    from scraper.check import window_holds
    from scraper.serve import canned_sql, metadata_for

    queries = metadata_for("data/demo.db")["databases"]["demo"]["queries"]
    rule = "  where " + window_holds("w", "m.at", joiner="\n    and ") + "\n"
    for name in ("in_force", "exemptions_covering"):
        text = (Path(__file__).resolve().parents[1] / "data/datasette/queries" / f"{name}.sql").read_text("utf-8")
        assert "{{ window_holds(w, m.at) }}" in text and "<= m.at" not in text, name
        assert queries[name]["sql"].count(rule) == 1, name
    assert not any("window_holds" in query["sql"] for query in queries.values())
    assert canned_sql("select 1\n  where {{ window_holds(v, :at) }}\n") == (
        "select 1\n  where " + window_holds("v", ":at", joiner="\n    and ") + "\n")


def test_canned_search_and_calendar(datasette):
    url, db = datasette
    found = get(url, f"/{db}/search_announcements.json", q="受台风影响", _shape="array")
    assert TYPHOON in [r["title"] for r in found]
    upcoming = get(url, f"/{db}/upcoming_effective_dates.json", from_date="2024-09-01", _shape="array")
    dates = [r["effective_date"] for r in upcoming]
    assert dates == sorted(dates) and "2024-09-05" in dates and all(d >= "2024-09-01" for d in dates)


def test_table_pages_show_descriptions_and_facets(datasette):
    url, db = datasette
    page = get(url, f"/{db}/policies")
    assert "One row per extracted record" in page
    facets = get(url, f"/{db}/policies.json")["facet_results"]
    assert {"kind", "cause", "address", "source"} <= set(facets)
    kinds = {v["value"] for v in facets["kind"]["results"]}
    assert kinds == {"duration", "effective_date", "exemption", "window", "restoration"}
    home = get(url, f"/{db}")
    assert "exemptions_by_region" in home and "Exemptions covering an order" in home
    rows = get(url, f"/{db}/exemptions_by_region.json", _shape="array", region_code="330100")
    assert rows and rows[0]["region_name"] == "杭州市" and rows[0]["province"] == "浙江省"


# --- queries without a word -------------------------------------------------------------------

def status_of(url: str, path: str, **params) -> int:
    try:
        with urllib.request.urlopen(url + path + "?" + urllib.parse.urlencode(params), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.mark.parametrize("query", ["*", "!!!", "，。！", '"', '""', "* -", "NOT", "（）", "\x00"])
def test_search_of_no_word_finds_nothing(datasette, query):
    """Only punctuation or FTS5 operators: no word to look for, so no row (Datasette does the same
    with its own escape_fts); it used to be a 400, fts5: syntax error."""
    url, db = datasette
    assert status_of(url, f"/{db}/announcements.json", _search=query) == 200
    assert get(url, f"/{db}/announcements.json", _search=query, _shape="array") == []
    assert get(url, f"/{db}/search_announcements.json", q=query, _shape="array") == []


@pytest.mark.parametrize("query", ["", "   ", "\u3000"])
def test_empty_search_box_is_no_search(datasette, query):
    """Datasette's table form sends _search= with every filter: an empty box filters nothing (all
    rows, with the other filters applied) instead of Datasette 0.65's 400."""
    url, db = datasette
    everything = get(url, f"/{db}/announcements.json")["filtered_table_rows_count"]
    assert everything > 100
    assert status_of(url, f"/{db}/announcements.json", _search=query) == 200
    assert get(url, f"/{db}/announcements.json", _search=query)["filtered_table_rows_count"] == everything
    assert get(url, f"/{db}/announcements.json", _search=query, id=get(
        url, f"/{db}/announcements.json", _shape="array", _size=1)[0]["id"])["filtered_table_rows_count"] == 1
    assert status_of(url, f"/{db}/announcements", _search=query) == 200  # the HTML page too


def test_canned_search_with_an_empty_query_finds_nothing(datasette):
    """The canned query is a search form: with nothing typed it lists nothing (no error)."""
    url, db = datasette
    assert get(url, f"/{db}/search_announcements.json", q="", _shape="array") == []
    assert status_of(url, f"/{db}/search_announcements") == 200


def test_drop_blank_search_keeps_everything_else():
    from scraper.datasette_plugin import drop_blank_search

    assert drop_blank_search(b"_search=&kind=exemption") == b"kind=exemption"
    assert drop_blank_search(b"_search=+%E3%80%80&_search_title=&_sort=id") == b"_sort=id"
    typhoon = b"_search=%E5%8F%B0%E9%A3%8E&_searchmode=raw"
    assert drop_blank_search(typhoon) == typhoon


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=20), st.lists(st.sampled_from(
    list('台风发货受影响 "*-+^:()（），。{}[]\u3000\t\\\'')
    + ["NEAR", "AND", "OR", "NOT", "title:", "受台风影响", "\x00"]), max_size=12).map("".join)))
def test_any_typed_query_is_valid_fts5(query):
    """Whatever is typed, fts_query gives FTS5 a valid query (no syntax error, ever; a NUL once
    gave "unterminated string")."""
    import sqlite3

    from scraper.store.search import fts_query

    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(title, text)")
    conn.execute("insert into t values ('受 台风 影响', '发货')")
    conn.execute("select rowid from t where t match ?", [fts_query(query)]).fetchall()
