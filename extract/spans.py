"""The sentence or clause around a match: where extractors look for the words that qualify it.

Extractors ask about every match of a text, so the boundaries of a text are found once
(``Boundaries``) and each question is a bisection: scanning the text before each match, or to the
end of a long sentence, made extraction quadratic in the text's length.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

#: boundaries are single characters, so a boundary's end is its position + 1
SENTENCE_END = re.compile(r"[。；;！!？?\n]")
CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end); whitespace between sentences (a newline after 。) joins the next one. What
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


class Boundaries:
    """The sentence (or clause) boundaries of one text, found once."""

    def __init__(self, text: str, boundary: re.Pattern[str] = SENTENCE_END):
        self.text = text
        self.positions = [m.start() for m in boundary.finditer(text)]
        self._found: dict[tuple[re.Pattern[str], int, int], bool] = {}

    def span(self, start: int, end: int) -> tuple[int, int]:
        """From just after the last boundary before start to the next boundary at or after end."""
        before = bisect_left(self.positions, start)
        left = self.positions[before - 1] + 1 if before else 0
        return left, self.next_boundary(end)

    def next_boundary(self, end: int) -> int:
        """The position of the next boundary at or after end (the text's length when none)."""
        following = bisect_left(self.positions, end)
        return self.positions[following] if following < len(self.positions) else len(self.text)

    def around(self, start: int, end: int) -> str:
        """The text of the sentence (or sentences) around [start, end)."""
        left, right = self.span(start, end)
        return self.text[left:right]

    def has(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """Whether pattern occurs in the sentence around [start, end). Answered once per sentence:
        a sentence of a thousand matches is searched once, not a thousand times."""
        key = (pattern, *self.span(start, end))
        if key not in self._found:
            self._found[key] = bool(pattern.search(self.text[key[1]:key[2]]))
        return self._found[key]


class Reach:
    """Spans sorted by start, with the furthest end reached so far: whether any span starting
    before a point ends after another is one bisection, not a scan of every span per match."""

    def __init__(self, spans: list[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.furthest = list(accumulate((end for _, end in ordered), max))

    def any_across(self, before: int, after: int) -> bool:
        """Whether some span starts before ``before`` and ends after ``after``."""
        count = bisect_left(self.starts, before)
        return count > 0 and self.furthest[count - 1] > after
