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


# --- terms follow extract.vocabulary, with no migration ------------------------------------------------

def _terms(path) -> dict[tuple[str, str], tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return {(f, v): (w, c) for f, v, w, c in conn.execute("select field, value, words, chinese from terms")}


def test_a_new_code_reaches_terms_when_the_store_opens_without_a_migration(db_path, monkeypatch):
    from extract import vocabulary

    with Store(db_path) as store:
        versions = store.schema_version()
    monkeypatch.setitem(vocabulary.TERMS["cause"], "sandstorm", ("sandstorm", "沙尘暴"))
    monkeypatch.setitem(vocabulary.TERMS["relief"], "no_penalty", ("no penalty points at all", "不扣分"))
    assert ("cause", "sandstorm") not in _terms(db_path)
    with Store(db_path, readonly=True):  # a reader writes nothing
        assert ("cause", "sandstorm") not in _terms(db_path)
    with Store(db_path) as store:
        assert store.schema_version() == versions  # no migration
    terms = _terms(db_path)
    assert terms[("cause", "sandstorm")] == ("sandstorm", "沙尘暴")
    assert terms[("relief", "no_penalty")] == ("no penalty points at all", "不扣分")
    assert terms == {(f, v): words for f, values in vocabulary.TERMS.items() for v, words in values.items()}


def test_terms_that_agree_with_the_vocabulary_get_no_write(db_path):
    from extract import vocabulary

    Store(db_path).close()
    with Store(db_path) as store:
        assert store.db.conn.total_changes == 0  # opening an up-to-date file changed no row
        assert store.update_terms() == 0 and store.db.conn.total_changes == 0
        assert store.db["terms"].count == sum(len(values) for values in vocabulary.TERMS.values())


def test_the_extractor_names_only_codes_the_vocabulary_has_words_for():
    from extract import vocabulary
    from extract.exemptions import CAUSE_WORDS, TIME_BASES
    from extract.relief import RULES
    from scraper.check import BASES

    assert [name for name, _ in CAUSE_WORDS] == list(vocabulary.TERMS["cause"])
    assert [name for name, _ in RULES] == list(vocabulary.TERMS["relief"])
    assert [name for name, _ in TIME_BASES] == list(vocabulary.TERMS["time_basis"])
    assert set(vocabulary.TERMS["address"]) == {vocabulary.RECEIVER, vocabulary.SENDER, vocabulary.EITHER}
    assert set(BASES) == {*vocabulary.ORDER_BASES, vocabulary.ANY_BASIS} <= {*vocabulary.TERMS["time_basis"], "any"}
