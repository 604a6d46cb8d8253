"""The SQLite store: schema, stable ids and idempotent writes (sqlite-utils).

Ids are stable so that re-running a crawl or a re-extraction changes nothing that did not change:
an announcement's id comes from its URL; a policy's from its announcement, kind, source, span and
value. Each unit of work (one list page with its items, one article with its policies) is written
in one transaction (``Database.atomic``), so a run killed at any point leaves only whole units.
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
from typing import Any
from urllib.request import pathname2url

import sqlite_utils
from sqlite_utils import Migrations

from extract import Extraction
from extract.regions import Region, gazetteer

from . import browse, check, export, search
from .policy_rows import announcement_region_rows, rows_of, stable_id


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


#: every schema change is a named migration, applied in order and recorded in _sqlite_migrations;
#: never edit one that has shipped, add the next
migrations = Migrations("policyfeed")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["feeds"].create({"name": str, "start_urls": str, "allowed_hosts": str, "first_crawled": str,
                        "last_crawled": str, "walk_complete": int}, pk="name")
    db["pages"].create({"url": str, "feed": str, "kind": str, "fetched_at": str, "status": int, "etag": str,
                        "last_modified": str, "content_type": str, "encoding": str, "content_hash": str,
                        "body": bytes, "error": str}, pk="url")
    db["announcements"].create({
        "id": str, "url": str, "canonical_url": str, "title": str, "published_at": str, "summary": str,
        "body": str, "content_hash": str, "first_seen": str, "last_seen": str, "list_url": str,
        "article_fetched_at": str, "extractor_version": str}, pk="id", not_null=["url"])
    db["announcement_feeds"].create({
        "announcement_id": str, "feed": str, "list_url": str, "list_title": str, "list_published": str,
        "list_summary": str, "first_seen": str, "last_seen": str}, pk=("announcement_id", "feed"),
        foreign_keys=[("announcement_id", "announcements", "id"), ("feed", "feeds", "name")])
    db["regions"].create({"code": str, "name": str, "level": str, "parent": str}, pk="code")
    db["policies"].create({
        "id": str, "announcement_id": str, "kind": str, "date": str, "start": str, "end": str, "hours": float,
        "cause": str, "relief": str, "address": str, "time_basis": str, "evidence": str, "span_start": int,
        "span_end": int, "source": str, "extractor_version": str, "first_seen": str}, pk="id",
        foreign_keys=[("announcement_id", "announcements", "id")])
    db["policy_regions"].create({"policy_id": str, "region_code": str}, pk=("policy_id", "region_code"),
                                foreign_keys=[("policy_id", "policies", "id"), ("region_code", "regions", "code")])
    db["crawl_runs"].create({
        "id": int, "started_at": str, "finished_at": str, "status": str, "feeds": str, "pages_fetched": int,
        "not_modified": int, "new_items": int, "updated_items": int, "articles_fetched": int,
        "requests": int, "errors": str}, pk="id")
    db["announcements"].create_index(["url"], unique=True)
    db["announcements"].create_index(["published_at"])
    db["policies"].create_index(["announcement_id"])
    db["policies"].create_index(["kind"])
    db["policy_regions"].create_index(["region_code"])
    db["regions"].insert_all(({"code": r.code, "name": r.name, "level": r.level, "parent": r.parent}
                              for r in gazetteer().by_code.values()), pk="code")


@migrations()
def m002_search_revisions_events_views(db: sqlite_utils.Database) -> None:
    """Chinese full-text search, earlier versions of changed articles, a change log of policies for
    `policyfeed export`, and views for the common questions."""
    db["announcement_revisions"].create({
        "id": int, "announcement_id": str, "title": str, "published_at": str, "body": str,
        "content_hash": str, "recorded_at": str}, pk="id",
        foreign_keys=[("announcement_id", "announcements", "id")])
    db["announcement_revisions"].create_index(["announcement_id"])
    db["policy_events"].create({
        "id": int, "at": str, "event": str, "policy_id": str, "announcement_id": str, "kind": str,
        "replaces": str, "record": str}, pk="id")
    db["policy_events"].create_index(["at"])
    search.create_indexes(db)
    for row in db.query("select rowid, title, summary, body from announcements"):
        search.index_announcement(db, row["rowid"], row["title"], search.announcement_text(row))
    for name, sql in M002_VIEWS.items():
        db.create_view(name, sql, replace=True)


#: the views as m002 shipped them (a migration never changes once shipped; later ones replace views)
M002_VIEWS = {
    "exemptions_by_region": """
select p.id as policy_id, pr.region_code, r.name as region_name, r.level as region_level,
       coalesce(prov.name, r.name) as province, p.start, p."end", p.cause, p.relief, p.address, p.time_basis,
       a.title, a.published_at, a.url, p.evidence
from policies p
join policy_regions pr on pr.policy_id = p.id
join regions r on r.code = pr.region_code
left join regions prov on prov.code = substr(pr.region_code, 1, 2) || '0000' and prov.code != r.code
join announcements a on a.id = p.announcement_id
where p.kind = 'exemption'""",
    "effective_calendar": """
select p.date as effective_date, a.title, a.published_at, a.url, p.evidence, p.source, p.id as policy_id
from policies p join announcements a on a.id = p.announcement_id
where p.kind = 'effective_date'""",
}


@migrations()
def m003_every_window_and_announcement_regions(db: sqlite_utils.Database) -> None:
    """Every window of a policy (an exemption can have several), and the regions found for a whole
    announcement. Existing policies keep their one stored window; `policyfeed reparse` recovers the
    windows and announcement regions that earlier versions did not store."""
    db["policy_windows"].create({"policy_id": str, "position": int, "start": str, "end": str},
                                pk=("policy_id", "position"), foreign_keys=[("policy_id", "policies", "id")])
    db["policy_windows"].create_index(["start"])
    db["policy_windows"].create_index(["end"])
    db.execute("""insert into policy_windows (policy_id, position, start, "end")
                  select id, 0, start, "end" from policies
                  where kind in ('window', 'exemption') and (start is not null or "end" is not null)""")
    db["announcement_regions"].create({
        "announcement_id": str, "region_code": str, "evidence": str, "span_start": int, "span_end": int,
        "source": str}, pk=("announcement_id", "region_code"),
        foreign_keys=[("announcement_id", "announcements", "id"), ("region_code", "regions", "code")])
    db["announcement_regions"].create_index(["region_code"])
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


#: the views as m003 shipped them (m003 reads this name, so it stays as it was; m004 replaces them
#: with M004_VIEWS, the views as they are now)
VIEWS = {
    "exemptions_by_region": """
select p.id as policy_id, pr.region_code, r.name as region_name, r.level as region_level,
       coalesce(prov.name, r.name) as province, w.start, w."end", p.cause, p.relief, p.address, p.time_basis,
       a.title, a.published_at, a.url, p.evidence
from policies p
left join policy_windows w on w.policy_id = p.id
join policy_regions pr on pr.policy_id = p.id
join regions r on r.code = pr.region_code
left join regions prov on prov.code = substr(pr.region_code, 1, 2) || '0000' and prov.code != r.code
join announcements a on a.id = p.announcement_id
where p.kind = 'exemption'""",
    "effective_calendar": """
select p.date as effective_date, a.title, a.published_at, a.url, p.evidence, p.source, p.id as policy_id
from policies p join announcements a on a.id = p.announcement_id
where p.kind = 'effective_date'""",
}


@migrations()
def m004_region_names_coordinates_readable_views(db: sqlite_utils.Database) -> None:
    """Regions by name in plain SQL, coordinates for maps, words for coded values, and views that read
    (docs/contracts.md#database). Every row is kept: `regions` gains `path`, `longitude` and `latitude`
    for the gazetteer's codes (and any gazetteer code it lacked); `region_names` maps every name, short
    name and path `check` accepts to its code; `terms` holds the words for causes, relief, addresses and
    time bases."""
    regions = browse.region_rows()
    for column, kind in (("path", str), ("longitude", float), ("latitude", float)):
        db["regions"].add_column(column, kind)
    db.conn.executemany("insert or ignore into regions (code, name, level, parent) "
                        "values (:code, :name, :level, :parent)", regions)
    db.conn.executemany("update regions set path = :path, longitude = :longitude, latitude = :latitude "
                        "where code = :code", regions)
    db.execute("""create table region_names (name text not null, code text not null references regions (code),
                  kind text not null, rank integer not null, primary key (name, code)) without rowid""")
    db.conn.executemany("insert into region_names (name, code, kind, rank) values (?, ?, ?, ?)",
                        browse.region_name_rows())
    db.execute("create index region_names_code on region_names (code)")
    db["terms"].create({"field": str, "value": str, "words": str, "chinese": str}, pk=("field", "value"))
    db["terms"].insert_all(browse.term_rows())
    for name, sql in M004_VIEWS.items():
        db.create_view(name, sql, replace=True)


@migrations()
def m005_terms_for_relief_beyond_shipping(db: sqlite_utils.Database) -> None:
    """Words for the causes and relief the relief grammar added (disaster, weather, outage, fee_waived), and the
    new words for deadline_extended (any deadline, not only shipping): `terms` rows upserted."""
    db["terms"].upsert_all(browse.term_rows(), pk=("field", "value"))


#: an exemption's regions in words: 上海市；浙江省杭州市、宁波市 (one part per province, its regions
#: below it named from there), or 全国 when it names none
_REGIONS_IN_WORDS = """case when exists (select 1 from policy_regions x where x.policy_id = p.id) then (
         select group_concat(part, '；') from (
           select prov.name || coalesce((select group_concat(rest, '、') from (
                    select substr(r.path, length(prov.name) + 1) as rest
                    from policy_regions x join regions r on r.code = x.region_code
                    where x.policy_id = p.id and substr(x.region_code, 1, 2) = substr(prov.code, 1, 2)
                    order by x.region_code)), '') as part
           from (select distinct substr(region_code, 1, 2) || '0000' as code from policy_regions
                 where policy_id = p.id) pc
           join regions prov on prov.code = pc.code
           order by prov.code))
       else '全国' end"""

#: the views as they are now (m004 on; m004 reads this name: a later migration that changes a view
#: adds its own dict and leaves this one as m004 shipped it)
M004_VIEWS = {
    "exemptions": f"""
select p.id as policy_id,
       {_REGIONS_IN_WORDS} as regions,
       (select group_concat(span, '; ') from (
          select coalesce(w.start, '…') || ' – ' || coalesce(w."end", '…') as span
          from policy_windows w where w.policy_id = p.id order by w.position)) as windows,
       coalesce((select t.words from terms t where t.field = 'cause' and t.value = p.cause), p.cause) as cause,
       (select group_concat(coalesce(t.words, j.value), ', ') from json_each(p.relief) j
          left join terms t on t.field = 'relief' and t.value = j.value) as relief,
       coalesce((select group_concat(coalesce(t.words, j.value), ' or ') from json_each(p.time_basis) j
          left join terms t on t.field = 'time_basis' and t.value = j.value), 'not stated') as time_basis,
       coalesce((select t.words from terms t where t.field = 'address' and t.value = p.address), p.address)
         as address,
       a.title, a.published_at, p.evidence,
       case when exists (select 1 from policy_regions x where x.policy_id = p.id) then (
         select json_group_array(prov.name) from (
           select distinct substr(region_code, 1, 2) || '0000' as code from policy_regions
           where policy_id = p.id order by code) pc
         join regions prov on prov.code = pc.code)
       else json_array('全国') end as provinces,
       (select group_concat(region_code, ' ') from (
          select region_code from policy_regions x where x.policy_id = p.id order by region_code)) as region_codes,
       p.announcement_id, a.url
from policies p join announcements a on a.id = p.announcement_id
where p.kind = 'exemption'""",
    "exemptions_by_region": """
select p.id as policy_id, pr.region_code,
       case when pr.region_code is null then '全国' else r.name end as region_name,
       case when pr.region_code is null then 'nationwide' else r.level end as region_level,
       case when pr.region_code is null then '全国' else coalesce(prov.name, r.name) end as province,
       w.start, w."end", p.cause, p.relief, p.address, p.time_basis,
       a.title, a.published_at, a.url, p.evidence,
       r.path as region_path, r.latitude, r.longitude, p.announcement_id
from policies p
left join policy_windows w on w.policy_id = p.id
left join policy_regions pr on pr.policy_id = p.id
left join regions r on r.code = pr.region_code
left join regions prov on prov.code = substr(pr.region_code, 1, 2) || '0000' and prov.code != r.code
join announcements a on a.id = p.announcement_id
where p.kind = 'exemption'""",
    "effective_calendar": """
select p.date as effective_date, a.title, a.published_at, a.url, p.evidence, p.source, p.id as policy_id,
       p.announcement_id
from policies p join announcements a on a.id = p.announcement_id
where p.kind = 'effective_date'""",
    "announcement_list": """
select a.title, a.published_at,
       (select case when length(s) > 100 then substr(s, 1, 100) || '…' else s end
        from (select coalesce(nullif(trim(a.summary), ''), a.body) as s)) as summary,
       (select json_group_array(feed) from (
          select feed from announcement_feeds f where f.announcement_id = a.id order by feed)) as feeds,
       (select json_group_array(kind) from (
          select distinct kind from policies p where p.announcement_id = a.id order by kind)) as kinds,
       (select json_group_array(cause) from (
          select distinct cause from policies p where p.announcement_id = a.id and cause is not null
          order by cause)) as causes,
       (select json_group_array(name) from (
          select distinct prov.name from (
            select region_code from announcement_regions where announcement_id = a.id
            union select x.region_code from policies p join policy_regions x on x.policy_id = p.id
                  where p.announcement_id = a.id) c
          join regions prov on prov.code = substr(c.region_code, 1, 2) || '0000'
          union select '全国' where exists (
            select 1 from policies p where p.announcement_id = a.id and p.kind = 'exemption'
            and not exists (select 1 from policy_regions x where x.policy_id = p.id))
          order by 1)) as provinces,
       substr(a.published_at, 1, 4) as year, substr(a.published_at, 1, 7) as month,
       a.id as announcement_id, a.url
from announcements a""",
}


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

    def ensure_schema(self) -> None:
        """Apply pending migrations (each in its own transaction)."""
        migrations.apply(self.db)

    def schema_version(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]

    # -- feeds and pages -------------------------------------------------------------------------
    def upsert_feed(self, name: str, start_urls: Iterable[str], allowed_hosts: Iterable[str]) -> None:
        row = {"name": name, "start_urls": json.dumps(list(start_urls)),
               "allowed_hosts": json.dumps(list(allowed_hosts)), "last_crawled": now_iso()}
        if self.feed(name) is None:
            row.update(first_crawled=row["last_crawled"], walk_complete=0)
        self.db["feeds"].upsert(row, pk="name")

    def feed(self, name: str) -> dict | None:
        rows = list(self.db.query("select * from feeds where name = ?", [name]))
        return rows[0] if rows else None

    def set_walk_complete(self, name: str, complete: bool) -> None:
        """Whether the feed's last walk reached its end; a walk cut short is resumed next run."""
        self.db["feeds"].update(name, {"walk_complete": int(complete)})

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
        self.db["pages"].upsert(row, pk="url")

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
            self.db["announcements"].insert({
                "id": ann_id, "url": url, "title": title, "published_at": published, "summary": summary,
                "content_hash": content_hash(summary or ""), "first_seen": now, "last_seen": now,
                "list_url": list_url}, pk="id")
            self.db["announcement_feeds"].insert({**listing, "first_seen": now}, pk=("announcement_id", "feed"))
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
            self.db["announcement_feeds"].insert({**listing, "first_seen": now}, pk=("announcement_id", "feed"))
        if changed:
            self._index(ann_id)
        return ItemWrite(ann_id, "updated" if changed else "unchanged", bool(existing["article_fetched_at"]),
                         bool(existing["extractor_version"]))

    def _index(self, ann_id: str) -> None:
        row = next(self.db.query("select rowid, title, summary, body from announcements where id = ?", [ann_id]))
        search.index_announcement(self.db, row["rowid"], row["title"], search.announcement_text(row))

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
            search.index_announcement(self.db, row["rowid"], *self.indexed_texts(row, title, body))

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
        events = []
        for pid in gone:
            codes = [r["region_code"] for r in self.db.query(
                "select region_code from policy_regions where policy_id = ?", [pid])]
            spans = list(self.db.query("select start, \"end\" from policy_windows where policy_id = ? order by position",
                                       [pid]))
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
        return len(rows)

    def _insert(self, table: str, rows: list[dict], or_ignore: bool = False) -> None:
        """Rows of one table in one statement. Plain SQL on the hot path of crawl and reparse (every
        value is already a string, number or None): sqlite-utils' insert_all reads the table's schema
        on every call, which was a third of the reparse writer's time."""
        if not rows:
            return
        columns = list(dict.fromkeys(key for row in rows for key in row))
        names = ", ".join(f"[{column}]" for column in columns)
        self.db.conn.executemany(
            f"insert {'or ignore ' if or_ignore else ''}into [{table}] ({names}) values ({', '.join('?' * len(columns))})",
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
            table = self.db["crawl_runs"]
            table.insert({"started_at": now_iso(), "status": "running", "feeds": json.dumps(feeds)})
            return table.last_pk

    def finish_run(self, run_id: int, status: str, counts: dict[str, int], errors: list[str]) -> None:
        with self.db.atomic():
            self.db["crawl_runs"].update(run_id, {"finished_at": now_iso(), "status": status,
                                                  "errors": json.dumps(errors, ensure_ascii=False),
                                                  **counts})

    def announcement_count(self) -> int:
        return self.db["announcements"].count

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
