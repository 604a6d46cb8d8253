"""Exemption records: relief granted to orders in named regions and/or a bounded period.

A text is split into sentences; a sentence that names regions or windows opens a scope, and a
scope with no window borrows the next sentence's (regions in one sentence, dates in the next). A
scope is an exemption when its sentence, or the one after it, grants relief (``RELIEF``) that is not
negated (不免除扣分 grants none; 不做特殊延长 neither). Each record carries:
- cause      the force majeure or occasion (台风, 地震, 暴雨, 疫情, 春节 …), from the whole text and title;
- relief     what is waived: no_penalty (不扣分), no_compensation (不理赔, 关闭理赔入口),
             excluded_from_metrics (剔除考核, 不计入考核), complaint_exempt (客诉免责),
             deadline_extended (发货时间顺延);
- address    whose address counts: receiver (收货地址), sender (发货地址) or either;
- time_basis which time counts: paid (付款/支付时间), ship_due (应发时间), ordered (下单时间).
The examples in ``extract/corpus/exemptions.py`` are the specification.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .regions import RegionMention
from .windows import Window

SENTENCE_END = re.compile(r"[。；;！!？?\n]")

CAUSES = (  # first match wins: the specific hazard before the generic logistics wording
    ("typhoon", r"台风|热带风暴"),
    ("earthquake", r"地震"),
    ("rainstorm", r"暴雨|强降雨|强降水|特大暴雨"),
    ("flood", r"洪水|洪涝|汛情|内涝"),
    ("snow", r"暴雪|降雪|冰雪|雨雪|冰冻|寒潮"),
    ("epidemic", r"疫情|新冠|肺炎|防疫|封控"),
    ("holiday", r"春节|国庆|五一|劳动节|元旦|中秋|端午|清明|假期|放假|节假日|年货节|双十一|双11"),
    ("logistics", r"物流|运力|停运|快递停发|交通管制"),
)

NEGATION = r"(?:不免除|不予免除|不做特殊|不作特殊|不再提供|不延长|不顺延|不豁免|不适用|照常|正常考核)"
#: what waives something: 不 only with the verb it negates (不进行扣分, 不予处罚, 不扣分), so that
#: 不按时发货的将予以处罚 or 不适用免罚规则 grant nothing; the suspending verbs reach further
WAIVE = (r"(?:不(?:进行|做|作|予|予以|会|再|对[^。；，]{0,10}?进行)[^。；，不]{0,10}?|不|"
         r"(?:暂停|停止|免除|免于|豁免|取消|关闭|无需)[^。；，]{0,20}?)")
RELIEF = (
    ("no_penalty", rf"{WAIVE}(?:扣分|处罚|判罚|违规判定|违规处理|违规)|免(?:于|除)?(?:扣分|处罚)|"
                   r"(?:予以|给予|作|做)免责"),
    ("no_compensation", rf"{WAIVE}(?:理赔|赔付|赔偿)"),
    ("excluded_from_metrics", r"剔除|(?:不计入|不纳入|不参与)[^。；]{0,20}(?:考核|计算|统计|体验分|评分|指标)|"
                              r"(?:暂停|停止|免于|免除)[^。；，]{0,12}考核|免考核"),
    ("complaint_exempt", r"(?:客诉|投诉)[^。；，]{0,6}免责|免责处理|投诉[^。；]{0,12}不(?:予|做|进行)?(?:处理|受理|支持)"),
    ("deadline_extended", r"顺延|延长(?:发货|揽收)?(?:时间|时效|期限)|发货时间[^。；]{0,10}延长|恢复[^。；]{0,12}发货时间计算|延迟发货不"),
)
ADDRESS_EITHER = re.compile(r"收货地址?(?:或|/|和|及|、|或者)发货地址?|发货地址?(?:或|/|和|及|、|或者)收货地址?|收发货地址?")
ADDRESS_RECEIVER = re.compile(r"收货地址|收货地|收件地址|寄往")
ADDRESS_SENDER = re.compile(r"发货地址|发货地(?!址)|寄件地址|发出地")
REFERS_BACK = re.compile(r"上述|以上|前述|上列")
TIME_BASES = (("paid", r"付款|支付"), ("ship_due", r"应发"), ("ordered", r"下单|拍下"))


@dataclass
class Exemption:
    """One scope of relief; start/end in the normalised text."""

    start: int
    end: int
    regions: list[RegionMention] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    cause: str | None = None
    relief: list[str] = field(default_factory=list)
    address: str | None = None
    time_basis: list[str] = field(default_factory=list)


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; whitespace between sentences (a newline after 。) joins the next one."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if text[start:m.end()].strip():
            spans.append((start, m.end()))
            start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def find_relief(sentence: str) -> list[str]:
    """What a sentence waives, negated relief left out."""
    if re.search(NEGATION + r"[^。；，]{0,6}(?:扣分|处罚|理赔|赔付|延长|考核)", sentence) and not re.search(
            r"剔除|不计入|关闭理赔|暂停", sentence):
        return []
    cleaned = re.sub(NEGATION + r"[^。；，]{0,10}", "", sentence)
    return sorted(name for name, pattern in RELIEF if re.search(pattern, cleaned))


def find_cause(text: str) -> str | None:
    for name, pattern in CAUSES:
        if re.search(pattern, text):
            return name
    return None


def _address(text: str) -> str | None:
    if ADDRESS_EITHER.search(text):
        return "either"
    receiver, sender = ADDRESS_RECEIVER.search(text), ADDRESS_SENDER.search(text)
    if receiver and sender:
        return "either"
    return "receiver" if receiver else "sender" if sender else None


def find_exemptions(text: str, regions: list[RegionMention], windows: list[Window],
                    title: str = "") -> list[Exemption]:
    """One record per scope of relief in text (normalised; regions and windows found in it)."""
    sentences = _sentences(text)
    scopes: list[Exemption] = []
    for s_start, s_end in sentences:
        here_regions = [r for r in regions if s_start <= r.start < s_end]
        here_windows = [w for w in windows if s_start <= w.start < s_end]
        if not here_regions and not here_windows:
            continue
        if scopes and not scopes[-1].windows and not here_regions and here_windows:
            scopes[-1].windows = here_windows  # regions named first, dates in the next sentence
            scopes[-1].end = s_end
            continue
        scopes.append(Exemption(s_start, s_end, here_regions, here_windows))
    records = []
    cause = find_cause(title + "\n" + text)
    for i, scope in enumerate(scopes):
        following = sentences[[s for s, _ in sentences].index(scope.start):]
        relief: list[str] = []
        for s_start, s_end in following[:3]:  # the relief may follow the scope's own sentence
            if s_start >= scope.end and any(s_start <= o.start < s_end for o in scopes[i + 1:]):
                break
            relief = sorted(set(relief) | set(find_relief(text[s_start:s_end])))
        if not relief and i + 1 < len(scopes) and REFERS_BACK.search(text[scopes[i + 1].start:scopes[i + 1].end]):
            relief = find_relief(text[scopes[i + 1].start:scopes[i + 1].end])  # 上述订单…不扣分
        if not relief:
            continue
        scope_text = text[scope.start:scope.end]
        scope.relief = relief
        scope.cause = cause
        scope.address = _address(scope_text)
        scope.time_basis = sorted(name for name, p in TIME_BASES if re.search(p + r"[^。；，]{0,4}时间|" + p + r"的订单", scope_text))
        records.append(scope)
    return records
