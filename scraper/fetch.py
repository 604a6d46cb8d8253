"""HTTP for the crawl: polite, bounded and retried.

Every request goes through one ``Fetcher``: an honest User-Agent, robots.txt (protego) with its
Crawl-delay (capped), a per-origin delay between requests and a per-origin cap on requests in flight
(shared by every feed of a run), connect/read timeouts and an overall deadline per response, a cap
on the body size counted after decoding every Content-Encoding layer, requests and redirects only
within the allowed origins (scheme, host, port), conditional GETs (ETag / Last-Modified), and
retries with exponential backoff and jitter on timeouts, connection errors, bodies cut short and
429/500/502/503/504 (honouring Retry-After), never on other 4xx.
"""
from __future__ import annotations

import email.utils
import logging
import random
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import httpx

if TYPE_CHECKING:
    from protego import Protego

try:  # optional, as in httpx: without it a br body is refused
    import brotli  # type: ignore[import-untyped]  # brotli ships no type information (no stubs, no py.typed)
except ImportError:  # pragma: no cover
    brotli = None

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_REDIRECTS = 5
MB = 1024 * 1024
DEFAULT_MAX_BYTES = 5 * MB
# the longest a server may make the crawl wait between two requests: a longer Retry-After gives up,
# a longer Crawl-delay is cut down to it
MAX_WAIT_SECONDS = 120.0
# the longest one response may take, headers to last byte (a body trickling a byte at a time resets
# the read timeout on every byte); per feed as response_deadline_seconds
DEFAULT_RESPONSE_DEADLINE = 60.0
DEFAULT_PORTS = {"http": 80, "https": 443}

# Content-Encoding: each layer is undone DECODE_STEP bytes at a time, so a bomb (a few KB inflating
# to gigabytes) costs no more memory than the body cap plus a step per layer
GZIP_CODINGS = {"gzip", "x-gzip"}
DEFLATE_CODINGS = {"deflate"}
BROTLI_CODINGS = {"br"}
IDENTITY_CODINGS = {"identity"}
MAX_CODINGS = 4  # layers in one Content-Encoding header; more is an attack, not a page
DECODE_STEP = 64 * 1024
GZIP_WBITS, ZLIB_WBITS, RAW_DEFLATE_WBITS = zlib.MAX_WBITS | 16, zlib.MAX_WBITS, -zlib.MAX_WBITS

# robots.txt (RFC 9309): the first 500 KiB are read; a 4xx means no rules, except these
ROBOTS_MAX_BYTES = 500 * 1024
ROBOTS_FORBIDDEN = {401, 403}  # the site keeps crawlers out: taken as "Disallow: /"

# an HTML body whose end is only the connection closing: cut short when it opened <html> (near the
# start) and never closed it
HTML_OPEN = re.compile(rb"<html[\s>]", re.IGNORECASE)
HTML_CLOSE = re.compile(rb"</html\s*>", re.IGNORECASE)
HTML_OPEN_WITHIN = 4096  # bytes: after a BOM, a doctype and a comment or two


class FetchError(Exception):
    """A URL that could not be fetched (after retries, when retrying made sense)."""

    def __init__(self, url: str, reason: str, status: int | None = None, unreachable: bool = False):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.status, self.unreachable = url, reason, status, unreachable


class DisallowedURL(FetchError):
    """A URL the crawl must not request: another origin, or refused by robots.txt."""


class RetryableError(Exception):
    """A failure worth another attempt; carries the server's Retry-After when it sent one."""

    def __init__(self, reason: str, retry_after: float | None = None, status: int | None = None,
                 unreachable: bool = False):
        super().__init__(reason)
        self.reason, self.retry_after, self.status, self.unreachable = reason, retry_after, status, unreachable


@dataclass
class Response:
    url: str  # the final URL after redirects
    status: int
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# -- pure helpers -----------------------------------------------------------------------------------

def origin_of(url: str) -> str | None:
    """``scheme://host:port`` of an http(s) URL, the port always written; None for anything else.

    Parsed by httpx, the parser that will send the request, so a URL cannot mean one origin here and
    another on the wire (userinfo, backslashes)."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError):
        return None
    scheme = parsed.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parsed.host:
        return None
    host = parsed.host.lower()
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{scheme}://{host}:{parsed.port or DEFAULT_PORTS[scheme]}"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float, retry_after: float | None = None,
                  rand: Callable[[], float] = random.random) -> float:
    """Full-jitter exponential backoff, at least Retry-After, never more than cap (Retry-After may exceed it)."""
    delay = rand() * min(cap, base * (2 ** (attempt - 1)))
    if retry_after is not None:
        return max(delay, retry_after)
    return delay


def capped_crawl_delay(value: float | None, cap: float) -> tuple[float, bool]:
    """(seconds to wait between requests, whether robots.txt asked for more than cap)."""
    if value is None or not value >= 0:  # absent, negative or NaN
        return 0.0, False
    return min(value, cap), value > cap


def robots_refusal(error: FetchError) -> str | None:
    """Why a robots.txt that could not be read keeps the crawl off its origin this run, or None when
    it does not. RFC 9309: a 4xx means there are no rules (everything allowed); a 5xx or an
    unreachable host means "not now", which the crawl takes as "Disallow: /" for this run and says so
    (not "disallowed by robots.txt", which would be a rule the site never wrote). 401/403 are read as
    the site keeping crawlers out; 429 after retries as a server that is not answering."""
    status = error.status
    if status in ROBOTS_FORBIDDEN:
        return f"robots.txt forbidden (HTTP {status})"
    if status is not None and 400 <= status < 500 and status not in RETRY_STATUSES:
        return None
    if status is not None and status >= 400:
        return f"robots.txt unavailable (HTTP {status})"
    if error.unreachable:
        return f"host unreachable: {error.reason}"
    return f"robots.txt unavailable ({error.reason})"


def size_text(n: int) -> str:
    return f"{n // MB} MB" if n >= MB and n % MB == 0 else f"{n} bytes"


def within_deadline(timeout: httpx.Timeout, seconds: float) -> httpx.Timeout:
    """Each wait of a request (connect, read, write, pool) no longer than the response deadline."""
    def clamp(value: float | None) -> float:
        return seconds if value is None else min(value, seconds)
    return httpx.Timeout(connect=clamp(timeout.connect), read=clamp(timeout.read), write=clamp(timeout.write),
                         pool=clamp(timeout.pool))


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

    def __init__(self, coding: str):
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

    def __init__(self):
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


class UnsupportedEncoding(Exception):
    """A Content-Encoding the crawl cannot undo within its memory bounds."""


def content_decoders(header_values: list[str]) -> list[_Inflate | _Unbrotli]:
    """One bounded decoder per Content-Encoding layer, in the order the server applied them."""
    codings = [c.strip().lower() for value in header_values for c in value.split(",") if c.strip()]
    codings = [c for c in codings if c not in IDENTITY_CODINGS]
    if len(codings) > MAX_CODINGS:
        raise UnsupportedEncoding(f"{len(codings)} Content-Encoding layers (at most {MAX_CODINGS} are undone)")
    decoders: list[_Inflate | _Unbrotli] = []
    for coding in codings:
        if coding in GZIP_CODINGS | DEFLATE_CODINGS:
            decoders.append(_Inflate(coding))
        elif coding in BROTLI_CODINGS and brotli is not None:
            decoders.append(_Unbrotli())
        else:
            raise UnsupportedEncoding(f"Content-Encoding {coding!r} is not supported (the crawl asks for gzip "
                                      f"or deflate)")
    return decoders


def _undo(decoder: _Inflate | _Unbrotli, pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from decoder.feed(piece)
    decoder.finish()


def decode_body(raw: Iterable[bytes], decoders: list[_Inflate | _Unbrotli]) -> Iterator[bytes]:
    """The decoded body, piece by piece: every layer streams, none holds more than a step, so the
    consumer can stop at its cap before a bomb has been inflated."""
    pieces: Iterable[bytes] = raw
    for decoder in reversed(decoders):  # the last coding applied is undone first
        pieces = _undo(decoder, pieces)
    yield from pieces


# -- shared per run -------------------------------------------------------------------------------

@dataclass(frozen=True)
class RobotsVerdict:
    """What an origin's robots.txt means for this run."""

    rules: Protego | None = None  # None: no robots.txt, everything allowed
    refusal: str | None = None  # why nothing on the origin is fetched this run
    crawl_delay: float = 0.0


@dataclass
class Politeness:
    """Per-origin spacing between requests and cap on requests in flight, shared by every Fetcher of
    a run: two feeds on one host share its delay and its cap (``caps``: origin -> requests in flight
    at most; an origin without an entry gets the asking Fetcher's concurrency)."""

    caps: dict[str, int] = field(default_factory=dict)
    _next_at: dict[str, float] = field(default_factory=dict)
    _slots: dict[str, threading.BoundedSemaphore] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, origin: str, spacing: float, sleep: Callable[[float], None]) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next_at.get(origin, now))
            self._next_at[origin] = at + spacing
        if at > now:
            sleep(at - now)

    def slot(self, origin: str, default_cap: int) -> threading.BoundedSemaphore:
        with self._lock:
            if origin not in self._slots:
                self._slots[origin] = threading.BoundedSemaphore(self.caps.get(origin, default_cap))
            return self._slots[origin]


class Fetcher:
    """One crawl's HTTP client (one per feed; ``robots_cache`` and ``politeness`` shared per run)."""

    def __init__(self, user_agent: str, allowed_origins: Iterable[str], delay: float = 1.0,
                 *, timeout: httpx.Timeout = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_attempts: int = 4, backoff_base: float = 1.0, backoff_cap: float = 30.0,
                 max_retry_after: float = MAX_WAIT_SECONDS, max_crawl_delay: float = MAX_WAIT_SECONDS,
                 response_deadline: float = DEFAULT_RESPONSE_DEADLINE, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, obey_robots: bool = True,
                 max_connections: int = 4, robots_cache: dict | None = None, concurrency: int | None = None,
                 politeness: Politeness | None = None):
        self.allowed_origins = set()
        for entry in allowed_origins:
            origin = origin_of(entry)
            if origin is None:
                raise ValueError(f"{entry!r} is not an origin; write it as http(s)://host[:port]")
            self.allowed_origins.add(origin)
        self.max_bytes, self.max_attempts = max_bytes, max_attempts
        self.backoff_base, self.backoff_cap, self.max_retry_after = backoff_base, backoff_cap, max_retry_after
        self.max_crawl_delay, self.response_deadline = max_crawl_delay, response_deadline
        self.sleep, self.obey_robots, self.delay = sleep, obey_robots, delay
        self.politeness = politeness or Politeness()
        self.user_agent = user_agent
        self.timeout = within_deadline(timeout, response_deadline)
        self.client = httpx.Client(headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
                                   timeout=self.timeout, follow_redirects=False, transport=transport,
                                   limits=httpx.Limits(max_connections=max_connections))
        self._robots: dict[str, RobotsVerdict] = {} if robots_cache is None else robots_cache  # shared per run
        self._robots_lock = threading.Lock()
        self.requests = 0  # every request sent, robots.txt and retries included
        self._count_lock = threading.Lock()
        # requests at once, list pages and articles together (threads beyond it wait their turn)
        self.concurrency = concurrency or max_connections
        self._slots = threading.BoundedSemaphore(self.concurrency)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- permission ------------------------------------------------------------------------------
    def origin_allowed(self, url: str) -> bool:
        return origin_of(url) in self.allowed_origins

    def _outside(self, url: str) -> str:
        origin = origin_of(url)
        if origin is None:
            return "not an http(s) URL"
        return f"origin {origin} is not in allowed_origins {sorted(self.allowed_origins)}"

    def _robots_for(self, origin: str) -> RobotsVerdict:
        """The origin's robots.txt, read once per run (RFC 9309: redirects followed within the
        allowed origins, the first 500 KiB parsed; see robots_refusal for failures)."""
        with self._robots_lock:
            if origin in self._robots:
                return self._robots[origin]
            from protego import Protego

            try:
                response = self._retrying(origin + "/robots.txt", {}, check=False)
            except FetchError as e:
                refusal = robots_refusal(e)
                if refusal:
                    log.warning("%s: %s; not crawling that origin this run", origin, refusal)
                verdict = RobotsVerdict(refusal=refusal)
            else:
                rules = Protego.parse(response.content[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace"))
                asked = rules.crawl_delay(self.user_agent)
                delay, capped = capped_crawl_delay(asked, self.max_crawl_delay)
                if capped:
                    log.warning("robots.txt of %s asks for Crawl-delay %g s; waiting %g s between requests "
                                "(the cap) instead", origin, asked, delay)
                verdict = RobotsVerdict(rules=rules, crawl_delay=delay)
            self._robots[origin] = verdict
            return verdict

    def _allowed_origin(self, url: str) -> str:
        """url's origin; DisallowedURL unless it is one of the allowed origins."""
        origin = origin_of(url)
        if origin is None or origin not in self.allowed_origins:
            raise DisallowedURL(url, self._outside(url))
        return origin

    def check(self, url: str) -> None:
        """Raise DisallowedURL unless the crawl may request url."""
        origin = self._allowed_origin(url)
        if self.obey_robots:
            verdict = self._robots_for(origin)
            if verdict.refusal:
                raise DisallowedURL(url, f"{verdict.refusal}; not crawling {origin} this run")
            if verdict.rules is not None and not verdict.rules.can_fetch(url, self.user_agent):
                raise DisallowedURL(url, "disallowed by robots.txt")

    def crawl_delay(self, url: str) -> float:
        """robots.txt's Crawl-delay for url's origin, at most max_crawl_delay."""
        origin = origin_of(url)
        if not self.obey_robots or origin is None or origin not in self.allowed_origins:
            return 0.0
        return self._robots_for(origin).crawl_delay

    def _count(self) -> None:
        with self._count_lock:
            self.requests += 1

    # -- requests --------------------------------------------------------------------------------
    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET url politely; a 304 comes back as a Response with status 304 and no content."""
        self.check(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._retrying(url, headers)

    def _retrying(self, url: str, headers: dict[str, str], check: bool = True) -> Response:
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._follow(url, headers, check)
                response.attempts = attempt
                return response
            except RetryableError as e:
                if attempt >= self.max_attempts:
                    raise FetchError(url, f"{e.reason} (gave up after {attempt} attempts)", e.status,
                                     e.unreachable) from None
                if e.retry_after is not None and e.retry_after > self.max_retry_after:
                    raise FetchError(url, f"{e.reason}; Retry-After {e.retry_after:.0f}s is longer than "
                                          f"{self.max_retry_after:.0f}s", e.status) from None
                wait = backoff_delay(attempt, self.backoff_base, self.backoff_cap, e.retry_after)
                log.info("retrying %s in %.2fs (attempt %d): %s", url, wait, attempt + 1, e.reason)
                self.sleep(wait)

    def _follow(self, url: str, headers: dict[str, str], check: bool = True) -> Response:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            status, response_headers, content = self._once(current, headers, check)
            if status in REDIRECT_STATUSES and response_headers.get("location"):
                target = urljoin(current, response_headers["location"])
                if not self.origin_allowed(target):
                    raise DisallowedURL(url, f"redirected off the allowed origins to {target} "
                                             f"({self._outside(target)})", status)
                if check:
                    self.check(target)
                current = target
                continue
            if status in RETRY_STATUSES:
                raise RetryableError(f"HTTP {status}", parse_retry_after(response_headers.get("retry-after")),
                                     status)
            if status >= 400:
                raise FetchError(url, f"HTTP {status}", status)
            return Response(current, status, content, response_headers.get("content-type"),
                            response_headers.get("etag"), response_headers.get("last-modified"))
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _once(self, url: str, headers: dict[str, str], check: bool = True) -> tuple[int, httpx.Headers, bytes]:
        origin = self._allowed_origin(url)  # the last gate: nothing outside the allowed origins is requested
        self.politeness.wait(origin, max(self.delay, self.crawl_delay(url) if check else 0.0), self.sleep)
        with self._slots, self.politeness.slot(origin, self.concurrency):
            self._count()
            return self._request(url, headers)

    def _request(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        """One GET, its body read whole within the caps and the deadline.

        The deadline is checked as each piece of the body arrives, and every single wait (connect,
        read) is clamped to it, so a trickled body fails within about twice the deadline at worst.
        Headers trickled byte by byte are not covered: httpx has no total timeout and no public hook
        into the connection before the headers are complete (encode/httpx#1450)."""
        deadline = time.monotonic() + self.response_deadline
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(url, f"body of {declared} bytes is over the {self.max_bytes}-byte cap",
                                     r.status_code)
                try:
                    decoders = content_decoders(r.headers.get_list("content-encoding"))
                except UnsupportedEncoding as e:
                    raise FetchError(url, str(e), r.status_code) from None
                content = self._read(url, r, decoders, deadline)
                if (200 <= r.status_code < 300 and not decoders and close_delimited(r.headers)
                        and html_cut_short(content)):
                    raise RetryableError("body cut short: the connection closed inside the HTML document "
                                         "(no Content-Length, no </html>)")
                return r.status_code, r.headers, content
        except httpx.TimeoutException as e:
            raise RetryableError(f"timeout ({type(e).__name__})",
                                 unreachable=isinstance(e, httpx.ConnectTimeout)) from None
        except (httpx.TransportError, httpx.DecodingError) as e:  # refused, reset, truncated body
            raise RetryableError(f"{type(e).__name__}: {e}", unreachable=isinstance(e, httpx.ConnectError)) from None

    def _read(self, url: str, r: httpx.Response, decoders: list, deadline: float) -> bytes:
        """The decoded body, within the size cap (raw and decoded) and the response deadline."""
        def raw() -> Iterator[bytes]:
            size = 0
            for chunk in r.iter_raw():
                if time.monotonic() > deadline:
                    raise RetryableError(f"response not complete after {self.response_deadline:g}s "
                                         f"(response_deadline_seconds)")
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(url, f"body over the {self.max_bytes}-byte cap", r.status_code)
                yield chunk

        pieces, size = [], 0
        for piece in decode_body(raw(), decoders):
            size += len(piece)
            if size > self.max_bytes:
                raise FetchError(url, f"body larger than {size_text(self.max_bytes)} once decoded", r.status_code)
            pieces.append(piece)
        return b"".join(pieces)
