"""`policyfeed export`: what changed since a crawl run, for services that mirror the policies.

Every change to the policies table is logged in ``policy_events`` as it is written: new, updated
(a record that replaces one of the same kind and place in the text), replaced (the record an update
replaced) and withdrawn (no longer extracted). Export reads that log from the start of a run on. An
exemption's row says whether a later announcement ended it (ended_at, ended_by), and a restoration's
which exemptions it ends (ends), as the database says at export time (table exemption_ends).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import sqlite_utils

FIELDS = ("event", "at", "policy_id", "replaces", "announcement_id", "kind", "date", "start", "end", "windows",
          "hours", "cause", "relief", "address", "time_basis", "regions", "evidence", "url", "title",
          "ended_at", "ended_by", "ends")


class UnknownRun(LookupError):
    """A --since that names no crawl run."""


def changes_since(db: sqlite_utils.Database, run_id: int | None = None) -> Iterator[dict]:
    """Policy changes from the start of crawl run run_id on (everything when None), oldest first."""
    since = ""
    if run_id is not None:
        rows = list(db.query("select started_at from crawl_runs where id = ?", [run_id]))
        if not rows:
            last = list(db.query("select max(id) as id from crawl_runs"))[0]["id"]
            raise UnknownRun(f"no crawl run {run_id}; runs are numbered 1 to {last or 0} (see crawl_runs)")
        since = rows[0]["started_at"]
    for event in db.query("select * from policy_events where at >= ? order by id", [since]):
        record = json.loads(event["record"])
        announcement = list(db.query("select url, title from announcements where id = ?",
                                     [event["announcement_id"]]))
        yield {"event": event["event"], "at": event["at"], "policy_id": event["policy_id"],
               "replaces": event["replaces"], "announcement_id": event["announcement_id"], "kind": event["kind"],
               **{k: record.get(k) for k in ("date", "start", "end", "hours", "cause", "address", "evidence")},
               "relief": json.loads(record["relief"]) if record.get("relief") else None,
               "time_basis": json.loads(record["time_basis"]) if record.get("time_basis") else None,
               "windows": record.get("windows") or _first_window(record),
               "regions": record.get("regions", []),
               "url": announcement[0]["url"] if announcement else None,
               "title": announcement[0]["title"] if announcement else None,
               **_ending(db, event["policy_id"], event["kind"])}


def _ending(db: sqlite_utils.Database, policy_id: str, kind: str) -> dict:
    """As the database says now: an exemption's end announced later (ended_at, ended_by: the
    announcement), and the exemptions a restoration ends (ends: their policy ids)."""
    if kind == "exemption":
        ended = list(db.query("select ended_at, ended_by_announcement from exemption_ends where policy_id = ?",
                              [policy_id]))
        return {"ended_at": ended[0]["ended_at"] if ended else None,
                "ended_by": ended[0]["ended_by_announcement"] if ended else None}
    if kind == "restoration":
        return {"ends": [r["policy_id"] for r in db.query(
            "select policy_id from exemption_ends where ended_by = ? order by policy_id", [policy_id])]}
    return {}


def _first_window(record: dict) -> list[dict]:
    """Events logged before every window was stored carry only the first (start/end)."""
    if record.get("start") is None and record.get("end") is None:
        return []
    return [{"start": record.get("start"), "end": record.get("end")}]


def _cell(value: object) -> object:
    """A CSV cell: lists joined by |, a window as start/end."""
    if isinstance(value, list):
        return "|".join(f"{v.get('start') or ''}/{v.get('end') or ''}" if isinstance(v, dict) else str(v)
                        for v in value)
    return value


def to_jsonl(rows: Iterator[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False)


def to_csv(rows: Iterator[dict]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
        yield buffer.getvalue().rstrip("\n")
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue().rstrip("\n")
