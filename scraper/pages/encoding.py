"""Bytes of a page to text, decided from the bytes as well as the labels.

Labels lie: pages saved or re-served as UTF-8 keep their old ``<meta charset=gb2312>``, and servers
label GBK bytes UTF-8. So, in order:

1. a UTF-8 byte-order mark;
2. bytes that decode as UTF-8 and hold non-ASCII are UTF-8, whatever the labels say (GBK text almost
   never forms valid UTF-8 sequences; a stray bad byte in a long UTF-8 page is tolerated);
3. the HTTP header's charset, then the page's ``<meta>``, unless the label is UTF-8 and the bytes
   are not;
4. charset-normalizer, limited to the encodings Chinese pages use (unrestricted, it reads GBK
   forum pages as Cyrillic code pages); GB18030 when it has no answer.

The GBK family is decoded as GB18030, its superset: sites that declare gb2312 routinely use
characters outside it. A few undecodable bytes become U+FFFD rather than failing the page. Each
overruled label is logged as a warning.
"""
from __future__ import annotations

import codecs
import logging
import re

from .settings import DETECTION_CANDIDATES, ENCODING_ALIASES, FALLBACK_ENCODING, SNIFF_BYTES, UTF8_STRAY_BYTES

log = logging.getLogger(__name__)

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


def _known(name: str | None) -> str | None:
    """The codec Python uses for a label, the GBK family widened to GB18030; None if unknown."""
    if not name:
        return None
    name = ENCODING_ALIASES.get(name.lower(), name.lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def charset_from_header(content_type: str | None) -> str | None:
    m = HEADER_CHARSET.search(content_type or "")
    return _known(m.group(1)) if m else None


def charset_from_meta(body: bytes) -> str | None:
    m = META_CHARSET.search(body[:SNIFF_BYTES])
    return _known(m.group(1).decode("ascii", "replace")) if m else None


def _is_utf8(body: bytes) -> bool:
    """Whether the bytes are UTF-8: all of them, or all but a few stray bytes among many characters."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", errors="replace")
        wide = sum(1 for ch in text if ord(ch) > 0x7F)
        return text.count("\ufffd") <= UTF8_STRAY_BYTES * wide
    return True


def detect(body: bytes) -> str:
    """charset-normalizer's best guess among the encodings of Chinese pages, for undeclared bytes."""
    if _is_utf8(body):
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536], cp_isolation=list(DETECTION_CANDIDATES)).best()
    return (_known(best.encoding) if best is not None else None) or FALLBACK_ENCODING


def decode(body: bytes, content_type: str | None = None, source: str = "page") -> tuple[str, str]:
    """(text, encoding used); source names the page in the warning about an overruled label."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8"
    header, meta = charset_from_header(content_type), charset_from_meta(body)
    labels = [label for label in (header, meta) if label]
    if not body.isascii() and _is_utf8(body):
        encoding = "utf-8"
    else:
        usable = [label for label in labels if label != "utf-8" or body.isascii()]
        encoding = usable[0] if usable else detect(body)
    overruled = sorted({label for label in labels if label != encoding and not body.isascii()})
    if overruled:
        log.warning("%s: declared %s, but the bytes are %s; decoded as %s",
                    source, " and ".join(overruled), encoding, encoding)
    return body.decode(encoding, errors="replace"), encoding
