"""scraper.pages.listpage's algorithm, ported to BeautifulSoup with the lxml parser: the parsing anchor.

A function-by-function port of the current parser, not a strawman and not an older version: the same
candidate groups (same signature, same tag, periodic runs, the lone child of a list, look-alike
cousin lists for dated feeds only), the dated-element pre-pass that rejects subtrees without a date,
undated blocks rejected before their links are read, the undated main list that must stand out
(runner-up, overlap), the dated feed keeping its undated members but not its ads, folded members
unfolded, the date element (labels, reply times, titled relative dates), the headline inside a
whole-item link, the summary, the day heading above a clock, the next link; and the same memo
tables per tree (texts, element lists, signatures, title links, feed-block checks, side penalties,
headlines, time attributes). The constants come from scraper.pages.settings (the ones
scraper.pages.listpage imports), the date parsing from scraper.pages.pubdate, the string helpers (clean_text,
absolute, bounded_nesting) from scraper.pages.dom: only the HTML library differs, selectolax
(lexbor, C) against BeautifulSoup + lxml. The searches use bs4's fastest idiomatic calls (find_all
with names, attributes or a function; no CSS through soupsieve).

Where lexbor's API and bs4's differ in what they return, the port reproduces lexbor's answer, so the
algorithm sees the same thing:
- ``node.css(sel)`` / ``css_first`` match the node itself too (``_links``, ``_first_heading`` …);
- ``node.traverse()`` yields the node itself first, so ``[node, *node.traverse()]`` holds it twice,
  and comments count among its first few entries (``_traverse``; it matters in ``_titled_date``);
- ``node.text()`` includes the text of <script>/<style>/<template>, never comments (``TEXT_TYPES``);
- ``prev``/``next``/``child`` are any node, text and comments included.

lxml's tree is used as lxml builds it. It differs from an HTML5 parser's in places (no <tbody>
between a <table> and its rows, other repairs of broken markup); on the fixtures and the real list
pages that changes no output.

``python -m bench --only parsing`` and tests/test_bench_port.py check that this port's output equals
``parse_list``'s on every list fixture; when scraper/pages/listpage.py changes, port the change.
"""
from __future__ import annotations

from datetime import datetime
from itertools import islice
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, CData, NavigableString, Script, Stylesheet, Tag, TemplateString
from bs4.element import PreformattedString

from scraper.pages import pubdate
from scraper.pages.dom import TreeMemo, absolute, bounded_nesting, clean_text
from scraper.pages.listpage import Item, ListPage
from scraper.pages.settings import (
    AD_HINT,
    AD_LABEL,
    CARD_TEXT,
    CARD_TITLE,
    CONTAINER_DATED,
    CONTAINER_LINKS,
    COUSIN_SHARE,
    CURRENT_HINT,
    DATE_DOMINANCE,
    DATE_ELEMENT_MAX_CHARS,
    DATE_LABEL,
    DAY_GRANULAR,
    DAY_HEADING_MAX_CHARS,
    DIGIT,
    ELLIPSIS,
    GENERIC_SECOND_LEVEL,
    HEADING_HINT,
    HEADING_LOOKBACK,
    HEADINGS,
    ITEM_TEXT_CAP,
    ITEM_TEXT_POINT,
    LIST_SKIP_TAGS,
    LIST_TAGS,
    MAIN_HINT,
    METADATA,
    MIN_SUMMARY,
    MIN_UNDATED_ITEMS,
    MIN_UNDATED_TITLE,
    MORE_TEXT,
    NEXT_CLASS,
    NEXT_CLASS_NOT,
    NEXT_CLASS_TEXT_CHARS,
    NEXT_TEXT_STRICT,
    NOT_SUMMARY_TAGS,
    PROFILE_LINK,
    READ_MORE_TAIL,
    REPLY_HINT,
    SIDE_ANCESTORS,
    SIDE_HEADING,
    SIDE_HEADING_MAX_CHARS,
    SIDE_HINT,
    SIDE_LEVELS,
    SIDE_PENALTY,
    SUMMARY_EXTRA_MAX,
    SUMMARY_INNER_SHARE,
    SUMMARY_LINKED_MIN,
    TAG_CONTAINER_HINT,
    TAG_LINK_HINT,
    TIME_ATTRIBUTES,
    TITLED_DATE_DEPTH,
    TITLED_LINK_CHARS,
    UNDATED_DOMINANCE,
    UNDATED_MAJORITY,
    URL_LIKE,
    WORDS,
    YEAR_MONTH,
)
from scraper.pages.settings import LIST_INLINE_TAGS as INLINE_TAGS
from scraper.pages.settings import LIST_SKIP_TAGS as SKIP_TAGS

#: the strings lexbor's text() joins: script, style and template text too (bs4 leaves those out by default)
TEXT_TYPES = (NavigableString, CData, Script, Stylesheet, TemplateString)
HEADING_SET = set(HEADINGS)


# --- the tree: what scraper.pages.dom gives listpage.py ------------------------------------------

#: the same per-tree memo tables as listpage.py's, keyed by id(node): the soup keeps every node
#: alive while it is parsed, so ids are unique within one tree
memo = TreeMemo()


def new_tree(html: str) -> BeautifulSoup:
    memo.reset()
    return BeautifulSoup(bounded_nesting(html or ""), "lxml")


def attr(node: Tag, name: str) -> str | None:
    """An attribute as lexbor gives it, a string (bs4 gives class and rel as lists)."""
    value = node.attrs.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value


def _is_text(node) -> bool:
    """A text node (lexbor's is_text_node): not a comment, doctype or other declaration."""
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def _is_element(node) -> bool:
    return isinstance(node, Tag) and not isinstance(node, BeautifulSoup)


def node_text(node: Tag) -> str:
    texts = memo.text
    key = id(node)
    text = texts.get(key)
    if text is None:
        text = texts[key] = clean_text(node.get_text("", types=TEXT_TYPES))
    return text


def spaced_text(node: Tag) -> str:
    texts = memo.spaced
    key = id(node)
    text = texts.get(key)
    if text is None:
        text = texts[key] = clean_text(node.get_text(" ", types=TEXT_TYPES))
    return text


def elements(node: Tag) -> list[Tag]:
    lists = memo.elements
    key = id(node)
    found = lists.get(key)
    if found is None:
        found = lists[key] = [c for c in node.children if isinstance(c, Tag) and c.name not in LIST_SKIP_TAGS]
    return found


def contains(node: Tag, inner) -> bool:
    while inner is not None:
        if inner is node:
            return True
        inner = inner.parent
    return False


def _traverse(node: Tag, first: int) -> list:
    """The first entries of lexbor's [node, *node.traverse(include_text=False)]: the node twice, then
    its descendants that are elements or comments, in document order."""
    return [node, node, *islice((d for d in node.descendants if isinstance(d, Tag) or not _is_text(d)),
                                max(first - 2, 0))][:first]


def _tags_under(node: Tag) -> list[Tag]:
    """[node, *node.traverse(include_text=False)] keeping the elements only (the node twice)."""
    return [node, node, *node.find_all(True)]


def _links(node: Tag) -> list[Tag]:
    """node.css("a[href]"): the node itself when it matches, then its descendants."""
    own = [node] if node.name == "a" and "href" in node.attrs else []
    return own + node.find_all("a", href=True)


def _first_heading(node: Tag) -> Tag | None:
    """node.css_first("h1, h2, h3, h4, h5, h6") (the node itself included)."""
    return node if node.name in HEADING_SET else node.find(HEADINGS)


def _has_link(node: Tag) -> bool:
    """node.css_first("a[href]") is not None."""
    return node.name == "a" and "href" in node.attrs or node.find("a", href=True) is not None


def base_url(soup: BeautifulSoup, page_url: str) -> str:
    base = soup.find("base", href=True)
    href = attr(base, "href") if base is not None else None
    if href and href.strip():
        return urljoin(page_url, href.strip())
    return page_url


def _ids(block: list[Tag]) -> tuple[int, ...]:
    return tuple(id(n) for n in block)


# --- finding the feed ---------------------------------------------------------------------------

def _signature(node: Tag) -> tuple[str, str]:
    signatures = memo.table("signature")
    found = signatures.get(id(node))
    if found is None:
        classes = (attr(node, "class") or "").split()
        stable = sorted(c for c in classes if not CURRENT_HINT.search(c) and not DIGIT.search(c))
        found = signatures[id(node)] = (node.name, " ".join(stable[:1]))
    return found


def _title_link(block: list[Tag]) -> Tag | None:
    return memo.cached("title_link", _ids(block), _find_title_link, block)


def _find_title_link(block: list[Tag]) -> Tag | None:
    links = []
    for node in block:
        links.extend(_links(node) if node.name != "a" else [node])
    links = [a for a in links if not MORE_TEXT.match(node_text(a)) and not _is_tag_link(a)
             and not pubdate.looks_like_date_only(node_text(a))]
    if not links:
        return None
    in_heading = [a for a in links if _has_ancestor(a, HEADING_SET, limit=4)
                  or (attr(a, "class") or "").find("title") >= 0]
    pool = in_heading or links
    best = max(pool, key=lambda a: (not PROFILE_LINK.search(attr(a, "href") or ""), bool(node_text(a)),
                                    len(node_text(a)) or len(attr(a, "title") or "")))
    text = node_text(best)
    if len(text) < 4 and len(attr(best, "title") or "") < 4:
        return None
    return best


def _is_tag_link(a: Tag) -> bool:
    node = a.parent
    for _ in range(2):
        if node is None:
            return False
        if TAG_LINK_HINT.search(attr(node, "class") or ""):
            return True
        node = node.parent
    return False


def _has_ancestor(node: Tag, tags: set[str], limit: int = 50) -> bool:
    up = node.parent
    while up is not None and limit > 0:
        if up.name in tags:
            return True
        up = up.parent
        limit -= 1
    return False


def _has_time_attr(tag: Tag) -> bool:
    return tag.name == "time" or any(a in tag.attrs for a in TIME_ATTRIBUTES)


def _time_attribute(block: list[Tag]) -> str | None:
    return memo.cached("time_attribute", _ids(block), _find_time_attribute, block)


def _find_time_attribute(block: list[Tag]) -> str | None:
    for node in block:
        for candidate in [node, *([node] if _has_time_attr(node) else []), *node.find_all(_has_time_attr)]:
            attrs = candidate.attrs
            for name in TIME_ATTRIBUTES:
                value = attrs.get(name)
                if isinstance(value, list):
                    value = " ".join(value)
                if value:
                    parsed = pubdate.parse_attribute(value)
                    if parsed:
                        return parsed
    return None


def _date_element(block: list[Tag], title: Tag) -> tuple[str | None, Tag | None]:
    title_text = node_text(headline(title))
    replies = [spaced_text(n) for b in block for n in _tags_under(b) if REPLY_HINT.search(_hints(n))]
    best, best_node, best_key = None, None, None
    for node in block:
        for candidate in _tags_under(node):
            if candidate.name in SKIP_TAGS or candidate.name == "a":
                continue
            text = spaced_text(candidate)
            if not text or len(text) > DATE_ELEMENT_MAX_CHARS and candidate is not node:
                continue
            own = text.replace(title_text, "") if title_text else text
            for reply in replies:
                own = own.replace(reply, " ") if reply else own
            span = pubdate.date_span(own)
            if span is None or _inside_prose(candidate, text):
                continue
            if candidate.name == "time":
                return own, candidate
            only = _date_only(own, span)
            dominant = (span[1] - span[0]) / max(len(own.strip()), 1) >= DATE_DOMINANCE
            key = (only, dominant, 0 if only else -len(text))
            if best_key is None or key > best_key:
                best, best_node, best_key = own, candidate, key
    return best, best_node


def _hints(node: Tag) -> str:
    return f"{attr(node, 'class') or ''} {attr(node, 'title') or ''}"


def _titled_date(node: Tag, text: str) -> str | None:
    if not DAY_GRANULAR.search(text):
        return None
    for inner in _traverse(node, TITLED_DATE_DEPTH):
        day = pubdate.parse_absolute(attr(inner, "title") or "") if isinstance(inner, Tag) else None
        if day:
            clock = pubdate.CLOCK_ONLY.search(text)
            return pubdate.with_day(clock.group(), day) if clock else day[:10]
    return None


def _date_only(text: str, span: tuple[int, int]) -> bool:
    rest = DATE_LABEL.sub("", text[:span[0]] + " " + text[span[1]:])
    return not WORDS.search(rest)


def _inside_prose(node: Tag, text: str) -> bool:
    if node.name not in INLINE_TAGS:
        return False
    return _text_beside(node, "previous_sibling") and _text_beside(node, "next_sibling")


def _text_beside(node: Tag, direction: str) -> bool:
    sibling = getattr(node, direction)
    while sibling is not None and _is_text(sibling) and not sibling.strip():
        sibling = getattr(sibling, direction)
    return sibling is not None and _is_text(sibling) and bool(WORDS.search(sibling))


def _is_feed_block(block: list[Tag], dated: bool = True) -> bool:
    return memo.cached("feed_block", (_ids(block), dated), _check_feed_block, block, dated)


def _check_feed_block(block: list[Tag], dated: bool) -> bool:
    dated_ids = memo.table("dated")
    if dated and not any(id(n) in dated_ids for n in block):
        return False
    title = _title_link(block)
    if title is None:
        return False
    if not dated:
        if _is_container(block, dated=False):
            return False
        shown = node_text(headline(title))
        if len(shown) >= MIN_UNDATED_TITLE or len(clean_text(attr(title, "title"))) >= MIN_UNDATED_TITLE:
            return True
        rest = " ".join(node_text(n) for n in block).replace(shown, "")
        return len(shown) >= CARD_TITLE and len(rest) >= CARD_TEXT
    text = " ".join(spaced_text(n) for n in block).replace(spaced_text(headline(title)), "")
    if _is_container(block):
        return False
    if _time_attribute(block):
        return True
    return pubdate.looks_like_date(text) or bool(pubdate.CLOCK_ONLY.search(text))


def _is_container(block: list[Tag], dated: bool = True) -> bool:
    hrefs = set()
    for node in block:
        for a in _links(node):
            if len(node_text(a)) >= TITLED_LINK_CHARS:
                hrefs.add(a.attrs.get("href"))
    if len(hrefs) >= CONTAINER_LINKS or not dated and len(hrefs) >= CONTAINER_DATED:
        return True
    return (len(hrefs) >= CONTAINER_DATED
            and pubdate.count_dates(" ".join(spaced_text(n) for n in block)) >= CONTAINER_DATED)


def _side_penalty(parent: Tag) -> float:
    return memo.cached("side_penalty", id(parent), _find_side_penalty, parent)


def _find_side_penalty(parent: Tag) -> float:
    node: Tag | None = parent
    depth = 0
    while node is not None and node.name not in ("body", "html") and depth < SIDE_LEVELS:
        if node.name in SIDE_ANCESTORS:
            return SIDE_PENALTY
        hint = f"{attr(node, 'class') or ''} {attr(node, 'id') or ''}"
        if SIDE_HINT.search(hint) and not MAIN_HINT.search(hint):
            return SIDE_PENALTY
        heading = _preceding_heading(node)
        if heading and len(heading) <= SIDE_HEADING_MAX_CHARS and SIDE_HEADING.search(heading):
            return SIDE_PENALTY
        node, depth = node.parent, depth + 1
    return 1.0


def _preceding_heading(node: Tag) -> str:
    prev = node.previous_sibling
    steps = 0
    while prev is not None and steps < HEADING_LOOKBACK:
        if isinstance(prev, Tag):
            if prev.name in HEADING_SET:
                return node_text(prev)
            if HEADING_HINT.search(attr(prev, "class") or ""):
                inner = _first_heading(prev)
                return node_text(inner if inner is not None else prev)
            steps += 1
        prev = prev.previous_sibling
    first = next(iter(node.children), None) if isinstance(node, Tag) else None
    while first is not None and not isinstance(first, Tag):
        first = first.next_sibling
    if first is not None and first.name in HEADING_SET:
        return node_text(first)
    return ""


def _groups(parent: Tag) -> list[list[list[Tag]]]:
    children = elements(parent)
    if len(children) < 2:
        return [[children]] if children and parent.name in LIST_TAGS else []
    out = []
    by_sig: dict[tuple[str, str], list[Tag]] = {}
    by_tag: dict[str, list[Tag]] = {}
    for child in children:
        by_sig.setdefault(_signature(child), []).append(child)
        by_tag.setdefault(child.name, []).append(child)
    for members in by_sig.values():
        if len(members) >= 2:
            out.append([[m] for m in members])
    for members in by_tag.values():
        if len(members) >= 2 and len({_signature(m) for m in members}) > 1:
            out.append([[m] for m in members])
    tags = [c.name for c in children]
    for period in (2, 3, 4):
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


def _cousins(parent: Tag, group: list[list[Tag]]) -> list[list[Tag]]:
    grand = parent.parent
    if grand is None or len(group[0]) != 1 or len(group) < COUSIN_SHARE * len(elements(parent)):
        return group
    sig = _signature(group[0][0])
    siblings = [c for c in elements(grand) if c.name == parent.name]
    if len(siblings) >= 2:
        containers = siblings
    else:
        holder = grand.parent
        if holder is None:
            return group
        containers = [c for first in elements(holder) if _signature(first) == _signature(grand)
                      for c in elements(first) if c.name == parent.name]
    blocks = [[c] for container in containers if _side_penalty(container) == 1
              for c in elements(container) if _signature(c) == sig]
    return blocks if len(blocks) > len(group) else group


def find_feed(soup: BeautifulSoup) -> list[list[Tag]]:
    body = soup.body or soup.html
    if body is None:
        return []
    dated, dated_score = _best_group(body, dated=True)
    undated, undated_score = _best_group(body, dated=False)
    if len(undated) >= UNDATED_MAJORITY * len(dated) and undated_score > dated_score:
        return _unfolded(undated)
    return _unfolded(dated)


def _unfolded(feed: list[list[Tag]]) -> list[list[Tag]]:
    single = [b[0] for b in feed if len(b) == 1]
    if len(single) < 2:
        return feed
    signatures = [_signature(n) for n in single]
    common = max(set(signatures), key=signatures.count)
    out: list[list[Tag]] = []
    for block in feed:
        if len(block) == 1 and _signature(block[0]) != common:
            inner = [n for n in block[0].find_all(True) if _signature(n) == common]
            inner = [n for n in inner if _title_link([n]) is not None]
            if inner:
                out.extend([n] for n in inner)
                continue
        out.append(block)
    return out


def _datedelements(body: Tag) -> set[int]:
    marked: set[int] = set()
    for node in (body, *body.descendants):
        if isinstance(node, Tag):
            hit = any(k in node.attrs for k in TIME_ATTRIBUTES)
        elif _is_text(node):
            if node.parent is not None and node.parent.name in SKIP_TAGS:
                continue
            text = str(node)
            hit = bool(pubdate.MAYBE_DATE.search(text)
                       and (pubdate.looks_like_date(text) or pubdate.CLOCK_ONLY.search(text)
                            or YEAR_MONTH.fullmatch(text.strip())))
        else:
            continue
        if hit:
            parent = node if isinstance(node, Tag) else node.parent
            while parent is not None and id(parent) not in marked:
                marked.add(id(parent))
                parent = parent.parent
    return marked


def _best_group(body: Tag, dated: bool) -> tuple[list[list[Tag]], float]:
    best: list[list[Tag]] = []
    best_score = 0.0
    runner_up = 0.0
    with_dates = _datedelements(body) if dated else None
    if with_dates is not None:
        memo.table("dated").update(dict.fromkeys(with_dates))
    for parent in (body, *body.find_all(True)):
        if parent.name in SKIP_TAGS:
            continue
        if with_dates is not None and (id(parent) not in with_dates or (
                parent.name not in LIST_TAGS and sum(id(c) in with_dates for c in elements(parent)) < 2)):
            continue
        for group in _groups(parent):
            if with_dates is not None and not any(id(n) in with_dates for b in group for n in b):
                continue
            items = [b for b in group if _is_feed_block(b, dated)]
            if items and dated:
                extended = _cousins(parent, group)
                if extended is not group:
                    group, items = extended, [b for b in extended if _is_feed_block(b, dated)]
            if not items or len(items) < len(group) // 2 or (not dated and len(items) < MIN_UNDATED_ITEMS):
                continue
            penalty = _side_penalty(parent)
            if not dated and penalty < 1:
                continue
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
        return [], 0.0
    return best, best_score


def _overlap(a: list[list[Tag]], b: list[list[Tag]]) -> bool:
    if not a or not b:
        return False
    pa, pb = a[0][0].parent, b[0][0].parent
    return pa is not None and pb is not None and (contains(pa, pb) or contains(pb, pa))


def _with_undated_members(group: list[list[Tag]], items: list[list[Tag]]) -> list[list[Tag]]:
    kept = {id(b) for b in items}
    sites = {_site(_title_href(b)) for b in items}
    return [b for b in group if id(b) in kept or (
        _is_feed_block(b, dated=False) and _site(_title_href(b)) in sites | {""}
        and not _is_ad(b))]


def _title_href(block: list[Tag]) -> str | None:
    """The href of a feed block's title link (a feed block has one: _check_feed_block)."""
    link = _title_link(block)
    assert link is not None, "not a feed block: no title link"
    return attr(link, "href")


def _site(href: str | None) -> str:
    try:
        netloc = urlsplit((href or "").strip()).netloc
    except ValueError:  # a broken IPv6 host in a link, as in scraper/pages/listpage.py
        return ""
    labels = netloc.lower().rsplit(":", 1)[0].split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in GENERIC_SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _is_ad(block: list[Tag]) -> bool:
    for node in block:
        for inner in _tags_under(node):
            if "sponsored" in (attr(inner, "rel") or "") or AD_HINT.search(attr(inner, "class") or ""):
                return True
        if AD_LABEL.search(node_text(node)[:12]):
            return True
    return False


# --- reading items -------------------------------------------------------------------------------

def headline(link: Tag) -> Tag:
    return memo.cached("headline", id(link), _find_headline, link)


def _is_headline_like(tag: Tag) -> bool:
    return tag.name in HEADING_SET or "title" in (attr(tag, "class") or "")


def _find_headline(link: Tag) -> Tag:
    # link.css_first("h1, …, h6, [class*=title]") is link itself when it matches: then the link
    if _is_headline_like(link):
        return link
    inner = link.find(_is_headline_like)
    return inner if inner is not None else link


def _title(link: Tag) -> str:
    visible = node_text(headline(link))
    full = clean_text(attr(link, "title"))
    if full and (not visible or visible.endswith(ELLIPSIS) or visible.endswith(full) and visible != full):
        return full
    return visible


def _summary(block: list[Tag], link: Tag, date_text: str | None) -> str | None:
    span = pubdate.date_span(date_text) if date_text else None
    date_core = date_text[span[0]:span[1]] if date_text and span else None
    title = headline(link)
    candidates = []
    for node in block:
        for candidate in _tags_under(node):
            if candidate.name in NOT_SUMMARY_TAGS and not (candidate.name == "a" and len(node_text(candidate)) >= 20):
                continue
            text = node_text(candidate)
            if len(text) < MIN_SUMMARY or _is_tag_container(candidate) or contains(candidate, title) \
                    or _first_heading(candidate) is not None:
                continue
            if date_core:
                text = clean_text(text.replace(date_core, ""))
            text = READ_MORE_TAIL.sub("", text).strip()
            if len(text) < MIN_SUMMARY or MORE_TEXT.match(text) or METADATA.match(text) or URL_LIKE.search(text):
                continue
            span = pubdate.date_span(text)
            if span and _date_only(text, span) or len(text) < SUMMARY_LINKED_MIN and _has_link(candidate):
                continue
            candidates.append((candidate, text))
    best = None
    for candidate, text in candidates:
        inner = [t for c, t in candidates if c is not candidate and contains(candidate, c)
                 and (len(t) >= SUMMARY_INNER_SHARE * len(text) or len(text) - len(t) <= SUMMARY_EXTRA_MAX)]
        if inner:
            continue
        if best is None or len(text) > len(best):
            best = text
    return best


def _is_tag_container(node: Tag) -> bool:
    return bool(TAG_CONTAINER_HINT.search(attr(node, "class") or ""))


def _day_above(node: Tag, now: datetime) -> str | None:
    for _ in range(4):
        prev = node.previous_sibling
        while prev is not None:
            if isinstance(prev, Tag) and _signature(prev) != _signature(node):
                text = node_text(prev)
                if len(text) <= DAY_HEADING_MAX_CHARS:
                    day = pubdate.parse_published(text, now)
                    if day:
                        return day[:10]
            prev = prev.previous_sibling
        parent = node.parent
        if parent is None or parent.name == "body":
            return None
        node = parent
    return None


def read_item(block: list[Tag], base: str, now: datetime) -> Item | None:
    """listpage.read_item without configured selectors (detection only, as the fixtures use it)."""
    link = _title_link(block)
    if link is None:
        return None
    url = absolute(attr(link, "href"), base)
    if url is None:
        return None
    published = _time_attribute(block)
    date_text, date_element = (None, None) if published else _date_element(block, link)
    if date_text:
        # _date_element finds the text and its element together
        titled = _titled_date(date_element, date_text) if date_element is not None else None
        published = titled or pubdate.parse_published(date_text, now)
    if published is None:
        clock_text = " ".join(node_text(n) for n in block).replace(node_text(headline(link)), "")
        clock = pubdate.CLOCK_ONLY.search(clock_text)
        day = _day_above(block[0], now) if clock else None
        if clock and day:
            published = pubdate.with_day(clock_text, day)
            date_text = clock.group()
    return Item(_title(link), url, published, _summary(block, link, date_text))


# --- pagination ----------------------------------------------------------------------------------

def _same_page(url: str, page_url: str) -> bool:
    return urlsplit(url)._replace(fragment="") == urlsplit(page_url)._replace(fragment="")


def find_next(soup: BeautifulSoup, page_url: str, base: str) -> str | None:
    candidates = []
    for node in soup.find_all(("link", "a"), rel=True):
        if "next" in (attr(node, "rel") or "").lower().split():
            candidates.append(attr(node, "href"))
    for a in soup.find_all("a"):
        text = node_text(a) or clean_text(attr(a, "title")) or clean_text(attr(a, "aria-label"))
        if NEXT_TEXT_STRICT.match(text) or text.lower() in ("下一页 ›", "下一页>", "下一页 >", "下一页»") or (
                NEXT_CLASS.search(_hints(a)) and 0 < len(text) <= NEXT_CLASS_TEXT_CHARS
                and not NEXT_CLASS_NOT.search(text)):
            candidates.append(attr(a, "href"))
    for href in candidates:
        url = absolute(href, base)
        if url and not _same_page(url, page_url):
            return url
    if candidates:
        return None
    return _numbered_next(soup, page_url, base)


def _classed_or_current(tag: Tag) -> bool:
    return "class" in tag.attrs or "aria-current" in tag.attrs


def _numbered_next(soup: BeautifulSoup, page_url: str, base: str) -> str | None:
    for node in soup.find_all(_classed_or_current):
        hint = attr(node, "class") or ""
        if not (CURRENT_HINT.search(hint) or node.attrs.get("aria-current")):
            continue
        text = node_text(node)
        if not text.isdigit():
            continue
        number = int(text)
        container = node.parent
        for _ in range(3):
            if container is None:
                break
            for a in _links(container):
                if node_text(a) == str(number + 1):
                    url = absolute(attr(a, "href"), base)
                    if url and not _same_page(url, page_url):
                        return url
            container = container.parent
    return None


# --- entry point ---------------------------------------------------------------------------------

def parse_list(html: str, page_url: str, now: datetime | None = None) -> ListPage:
    """Items and next link of a list page (html already decoded), like scraper.pages.listpage.parse_list."""
    now = now or datetime.now()
    soup = new_tree(html)
    base = base_url(soup, page_url)
    items = [read_item(block, base, now) for block in find_feed(soup)]
    next_url = find_next(soup, page_url, base) if items else None
    return ListPage([i for i in items if i is not None], next_url)
