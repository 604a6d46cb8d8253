"""Redirects followed by hand (httpx's follow_redirects is off), so that every hop passes the same
gates as the first request: the allowed origins and robots.txt."""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

import httpx

from .errors import FetchError, RetryableError
from .responses import Response
from .retries import RETRY_STATUSES, parse_retry_after

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5


def follow(url: str, send: Callable[[str], tuple[int, httpx.Headers, bytes]],
           admit: Callable[[str, int], None]) -> Response:
    """The final response to url, redirects followed: send(url) makes one request; admit(target,
    status) raises when the crawl may not go to a redirect's target. A retryable status raises
    RetryableError (the caller retries the whole walk), any other 4xx/5xx FetchError."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        status, headers, content = send(current)
        if status in REDIRECT_STATUSES and headers.get("location"):
            target = urljoin(current, headers["location"])
            admit(target, status)
            current = target
            continue
        if status in RETRY_STATUSES:
            raise RetryableError(f"HTTP {status}", parse_retry_after(headers.get("retry-after")), status)
        if status >= 400:
            raise FetchError(url, f"HTTP {status}", status)
        return Response(current, status, content, headers.get("content-type"), headers.get("etag"),
                        headers.get("last-modified"))
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")
