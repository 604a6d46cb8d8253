"""What a running crawl tells its operator: a live status line on a terminal, one log line per
page under cron (where stderr is a file), and nothing at all with --quiet."""
from __future__ import annotations

import logging
import sys
from typing import TextIO

log = logging.getLogger("policyfeed.progress")


class Progress:
    """Counts pages and articles as they are stored and reports them."""

    def __init__(self, stream: TextIO | None = None, live: bool | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.live = (self.stream.isatty() if live is None else live) and not quiet
        self.quiet = quiet
        self.pages = self.articles = self.new = self.errors = 0
        self.feed = ""

    def start_feed(self, name: str) -> None:
        self.feed = name
        self._show()

    def page(self, url: str, items: int, new: int, not_modified: bool = False) -> None:
        self.pages += 1
        self.new += new
        if not self.live and not self.quiet:
            state = "not modified" if not_modified else f"{items} items, {new} new"
            log.info("[%s] list page %s: %s", self.feed, url, state)
        self._show()

    def article(self, url: str, ok: bool) -> None:
        if ok:
            self.articles += 1
        else:
            self.errors += 1
        if not self.live and not self.quiet:
            log.info("[%s] article %s: %s", self.feed, url, "stored" if ok else "FAILED")
        self._show()

    def _show(self) -> None:
        if self.live:
            self.stream.write(f"\r[{self.feed}] list pages {self.pages} · articles {self.articles} · "
                              f"new {self.new} · failed {self.errors}   ")
            self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
