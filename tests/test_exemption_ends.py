"""In force, honestly: an exemption that a later announcement ends (恢复正常考核, 取消…临时调整) is not in
force from that end on, and an open-ended one nothing ended is told apart after NO_END_ANNOUNCED_DAYS.

Each case writes real announcements into a real SQLite file through the Store (the crawl's own write
path), extracted from our own sentences, and reads the answer the ways a user does: the view
exemption_ends, ``policyfeed check``'s function, the canned query in_force as `policyfeed serve` fills
it, and ``policyfeed export``.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from extract import extract
from extract.regions import gazetteer
from scraper.check import NO_END_ANNOUNCED_DAYS
from scraper.serve import metadata_for
from scraper.store import Store

#: relief open at its end: 上海市's orders, an epidemic, from 2022-04-01 "until further notice"
SHANGHAI = ("受疫情影响，收货地址为上海市的订单，自2022年4月1日起暂停发货时效考核，不进行扣分，恢复时间另行通知。",
            "2022-03-31T18:00:00")
RESTORED = ("鉴于疫情形势好转，自2022年6月1日起，上海市的订单恢复正常考核。", "2022-05-28T10:00:00")


def _announce(store: Store, name: str, text: str, published: str, title: str = "公告") -> str:
    url = f"http://example.test/{name}.html"
    ann = store.upsert_list_item("f", "http://example.test/", title, url, published, None).id
    store.set_article(ann, url, title, published, text)
    store.replace_policies(ann, extract(text, published, title))
    return ann


@pytest.fixture
def store(db_path):
    s = Store(db_path)
    s.upsert_feed("f", ["http://example.test/"], ["example.test"])
    yield s
    s.close()


def _ends(store: Store) -> list[dict]:
    return list(store.db.query("select e.cause, x.ended_at, a.title from exemption_ends x "
                               "join policies e on e.id = x.policy_id "
                               "join announcements a on a.id = x.ended_by_announcement"))


def test_a_later_restoration_ends_the_exemption_everywhere_a_user_looks(store, db_path):
    _announce(store, "relief", *SHANGHAI, title="上海地区发货调整")
    _announce(store, "restored", *RESTORED, title="上海地区恢复正常考核")
    assert _ends(store) == [{"cause": "epidemic", "ended_at": "2022-06-01T00:00:00", "title": "上海地区恢复正常考核"}]
    xuhui = gazetteer().resolve("上海市徐汇区")

    before = store.covering_exemptions(xuhui, datetime(2022, 5, 20, 12))
    assert len(before) == 1 and before[0]["window"]["end"] is None
    assert before[0]["ends"] == {"at": "2022-06-01T00:00:00",
                                 "announcement": {"title": "上海地区恢复正常考核",
                                                  "url": "http://example.test/restored.html"}}
    assert before[0]["since"] == "2022-04-01T00:00:00" and not before[0]["no_end_announced"]
    assert store.covering_exemptions(xuhui, datetime(2022, 6, 1, 0)) == []  # ended at its moment

    sql = metadata_for(db_path)["databases"][db_path.stem]["queries"]["in_force"]["sql"]
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    during = [dict(r) for r in conn.execute(sql, {"at": "2022-05-20T12:00:00"})]
    assert [(r["regions"], r["since"], r["until"], r["status"]) for r in during] == [
        ("上海市", "2022-04-01 00:00:00", "open-ended", "in force")]
    assert during[0]["ends"] == "2022-06-01 00:00:00 上海地区恢复正常考核"
    assert list(conn.execute(sql, {"at": "2026-12-06T09:00:00"})) == []  # not "in force" four years on

    exported = {r["kind"]: r for r in store.changes_since()}
    assert exported["exemption"]["ended_at"] == "2022-06-01T00:00:00"
    assert exported["restoration"]["ends"] == [exported["exemption"]["policy_id"]]


def test_an_exemption_nothing_ended_is_no_end_announced_after_the_setting(store, db_path):
    _announce(store, "relief", *SHANGHAI)
    shanghai = gazetteer().resolve("上海市")
    soon = store.covering_exemptions(shanghai, datetime(2022, 4, 10))
    later = store.covering_exemptions(shanghai, datetime(2022, 4, 1) + timedelta(days=NO_END_ANNOUNCED_DAYS + 1))
    assert [x["no_end_announced"] for x in soon] == [False]
    assert [x["no_end_announced"] for x in later] == [True] and later[0]["ends"] is None
    sql = metadata_for(db_path)["databases"][db_path.stem]["queries"]["in_force"]["sql"]
    rows = sqlite3.connect(db_path).execute(sql, {"at": "2026-12-06"}).fetchall()
    assert len(rows) == 1 and "no end announced" in rows[0]


# (exemption text, its publication, restoration text, its publication, ended?): what ends what
CASES = [
    pytest.param(*SHANGHAI, *RESTORED, True, id="same cause and region"),
    pytest.param(*SHANGHAI, "自2022年6月1日起，上海市的订单恢复正常考核。", "2022-05-28T10:00:00", True,
                 id="restoration names no cause"),
    pytest.param(*SHANGHAI, "自2022年6月1日起恢复订单的发货时效考核。", "2022-05-28T10:00:00", True,
                 id="restoration names no cause and no place: all open relief ends"),
    pytest.param("受疫情影响，收货地址为浙江省杭州市的订单，自2022年4月1日起暂停发货时效考核，恢复时间另行通知。",
                 "2022-03-31T18:00:00", "自2022年6月1日起，浙江省的订单恢复正常考核。", "2022-05-28T10:00:00", True,
                 id="province restored contains the city"),
    pytest.param("受疫情影响，收货地址为浙江省的订单，自2022年4月1日起暂停发货时效考核，恢复时间另行通知。",
                 "2022-03-31T18:00:00", "自2022年6月1日起，浙江省杭州市的订单恢复正常考核。", "2022-05-28T10:00:00",
                 False, id="a city restored leaves the province's relief"),
    pytest.param(*SHANGHAI, "台风过后，自2022年6月1日起，上海市的订单恢复正常考核。", "2022-05-28T10:00:00", False,
                 id="another cause"),
    pytest.param(*SHANGHAI, "自2022年6月1日起，北京市的订单恢复正常考核。", "2022-05-28T10:00:00", False,
                 id="another region"),
    pytest.param(*SHANGHAI, *RESTORED[:1], "2022-03-01T10:00:00", False, id="restoration published before"),
    pytest.param("受疫情影响，收货地址为上海市的订单，付款时间在2022年4月1日至2022年4月30日的，不进行扣分。",
                 "2022-03-31T18:00:00", *RESTORED, False, id="relief that had ended already"),
    pytest.param("受疫情影响，全国订单自2022年4月1日起暂停发货时效考核，恢复时间另行通知。", "2022-03-31T18:00:00",
                 *RESTORED, False, id="a region restored leaves nationwide relief"),
]


@pytest.mark.parametrize("relief, relief_published, restoration, restored_published, ended", CASES)
def test_what_ends_what(store, relief, relief_published, restoration, restored_published, ended):
    _announce(store, "relief", relief, relief_published)
    assert store.db.execute("select count(*) from policies where kind = 'exemption'").fetchone()[0] == 1
    _announce(store, "restored", restoration, restored_published)
    assert store.db.execute("select count(*) from policies where kind = 'restoration'").fetchone()[0] == 1
    assert len(_ends(store)) == (1 if ended else 0)


def test_a_restoration_in_the_same_announcement_ends_nothing(store):
    _announce(store, "both", SHANGHAI[0] + RESTORED[0], RESTORED[1])
    assert _ends(store) == []


def test_the_link_holds_whichever_announcement_is_written_first(store):
    """A reparse writes announcements in any order: the restoration before the (older) exemption it
    ends finds the same end."""
    _announce(store, "restored", *RESTORED)
    assert _ends(store) == []
    _announce(store, "relief", *SHANGHAI)
    assert [e["ended_at"] for e in _ends(store)] == ["2022-06-01T00:00:00"]


def test_an_earlier_restoration_written_later_takes_over_and_a_withdrawn_one_lets_go(store):
    _announce(store, "relief", *SHANGHAI)
    _announce(store, "late", "自2022年8月1日起，上海市的订单恢复正常考核。", "2022-07-28T10:00:00", title="晚")
    assert [e["title"] for e in _ends(store)] == ["晚"]
    early = _announce(store, "early", *RESTORED, title="早")
    assert [(e["title"], e["ended_at"]) for e in _ends(store)] == [("早", "2022-06-01T00:00:00")]
    store.replace_policies(early, extract("上海市的订单照常发货。", RESTORED[1]))  # re-extracted: no restoration
    assert [e["title"] for e in _ends(store)] == ["晚"]
    assert store.db["exemption_ends"].count == 1
