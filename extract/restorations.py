"""Restorations: an announcement that the normal rules apply again, which ends earlier temporary relief.

A platform that waived penalties "until further notice" (疫情期间…暂停考核) ends the relief with a later
notice: 自8月1日起恢复正常考核, 取消疫情期间的临时调整, 特殊保障政策将于7月31日结束, 不再豁免….
Such a sentence is one **restoration**: its moment, its cause and its regions. The store links it to
the exemptions it ends (same cause or either unnamed; its regions contain theirs, or it names none;
published later; docs/contracts.md#exemption_ends).

Rules (each a named pattern below):
- ``restore the rules``   恢复 + (正常/原有) + a rule word within the clause: 恢复正常考核,
                          恢复订单的发货时效考核, 恢复48小时发货服务的违约赔付, 恢复原有的发货规则, 恢复正常发货;
- ``by the usual rules``  按(照)/依(照) + 正常/原(有) + rule word + 执行/考核/处理: 按原规则考核;
- ``collected in full``   全额/足额 + 征收/收取: 社会保险费将全额征收 (fees relief had reduced);
- ``cancel the measure``  取消/停止(执行)/终止/解除/撤销 + a temporary measure: 取消…临时调整, 停止执行…免考核措施;
- ``the measure ends``    a temporary measure + 到期/结束/终止/失效 (its moment: the day after the date, which
                          is the measure's last day);
- ``no longer relieved``  不再 + 豁免/免除/免考核/延长/享受…: 不再豁免延迟发货处罚.
Not restorations (guards): relief granted in the same sentence (its own end: 从X恢复…计算, 到期后恢复…),
a restoration after an unnamed end (…后恢复, 届时 with no date), one not made yet or hypothetical
(暂不恢复, 另行通知, 视情况, 如…), a call on merchants in the act's clause (提醒商家恢复正常发货), a
shop's own schedule (本店…恢复正常发货), other places kept as they are (其他地区…), a time (恢复之前,
恢复后). A courier's service coming back (恢复揽收) is no rule of the platform's.

Moment: a date in the sentence before the act's end (自X起, 于X, X后; not a news date: 2月22日消息),
else the notice's dated restoration with the same cause and places (the two are then one), else the
announcement's first effective date, else its publication time. Cause: the sentence, the
CAUSE_REACH sentences before it, the title, else the whole text. Regions: those named in the
sentence; when it points back (该地区), the nearest sentence before that names some, else the
title's; none means everywhere. A notice that says the same restoration twice (headline, lead, text)
gives it once.

The examples in ``extract/corpus/restorations.py`` are the specification.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .dateparts import MONTH, YEAR
from .dates import Moment
from .effective import reported
from .exemptions import CAUSE_REACH, CITED_TITLE, PLACES_BEFORE, find_cause
from .regions import RegionMention, find_regions
from .relief import GAP, find_relief
from .settings import REPORTED_REACH
from .spans import sentence_spans

# --- named patterns ------------------------------------------------------------------------------
#: the usual state of things: 正常, 原有, 原来的, 常规
NORMAL = r"(?:正常|原有的?|原来的?|原|常规|既有)"
#: a rule of the platform's that relief suspends: assessments, penalties, compensation, deadlines
RULE_WORD = (r"(?:考核|考评|规则|标准|判定|计分|扣分|处罚|赔付|理赔|收费|计费|征收|收取|计收|违约金|滞纳金|"
             r"时效|政策|正常发货|发货规则|发货考核)")
#: a temporary measure that relief is: 临时调整, 特殊保障政策, 免考核措施, 豁免
MEASURE = (r"(?:(?:临时|特殊|阶段性|专项|暂时)" + GAP + r"{0,8}?(?:调整|措施|政策|保障|安排|规定|方案)|"
           r"(?:豁免|免考核|免责|延长发货|延迟发货)" + GAP + r"{0,6}?(?:措施|政策|规定|安排|方案)?)")
#: 恢复之前 (before it resumes), 恢复后 (once resumed): a time, not an act
RESTORE_THE_RULES = re.compile(rf"恢复(?!之前|以前|前|之后|以后|后)(?:执行|实施|为|至|到)?{GAP}{{0,14}}?{RULE_WORD}"
                               r"(?:考核|赔付|规则|标准)?(?!后)")
#: fees collected again in full: 社会保险费将全额征收, 从1月1日起已恢复正常征收
COLLECTED_IN_FULL = re.compile(r"(?:全额|足额)(?:征收|收取|计收|缴纳)")
BY_THE_USUAL_RULES = re.compile(rf"(?:按照|按|依照|依){NORMAL}{GAP}{{0,6}}?(?:规则|标准|时效|考核|流程)"
                                r"(?:执行|考核|处理|计算)")
CANCEL_THE_MEASURE = re.compile(rf"(?:取消|停止执行|停止|终止|解除|撤销|废止){GAP}{{0,16}}?{MEASURE}")
THE_MEASURE_ENDS = re.compile(rf"{MEASURE}{GAP}{{0,16}}?(?:到期|结束|终止|失效)")
NO_LONGER_RELIEVED = re.compile(rf"不再(?:享受|适用|执行)?{GAP}{{0,4}}?(?:豁免|免除|免考核|免责|延长|顺延)")
RULES = (("restore the rules", RESTORE_THE_RULES), ("by the usual rules", BY_THE_USUAL_RULES),
         ("collected in full", COLLECTED_IN_FULL),
         ("cancel the measure", CANCEL_THE_MEASURE), ("the measure ends", THE_MEASURE_ENDS),
         ("no longer relieved", NO_LONGER_RELIEVED))
#: any rule at all: most sentences have none of these characters and are skipped at once
ACT_CHARACTER = re.compile(r"[恢按依取停终解撤废到结失不全足]")

#: a month without a day, from which the rules apply: 2021年1月起, 自2024年1月开始 (its first day)
MONTH_FROM = re.compile(rf"(?P<year>{YEAR})\s*年\s*(?P<month>{MONTH})\s*月份?(?:\s*(?:1|一)\s*日)?\s*(?:起|开始)")

# --- guards --------------------------------------------------------------------------------------
#: not made yet, or only if: 暂不恢复, 尚未, 另行通知, 视情况, 如疫情好转
NOT_YET = re.compile(r"暂不|暂未|尚未|仍未|未能|不会|无法|何时|待定|另行通知|视情况|预计|或将|有望|争取|"
                     r"如果|如遇|若|一旦|(?<![例比诸])如(?!下|期|约|实)|(?:情况|情形|条件)时|满足|(?<![相适])当")
#: the reader asked to act (提醒商家…恢复正常发货), in the act's own clause: not a rule restored
READER_ACTS = re.compile(rf"(?:提醒|建议|请|督促|引导|帮助|指引|要求|鼓励){GAP}*$")
#: a shop's own schedule (本店2月24日恢复正常发货): no rule of a platform's or a public body's
OWN_SHOP = re.compile(r"本店|我店|小店|本店铺|我们店")
#: other places, or all but some: 其他地区照常考核, 除…外
OTHERS = re.compile(r"其他|其余|以外|之外|除[^，,。；;]{1,24}?外")  # 除 alone is in 解除, 免除
#: an end named without a date: 到期后恢复, 结束后, 届时
AFTER_AN_END = re.compile(r"(?:后|届时)\s*(?:将|再|即|自动|均|则)?\s*$")


@dataclass
class Restoration:
    """One restoration; start/end of its evidence in the normalised text."""

    start: int
    end: int
    moment: datetime
    cause: str | None = None
    regions: list[RegionMention] = field(default_factory=list)


def _act(sentence: str) -> tuple[str, re.Match[str]] | None:
    """The first rule that matches the sentence, with its match (earliest in the sentence)."""
    if not ACT_CHARACTER.search(sentence):
        return None
    found = [(m.start(), name, m) for name, rule in RULES if (m := rule.search(sentence))]
    if not found:
        return None
    _, name, match = min(found, key=lambda f: f[0])
    return name, match


def _guarded(sentence: str, act: re.Match[str], dated: bool) -> bool:
    before = sentence[:act.start()]
    return bool(NOT_YET.search(sentence) or READER_ACTS.search(before) or OTHERS.search(sentence)
                or OWN_SHOP.search(sentence) or (not dated and AFTER_AN_END.search(before)))


def _moment(name: str, moments: list[Moment]) -> datetime | None:
    """The moment of the last date before the act; when the measure ends on a date, the day after."""
    days = [m for m in moments if m.day is not None]
    if not days:
        return None
    last = days[-1]
    if name == "the measure ends" and last.clock is None and last.day is not None:
        return datetime.combine(last.day + timedelta(days=1), datetime.min.time())
    return last.as_start()


def _places(sentence: str, regions: list[RegionMention], sentences: list[tuple[int, int]]) -> list[RegionMention]:
    """The regions the last of sentences names, or, when it points back (该地区), the nearest
    sentence before it that names some."""
    for k, (s, e) in enumerate(reversed(sentences)):
        named = [m for m in regions if s <= m.start < e]
        if named or (k == 0 and not PLACES_BEFORE.search(sentence)):
            return named
    return []


def _month_from(text: str) -> datetime | None:
    """The first day of the last month named as a start (2021年1月起) in text (the sentence after its
    last full date: a news date before it, 12月7日…发布…明确2021年1月起…, is not the start)."""
    months = list(MONTH_FROM.finditer(text))
    return datetime(int(months[-1]["year"]), int(months[-1]["month"]), 1) if months else None


def find_restorations(text: str, moments: list[Moment], effective: list[date], published: datetime,
                      regions: list[RegionMention], title: str = "") -> list[Restoration]:
    """Restorations in text (normalised), one per sentence, in order. ``effective`` are the
    announcement's effective dates (the moment of a sentence that names none), ``regions`` every
    region the text names (``find_regions``)."""
    sentences = sentence_spans(text)
    found: list[Restoration] = []
    seen: set[tuple[date, str | None, tuple[str, ...]]] = set()
    undated: list[int] = []
    for k, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        act = _act(sentence)
        if act is None or find_relief(CITED_TITLE.sub("《》", sentence)):  # a cited title grants nothing
            continue
        name, match = act
        before = [m for m in moments if s <= m.start and m.end <= s + match.end()
                  and not reported(text[m.end:m.end + REPORTED_REACH])]
        if _guarded(sentence, match, bool(before)):
            continue
        days_end = max((m.end - s for m in before if m.day is not None), default=-1)
        moment = _month_from(sentence[days_end + 1:match.end()]) or _moment(name, before)
        if moment is None:  # dated by the notice: its dated restoration, effective date or publication
            undated.append(len(found))
            moment = datetime.combine(effective[0], datetime.min.time()) if effective else published
        reach = text[sentences[max(0, k - CAUSE_REACH)][0]:e]
        cause = find_cause(sentence) or find_cause(reach) or find_cause(title) or find_cause(text)
        named = _places(sentence, regions, sentences[:k + 1])
        if not named and PLACES_BEFORE.search(sentence):
            named = find_regions(title)  # 相关地区 with the places in the title only
        said = (moment.date(), cause, tuple(sorted(m.region.code for m in named)))  # a day: 8时 or not
        if said not in seen:  # a notice restating its restoration (标题, 导语, 正文) gives it once
            seen.add(said)
            found.append(Restoration(s + match.start(), s + match.end(), moment, cause, named))
    return _dated_by_the_notice(found, undated)


def _dated_by_the_notice(found: list[Restoration], undated: list[int]) -> list[Restoration]:
    """A restoration its sentence gives no date (发货时效将恢复正常考核) and a dated one of the same
    notice with the same cause and places (…将于2月25日恢复违约赔付) are one: said once, where the text
    first says it, at the dated one's moment."""
    out: list[Restoration] = []
    absorbed: set[int] = set()
    for i, r in enumerate(found):
        if i in absorbed:
            continue
        twin = next((j for j, d in enumerate(found) if i in undated and j not in undated
                     and (d.cause, _codes(d)) == (r.cause, _codes(r))), None)
        if twin is not None and twin < i:
            continue  # said, with its date, before
        if twin is not None:
            absorbed.add(twin)
            r = Restoration(r.start, r.end, found[twin].moment, r.cause, r.regions)
        out.append(r)
    return out


def _codes(r: Restoration) -> tuple[str, ...]:
    return tuple(sorted(m.region.code for m in r.regions))
