"""The sentence or clause around a match: where extractors look for the words that qualify it."""
from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[。；;！!？?\n]")
CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")


def around(text: str, start: int, end: int, boundary: re.Pattern[str] = SENTENCE_END) -> str:
    """The text from the last boundary before start to the next one at or after end."""
    left = max((m.end() for m in boundary.finditer(text, 0, start)), default=0)
    right = boundary.search(text, end)
    return text[left:right.start() if right else len(text)]


def after(text: str, end: int, boundary: re.Pattern[str] = SENTENCE_END) -> str:
    """The text from end to the next boundary."""
    stop = boundary.search(text, end)
    return text[end:stop.start() if stop else len(text)]
