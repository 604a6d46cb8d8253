"""An article page's headline: the visible heading that best matches the page's own title.

``<title>`` and ``og:title`` name the article but add the site's or the section's name
(``播客热潮迅速蔓延 - 多维博客``), and some are only the site's name (``CCTV.com``). The visible
headings include the site's logo (an ``<h1>``), section names and related articles' titles. So:

1. the headline is the visible heading (``<h1>``…``<h3>``, a title-classed element, then any block)
   that the page's titles repeat most of: the longest common run of characters, with the heading
   itself mostly inside the title; the logo's name is repeated too, but is shorter;
2. when the titles repeat no heading (a site-name ``<title>``), the most headline-like heading
   just above the body;
3. else the ``<title>`` without its site part.

Headings in navigation, sidebars, related lists and comments never count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import pubdate
from . import settings as s
from .dom import absolute, clean_text, node_text
from .layout import Block, Layout, Line, first_lines, is_side

SPACE = re.compile(r"\s+")
CJK = re.compile(r"[\u4e00-\u9fff]")
BREADCRUMB = re.compile(r"\s[>»›/]\s|当前位置|您的位置|所在位置")
BYLINE_LABEL = re.compile(r"(?:来源|作者|编辑|记者|责编|发布|发表|字号|分享|阅读|浏览|点击|评论)"
                          r"(?:时间|日期|人|者|单位|次数)?\s*[:：]")
ADDRESS = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,6}(?:/\S*)?", re.I)
WORD_CHARS = re.compile(r"[A-Za-z\u4e00-\u9fff]")
PAGE_MARKER = re.compile(r"\s*[(（]\s*(?:页\s*\d+|第\s*\d+\s*页)\s*[)）]\s*$")
HOME_PATH = re.compile(r"/?(?:index|default|home)?(?:\.\w+)?", re.I)
EXTENSION = re.compile(r"\.\w{2,5}$|/$")
TITLE_SEPARATOR = re.compile(r"\s*(?:[|｜_»«]|::|\s[-—–]+\s|--+|-\s|\s-|——(?=[^——]{1,20}$))\s*")
LABEL = re.compile(r"^(?:主题|标题|题目|文章标题|帖子主题)\s*[:：]\s*")
DECORATION = re.compile(r"(?:\s*[-—–_|*·]+\s*)+$|^\s*[-—–_|*·]+\s*")
#: widget text glued to the end of a headline (…规则 播报文章, …规则语音播报释放双眼)
WIDGETS = re.compile(rf"(?:\s*(?:{'|'.join(s.HEADLINE_WIDGETS)}))+\s*$")

#: where a heading that is all one link points: the page itself, the site's home page, elsewhere
Target = Literal["self", "home", "other"]


@dataclass
class Headline:
    text: str | None
    block: Block | None     # where it stands on the page (None when taken from <title>)


def _squeeze(text: str) -> str:
    return SPACE.sub("", text)


def _common(a: str, b: str) -> int:
    """Length of the longest run of characters a and b share."""
    if not a or not b:
        return 0
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def page_titles(tree: LexborHTMLParser) -> list[str]:
    """The page's own statements of its title: og:title and twitter:title (its headline, as the page
    states it for sharing) when there are any, else <title>."""
    titles = []
    for selector in ('meta[property="og:title"]', 'meta[name="og:title"]', 'meta[name="twitter:title"]'):
        node = tree.css_first(selector)
        if node is not None and clean_text(node.attributes.get("content")):
            titles.append(clean_text(node.attributes.get("content")))
    node = tree.css_first("title")
    if not titles and node is not None and clean_text(node.text()):
        titles.append(clean_text(node.text()))
    return titles


def title_core(title: str) -> str:
    """<title> without its site and section parts: the longest of its separated parts (a Chinese
    character counting twice: ``社会资本…再就业 - powered by Discuz! Archiver``)."""
    parts = [p.strip() for p in TITLE_SEPARATOR.split(title) if p and p.strip() and not ADDRESS.fullmatch(p.strip())]
    if len(parts) < 2:
        return title.strip()
    return max(parts, key=lambda p: len(p) + len(CJK.findall(p)))


def tidy(text: str) -> str:
    """A headline without a 主题： label, a (页 1) page marker, widget text glued to its end (播报文章,
    本章字数：3125), a time glued to its end (…續升 2014-12-08 06:49) or a template's trailing dashes."""
    text = WIDGETS.sub("", PAGE_MARKER.sub("", LABEL.sub("", text))) or text
    return DECORATION.sub("", _without_time(text)).strip() or text


def _without_time(text: str) -> str:
    """A headline without the publication time a template prints on its line."""
    dates = pubdate.find_dates(text)
    if dates and dates[-1].year is not None and dates[-1].end == len(text.rstrip()) \
            and len(text[:dates[-1].start].strip()) >= s.HEADLINE_MIN_CHARS:
        return text[:dates[-1].start]
    return text


def _title_classed(block: Block) -> bool:
    attributes = block.node.attributes
    hint = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
    return any(word in hint for word in s.TITLE_CLASS_WORDS)


def _kind(block: Block) -> float:
    """How headline-like an element is by its tag, class, label or type."""
    tag = block.node.tag
    if tag in s.HEADING_WEIGHTS:
        return s.HEADING_WEIGHTS[tag]
    if _title_classed(block):
        return s.TITLE_CLASS_WEIGHT
    if block.own_chars and LABEL.match(node_text(block.node)):
        return s.LABELLED_WEIGHT
    own = block.own_chars + block.own_link_chars
    if own and block.own_bold_chars >= s.BOLD_SHARE * own and block.chars == own:
        return s.BOLD_LINE_WEIGHT
    return s.OTHER_BLOCK_WEIGHT


def _link_target(node: LexborNode, base: str, page_url: str) -> Target | None:
    """Where a text that is all one link points ("self", "home" or "other"); None if it is no link."""
    link: LexborNode | None = node
    up = 0
    while link is not None and link.tag != "a" and up < 3:
        link, up = link.parent, up + 1
    if link is None or link.tag != "a":
        inner = node.css_first("a[href]")
        if inner is None or node_text(inner) != node_text(node):
            return None
        link = inner
    target = absolute(link.attributes.get("href"), base)
    if target is None:
        return "other"
    path = urlsplit(target).path
    if HOME_PATH.fullmatch(path):
        return "home"
    here = urlsplit(page_url)
    same = urlsplit(target).netloc == here.netloc and EXTENSION.sub("", path) == EXTENSION.sub("", here.path)
    return "self" if same else "other"


def _words_in(text: str) -> bool:
    """A headline has words: not just a date, a number or a web address (blog.example.com)."""
    return (len(WORD_CHARS.findall(text)) >= s.HEADLINE_MIN_WORD_CHARS and not pubdate.looks_like_date_only(text)
            and not ADDRESS.fullmatch(text.strip()))


def _is_byline(text: str) -> bool:
    """A heading that is the byline (<h3>发布时间：2021-07-26 来源：办公室</h3>): a label and a date."""
    return bool(BYLINE_LABEL.search(text)) and bool(pubdate.find_dates(text))


def choose_headline(tree: LexborHTMLParser, layout: Layout, body: list[Line], base: str, page_url: str) -> Headline:
    """The headline; base resolves links, page_url is the page's own address (for links to itself)."""
    raw_titles = page_titles(tree)
    titles = [_squeeze(t) for t in raw_titles]
    segments = {_squeeze(p) for t in raw_titles for p in TITLE_SEPARATOR.split(t) if p and p.strip()}
    first = first_lines(layout)
    body_start = body[0].index if body else len(layout.lines)
    reach = min(body_start + s.HEADLINE_INTO_BODY, body[-1].index if body else body_start)
    candidates = []
    # blocks with text of their own, headings and title-classed ones, short enough (so that reading
    # their text stays linear in the page's size, however deep the nesting)
    elements = [(b.node, b, _kind(b)) for b in layout.blocks if b.chars <= s.HEADLINE_MAX_CHARS
                and (b.own_chars or b.own_link_chars or b.node.tag in s.HEADING_WEIGHTS or _title_classed(b))]
    elements += [(r.node, r.block, s.BOLD_LINE_WEIGHT) for r in layout.bold if 0 < r.chars <= s.HEADLINE_MAX_CHARS]
    for node, block, kind in elements:
        position = first.get(id(block))
        if position is None or is_side(block) or position > reach:
            continue
        text = node_text(node)
        squeezed = _squeeze(text)
        shortest = s.SHORT_HEADLINE_CHARS if squeezed in segments else s.HEADLINE_MIN_CHARS  # 金锺国 - 维基百科
        if not shortest <= len(squeezed) <= s.HEADLINE_MAX_CHARS or not _words_in(text) or _is_byline(text):
            continue
        target = _link_target(node, base, page_url)
        if target == "home":
            continue  # the site's logo or name
        if kind <= s.OTHER_BLOCK_WEIGHT and not titles and target != "self":
            continue
        common = max((_common(squeezed, t) for t in titles), default=0)
        candidates.append(_Candidate(block, text, kind, common, position, target))
    # 1. the heading the titles repeat most of (and that is mostly inside a title)
    echoed = [c for c in candidates if c.common >= min(s.HEADLINE_MIN_CHARS, len(_squeeze(c.text)))
              and c.common >= s.ECHO_SHARE * len(_squeeze(c.text))]
    if echoed:  # a heading before any other block (Wikipedia's tagline repeats its title's site part)
        best = max(echoed, key=lambda c: (c.kind >= s.HEADING_KIND, c.common, c.kind, c.position))
        return _uncut(Headline(tidy(best.text), best.block), candidates)
    # 2. the most headline-like heading above the body (a link only when it points to this page)
    above = [c for c in candidates if (c.kind > s.OTHER_BLOCK_WEIGHT and c.target in (None, "self")
             or c.target == "self" and c.position <= body_start) and not BREADCRUMB.search(c.text)]
    if above:
        best = max(above, key=lambda c: (c.position <= body_start, c.kind, c.position))
        return Headline(tidy(best.text), best.block)
    # 3. the title without its site part, unless that names the site (网易娱乐 in the breadcrumb too):
    #    then the line standing alone just above the body, as a forum shows a thread's subject
    core = tidy(title_core(raw_titles[0])) if raw_titles else None
    if core is None or _names_the_site(core, layout, body_start):
        line = _line_above(layout, body_start)
        if line is not None:
            return Headline(tidy(line.text), line.block)
    return Headline(core, None)


def _uncut(headline: Headline, candidates: list[_Candidate]) -> Headline:
    """A headline cut short (主卧带阳台1800 首月减500押一付一...) made whole from a line on the page that
    starts as it does and goes on (a forum's 标题：… row)."""
    text = headline.text or ""
    stem = text.rstrip(".…").rstrip()
    if stem == text or len(stem) < s.HEADLINE_MIN_CHARS:
        return headline
    for candidate in candidates:
        whole = tidy(candidate.text)
        if len(whole) > len(stem) and _squeeze(whole).startswith(_squeeze(stem)) and not whole.endswith(("…", "...")):
            return Headline(whole, candidate.block)
    return headline


def _names_the_site(core: str, layout: Layout, body_start: int) -> bool:
    """Whether the title's core stands in the page's furniture or breadcrumb above the body."""
    return any(core in line.text and (line.block.furniture or BREADCRUMB.search(line.text))
               for line in layout.lines[:body_start])


def _line_above(layout: Layout, body_start: int) -> Line | None:
    """The nearest line just above the body that reads like a headline: words, short, not prose,
    no date, no byline label, not a link elsewhere."""
    for line in reversed(layout.lines[max(0, body_start - s.LINE_ABOVE_REACH):body_start]):
        text = line.text
        if line.block.side or not s.HEADLINE_MIN_CHARS <= len(_squeeze(text)) <= s.SHORT_LINE_CHARS \
                or not _words_in(text) or pubdate.find_dates(text) or BYLINE_LABEL.search(text) \
                or line.link_chars >= len(_squeeze(text)) or text.endswith(("。", "，", "；", "：")):
            continue
        return line
    return None


@dataclass
class _Candidate:
    block: Block
    text: str
    kind: float
    common: int         # characters in the longest run shared with a title
    position: int       # index of its first line
    target: Target | None  # where it links, when it is all one link
