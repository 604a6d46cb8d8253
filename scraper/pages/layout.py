"""A page as a reader sees it: blocks, and lines of text in reading order.

One pass over the tree (iterative, so linear in its size however deep the nesting) gives:

- a ``Block`` per block-level element, with counts over its subtree (characters, characters in
  links) and what it holds directly (characters and punctuation outside links), and whether it
  lies in page furniture (navigation, footers, share bars, related lists, comments);
- a ``Line`` per run of text a reader sees as one line: a new line wherever the holding block
  changes or a ``<br>`` stands, except between the cells of one table row (joined by a space).

The article parsers (body, headline, publication time) all read this one layout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import settings as s
from .dom import clean_text

WORD_SPLIT = re.compile(r"[\s_\-]+")
CAMEL = re.compile(r"([a-z])([A-Z])")


@dataclass(slots=True, eq=False)
class Block:
    """One block-level element; counts cover its subtree, furniture excluded unless it is furniture."""

    node: LexborNode
    parent: Block | None
    furniture: bool         # in navigation, footers, share bars, related lists, comments…
    side: bool              # in the part of that furniture that holds other pages' titles and times
    chars: int = 0          # visible characters, whitespace excluded
    link_chars: int = 0     # of which inside links
    own_chars: int = 0      # held directly (not in a child block), outside links
    own_punct: int = 0
    own_link_chars: int = 0  # held directly, inside links
    own_bold_chars: int = 0  # held directly, in bold or enlarged type (<b>, <strong>, <big>)
    first_line: int = -1     # first and last index of the lines inside it (-1: none); a block's
    last_line: int = -1      # lines are consecutive
    order: int = 0           # its index in Layout.blocks; its descendants are those up to ``end``
    end: int = 0
    has_blocks: bool = False  # holds block-level elements (else it is a paragraph of inline text)
    score: float = 0.0      # prose score (bodytext)

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


@dataclass(slots=True, eq=False)
class Line:
    """A run of text read as one line, in the block that holds it."""

    text: str
    block: Block
    index: int              # position among the page's lines
    link_chars: int = 0
    nodes: list[LexborNode] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Bold:
    """A run of bold or enlarged type (an old page's headline is often only that)."""

    node: LexborNode
    block: Block            # the block holding it
    chars: int = 0


@dataclass
class Layout:
    blocks: list[Block]     # document order: a parent before its children
    lines: list[Line]       # reading order
    bold: list[Bold] = field(default_factory=list)   # outermost <b>/<strong>/<big> runs


def _words(token: str) -> list[str]:
    """The words of a class or id token: comment-list, side_bar, relatedNews -> comment list, side bar, related news."""
    return WORD_SPLIT.split(CAMEL.sub(r"\1 \2", token).lower())


def _is_furniture_word(word: str) -> bool:
    return word in s.BOILERPLATE_WORDS or word.startswith(s.BOILERPLATE_PREFIXES)


def has_word(node: LexborNode, words: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    """Whether a word of the node's class or id is one of words, or starts with one of prefixes."""
    attributes = node.attributes
    tokens = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".split()
    return any(w in words or w.startswith(prefixes) for t in tokens for w in _words(t))


def is_side(block: Block) -> bool:
    """In navigation, a sidebar, a related or hot list, comments or a footer: where other pages'
    headlines and times stand."""
    return block.side


def is_boilerplate(node: LexborNode) -> bool:
    """Navigation, share bars, related lists, comments… by tag, or by a word of a class or id token
    (``comment-list``, ``side_bar``, ``relatedNews``; a WordPress ``tag-1688`` is no tag cloud), unless
    another token says it holds the content (``<div class="article-content share-off">``)."""
    tag = node.tag
    if tag in s.BOILERPLATE_TAGS or tag is not None and tag.startswith(s.BOILERPLATE_TAG_PREFIXES):
        return True
    if tag in s.NEVER_BOILERPLATE_TAGS:  # <body class="u-header-sticky">
        return False
    attributes = node.attributes
    tokens = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".split()
    furniture = content = False
    for token in tokens:
        words = _words(token)
        if any(_is_furniture_word(w) for w in words):
            furniture = True
        elif s.CONTENT_WORDS.intersection(words):
            content = True
    return furniture and not content


def _count(text: str) -> tuple[int, int]:
    """(characters without whitespace, punctuation marks) of a text."""
    chars = len(text) - sum(1 for ch in text if ch.isspace())
    return chars, sum(1 for ch in text if ch in s.PUNCTUATION)


def _same_row(a: Block, b: Block) -> bool:
    """Two cells of one table row (joined by a space, not a line break)."""
    return (a.node.tag in ("td", "th") and b.node.tag in ("td", "th") and a.parent is b.parent
            and a.parent is not None and a.parent.node.tag == "tr")


def _is_link(node: LexborNode) -> bool:
    """An <a> that goes somewhere (one without a target is a leftover of broken markup)."""
    return node.tag == "a" and (node.attributes.get("href") or "").strip() not in ("", "#")


def read_layout(tree: LexborHTMLParser) -> Layout:
    root = tree.body or tree.root
    if root is None:
        return Layout([], [], [])
    holder: dict[int, Block] = {}   # element id -> the block its inline text belongs to
    in_link: set[int] = set()
    blocks: list[Block] = []
    lines: list[Line] = []
    bold: list[Bold] = []
    bold_of: dict[int, Bold] = {}   # element id -> the outermost bold run it is in
    parts: list[str] = []
    line_nodes: list[LexborNode] = []
    line_links = 0
    last: Block | None = None

    def flush() -> None:
        nonlocal line_links
        text = clean_text("".join(parts))
        if text and last is not None:
            lines.append(Line(text, last, len(lines), line_links, list(line_nodes)))
        parts.clear()
        line_nodes.clear()
        line_links = 0

    for node in root.traverse(include_text=True):
        parent_node = node.parent
        pid = parent_node.mem_id if parent_node is not None else None
        if node.mem_id != root.mem_id and pid not in holder:
            continue  # inside a skipped element (script, style…)
        if node.is_text_node:
            if pid is None:
                continue  # (never: a text node is not the root, so its parent is in holder)
            text = node.text(deep=False) or ""
            chars, punct = _count(text)
            if not chars:
                if parts:
                    parts.append(text)  # the space between two words of one line
                continue
            block = holder[pid]
            linked = pid in in_link
            if pid in bold_of:
                block.own_bold_chars += chars
                bold_of[pid].chars += chars
            if linked:
                block.link_chars += chars
                block.own_link_chars += chars
            else:
                block.own_chars += chars
                block.own_punct += punct
            block.chars += chars
            if last is not None and block is not last:
                if _same_row(last, block):
                    parts.append(" ")
                else:
                    flush()
            parts.append(text)
            line_nodes.append(node)
            if block.first_line < 0:
                block.first_line = len(lines)  # the index this line will have
            block.last_line = len(lines)
            if linked:
                line_links += chars
            last = block
            continue
        if not node.is_element_node:
            continue
        tag = node.tag
        if tag == "br":
            flush()
            last = None
            continue
        if tag in s.SKIP_TAGS:
            continue
        parent_block = holder.get(pid) if pid is not None else None
        if tag in s.INLINE_TAGS and parent_block is not None:
            holder[node.mem_id] = parent_block
        else:
            block = holder[node.mem_id] = Block(node, parent_block, False, False, order=len(blocks),
                                                end=len(blocks))
            _mark(block, wrapper=False)
            blocks.append(block)
            if parent_block is not None:
                parent_block.has_blocks = True
        if pid in in_link or _is_link(node):
            in_link.add(node.mem_id)
        if pid in bold_of:
            bold_of[node.mem_id] = bold_of[pid]
        elif tag in s.BOLD_TAGS and parent_block is not None:
            bold_of[node.mem_id] = Bold(node, parent_block)
            bold.append(bold_of[node.mem_id])
    flush()
    for block in reversed(blocks):  # children before parents: subtree counts, line spans, extents
        parent = block.parent
        if parent is None:
            continue
        parent.end = max(parent.end, block.end)
        if not block.furniture or parent.furniture:
            parent.chars += block.chars
            parent.link_chars += block.link_chars
        if block.first_line >= 0:
            if parent.first_line < 0 or block.first_line < parent.first_line:
                parent.first_line = block.first_line
            parent.last_line = max(parent.last_line, block.last_line)
    return Layout(blocks, lines, bold)


def _mark(block: Block, wrapper: bool) -> None:
    """Whether a block is furniture, and side furniture, from its own names and its parent's marks;
    a wrapper is never furniture of its own."""
    parent, node = block.parent, block.node
    block.furniture = (parent is not None and parent.furniture) or (not wrapper and is_boilerplate(node))
    block.side = block.furniture and ((parent is not None and parent.side) or not wrapper and (
        node.tag in s.BOILERPLATE_TAGS or has_word(node, s.SIDE_WORDS, s.SIDE_PREFIXES)))


def unmark(layout: Layout, wrappers: set[int]) -> None:
    """Mark furniture again with these blocks (by id) read as wrappers of the content: an unclosed
    div.post_header or a div.blq-int-nav around the whole article is no furniture, while the
    sidebars inside it still are. Counts are left as they were."""
    for block in layout.blocks:  # parents first
        _mark(block, id(block) in wrappers)


def first_lines(layout: Layout) -> dict[int, int]:
    """id(block) -> index of the first line inside it (a table cell joined into its row's line too)."""
    return {id(b): b.first_line for b in layout.blocks if b.first_line >= 0}
