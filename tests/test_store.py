"""The SQLite store on a real file: schema, stable ids, idempotent upserts, whole-unit transactions."""
from __future__ import annotations

import sqlite3

import pytest

from extract import extract
from scraper.policy_rows import stable_id
from scraper.store import Store

TEXT = ("收货地址在上海市的订单，付款时间在2021年7月25日00:00:00到2021年7月28号23:59:59的，"
        "平台将不进行扣分和理赔处理。此调整于2021年8月1日生效。")


@pytest.fixture
def store(db_path):
    s = Store(db_path)
    yield s
    s.close()


def test_schema_pragmas_and_regions(store, db_path):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db["regions"].get("330100")["name"] == "杭州市"
    assert store.db["regions"].count > 3000
    Store(db_path).close()  # opening again changes nothing
    assert store.db["regions"].count == sqlite3.connect(db_path).execute("select count(*) from regions").fetchone()[0]


def test_list_items_are_new_then_unchanged_then_updated(store):
    store.upsert_feed("f", ["http://x/1"], ["x"])
    args = ("f", "http://x/1", "标题", "http://x/a.html", "2024-01-01T10:00:00", "摘要")
    assert store.upsert_list_item(*args).status == "new"
    assert store.upsert_list_item(*args).status == "unchanged"
    changed = store.upsert_list_item("f", "http://x/1", "新标题", "http://x/a.html", "2024-01-01T10:00:00", "摘要")
    assert changed.status == "updated" and changed.id == stable_id("http://x/a.html")
    assert store.db["announcements"].count == 1


def test_replace_policies_keeps_ids_and_adds_no_rows(store):
    store.upsert_feed("f", ["http://x/1"], ["x"])
    ann = store.upsert_list_item("f", "http://x/1", "t", "http://x/a.html", "2021-07-26", None).id
    result = extract(TEXT, "2021-07-26T17:32:11")
    store.replace_policies(ann, result)
    first = {r["id"] for r in store.db.query("select id from policies")}
    links = store.db["policy_regions"].count
    store.replace_policies(ann, extract(TEXT, "2021-07-26T17:32:11"))
    assert {r["id"] for r in store.db.query("select id from policies")} == first
    assert store.db["policy_regions"].count == links == 1
    kinds = sorted(r["kind"] for r in store.db.query("select kind from policies"))
    assert kinds == ["effective_date", "exemption", "window"]
    # a changed text replaces what is gone and keeps what stayed
    store.replace_policies(ann, extract(TEXT.split("。")[0] + "。", "2021-07-26T17:32:11"))
    kinds = sorted(r["kind"] for r in store.db.query("select kind from policies"))
    assert kinds == ["exemption", "window"]


def test_failed_unit_of_work_rolls_back_whole(store):
    """An exception inside one page's transaction leaves none of its rows behind."""
    store.upsert_feed("f", ["http://x/1"], ["x"])
    with pytest.raises(RuntimeError):
        with store.db.atomic():
            store.upsert_list_item("f", "http://x/1", "t", "http://x/a.html", None, None)
            raise RuntimeError("crash mid-page")
    assert store.db["announcements"].count == 0
