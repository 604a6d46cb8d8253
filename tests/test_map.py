"""The offline map (scraper/datasette_map.py) on a real `policyfeed serve` of the demo database: the
outline routes answer GeoJSON keyed by the gazetteer's codes, the page's data shades the regions of
the exemptions in force (the typhoon exemption at 2021-07-26T10:00:00, a nationwide rule with Wuhan
at 2020-01-25), and the page loads nothing from another host. What a browser draws is
tests/test_browser.py's."""
from __future__ import annotations

import csv
import json
import re
import urllib.request
from pathlib import Path

import pytest

from scraper.datasette_map import shaded_outlines
from scraper.outlines import gcj02_to_wgs84
from tests.test_datasette import TYPHOON, get, serving

ROOT = Path(__file__).resolve().parents[1]
#: the prefectures the typhoon exemption names, or holds (上海市 is its one prefecture-level outline)
TYPHOON_PREFECTURES = {"310100", "320400", "320500", "320600",
                       "330100", "330200", "330400", "330600", "330900", "331000"}


@pytest.fixture(scope="module")
def regions() -> dict[str, dict[str, str]]:
    with open(ROOT / "data" / "regions.csv", encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def served(demo_db):
    with serving(demo_db) as url:
        yield url, "demo"


@pytest.mark.parametrize("name, at_least", [("provinces", 34), ("prefectures", 300)])
def test_outline_routes_serve_geojson_keyed_by_the_gazetteer(served, regions, name, at_least):
    url, _ = served
    with urllib.request.urlopen(f"{url}/-/outlines/{name}.geojson", timeout=10) as response:
        assert response.headers["content-type"].startswith("application/geo+json")
        data = json.loads(response.read().decode("utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) >= max(30, at_least)
    codes = {feature["properties"]["code"] for feature in data["features"]}
    assert codes <= set(regions)
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in data["features"])
    if name == "provinces":
        assert codes == {code for code, row in regions.items() if row["level"] == "province"}


def test_map_shades_the_regions_of_the_typhoon_exemption(served, regions):
    url, db = served
    data = get(url, f"/{db}/-/map.json", at="2021-07-26T10:00:00")
    assert data["notice"] is None and [e["title"] for e in data["exemptions"]] == [TYPHOON]
    assert data["exemptions"][0]["link"].startswith(f"/{db}/announcements/")
    assert set(data["shaded"]) == TYPHOON_PREFECTURES and data["nationwide"] == []
    markers = data["markers"]["features"]
    assert {m["properties"]["code"] for m in markers} == {"310000", "320400", "320500", "320600", "330100",
                                                          "330200", "330400", "330600", "330900", "331000"}
    for marker in markers:  # the gazetteer's point (GCJ-02), in WGS-84 like the outlines
        row = regions[marker["properties"]["code"]]
        expected = gcj02_to_wgs84(float(row["longitude"]), float(row["latitude"]))
        assert marker["geometry"]["coordinates"] == pytest.approx(list(expected), abs=1e-5)
        assert marker["properties"]["exemptions"] == [1]


def test_map_shades_everything_for_a_nationwide_exemption(served):
    url, db = served
    data = get(url, f"/{db}/-/map.json", at="2020-01-25")
    by_regions = {e["regions"]: e["n"] for e in data["exemptions"]}
    assert set(by_regions) == {"湖北省武汉市", "全国"}
    assert data["nationwide"] == [by_regions["全国"]]
    assert data["shaded"] == {"420100": [by_regions["湖北省武汉市"]]}


def test_map_says_when_a_moment_is_not_understood(served):
    url, db = served
    data = get(url, f"/{db}/-/map.json", at="7月26日")
    assert data["notice"].startswith("not a time: 7月26日") and data["exemptions"] == []
    assert "not a time: 7月26日" in get(url, f"/{db}/-/map", at="7月26日")


def test_map_page_loads_nothing_from_another_host(served):
    url, db = served
    page = get(url, f"/{db}/-/map", at="2021-07-26T10:00:00")
    sources = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"', page)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    leaflet = re.search(r'data-leaflet="([^"]+)"', page).group(1)
    assert leaflet.startswith("/-/static-plugins/datasette-leaflet/")
    assert urllib.request.urlopen(url + leaflet, timeout=10).status == 200
    config = json.loads(re.search(r'<script type="application/json" id="pf-map-config">(.*?)</script>', page,
                                  re.DOTALL).group(1))
    assert config["outlines"] == {"province": "/-/outlines/provinces.geojson",
                                  "prefecture": "/-/outlines/prefectures.geojson"}
    assert TYPHOON in page  # the list under the map
    for asset in ("/-/policyfeed-map.js", "/-/policyfeed-map.css"):
        assert urllib.request.urlopen(url + asset, timeout=10).status == 200


def test_home_page_links_the_map(served):
    url, db = served
    assert f'href="/{db}/-/map"' in get(url, "/")


@pytest.mark.parametrize("code, parent, grandparent, shaded", [
    ("330100", "330000", None, ["330100"]),            # a prefecture: its own outline
    ("330106", "330100", "330000", ["330100"]),        # a county: its prefecture's
    ("429004", "420000", None, ["429004"]),            # a county the province administers: its own
    ("500101", "500100", "500000", ["500000"]),        # a district of 重庆市: the city's one outline
    ("710100", "710000", None, ["710000"]),            # 台北市: Taiwan is one outline
])
def test_a_region_shades_the_smallest_outline_that_holds_it(code, parent, grandparent, shaded):
    assert shaded_outlines({"code": code, "parent": parent, "grandparent": grandparent}) == shaded


@pytest.mark.parametrize("code, parent, at_least", [
    ("330000", None, 11),      # a province: all its prefectures
    ("133100", "130000", 11),  # 雄安新区 has no outline: its province
])
def test_a_region_without_its_own_outline_shades_its_province(code, parent, at_least):
    shaded = shaded_outlines({"code": code, "parent": parent, "grandparent": None})
    assert len(shaded) >= at_least and all(c[:2] == code[:2] for c in shaded)


@pytest.mark.parametrize("at, in_force, apart", [
    ("2023-01-10T10:00:00", 1, 0),  # the nationwide epidemic rule of 2022-12-28, two weeks old: shaded
    ("2026-12-06T10:00:00", 0, 1),  # the same rule four years on, nothing ended it: listed apart, not shaded
])
def test_an_exemption_with_no_end_announced_is_listed_apart_not_shaded(served, at, in_force, apart):
    url, db = served
    data = get(url, f"/{db}/-/map.json", at=at)
    assert len(data["exemptions"]) == len(data["nationwide"]) == in_force
    assert [row["since"] for row in data["no_end_announced"]] == ["2022-12-28 00:00:00"] * apart
