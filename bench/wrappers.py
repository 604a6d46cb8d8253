"""The competing tools behind the same JSON contract as ``policyfeed extract`` (for scoring).

Each wrapper takes (text, published) and returns a dict with the keys extract.scoring reads
(effective_dates, windows, regions, durations); the fields a tool does not predict are left out (and
are not scored for it). The wrappers are deliberately simple, and honest: they keep what the tool
found, translate it to the format of docs/annotation.md, and apply only the annotation rules that
are about format, not judgement (the region rule "most specific level named" is applied to all tools
alike).
docs/benchmarks.md describes them.

- JioNLP (jionlp.ner.extract_time with parsing, i.e. jionlp.parse_time on every time expression it
  finds; jionlp.recognize_location): windows, effective dates, hours, regions.
- cpca-new (its multi-address transform): regions only.
- the composite, what a user would assemble from the two: JioNLP's time extraction (above) for
  windows, effective dates and hours, cpca-new for regions (faster than JioNLP's location model, and
  more accurate on the development sets).
"""
from __future__ import annotations

import contextlib
import io
import re
from datetime import datetime, timedelta
from functools import lru_cache

from extract import parse_published
from extract.regions import _prefer, gazetteer

#: a time expression that names a calendar day (a window needs one absolute bound: docs/annotation.md#windows)
CALENDAR = re.compile(r"[0-9０-９〇零一二两三四五六七八九十]+\s*[年月日号]|[年月]底|[年月]初|[年月]末")
#: what follows a single point (or what an open span ends in) when it is an effective date
EFFECTIVE_AFTER = re.compile(r"^\s*(?:[(（]含[)）])?\s*(?:起|开始|正式)?"
                             r"\s*(?:生效|起|实施|施行|执行|上线|开通|启用|恢复)")
#: an end written as 24时/24点/24:00 (JioNLP: next day 00:00:00; docs/annotation.md#windows: 23:59:59 of that day)
HOUR_24 = re.compile(r"24\s*(?:时|点|:00|：00)")
HOURS_PER = {"year": 24 * 365, "month": 24 * 30, "day": 24, "hour": 1, "minute": 1 / 60, "second": 1 / 3600}


def _quiet_import(name: str):
    """JioNLP prints a banner on stdout when imported; stdout is for the table only."""
    with contextlib.redirect_stdout(io.StringIO()):
        return __import__(name)


@lru_cache(maxsize=1)
def jionlp():
    return _quiet_import("jionlp")


@lru_cache(maxsize=1)
def cpca():
    return _quiet_import("cpca_new")


def _iso(value: str) -> str | None:
    if value in ("inf", "-inf") or not value:
        return None
    return value.replace(" ", "T")


def _hours(delta: object) -> float | None:
    if not isinstance(delta, dict) or not delta or set(delta) - set(HOURS_PER):
        return None
    total = sum(float(v) * HOURS_PER[k] for k, v in delta.items() if not isinstance(v, (list, dict)))
    return round(total, 2) if total > 0 else None


def jionlp_times(text: str, published: datetime) -> dict:
    """Windows, effective dates and hours from JioNLP's time extraction (with parsing).

    - a time_span that names a calendar day -> a window (start, end; 'inf' -> null), unless it is an
      open span ending in 起 (X日起; JioNLP folds the 起 into a span), which is an effective date
      unless an order qualifier follows (X日起的订单: an open window); an end written 24时 is
      23:59:59 of that day (the format of docs/annotation.md#windows; JioNLP gives the next day's 00:00:00);
    - a time_point followed by 起/生效/实施/施行/执行/上线/开通 -> an effective date (its day);
    - a time_delta (48小时, 7天) -> hours; so is a relative time_span without a calendar day
      (48小时内: JioNLP resolves it to [base, base + 48h]), its length rounded to the hour.
    """
    jio = jionlp()
    out: dict[str, list[dict]] = {"effective_dates": [], "windows": [], "durations": []}
    for entity in jio.ner.extract_time(text, time_base=published.timestamp(), with_parsing=True):
        detail, expr = entity.get("detail") or {}, entity["text"]
        kind, value = detail.get("type") or entity.get("type"), detail.get("time")
        after = text[entity["offset"][1]:entity["offset"][1] + 6]
        if kind == "time_point" and isinstance(value, list):
            if EFFECTIVE_AFTER.match(after) or expr.endswith("起"):
                out["effective_dates"].append({"date": value[0][:10]})
        elif kind == "time_span" and isinstance(value, list) and len(value) == 2:
            start, end = _iso(value[0]), _iso(value[1])
            if end and end.endswith("T00:00:00") and HOUR_24.search(expr):
                end = (datetime.fromisoformat(end) - timedelta(seconds=1)).isoformat()
            if CALENDAR.search(expr):
                if expr.endswith("起") and end is None and start and not after.startswith("的"):
                    out["effective_dates"].append({"date": start[:10]})
                elif start or end:
                    out["windows"].append({"start": start, "end": end})
            elif start and end:
                hours = round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 3600)
                if hours > 0:
                    out["durations"].append({"hours": hours})
        elif kind == "time_delta":
            delta_hours = _hours(value)
            if delta_hours:
                out["durations"].append({"hours": delta_hours})
    return out


def _drop_containers(codes: list[str]) -> list[str]:
    """The "most specific level named" rule (docs/annotation.md#regions): a region is dropped when a
    region inside it is also named (浙江省杭州市、宁波市 -> 330100, 330200)."""
    gaz = gazetteer()
    inside = {a for c in codes for a in gaz.ancestors(c)}
    return sorted({c for c in codes if c not in inside})


def _code_for(names: list[str | None]) -> str | None:
    """The code of a (province, city, county) triple: the most specific name that the gazetteer
    knows, read under the higher ones (朝阳区 under 北京市); a municipality's city repeats the
    province (上海市, 上海市) and stays at the province's code."""
    gaz = gazetteer()
    code, previous = None, None
    for name in names:
        if not name or name == previous:
            continue
        previous = name
        codes = gaz.full.get(name) or gaz.short.get(name) or []
        if code is not None:
            codes = [c for c in codes if code in gaz.ancestors(c)] or []
        if codes:
            code = _prefer(codes, gaz)[0]
    return code


def jionlp_regions(text: str) -> list[str]:
    """Region codes from jionlp.recognize_location: every domestic (province, city, county) it
    reports, plus the 'foreign' entries it files under country 中国 (it puts 上海, 杭州 there), each
    mapped to a code with the project's gazetteer (JioNLP reports names, no codes)."""
    found = jionlp().recognize_location(text)
    codes = []
    for entry, _count in found.get("domestic") or []:
        code = _code_for([entry.get("province"), entry.get("city"), entry.get("county")])
        if code:
            codes.append(code)
    for entry, _count in found.get("foreign") or []:
        if entry.get("country") == "中国":
            code = _code_for([entry.get("city")])
            if code:
                codes.append(code)
    return _drop_containers(codes)


def jionlp_predict(text: str, published: str | datetime) -> dict:
    when = parse_published(published)
    out = jionlp_times(text, when)
    out["regions"] = [{"code": c} for c in jionlp_regions(text)]
    return out


def cpca_regions(text: str) -> list[str]:
    """Region codes from cpca-new: every address it finds in the text (the records of its
    transform_text_with_addrs, read from the generator behind it: the public function only wraps
    them in a pandas DataFrame, and pandas is not a dependency here), adcode's 6 digits, then the
    most specific level named."""
    mod = cpca()
    records = mod._extract_addrs(text, False, {}, truncate_pos=False, new_entry_when_not_belong=True)
    codes = [r["adcode"][:6] for r in records if r.get("adcode")]
    return _drop_containers(codes)


def cpca_predict(text: str, published: str | datetime | None = None) -> dict:
    return {"regions": [{"code": c} for c in cpca_regions(text)]}


def composite_predict(text: str, published: str | datetime) -> dict:
    """JioNLP's times (jionlp_times) and cpca-new's regions (cpca_regions): the best pipeline of the
    anchors, the one the extraction target is set against."""
    out = jionlp_times(text, parse_published(published))
    out["regions"] = [{"code": c} for c in cpca_regions(text)]
    return out


def policyfeed_predict(text: str, published: str | datetime, title: str | None = None) -> dict:
    """``policyfeed extract`` exactly as ``policyfeed eval`` calls it (title included)."""
    from extract import extract

    return extract(text, published, title).as_dict()
