"""The main text of an article page: the block whose paragraphs carry most prose.

Structure alone misleads on real pages (a comment area has more <p>s than the article, a template
block is empty, a body is one <td> of <br>-separated lines), so blocks are scored by their text, as
readability and GeneralNewsExtractor do:

- every run of text a block holds directly scores by its punctuation and length (prose is
  punctuated; menus, tag clouds, counters and link lists are not), counting only text outside
  links; a short run without a comma or a full stop scores nothing;
- the score goes to the block (to the parent, for a <p>), and decaying to the blocks above it;
- a block's score is discounted by the share of its text inside links;
- page furniture (navigation, footers, share bars, related lists, comments) scores nothing and is
  never part of the body.

The best block, with its siblings that score nearly as well, gives the text, a line per paragraph,
table row or ``<br>``-separated run (see ``layout``).
"""
from __future__ import annotations

from . import settings as s
from .layout import Block, Layout, Line


def _score(layout: Layout) -> None:
    for block in reversed(layout.blocks):  # children before parents
        if block.furniture or block.own_chars < s.MIN_RUN_CHARS:
            continue
        if not block.own_punct and block.own_chars < s.MIN_UNPUNCTUATED_RUN:
            continue
        run = 1 + block.own_punct + min(block.own_chars / s.CHARS_PER_POINT, s.MAX_LENGTH_POINTS)
        target = block.parent if block.node.tag in s.PARAGRAPH_TAGS and block.parent is not None else block
        for level in range(s.SCORE_LEVELS):
            if target is None or target.furniture:
                break
            target.score += run / s.LEVEL_DIVIDERS[level]
            target = target.parent


def _final(block: Block) -> float:
    return block.score * (1 - block.link_density)


def _chosen(layout: Layout) -> list[Block]:
    """The best block and those of its siblings that score nearly as well (a body split in two)."""
    candidates = [b for b in layout.blocks if b.score > 0]
    if not candidates:
        return []
    top = max(candidates, key=_final)
    if top.parent is None:
        return [top]
    threshold = max(s.SIBLING_MIN_SCORE, s.SIBLING_SHARE * _final(top))
    return [b for b in layout.blocks if b.parent is top.parent and not b.furniture and (
        b is top or _final(b) >= threshold
        or (b.node.tag == "p" and b.own_chars >= s.SIBLING_PARAGRAPH_CHARS
            and b.link_density < s.SIBLING_PARAGRAPH_LINK_DENSITY))]


def body_lines(layout: Layout) -> list[Line]:
    """The lines of the page's main text (empty when the page holds no prose)."""
    _score(layout)
    inside = {id(b) for b in _chosen(layout)}
    for block in layout.blocks:  # parents come first: a block is inside when its parent is
        if block.parent is not None and id(block.parent) in inside and not block.furniture:
            inside.add(id(block))
    return [line for line in layout.lines if id(line.block) in inside]
