"""robots.txt (RFC 9309): read once per origin per run, its Crawl-delay capped, and what a robots.txt
that cannot be read means for the run."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import FetchError
from .responses import Response
from .retries import RETRY_STATUSES

if TYPE_CHECKING:
    from protego import Protego

log = logging.getLogger("scraper.fetch")  # one logger for the layer, as httpx does

# the first 500 KiB are read; a 4xx means no rules, except these
ROBOTS_MAX_BYTES = 500 * 1024
ROBOTS_FORBIDDEN = {401, 403}  # the site keeps crawlers out: taken as "Disallow: /"


@dataclass(frozen=True)
class RobotsVerdict:
    """What an origin's robots.txt means for this run."""

    rules: Protego | None = None  # None: no robots.txt, everything allowed
    refusal: str | None = None  # why nothing on the origin is fetched this run
    crawl_delay: float = 0.0


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


def read_robots(origin: str, fetch: Callable[[str], Response], user_agent: str,
                max_crawl_delay: float) -> RobotsVerdict:
    """The verdict for origin, its robots.txt got with fetch (the caller's retries, redirects within the
    allowed origins and caps apply); only the first ROBOTS_MAX_BYTES are parsed."""
    from protego import Protego  # imported when a robots.txt is first read, not with the package

    try:
        response = fetch(origin + "/robots.txt")
    except FetchError as e:
        refusal = robots_refusal(e)
        if refusal:
            log.warning("%s: %s; not crawling that origin this run", origin, refusal)
        return RobotsVerdict(refusal=refusal)
    rules = Protego.parse(response.content[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace"))
    asked = rules.crawl_delay(user_agent)
    delay, capped = capped_crawl_delay(asked, max_crawl_delay)
    if capped:
        log.warning("robots.txt of %s asks for Crawl-delay %g s; waiting %g s between requests "
                    "(the cap) instead", origin, asked, delay)
    return RobotsVerdict(rules=rules, crawl_delay=delay)
