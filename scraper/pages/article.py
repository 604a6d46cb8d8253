"""Article pages: headline, canonical URL, publication time and main text, on any news or notice page.

The page is read once into a layout (``layout``): blocks and lines of text in reading order, page
furniture marked. From it:

- text: the block whose lines carry most prose (``bodytext``), without the lines above the headline
  (breadcrumbs), the headline itself, editors' sign-offs and a closing attachment list;
- title: the visible heading that the page's ``<title>``/``og:title`` repeat most of (``headline``);
- published: the byline's time, completed from the page's evidence (``published``);
- url: ``<link rel=canonical>`` resolved against the page, else the page URL.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime

from .bodytext import body_lines
from .dom import absolute, base_url, new_tree
from .headline import choose_headline, page_titles
from .layout import Layout, Line, first_lines, read_layout
from .pubdate import find_dates
from .published import choose_published
from .settings import BYLINE_WORDS, LEDE_MIN_CHARS, LINK_LIST_DENSITY, SENTENCE_MARK, SHORT_LINE_CHARS, SUMMARY_LABEL

#: an editor's sign-off inside the body (责任编辑：王晓)
EDITOR_LINE = re.compile(r"^[（(\[【]?\s*(?:责任编辑|责编|编辑|审核|校对|值班编辑)\s*[:：]")
#: attachments listed at the end of a notice's body (附件：1.申报表.docx)
ATTACHMENT = re.compile(r"^附件\s*[:：\d]|\.(?:docx?|xlsx?|pdf|zip|rar|wps)$", re.I)


@dataclass
class Article:
    title: str | None
    url: str
    published: str | None
    text: str

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def _text(body: list[Line], title: str | None, headline_line: int | None) -> str:
    """The body's lines as text: without the short lines above the headline when the body block
    holds it (a breadcrumb, a date), without sign-offs, up to an attachment list."""
    if headline_line is not None:
        body = [line for line in body if line.index > headline_line or _is_prose(line)] or body
    paragraphs = [line.text for line in body if line.text != title and not EDITOR_LINE.match(line.text)]
    for i, paragraph in enumerate(paragraphs):
        if paragraph.startswith("附件") and ATTACHMENT.search(paragraph):
            return "\n".join(paragraphs[:i])  # the attachment list closes the body
    return "\n".join(paragraphs)


def _lede(layout: Layout, headline_line: int | None, body: list[Line]) -> list[Line]:
    """A subtitle, lede or summary box between the headline and the body block (年过五十的她带领…,
    核心提示：…): lines of words, not a byline (a date, 来源：/作者：), a link bar or furniture."""
    if headline_line is None or not body:
        return []
    return [line for line in layout.lines[headline_line + 1:body[0].index]
            if not line.block.furniture and len(line.text) >= LEDE_MIN_CHARS
            and line.link_chars < LINK_LIST_DENSITY * len(line.text)
            and (SUMMARY_LABEL.match(line.text) or not BYLINE_WORDS.search(line.text) and not find_dates(line.text))]


def _is_prose(line: Line) -> bool:
    return len(line.text) > SHORT_LINE_CHARS and bool(SENTENCE_MARK.search(line.text))


def parse_article(html: str, page_url: str, now: datetime | None = None) -> Article:
    now = now or datetime.now()
    tree = new_tree(html)
    base = base_url(tree, page_url)
    canonical = tree.css_first('link[rel="canonical"]')
    url = (absolute(canonical.attributes.get("href"), base) if canonical is not None else None) or page_url
    layout = read_layout(tree)
    body = body_lines(layout, [re.sub(r"\s+", "", title) for title in page_titles(tree)])
    headline = choose_headline(tree, layout, body, base, page_url)
    position = first_lines(layout).get(id(headline.block)) if headline.block is not None else None
    published = choose_published(tree, layout, position, headline.text, body, page_url, now)
    text = _text(_lede(layout, position, body) + body, headline.text, position)
    return Article(headline.text, url, published, text)
