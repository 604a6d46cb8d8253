"""The Fetcher: one feed's HTTP client, every request through the same gates (origin, robots.txt,
per-origin delay and cap), retried, redirected by hand and read within its bounds."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType

import httpx

from .bodies import close_delimited, content_decoders, html_cut_short, read_body
from .errors import DisallowedURL, FetchError, RetryableError, UnsupportedEncoding
from .origins import origin_of, origin_set
from .politeness import Politeness
from .redirects import follow
from .responses import Response
from .retries import with_retries
from .robots import RobotsVerdict, read_robots
from .settings import FetchSettings


class Fetcher:
    """One crawl's HTTP client (one per feed; ``robots_cache`` and ``politeness`` shared per run).

    ``settings`` says how it behaves; the other arguments are what it works with: the transport
    (tests mock it), how it sleeps (tests record the waits) and the state shared across a run."""

    def __init__(self, settings: FetchSettings, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, robots_cache: dict[str, RobotsVerdict] | None = None,
                 politeness: Politeness | None = None) -> None:
        self.settings = settings
        self.allowed_origins = origin_set(settings.allowed_origins)
        self.sleep = sleep
        self.politeness = politeness or Politeness()
        self.client = httpx.Client(headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
                                   timeout=settings.client_timeout, follow_redirects=False, transport=transport,
                                   limits=httpx.Limits(max_connections=settings.max_connections))
        self._robots: dict[str, RobotsVerdict] = {} if robots_cache is None else robots_cache  # shared per run
        self._robots_lock = threading.Lock()
        self.requests = 0  # every request sent, robots.txt and retries included
        self._count_lock = threading.Lock()
        # requests at once, list pages and articles together (threads beyond it wait their turn)
        self._slots = threading.BoundedSemaphore(settings.in_flight)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
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
            if origin not in self._robots:
                self._robots[origin] = read_robots(origin, lambda url: self._retrying(url, {}, check=False),
                                                   self.settings.user_agent, self.settings.max_crawl_delay)
            return self._robots[origin]

    def _allowed_origin(self, url: str) -> str:
        """url's origin; DisallowedURL unless it is one of the allowed origins."""
        origin = origin_of(url)
        if origin is None or origin not in self.allowed_origins:
            raise DisallowedURL(url, self._outside(url))
        return origin

    def check(self, url: str) -> None:
        """Raise DisallowedURL unless the crawl may request url."""
        origin = self._allowed_origin(url)
        if self.settings.obey_robots:
            verdict = self._robots_for(origin)
            if verdict.refusal:
                raise DisallowedURL(url, f"{verdict.refusal}; not crawling {origin} this run")
            if verdict.rules is not None and not verdict.rules.can_fetch(url, self.settings.user_agent):
                raise DisallowedURL(url, "disallowed by robots.txt")

    def crawl_delay(self, url: str) -> float:
        """robots.txt's Crawl-delay for url's origin, at most max_crawl_delay."""
        origin = origin_of(url)
        if not self.settings.obey_robots or origin is None or origin not in self.allowed_origins:
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
        return with_retries(url, lambda: self._follow(url, headers, check), self.settings, self.sleep)

    def _follow(self, url: str, headers: dict[str, str], check: bool = True) -> Response:
        def admit(target: str, status: int) -> None:
            if not self.origin_allowed(target):
                raise DisallowedURL(url, f"redirected off the allowed origins to {target} "
                                         f"({self._outside(target)})", status)
            if check:
                self.check(target)

        return follow(url, lambda current: self._once(current, headers, check), admit)

    def _once(self, url: str, headers: dict[str, str], check: bool = True) -> tuple[int, httpx.Headers, bytes]:
        origin = self._allowed_origin(url)  # the last gate: nothing outside the allowed origins is requested
        spacing = max(self.settings.delay, self.crawl_delay(url) if check else 0.0)
        self.politeness.wait(origin, spacing, self.sleep)
        with self._slots, self.politeness.slot(origin, self.settings.in_flight):
            self._count()
            return self._request(url, headers)

    def _request(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        """One GET, its body read whole within the caps and the deadline.

        The deadline is checked as each piece of the body arrives, and every single wait (connect,
        read) is clamped to it, so a trickled body fails within about twice the deadline at worst.
        Headers trickled byte by byte are not covered: httpx has no total timeout and no public hook
        into the connection before the headers are complete (encode/httpx#1450)."""
        max_bytes, response_deadline = self.settings.max_bytes, self.settings.response_deadline
        deadline = time.monotonic() + response_deadline
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(url, f"body of {declared} bytes is over the {max_bytes}-byte cap",
                                     r.status_code)
                try:
                    decoders = content_decoders(r.headers.get_list("content-encoding"))
                except UnsupportedEncoding as e:
                    raise FetchError(url, str(e), r.status_code) from None
                content = read_body(url, r, decoders, deadline, max_bytes, response_deadline)
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
