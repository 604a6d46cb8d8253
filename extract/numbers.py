"""Normalisation of numbers with a span map back to the original text.

Announcements mix ASCII, full-width (２０２３年７月２８日) and Chinese numerals (二〇二三年七月二十八日,
二十四时, 四十八小时). Every extractor works on one normalised text; the span map turns a match in
that text back into a span of the original, so evidence always points at what was published.
Only numerals that stand before a date, time or duration unit are converted: 一定时间, 统一开通,
三家店铺 and 十分重要 stay as they are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dateparts import COUNT_CONNECTOR

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}

#: the characters of Chinese numerals
CN_CHARS = "〇零一二两三四五六七八九十百千"
CN_NUMERAL_CHARS = frozenset(CN_CHARS)
#: a run of Chinese numerals
CN_NUMERAL = rf"[{CN_CHARS}]+"
#: a run is read from its first character only: no unit starts with a numeral, so a match starting
#: inside a run could only fail, after re-scanning the rest of it (quadratic in the run's length)
RUN_START = rf"(?<![{CN_CHARS}])"
#: units after which a Chinese numeral is a number (年 for years, the rest for dates, times, durations)
NUMERIC_UNIT = r"(?:年|个?月|日|号|个?小时|分钟|时(?!间|候|期|代|机|效|刻|段|长)|点(?![击赞评])|天|周|个工作日)"
#: 分/秒 count only right after a time (八点十五分), so 十分重要 stays as it is
MINUTE_AFTER_TIME = rf"(?<=[点时:]){CN_NUMERAL}(?=分|秒)|(?<=分){CN_NUMERAL}(?=秒)"

#: the first number of a range whose second has a unit (三至五天, 二到三个工作日)
RANGE_BEFORE_UNIT = rf"{RUN_START}{CN_NUMERAL}(?=\s*{COUNT_CONNECTOR}\s*{CN_NUMERAL}\s*{NUMERIC_UNIT})"
CN_BEFORE_UNIT = re.compile(rf"{RUN_START}{CN_NUMERAL}(?={NUMERIC_UNIT})|{RANGE_BEFORE_UNIT}|{MINUTE_AFTER_TIME}")


def chinese_to_int(numeral: str) -> int | None:
    """Value of a Chinese numeral: positional years (二〇二三) and counted numbers (二十四)."""
    if not numeral:
        return None
    if not any(ch in UNITS for ch in numeral):
        if numeral in ("两",):
            return 2
        if len(numeral) > 1 and "两" in numeral:
            return None
        value = 0
        for ch in numeral:
            value = value * 10 + DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in numeral:
        if ch in DIGITS:
            current = DIGITS[ch]
        else:
            total += (current or 1) * UNITS[ch]
            current = 0
    return total + current


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, for every character of it, the offset of its source in the original."""

    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is len(original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised span [start, end)."""
        return self.offsets[start], max(self.offsets[end], self.offsets[start])


#: full-width digits, letters and the marks used inside numbers (：．／－％); Chinese punctuation stays
FULLWIDTH_NUMERIC = set("０１２３４５６７８９：．／－％") | {chr(c) for c in range(0xFF21, 0xFF3B)} | {
    chr(c) for c in range(0xFF41, 0xFF5B)}


#: the traditional forms of date and time units, read in any text (a short one such as 6月12號到7月3號
#: is not converted as a whole by extract.script, which needs several changed characters)
TRADITIONAL_UNITS = {"號": "号", "時": "时", "點": "点", "週": "周", "個": "个", "鐘": "钟"}

#: one character for one character, so offsets survive the translation
FULLWIDTH_TABLE = ({ord(ch): chr(ord(ch) - 0xFEE0) for ch in FULLWIDTH_NUMERIC} | {0x3000: " "}
                   | {ord(t): s for t, s in TRADITIONAL_UNITS.items()})


#: a pinyin gloss some reposting sites put after every character (臺(tái)風(fēng)): not part of the text
#: (one tone mark at least: 条款(a) is an enumeration, not a gloss)
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[{TONED}])[a-zü{TONED}]{{1,6}}\)")


def _without_glosses(text: str) -> tuple[str, list[int] | None]:
    """text without pinyin glosses, and for each character left its offset in text (None: nothing removed)."""
    if "(" not in text or not PINYIN_GLOSS.search(text):
        return text, None
    kept: list[int] = []
    pieces: list[str] = []
    pos = 0
    for m in PINYIN_GLOSS.finditer(text):
        pieces.append(text[pos:m.start()])
        kept.extend(range(pos, m.start()))
        pos = m.end()
    pieces.append(text[pos:])
    kept.extend(range(pos, len(text)))
    return "".join(pieces), kept


def normalize(text: str) -> Normalized:
    """Full-width characters to ASCII, traditional unit characters to simplified, pinyin glosses left
    out, and Chinese numerals before units to Arabic digits."""
    ascii_text, kept = _without_glosses(text.translate(FULLWIDTH_TABLE))
    if kept is not None:  # offsets into the text without glosses, then back to the original
        inner = normalize(ascii_text)
        return Normalized(inner.text, (*(kept[o] for o in inner.offsets[:-1]), len(text)))
    if not any(ch in CN_NUMERAL_CHARS for ch in ascii_text):
        return Normalized(ascii_text, tuple(range(len(text) + 1)))
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for match in CN_BEFORE_UNIT.finditer(ascii_text):
        digits = _arabic(match)
        if digits is None:
            continue
        out.append(ascii_text[pos:match.start()])
        offsets.extend(range(pos, match.start()))
        out.append(digits)
        # digit i points at character i of the run (the last digits at its last character)
        last = match.end() - 1
        offsets.extend(min(match.start() + i, last) for i in range(len(digits)))
        pos = match.end()
    out.append(ascii_text[pos:])
    offsets.extend(range(pos, len(ascii_text)))
    offsets.append(len(text))
    return Normalized("".join(out), tuple(offsets))


_YEAR_DIGITS = str.maketrans({k: str(v) for k, v in DIGITS.items()})


def _arabic(match: re.Match[str]) -> str | None:
    """The Arabic digits of a matched numeral: 二十四 by value, 二〇二三年 digit by digit. A numeral
    without 十/百/千 is translated as text, never through an int: a run as long as the text would
    take quadratic time to read and be too long to print (Python's limit of 4300 digits)."""
    numeral = match.group()
    if any(ch in UNITS for ch in numeral):
        return str(chinese_to_int(numeral))
    if len(numeral) > 1 and "两" in numeral:
        return None
    digits = numeral.translate(_YEAR_DIGITS)
    return digits if _is_positional_year(match) else digits.lstrip("0") or "0"


def _is_positional_year(match: re.Match[str]) -> bool:
    """二〇二三年 is read digit by digit; 二十年 (a count) is not a year in this sense."""
    numeral = match.group()
    after = match.string[match.end():match.end() + 1]
    return after == "年" and len(numeral) == 4 and not any(ch in UNITS for ch in numeral)
