"""Per-origin spacing and caps, shared by every Fetcher of a run so that feeds on one host add up to
no more than any of them asked for."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Politeness:
    """Per-origin spacing between requests and cap on requests in flight, shared by every Fetcher of
    a run: two feeds on one host share its delay and its cap (``caps``: origin -> requests in flight
    at most; an origin without an entry gets the asking Fetcher's concurrency)."""

    caps: dict[str, int] = field(default_factory=dict)
    _next_at: dict[str, float] = field(default_factory=dict)
    _slots: dict[str, threading.BoundedSemaphore] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, origin: str, spacing: float, sleep: Callable[[float], None]) -> None:
        """Sleep until origin's turn; the turn is booked under the lock, the sleep taken outside it."""
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next_at.get(origin, now))
            self._next_at[origin] = at + spacing
        if at > now:
            sleep(at - now)

    def slot(self, origin: str, default_cap: int) -> threading.BoundedSemaphore:
        """The origin's semaphore, made on first use with its cap (or default_cap)."""
        with self._lock:
            if origin not in self._slots:
                self._slots[origin] = threading.BoundedSemaphore(self.caps.get(origin, default_cap))
            return self._slots[origin]
