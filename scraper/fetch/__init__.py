"""HTTP for the crawl: polite, bounded and retried.

Every request goes through one ``Fetcher``: an honest User-Agent, robots.txt (protego) with its
Crawl-delay (capped), a per-origin delay between requests and a per-origin cap on requests in flight
(shared by every feed of a run), connect/read timeouts and an overall deadline per response, a cap
on the body size counted after decoding every Content-Encoding layer, requests and redirects only
within the allowed origins (scheme, host, port), conditional GETs (ETag / Last-Modified), and
retries with exponential backoff and jitter on timeouts, connection errors, bodies cut short and
429/500/502/503/504 (honouring Retry-After), never on other 4xx.

A module per concern: ``settings`` (FetchSettings, every default), ``origins``, ``robots``,
``politeness``, ``retries``, ``redirects``, ``bodies`` (bounded reading and decoding),
``responses``, ``errors`` and ``fetcher`` (the Fetcher). Log records come from the one logger
``scraper.fetch``.
"""
from __future__ import annotations

from .bodies import DECODE_STEP, close_delimited, content_decoders, decode_body, html_cut_short
from .errors import DisallowedURL, FetchError, RetryableError
from .fetcher import Fetcher
from .origins import origin_of
from .politeness import Politeness
from .redirects import MAX_REDIRECTS
from .responses import Response
from .retries import backoff_delay, parse_retry_after
from .robots import capped_crawl_delay, robots_refusal
from .settings import (
    DEFAULT_RESPONSE_DEADLINE,
    DEFAULT_USER_AGENT,
    MAX_WAIT_SECONDS,
    FetchSettings,
    within_deadline,
)

__all__ = [
    "DECODE_STEP",
    "DEFAULT_RESPONSE_DEADLINE",
    "DEFAULT_USER_AGENT",
    "MAX_REDIRECTS",
    "MAX_WAIT_SECONDS",
    "DisallowedURL",
    "FetchError",
    "FetchSettings",
    "Fetcher",
    "Politeness",
    "Response",
    "RetryableError",
    "backoff_delay",
    "capped_crawl_delay",
    "close_delimited",
    "content_decoders",
    "decode_body",
    "html_cut_short",
    "origin_of",
    "parse_retry_after",
    "robots_refusal",
    "within_deadline",
]
