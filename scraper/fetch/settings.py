"""How one Fetcher behaves, in one frozen dataclass: every default of the fetch layer is written here."""
from __future__ import annotations

from dataclasses import dataclass, field

import httpx

DEFAULT_USER_AGENT = "policyfeed/0.1 (+https://github.com/policyfeed/policyfeed)"
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MB = 1024 * 1024
DEFAULT_MAX_BYTES = 5 * MB
# the longest a server may make the crawl wait between two requests: a longer Retry-After gives up,
# a longer Crawl-delay is cut down to it
MAX_WAIT_SECONDS = 120.0
# the longest one response may take, headers to last byte (a body trickling a byte at a time resets
# the read timeout on every byte); per feed as response_deadline_seconds
DEFAULT_RESPONSE_DEADLINE = 60.0


@dataclass(frozen=True)
class FetchSettings:
    """One feed's fetch policy. Change a field with ``dataclasses.replace(FetchSettings(), ...)``."""

    user_agent: str = DEFAULT_USER_AGENT
    allowed_origins: tuple[str, ...] = ()  # what may be requested; http(s)://host[:port] each
    delay: float = 1.0  # seconds between two requests to one origin
    # each wait, clamped to response_deadline (a factory: httpx.Timeout is unhashable, so not a plain default)
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    max_bytes: int = DEFAULT_MAX_BYTES  # body cap, raw and decoded
    max_attempts: int = 4
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    max_retry_after: float = MAX_WAIT_SECONDS  # a longer Retry-After gives up
    max_crawl_delay: float = MAX_WAIT_SECONDS  # a longer Crawl-delay is cut down to it
    response_deadline: float = DEFAULT_RESPONSE_DEADLINE
    obey_robots: bool = True
    max_connections: int = 4  # the httpx connection pool
    concurrency: int | None = None  # requests in flight at once; None: max_connections

    @property
    def client_timeout(self) -> httpx.Timeout:
        """The timeout httpx gets: no single wait may outlast the response deadline."""
        return within_deadline(self.timeout, self.response_deadline)

    @property
    def in_flight(self) -> int:
        """Requests at once: concurrency, else as many as the pool has connections."""
        return self.concurrency or self.max_connections


def within_deadline(timeout: httpx.Timeout, seconds: float) -> httpx.Timeout:
    """Each wait of a request (connect, read, write, pool) no longer than the response deadline."""
    def clamp(value: float | None) -> float:
        return seconds if value is None else min(value, seconds)
    return httpx.Timeout(connect=clamp(timeout.connect), read=clamp(timeout.read), write=clamp(timeout.write),
                         pool=clamp(timeout.pool))
