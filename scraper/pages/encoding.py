"""Bytes of a page to text: the HTTP header's charset, then the page's own ``<meta>``, then detection.

GBK and GB2312 pages are decoded as GB18030, their superset: sites that declare gb2312 routinely
use characters outside it. Undecodable bytes become U+FFFD rather than failing the page.
"""
from __future__ import annotations

import codecs
import re

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "cp936": "gb18030", "ascii": "utf-8", "us-ascii": "utf-8", "iso-8859-1": "cp1252"}


def _known(name: str | None) -> str | None:
    if not name:
        return None
    name = SUPERSETS.get(name.lower(), name.lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def charset_from_header(content_type: str | None) -> str | None:
    m = HEADER_CHARSET.search(content_type or "")
    return _known(m.group(1)) if m else None


def charset_from_meta(body: bytes) -> str | None:
    m = META_CHARSET.search(body[:4096])
    return _known(m.group(1).decode("ascii", "replace")) if m else None


def detect(body: bytes) -> str:
    """charset-normalizer's best guess, for pages that declare nothing."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    return _known(best.encoding) if best is not None and _known(best.encoding) else "gb18030"


def decode(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding used)."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    encoding = charset_from_header(content_type) or charset_from_meta(body) or detect(body)
    return body.decode(encoding, errors="replace"), encoding
