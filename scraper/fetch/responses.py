"""What a successful fetch hands the crawl."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Response:
    """The body and the validators to store for the next conditional GET."""

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
