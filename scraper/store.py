"""The SQLite store: schema, stable ids and idempotent writes (sqlite-utils).

Ids are stable so that re-running a crawl or a re-extraction changes nothing that did not change:
an announcement's id comes from its URL; a policy's from its announcement, kind, source, span and
value. Each unit of work (one list page with its items, one article with its policies) is written
in one transaction (``Database.atomic``), so a run killed at any point leaves only whole units.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

import sqlite_utils

from extract import Extraction
from extract.regions import gazetteer

TABLES = {
    "feeds": ({"name": str, "start_urls": str, "allowed_hosts": str, "first_crawled": str,
               "last_crawled": str}, "name"),
    "pages": ({"url": str, "feed": str, "kind": str, "fetched_at": str, "status": int, "etag": str,
               "last_modified": str, "content_type": str, "encoding": str, "content_hash": str,
               "body": bytes, "error": str}, "url"),
    "announcements": ({"id": str, "url": str, "canonical_url": str, "title": str, "published_at": str,
                       "summary": str, "body": str, "content_hash": str, "first_seen": str, "last_seen": str,
                       "list_url": str, "article_fetched_at": str, "extractor_version": str}, "id"),
    "announcement_feeds": ({"announcement_id": str, "feed": str}, ("announcement_id", "feed")),
    "regions": ({"code": str, "name": str, "level": str, "parent": str}, "code"),
    "policies": ({"id": str, "announcement_id": str, "kind": str, "date": str, "start": str, "end": str,
                  "hours": float, "cause": str, "relief": str, "address": str, "time_basis": str,
                  "evidence": str, "span_start": int, "span_end": int, "source": str,
                  "extractor_version": str, "first_seen": str}, "id"),
    "policy_regions": ({"policy_id": str, "region_code": str}, ("policy_id", "region_code")),
    "crawl_runs": ({"id": int, "started_at": str, "finished_at": str, "status": str, "feeds": str,
                    "pages_fetched": int, "not_modified": int, "new_items": int, "updated_items": int,
                    "articles_fetched": int, "requests": int, "errors": str}, "id"),
}
FOREIGN_KEYS = {
    "announcement_feeds": [("announcement_id", "announcements", "id"), ("feed", "feeds", "name")],
    "policies": [("announcement_id", "announcements", "id")],
    "policy_regions": [("policy_id", "policies", "id"), ("region_code", "regions", "code")],
}


def now_iso() -> str:
    return datetime.now().replace(microsecond=0).isoformat()


def stable_id(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def content_hash(text: str) -> str:
    """Hash of normalised text (whitespace collapsed), so byte-level noise is not a change."""
    return hashlib.sha256(" ".join((text or "").split()).encode("utf-8")).hexdigest()[:32]


@dataclass
class ItemWrite:
    id: str
    status: str  # "new" | "updated" | "unchanged"


class Store:
    """policyfeed's database file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA busy_timeout=10000")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.ensure_schema()

    def close(self) -> None:
        self.db.close()

    def ensure_schema(self) -> None:
        with self.db.atomic():
            for name, (columns, pk) in TABLES.items():
                if not self.db[name].exists():
                    self.db[name].create(columns, pk=pk, foreign_keys=FOREIGN_KEYS.get(name),
                                         not_null=[pk] if isinstance(pk, str) else list(pk))
            if not self.db["announcements"].indexes:
                self.db["announcements"].create_index(["url"], unique=True)
                self.db["announcements"].create_index(["published_at"])
                self.db["policies"].create_index(["announcement_id"])
                self.db["policies"].create_index(["kind"])
                self.db["policy_regions"].create_index(["region_code"])
            if self.db["regions"].count == 0:
                gaz = gazetteer()
                self.db["regions"].insert_all(
                    ({"code": r.code, "name": r.name, "level": r.level, "parent": r.parent}
                     for r in gaz.by_code.values()), pk="code")

    # -- feeds and pages -------------------------------------------------------------------------
    def upsert_feed(self, name: str, start_urls: Iterable[str], allowed_hosts: Iterable[str]) -> None:
        existing = self.db["feeds"].get(name) if self._has("feeds", name) else None
        self.db["feeds"].upsert({"name": name, "start_urls": json.dumps(list(start_urls)),
                                 "allowed_hosts": json.dumps(list(allowed_hosts)),
                                 "first_crawled": (existing or {}).get("first_crawled") or now_iso(),
                                 "last_crawled": now_iso()}, pk="name")

    def _has(self, table: str, pk: Any) -> bool:
        try:
            self.db[table].get(pk)
            return True
        except sqlite_utils.db.NotFoundError:
            return False

    def page(self, url: str) -> dict | None:
        rows = list(self.db.query("select * from pages where url = ?", [url]))
        return rows[0] if rows else None

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
        """Record an item seen on a list page; 'updated' when its title, time or summary changed."""
        ann_id = stable_id(url)
        existing = self.announcement(url)
        now = now_iso()
        if existing is None:
            self.db["announcements"].insert({
                "id": ann_id, "url": url, "title": title, "published_at": published, "summary": summary,
                "content_hash": content_hash(summary or ""), "first_seen": now, "last_seen": now,
                "list_url": list_url}, pk="id")
            status = "new"
        else:
            changed = (existing["title"], existing["published_at"], existing["summary"]) != (
                title, published, summary)
            update = {"last_seen": now}
            if changed:
                update.update({"title": title, "published_at": published or existing["published_at"],
                               "summary": summary})
            self.db["announcements"].update(ann_id, update)
            status = "updated" if changed else "unchanged"
        self.db["announcement_feeds"].upsert({"announcement_id": ann_id, "feed": feed},
                                             pk=("announcement_id", "feed"))
        return ItemWrite(ann_id, status)

    def set_article(self, ann_id: str, canonical_url: str, title: str | None, published: str | None,
                    body: str) -> None:
        row = self.db["announcements"].get(ann_id)
        self.db["announcements"].update(ann_id, {
            "canonical_url": canonical_url, "title": title or row["title"],
            "published_at": row["published_at"] or published, "body": body,
            "content_hash": content_hash(body), "article_fetched_at": now_iso()})

    # -- policies --------------------------------------------------------------------------------
    def replace_policies(self, ann_id: str, extraction: Extraction) -> int:
        """Make the announcement's policies exactly those extracted; unchanged ones keep their ids."""
        rows, links = [], []
        for record in extraction.records():
            value = record.value
            ev = record.evidence
            policy_id = stable_id(ann_id, record.kind, ev.source, ev.start, ev.end,
                                  json.dumps(value, ensure_ascii=False, sort_keys=True))
            windows = value.get("windows") or ([value] if record.kind == "window" else [])
            rows.append({
                "id": policy_id, "announcement_id": ann_id, "kind": record.kind,
                "date": value.get("date"),
                "start": windows[0].get("start") if windows else None,
                "end": windows[0].get("end") if windows else None,
                "hours": value.get("hours"), "cause": value.get("cause"),
                "relief": json.dumps(value["relief"]) if "relief" in value else None,
                "address": value.get("address"),
                "time_basis": json.dumps(value["time_basis"]) if "time_basis" in value else None,
                "evidence": ev.text, "span_start": ev.start, "span_end": ev.end, "source": ev.source,
                "extractor_version": extraction.version})
            links.extend({"policy_id": policy_id, "region_code": r["code"]} for r in value.get("regions", []))
        keep = {r["id"] for r in rows}
        old = [r["id"] for r in self.db.query("select id from policies where announcement_id = ?", [ann_id])]
        gone = [pid for pid in old if pid not in keep]
        for pid in gone:
            self.db.execute("delete from policy_regions where policy_id = ?", [pid])
            self.db.execute("delete from policies where id = ?", [pid])
        now = now_iso()
        for row in rows:
            if row["id"] not in old:
                row["first_seen"] = now
                self.db["policies"].insert(row, pk="id")
        for link in links:
            self.db["policy_regions"].upsert(link, pk=("policy_id", "region_code"))
        self.db["announcements"].update(ann_id, {"extractor_version": extraction.version})
        return len(rows)

    # -- runs ------------------------------------------------------------------------------------
    def start_run(self, feeds: list[str]) -> int:
        with self.db.atomic():
            table = self.db["crawl_runs"]
            table.insert({"started_at": now_iso(), "status": "running", "feeds": json.dumps(feeds)})
            return table.last_pk

    def finish_run(self, run_id: int, status: str, counts: dict[str, int], errors: list[str]) -> None:
        with self.db.atomic():
            self.db["crawl_runs"].update(run_id, {"finished_at": now_iso(), "status": status,
                                                  "errors": json.dumps(errors, ensure_ascii=False),
                                                  **counts})

    def counts(self) -> dict[str, int]:
        return {name: self.db[name].count for name in ("announcements", "policies", "policy_regions")}

    def policy_counts_by_kind(self) -> dict[str, int]:
        return {row["kind"]: row["n"] for row in
                self.db.query("select kind, count(*) as n from policies group by kind order by kind")}
