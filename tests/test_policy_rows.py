"""Policy records to rows, one function per kind (scraper/policy_rows.py), and an exemption with two
windows stored, checked and exported whole (it used to keep only its first window)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from extract import Record, extract
from extract.extraction import Evidence
from extract.values import Duration, EffectiveDate, Exemption, Region, Window
from scraper.cli import cli
from scraper.export import changes_since, to_csv
from scraper.policy_rows import announcement_region_rows, rows_of
from scraper.store import Store

EVIDENCE = Evidence("……", 3, 9)
HANGZHOU = Region("330100", "杭州市", "city")
NINGBO = Region("330200", "宁波市", "city")
FIRST = Window("2021-07-20T00:00:00", "2021-07-22T23:59:59")
SECOND = Window("2021-08-01T00:00:00", "2021-08-03T23:59:59")
TWO_WINDOWS = ("付款时间在2021年7月20日00:00:00至7月22日23:59:59期间，以及2021年8月1日00:00:00至8月3日23:59:59期间的，"
               "收货地址在浙江省杭州市的订单，受台风影响，平台将不进行扣分和理赔处理。")


def test_an_effective_date_is_one_row_with_its_date():
    rows = rows_of("a1", Record("effective_date", EffectiveDate("2024-04-01"), EVIDENCE), "v")
    assert rows.policy["date"] == "2024-04-01" and rows.policy["kind"] == "effective_date"
    assert rows.windows == [] and rows.regions == []
    assert (rows.policy["span_start"], rows.policy["span_end"], rows.policy["source"]) == (3, 9, "text")


def test_a_window_is_one_policy_and_one_window_row():
    rows = rows_of("a1", Record("window", Window("2021-07-25T00:00:00", None), EVIDENCE), "v")
    assert (rows.policy["start"], rows.policy["end"]) == ("2021-07-25T00:00:00", None)
    assert rows.windows == [{"policy_id": rows.policy["id"], "position": 0, "start": "2021-07-25T00:00:00",
                             "end": None}]


def test_a_duration_is_one_row_in_hours():
    rows = rows_of("a1", Record("duration", Duration(48.0), EVIDENCE), "v")
    assert rows.policy["hours"] == 48.0 and rows.windows == [] and rows.regions == []


def test_an_exemption_keeps_every_window_and_region():
    value = Exemption((HANGZHOU, NINGBO), (FIRST, SECOND), "typhoon", ("no_penalty", "no_compensation"),
                      "receiver", ("paid",))
    rows = rows_of("a1", Record("exemption", value, EVIDENCE), "v")
    pid = rows.policy["id"]
    assert [(w["position"], w["start"], w["end"]) for w in rows.windows] == [
        (0, FIRST.start, FIRST.end), (1, SECOND.start, SECOND.end)]
    assert rows.regions == [{"policy_id": pid, "region_code": "330100"}, {"policy_id": pid, "region_code": "330200"}]
    assert json.loads(rows.policy["relief"]) == ["no_penalty", "no_compensation"]
    assert (rows.policy["start"], rows.policy["end"]) == (FIRST.start, FIRST.end)  # the first, for older readers


def test_a_region_record_is_no_policy_but_an_announcement_region():
    record = Record("region", HANGZHOU, EVIDENCE)
    with pytest.raises(TypeError, match="no policy rows for a Region"):
        rows_of("a1", record, "v")
    assert announcement_region_rows("a1", [record, record]) == [
        {"announcement_id": "a1", "region_code": "330100", "evidence": "……", "span_start": 3, "span_end": 9,
         "source": "text"}]


def test_ids_are_stable_across_runs():
    record = Record("window", FIRST, EVIDENCE)
    assert rows_of("a1", record, "v").policy["id"] == rows_of("a1", record, "v2").policy["id"]
    assert rows_of("a1", record, "v").policy["id"] != rows_of("a2", record, "v").policy["id"]


@pytest.fixture
def two_windows(db_path):
    store = Store(db_path)
    store.upsert_feed("f", ["http://x/1"], ["x"])
    ann = store.upsert_list_item("f", "http://x/1", "台风影响地区发货说明", "http://x/two", "2021-07-19", None).id
    store.set_article(ann, "http://x/two", None, "2021-07-19", TWO_WINDOWS)
    store.replace_policies(ann, extract(TWO_WINDOWS, "2021-07-19"))
    yield store, ann
    store.close()


@pytest.mark.parametrize("at, found", [("2021-07-21T12:00:00", True), ("2021-08-02T12:00:00", True),
                                       ("2021-07-28T12:00:00", False)])
def test_check_finds_an_exemption_by_its_second_window(two_windows, db_path, at, found):
    result = CliRunner().invoke(cli, ["check", "--region", "杭州市", "--at", at, "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert bool(rows) is found
    if found:
        assert rows[0]["windows"] == [FIRST.as_dict(), SECOND.as_dict()]
        assert rows[0]["window"]["start"] <= at <= rows[0]["window"]["end"]


def test_every_window_is_stored_exported_and_in_the_view(two_windows):
    store, ann = two_windows
    windows = [(r["start"], r["end"]) for r in store.db.query(
        "select w.start, w.\"end\" from policy_windows w join policies p on p.id = w.policy_id "
        "where p.kind = 'exemption' and p.announcement_id = ? order by w.position", [ann])]
    assert windows == [(FIRST.start, FIRST.end), (SECOND.start, SECOND.end)]
    exported = [e for e in changes_since(store.db) if e["kind"] == "exemption"]
    assert exported[0]["windows"] == [FIRST.as_dict(), SECOND.as_dict()]
    assert f"{FIRST.start}/{FIRST.end}|{SECOND.start}/{SECOND.end}" in "\n".join(to_csv(iter(exported)))
    in_view = {(r["start"], r["end"]) for r in store.db.query(
        "select start, \"end\" from exemptions_by_region where region_code = '330100'")}
    assert in_view == {(FIRST.start, FIRST.end), (SECOND.start, SECOND.end)}
    assert [r["region_code"] for r in store.db.query(
        "select region_code from announcement_regions where announcement_id = ?", [ann])] == ["330100"]
