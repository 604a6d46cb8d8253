"""Real pages, damaged the ways the web damages them, through the decoder and both parsers: nothing
raises. A crawl meets truncated responses, flipped bytes, broken tags, repeated chunks and pages in
another encoding than they claim; each must give a (possibly empty) page, never a traceback that
stops the run.

The pages are the fixtures under tests/fixtures/ (articles and list pages of real layouts) and, when
it is beside the repository, ../shared/realpages/ (third-party pages, read from there, never copied).
Mutations are seeded, so a failure is reproducible: the test id names the page and the mutation.
"""
from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from scraper.pages.article import Article, parse_article
from scraper.pages.encoding import decode
from scraper.pages.listpage import ListPage, parse_list

ROOT = Path(__file__).resolve().parent
FIXTURES = ROOT / "fixtures"
REALPAGES = ROOT.parents[1] / "shared" / "realpages" / "pages"
NOW = datetime(2024, 3, 5, 10, 0, 0)
URL = "https://www.example.cn/news/list_1.html"
#: real pages taken from ../shared/realpages (every n-th, to keep the run short)
REAL_PAGE_STEP = 6


def _pages() -> list[Path]:
    pages = sorted(FIXTURES.glob("*/*.html"))
    if REALPAGES.is_dir():
        pages += sorted(REALPAGES.glob("*/*.html"))[::REAL_PAGE_STEP]
    return pages


def truncated(body: bytes, rng: random.Random) -> bytes:
    """A response cut short anywhere, a multi-byte character included."""
    return body[: rng.randrange(1, max(2, len(body)))]


def bytes_flipped(body: bytes, rng: random.Random) -> bytes:
    """Some bytes replaced by random ones (invalid UTF-8 sequences among them)."""
    data = bytearray(body)
    for _ in range(max(1, len(data) // 200)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def tags_broken(body: bytes, rng: random.Random) -> bytes:
    """Angle brackets and quotes removed or doubled at random: unclosed tags and attributes."""
    data = bytearray(body)
    marks = [i for i, b in enumerate(data) if b in b'<>"']
    for i in sorted(rng.sample(marks, min(len(marks), max(1, len(marks) // 10))), reverse=True):
        if rng.random() < 0.5:
            del data[i]
        else:
            data.insert(i, data[i])
    return bytes(data)


def chunks_repeated(body: bytes, rng: random.Random) -> bytes:
    """A slice of the page repeated many times (a server or proxy looping)."""
    start = rng.randrange(len(body))
    chunk = body[start:start + rng.randrange(50, 2000)]
    return body[:start] + chunk * rng.randrange(5, 40) + body[start:]


def reencoded(body: bytes, rng: random.Random) -> bytes:
    """The text re-encoded as GB18030 or Big5 (unmappable characters replaced) while its meta still
    names the old charset; or UTF-8 read as Latin-1 and saved again (mojibake)."""
    text = body.decode("utf-8", errors="replace")
    choice = rng.choice(["gb18030", "big5", "mojibake"])
    if choice == "mojibake":
        return text.encode("utf-8").decode("latin-1").encode("utf-8")
    return text.encode(choice, errors="replace")


MUTATIONS = [truncated, bytes_flipped, tags_broken, chunks_repeated, reencoded]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("page", _pages(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_damaged_pages_parse_without_raising(page, mutation):
    body = page.read_bytes()
    rng = random.Random(f"{page.name}:{mutation.__name__}")
    damaged = mutation(body, rng)
    html, encoding = decode(damaged, "text/html; charset=utf-8", source=page.name)
    assert isinstance(html, str) and encoding
    assert isinstance(parse_article(html, URL, NOW), Article)
    assert isinstance(parse_list(html, URL, NOW), ListPage)
