"""The schema: every change a named migration (sqlite-utils' Migrations), applied in order and
recorded in ``_sqlite_migrations``. Never edit one that has shipped; add the next.

The views each migration creates are SQL files under ``views/<migration>/`` (as the canned queries
are), kept as that migration shipped them: a later migration that changes a view adds its own folder.
"""
from __future__ import annotations

from importlib import resources

import sqlite_utils
from sqlite_utils import Migrations

from extract.regions import gazetteer

from .. import browse
from . import ends, search


def _views(migration: str, *names: str) -> list[tuple[str, str]]:
    """A migration's views, in the order it creates them: (name, SQL). The SQL starts with the line
    break the migrations always had, so that the schema text of a database is the same whichever
    version of this module built it."""
    folder = resources.files(__package__).joinpath("views", migration)
    return [(name, "\n" + folder.joinpath(f"{name}.sql").read_text(encoding="utf-8").rstrip("\n")) for name in names]


migrations = Migrations("policyfeed")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.table("feeds").create({"name": str, "start_urls": str, "allowed_hosts": str, "first_crawled": str,
                        "last_crawled": str, "walk_complete": int}, pk="name")
    db.table("pages").create({"url": str, "feed": str, "kind": str, "fetched_at": str, "status": int, "etag": str,
                        "last_modified": str, "content_type": str, "encoding": str, "content_hash": str,
                        "body": bytes, "error": str}, pk="url")
    db.table("announcements").create({
        "id": str, "url": str, "canonical_url": str, "title": str, "published_at": str, "summary": str,
        "body": str, "content_hash": str, "first_seen": str, "last_seen": str, "list_url": str,
        "article_fetched_at": str, "extractor_version": str}, pk="id", not_null=["url"])
    db.table("announcement_feeds").create({
        "announcement_id": str, "feed": str, "list_url": str, "list_title": str, "list_published": str,
        "list_summary": str, "first_seen": str, "last_seen": str}, pk=("announcement_id", "feed"),
        foreign_keys=[("announcement_id", "announcements", "id"), ("feed", "feeds", "name")])
    db.table("regions").create({"code": str, "name": str, "level": str, "parent": str}, pk="code")
    db.table("policies").create({
        "id": str, "announcement_id": str, "kind": str, "date": str, "start": str, "end": str, "hours": float,
        "cause": str, "relief": str, "address": str, "time_basis": str, "evidence": str, "span_start": int,
        "span_end": int, "source": str, "extractor_version": str, "first_seen": str}, pk="id",
        foreign_keys=[("announcement_id", "announcements", "id")])
    db.table("policy_regions").create({"policy_id": str, "region_code": str}, pk=("policy_id", "region_code"),
                                foreign_keys=[("policy_id", "policies", "id"), ("region_code", "regions", "code")])
    db.table("crawl_runs").create({
        "id": int, "started_at": str, "finished_at": str, "status": str, "feeds": str, "pages_fetched": int,
        "not_modified": int, "new_items": int, "updated_items": int, "articles_fetched": int,
        "requests": int, "errors": str}, pk="id")
    db.table("announcements").create_index(["url"], unique=True)
    db.table("announcements").create_index(["published_at"])
    db.table("policies").create_index(["announcement_id"])
    db.table("policies").create_index(["kind"])
    db.table("policy_regions").create_index(["region_code"])
    db.table("regions").insert_all(({"code": r.code, "name": r.name, "level": r.level, "parent": r.parent}
                              for r in gazetteer().by_code.values()), pk="code")


@migrations()
def m002_search_revisions_events_views(db: sqlite_utils.Database) -> None:
    """Chinese full-text search, earlier versions of changed articles, a change log of policies for
    `policyfeed export`, and views for the common questions."""
    db.table("announcement_revisions").create({
        "id": int, "announcement_id": str, "title": str, "published_at": str, "body": str,
        "content_hash": str, "recorded_at": str}, pk="id",
        foreign_keys=[("announcement_id", "announcements", "id")])
    db.table("announcement_revisions").create_index(["announcement_id"])
    db.table("policy_events").create({
        "id": int, "at": str, "event": str, "policy_id": str, "announcement_id": str, "kind": str,
        "replaces": str, "record": str}, pk="id")
    db.table("policy_events").create_index(["at"])
    search.create_indexes(db)
    for row in db.query("select rowid, title, summary, body from announcements"):
        search.index_announcement(db, row["rowid"], row["title"], search.announcement_text(row))
    for name, sql in _views("m002", "exemptions_by_region", "effective_calendar"):
        db.create_view(name, sql, replace=True)


@migrations()
def m003_every_window_and_announcement_regions(db: sqlite_utils.Database) -> None:
    """Every window of a policy (an exemption can have several), and the regions found for a whole
    announcement. Existing policies keep their one stored window; `policyfeed reparse` recovers the
    windows and announcement regions that earlier versions did not store."""
    db.table("policy_windows").create({"policy_id": str, "position": int, "start": str, "end": str},
                                pk=("policy_id", "position"), foreign_keys=[("policy_id", "policies", "id")])
    db.table("policy_windows").create_index(["start"])
    db.table("policy_windows").create_index(["end"])
    db.execute("""insert into policy_windows (policy_id, position, start, "end")
                  select id, 0, start, "end" from policies
                  where kind in ('window', 'exemption') and (start is not null or "end" is not null)""")
    db.table("announcement_regions").create({
        "announcement_id": str, "region_code": str, "evidence": str, "span_start": int, "span_end": int,
        "source": str}, pk=("announcement_id", "region_code"),
        foreign_keys=[("announcement_id", "announcements", "id"), ("region_code", "regions", "code")])
    db.table("announcement_regions").create_index(["region_code"])
    for name, sql in _views("m003", "exemptions_by_region", "effective_calendar"):
        db.create_view(name, sql, replace=True)


@migrations()
def m004_region_names_coordinates_readable_views(db: sqlite_utils.Database) -> None:
    """Regions by name in plain SQL, coordinates for maps, words for coded values, and views that read
    (docs/contracts.md#database). Every row is kept: `regions` gains `path`, `longitude` and `latitude`
    for the gazetteer's codes (and any gazetteer code it lacked); `region_names` maps every name, short
    name and path `check` accepts to its code; `terms` holds the words for causes, relief, addresses and
    time bases."""
    regions = browse.region_rows()
    for column, kind in (("path", str), ("longitude", float), ("latitude", float)):
        db.table("regions").add_column(column, kind)
    db.conn.executemany("insert or ignore into regions (code, name, level, parent) "
                        "values (:code, :name, :level, :parent)", regions)
    db.conn.executemany("update regions set path = :path, longitude = :longitude, latitude = :latitude "
                        "where code = :code", regions)
    db.execute("""create table region_names (name text not null, code text not null references regions (code),
                  kind text not null, rank integer not null, primary key (name, code)) without rowid""")
    db.conn.executemany("insert into region_names (name, code, kind, rank) values (?, ?, ?, ?)",
                        browse.region_name_rows())
    db.execute("create index region_names_code on region_names (code)")
    db.table("terms").create({"field": str, "value": str, "words": str, "chinese": str}, pk=("field", "value"))
    db.table("terms").insert_all(browse.term_rows())
    for name, sql in _views("m004", "exemptions", "exemptions_by_region", "effective_calendar",
                             "announcement_list"):
        db.create_view(name, sql, replace=True)


@migrations()
def m005_terms_for_relief_beyond_shipping(db: sqlite_utils.Database) -> None:
    """Words for the causes and relief the relief grammar added (disaster, weather, outage, fee_waived), and the
    new words for deadline_extended (any deadline, not only shipping): `terms` rows upserted."""
    db.table("terms").upsert_all(browse.term_rows(), pk=("field", "value"))


@migrations()
def m006_exemption_ends(db: sqlite_utils.Database) -> None:
    """Which later announcement ended which exemption (restorations: 恢复正常考核, 取消…临时调整): the
    table ``exemption_ends`` (kept by the Store from then on: scraper/store/ends.py), filled for the
    records there are; the ``exemptions`` view gains since when each runs and its end. A database
    written before has restorations after `policyfeed reparse`."""
    ends.create(db)
    ends.link_all(db)
    for name, sql in _views("m006", "exemptions"):
        db.create_view(name, sql, replace=True)
