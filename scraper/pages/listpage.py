"""List pages: find the feed by its structure, then read each item's title, link, time and summary.

A feed is a group of repeated sibling blocks (same tag, similar class), each holding a title link and
a publication time; the group that wins is the one with most such items, weighted by how much text
they carry, and discounted when it sits in navigation, footers or "热门/相关/推荐" sidebars (which
carry links and dates too). Items without a wrapper element (dt/dd pairs, h3+span+p runs) are found
as a periodic run of children. Per-feed CSS selectors from the configuration replace detection only
when given. The fixtures under tests/fixtures/listpages/ are the specification.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import pubdate
from .dom import absolute, base_url, clean_text, contains, elements, memo, new_tree, node_text, spaced_text

# the settings imported as themselves (X as X) are re-exported: the BeautifulSoup port in bench/ has
# imported them from here
from .settings import AD_HINT as AD_HINT
from .settings import AD_LABEL as AD_LABEL
from .settings import (
    AD_LABEL_CHARS,
    ANCESTOR_LIMIT,
    DAY_ABOVE_LEVELS,
    FEED_BLOCKS_PART,
    LINKED_EXCERPT_MIN_CHARS,
    LIST_INLINE_TAGS,
    LIST_SKIP_TAGS,
    LIST_TITLE_MIN_CHARS,
    PAGER_LEVELS,
    PROFILE_LINK,
    RUN_PERIODS,
    TAG_LINK_LEVELS,
    TIME_SELECTOR,
    TITLE_HEADING_DEPTH,
)
from .settings import CARD_TEXT as CARD_TEXT
from .settings import CARD_TITLE as CARD_TITLE
from .settings import CONTAINER_DATED as CONTAINER_DATED
from .settings import CONTAINER_LINKS as CONTAINER_LINKS
from .settings import COUSIN_SHARE as COUSIN_SHARE
from .settings import CURRENT_HINT as CURRENT_HINT
from .settings import DATE_DOMINANCE as DATE_DOMINANCE
from .settings import DATE_ELEMENT_MAX_CHARS as DATE_ELEMENT_MAX_CHARS
from .settings import DATE_LABEL as DATE_LABEL
from .settings import DAY_GRANULAR as DAY_GRANULAR
from .settings import DAY_HEADING_MAX_CHARS as DAY_HEADING_MAX_CHARS
from .settings import DIGIT as DIGIT
from .settings import ELLIPSIS as ELLIPSIS
from .settings import GENERIC_SECOND_LEVEL as GENERIC_SECOND_LEVEL
from .settings import HEADING_HINT as HEADING_HINT
from .settings import HEADING_LOOKBACK as HEADING_LOOKBACK
from .settings import HEADINGS as HEADINGS
from .settings import ITEM_TEXT_CAP as ITEM_TEXT_CAP
from .settings import ITEM_TEXT_POINT as ITEM_TEXT_POINT
from .settings import LIST_TAGS as LIST_TAGS
from .settings import MAIN_HINT as MAIN_HINT
from .settings import METADATA as METADATA
from .settings import MIN_SUMMARY as MIN_SUMMARY
from .settings import MIN_UNDATED_ITEMS as MIN_UNDATED_ITEMS
from .settings import MIN_UNDATED_TITLE as MIN_UNDATED_TITLE
from .settings import MORE_TEXT as MORE_TEXT
from .settings import NEXT_CLASS as NEXT_CLASS
from .settings import NEXT_CLASS_NOT as NEXT_CLASS_NOT
from .settings import NEXT_CLASS_TEXT_CHARS as NEXT_CLASS_TEXT_CHARS
from .settings import NEXT_TEXT_STRICT as NEXT_TEXT_STRICT
from .settings import NOT_SUMMARY_TAGS as NOT_SUMMARY_TAGS
from .settings import READ_MORE_TAIL as READ_MORE_TAIL
from .settings import REPLY_HINT as REPLY_HINT
from .settings import SIDE_ANCESTORS as SIDE_ANCESTORS
from .settings import SIDE_HEADING as SIDE_HEADING
from .settings import SIDE_HEADING_MAX_CHARS as SIDE_HEADING_MAX_CHARS
from .settings import SIDE_HINT as SIDE_HINT
from .settings import SIDE_LEVELS as SIDE_LEVELS
from .settings import SIDE_PENALTY as SIDE_PENALTY
from .settings import SUMMARY_EXTRA_MAX as SUMMARY_EXTRA_MAX
from .settings import SUMMARY_INNER_SHARE as SUMMARY_INNER_SHARE
from .settings import SUMMARY_LINKED_MIN as SUMMARY_LINKED_MIN
from .settings import TAG_CONTAINER_HINT as TAG_CONTAINER_HINT
from .settings import TAG_LINK_HINT as TAG_LINK_HINT
from .settings import TIME_ATTRIBUTES as TIME_ATTRIBUTES
from .settings import TITLED_DATE_DEPTH as TITLED_DATE_DEPTH
from .settings import TITLED_LINK_CHARS as TITLED_LINK_CHARS
from .settings import UNDATED_DOMINANCE as UNDATED_DOMINANCE
from .settings import UNDATED_MAJORITY as UNDATED_MAJORITY
from .settings import URL_LIKE as URL_LIKE
from .settings import WORDS as WORDS
from .settings import YEAR_MONTH as YEAR_MONTH

#: the list pages' own tag sets, under the names this module (and the port in bench/) reads them by
INLINE_TAGS = LIST_INLINE_TAGS
SKIP_TAGS = LIST_SKIP_TAGS


@dataclass
class Item:
    title: str
    url: str
    published: str | None
    summary: str | None


@dataclass
class ListPage:
    items: list[Item] = field(default_factory=list)
    next: str | None = None

    def as_dict(self) -> dict[str, list[dict[str, str | None]] | str | None]:
        return {"items": [asdict(i) for i in self.items], "next": self.next}


@dataclass(frozen=True)
class Selectors:
    """CSS overrides for a layout detection cannot handle (``[feeds.selectors]``)."""

    item: str | None = None
    title: str | None = None
    date: str | None = None
    summary: str | None = None
    next: str | None = None


# --- finding the feed ---------------------------------------------------------------------------

def _signature(node: LexborNode) -> tuple[str | None, str]:
    signatures: dict[int, tuple[str | None, str]] = memo.table("signature")
    found = signatures.get(node.mem_id)
    if found is None:
        classes = (node.attributes.get("class") or "").split()
        stable = sorted(c for c in classes if not CURRENT_HINT.search(c) and not DIGIT.search(c))
        found = signatures[node.mem_id] = (node.tag, " ".join(stable[:1]))
    return found


def _title_link(block: list[LexborNode]) -> LexborNode | None:
    """The link that names the item: in a heading if there is one, else the one with most text."""
    return memo.cached("title_link", tuple(n.mem_id for n in block), _find_title_link, block)


def _find_title_link(block: list[LexborNode]) -> LexborNode | None:
    links = []
    for node in block:
        links.extend(node.css("a[href]") if node.tag != "a" else [node])
    links = [a for a in links if not MORE_TEXT.match(node_text(a)) and not _is_tag_link(a)
             and not pubdate.looks_like_date_only(node_text(a))]  # a last-post link reads 2009-5-13 14:27
    if not links:
        return None
    in_heading = [a for a in links if _has_ancestor(a, {"h1", "h2", "h3", "h4", "h5", "h6"}, limit=TITLE_HEADING_DEPTH)
                  or (a.attributes.get("class") or "").find("title") >= 0]
    pool = in_heading or links
    # a link with words beats an icon whose title attribute reads 有新回复 - 新窗口打开; a person's
    # profile link (the thread's author) is never the title when another link is there
    best = max(pool, key=lambda a: (not PROFILE_LINK.search(a.attributes.get("href") or ""), bool(node_text(a)),
                                    len(node_text(a)) or len(a.attributes.get("title") or "")))
    text = node_text(best)
    if len(text) < LIST_TITLE_MIN_CHARS and len(best.attributes.get("title") or "") < LIST_TITLE_MIN_CHARS:
        return None
    return best


def _is_tag_link(a: LexborNode) -> bool:
    node = a.parent
    for _ in range(TAG_LINK_LEVELS):
        if node is None:
            return False
        if TAG_LINK_HINT.search(node.attributes.get("class") or ""):
            return True
        node = node.parent
    return False


def _has_ancestor(node: LexborNode, tags: set[str], limit: int = ANCESTOR_LIMIT) -> bool:
    ancestor = node.parent
    while ancestor is not None and limit > 0:
        if ancestor.tag in tags:
            return True
        ancestor = ancestor.parent
        limit -= 1
    return False


def _time_attribute(block: list[LexborNode]) -> str | None:
    """A machine-readable time inside the block (<time datetime>, data-time …), memoised per block."""
    return memo.cached("time_attribute", tuple(n.mem_id for n in block), _find_time_attribute, block)


def _find_time_attribute(block: list[LexborNode]) -> str | None:
    for node in block:
        for candidate in [node, *node.css(TIME_SELECTOR)]:
            attrs = candidate.attributes
            for name in TIME_ATTRIBUTES:
                value = attrs.get(name)
                if value:
                    parsed = pubdate.parse_attribute(value)
                    if parsed:
                        return parsed
    return None


def _date_element(block: list[LexborNode], title: LexborNode) -> tuple[str | None, LexborNode | None]:
    """Text and element of the item's own date, outside the title link: a <time> first, then the first
    element that holds a date and nothing else but a label (发布时间：), then the smallest that is
    mostly a date or a clock; never a last-reply or update time (最后回复时间, td.lastpost): a thread
    showing only that has no date of its own here; a date inside a sentence (a summary's
    本次调整自9月9日起生效) is an event's, taken only as the last resort."""
    title_text = node_text(headline(title))
    replies = [spaced_text(n) for b in block for n in [b, *b.traverse(include_text=False)]
               if n.is_element_node and REPLY_HINT.search(_hints(n))]
    best, best_node, best_key = None, None, None
    for node in block:
        for candidate in [node, *node.traverse(include_text=False)]:
            if not candidate.is_element_node or candidate.tag in SKIP_TAGS or candidate.tag == "a":
                continue
            text = spaced_text(candidate)
            if not text or len(text) > DATE_ELEMENT_MAX_CHARS and candidate is not node:
                continue
            own = text.replace(title_text, "") if title_text else text
            for reply in replies:  # a last-reply time is no date of the item's, nor is an element holding it
                own = own.replace(reply, " ") if reply else own
            span = pubdate.date_span(own)
            if span is None or _inside_prose(candidate, text):
                continue
            if candidate.tag == "time":
                return own, candidate
            only = _date_only(own, span)
            dominant = (span[1] - span[0]) / max(len(own.strip()), 1) >= DATE_DOMINANCE
            key = (only, dominant, 0 if only else -len(text))
            if best_key is None or key > best_key:
                best, best_node, best_key = own, candidate, key
    return best, best_node


def _hints(node: LexborNode) -> str:
    attributes = node.attributes
    return f"{attributes.get('class') or ''} {attributes.get('title') or ''}"


def _titled_date(node: LexborNode, text: str) -> str | None:
    """A day-granular relative or year-less date shown with the absolute one in a title attribute
    (Discuz!: <span title="2024-3-6">昨天 10:21</span>, <span title="2024-3-4">3 天前</span>): that
    day, with the shown clock and no more precision than shown (the day then holds on a reparse
    long after the fetch)."""
    if not DAY_GRANULAR.search(text):
        return None
    for inner in [node, *node.traverse(include_text=False)][:TITLED_DATE_DEPTH]:
        day = pubdate.parse_absolute(inner.attributes.get("title") or "") if inner.is_element_node else None
        if day:
            clock = pubdate.CLOCK_ONLY.search(text)
            return pubdate.with_day(clock.group(), day) if clock else day[:10]
    return None


def _date_only(text: str, span: tuple[int, int]) -> bool:
    """A date element's text: the date, a label and separators, no other words."""
    rest = DATE_LABEL.sub("", text[:span[0]] + " " + text[span[1]:])
    return not WORDS.search(rest)


def _inside_prose(node: LexborNode, text: str) -> bool:
    """An inline element with running text on both sides: an event date in a sentence
    (新规将于<b>7月1日</b>起施行), not the item's own date."""
    if node.tag not in INLINE_TAGS:
        return False
    return _text_beside(node, "prev") and _text_beside(node, "next")


def _text_beside(node: LexborNode, direction: Literal["prev", "next"]) -> bool:
    """Words (not just a separator such as " - ") right beside node."""
    sibling: LexborNode | None = getattr(node, direction)
    while sibling is not None and sibling.is_text_node and not (sibling.text() or "").strip():
        sibling = getattr(sibling, direction)
    return sibling is not None and sibling.is_text_node and bool(WORDS.search(sibling.text() or ""))


def _is_feed_block(block: list[LexborNode], dated: bool = True) -> bool:
    """A title link and a time (a clock alone counts: timelines put the day in a heading). Undated
    blocks (dated=False) need a real title and some text besides it, like cards with summaries."""
    return memo.cached("feed_block", (tuple(n.mem_id for n in block), dated), _check_feed_block, block, dated)


def _check_feed_block(block: list[LexborNode], dated: bool) -> bool:
    dated_ids = memo.table("dated")
    if dated and not any(n.mem_id in dated_ids for n in block):
        return False  # no date anywhere inside
    title = _title_link(block)
    if title is None:
        return False
    if not dated:
        if _is_container(block, dated=False):
            return False
        shown = node_text(headline(title))
        if len(shown) >= MIN_UNDATED_TITLE or len(clean_text(title.attributes.get("title"))) >= MIN_UNDATED_TITLE:
            return True  # a linked article title, long enough not to be a menu entry
        rest = " ".join(node_text(n) for n in block).replace(shown, "")
        return len(shown) >= CARD_TITLE and len(rest) >= CARD_TEXT  # a card: a title and some text
    text = " ".join(spaced_text(n) for n in block).replace(spaced_text(headline(title)), "")
    if _is_container(block):
        return False
    if _time_attribute(block):
        return True
    return pubdate.looks_like_date(text) or bool(pubdate.CLOCK_ONLY.search(text))


def _is_container(block: list[LexborNode], dated: bool = True) -> bool:
    """A block holding several titled links with dates, or many titled links, is a wrapper of
    items (a channel box of a dashboard), not an item."""
    hrefs = set()
    for node in block:
        for a in node.css("a[href]"):
            if len(node_text(a)) >= TITLED_LINK_CHARS:
                hrefs.add(a.attributes.get("href"))
    if len(hrefs) >= CONTAINER_LINKS or not dated and len(hrefs) >= CONTAINER_DATED:
        return True
    return (len(hrefs) >= CONTAINER_DATED
            and pubdate.count_dates(" ".join(spaced_text(n) for n in block)) >= CONTAINER_DATED)


def _side_penalty(parent: LexborNode) -> float:
    """SIDE_PENALTY for blocks in navigation, footers and 热门/相关 sidebars, else 1 (memoised per node)."""
    return memo.cached("side_penalty", parent.mem_id, _find_side_penalty, parent)


def _find_side_penalty(parent: LexborNode) -> float:
    node: LexborNode | None = parent
    depth = 0
    while node is not None and node.tag not in ("body", "html") and depth < SIDE_LEVELS:
        if node.tag in SIDE_ANCESTORS:
            return SIDE_PENALTY
        hint = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if SIDE_HINT.search(hint) and not MAIN_HINT.search(hint):
            return SIDE_PENALTY
        heading = _preceding_heading(node)
        if heading and len(heading) <= SIDE_HEADING_MAX_CHARS and SIDE_HEADING.search(heading):
            return SIDE_PENALTY
        node, depth = node.parent, depth + 1
    return 1.0


def _preceding_heading(node: LexborNode) -> str:
    """The short heading that introduces node (热门文章 above a sidebar list), or ""."""
    prev = node.prev
    steps = 0
    while prev is not None and steps < HEADING_LOOKBACK:
        if prev.is_element_node:
            if prev.tag in HEADINGS:
                return node_text(prev)
            if HEADING_HINT.search(prev.attributes.get("class") or ""):
                inner = prev.css_first(",".join(HEADINGS))
                return node_text(inner if inner is not None else prev)
            steps += 1
        prev = prev.prev
    first = node.child
    while first is not None and not first.is_element_node:
        first = first.next
    if first is not None and first.tag in HEADINGS:
        return node_text(first)
    return ""


def _groups(parent: LexborNode) -> list[list[list[LexborNode]]]:
    """Candidate item groups among parent's children: same-signature siblings, same-tag siblings
    (a pinned li.top among plain li), periodic runs (dt/dd pairs), and the lone child of a list."""
    children = elements(parent)
    if len(children) < 2:
        return [[children]] if children and parent.tag in LIST_TAGS else []
    out: list[list[list[LexborNode]]] = []
    by_sig: dict[tuple[str | None, str], list[LexborNode]] = {}
    by_tag: dict[str | None, list[LexborNode]] = {}
    for child in children:
        by_sig.setdefault(_signature(child), []).append(child)
        by_tag.setdefault(child.tag, []).append(child)
    for members in by_sig.values():
        if len(members) >= 2:
            out.append([[m] for m in members])
    for members in by_tag.values():
        if len(members) >= 2 and len({_signature(m) for m in members}) > 1:
            out.append([[m] for m in members])
    tags = [c.tag for c in children]
    for period in RUN_PERIODS:
        for offset in range(period):
            run = tags[offset:]
            chunks = len(run) // period
            if chunks < 2:
                continue
            pattern = run[:period]
            if len(set(pattern)) == 1:
                continue
            count = 0
            while count < chunks and run[count * period:(count + 1) * period] == pattern:
                count += 1
            if count >= 2:
                out.append([children[offset + k * period: offset + (k + 1) * period] for k in range(count)])
    return out


def _cousins(parent: LexborNode, group: list[list[LexborNode]]) -> list[list[LexborNode]]:
    """The group extended over its parent's look-alike cousins (a timeline's day lists, a list split
    into columns): same-signature blocks under same-signature parents of the same grandparent."""
    grand = parent.parent
    if grand is None or len(group[0]) != 1 or len(group) < COUSIN_SHARE * len(elements(parent)):
        return group  # only a group that is the whole of its list extends to look-alike lists
    sig = _signature(group[0][0])
    siblings = [c for c in elements(grand) if c.tag == parent.tag]
    if len(siblings) >= 2:
        # lists side by side: same tag will do (ul.col-l and ul.col-r are one list in two columns)
        containers = siblings
    else:
        # div.day > ul > li: the repeated element is the list's parent, alike to the letter
        holder = grand.parent
        if holder is None:
            return group
        containers = [c for first in elements(holder) if _signature(first) == _signature(grand)
                      for c in elements(first) if c.tag == parent.tag]
    blocks = [[c] for container in containers if _side_penalty(container) == 1
              for c in elements(container) if _signature(c) == sig]  # never a sidebar's list
    return blocks if len(blocks) > len(group) else group


def find_feed(tree: LexborHTMLParser) -> list[list[LexborNode]]:
    """The blocks of the page's main feed, in page order (empty when the page has none)."""
    body = tree.body or tree.root
    if body is None:
        return []
    dated, dated_score = _best_group(body, dated=True)
    undated, undated_score = _best_group(body, dated=False)
    if len(undated) >= UNDATED_MAJORITY * len(dated) and undated_score > dated_score:
        return _unfolded(undated)  # a thread list, a notice list without dates: bigger than any dated feed
    return _unfolded(dated)


def _unfolded(feed: list[list[LexborNode]]) -> list[list[LexborNode]]:
    """A member that folds several items inside it (Tieba's pinned threads in one <li>) gives those
    items: its descendants that look like the feed's other items."""
    single = [b[0] for b in feed if len(b) == 1]
    if len(single) < 2:
        return feed
    signatures = [_signature(n) for n in single]
    common = max(set(signatures), key=signatures.count)
    out: list[list[LexborNode]] = []
    for block in feed:
        if len(block) == 1 and _signature(block[0]) != common:
            inner = [n for n in block[0].traverse(include_text=False)
                     if n.is_element_node and n.mem_id != block[0].mem_id and _signature(n) == common]
            inner = [n for n in inner if _title_link([n]) is not None]
            if inner:
                out.extend([n] for n in inner)
                continue
        out.append(block)
    return out


def _datedelements(body: LexborNode) -> set[int]:
    """Ids of the elements that hold a date, a clock or a time attribute somewhere inside: blocks
    outside this set (menus, footers, tag clouds) are no feed items and are not examined further."""
    marked: set[int] = set()
    for node in body.traverse(include_text=True):
        if node.is_text_node:
            if node.parent is not None and node.parent.tag in SKIP_TAGS:
                continue  # script and style text
            text = node.text() or ""
            hit = bool(pubdate.MAYBE_DATE.search(text) and (pubdate.looks_like_date(text)
                                                            or pubdate.CLOCK_ONLY.search(text)
                                                            or YEAR_MONTH.fullmatch(text.strip())))
        elif node.is_element_node:
            attrs = node.attributes
            hit = any(k in attrs for k in TIME_ATTRIBUTES)
        else:
            continue
        if hit:
            parent = node if node.is_element_node else node.parent
            while parent is not None and parent.mem_id not in marked:
                marked.add(parent.mem_id)
                parent = parent.parent
    return marked


def _best_group(body: LexborNode, dated: bool) -> tuple[list[list[LexborNode]], float]:
    """The best-scoring group of item blocks, and its score. A dated group keeps its undated members
    that have a title link (a pinned thread, a row whose date the site left out)."""
    best: list[list[LexborNode]] = []
    best_score = 0.0
    runner_up = 0.0  # the best score of a group apart from the best (undated lists must stand out)
    with_dates = _datedelements(body) if dated else None
    if with_dates is not None:
        memo.table("dated").update(dict.fromkeys(with_dates))
    for parent in body.traverse(include_text=False):
        if not parent.is_element_node or parent.tag in SKIP_TAGS:
            continue
        if with_dates is not None and (parent.mem_id not in with_dates or (
                parent.tag not in LIST_TAGS and sum(c.mem_id in with_dates for c in elements(parent)) < 2)):
            continue  # a feed here needs two dated children (or a list holding one item)
        for group in _groups(parent):
            if with_dates is not None and not any(n.mem_id in with_dates for b in group for n in b):
                continue
            items = [b for b in group if _is_feed_block(b, dated)]
            if items and dated:
                extended = _cousins(parent, group)
                if extended is not group:
                    group, items = extended, [b for b in extended if _is_feed_block(b, dated)]
            if (not items or len(items) < len(group) // FEED_BLOCKS_PART
                    or (not dated and len(items) < MIN_UNDATED_ITEMS)):
                continue
            penalty = _side_penalty(parent)
            if not dated and penalty < 1:
                continue  # an undated hot list or menu is never the feed
            text_weight = sum(min(sum(len(node_text(n)) for n in b), ITEM_TEXT_CAP) for b in items) / len(items)
            score = len(items) * (1 + text_weight / ITEM_TEXT_POINT) * penalty
            if score > best_score:
                if dated:
                    items = _with_undated_members(group, items)
                elif best and not _overlap(best, items):
                    runner_up = best_score
                best, best_score = items, score
            elif not dated and not _overlap(best, items):
                runner_up = max(runner_up, score)
    if not dated and best_score < UNDATED_DOMINANCE * runner_up:
        return [], 0.0  # a dashboard of look-alike boxes: no main list
    return best, best_score


def _overlap(a: list[list[LexborNode]], b: list[list[LexborNode]]) -> bool:
    """Whether two groups are one list seen twice (one's parent holds the other's)."""
    if not a or not b:
        return False
    pa, pb = a[0][0].parent, b[0][0].parent
    return pa is not None and pb is not None and (contains(pa, pb) or contains(pb, pa))


def _with_undated_members(group: list[list[LexborNode]], items: list[list[LexborNode]]) -> list[list[LexborNode]]:
    """The dated items and, in page order, the members that are items without a date: a title link to
    the same site as the dated ones, not an advertisement (rel=sponsored, 广告, class ad)."""
    kept = {id(b) for b in items}
    sites = {_site(_title_href(b)) for b in items}
    return [b for b in group if id(b) in kept or (
        _is_feed_block(b, dated=False) and _site(_title_href(b)) in sites | {""}
        and not _is_ad(b))]


def _title_href(block: list[LexborNode]) -> str | None:
    """Where a feed block's title link points (a feed block always has one)."""
    link = _title_link(block)
    return link.attributes.get("href") if link is not None else None


def _site(href: str | None) -> str:
    """The registrable part of a link's host (news.example.com.cn -> example.com.cn); "" for a
    relative link, which stays on the page's own site."""
    try:
        netloc = urlsplit((href or "").strip()).netloc
    except ValueError:  # a broken IPv6 host in a link: no site to tell
        return ""
    labels = netloc.lower().rsplit(":", 1)[0].split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in GENERIC_SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _is_ad(block: list[LexborNode]) -> bool:
    for node in block:
        for inner in [node, *node.traverse(include_text=False)]:
            if not inner.is_element_node:
                continue
            attributes = inner.attributes
            if "sponsored" in (attributes.get("rel") or "") or AD_HINT.search(attributes.get("class") or ""):
                return True
        if AD_LABEL.search(node_text(node)[:AD_LABEL_CHARS]):
            return True
    return False


# --- reading items -------------------------------------------------------------------------------

def headline(link: LexborNode) -> LexborNode:
    """The element that names the item: the link, or the heading inside a link that wraps the whole
    item (<a class="list-group-item"><h5>title</h5><small>3 days ago</small><p>…</p></a>)."""
    return memo.cached("headline", link.mem_id, _find_headline, link)


def _find_headline(link: LexborNode) -> LexborNode:
    inner = link.css_first("h1, h2, h3, h4, h5, h6, [class*=title]")
    return inner if inner is not None and inner.mem_id != link.mem_id else link


def _title(link: LexborNode) -> str:
    """The link's text; its title attribute when the text is cut short (…) or is that title after a
    badge (<a title="X"><span>置顶</span>X</a>)."""
    visible = node_text(headline(link))
    full = clean_text(link.attributes.get("title"))
    if full and (not visible or visible.endswith(ELLIPSIS) or visible.endswith(full) and visible != full):
        return full
    return visible


def _summary(block: list[LexborNode], link: LexborNode, date_text: str | None) -> str | None:
    """The item's description: the longest text block outside the title, date, tags and metadata,
    at least a short sentence long; of nested blocks the inner one (an excerpt, not the excerpt
    plus its action bar)."""
    span = pubdate.date_span(date_text) if date_text else None
    date_core = date_text[span[0]:span[1]] if date_text and span else None
    title = headline(link)
    candidates = []
    for node in block:
        for candidate in [node, *node.traverse(include_text=False)]:
            if not candidate.is_element_node or candidate.tag in NOT_SUMMARY_TAGS \
                    and not (candidate.tag == "a" and len(node_text(candidate)) >= LINKED_EXCERPT_MIN_CHARS):
                continue  # (an excerpt may itself be a link to the article)
            text = node_text(candidate)
            if len(text) < MIN_SUMMARY or _is_tag_container(candidate) or contains(candidate, title) \
                    or candidate.css_first("h1, h2, h3, h4, h5, h6") is not None:
                continue
            if date_core:
                text = clean_text(text.replace(date_core, ""))
            text = READ_MORE_TAIL.sub("", text).strip()
            if len(text) < MIN_SUMMARY or MORE_TEXT.match(text) or METADATA.match(text) or URL_LIKE.search(text):
                continue
            span = pubdate.date_span(text)
            if span and _date_only(text, span) \
                    or len(text) < SUMMARY_LINKED_MIN and candidate.css_first("a[href]") is not None:
                continue
            candidates.append((candidate, text))
    best = None
    for candidate, text in candidates:
        inner = [t for c, t in candidates if c.mem_id != candidate.mem_id and contains(candidate, c)
                 and (len(t) >= SUMMARY_INNER_SHARE * len(text) or len(text) - len(t) <= SUMMARY_EXTRA_MAX)]
        if inner:
            continue  # the inner block says it; this one only adds buttons or bylines
        if best is None or len(text) > len(best):
            best = text
    return best


def _is_tag_container(node: LexborNode) -> bool:
    return bool(TAG_CONTAINER_HINT.search(node.attributes.get("class") or ""))


def _day_above(node: LexborNode, now: datetime) -> str | None:
    """The date of the nearest heading-like element before node or before one of its ancestors (not
    an earlier item of the same list: its date is its own)."""
    for _ in range(DAY_ABOVE_LEVELS):
        prev = node.prev
        while prev is not None:
            if prev.is_element_node and _signature(prev) != _signature(node):
                text = node_text(prev)
                if len(text) <= DAY_HEADING_MAX_CHARS:
                    day = pubdate.parse_published(text, now)
                    if day:
                        return day[:10]
            prev = prev.prev
        parent = node.parent
        if parent is None or parent.tag == "body":
            return None
        node = parent
    return None


def read_item(block: list[LexborNode], base: str, now: datetime, selectors: Selectors | None = None) -> Item | None:
    """An item's title, link, time and summary; the configured selectors, where given, say where."""
    s = selectors or Selectors()
    if s.title:
        picked = block[0].css_first(s.title)
        link = picked if picked is None or picked.tag == "a" else (picked.css_first("a[href]") or picked)
    else:
        link = _title_link(block)
    if link is None:
        return None
    url = absolute(link.attributes.get("href"), base)
    if url is None:
        return None
    date_node = block[0].css_first(s.date) if s.date else None
    date_text: str | None
    if date_node is not None:
        date_text = node_text(date_node)
        published = _time_attribute([date_node]) or pubdate.parse_published(date_text, now)
    else:
        published = _time_attribute(block)
        date_text, date_element = (None, None) if published else _date_element(block, link)
        if date_text:  # (a date text always comes with its element)
            titled = _titled_date(date_element, date_text) if date_element is not None else None
            published = titled or pubdate.parse_published(date_text, now)
    if published is None:  # a clock alone: the day is in a heading above (news-flash timelines)
        clock_text = " ".join(node_text(n) for n in block).replace(node_text(headline(link)), "")
        clock = pubdate.CLOCK_ONLY.search(clock_text)
        day = _day_above(block[0], now) if clock else None
        if day and clock:
            published = pubdate.with_day(clock_text, day)
            date_text = clock.group()
    summary_node = block[0].css_first(s.summary) if s.summary else None
    summary = node_text(summary_node) or None if summary_node is not None else _summary(block, link, date_text)
    return Item(_title(link), url, published, summary)


# --- pagination ----------------------------------------------------------------------------------

def _same_page(url: str, page_url: str) -> bool:
    return urlsplit(url)._replace(fragment="") == urlsplit(page_url)._replace(fragment="")


def find_next(tree: LexborHTMLParser, page_url: str, base: str) -> str | None:
    """The next list page: rel=next, a 下一页/›/» link or a short one classed "next" (<a class="next">&gt;&gt;</a>),
    or the number after the current page."""
    candidates = []
    for node in tree.css("link[rel], a[rel]"):
        if "next" in (node.attributes.get("rel") or "").lower().split():
            candidates.append(node.attributes.get("href"))
    for a in tree.css("a"):
        text = node_text(a) or clean_text(a.attributes.get("title")) or clean_text(a.attributes.get("aria-label"))
        if NEXT_TEXT_STRICT.match(text) or text.lower() in ("下一页 ›", "下一页>", "下一页 >", "下一页»") or (
                NEXT_CLASS.search(_hints(a)) and 0 < len(text) <= NEXT_CLASS_TEXT_CHARS
                and not NEXT_CLASS_NOT.search(text)):
            candidates.append(a.attributes.get("href"))
    for href in candidates:
        url = absolute(href, base)
        if url and not _same_page(url, page_url):
            return url
    if candidates:
        return None  # a next link exists but points nowhere or back here: the last page
    return _numbered_next(tree, page_url, base)


def _numbered_next(tree: LexborHTMLParser, page_url: str, base: str) -> str | None:
    for node in tree.css("[class], [aria-current]"):
        hint = node.attributes.get("class") or ""
        if not (CURRENT_HINT.search(hint) or node.attributes.get("aria-current")):
            continue
        text = node_text(node)
        if not text.isdigit():
            continue
        number = int(text)
        container = node.parent
        for _ in range(PAGER_LEVELS):
            if container is None:
                break
            for a in container.css("a[href]"):
                if node_text(a) == str(number + 1):
                    url = absolute(a.attributes.get("href"), base)
                    if url and not _same_page(url, page_url):
                        return url
            container = container.parent
    return None


# --- entry point ---------------------------------------------------------------------------------

def parse_list(html: str, page_url: str, now: datetime | None = None,
               selectors: Selectors | None = None) -> ListPage:
    """Items and next link of a list page (html already decoded)."""
    now = now or datetime.now()
    tree = new_tree(html)
    base = base_url(tree, page_url)
    if selectors and selectors.item:
        items = [read_item([node], base, now, selectors) for node in tree.css(selectors.item)]
    else:
        items = [read_item(block, base, now) for block in find_feed(tree)]
    if selectors and selectors.next:
        node = tree.css_first(selectors.next)
        next_url = absolute(node.attributes.get("href"), base) if node is not None else None
        if next_url and _same_page(next_url, page_url):
            next_url = None
    elif items:
        next_url = find_next(tree, page_url, base)
    else:
        next_url = None  # no feed, no next page of it (a dashboard's calendar is not a pager)
    return ListPage([i for i in items if i is not None], next_url)
