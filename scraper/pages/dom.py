"""The HTML both parsers share: a tree per page, its texts and its links.

Feed detection asks for the same node's text many times, so texts and element lists are memoised per
tree (``memo``), and ``new_tree`` forgets them: node ids are unique only within one tree. Other
modules keep their own memo tables in ``memo`` (``memo.table(name)``), cleared with the rest.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .settings import LIST_SKIP_TAGS, MAX_NESTING, TABLE_PARTS, UNNESTED_TAGS

SPACES = re.compile(r"\s+")
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)(?:\s[^>]*)?(/?)>")
#: zero-width characters, and the private-use area icon fonts draw their glyphs from (投身外交(3)\ue004)
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\ue000-\uf8ff]")
TRACKING_PARAM = re.compile(r"(?:utm_[a-z]+|spm|scm|from|share_from|share_token|wfr|_hsenc|_hsmi)=", re.I)

T = TypeVar("T")
if TYPE_CHECKING:  # (typing has TypeVarTuple and Unpack from Python 3.11 on)
    from typing_extensions import TypeVarTuple, Unpack

    Args = TypeVarTuple("Args")


class TreeMemo(threading.local):
    """Memo tables for the tree being parsed (one per thread)."""

    def __init__(self) -> None:
        # each table holds one kind of value under its name (a node's text, a block's verdict…), so
        # their types differ: the code that reads a table states its type (``dict[int, str]``)
        self.tables: dict[str, dict[Any, Any]] = {}
        # the hottest tables as plain attributes (feed detection reads them tens of thousands of times)
        self.text: dict[int, str] = self.table("text")
        self.spaced: dict[int, str] = self.table("spaced")
        # element lists of whichever library built the tree (selectolax here, BeautifulSoup in bench/)
        self.elements: dict[int, list[Any]] = self.table("elements")

    def table(self, name: str) -> dict[Any, Any]:
        return self.tables.setdefault(name, {})

    def cached(self, name: str, key: Hashable, compute: Callable[[Unpack[Args]], T], *args: Unpack[Args]) -> T:
        """compute(*args), worked out once per key for this tree."""
        table: dict[Hashable, T] = self.table(name)
        if key not in table:
            table[key] = compute(*args)
        return table[key]

    def reset(self) -> None:
        for table in self.tables.values():
            table.clear()


memo = TreeMemo()


def new_tree(html: str) -> LexborHTMLParser:
    """Parse html, forgetting what was memoised about the previous tree."""
    memo.reset()
    return LexborHTMLParser(bounded_nesting(html or ""))


def bounded_nesting(html: str) -> str:
    """html with elements nested deeper than MAX_NESTING unwrapped (their tags dropped, their text
    kept). lexbor's tree construction takes time quadratic in the nesting depth (100,000 nested
    <div>s never finish); browsers cap the depth the same way. Real pages stay far below the cap,
    and come back unchanged. Elements a parser closes by itself (p, li, td…) and void ones (br, img)
    do not count as nesting."""
    if html.count("<") <= MAX_NESTING:
        return html
    depth, last = 0, 0
    dropped: dict[str, int] = {}
    pieces: list[str] = []
    for m in TAG.finditer(html):
        closing, name = m.group(1), m.group(2).lower()
        if name in TABLE_PARTS and dropped.get("table"):  # the rows and cells of an unwrapped table go too
            pieces.append(html[last:m.start()])
            last = m.end()
            continue
        if name in UNNESTED_TAGS or m.group(3):
            continue
        if closing:
            if dropped.get(name):
                dropped[name] -= 1
                pieces.append(html[last:m.start()])
                last = m.end()
            elif depth:
                depth -= 1
        elif depth >= MAX_NESTING:
            dropped[name] = dropped.get(name, 0) + 1
            pieces.append(html[last:m.start()])
            last = m.end()
        else:
            depth += 1
    if not pieces:
        return html
    pieces.append(html[last:])
    return "".join(pieces)


def clean_text(text: str | None) -> str:
    return SPACES.sub(" ", ZERO_WIDTH.sub("", text or "")).strip()


def node_text(node: LexborNode) -> str:
    """Text with inline tags joined as they are (<em>1688</em>商家 -> 1688商家), whitespace collapsed."""
    texts = memo.text
    text = texts.get(node.mem_id)
    if text is None:
        text = texts[node.mem_id] = clean_text(node.text(deep=True, separator=""))
    return text


def spaced_text(node: LexborNode) -> str:
    """Text with a space between elements: for finding dates, which must not run into the counter
    or tag beside them (<span>2023/08/04</span><span>8562</span> is not 2023/08/048562)."""
    texts = memo.spaced
    text = texts.get(node.mem_id)
    if text is None:
        text = texts[node.mem_id] = clean_text(node.text(deep=True, separator=" "))
    return text


def elements(node: LexborNode) -> list[LexborNode]:
    """The element children that can hold content (no scripts, styles, forms)."""
    lists: dict[int, list[LexborNode]] = memo.elements
    found = lists.get(node.mem_id)
    if found is None:
        found = lists[node.mem_id] = [c for c in node.iter() if c.is_element_node and c.tag not in LIST_SKIP_TAGS]
    return found


def contains(node: LexborNode, inner: LexborNode) -> bool:
    """Whether inner lies inside node (or is node)."""
    target = node.mem_id
    current: LexborNode | None = inner
    while current is not None:
        if current.mem_id == target:
            return True
        current = current.parent
    return False


def base_url(tree: LexborHTMLParser, page_url: str) -> str:
    """What relative links resolve against: <base href> when the page has one, else its URL."""
    base = tree.css_first("base[href]")
    href = (base.attributes.get("href") or "").strip() if base is not None else ""
    if href:
        return urljoin(page_url, href)
    return page_url


def absolute(href: str | None, base: str) -> str | None:
    """The absolute, canonical form of a link: no fragment, no tracking parameters, lower-case host
    (the same article linked as ...?spm=a2.1 and ... is one announcement, not two)."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    try:  # a port that is no number (www.example.com:61hu.com), a broken IPv6 host: no link, not a crash
        parts = urlsplit(href if href.startswith(("http://", "https://")) else urljoin(base, href))
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    query = "&".join(p for p in parts.query.split("&") if p and not TRACKING_PARAM.match(p))
    netloc = parts.netloc.lower()
    if (parts.scheme, port) in (("http", 80), ("https", 443)):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit(parts._replace(netloc=netloc, query=query, fragment=""))
