"""The database file: opening it safely, stable ids and idempotent writes (sqlite-utils).

Ids are stable so that re-running a crawl or a re-extraction changes nothing that did not change:
an announcement's id comes from its URL; a policy's from its announcement, kind, source, span and
value. Each unit of work (one list page with its items, one article with its policies) is written
in one transaction (``Store.transaction``), so a run killed at any point leaves only whole units.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.request import pathname2url

import sqlite_utils

from extract import Extraction
from extract.regions import Region
from extract.vocabulary import term_rows

from .. import check, export
from ..policy_rows import announcement_region_rows, rows_of, stable_id
from . import ends, search
from .errors import NotAStore, StoreBusy, StoreError, StoreNotWritable, StoreOutdated
from .lock import crawl_lock
from .migrations import migrations


def now_iso() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def content_hash(text: str) -> str:
    """Hash of normalised text (whitespace collapsed), so byte-level noise is not a change."""
    return hashlib.sha256(" ".join((text or "").split()).encode("utf-8")).hexdigest()[:32]


def _event(at: str, event: str, row: dict, replaces: str | None, regions: list[str],
           windows: list[dict]) -> dict:
    """A policy_events row: what happened to a policy, with the record as it was."""
    record = {k: v for k, v in row.items() if k != "first_seen"}
    return {"at": at, "event": event, "policy_id": row["id"], "announcement_id": row["announcement_id"],
            "kind": row["kind"], "replaces": replaces,
            "record": json.dumps({**record, "regions": sorted(regions),
                                  "windows": [{"start": w["start"], "end": w["end"]} for w in windows]},
                                 ensure_ascii=False)}


@dataclass
class ItemWrite:
    id: str
    status: str  # "new" | "updated" | "unchanged" | "pending"
    article_stored: bool = False  # its article page was fetched and stored before
    extracted: bool = False  # its policies were extracted before (from the article or the summary)


class ArticleWrites(Protocol):
    """The writes an article page makes (``crawl.ingest_article``): the Store makes them; reparse's
    workers, which have no database, record them for the one writer to make."""

    def set_article(self, ann_id: str, canonical_url: str, title: str | None, published: str | None,
                    body: str) -> None: ...

    def replace_policies(self, ann_id: str, extraction: Extraction) -> int: ...


class Store:
    """policyfeed's database file.

    Opening fails with a StoreError (never a bare sqlite3 error) when the file cannot serve: a
    directory, not SQLite, not writable when the work writes. ``readonly=True`` is for readers
    (check, export): SQLite's ``mode=ro``, no migration, no write of any kind, so a reader needs no
    write permission on the file.
    """

    BUSY_TIMEOUT_MS = 10_000

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        self._segmented: dict[str, str] = {}
        if self.path.is_dir():
            raise NotAStore(f"{self.path} is a directory, not a database file; give the file's path "
                            f"(e.g. {self.path / 'policyfeed.db'})")
        try:
            self.db = self._open_readonly() if readonly else self._open_writable()
        except sqlite3.Error as e:
            raise self._error(e) from e

    def _open_writable(self) -> sqlite_utils.Database:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreNotWritable(f"cannot create the directory {self.path.parent} for the database "
                                   f"({e.strerror}); give a path in a writable directory") from None
        db = self.db = sqlite_utils.Database(self.path)
        try:
            db.execute(f"PRAGMA busy_timeout={self.BUSY_TIMEOUT_MS}")  # first: switching to WAL waits too
            db.execute("PRAGMA journal_mode=WAL")
            # WAL with synchronous=NORMAL: every commit is atomic and survives a killed process; only a
            # power cut can lose the last commits (never corrupt the file). One fsync per checkpoint, not
            # per page, which is what makes reparse of 10,000 announcements fast.
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            self.ensure_schema()
            # SQLite silently opens a file it cannot write read-only, and nothing above writes to an
            # up-to-date database: a write that changes nothing fails now rather than mid-crawl.
            db.execute("update _sqlite_migrations set name = name where 0")
            self.update_terms()
        except BaseException:
            db.close()
            raise
        return db

    def _open_readonly(self) -> sqlite_utils.Database:
        """``mode=ro``; between crawls, when the directory is not writable, ``immutable=1``.

        SQLite opens a WAL database read-only only if its -wal and -shm files exist (a writer has it
        open) or can be created. A reader that cannot write the directory finds neither between
        crawls; then no writer has the file open and immutable=1 (no locks, the WAL ignored) reads it
        as it is. A crawl starting during that read could checkpoint under it: fine for the short
        reads of check and export.
        """
        if not self.path.exists():
            raise StoreError(f"{self.path} does not exist; crawl first, or give the database's path")
        uri = "file:" + pathname2url(str(self.path.resolve()))
        try:
            conn = self._connect(uri + "?mode=ro")
        except sqlite3.OperationalError as first:
            if Path(f"{self.path}-wal").exists():
                raise
            try:
                conn = self._connect(uri + "?mode=ro&immutable=1")
            except sqlite3.Error:
                raise first from None
        db = self.db = sqlite_utils.Database(conn)
        try:
            if not migrations.applied(db):
                raise NotAStore(f"{self.path} is SQLite but not a policyfeed database (no policyfeed tables); "
                                f"give the database's path")
            pending = [m.name for m in migrations.pending(db)]
            if pending:
                raise StoreOutdated(f"{self.path} needs an upgrade this reader cannot make (pending: "
                                    f"{', '.join(pending)}); the next crawl, or `policyfeed reindex`, upgrades it")
        except BaseException:
            db.close()
            raise
        return db

    def _connect(self, uri: str) -> sqlite3.Connection:
        """A connection that has read the file (opening alone reads nothing, so errors come later)."""
        conn = sqlite3.connect(uri, uri=True, timeout=self.BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _error(self, e: sqlite3.Error) -> StoreError:
        """The StoreError for a SQLite error met while opening, saying why in the user's terms."""
        name, text = getattr(e, "sqlite_errorname", "") or "", str(e)  # sqlite_errorname: Python 3.11+
        if name == "SQLITE_NOTADB" or "not a database" in text:
            return NotAStore(f"{self.path} is not a SQLite database ({text}); give the database's path")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
            return StoreBusy(f"{self.path} stayed locked by another writer for {self.BUSY_TIMEOUT_MS // 1000} s "
                             f"({text}); retry when it has finished")
        if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or "readonly" in text or "unable to open" in text:
            return (StoreError if self.readonly else StoreNotWritable)(
                f"cannot {'read' if self.readonly else 'write'} {self.path}: {self._why(text)}")
        return StoreError(f"cannot use {self.path}: {text}")

    def _why(self, text: str) -> str:
        """Which permission is missing: SQLite says only "unable to open" or "readonly"."""
        here = self.path if self.path.exists() else self.path.parent
        try:
            read_only_fs = bool(os.statvfs(here).f_flag & os.ST_RDONLY)
        except OSError:
            read_only_fs = False
        if read_only_fs and not self.readonly:
            return f"it is on a read-only file system ({text}); give a path on a writable one"
        if self.path.exists() and not os.access(self.path, os.R_OK if self.readonly else os.R_OK | os.W_OK):
            return f"the file is not {'readable' if self.readonly else 'writable'} ({text}); check its permissions"
        if not self.readonly and not os.access(self.path.parent, os.W_OK | os.X_OK):
            return (f"its directory is not writable ({text}): SQLite creates {self.path.name}-wal and -shm "
                    f"beside the database; make it writable or give another path")
        if self.readonly and Path(f"{self.path}-wal").exists():
            return (f"a writer has it open or was killed, and {self.path.name}-wal and -shm cannot be opened "
                    f"({text}); give this user read permission on them, or write permission on the directory")
        return text

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One unit of work (a list page with its items, an article with its policies), written whole
        or not at all. The write lock is taken at BEGIN (IMMEDIATE), so another writer waits out the
        busy timeout instead of failing at once when a read turns into a write; nested units are
        savepoints."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def segmented_in_advance(self, ready: dict[str, str]) -> Iterator[None]:
        """Index with segmentations made elsewhere (``text -> search.segment(text)``).

        Segmenting is most of the cost of indexing; reparse's worker processes segment the texts the
        one writer will index, so that this share of the writer's work runs on every core. A text not
        in ``ready`` is segmented as usual, so a wrong guess costs time, never a wrong index."""
        self._segmented = ready
        try:
            yield
        finally:
            self._segmented = {}

    def ensure_schema(self) -> None:
        """Apply pending migrations (each in its own transaction)."""
        migrations.apply(self.db)

    def update_terms(self) -> int:
        """Bring ``terms`` up to the codes and words ``extract.vocabulary`` defines, so that a new
        code needs no migration: the rows that are missing or say other words are upserted, in one
        transaction; a table that already agrees gets no write at all. Rows of codes the definition no
        longer has are kept (old records may still carry them). The rows written."""
        stored = {(field, value): (words, chinese) for field, value, words, chinese in
                  self.db.execute("select field, value, words, chinese from terms").fetchall()}
        changed = [row for row in term_rows()
                   if stored.get((row["field"], row["value"])) != (row["words"], row["chinese"])]
        if changed:
            with self.transaction():
                self.db.conn.executemany(
                    "insert into terms (field, value, words, chinese) values (:field, :value, :words, :chinese) "
                    "on conflict (field, value) do update set words = excluded.words, chinese = excluded.chinese",
                    changed)
        return len(changed)

    def schema_version(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]

    # -- feeds and pages -------------------------------------------------------------------------
    def upsert_feed(self, name: str, start_urls: Iterable[str], allowed_hosts: Iterable[str]) -> None:
        row: dict[str, str | int] = {"name": name, "start_urls": json.dumps(list(start_urls)),
                                     "allowed_hosts": json.dumps(list(allowed_hosts)), "last_crawled": now_iso()}
        if self.feed(name) is None:
            row.update(first_crawled=row["last_crawled"], walk_complete=0)
        self.db.table("feeds").upsert(row, pk="name")

    def feed(self, name: str) -> dict | None:
        rows = list(self.db.query("select * from feeds where name = ?", [name]))
        return rows[0] if rows else None

    def set_walk_complete(self, name: str, complete: bool) -> None:
        """Whether the feed's last walk reached its end; a walk cut short is resumed next run."""
        self.db.table("feeds").update(name, {"walk_complete": int(complete)})

    def page(self, url: str) -> dict | None:
        rows = list(self.db.query("select * from pages where url = ?", [url]))
        return rows[0] if rows else None

    @staticmethod
    def page_body(page: dict | None) -> bytes:
        """A stored page's raw bytes (stored compressed; see save_page)."""
        return zlib.decompress(page["body"]) if page and page.get("body") else b""

    def stored_pages(self) -> Iterator[dict]:
        """Every stored page with a body, list pages first (their items must exist before their
        articles), oldest first; one row at a time, so that reparse of a large database stays small."""
        urls = [r["url"] for r in self.db.query(
            "select url from pages where body is not null order by kind desc, fetched_at")]
        for url in urls:
            rows = list(self.db.query("select * from pages where url = ?", [url]))
            if rows:
                yield rows[0]

    def save_page(self, url: str, feed: str, kind: str, status: int, body: bytes | None,
                  content_type: str | None, encoding: str | None, etag: str | None,
                  last_modified: str | None, error: str | None = None) -> None:
        row = {"url": url, "feed": feed, "kind": kind, "fetched_at": now_iso(), "status": status,
               "content_type": content_type, "encoding": encoding, "etag": etag,
               "last_modified": last_modified, "error": error}
        if body is not None:
            row["body"] = zlib.compress(body, 6)
            row["content_hash"] = hashlib.sha256(body).hexdigest()[:32]
        self.db.table("pages").upsert(row, pk="url")

    # -- announcements ---------------------------------------------------------------------------
    def announcement(self, url: str) -> dict | None:
        rows = list(self.db.query("select * from announcements where url = ?", [url]))
        return rows[0] if rows else None

    def upsert_list_item(self, feed: str, list_url: str, title: str, url: str, published: str | None,
                         summary: str | None) -> ItemWrite:
        """Record an item seen on a feed's list page.

        'new' for an announcement never seen; 'updated' when this feed's listing of it changed (title,
        time or summary); otherwise 'unchanged'. Each feed's listing is compared with that feed's last
        listing, so two feeds that show the same article differently do not flip it every night.
        """
        ann_id = stable_id(url)
        now = now_iso()
        existing = self.announcement(url)
        listing = {"announcement_id": ann_id, "feed": feed, "list_url": list_url, "list_title": title,
                   "list_published": published, "list_summary": summary, "last_seen": now}
        if existing is None:
            self.db.table("announcements").insert({
                "id": ann_id, "url": url, "title": title, "published_at": published, "summary": summary,
                "content_hash": content_hash(summary or ""), "first_seen": now, "last_seen": now,
                "list_url": list_url}, pk="id")
            self.db.table("announcement_feeds").insert({**listing, "first_seen": now}, pk=("announcement_id", "feed"))
            self._index(ann_id)
            return ItemWrite(ann_id, "new")
        rows = list(self.db.query("select * from announcement_feeds where announcement_id = ? and feed = ?",
                                  [ann_id, feed]))
        changed = bool(rows) and (rows[0]["list_title"], rows[0]["list_published"], rows[0]["list_summary"]) != (
            title, published, summary)
        update: dict[str, Any] = {"last_seen": now}
        if changed:
            update.update(title=title, published_at=published or existing["published_at"], summary=summary)
        self._update("announcements", {"id": ann_id}, update)
        if rows:
            self._update("announcement_feeds", {"announcement_id": ann_id, "feed": feed}, listing)
        else:
            self.db.table("announcement_feeds").insert({**listing, "first_seen": now}, pk=("announcement_id", "feed"))
        if changed:
            self._index(ann_id)
        return ItemWrite(ann_id, "updated" if changed else "unchanged", bool(existing["article_fetched_at"]),
                         bool(existing["extractor_version"]))

    def _index(self, ann_id: str) -> None:
        row = next(self.db.query("select rowid, title, summary, body from announcements where id = ?", [ann_id]))
        search.index_announcement(self.db, row["rowid"], row["title"], search.announcement_text(row), self._segmented)

    def pending_articles(self, feed: str) -> list[dict]:
        """Announcements of the feed whose article was never stored (a failed or interrupted fetch)."""
        return list(self.db.query(
            "select a.id, a.url, f.list_title as title, f.list_published as published, f.list_summary as summary "
            "from announcements a join announcement_feeds f on f.announcement_id = a.id "
            "where f.feed = ? and a.article_fetched_at is null order by a.first_seen", [feed]))

    def set_article(self, ann_id: str, canonical_url: str, title: str | None, published: str | None,
                    body: str) -> None:
        """Store an article's text; an earlier, different text is kept in announcement_revisions."""
        # plain SQL on this hot path (reparse runs it for every announcement): sqlite-utils' table
        # helpers inspect the schema on each call
        row = next(self.db.query("select rowid, * from announcements where id = ?", [ann_id]))
        new_hash = content_hash(body)
        if row["body"] and row["content_hash"] != new_hash:
            self.db.execute(
                "insert into announcement_revisions (announcement_id, title, published_at, body, content_hash,"
                " recorded_at) values (?, ?, ?, ?, ?, ?)",
                [ann_id, row["title"], row["published_at"], row["body"], row["content_hash"], now_iso()])
        title = title or row["title"]
        self.db.execute(
            "update announcements set canonical_url = ?, title = ?, published_at = ?, body = ?, content_hash = ?,"
            " article_fetched_at = ? where id = ?",
            [canonical_url, title, row["published_at"] or published, body, new_hash, now_iso(), ann_id])
        if row["body"] != body or row["title"] != title:
            search.index_announcement(self.db, row["rowid"], *self.indexed_texts(row, title, body), self._segmented)

    @staticmethod
    def indexed_texts(row: dict, title: str | None, body: str) -> tuple[str, str]:
        """The title and text that set_article indexes for an announcement row given an article's
        title and body (reparse's workers segment them in advance)."""
        return title or row["title"] or "", search.announcement_text({**row, "body": body})

    # -- policies --------------------------------------------------------------------------------
    def replace_policies(self, ann_id: str, extraction: Extraction) -> int:
        """Make the announcement's policies (and the regions found for it) exactly those extracted;
        unchanged ones keep their ids. Every change is logged in policy_events. All or nothing: in
        the caller's transaction, or in its own."""
        with self.transaction():
            return self._replace_policies(ann_id, extraction)

    def _replace_policies(self, ann_id: str, extraction: Extraction) -> int:
        written = [rows_of(ann_id, record, extraction.version) for record in extraction.records()]
        rows = [w.policy for w in written]
        windows = [row for w in written for row in w.windows]
        links = [row for w in written for row in w.regions]
        keep = {r["id"] for r in rows}
        old = {r["id"]: r for r in self.db.query("select * from policies where announcement_id = ?", [ann_id])}
        now = now_iso()
        gone = [pid for pid in old if pid not in keep]
        replaced: dict[str, str] = {}  # new id -> the id it replaces (same kind, source and start)
        for row in rows:
            if row["id"] in old:
                continue
            for pid in gone:
                o = old[pid]
                if (o["kind"], o["source"], o["span_start"]) == (row["kind"], row["source"], row["span_start"]):
                    replaced[row["id"]] = pid
        codes_of: dict[str, list[str]] = {}
        for link in links:
            codes_of.setdefault(link["policy_id"], []).append(link["region_code"])
        windows_of: dict[str, list[dict]] = {}
        for window in windows:
            windows_of.setdefault(window["policy_id"], []).append(window)
        # the ends the deleted records gave or had, found again below with the new records
        relinked = ends.detach(self.db, gone)
        events = []
        for pid in gone:
            codes = [r["region_code"] for r in self.db.query(
                "select region_code from policy_regions where policy_id = ?", [pid])]
            spans = list(self.db.query(
                "select start, \"end\" from policy_windows where policy_id = ? order by position", [pid]))
            events.append(_event(now, "withdrawn" if pid not in replaced.values() else "replaced", old[pid], None,
                                 codes, spans))
            self.db.execute("delete from policy_regions where policy_id = ?", [pid])
            self.db.execute("delete from policy_windows where policy_id = ?", [pid])
            self.db.execute("delete from policies where id = ?", [pid])
        new_rows = [{**row, "first_seen": now} for row in rows if row["id"] not in old]
        events.extend(_event(now, "updated" if row["id"] in replaced else "new", row, replaced.get(row["id"]),
                             codes_of.get(row["id"], []), windows_of.get(row["id"], [])) for row in new_rows)
        self._insert("policies", new_rows)
        self._insert("policy_events", events)
        self._insert("policy_regions", links, or_ignore=True)
        self._insert("policy_windows", windows, or_ignore=True)  # kept policies keep their windows as they are
        self.db.execute("delete from announcement_regions where announcement_id = ?", [ann_id])
        self._insert("announcement_regions", announcement_region_rows(ann_id, extraction.regions))
        self.db.execute("update announcements set extractor_version = ? where id = ?", [extraction.version, ann_id])
        relinked |= {row["id"] for row in rows if row["kind"] == "exemption"}
        relinked |= ends.ended_by_any(self.db, [row["id"] for row in rows if row["kind"] == "restoration"])
        if relinked:
            ends.relink(self.db, relinked)
        return len(rows)

    def _insert(self, table: str, rows: list[dict], or_ignore: bool = False) -> None:
        """Rows of one table in one statement. Plain SQL on the hot path of crawl and reparse (every
        value is already a string, number or None): sqlite-utils' insert_all reads the table's schema
        on every call, which was a third of the reparse writer's time."""
        if not rows:
            return
        columns = list(dict.fromkeys(key for row in rows for key in row))
        names = ", ".join(f"[{column}]" for column in columns)
        marks = ", ".join("?" * len(columns))
        self.db.conn.executemany(
            f"insert {'or ignore ' if or_ignore else ''}into [{table}] ({names}) values ({marks})",
            [[row.get(column) for column in columns] for row in rows])

    def _update(self, table: str, key: dict[str, Any], values: dict[str, Any]) -> None:
        """Set values in the row with this key: plain SQL on the hot path, as ``_insert``."""
        assignments = ", ".join(f"[{column}] = ?" for column in values)
        where = " and ".join(f"[{column}] = ?" for column in key)
        self.db.execute(f"update [{table}] set {assignments} where {where}", [*values.values(), *key.values()])

    # -- runs ------------------------------------------------------------------------------------
    def start_run(self, feeds: list[str]) -> int:
        """A new crawl_runs row; runs still marked running were killed (the caller holds the lock)."""
        with self.db.atomic():
            self.db.execute("update crawl_runs set status = 'killed' where status = 'running'")
            table = self.db.table("crawl_runs")
            table.insert({"started_at": now_iso(), "status": "running", "feeds": json.dumps(feeds)})
            run_id = table.last_pk
            if not isinstance(run_id, int):
                raise StoreError(f"{self.path}: crawl_runs gave no row id for the new run")
            return run_id

    def finish_run(self, run_id: int, status: str, counts: dict[str, int], errors: list[str]) -> None:
        with self.db.atomic():
            self.db.table("crawl_runs").update(run_id, {"finished_at": now_iso(), "status": status,
                                                  "errors": json.dumps(errors, ensure_ascii=False),
                                                  **counts})

    def announcement_count(self) -> int:
        return self.db.table("announcements").count

    # -- what readers ask --------------------------------------------------------------------------
    def covering_exemptions(self, region: Region, at: datetime, basis: str = "any") -> list[dict]:
        """The exemptions covering an order in region at a moment (``policyfeed check``)."""
        return check.covering_exemptions(self.db, region, at, basis)

    def changes_since(self, run_id: int | None = None) -> Iterator[dict]:
        """Policy changes from the start of a crawl run on (``policyfeed export``)."""
        return export.changes_since(self.db, run_id)

    def rebuild_search(self) -> int:
        """Rebuild the full-text indexes (after a jieba or gazetteer change); the rows indexed."""
        return search.rebuild(self.db)

    def policy_counts_by_kind(self) -> dict[str, int]:
        return {row["kind"]: row["n"] for row in
                self.db.query("select kind, count(*) as n from policies group by kind order by kind")}


def reindex(db_path: str | Path) -> int:
    """`policyfeed reindex`: the search indexes rebuilt under the crawl lock (CrawlLocked while a crawl
    or reparse runs). A rebuild holds the write lock throughout; a crawl, which writes page by page,
    would wait for it only its busy timeout and then fail its pages. So, like a second crawl, a
    reindex does not start."""
    with crawl_lock(Path(db_path)), Store(db_path) as store:
        return store.rebuild_search()
