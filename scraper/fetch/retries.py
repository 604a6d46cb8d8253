"""When and how long to wait before trying again: exponential backoff with full jitter, Retry-After
honoured up to a cap, and only for failures another attempt can cure."""
from __future__ import annotations

import email.utils
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime

from .errors import FetchError, RetryableError
from .responses import Response
from .settings import FetchSettings

log = logging.getLogger("scraper.fetch")  # one logger for the layer, as httpx does

RETRY_STATUSES = {429, 500, 502, 503, 504}


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
    delay = rand() * min(cap, base * (2.0 ** (attempt - 1)))
    if retry_after is not None:
        return max(delay, retry_after)
    return delay


def with_retries(url: str, attempt_once: Callable[[], Response], settings: FetchSettings,
                 sleep: Callable[[float], None]) -> Response:
    """attempt_once() until it returns, raises anything but RetryableError, or the attempts run out;
    a Retry-After longer than settings.max_retry_after gives up at once rather than stall the run."""
    attempt = 0
    while True:
        attempt += 1
        try:
            response = attempt_once()
            response.attempts = attempt
            return response
        except RetryableError as e:
            if attempt >= settings.max_attempts:
                raise FetchError(url, f"{e.reason} (gave up after {attempt} attempts)", e.status,
                                 e.unreachable) from None
            if e.retry_after is not None and e.retry_after > settings.max_retry_after:
                raise FetchError(url, f"{e.reason}; Retry-After {e.retry_after:.0f}s is longer than "
                                      f"{settings.max_retry_after:.0f}s", e.status) from None
            wait = backoff_delay(attempt, settings.backoff_base, settings.backoff_cap, e.retry_after)
            log.info("retrying %s in %.2fs (attempt %d): %s", url, wait, attempt + 1, e.reason)
            sleep(wait)
