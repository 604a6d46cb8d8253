"""A real `policyfeed serve` (Datasette) process on 127.0.0.1 against a demo database: Chinese search
from the search box's JSON API, the canned query, and the metadata on the table pages; a search of no
word (punctuation, `*`) finds nothing and an empty search box is no search, never a 400."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.crawl import run_crawl
from scraper.demo import demo_config
from scraper.samplesite import serve_sample_site

TYPHOON = "1688平台调整受台风影响江浙沪地区交易发货时间"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datasette(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "demo.db"
    with serve_sample_site(port=None) as base:
        run_crawl(demo_config(base, delay=0), db)
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "scraper.cli", "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError(process.stdout.read().decode())
    yield url, "demo"
    process.terminate()
    process.wait(timeout=10)


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
                   for t, r in zip(titles, rows))


def test_search_for_absent_word_finds_nothing(datasette):
    url, db = datasette
    assert get(url, f"/{db}/announcements.json", _search="火星快递", _shape="array") == []


def test_canned_query_covers_hangzhou_during_the_typhoon(datasette):
    url, db = datasette
    rows = get(url, f"/{db}/exemptions_covering.json", region="杭州市", at="2021-07-26T10:00", _shape="array")
    assert [r["title"] for r in rows] == [TYPHOON]
    assert rows[0]["start"] == "2021-07-25T00:00:00" and rows[0]["cause"] == "typhoon"
    by_code = get(url, f"/{db}/exemptions_covering.json", region="330106", at="2021-07-26T10:00", _shape="array")
    assert [r["title"] for r in by_code] == [TYPHOON]  # a district of 杭州市 is covered too
    after = get(url, f"/{db}/exemptions_covering.json", region="杭州市", at="2021-07-29T10:00", _shape="array")
    assert after == []


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
    assert kinds == {"duration", "effective_date", "exemption", "window"}
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

    from scraper.search import fts_query

    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(title, text)")
    conn.execute("insert into t values ('受 台风 影响', '发货')")
    conn.execute("select rowid from t where t match ?", [fts_query(query)]).fetchall()
