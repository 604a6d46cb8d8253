"""Effective dates: when a rule, agreement, service or measure takes effect or starts to apply.

Rules:
- ``date then effect verb``   2024年8月31日生效, 于2021年5月17日正式实施, 将于3月20日上线试点: an effect
                              verb (生效 施行 实施 执行 上线 开通 恢复 启用 实行 …) in the same clause after
                              the date, with no other date between them.
- ``future date then change`` 将于2024年7月1日…统一开通, 将于2024年3月29日新增…: 将于/拟于 + a date whose
                              clause names a change (新增 升级 调整 变更 推出 …).
- ``date then 起``            2022年9月1日起…, 自2023年9月18日起…, 自X起至Y止 (the text says it starts then).
- ``from publication``        即日起, 自公告之日起生效, 自发布之日起7日(后)生效 -> publication (+ N days).
Not effective: publication and news dates (7月26日消息, 今日发布), 公示 dates, ends of windows, window
starts without 起 (the guidelines make those at most 'may').
The examples in ``extract/corpus/effective.py`` are the specification.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .dates import Moment
from .settings import CHANGE_REACH, EFFECT_BEFORE_REACH
from .spans import Boundaries, Reach
from .windows import Window

EFFECT_VERB = r"(?:正式)?(?:生效|施行|实施|执行|上线|开通|恢复|启用|实行|启动|开始执行|开始实施|落地)"
CHANGE_VERB = r"(?:新增|升级|调整|变更|推出|更新|下线|取消|停止|关闭|开放|开启|收取|增加|修订|提供)"
NOT_EFFECT = re.compile(r"公示|消息|发布了?(?:公告|通知)?$|讯|报道|电")


def reported(after: str) -> bool:
    """Whether the words right after a date make it a news or 公示 date (7月26日消息, 3月16日讯, 于X公示):
    when something was reported, not when anything takes effect or applies again."""
    return bool(NOT_EFFECT.match(after.strip()[:2]))

DATE_THEN_VERB = re.compile(rf"^[^，,。；;！!？?\n]{{0,12}}?{EFFECT_VERB}")
AS_OF_BEFORE = re.compile(r"(?:截至|截止|截止到|截至到)\s*$")
#: (含) takes the spaces after it: two \s* in a row would try every split of a long run of spaces
DATE_THEN_QI = re.compile(r"^\s*(?:[(（][^（）()\n]{1,12}[)）]\s*)?(?:[)）]\s*)?"  # 2月5日（即日）起
                          r"(?:\d{1,2}\s*[时点]\s*)?(?:起|开始|始(?!终))")
FUTURE_BEFORE = re.compile(r"(?:将于|将在|拟于|预计于|预计|定于|计划于|将从|将自)\s*$")
FROM_BEFORE = re.compile(r"(?:自|从|于)\s*$")
FROM_PUBLICATION = re.compile(
    r"(?=[自从即今明])(?:(?:自|从)?(?:即日|即时|即刻|今天|今日|(?P<tomorrow>明天|明日))起|(?:自|从)(?:本|该|此)?(?:公告|通知|规则|规范|协议|调整)?"
    r"(?:正式)?(?:发布|公布|公告|下发|印发|公示期满)之日起)"
    r"(?:\s*(?P<days>\d+)\s*(?:日|天|个自然日)(?:后)?)?"
    r"(?P<tail>[^。；;！!？?\n]{0,8})")


@dataclass(frozen=True)
class EffectiveDate:
    """A date on which something takes effect; start/end in the normalised text."""

    start: int
    end: int
    day: date


def find_effective_dates(text: str, moments: list[Moment], windows: list[Window],
                         published: datetime) -> list[EffectiveDate]:
    """Effective dates in text (normalised), in order, without repeats."""
    found: list[EffectiveDate] = []
    dated = [(m, m.day) for m in moments if m.day is not None]
    in_windows = Reach([(w.start, w.end) for w in windows])
    sentences = Boundaries(text)
    for i, (moment, day) in enumerate(dated):
        if in_windows.any_across(moment.start, moment.start):
            continue  # the end of a range is never an effective date
        next_start = dated[i + 1][0].start if i + 1 < len(dated) else len(text)
        after = text[moment.end:next_start]
        before = text[max(0, moment.start - EFFECT_BEFORE_REACH):moment.start]
        if (reported(after) or after.lstrip().startswith(("公示", "前", "之前", "以前"))
                or AS_OF_BEFORE.search(before)):
            continue
        if DATE_THEN_QI.match(after) or DATE_THEN_VERB.match(after):
            found.append(EffectiveDate(moment.start, moment.end, day))
            continue
        if FROM_BEFORE.search(before) and re.match(rf"^[^。；;！!？?\n]{{0,30}}?{EFFECT_VERB}", after):
            found.append(EffectiveDate(moment.start, moment.end, day))
            continue
        if FUTURE_BEFORE.search(before):
            reach = min(sentences.next_boundary(moment.end), moment.end + CHANGE_REACH)
            if re.search(rf"{EFFECT_VERB}|{CHANGE_VERB}", text[moment.end:reach]):
                found.append(EffectiveDate(moment.start, moment.end, day))
    for m in FROM_PUBLICATION.finditer(text):
        days = m.group("days")
        tail = m.group("tail")
        if days is None and not (re.match(r"(?:自|从)?(?:即日|即时|即刻|今天|今日|明天|明日)起", m.group()) or
                                 re.match(rf"\s*(?:立即|即|随即)?{EFFECT_VERB}|\s*[，,]|\s*$", tail)):
            continue
        head = m.group()[:len(m.group()) - len(tail)]
        if days is not None and not (head.endswith("后") or re.match(rf"\s*{EFFECT_VERB}", tail)):
            continue  # 自发布之日起7日内完成整改: a deadline, not an effective date
        day = published.date() + timedelta(days=int(days or 0) + (1 if m.group("tomorrow") else 0))
        found.append(EffectiveDate(m.start(), m.end() - len(tail), day))
    found.sort(key=lambda e: e.start)
    unique: list[EffectiveDate] = []
    seen: set[date] = set()
    for item in found:
        if item.day not in seen:
            seen.add(item.day)
            unique.append(item)
    return unique
