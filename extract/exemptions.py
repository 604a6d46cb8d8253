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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .regions import RegionMention, gazetteer
from .spans import SENTENCE_END
from .windows import Window


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

NEGATION = r"(?:不免除|不予免除|不做特殊|不作特殊|不再提供|不再[^。；，]{0,4}享受|不延长|不顺延|不豁免|不适用|照常|正常考核)"
#: what waives something: 不 only with the verb it negates (不进行扣分, 不予处罚, 不扣分), so that
#: 不按时发货的将予以处罚 or 不适用免罚规则 grant nothing; the suspending verbs reach further
WAIVE = (r"(?:不(?:进行|做|作|予|予以|会|再|对[^。；，]{0,10}?进行)[^。；，不]{0,10}?|不|"
         r"(?:暂停|停止|免除|免于|豁免|取消|关闭|无需)[^。；，]{0,20}?)")
RELIEF = (
    ("no_penalty", rf"{WAIVE}(?:扣分|处罚|判罚|违规判定|违规处理|违规|违约金)|免(?:于|除)?(?:扣分|处罚|违约金)|"
                   r"不视为[^。；，]{0,10}(?:违规|虚假发货|延迟发货|违约|超时)|"
                   r"不(?:扣除|扣)保证金|不计入[^。；，]{0,10}违规|"
                   r"(?:予以|给予|作|做)免责"),
    ("no_compensation", rf"{WAIVE}(?:理赔|赔付|赔偿)"),
    ("excluded_from_metrics", r"剔除|(?:不计入|不纳入|不参与|不影响)[^。；]{0,20}(?:考核|计算|统计|体验分|评分|指标)|"
                              r"(?:暂停|停止|免于|免除)[^。；，]{0,24}考核|免考核|不(?:予|作|做|进行)考核"),
    ("complaint_exempt", r"(?:客诉|投诉)[^。；，]{0,6}免责|免责处理|投诉[^。；]{0,12}不(?:予|做|进行)?(?:处理|受理|支持)"),
    # a deadline (发货时间, 时效, 考核) moved, not a shop putting its own parcels off (包裹将顺延至年后发货)
    ("deadline_extended", r"(?:时间|时效|期限|时限|考核|承诺)[^。；，]{0,6}(?:顺延|延长)|顺延\s*\d+\s*(?:个?工作日|天|日|小时)|"
                          r"延长(?:发货|揽收)?(?:时间|时效|期限)|发货时间[^。；]{0,10}延长|恢复[^。；]{0,12}发货时间计算|延迟发货不"),
)
ADDRESS_EITHER = re.compile(r"收货地址?(?:或|/|和|及|、|或者)发货地址?|发货地址?(?:或|/|和|及|、|或者)收货地址?|收发货地址?")
ADDRESS_RECEIVER = re.compile(r"收货地址|收货地|收件地址|寄往")
ADDRESS_SENDER = re.compile(r"发货地址|发货地(?!址)|寄件地址|发出地")
#: a scope that names its places by pointing back (…对上述区域采取以下措施)
PLACES_BEFORE = re.compile(r"(?:上述|以上|前述|上列|这些|该)(?:区域|地区|城市|省份|省市|地方)")
#: a sentence this short between two parts of a scope is a heading (二、适用时间), not prose
HEADING_LENGTH = 12
#: a scope about orders (…地址在以下地区的订单), and relief that points back to such a scope (上述订单…)
ORDER_SCOPE = re.compile(r"订单|地址|适用")
REFERS_BACK = re.compile(r"上述|以上|前述|上列|该等|此类|相关订单|适用期间|上述期间|此期间")
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
    """Sentence spans; whitespace between sentences (a newline after 。) joins the next one. What
    is pending since start is blank, so only the stretch since the last boundary is looked at (not
    all of it again at every newline of a blank run)."""
    spans, start, last = [], 0, 0
    for m in SENTENCE_END.finditer(text):
        if text[last:m.end()].strip():
            spans.append((start, m.end()))
            start = m.end()
        last = m.end()
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


def _scopes(text: str, sentences: list[tuple[int, int]], regions: list[RegionMention],
            windows: list[Window]) -> list[Exemption]:
    """Group sentences into scopes. A list of regions one per line is one scope; a scope with regions
    but no dates takes the dates of the next sentence that has only dates, and the other way round
    (适用时间 before 适用范围). Only the next sentence continues a scope; short headings between
    (二、适用时间) do not count, but a sentence of prose does: a background sentence naming where an
    earthquake struck does not take the dates of the clause after the next. A list's lead-in
    (…地址在以下地区的订单：) belongs to the scope it introduces."""
    scopes: list[Exemption] = []
    listing = False  # the last sentence added to the last scope was a line of region names
    open_scope = False  # the last scope may still be continued
    lead_in: int | None = None  # start of a sentence ending in ：with nothing of its own
    for (s_start, s_end), here_regions, here_windows in zip(
            sentences, _by_sentence(regions, sentences), _by_sentence(windows, sentences)):
        sentence = text[s_start:s_end].strip()
        if not here_regions and not here_windows:
            listing = False
            if len(sentence) > HEADING_LENGTH:
                open_scope = False
            lead_in = s_start if sentence.endswith(("：", ":")) else None
            continue
        last = scopes[-1] if scopes and open_scope else None
        open_scope = True
        only_names = bool(here_regions) and not here_windows and _only_regions(text, s_start, s_end, here_regions)
        if last is not None and only_names and (listing or not last.regions or not last.windows):
            last.regions += here_regions  # the next line of a region list (…以下地区的订单：\n福州市\n厦门市)
            last.end = s_end
            listing = True
            continue
        listing = only_names
        if last is not None and not last.windows and not here_regions and here_windows:
            last.windows = here_windows  # regions named first, dates in the next sentence
            last.end = s_end
        elif last is not None and not last.regions and here_regions and not here_windows:
            last.regions = here_regions  # dates first, regions in the next sentence
            last.end = s_end
        else:
            start = lead_in if lead_in is not None else s_start
            scopes.append(Exemption(start, s_end, here_regions, here_windows))
        lead_in = None
    return scopes


def _by_sentence(items: list, sentences: list[tuple[int, int]]) -> list[list]:
    """The items (regions or windows) that start in each sentence, in their order: each item is
    placed by bisection, not every item tested against every sentence."""
    starts = [s for s, _ in sentences]
    buckets: list[list] = [[] for _ in sentences]
    for item in items:
        k = bisect_right(starts, item.start) - 1
        if k >= 0 and item.start < sentences[k][1]:
            buckets[k].append(item)
    return buckets


def _only_regions(text: str, start: int, end: int, regions: list[RegionMention]) -> bool:
    """A line that is nothing but region names (and separators): part of a list. The names the
    line's regions are contained in (福建省 of 福建省厦门市) count as region names too."""
    rest = _cut_out(text[start:end], [(r.start - start, r.end - start)
                                      for r in sorted(regions, key=lambda r: -r.start)])
    pieces = re.split(r"[\s、，,；;。及和与（）()0-9一二三四五六七八九十.：:]+", rest)
    return all(_names_only(p) for p in pieces)


def _cut_out(line: str, cuts: list[tuple[int, int]]) -> str:
    """line with each cut [a, b) taken out in turn, right to left, as ``rest[:a] + rest[b:]`` on
    what is left (a span cut twice, as a group's regions share one, takes as much again after it),
    in one pass instead of a copy of the line per cut. line[:kept] is untouched so far; the pieces
    of what is left after it are kept last first."""
    kept, tail = len(line), []
    for a, b in cuts:
        if b <= kept:
            tail.append(line[b:kept])
        else:  # the cut reaches past the untouched part: drop that much of what is left
            excess = b - kept
            while excess and tail:
                piece = tail.pop()
                if len(piece) > excess:
                    tail.append(piece[excess:])
                    excess = 0
                else:
                    excess -= len(piece)
        kept = a
    return line[:kept] + "".join(reversed(tail))


def _names_only(piece: str) -> bool:
    """Whether piece is a run of region names (青海省海东市), read greedily from the left."""
    gaz = gazetteer()
    pos = 0
    while pos < len(piece):
        for length in range(min(len(piece) - pos, gaz.longest), 1, -1):
            name = piece[pos:pos + length]
            if name in gaz.full or name in gaz.short:
                pos += length
                break
        else:
            return False
    return True


def find_exemptions(text: str, regions: list[RegionMention], windows: list[Window],
                    title: str = "") -> list[Exemption]:
    """One record per scope of relief in text (normalised; regions and windows found in it).

    The relief of a scope is in its own sentences, in those that follow before the next scope, or,
    in a notice whose relief stands in a clause of its own (三、保障措施：上述订单…), in the first
    later sentence that grants relief and points back (上述, 以上, 适用期间…) to a scope about orders."""
    sentences = _sentences(text)
    scopes = _scopes(text, sentences, regions, windows)
    # sentences, regions and scopes are in text order: each lookup below is a bisection
    starts = [s for s, _ in sentences]
    region_starts = [r.start for r in regions]
    reliefs = [find_relief(text[s:e]) for s, e in sentences]
    next_relief = _first_from([bool(found) for found in reliefs])
    next_pointing_back = _first_from([bool(found) and bool(REFERS_BACK.search(text[s:e]))
                                      for (s, e), found in zip(sentences, reliefs)])
    for scope in scopes:  # 上述区域: the places named just before
        if not scope.regions and PLACES_BEFORE.search(text[scope.start:scope.end]):
            earlier = bisect_left(region_starts, scope.start)
            if earlier:
                last_sentence = starts[bisect_right(starts, regions[earlier - 1].start) - 1]
                scope.regions = regions[bisect_left(region_starts, last_sentence):earlier]
    records = []
    cause = find_cause(title + "\n" + text)
    for i, scope in enumerate(scopes):
        next_start = scopes[i + 1].start if i + 1 < len(scopes) else len(text)
        own = reliefs[bisect_left(starts, scope.start):bisect_left(starts, max(next_start, scope.end))]
        relief = sorted({r for found in own for r in found})
        if not relief and i + 1 < len(scopes) and re.search(r"[；;]\s*$", text[scope.start:scope.end]):
            # …的订单，付款时间在X的；…的订单，付款时间在Y的，平台不扣分: the relief closes the series
            closing = next_relief[bisect_left(starts, scopes[i + 1].start)]
            relief = reliefs[closing] if closing is not None else []
        if not relief and ORDER_SCOPE.search(text[scope.start:scope.end]):
            later = next_pointing_back[bisect_left(starts, scope.end)]
            relief = reliefs[later] if later is not None else []
        if not relief:
            continue
        scope_text = text[scope.start:scope.end]
        scope.relief = relief
        scope.cause = cause
        scope.address = _address(scope_text)
        scope.time_basis = sorted(name for name, p in TIME_BASES
                                  if re.search(p + r"[^。；，]{0,4}时间|" + p + r"的[^。；，]{0,4}订单", scope_text))
        records.append(scope)
    return records


def _first_from(flags: list[bool]) -> list[int | None]:
    """For each index (and one past the end), the first index at or after it whose flag is set."""
    first: list[int | None] = [None] * (len(flags) + 1)
    for k in range(len(flags) - 1, -1, -1):
        first[k] = k if flags[k] else first[k + 1]
    return first
