"""One writer at a time: crawl, reparse and reindex take an exclusive lock beside the database file,
so that a second one refuses to start instead of failing page by page on SQLite's busy timeout."""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class CrawlLocked(RuntimeError):
    """Another crawl holds the database's lock."""


@contextmanager
def crawl_lock(db_path: Path) -> Iterator[None]:
    """An exclusive, non-blocking lock beside the database file."""
    lock_path = Path(str(db_path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CrawlLocked(f"another policyfeed crawl is using {db_path} (lock {lock_path}); "
                              f"wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()
