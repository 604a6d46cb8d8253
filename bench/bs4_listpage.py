"""scraper.pages.listpage's algorithm, ported to BeautifulSoup with the lxml parser: the parsing anchor.

A line-by-line port of the same item selection, not a strawman: the feed is the group of repeated
sibling blocks (same tag and class, same tag, periodic runs such as dt/dd pairs, look-alike cousin
lists) that carry a title link and a date, scored by item count and text weight and discounted in
sidebars and navigation; each item's title, link, date and summary are read the same way; the next
page is found the same way. The constants, the URL helper and the date parsing (scraper.pages.pubdate)
are shared, so the two differ only in the HTML library: selectolax (lexbor, C) against
BeautifulSoup + lxml. The searches use bs4's idiomatic calls (find_all with a tag name and
attributes, which are bs4's fastest), not CSS selectors through soupsieve.

Differences that come from the libraries, not from the port: lxml's HTML parser builds some broken
markup into a different tree than an HTML5 parser (lexbor), and bs4's get_text() leaves out the
text of <script>/<style>/<template>. `python -m bench --only parsing` reports how many fixtures the
two agree on.
"""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from scraper.pages import pubdate
from scraper.pages.listpage import (
    CURRENT_HINT,
    ELLIPSIS,
    HEADINGS,
    INLINE_TAGS,
    LIST_TAGS,
    METADATA,
    MIN_SUMMARY,
    MORE_TEXT,
    NEXT_TEXT_STRICT,
    READ_MORE_TAIL,
    SIDE_ANCESTORS,
    SIDE_HEADING,
    SIDE_HINT,
    SKIP_TAGS,
    Item,
    ListPage,
    absolute,
    clean_text,
)

TIME_ATTRS = ("datetime", "data-time", "data-date", "data-timestamp", "data-published", "data-pubdate")


def attr(node: Tag, name: str) -> str | None:
    """An attribute as a string (bs4 gives class and rel as lists)."""
    value = node.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value


def node_text(node: Tag) -> str:
    return clean_text(node.get_text())


def spaced_text(node: Tag) -> str:
    """Text with a space between strings (for dates that must not run into a neighbour's digits)."""
    return clean_text(node.get_text(" "))


def _is_text(node) -> bool:
    return isinstance(node, NavigableString) and not isinstance(node, Comment)


def _elements(node: Tag) -> list[Tag]:
    return [c for c in node.children if isinstance(c, Tag) and c.name not in SKIP_TAGS]


def _links(node: Tag) -> list[Tag]:
    """a[href] at or under node (lexbor's css() matches the node itself too)."""
    own = [node] if node.name == "a" and node.has_attr("href") else []
    return own + node.find_all("a", href=True)


def _self_and_descendants(node: Tag) -> list[Tag]:
    return [node, *node.find_all(True)]


def base_url(soup: BeautifulSoup, page_url: str) -> str:
    base = soup.find("base", href=True)
    if base is not None and (attr(base, "href") or "").strip():
        return urljoin(page_url, attr(base, "href").strip())
    return page_url


# --- finding the feed ---------------------------------------------------------------------------

def _signature(node: Tag) -> tuple[str, str]:
    classes = (attr(node, "class") or "").split()
    stable = sorted(c for c in classes if not CURRENT_HINT.search(c) and not re.search(r"\d", c))
    return node.name, " ".join(stable[:1])


def _title_link(block: list[Tag]) -> Tag | None:
    links = []
    for node in block:
        links.extend(node.find_all("a", href=True) if node.name != "a" else [node])
    links = [a for a in links if not MORE_TEXT.match(node_text(a)) and not _is_tag_link(a)]
    if not links:
        return None
    in_heading = [a for a in links if _has_ancestor(a, set(HEADINGS), limit=4)
                  or (attr(a, "class") or "").find("title") >= 0]
    pool = in_heading or links
    best = max(pool, key=lambda a: len(node_text(a)) or len(attr(a, "title") or ""))
    text = node_text(best)
    if len(text) < 4 and len(attr(best, "title") or "") < 4:
        return None
    return best


def _is_tag_link(a: Tag) -> bool:
    node = a.parent
    for _ in range(2):
        if node is None:
            return False
        if re.search(r"\btags?\b|label|category|cate\b", attr(node, "class") or "", re.IGNORECASE):
            return True
        node = node.parent
    return False


def _has_ancestor(node: Tag, tags: set[str], limit: int = 50) -> bool:
    node = node.parent
    while node is not None and limit > 0:
        if node.name in tags:
            return True
        node = node.parent
        limit -= 1
    return False


def _has_time_attr(tag: Tag) -> bool:
    return tag.name == "time" or any(tag.has_attr(a) for a in TIME_ATTRS)


def _time_attribute(block: list[Tag]) -> str | None:
    for node in block:
        for candidate in [node, *node.find_all(_has_time_attr)]:
            for name in TIME_ATTRS:
                value = attr(candidate, name)
                if value:
                    parsed = pubdate.parse_attribute(value)
                    if parsed:
                        return parsed
    return None


def _date_node_text(block: list[Tag], title: Tag) -> str | None:
    title_text = node_text(title)
    best, best_key = None, None
    for node in block:
        for candidate in _self_and_descendants(node):
            if candidate.name in SKIP_TAGS or candidate.name == "a":
                continue
            text = spaced_text(candidate)
            if not text or len(text) > 80 and candidate is not node:
                continue
            own = text.replace(title_text, "") if title_text else text
            span = pubdate.date_span(own)
            if span is None or _inside_prose(candidate):
                continue
            if candidate.name == "time":
                return own
            dominant = (span[1] - span[0]) / max(len(own.strip()), 1) >= 0.3
            key = (dominant, -len(text))
            if best_key is None or key > best_key:
                best, best_key = own, key
    return best


def _inside_prose(node: Tag) -> bool:
    if node.name not in INLINE_TAGS:
        return False
    return _text_beside(node.previous_sibling) and _text_beside(node.next_sibling, forward=True)


def _text_beside(sibling, forward: bool = False) -> bool:
    while sibling is not None and _is_text(sibling) and not sibling.strip():
        sibling = sibling.next_sibling if forward else sibling.previous_sibling
    return sibling is not None and _is_text(sibling)


def _is_feed_block(block: list[Tag], dated: bool = True) -> bool:
    title = _title_link(block)
    if title is None:
        return False
    if not dated:
        rest = " ".join(node_text(n) for n in block).replace(node_text(title), "")
        return len(node_text(title)) >= 6 and len(rest) >= 12
    text = " ".join(spaced_text(n) for n in block).replace(spaced_text(title), "")
    if _is_container(block):
        return False
    if _time_attribute(block):
        return True
    return pubdate.looks_like_date(text) or bool(pubdate.CLOCK_ONLY.search(text))


def _is_container(block: list[Tag]) -> bool:
    hrefs = set()
    for node in block:
        for a in _links(node):
            if len(node_text(a)) >= 8:
                hrefs.add(attr(a, "href"))
    return len(hrefs) >= 3 and pubdate.count_dates(" ".join(spaced_text(n) for n in block)) >= 3


def _side_penalty(parent: Tag) -> float:
    node, depth = parent, 0
    while node is not None and node.name not in ("body", "html", "[document]") and depth < 8:
        if node.name in SIDE_ANCESTORS:
            return 0.15
        hint = f"{attr(node, 'class') or ''} {attr(node, 'id') or ''}"
        if SIDE_HINT.search(hint) and not re.search(r"main|content|list|feed|result|article", hint, re.IGNORECASE):
            return 0.15
        heading = _preceding_heading(node)
        if heading and len(heading) <= 16 and SIDE_HEADING.search(heading):
            return 0.15
        node, depth = node.parent, depth + 1
    return 1.0


def _preceding_heading(node: Tag) -> str:
    prev = node.previous_sibling
    steps = 0
    while prev is not None and steps < 3:
        if isinstance(prev, Tag):
            if prev.name in HEADINGS:
                return node_text(prev)
            if re.search(r"title|head|tit\b", attr(prev, "class") or "", re.IGNORECASE):
                inner = prev.find(HEADINGS)
                return node_text(inner if inner is not None else prev)
            steps += 1
        prev = prev.previous_sibling
    first = next((c for c in node.children if isinstance(c, Tag)), None)
    if first is not None and first.name in HEADINGS:
        return node_text(first)
    return ""


def _groups(parent: Tag) -> list[list[list[Tag]]]:
    children = _elements(parent)
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
    if len(children) == 1 and parent.name in LIST_TAGS:
        out.append([[children[0]]])
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
    if grand is None or len(group[0]) != 1 or len(group) < 0.8 * len(_elements(parent)):
        return group
    path = [_signature(parent)]
    holder = grand
    if len([c for c in _elements(grand) if _signature(c) == path[0]]) < 2:
        path.insert(0, _signature(grand))
        holder = grand.parent
        if holder is None:
            return group
    sig = _signature(group[0][0])
    blocks = []
    for first in _elements(holder):
        if _signature(first) != path[0]:
            continue
        containers = [first] if len(path) == 1 else [c for c in _elements(first) if _signature(c) == path[1]]
        for container in containers:
            blocks.extend([c] for c in _elements(container) if _signature(c) == sig)
    return blocks if len(blocks) > len(group) else group


def find_feed(soup: BeautifulSoup) -> list[list[Tag]]:
    body = soup.body or soup
    return _best_group(body, dated=True) or _best_group(body, dated=False)


def _best_group(body: Tag, dated: bool) -> list[list[Tag]]:
    best, best_score = [], 0.0
    for parent in _self_and_descendants(body):
        if parent.name in SKIP_TAGS:
            continue
        for group in _groups(parent):
            if dated:
                group = _cousins(parent, group)
            items = [b for b in group if _is_feed_block(b, dated)]
            if not items or len(items) < len(group) // 2 or (not dated and len(items) < 3):
                continue
            text_weight = sum(min(sum(len(node_text(n)) for n in b), 300) for b in items) / len(items)
            score = len(items) * (1 + text_weight / 100) * _side_penalty(parent)
            if score > best_score:
                best, best_score = items, score
    return best


# --- reading items -------------------------------------------------------------------------------

def _title(link: Tag) -> str:
    visible = node_text(link)
    full = clean_text(attr(link, "title"))
    if full and (not visible or visible.endswith(ELLIPSIS)):
        return full
    return visible


def _summary(block: list[Tag], link: Tag, date_text: str | None) -> str | None:
    span = pubdate.date_span(date_text) if date_text else None
    date_core = date_text[span[0]:span[1]] if span else None
    link_ancestors = {id(p) for p in link.parents}
    candidates = []
    for node in block:
        for candidate in _self_and_descendants(node):
            if candidate.name in SKIP_TAGS | {"a", "time", "img"}:
                continue
            if candidate.find(HEADINGS) is not None or candidate.name in HEADINGS \
                    or _is_tag_container(candidate) or id(candidate) in link_ancestors:
                continue
            text = node_text(candidate)
            if date_core:
                text = clean_text(text.replace(date_core, ""))
            text = READ_MORE_TAIL.sub("", text).strip()
            if (len(text) < MIN_SUMMARY or MORE_TEXT.match(text) or METADATA.match(text)
                    or candidate.find("a", href=True) is not None and len(text) < 30):
                continue
            candidates.append((candidate, text))
    best = None
    for candidate, text in candidates:
        inner = [t for c, t in candidates if c is not candidate and any(p is candidate for p in c.parents)
                 and len(t) >= 0.7 * len(text)]
        if inner:
            continue  # the inner block says it; this one only adds buttons or bylines
        if best is None or len(text) > len(best):
            best = text
    return best


def _is_tag_container(node: Tag) -> bool:
    return bool(re.search(r"\btags?\b|label|category", attr(node, "class") or "", re.IGNORECASE))


def _day_above(node: Tag, now: datetime) -> str | None:
    for _ in range(4):
        prev = node.previous_sibling
        while prev is not None:
            if isinstance(prev, Tag):
                text = node_text(prev)
                if len(text) <= 40:
                    day = pubdate.parse_published(text, now)
                    if day:
                        return day[:10]
            prev = prev.previous_sibling
        node = node.parent
        if node is None or node.name == "body":
            return None
    return None


def read_item(block: list[Tag], base: str, now: datetime) -> Item | None:
    link = _title_link(block)
    if link is None:
        return None
    url = absolute(attr(link, "href"), base)
    if url is None:
        return None
    published = _time_attribute(block)
    date_text = None if published else _date_node_text(block, link)
    if date_text:
        published = pubdate.parse_published(date_text, now)
    if published is None:
        clock_text = " ".join(node_text(n) for n in block).replace(node_text(link), "")
        day = _day_above(block[0], now) if pubdate.CLOCK_ONLY.search(clock_text) else None
        if day:
            published = pubdate.with_day(clock_text, day)
            date_text = pubdate.CLOCK_ONLY.search(clock_text).group()
    return Item(_title(link), url, published, _summary(block, link, date_text))


# --- pagination ----------------------------------------------------------------------------------

def _same_page(url: str, page_url: str) -> bool:
    return urlsplit(url)._replace(fragment="") == urlsplit(page_url)._replace(fragment="")


def find_next(soup: BeautifulSoup, page_url: str, base: str) -> str | None:
    candidates = []
    for node in soup.find_all(["link", "a"], rel=True):
        if "next" in (attr(node, "rel") or "").lower().split():
            candidates.append(attr(node, "href"))
    for a in soup.find_all("a"):
        text = node_text(a) or clean_text(attr(a, "title")) or clean_text(attr(a, "aria-label"))
        if NEXT_TEXT_STRICT.match(text) or text.lower() in ("下一页 ›", "下一页>", "下一页 >", "下一页»"):
            candidates.append(attr(a, "href"))
    for href in candidates:
        url = absolute(href, base)
        if url and not _same_page(url, page_url):
            return url
    if candidates:
        return None
    return _numbered_next(soup, page_url, base)


def _numbered_next(soup: BeautifulSoup, page_url: str, base: str) -> str | None:
    for node in soup.find_all(lambda t: t.has_attr("class") or t.has_attr("aria-current")):
        hint = attr(node, "class") or ""
        if not (CURRENT_HINT.search(hint) or attr(node, "aria-current")):
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
    soup = BeautifulSoup(html or "", "lxml")
    base = base_url(soup, page_url)
    items = [read_item(block, base, now) for block in find_feed(soup)]
    return ListPage([i for i in items if i is not None], find_next(soup, page_url, base))
