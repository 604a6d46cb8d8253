"""HTTP for the crawl: polite, bounded and retried.

Every request goes through one ``Fetcher``: an honest User-Agent, robots.txt (protego) with its
Crawl-delay, a per-host delay between requests, connect/read timeouts, a cap on the body size,
redirects followed only within the allowed hosts, conditional GETs (ETag / Last-Modified), and
retries with exponential backoff and jitter on timeouts, connection errors, truncated bodies and
429/500/502/503/504 (honouring Retry-After), never on other 4xx.
"""
from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import urljoin, urlsplit

import httpx

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_REDIRECTS = 5


class FetchError(Exception):
    """A URL that could not be fetched (after retries, when retrying made sense)."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.status = url, reason, status


class DisallowedURL(FetchError):
    """A URL the crawl must not request: another host, or disallowed by robots.txt."""


class RetryableError(Exception):
    """A failure worth another attempt; carries the server's Retry-After when it sent one."""

    def __init__(self, reason: str, retry_after: float | None = None, status: int | None = None):
        super().__init__(reason)
        self.reason, self.retry_after, self.status = reason, retry_after, status


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
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float, retry_after: float | None = None,
                  rand: Callable[[], float] = random.random) -> float:
    """Full-jitter exponential backoff, at least Retry-After, never more than cap (Retry-After may exceed it)."""
    delay = rand() * min(cap, base * (2 ** (attempt - 1)))
    if retry_after is not None:
        return max(delay, retry_after)
    return delay


@dataclass
class Politeness:
    """Per-host spacing between requests, shared by all threads of a crawl."""

    delay: float
    _next_at: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, host: str, sleep: Callable[[float], None], extra: float = 0.0) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next_at.get(host, now))
            self._next_at[host] = at + max(self.delay, extra)
        if at > now:
            sleep(at - now)


class Fetcher:
    """One crawl's HTTP client."""

    def __init__(self, user_agent: str, allowed_hosts: list[str] | tuple[str, ...], delay: float = 1.0,
                 *, timeout: httpx.Timeout = DEFAULT_TIMEOUT, max_bytes: int = 5 * 1024 * 1024,
                 max_attempts: int = 4, backoff_base: float = 1.0, backoff_cap: float = 30.0,
                 max_retry_after: float = 120.0, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, obey_robots: bool = True,
                 max_connections: int = 4, robots_cache: dict | None = None, concurrency: int | None = None):
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.max_bytes, self.max_attempts = max_bytes, max_attempts
        self.backoff_base, self.backoff_cap, self.max_retry_after = backoff_base, backoff_cap, max_retry_after
        self.sleep, self.obey_robots = sleep, obey_robots
        self.politeness = Politeness(delay)
        self.user_agent = user_agent
        self.client = httpx.Client(headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
                                   timeout=timeout, follow_redirects=False, transport=transport,
                                   limits=httpx.Limits(max_connections=max_connections))
        self._robots: dict[str, object] = {} if robots_cache is None else robots_cache  # shared per run
        self._robots_lock = threading.Lock()
        self.requests = 0  # every request sent, robots.txt and retries included
        self._count_lock = threading.Lock()
        # requests at once, list pages and articles together (threads beyond it wait their turn)
        self._slots = threading.BoundedSemaphore(concurrency or max_connections)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- permission ------------------------------------------------------------------------------
    def host_allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (
            (parts.hostname or "").lower() in self.allowed_hosts or parts.netloc.lower() in self.allowed_hosts)

    def _robots_for(self, url: str):
        """The host's robots.txt rules, read once (RFC 9309: redirects followed, the first 500 KiB
        parsed; 4xx means no rules; 401/403, 5xx and an unreachable host mean disallow everything)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if key in self._robots:
                return self._robots[key]
            from protego import Protego

            try:
                response = self._retrying(key + "/robots.txt", {}, check=False)
                text = response.content[:500 * 1024].decode("utf-8", errors="replace")
                robots = Protego.parse(text)
            except FetchError as e:
                if e.status is not None and 400 <= e.status < 500 and e.status not in (401, 403):
                    robots = None  # no robots.txt: everything allowed
                else:
                    log.warning("robots.txt of %s unavailable (%s): not crawling that host this run", key, e.reason)
                    robots = Protego.parse("User-agent: *\nDisallow: /")
            self._robots[key] = robots
            return robots

    def check(self, url: str) -> None:
        """Raise DisallowedURL unless the crawl may request url."""
        if not self.host_allowed(url):
            raise DisallowedURL(url, f"host not in allowed_hosts {sorted(self.allowed_hosts)}")
        if self.obey_robots:
            robots = self._robots_for(url)
            if robots is not None and not robots.can_fetch(url, self.user_agent):
                raise DisallowedURL(url, "disallowed by robots.txt")

    def crawl_delay(self, url: str) -> float:
        robots = self._robots_for(url) if self.obey_robots else None
        value = robots.crawl_delay(self.user_agent) if robots is not None else None
        return float(value or 0.0)

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
                    raise FetchError(url, f"{e.reason} (gave up after {attempt} attempts)", e.status) from None
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
                if not self.host_allowed(target):
                    raise FetchError(url, f"redirected off the allowed hosts to {target}", status)
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
        host = urlsplit(url).netloc
        self.politeness.wait(host, self.sleep, self.crawl_delay(url) if check else 0.0)
        self._count()
        with self._slots:
            return self._request(url, headers)

    def _request(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(url, f"body of {declared} bytes is over the {self.max_bytes}-byte cap",
                                     r.status_code)
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(url, f"body over the {self.max_bytes}-byte cap", r.status_code)
                    chunks.append(chunk)
                return r.status_code, r.headers, b"".join(chunks)
        except httpx.TimeoutException as e:
            raise RetryableError(f"timeout ({type(e).__name__})") from None
        except (httpx.TransportError, httpx.DecodingError) as e:  # refused, reset, truncated body
            raise RetryableError(f"{type(e).__name__}: {e}") from None
