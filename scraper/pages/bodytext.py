"""The main text of an article page: the block whose paragraphs carry most prose.

Structure alone misleads on real pages (a comment area has more <p>s than the article, a template
block is empty, a body is one <td> of <br>-separated lines), so blocks are scored by their text, as
readability and GeneralNewsExtractor do:

- every run of text a block holds directly scores by its punctuation and length (prose is
  punctuated; menus, tag clouds, counters and link lists are not), counting only text outside
  links; a short run without a comma or a full stop scores nothing;
- the score goes to the block (to the parent, for a <p>, or for a <div> of inline text among
  others: a body written as one <div> per paragraph), and decaying to the blocks above it;
- a block's score is discounted by the share of its text inside links;
- page furniture (navigation, footers, share bars, related lists, comments) scores nothing and is
  never part of the body.

The best block, with its siblings that score nearly as well, gives the text, a line per paragraph,
table row or ``<br>``-separated run (see ``layout``).
"""
from __future__ import annotations

import re

from . import pubdate
from . import settings as s
from .layout import Block, Layout, Line, unmark

CJK = re.compile(r"[\u4e00-\u9fff]")
SPACE = re.compile(r"\s+")
#: a line with a label (作者：, 地址：) is a fact, not verse
LABEL = re.compile(r"[:：|｜]")


def _text_divs(layout: Layout) -> set[int]:
    """The <div>s of inline text that have such <div>s beside them: a body written as one <div> per
    paragraph (a lone one is a body block of its own, <br>-separated)."""
    by_parent: dict[int, list[Block]] = {}
    for block in layout.blocks:
        if block.node.tag == "div" and not block.has_blocks and block.own_chars >= s.MIN_RUN_CHARS \
                and block.parent is not None and _is_prose(block, layout.lines):
            by_parent.setdefault(id(block.parent), []).append(block)
    return {id(b) for divs in by_parent.values() if len(divs) >= 2 for b in divs}


def _is_prose(block: Block, lines: list[Line]) -> bool:
    """Whether a block's own lines hold a sentence (a byline's 发布时间：… has none)."""
    return block.first_line >= 0 and any(s.SENTENCE_MARK.search(line.text)
                                         for line in lines[block.first_line:block.last_line + 1])


def _score(layout: Layout) -> None:
    text_divs = _text_divs(layout)
    for block in reversed(layout.blocks):  # children before parents
        if block.furniture or block.own_chars < s.MIN_RUN_CHARS:
            continue
        if not block.own_punct and block.own_chars < s.MIN_UNPUNCTUATED_RUN:
            continue
        run = 1 + block.own_punct + min(block.own_chars / s.CHARS_PER_POINT, s.MAX_LENGTH_POINTS)
        paragraph = block.node.tag in s.PARAGRAPH_TAGS or id(block) in text_divs
        target: Block | None = block.parent if paragraph and block.parent is not None else block
        for level in range(s.SCORE_LEVELS):
            if target is None or target.furniture:
                break
            target.score += run / s.LEVEL_DIVIDERS[level]
            target = target.parent
    _score_verse(layout)


def _verse_line(line: Line) -> bool:
    text = line.text
    shortest, longest = s.VERSE_LINE_CHARS
    return (shortest <= len(text) <= longest and not line.link_chars and not line.block.furniture
            and len(CJK.findall(text)) >= s.VERSE_CJK_SHARE * len(text.replace(" ", ""))
            and not LABEL.search(text) and not pubdate.find_dates(text))


def _stanza_holder(line: Line) -> Block:
    """The block a line of verse counts for: a <p> per line counts for its parent, as prose does."""
    block = line.block
    if block.node.tag in s.PARAGRAPH_TAGS and block.parent is not None:
        return block.parent
    return block


def _score_verse(layout: Layout) -> None:
    """Runs of verse lines score for their block, a sentence each (their run of text is too short,
    and too bare of punctuation, to score as prose)."""
    run: list[Line] = []
    for line in layout.lines + [None]:
        if line is not None and _verse_line(line) and line.block.node.tag not in ("td", "th", "li") and (
                not run or _stanza_holder(run[-1]) is _stanza_holder(line)):
            run.append(line)
            continue
        if len(run) >= s.VERSE_MIN_LINES:
            target: Block | None = _stanza_holder(run[0])
            points = s.VERSE_LINE_POINTS * len(run)
            for level in range(s.SCORE_LEVELS):
                if target is None or target.furniture:
                    break
                target.score += points / s.LEVEL_DIVIDERS[level]
                target = target.parent
        run = [line] if line is not None and _verse_line(line) else []


def _final(block: Block) -> float:
    return block.score * (1 - block.link_density)


def _signature(block: Block) -> tuple[str | None, str]:
    return block.node.tag, block.node.attributes.get("class") or ""


def _short_dated(lines: list[Line], longest: int) -> bool:
    """Whether one of these lines is a date line (a byline, a post's header or footer), not prose."""
    return any(len(line.text) <= longest and pubdate.find_dates(line.text) for line in lines)


def _dated(block: Block, lines: list[Line]) -> bool:
    """Whether a block shows a date of its own (a post's header or footer)."""
    return block.first_line >= 0 and _short_dated(lines[block.first_line:block.last_line + 1], s.POST_DATE_LINE_CHARS)


def _first_post(layout: Layout, top: Block) -> Block:
    """In a thread or a blog archive, a run of look-alike dated posts, the article is the first post,
    not the longest: the best block of the first earlier look-alike post that holds an element of
    the same template (same tag and class) as the best block's post, and scores enough. When the
    best block holds the posts (two look-alike dated ones), the best block of its first."""
    children: dict[int, list[Block]] = {}
    for block in layout.blocks:
        if block.parent is not None:
            children.setdefault(id(block.parent), []).append(block)
    inside = [b for b in children.get(id(top), []) if b.score > 0]
    posts = [b for b in inside if b.has_blocks and b.node.tag not in s.PARAGRAPH_TAGS
             and _dated(b, layout.lines)]
    signatures = [_signature(b) for b in posts]
    alike = [b for b in posts if signatures.count(_signature(b)) >= 2]
    if alike and sum(b.score for b in alike) >= s.THREAD_SHARE * top.score:  # the best block is a
        first = inside[0]                                 # whole thread: its first post's best block
        return max(layout.blocks[first.order:first.end + 1], key=_final)
    path = [top]
    node = top
    for _ in range(s.POST_LEVELS):
        parent = node.parent
        if parent is None:
            break
        posts = [b for b in children[id(parent)] if _signature(b) == _signature(node)]
        if len(posts) >= 2 and posts[0] is not node and _dated(node, layout.lines):
            template = {_signature(b) for b in path if b.node.attributes.get("class")}
            for post in posts[:min(posts.index(node), s.POSTS_LOOKED_AT)]:
                inside = [b for b in layout.blocks[post.order + 1:post.end + 1]
                          if b.score > 0 and _signature(b) in template]
                best = max(inside, key=_final, default=None)
                if best is not None and _final(best) >= s.FIRST_POST_SHARE * _final(top) \
                        and _dated(post, layout.lines):
                    return best
        path.append(parent)
        node = parent
    return top


def _heading_above(block: Block, lines: list[Line]) -> Line | None:
    """The nearest heading (<h1>-<h3>) at or above a block's first line, outside furniture."""
    for line in reversed(lines[max(0, block.first_line - s.HEADING_LOOKBACK_LINES):block.first_line + 1]):
        if not line.block.furniture and line.block.node.tag in ("h1", "h2", "h3"):
            return line
    return None


def _echoed(heading: Line, titles: list[str]) -> bool:
    squeezed = SPACE.sub("", heading.text)
    return len(squeezed) >= s.HEADLINE_MIN_CHARS and any(squeezed in title for title in titles)


def _has_byline(heading: Line, lines: list[Line]) -> bool:
    """Whether a heading has a byline of its own: a short dated line just below it."""
    return _short_dated(lines[heading.index + 1:heading.index + 1 + s.BYLINE_SPAN], s.SHORT_LINE_CHARS)


def _own_article(layout: Layout, top: Block, candidates: list[Block], titles: list[str]) -> Block:
    """On a page holding several articles (继续阅读 below), the one the page's title names: when the
    best block is another article (its heading, with a byline of its own, is not in the title), the
    best block apart from it headed by one that is."""
    heading = _heading_above(top, layout.lines) if titles else None
    if heading is None or _echoed(heading, titles) or not _has_byline(heading, layout.lines):
        return top
    apart = [b for b in candidates if (b.end < top.order or b.order > top.end) and b.first_line >= 0
             and _final(b) >= s.OWN_ARTICLE_SHARE * _final(top)]
    for block in sorted(apart, key=_final, reverse=True):
        above = _heading_above(block, layout.lines)
        if above is not None and _echoed(above, titles):
            return block
    return top


def _chosen(layout: Layout, titles: list[str]) -> list[Block]:
    """The best block and those of its siblings that score nearly as well (a body split in two)."""
    candidates = [b for b in layout.blocks if b.score > 0]
    if not candidates:
        return []
    best = max(candidates, key=_final)
    top = _first_post(layout, _own_article(layout, best, candidates, titles))
    if top.parent is None:
        return [top]
    threshold = max(s.SIBLING_MIN_SCORE, s.SIBLING_SHARE * _final(top))
    return [b for b in layout.blocks if b.parent is top.parent and not b.furniture and (
        b is top or _final(b) >= threshold
        or (b.node.tag == "p" and b.own_chars >= s.SIBLING_PARAGRAPH_CHARS
            and b.link_density < s.SIBLING_PARAGRAPH_LINK_DENSITY))]


def _link_list(block: Block) -> bool:
    """A list of links inside the body (related articles, ads, tags): mostly link text."""
    return block.chars >= s.LINK_LIST_MIN_CHARS and block.link_density > s.LINK_LIST_DENSITY


def _unwrap(layout: Layout) -> None:
    """A page whose prose stands inside furniture (an unclosed div.post_header, a div.newspapers_ad
    or div.blq-int-nav around the whole article): the best block scored as if nothing were
    furniture, and the furniture above it, are wrappers; the page is scored again."""
    unmark(layout, {id(b) for b in layout.blocks})
    _rescore(layout)
    best = max(layout.blocks, key=_final, default=None)
    wrappers = set()
    while best is not None:
        wrappers.add(id(best))
        best = best.parent
    unmark(layout, wrappers)
    _rescore(layout)


def _rescore(layout: Layout) -> None:
    for block in layout.blocks:
        block.score = 0.0
    _score(layout)


def body_lines(layout: Layout, titles: list[str]) -> list[Line]:
    """The lines of the page's main text (empty when the page holds no prose); titles are the page's
    own statements of its title (<title>, og:title), whitespace removed."""
    _score(layout)
    if max((_final(b) for b in layout.blocks), default=0.0) < s.WRAPPER_RETRY_SCORE:
        _unwrap(layout)
    inside = {id(b) for b in _chosen(layout, titles)}
    for block in layout.blocks:  # parents come first: a block is inside when its parent is
        if block.parent is not None and id(block.parent) in inside and not block.furniture \
                and not _link_list(block):
            inside.add(id(block))
    return [line for line in layout.lines if id(line.block) in inside]
