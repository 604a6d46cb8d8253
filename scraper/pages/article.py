"""Article pages: headline, canonical URL, byline time and main text, on any news or notice page.

- title: the visible ``<h1>`` (the one that best matches ``<title>``), else ``<title>`` without the
  site suffix (" - 电商派", "_站点名", " | 站点名").
- url: ``<link rel=canonical>`` resolved against the page, else the page URL.
- published: article:published_time / pubdate metadata, a ``<time datetime>`` near the headline, or
  the first date in a byline element (class or id with time/date/meta/info/source/byline), else the
  first date in the text right after the headline; never a date from inside the body, a comment or a
  related article.
- text: the paragraphs of the block holding most paragraph text, outside navigation, share bars,
  "相关阅读"/"热门推荐" lists, comments and footers, joined by "\\n" (``<br>`` splits paragraphs).
"""
from __future__ import annotations

import html as html_module
import re
from dataclasses import asdict, dataclass
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import pubdate
from .bodytext import body_lines
from .layout import read_layout
from .headline import choose_headline
from .dom import SIDE_HEADING, absolute, base_url, clean_text, new_tree, node_text

#: a class or id token of navigation, share bars, related lists, comments, footers… (matched on whole
#: words inside a token, so a WordPress post's "tag-1688" or "category-rules" is not a tag cloud)
BOILERPLATE = re.compile(r"(?:^|[-_])(?:nav|navbar|navigation|menu|footer|foot|header|breadcrumbs?|crumbs?|share|sharing|"
                         r"sharedaddy|social|related|recommend|comments?|reply|replies|sidebar|side|aside|hot|rank|"
                         r"copyright|toolbar|pagination|pager|advert|ads?|banner|tags|tagcloud|login|subscribe|"
                         r"author-?box|post-?nav|widget)(?:$|[-_])", re.I)
CONTENT_HINT = re.compile(r"content|article|main|body|text|entry|rich_media", re.I)
#: an editor's sign-off inside the body (责任编辑：王晓)
EDITOR_LINE = re.compile(r"^[（(\[【]?\s*(?:责任编辑|责编|编辑|审核|校对|值班编辑)\s*[:：]")
PUBLISHED_LABEL = re.compile(r"(?:发布|发表|发稿)(?:时间|日期)\s*[:：]?\s*")
#: attachments listed at the end of a notice's body (附件：1.申报表.docx)
ATTACHMENT = re.compile(r"^附件\s*[:：\d]|\.(?:docx?|xlsx?|pdf|zip|rar|wps)$", re.I)
#: a label whose next cell or element holds the publication date (发布日期： | 2023-08-04)
DATE_LABEL = re.compile(r"^(?:发布日期|发布时间|发表时间|发表日期|发稿时间)\s*[:：]?$")
BYLINE = re.compile(r"time|date|meta|info|source|byline|author|pub|attr|detail-?info|article-?info", re.I)
SIDE_BLOCK = re.compile(r"related|recommend|sidebar|comment|hot|rank|footer|nav|menu|logo", re.I)
TITLE_SUFFIX = re.compile(r"\s*(?:[-_|｜—–]+)\s*[^-_|｜—–]{1,30}$")
META_TIME_NAMES = ("article:published_time", "og:article:published_time", "pubdate", "publishdate",
                   "publish_date", "PubDate", "datePublished", "weibo:article:create_at", "dc.date")
DROP_TAGS = ("script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe", "svg",
             "button", "select")
TAG = re.compile(r"<[^>]*>")
BR = re.compile(r"<br\s*/?>", re.I)
PARAGRAPH_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre", "tr", "section")


@dataclass
class Article:
    title: str | None
    url: str
    published: str | None
    text: str

    def as_dict(self) -> dict:
        return asdict(self)


def _strip_suffix(title: str) -> str:
    """京东开放平台发布《规范》_京东商家资讯_商家宝 -> 京东开放平台发布《规范》 (site and section names)."""
    for _ in range(3):
        stripped = TITLE_SUFFIX.sub("", title)
        if stripped == title or len(stripped) < 4:
            break
        title = stripped
    return title


def _title(tree: LexborHTMLParser) -> tuple[str | None, LexborNode | None]:
    """The headline element: an h1 (or a title-classed h2) whose text the page's <title> or og:title
    repeats; a lone h1 that is not the site's logo; else <title> without the site suffix."""
    page_title = clean_text(tree.css_first("title").text()) if tree.css_first("title") else ""
    og = tree.css_first('meta[property="og:title"]')
    og_title = clean_text(og.attributes.get("content")) if og is not None else ""
    headings = [h for h in tree.css("h1, h2, h3") if node_text(h) and not _in_side_block(h)
                and (h.tag == "h1" or re.search(r"title", h.attributes.get("class") or "", re.I))]

    def echoing(reference: str) -> list[LexborNode]:
        """Headings the reference repeats, and not merely as its site-name suffix."""
        core = _strip_suffix(reference)
        return [h for h in headings if reference and node_text(h)[:8] in reference
                and len(node_text(h)) >= 0.5 * len(core)]

    # og:title is the page's own statement of its headline; <title> often adds the site's name
    matching = echoing(og_title) or (not og_title and echoing(page_title))
    if matching:
        best = max(matching, key=lambda h: (h.tag == "h1", len(node_text(h))))
        return node_text(best), best
    if og_title:
        return og_title, None
    h1s = [h for h in headings if h.tag == "h1"]
    if len(h1s) == 1 and len(node_text(h1s[0])) >= 8:
        return node_text(h1s[0]), h1s[0]
    return (_strip_suffix(page_title) or None), None


def _meta_time(tree: LexborHTMLParser) -> str | None:
    for meta in tree.css("meta[content]"):
        key = meta.attributes.get("property") or meta.attributes.get("name") or meta.attributes.get("itemprop") or ""
        if key in META_TIME_NAMES or key.lower() in (n.lower() for n in META_TIME_NAMES):
            parsed = pubdate.parse_attribute(meta.attributes.get("content") or "")
            if parsed:
                return parsed
    return None


def _in_side_block(node: LexborNode) -> bool:
    """Inside navigation, a footer, a sidebar, related lists or comments (an article's own <header>
    holds its headline, so headers do not count here)."""
    while node is not None and node.tag not in ("body", "html"):
        hint = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag in ("nav", "footer", "aside") or SIDE_BLOCK.search(hint):
            return True
        node = node.parent
    return False


def _is_boilerplate(node: LexborNode) -> bool:
    tokens = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".split()
    return any(BOILERPLATE.search(t) for t in tokens) and not any(CONTENT_HINT.search(t) for t in tokens)


def _in_boilerplate(node: LexborNode) -> bool:
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in DROP_TAGS or _is_boilerplate(node):
            return True
        node = node.parent
    return False


def _labelled_time(tree: LexborHTMLParser, now: datetime) -> str | None:
    """A government page's metadata table: the cell after 发布日期： (not 成文日期)."""
    for node in tree.css("td, th, span, label, dt, b, strong, em"):
        if DATE_LABEL.match(node_text(node)):
            sibling = node.next
            while sibling is not None and not (sibling.is_element_node or (sibling.text() or "").strip()):
                sibling = sibling.next
            if sibling is not None:
                parsed = pubdate.parse_published(node_text(sibling) if sibling.is_element_node
                                                 else clean_text(sibling.text()), now)
                if parsed:
                    return parsed
    return None


def _byline_time(tree: LexborHTMLParser, heading: LexborNode | None, now: datetime) -> str | None:
    for node in tree.css("time[datetime]"):
        if not _in_boilerplate(node):
            parsed = pubdate.parse_attribute(node.attributes["datetime"])
            if parsed:
                return parsed
    for node in tree.css("[class], [id]"):
        hint = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if not BYLINE.search(hint) or _in_boilerplate(node) or node.tag in ("body", "html", "article"):
            continue
        text = node_text(node)
        if len(text) > 160:
            continue
        labelled = PUBLISHED_LABEL.search(text)  # 生效时间：… 发布时间：… — the publication, not the effect
        parsed = pubdate.parse_published(text[labelled.end():] if labelled else text, now)
        if parsed:
            return parsed
    if heading is not None:  # the first date right after the headline, before the body starts
        node, seen = heading.next, 0
        while node is not None and seen < 4:
            if node.is_element_node:
                text = node_text(node)
                if len(text) <= 160:
                    parsed = pubdate.parse_published(text, now)
                    if parsed:
                        return parsed
                seen += 1
            node = node.next
    return None


def _paragraphs(node: LexborNode) -> list[str]:
    """Paragraph texts in a block; <br> separates paragraphs; nested paragraphs counted once."""
    out = []
    blocks = [p for p in node.css(",".join(PARAGRAPH_TAGS))
              if not _in_boilerplate(p) and not _holds_paragraphs(p)]
    if not blocks:
        divs = _div_paragraphs(node)
        blocks = divs if divs else [node]
    for block in blocks:
        if block.tag == "tr":  # a table row is one line, its cells apart
            text = " ".join(node_text(cell) for cell in block.css("td, th") if node_text(cell))
            if text:
                out.append(text)
            continue
        for piece in BR.split(block.html or ""):
            text = clean_text(html_module.unescape(TAG.sub("", piece)))
            if text:
                out.append(text)
    return out


def _div_paragraphs(node: LexborNode) -> list[LexborNode]:
    """A body written as one <div> per paragraph (no <p>, no text of its own): those divs."""
    if any(child.is_text_node and (child.text() or "").strip() for child in node.iter(include_text=True)):
        return []
    divs = [c for c in node.iter() if c.is_element_node and c.tag == "div" and not _in_boilerplate(c)
            and not any(inner.mem_id != c.mem_id for inner in c.css("div, p"))]  # css() matches c itself too
    return divs if len(divs) >= 2 else []


def _holds_paragraphs(node: LexborNode) -> bool:
    """A block with paragraphs inside (css() on a node also matches the node itself)."""
    return any(inner.mem_id != node.mem_id for inner in node.css("p, li, section, tr"))


def _main_block(tree: LexborHTMLParser, heading: LexborNode | None) -> LexborNode | None:
    best, best_len = None, 0
    for node in tree.css("article, main, section, div, td"):
        if _in_boilerplate(node):
            continue
        first_heading = node.css_first("h2, h3, h4")
        if first_heading is not None and SIDE_HEADING.search(node_text(first_heading)[:12]):
            continue  # a 相关阅读 / 热门推荐 block
        direct = 0
        for child in node.iter():
            if child.is_element_node and child.tag in ("p", "br", "section") or child.is_text_node:
                direct += len(clean_text(child.text())) if child.tag != "br" else 20
        if not direct:
            direct = sum(len(node_text(d)) for d in _div_paragraphs(node)) // 2  # a body of <div>s
        if direct > best_len:
            best, best_len = node, direct
    return best


def parse_article(html: str, page_url: str, now: datetime | None = None) -> Article:
    now = now or datetime.now()
    tree = new_tree(html)
    base = base_url(tree, page_url)
    canonical = tree.css_first('link[rel="canonical"]')
    url = (absolute(canonical.attributes.get("href"), base) if canonical is not None else None) or page_url
    layout = read_layout(tree)
    body = body_lines(layout)
    headline = choose_headline(tree, layout, body, base, page_url)
    title, heading = headline.text, (headline.block.node if headline.block else None)
    published = _meta_time(tree) or _labelled_time(tree, now) or _byline_time(tree, heading, now)
    paragraphs = [line.text for line in body]
    paragraphs = [p for p in paragraphs if p != title and not EDITOR_LINE.match(p)]
    for i, paragraph in enumerate(paragraphs):
        if ATTACHMENT.search(paragraph) and paragraph.startswith("附件"):
            paragraphs = paragraphs[:i]  # the attachment list closes the body
            break
    return Article(title, url, published, "\n".join(paragraphs))
