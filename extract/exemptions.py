"""Exemption records: relief tied to named regions, a bounded period or a specific occasion.

A text is split into sentences; a sentence that names regions or windows opens a scope, and a
scope with no window borrows the next sentence's (regions in one sentence, dates in the next). What
a sentence grants is read by the relief grammar (``extract.relief``: acts on obligations, clause by
clause, relief taken back in its own clause only). A scope is an exemption when relief reaches it:
from its own sentences, from a later sentence that points back (上述订单), from an earlier one that
points ahead (下述区域) or that a table of places follows (按照下表执行), or as a new ship-by date
after its period. Relief that reaches no scope is one record of its own when a specific occasion
is named with it (受台风影响…退票不收手续费: no region, no period). Each record carries:
- cause      the occasion (台风, 地震, 暴雨, 疫情, 春节, 灾害, 系统故障 …), from the whole text and title;
- relief     what is granted: no_penalty, no_compensation, excluded_from_metrics, complaint_exempt,
             deadline_extended, fee_waived (see ``extract.relief``);
- address    whose address counts: receiver (收货地址), sender (发货地址) or either;
- time_basis which time counts: paid (付款/支付时间), ship_due (应发时间), ordered (下单时间).
The examples in ``extract/corpus/exemptions.py`` are the specification.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from . import vocabulary as v
from .dates import GLOSS, Moment
from .regions import RegionMention, gazetteer
from .relief import find_relief
from .spans import Reach, sentence_spans
from .windows import Window

CAUSE_WORDS = (  # first match wins: the specific hazard before the generic logistics wording
    (v.TYPHOON, r"台风|热带风暴"),
    (v.EARTHQUAKE, r"地震"),
    (v.RAINSTORM, r"暴雨|强降雨|强降水|特大暴雨|豪雨|大暴雨"),
    (v.FLOOD, r"洪水|洪涝|洪灾|汛情|内涝|山洪"),
    (v.SNOW, r"暴雪|降雪|冰雪|雨雪|冰冻|寒潮"),
    (v.EPIDEMIC, r"疫情|新冠|肺炎|防疫|封控"),
    (v.HOLIDAY, r"春节|国庆|五一|劳动节|元旦|中秋|端午|清明|假期|放假|节假日|年货节|双十一|双11"),
    (v.DISASTER, r"灾害|受灾|灾区|灾情|泥石流|山体滑坡|火灾|地质灾害"),
    (v.WEATHER, r"恶劣天气|极端天气|高温|大风|大雾|强对流|雷暴"),
    (v.OUTAGE, r"系统故障|网络异常|系统异常|网络故障|系统崩溃|大面积停电|机房故障"),
    # 物流 alone is every shop's word (京东物流): a stoppage, not the word
    (v.LOGISTICS, (r"运力|停运|快递停发|交通管制|物流(?:停滞|中断|受阻|停运|异常|瘫痪|不畅)|网点(?:停业|暂停|关闭)|"
                   r"暂停(?:揽收|收派|派送|揽派)")),
)
CAUSES = tuple((name, re.compile(words)) for name, words in CAUSE_WORDS)
#: any cause at all: a text without one is searched once, not once per cause
ANY_CAUSE = re.compile("|".join(words for _, words in CAUSE_WORDS))

ADDRESS_EITHER = re.compile(r"收货地址?(?:或|/|和|及|、|或者)发货地址?|"
                            r"发货地址?(?:或|/|和|及|、|或者)收货地址?|收发货地址?")
ADDRESS_RECEIVER = re.compile(r"收货地址|收货地|收件地址|寄往")
ADDRESS_SENDER = re.compile(r"发货地址|发货地(?!址)|寄件地址|发出地")
#: a scope that names its places by pointing back (…对上述区域采取以下措施; a restoration's 取消该地区的豁免政策)
PLACES_BEFORE = re.compile(r"(?:上述|以上|前述|上列|这些|该|相关|此类)(?:区域|地区|城市|省份|省市|地方)")
#: a numbered point under a scope ((1), （2）, ①): it details that scope, it does not open another
SUB_ITEM = re.compile(r"[(（]\s*\d{1,2}\s*[)）]|[①②③④⑤⑥⑦⑧⑨⑩]")
#: a sentence this short between two parts of a scope is a heading (二、适用时间), not prose
HEADING_LENGTH = 12
#: a scope about orders (…地址在以下地区的订单), and relief that points back to such a scope (上述订单…)
ORDER_SCOPE = re.compile(r"订单|地址|适用")
REFERS_BACK = re.compile(r"上述|以上|前述|上列|该等|此类|相关订单|适用期间|上述期间|此期间")
TIME_BASES = ((v.PAID, r"付款|支付"), (v.SHIP_DUE, r"应发"), (v.ORDERED, r"下单|拍下"))
#: relief that names the scopes after it: 天猫针对下述区域执行特殊物流要求…自动赔付免责
POINTS_AHEAD = re.compile(r"下述|以下|如下|下列")
#: a new ship-by moment right after a date (…须在10月15日23:59:59前完成发货), a gloss and all
#: (…2月4日(正月十一)23:59:59前完成发货)
SHIP_BY_AFTER = re.compile(rf"{GLOSS}\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*)?"
                           r"(?:及|或)?(?:之前|以前|前)\s*(?:完成)?(?:发货|发出|揽收)")
#: relief said to be temporary and to last until a date (临时停止…的措施将持续至5月31日): a period of its own
TEMPORARY_UNTIL = re.compile(r"(?:临时|暂时)[^。；;\n]{0,40}?(?:持续|延续|延长|有效|截止|直至|至)[^。；;\n]{0,6}?"
                             r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]")
#: relief for force majeure in general, whatever it is (对因暴雨等不可抗力造成的延迟发货不进行处罚): a standing clause
STANDING_CLAUSE = re.compile(r"不可抗力")
#: how many sentences before relief may name its occasion (受台风影响，…。为此，…免费办理退票)
CAUSE_REACH = 2
#: the title of a cited document: its words name no occasion
CITED_TITLE = re.compile(r"《[^《》\n]{1,40}》")
#: a cause named as what might happen (如遇台风, 若因疫情), or as an example of force majeure
HYPOTHETICAL_BEFORE = re.compile(r"(?:如遇|若遇|遇到|遇有|如果|若因|如因|如发生|若发生|例如|比如|诸如|包括|如|仅当|当)"
                                 r"[^。；，]{0,6}$")
AS_AN_EXAMPLE_AFTER = re.compile(r"^[^。；，]{0,16}?等(?:不可抗力|自然灾害|恶劣天气|特殊情况|原因|情形|情况)|"
                                 r"^[^。；，]{0,2}?(?:证明|材料|截图|凭证)")  # 上传物流停运证明: a document
#: words that name a kind of occasion, not one (法定节假日不计入发货时间 is a standing rule; 因恶劣天气
#:无法按时发货的可报备 a standing procedure)
GENERIC_OCCASIONS = ("假期", "放假", "节假日", "恶劣天气", "极端天气", "灾害", "地质灾害")


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


def find_cause(text: str) -> str | None:
    if not ANY_CAUSE.search(text):
        return None
    for name, pattern in CAUSES:
        if pattern.search(text):
            return name
    return None


def _address(text: str) -> str | None:
    if ADDRESS_EITHER.search(text):
        return v.EITHER
    receiver, sender = ADDRESS_RECEIVER.search(text), ADDRESS_SENDER.search(text)
    if receiver and sender:
        return v.EITHER
    return v.RECEIVER if receiver else v.SENDER if sender else None


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
            sentences, _by_sentence(regions, sentences), _by_sentence(windows, sentences), strict=False):
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
        elif last is not None and last.regions and not here_regions and SUB_ITEM.match(sentence):
            last.windows = last.windows + here_windows  # (1)…的订单，从其约定: a point of the scope above
            last.end = s_end
        else:
            start = lead_in if lead_in is not None else s_start
            scopes.append(Exemption(start, s_end, here_regions, here_windows))
        lead_in = None
    return scopes


class _Placed(Protocol):
    """Something found at a place in the text: a region mention, a window."""

    @property
    def start(self) -> int: ...


_Item = TypeVar("_Item", bound=_Placed)


def _by_sentence(items: list[_Item], sentences: list[tuple[int, int]]) -> list[list[_Item]]:
    """The items (regions or windows) that start in each sentence, in their order: each item is
    placed by bisection, not every item tested against every sentence."""
    starts = [s for s, _ in sentences]
    buckets: list[list[_Item]] = [[] for _ in sentences]
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
                    title: str, moments: list[Moment]) -> list[Exemption]:
    """One record per scope of relief in text (normalised; regions and windows found in it).

    The relief of a scope is in its own sentences, in those that follow before the next scope, in
    the first later sentence that grants relief and points back (三、保障措施：上述订单…, 适用期间…)
    to a scope about orders, or in the sentence just before it that points ahead (针对下述区域执行…:
    自动赔付免责…). Relief that no scope takes is a record of its own when a specific occasion is
    named with it (受台风影响…免费办理退票): relief for a cause, with no region or period. A new
    ship-by date after a scope's period (…期间的订单，须在10月15日前完成发货) moves its deadline."""
    sentences = sentence_spans(text)
    scopes = _scopes(text, sentences, regions, windows)
    # sentences, regions and scopes are in text order: each lookup below is a bisection
    starts = [s for s, _ in sentences]
    region_starts = [r.start for r in regions]
    reliefs = [find_relief(text[s:e]) for s, e in sentences]
    next_relief = _first_from([bool(found) for found in reliefs])
    last_relief = _last_before([bool(found) for found in reliefs])
    next_pointing_back = _first_from([bool(found) and bool(REFERS_BACK.search(text[s:e]))
                                      for (s, e), found in zip(sentences, reliefs, strict=False)])
    for scope in scopes:  # 上述区域: the places named just before
        if not scope.regions and PLACES_BEFORE.search(text[scope.start:scope.end]):
            earlier = bisect_left(region_starts, scope.start)
            if earlier:
                last_sentence = starts[bisect_right(starts, regions[earlier - 1].start) - 1]
                scope.regions = regions[bisect_left(region_starts, last_sentence):earlier]
    records = []
    cause = find_cause(title + "\n" + text)
    moment_starts = [m.start for m in moments]
    ahead: list[str] = []  # relief that points ahead (下述区域), for the scopes that follow it
    for i, scope in enumerate(scopes):
        first = bisect_left(starts, scope.start)
        next_start = scopes[i + 1].start if i + 1 < len(scopes) else len(text)
        own_range = range(first, bisect_left(starts, max(next_start, scope.end)))
        since_last = bisect_left(starts, scopes[i - 1].end) if i else 0
        pointing = [k for k in range(since_last, own_range.stop)
                    if reliefs[k] and POINTS_AHEAD.search(text, *sentences[k])]
        if pointing:  # …针对下述区域：自动赔付免责；新灯塔考核剔除。 — the relief up to the scope
            ahead = sorted({r for k in range(pointing[-1], max(first, pointing[-1] + 1)) for r in reliefs[k]})
        relief = sorted({r for k in own_range for r in reliefs[k]})
        if not relief and i + 1 < len(scopes) and re.search(r"[；;]\s*$", text[scope.start:scope.end]):
            # …的订单，付款时间在X的；…的订单，付款时间在Y的，平台不扣分: the relief closes the series
            closing = next_relief[bisect_left(starts, scopes[i + 1].start)]
            relief = reliefs[closing] if closing is not None else []
        if not relief and ORDER_SCOPE.search(text[scope.start:scope.end]):
            later = next_pointing_back[bisect_left(starts, scope.end)]
            relief = reliefs[later] if later is not None else []
        relief = relief or ahead
        if not relief and POINTS_AHEAD.search(text, scope.start, scope.end):
            # …的订单，按照下表执行特殊策略：宁德市开始日期…: a list of places for the relief stated before
            stated = last_relief[first]
            relief = reliefs[stated] if stated is not None else []
        if not relief and _ship_by_later(text, scope, moments, moment_starts):
            relief = [v.DEADLINE_EXTENDED]
        if not relief or (relief == [v.DEADLINE_EXTENDED] and not scope.windows and cause is None):
            continue  # a deadline relaxed for some regions for good (偏远地区揽收时效放宽) is a rule, not relief
        _complete(scope, text, relief, cause)
        records.append(scope)
    if not records:
        records = _for_a_cause(text, sentences, reliefs, title)
    return records


def _ship_by_later(text: str, scope: Exemption, moments: list[Moment], starts: list[int]) -> bool:
    """Whether the scope sets its orders a ship-by moment after its period ends (a deadline moved)."""
    ends = [w.ends for w in scope.windows if w.begins is not None and w.ends is not None]
    if not ends:
        return False
    for m in moments[bisect_left(starts, scope.start):bisect_left(starts, scope.end)]:
        ship_by = m.as_end()  # None for a clock alone
        if ship_by is not None and SHIP_BY_AFTER.match(text, m.end) and ship_by > max(ends):
            return True
    return False


def _complete(scope: Exemption, text: str, relief: list[str], cause: str | None) -> None:
    """Fill in what a scope of relief grants, why, whose address and which time counts."""
    scope_text = text[scope.start:scope.end]
    scope.relief = relief
    scope.cause = cause
    scope.address = _address(scope_text)
    scope.time_basis = sorted(name for name, p in TIME_BASES
                              if re.search(rf"(?:{p})(?:[^。；，]{{0,4}}时间|的[^。；，]{{0,4}}订单)|"
                                           rf"(?:起|后|前)(?:{p})", scope_text))


def _for_a_cause(text: str, sentences: list[tuple[int, int]], reliefs: list[list[str]],
                 title: str) -> list[Exemption]:
    """Relief with no region or period of its own (受台风影响，旅客可免费办理退票; 因疫情，系统自动延长
    发货时效): one record, when a specific occasion is named in the relief's sentence, in the
    sentences just before it, or in the title, or when the relief says it is temporary and lasts
    until a date. A cause given only as an example of force majeure (如遇台风等不可抗力) is a standing
    clause, not an occasion."""
    granting = [k for k, found in enumerate(reliefs)
                if found and not STANDING_CLAUSE.search(text, *sentences[k])]
    if not granting:
        return []
    cause = None
    for k in granting:
        lead = text[sentences[max(0, k - CAUSE_REACH)][0]:sentences[k][1]]
        cause = specific_cause(lead) or specific_cause(title)
        if cause is not None:
            break
    if cause is None and not any(TEMPORARY_UNTIL.search(text, *sentences[k]) for k in granting):
        return []
    record = Exemption(sentences[granting[0]][0], sentences[granting[-1]][1])
    _complete(record, text, sorted({r for k in granting for r in reliefs[k]}), cause)
    return [record]


def specific_cause(text: str) -> str | None:
    """The occasion a text names as the reason for relief, not as an example of what could happen
    nor in the title of a document it cites (《疫情期间发货规则说明》)."""
    cited = Reach([(m.start(), m.end()) for m in CITED_TITLE.finditer(text)])
    for name, pattern in CAUSES:
        for m in pattern.finditer(text):
            if not (cited.any_across(m.start() + 1, m.end() - 1)
                    or HYPOTHETICAL_BEFORE.search(text[max(0, m.start() - 12):m.start()])
                    or AS_AN_EXAMPLE_AFTER.match(text[m.end():m.end() + 12])
                    or m.group() in GENERIC_OCCASIONS):
                return name
    return None


def _last_before(flags: list[bool]) -> list[int | None]:
    """For each index, the last index before it whose flag is set."""
    last: list[int | None] = [None] * (len(flags) + 1)
    for k in range(1, len(flags) + 1):
        last[k] = k - 1 if flags[k - 1] else last[k - 1]
    return last


def _first_from(flags: list[bool]) -> list[int | None]:
    """For each index (and one past the end), the first index at or after it whose flag is set."""
    first: list[int | None] = [None] * (len(flags) + 1)
    for k in range(len(flags) - 1, -1, -1):
        first[k] = k if flags[k] else first[k + 1]
    return first
