"""What can go wrong fetching: the errors the crawl reports, and the one that asks for another try."""
from __future__ import annotations


class FetchError(Exception):
    """A URL that could not be fetched (after retries, when retrying made sense)."""

    def __init__(self, url: str, reason: str, status: int | None = None, unreachable: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.status, self.unreachable = url, reason, status, unreachable


class DisallowedURL(FetchError):
    """A URL the crawl must not request: another origin, or refused by robots.txt."""


class RetryableError(Exception):
    """A failure worth another attempt; carries the server's Retry-After when it sent one."""

    def __init__(self, reason: str, retry_after: float | None = None, status: int | None = None,
                 unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.retry_after, self.status, self.unreachable = reason, retry_after, status, unreachable


class UnsupportedEncoding(Exception):
    """A Content-Encoding the crawl cannot undo within its memory bounds."""
