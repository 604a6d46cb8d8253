"""The store: policyfeed's SQLite file and everything that reads or writes its schema.

- ``database``: the ``Store`` (opening safely, idempotent writes, the ``ArticleWrites`` protocol),
- ``migrations`` with ``views/``: the schema, one named migration at a time,
- ``search``: the Chinese full-text indexes,
- ``lock``: one writer at a time,
- ``errors``: what can go wrong opening the file.
"""
from .database import ArticleWrites, ItemWrite, Store, content_hash, now_iso, reindex
from .errors import NotAStore, StoreBusy, StoreError, StoreNotWritable, StoreOutdated
from .lock import CrawlLocked, crawl_lock
from .migrations import migrations

__all__ = ["ArticleWrites", "CrawlLocked", "ItemWrite", "NotAStore", "Store", "StoreBusy", "StoreError",
           "StoreNotWritable", "StoreOutdated", "content_hash", "crawl_lock", "migrations", "now_iso", "reindex"]
