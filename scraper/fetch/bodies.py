"""Response bodies, bounded: every Content-Encoding layer undone a step at a time, the size cap
counted after decoding, the response deadline checked as pieces arrive, and a body cut short by a
closing connection told from a whole one where HTML allows."""
from __future__ import annotations

import re
import time
import zlib
from collections.abc import Iterable, Iterator

import httpx

from .errors import FetchError, RetryableError, UnsupportedEncoding
from .settings import MB

try:  # optional, as in httpx: without it a br body is refused
    import brotli  # no type information (no stubs, no py.typed); may be absent: see pyproject's mypy overrides
except ImportError:  # pragma: no cover
    brotli = None

# Content-Encoding: each layer is undone DECODE_STEP bytes at a time, so a bomb (a few KB inflating
# to gigabytes) costs no more memory than the body cap plus a step per layer
GZIP_CODINGS = {"gzip", "x-gzip"}
DEFLATE_CODINGS = {"deflate"}
BROTLI_CODINGS = {"br"}
IDENTITY_CODINGS = {"identity"}
MAX_CODINGS = 4  # layers in one Content-Encoding header; more is an attack, not a page
DECODE_STEP = 64 * 1024
GZIP_WBITS, ZLIB_WBITS, RAW_DEFLATE_WBITS = zlib.MAX_WBITS | 16, zlib.MAX_WBITS, -zlib.MAX_WBITS

# an HTML body whose end is only the connection closing: cut short when it opened <html> (near the
# start) and never closed it
HTML_OPEN = re.compile(rb"<html[\s>]", re.IGNORECASE)
HTML_CLOSE = re.compile(rb"</html\s*>", re.IGNORECASE)
HTML_OPEN_WITHIN = 4096  # bytes: after a BOM, a doctype and a comment or two


def size_text(n: int) -> str:
    """A cap as people write it (5 MB), for error messages."""
    return f"{n // MB} MB" if n >= MB and n % MB == 0 else f"{n} bytes"


def close_delimited(headers: httpx.Headers) -> bool:
    """A body whose end is only the connection closing (no Content-Length, not chunked). With a
    length or chunks, httpx (h11) already raises when the body stops short; here nothing in HTTP can
    tell a finished body from a dropped connection."""
    return "content-length" not in headers and "chunked" not in headers.get("transfer-encoding", "").lower()


def html_cut_short(content: bytes) -> bool:
    """The document opened ``<html>`` near its start and never closed it.

    Applied only to close-delimited, uncompressed bodies (compressed streams carry their own end
    marker, checked while decoding): many real pages omit ``</html>``, and with a Content-Length or
    chunked framing the transfer itself proves the body whole, so the tag is asked of no one else."""
    return bool(HTML_OPEN.search(content[:HTML_OPEN_WITHIN])) and not HTML_CLOSE.search(content)


# -- Content-Encoding, bounded --------------------------------------------------------------------

def zlib_wrapped(head: bytes) -> bool:
    """The two bytes open a zlib stream (RFC 1950), which "deflate" means; some servers send raw deflate."""
    return len(head) >= 2 and head[0] & 0x0F == zlib.DEFLATED and (head[0] << 8 | head[1]) % 31 == 0


class _Inflate:
    """Undoes one gzip or deflate layer, at most DECODE_STEP bytes of output per step."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        # deflate: zlib-wrapped or raw, decided on the first two bytes
        self._z = zlib.decompressobj(GZIP_WBITS) if coding in GZIP_CODINGS else None
        self._head = b""
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._z is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            self._z = zlib.decompressobj(ZLIB_WBITS if zlib_wrapped(data) else RAW_DEFLATE_WBITS)
        self._started = self._started or bool(data)
        while not self._z.eof:
            try:
                out = self._z.decompress(data, DECODE_STEP)
            except zlib.error as e:
                raise RetryableError(f"{self.coding} body is corrupt ({e})") from None
            data = self._z.unconsumed_tail
            if out:
                yield out
            if not data and len(out) < DECODE_STEP:  # input used up and nothing pending
                return

    def finish(self) -> None:
        # started means fed: the stream (self._z) exists
        if self._head or (self._started and self._z is not None and not self._z.eof):
            raise RetryableError(f"body cut short: the {self.coding} stream ends before its end marker")


class _Unbrotli:
    """Undoes one br layer, about DECODE_STEP bytes of output per step (brotli >= 1.2)."""

    coding = "br"

    def __init__(self) -> None:
        self._d = brotli.Decompressor()
        self._started = False

    def _process(self, data: bytes) -> bytes:
        try:
            return self._d.process(data, output_buffer_limit=DECODE_STEP)
        except TypeError:
            raise UnsupportedEncoding("br bodies need the brotli package >= 1.2 to be decoded safely") from None
        except brotli.error as e:
            raise RetryableError(f"br body is corrupt ({e})") from None

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._started = self._started or bool(data)
        out = self._process(data)
        while out:
            yield out
            if self._d.can_accept_more_data() or self._d.is_finished():
                return
            out = self._process(b"")

    def finish(self) -> None:
        if self._started and not self._d.is_finished():
            raise RetryableError("body cut short: the br stream ends before its end marker")


Decoder = _Inflate | _Unbrotli


def content_decoders(header_values: list[str]) -> list[Decoder]:
    """One bounded decoder per Content-Encoding layer, in the order the server applied them."""
    codings = [c.strip().lower() for value in header_values for c in value.split(",") if c.strip()]
    codings = [c for c in codings if c not in IDENTITY_CODINGS]
    if len(codings) > MAX_CODINGS:
        raise UnsupportedEncoding(f"{len(codings)} Content-Encoding layers (at most {MAX_CODINGS} are undone)")
    decoders: list[Decoder] = []
    for coding in codings:
        if coding in GZIP_CODINGS | DEFLATE_CODINGS:
            decoders.append(_Inflate(coding))
        elif coding in BROTLI_CODINGS and brotli is not None:
            decoders.append(_Unbrotli())
        else:
            raise UnsupportedEncoding(f"Content-Encoding {coding!r} is not supported (the crawl asks for gzip "
                                      f"or deflate)")
    return decoders


def _undo(decoder: Decoder, pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from decoder.feed(piece)
    decoder.finish()


def decode_body(raw: Iterable[bytes], decoders: list[Decoder]) -> Iterator[bytes]:
    """The decoded body, piece by piece: every layer streams, none holds more than a step, so the
    consumer can stop at its cap before a bomb has been inflated."""
    pieces: Iterable[bytes] = raw
    for decoder in reversed(decoders):  # the last coding applied is undone first
        pieces = _undo(decoder, pieces)
    yield from pieces


def read_body(url: str, r: httpx.Response, decoders: list[Decoder], deadline: float, max_bytes: int,
              response_deadline: float) -> bytes:
    """The decoded body, within the size cap (raw and decoded) and the response deadline (a
    time.monotonic() value; response_deadline, its length in seconds, is for the message)."""
    def raw() -> Iterator[bytes]:
        size = 0
        for chunk in r.iter_raw():
            if time.monotonic() > deadline:
                raise RetryableError(f"response not complete after {response_deadline:g}s "
                                     f"(response_deadline_seconds)")
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(url, f"body over the {max_bytes}-byte cap", r.status_code)
            yield chunk

    pieces, size = [], 0
    for piece in decode_body(raw(), decoders):
        size += len(piece)
        if size > max_bytes:
            raise FetchError(url, f"body larger than {size_text(max_bytes)} once decoded", r.status_code)
        pieces.append(piece)
    return b"".join(pieces)
