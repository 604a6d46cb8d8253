"""Origins (scheme, host, port): the unit the crawl is allowed on, spaced and capped by."""
from __future__ import annotations

from collections.abc import Iterable

import httpx

DEFAULT_PORTS = {"http": 80, "https": 443}


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


def origin_set(entries: Iterable[str]) -> set[str]:
    """The allowed origins, normalised; a ValueError for an entry that is not one, so a typo fails at
    start-up rather than as every request refused."""
    origins = set()
    for entry in entries:
        origin = origin_of(entry)
        if origin is None:
            raise ValueError(f"{entry!r} is not an origin; write it as http(s)://host[:port]")
        origins.add(origin)
    return origins
