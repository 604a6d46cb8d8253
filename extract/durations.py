"""Durations that set service commitments or deadlines, in hours.

Rules:
- ``hours``             48小时发货, 24小时/48小时, 2小时内响应, 1.5小时, 半小时 (0.5): any number of hours.
- ``minutes``           30分钟内响应 -> 0.5, 15分钟 -> 0.25.
- ``days``              7天无理由退货 -> 168, 15天内 -> 360, 3个工作日内 -> 72: days only with a
                        commitment word around them (内, 发货, 退, 响应, 处理, 到账, 顺延 …), because a
                        bare number of days is as often a holiday's length.
- ``range``             3-5天送达, 三至五天 -> both bounds (72 and 120). 3月2-3日发出 is a date range.
Not durations: look-back periods (近30天, 过去7天), offsets that only locate a date (自发布之日起7日),
dates (7月28日), clock times, counts and amounts, and N小时 without a number.
The examples in ``extract/corpus/durations.py`` are the specification.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dateparts import COUNT_CONNECTOR
from .dates import Moment
from .settings import DURATION_AFTER_REACH, DURATION_BEFORE_REACH, RANGE_LOWER_REACH
from .spans import Reach

NUMBER = r"(?P<n>\d+(?:\.\d+)?|半)"
HOUR_UNIT = r"(?P<hour>个?半?小时|h(?![a-z]))"
MINUTE_UNIT = r"(?P<minute>分钟)"
DAY_UNIT = r"(?P<day>个?工作日|个?自然日|个?日历日|天|日)"
DURATION = re.compile(rf"(?=[\d半])(?<![\d.])(?:{NUMBER}\s*(?:{HOUR_UNIT}|{MINUTE_UNIT}|{DAY_UNIT}))", re.I)

#: the lower bound of a range before a duration (3-5天送达, 3至5个工作日): a duration of its own
RANGE_START = re.compile(rf"(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*{COUNT_CONNECTOR}\s*$")
LOOK_BACK = re.compile(r"(?:近|最近|过去|前|连续|累计|此前)\s*$")
OFFSET_BEFORE = re.compile(r"(?:之日起|日起|起)\s*$")
OFFSET_AFTER = re.compile(r"^\s*(?:后|以后|之后)?\s*(?:正式)?(?:生效|施行|实施)")
WITHIN_AFTER = re.compile(r"^\s*(?:以内|之内|内)")
COMMITMENT_AFTER = re.compile(r"^\s*(?:以内|之内|内|延长|顺延|调整|未(?:发货|发出|揽收|签收|处理|确认)|"
                              r"无理由|发货|发出|退|换|响应|处理|回复|到账|揽收|签收|完成|送达|极速|必发|包赔|"
                              r"只换|包换|包退|价保|保价|质保|保修)")
COMMITMENT_BEFORE = re.compile(r"(?:需|须|应|应当|承诺|保证|在|于|提供|顺延|延长|展延|延展|调整|延迟|"
                               r"不超过|不得超过|最长|最迟|至多|付款后|签收后|下单后|收货后|发货后)"
                               r"(?:这|了|共|至|为|到)?\s*$|"  # 延长这8天, 延长至21天
                               r"(?:延长|顺延)[^，。；\d]{0,6}?(?:期限|时限|时效|时间)\s*$|"  # 延长取件期限1天
                               r"(?:时效|时限|期限)\s*(?:为|是|都是|均为)\s*$")  # 总履约时效为7个日历日


@dataclass(frozen=True)
class Duration:
    """A commitment duration; start/end in the normalised text."""

    start: int
    end: int
    hours: float


def _hours(number: str, m: re.Match[str]) -> float:
    value = 0.5 if number == "半" else float(number)
    if m.group("hour"):
        return value + (0.5 if "半" in m.group("hour") else 0)
    if m.group("minute"):
        return value / 60
    return value * 24


def _month_day(first: str, second: str) -> bool:
    """Whether N-M日 can be a month and a day."""
    return first.isdigit() and second.isdigit() and 1 <= int(first) <= 12 and 1 <= int(second) <= 31


def find_durations(text: str, moments: list[Moment]) -> list[Duration]:
    """Commitment durations in text (normalised), in order; dates are never durations."""
    dates = Reach([(m.start, m.end) for m in moments if m.day is not None])
    found: list[Duration] = []
    for m in DURATION.finditer(text):
        if dates.any_across(m.end(), m.start()):  # overlaps a date
            continue
        before = text[max(0, m.start() - DURATION_BEFORE_REACH):m.start()]
        after = text[m.end():m.end() + DURATION_AFTER_REACH]
        if LOOK_BACK.search(before) or OFFSET_AFTER.match(after):
            continue
        if OFFSET_BEFORE.search(before) and not WITHIN_AFTER.match(after):
            continue  # 自发布之日起7日生效 locates a date; 之日起30日内 is a deadline
        if m.group("day") and not (COMMITMENT_AFTER.match(after) or COMMITMENT_BEFORE.search(before)):
            continue
        if m.group("day") == "日" and not COMMITMENT_AFTER.match(after):
            continue
        hours = _hours(m.group("n"), m)
        lower = RANGE_START.search(text, max(0, m.start() - RANGE_LOWER_REACH), m.start())
        if lower and m.group("day") == "日" and _month_day(lower.group("n"), m.group("n")):
            continue  # 推迟至2-15日发货: February 15th, not 2 to 15 days
        if lower and not dates.any_across(lower.end(), lower.start()):  # 3-5天送达: 72 and 120
            low = _hours(lower.group("n"), m)
            found.append(Duration(lower.start(), m.end(), int(low) if low.is_integer() else low))
        found.append(Duration(m.start(), m.end(), int(hours) if hours.is_integer() else hours))
    return found
