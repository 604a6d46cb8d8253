"""The database as other services see it: migrations keep every row, revisions of changed articles,
the export change log, `check` containment, and readers polling during a crawl."""
from __future__ import annotations

import json
import sqlite3
import threading

import pytest
import sqlite_utils
from click.testing import CliRunner

from extract import extract
from extract.regions import gazetteer
from scraper.check import covering_exemptions
from scraper.cli import cli
from scraper.config import parse_config
from scraper.crawl import run_crawl
from scraper.export import UnknownRun, changes_since
from scraper.store import Store, migrations
from scraper.store.search import fts_query, rebuild, search
from tests.sites import FeedSite, SiteServer
from tests.test_crawl import config_for

TYPHOON = ("收货地址或发货地址在上海市，浙江省杭州市、宁波市的订单，付款时间或应发时间在2021年7月25日00:00:00到"
           "2021年7月28号23:59:59的，平台将不进行扣分和理赔处理。")
QUAKE = ("收货地址在四川省甘孜藏族自治州泸定县的订单，付款时间在2022年9月4日至9月15日的，系统将自动剔除考核。")


@pytest.fixture
def store(db_path):
    s = Store(db_path)
    s.upsert_feed("f", ["http://x/1"], ["x"])
    for url, text, published in (("http://x/typhoon", TYPHOON, "2021-07-26T17:32:11"),
                                 ("http://x/quake", QUAKE, "2022-09-07T17:08:39")):
        ann = s.upsert_list_item("f", "http://x/1", "受台风影响地区交易发货时间调整", url, published, text[:20]).id
        s.set_article(ann, url, None, published, text)
        s.replace_policies(ann, extract(text, published))
    yield s
    s.close()


def test_migration_from_the_previous_version_keeps_every_row(db_path):
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before="m002_search_revisions_events_views")
    db["feeds"].insert({"name": "f", "start_urls": "[]", "allowed_hosts": "[]", "walk_complete": 1})
    db["announcements"].insert({"id": "a1", "url": "http://x/a1", "title": "台风影响发货", "body": TYPHOON})
    db["policies"].insert({"id": "p1", "announcement_id": "a1", "kind": "exemption", "evidence": "…"})
    db["policy_regions"].insert({"policy_id": "p1", "region_code": "330100"})
    before = {t: db[t].count for t in ("feeds", "announcements", "policies", "policy_regions", "regions")}
    db.close()
    store = Store(db_path)  # applies m002 to m006
    assert store.schema_version() == ["m001_initial", "m002_search_revisions_events_views",
                                      "m003_every_window_and_announcement_regions",
                                      "m004_region_names_coordinates_readable_views",
                                      "m005_terms_for_relief_beyond_shipping", "m006_exemption_ends"]
    assert {t: store.db[t].count for t in before} == before
    assert [r["id"] for r in search(store.db, "台风")] == ["a1"]  # the old rows were indexed
    store.close()


def test_m005_gives_words_to_the_new_causes_and_relief_and_keeps_the_old_ones(db_path):
    """A database at m004, whose terms lack fee_waived, disaster and weather, and still call
    deadline_extended a shipping deadline: after m005 every coded value has its words."""
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before="m005_terms_for_relief_beyond_shipping")
    db.execute("delete from terms where value in ('fee_waived', 'disaster', 'weather', 'outage')")
    db.execute("update terms set words = 'shipping deadline extended' where value = 'deadline_extended'")
    old = db["terms"].count
    db.close()
    store = Store(db_path)
    words = {(r["field"], r["value"]): r["words"] for r in store.db["terms"].rows}
    assert words[("relief", "fee_waived")] == "fee waived"
    assert words[("cause", "disaster")] == "disaster" and words[("cause", "weather")] == "severe weather"
    assert words[("relief", "deadline_extended")] == "deadline extended"
    assert words[("relief", "no_penalty")] == "no penalty points"
    assert words[("cause", "outage")] == "system outage"
    assert len(words) == old + 4
    store.close()


def test_m006_links_stored_restorations_to_the_exemptions_they_end(db_path):
    """A database at m005 that already holds an open-ended exemption and a later restoration (rows as
    an m005 crawl wrote them): after m006 every row stays, exemption_ends links the two, and the
    exemptions view says since when the exemption ran and when it ended."""
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before="m006_exemption_ends")
    db["announcements"].insert_all([
        {"id": "a1", "url": "http://x/a1", "title": "上海疫情发货调整", "published_at": "2022-03-31T18:00:00"},
        {"id": "a2", "url": "http://x/a2", "title": "上海恢复正常考核", "published_at": "2022-05-28T10:00:00"}])
    db["policies"].insert_all([
        {"id": "p1", "announcement_id": "a1", "kind": "exemption", "cause": "epidemic", "start": "2022-04-01T00:00:00",
         "evidence": "暂停考核"},
        {"id": "p2", "announcement_id": "a2", "kind": "restoration", "cause": "epidemic",
         "date": "2022-06-01T00:00:00", "evidence": "恢复正常考核"}])
    db["policy_windows"].insert({"policy_id": "p1", "position": 0, "start": "2022-04-01T00:00:00", "end": None})
    db["policy_regions"].insert_all([{"policy_id": "p1", "region_code": "310000"},
                                     {"policy_id": "p2", "region_code": "310000"}])
    tables = ("announcements", "policies", "policy_windows", "policy_regions", "regions", "terms")
    before = {t: db[t].count for t in tables}
    db.close()
    store = Store(db_path)
    assert {t: store.db[t].count for t in tables} == before
    assert [dict(r) for r in store.db.query("select policy_id, ended_at, ended_by from exemption_ends")] == [
        {"policy_id": "p1", "ended_at": "2022-06-01T00:00:00", "ended_by": "p2"}]
    row = next(store.db.query("select since, ended_at, ended_by_title from exemptions where policy_id = 'p1'"))
    assert row == {"since": "2022-04-01T00:00:00", "ended_at": "2022-06-01T00:00:00", "ended_by_title": "上海恢复正常考核"}
    store.close()


def test_m003_keeps_every_row_and_moves_each_stored_window_into_policy_windows(db_path):
    """A database of the previous version: every row stays, and each policy's one stored window
    (policies.start/end) becomes its first row in policy_windows."""
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before="m003_every_window_and_announcement_regions")
    db["feeds"].insert({"name": "f", "start_urls": "[]", "allowed_hosts": "[]", "walk_complete": 1})
    db["announcements"].insert({"id": "a1", "url": "http://x/a1", "title": "台风影响发货", "body": TYPHOON})
    db["policies"].insert_all([
        {"id": "p1", "announcement_id": "a1", "kind": "exemption", "start": "2021-07-25T00:00:00",
         "end": "2021-07-28T23:59:59", "evidence": "…"},
        {"id": "p2", "announcement_id": "a1", "kind": "window", "start": "2021-07-25T00:00:00", "end": None,
         "evidence": "…"},
        {"id": "p3", "announcement_id": "a1", "kind": "duration", "hours": 48, "evidence": "…"}])
    db["policy_regions"].insert({"policy_id": "p1", "region_code": "330100"})
    db["policy_events"].insert({"at": "2021-07-26T00:00:00", "event": "new", "policy_id": "p1"})
    tables = ("feeds", "announcements", "policies", "policy_regions", "policy_events", "regions")
    before = {t: db[t].count for t in tables}
    db.close()
    store = Store(db_path)
    assert {t: store.db[t].count for t in tables} == before
    windows = [(r["policy_id"], r["position"], r["start"], r["end"]) for r in store.db.query(
        "select * from policy_windows order by policy_id")]
    assert windows == [("p1", 0, "2021-07-25T00:00:00", "2021-07-28T23:59:59"),
                       ("p2", 0, "2021-07-25T00:00:00", None)]
    assert store.db["announcement_regions"].count == 0  # filled by the next extraction (reparse)
    store.close()


def test_m004_keeps_every_row_and_adds_names_coordinates_words_and_views(db_path):
    """A database of the previous version (m003): every row of every table stays; regions gain a path
    and coordinates (and a gazetteer region the file lacked is added back); region_names, terms and
    the views answer for the rows that were there."""
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before="m004_region_names_coordinates_readable_views")
    db["feeds"].insert({"name": "f", "start_urls": "[]", "allowed_hosts": "[]", "walk_complete": 1})
    db["announcements"].insert_all([
        {"id": "a1", "url": "http://x/a1", "title": "台风影响发货", "body": TYPHOON, "published_at": "2021-07-26T17:32:11"},
        {"id": "a2", "url": "http://x/a2", "title": "春节发货安排", "body": "春节", "published_at": "2021-01-20"}])
    db["announcement_feeds"].insert({"announcement_id": "a1", "feed": "f", "list_title": "台风影响发货"})
    db["policies"].insert_all([
        {"id": "p1", "announcement_id": "a1", "kind": "exemption", "start": "2021-07-25T00:00:00",
         "end": "2021-07-28T23:59:59", "cause": "typhoon", "relief": '["no_compensation", "no_penalty"]',
         "address": "either", "time_basis": '["paid", "ship_due"]', "evidence": "台风"},
        {"id": "p2", "announcement_id": "a2", "kind": "exemption", "start": "2021-02-05T00:00:00",
         "end": "2021-02-18T23:59:59", "cause": "holiday", "relief": '["excluded_from_metrics"]',
         "time_basis": "[]", "evidence": "春节"}])
    db["policy_windows"].insert_all([
        {"policy_id": "p1", "position": 0, "start": "2021-07-25T00:00:00", "end": "2021-07-28T23:59:59"},
        {"policy_id": "p2", "position": 0, "start": "2021-02-05T00:00:00", "end": "2021-02-18T23:59:59"}])
    db["policy_regions"].insert_all([{"policy_id": "p1", "region_code": c} for c in ("310000", "330100", "330200")])
    db["announcement_regions"].insert({"announcement_id": "a1", "region_code": "330100", "evidence": "杭州市"})
    db["policy_events"].insert({"at": "2021-07-26T00:00:00", "event": "new", "policy_id": "p1"})
    db.execute("delete from regions where code = '330106'")  # a region an older gazetteer lacked
    db.conn.commit()
    tables = ("feeds", "announcements", "announcement_feeds", "policies", "policy_windows", "policy_regions",
              "announcement_regions", "policy_events", "regions")
    before = {t: db[t].count for t in tables}
    db.close()

    store = Store(db_path)
    after = {t: store.db[t].count for t in tables}
    assert after == {**before, "regions": before["regions"] + 1}
    xihu = store.db["regions"].get("330106")
    assert (xihu["name"], xihu["path"]) == ("西湖区", "浙江省杭州市西湖区")
    assert 120 < xihu["longitude"] < 121 and 30 < xihu["latitude"] < 31
    assert store.db.execute("select count(*) from regions where latitude is null or path is null").fetchone()[0] == 0
    assert store.db["regions"].get("110101")["path"] == "北京市东城区"  # the municipality's name once

    lookup = "select code from region_names where name = ? order by rank limit 1"
    for name in ("杭州", "杭州市", "浙江省杭州市西湖区", "330106", "杭州西湖区", "甘孜泸定"):
        assert store.db.execute(lookup, [name]).fetchone() is not None, name
    assert store.db.execute(lookup, ["火星"]).fetchone() is None

    rows = {r["policy_id"]: r for r in store.db.query("select * from exemptions")}
    assert rows["p1"]["regions"] == "上海市；浙江省杭州市、宁波市"
    assert rows["p1"]["relief"] == "no compensation claims, no penalty points"
    assert rows["p1"]["time_basis"] == "payment time or shipping due time"
    assert rows["p1"]["windows"] == "2021-07-25T00:00:00 – 2021-07-28T23:59:59"
    assert json.loads(rows["p1"]["provinces"]) == ["上海市", "浙江省"]
    assert (rows["p2"]["regions"], rows["p2"]["time_basis"]) == ("全国", "not stated")
    by_region = list(store.db.query("select region_name, province, latitude from exemptions_by_region "
                                    "where policy_id = 'p2'"))
    assert by_region == [{"region_name": "全国", "province": "全国", "latitude": None}]
    assert store.db.execute("select count(*) from exemptions_by_region where policy_id = 'p1' "
                            "and latitude is not null").fetchone()[0] == 3
    listed = {r["announcement_id"]: r for r in store.db.query("select * from announcement_list")}
    assert json.loads(listed["a1"]["provinces"]) == ["上海市", "浙江省"]
    assert json.loads(listed["a2"]["provinces"]) == ["全国"]
    assert (json.loads(listed["a1"]["feeds"]), listed["a1"]["year"]) == (["f"], "2021")
    store.close()


def test_region_names_resolve_as_check_does():
    """Every code, full name and short name resolves in SQL (rank 0) to the region `check` picks;
    paths too, for the forms people write."""
    from scraper.browse import region_name_rows

    first = {}
    for name, code, kind, rank in region_name_rows():
        if rank == 0:
            first[name] = (code, kind)
    gaz = gazetteer()
    alone = [name for name, (code, kind) in first.items() if kind != "path"]
    assert len(alone) > 7000
    disagree = [name for name in alone if gaz.resolve(name).code != first[name][0]]
    assert disagree == []
    for path in ("浙江省杭州市西湖区", "杭州市西湖区", "杭州西湖区", "浙江杭州", "浙江省杭州市", "浙江义乌", "浙江省义乌市",
                 "甘孜泸定", "四川省甘孜藏族自治州泸定县", "上海市浦东新区", "上海浦东", "北京市朝阳区",
                 "吉林省长春市朝阳区", "伊犁哈萨克自治州伊宁"):
        assert first[path] == (gaz.resolve(path).code, "path"), path


def test_changed_article_keeps_its_earlier_version(store):
    ann = store.announcement("http://x/quake")
    store.set_article(ann["id"], ann["url"], None, None, QUAKE)  # same text: no revision
    store.set_article(ann["id"], ann["url"], None, None, QUAKE + "  ")  # whitespace only: no revision
    assert store.db["announcement_revisions"].count == 0
    store.set_article(ann["id"], ann["url"], None, None, QUAKE.replace("9月15日", "9月18日"))
    revisions = list(store.db["announcement_revisions"].rows)
    assert len(revisions) == 1 and "9月15日" in revisions[0]["body"]


def test_export_reports_new_updated_and_withdrawn(store):
    ann = store.announcement("http://x/quake")
    changed = QUAKE.replace("9月15日", "9月18日")
    store.replace_policies(ann["id"], extract(changed, "2022-09-07T17:08:39"))
    events = list(changes_since(store.db))
    kinds = [(e["event"], e["kind"]) for e in events if e["announcement_id"] == ann["id"]]
    assert ("new", "exemption") in kinds and ("updated", "window") in kinds and ("replaced", "window") in kinds
    updated = [e for e in events if e["event"] == "updated" and e["kind"] == "exemption"][0]
    assert updated["end"] == "2022-09-18T23:59:59" and updated["regions"] == ["513322"]
    store.replace_policies(ann["id"], extract("本公告无内容。", "2022-09-07"))
    withdrawn = [e for e in changes_since(store.db) if e["event"] == "withdrawn"]
    assert {e["kind"] for e in withdrawn} == {"exemption", "window"}
    with pytest.raises(UnknownRun, match="no crawl run 99"):
        list(changes_since(store.db, 99))


@pytest.mark.parametrize("region, at, basis, expected", [
    ("杭州市", "2021-07-26T10:00:00", "any", ["330100"]),
    ("330106", "2021-07-26T10:00:00", "paid", ["330100"]),  # 西湖区 lies in 杭州市
    ("杭州", "2021-07-26T10:00:00", "ship_due", ["330100"]),
    ("浙江省", "2021-07-26T10:00:00", "any", []),  # the whole province is not covered
    ("上海市", "2021-07-29T00:00:00", "any", []),  # after the window
    ("泸定县", "2022-09-10T12:00:00", "any", ["513322"]),
    ("甘孜藏族自治州", "2022-09-10T12:00:00", "any", []),  # 泸定县 does not cover all of 甘孜州
])
def test_check_containment(store, region, at, basis, expected):
    from datetime import datetime

    found = covering_exemptions(store.db, gazetteer().resolve(region), datetime.fromisoformat(at), basis)
    assert [c for f in found for c in f["regions"] if c in ("330100", "513322")] == expected


def test_check_command(store, db_path):
    ok = CliRunner().invoke(cli, ["check", "--region", "杭州市西湖区", "--at", "2021-07-26T10:00", "--db", str(db_path)])
    assert ok.exit_code == 0, ok.output
    assert [f["window"]["start"] for f in json.loads(ok.output)] == ["2021-07-25T00:00:00"]
    none = CliRunner().invoke(cli, ["check", "--region", "330000", "--at", "2021-07-26T10:00", "--db", str(db_path)])
    assert none.exit_code == 0 and json.loads(none.output) == []
    bad = CliRunner().invoke(cli, ["check", "--region", "火星", "--at", "2021-07-26T10:00", "--db", str(db_path)])
    assert bad.exit_code == 2 and "unknown region '火星'" in bad.output


def test_search_segments_queries_and_rebuilds(store):
    assert fts_query("受台风影响") == '"受" "台风" "影响"'
    assert fts_query('"台风 影响" 发货') == '"台风 影响" "发货"'
    assert [r["title"] for r in search(store.db, "受台风影响")] == ["受台风影响地区交易发货时间调整"] * 2
    assert search(store.db, "泸定县")[0]["id"] == store.announcement("http://x/quake")["id"]
    assert rebuild(store.db) == 2
    trigram = store.db.execute("select count(*) from announcements_trigram where announcements_trigram match '受台风影响'")
    assert trigram.fetchone()[0] == 2


def test_readers_never_see_database_is_locked_during_a_crawl(db_path):
    Store(db_path).close()
    errors, done = [], threading.Event()
    reads: dict[int, list[int]] = {0: [], 1: []}

    def reader(n: int):
            try:
                conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
                reads[n].append(conn.execute("select count(*) from announcements").fetchone()[0])
                conn.execute("select count(*) from policies p join policy_regions r on r.policy_id = p.id").fetchone()
                conn.close()
            except sqlite3.OperationalError as e:
                errors.append(str(e))

    threads = [threading.Thread(target=lambda n=n: _loop(reader, n, done)) for n in reads]
    with SiteServer(FeedSite(count=60, page_size=10)) as server:
        for t in threads:
            t.start()
        try:
            run_crawl(parse_config(config_for(server)), db_path)
        finally:
            done.set()
            for t in threads:
                t.join()
    assert errors == []
    for seen in reads.values():  # each reader saw the count only grow, up to the whole feed
        assert len(seen) > 10 and seen == sorted(seen) and seen[-1] == 60


def _loop(reader, n, done):
    while not done.is_set():
        reader(n)
    reader(n)
