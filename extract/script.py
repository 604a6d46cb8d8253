"""Traditional Chinese to simplified, before the rules run (受廣州疫情影響 reads as 受广州疫情影响).

The rules, the gazetteer and the vocabularies are written in simplified characters. A text in
traditional script is converted with OpenCC (``t2s``) character for character, so that every offset
stays where it was and evidence spans point into the original text. Only a text that reads as
traditional is converted: on a simplified text ``t2s`` would still rewrite a few characters that
simplified Chinese keeps (覆盖 is not 复盖).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

#: a text is traditional when conversion changes at least this many characters, and this share of them
MIN_CHANGED = 3
MIN_CHANGED_SHARE = 0.03
CJK = re.compile(r"[\u4e00-\u9fff]")


class _Converter(Protocol):
    """What is used of ``opencc.OpenCC``, typed: its ``convert`` has no return annotation (it returns str)."""

    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _converter() -> _Converter:
    import opencc  # loaded on the first text that needs it

    return opencc.OpenCC("t2s")


def _convert(text: str) -> str:
    """t2s, keeping the length: a phrase conversion that changes the length is redone a character
    at a time for that line."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    lines = []
    for line in text.splitlines(keepends=True):
        out = _converter().convert(line)
        if len(out) != len(line):
            out = "".join(c if len(c) == 1 else ch for ch, c in ((ch, _converter().convert(ch)) for ch in line))
        lines.append(out)
    return "".join(lines)


def to_simplified(text: str) -> str:
    """text in simplified characters, the same length as text; unchanged unless it reads as traditional."""
    if not text or not CJK.search(text):
        return text
    converted = _convert(text)
    if converted == text:
        return text
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    if changed < MIN_CHANGED or changed < MIN_CHANGED_SHARE * len(CJK.findall(text)):
        return text
    return converted
