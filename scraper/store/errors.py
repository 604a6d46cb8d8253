"""What can go wrong opening the database, in the user's terms: each a StoreError (its own exit
code), the message naming the file and what to do."""
from __future__ import annotations


class StoreError(Exception):
    """The database cannot be opened for the work asked: a set-up problem for the user to fix (its
    own exit code), not a page that failed. The message names the file and what to do."""


class NotAStore(StoreError):
    """The path is a directory, not SQLite, or SQLite without policyfeed's tables."""


class StoreNotWritable(StoreError):
    """The file, its directory or its file system cannot be written, and the work writes."""


class StoreOutdated(StoreError):
    """A reader found migrations pending; readers never migrate."""


class StoreBusy(StoreError):
    """Another connection kept the write lock longer than the busy timeout."""
