"""Which later announcement ended which exemption: the table ``exemption_ends``, kept by the Store.

A restoration (a ``policies`` row of kind ``restoration``: 恢复正常考核, 取消…临时调整) ends an exemption
when
- its announcement is published after the exemption's (a restoration in the same announcement ends
  nothing: it is that relief's own end);
- its cause is the exemption's, or either names none;
- its regions contain every region of the exemption (a province its cities and counties, a city its
  counties, by GB/T 2260 code prefix), or it names none;
- its moment comes after the exemption began (its first window's start, else its publication) and
  while the exemption still ran (a window open at the end, or ending after the moment).
The earliest such restoration ends it, at its moment (``ended_at``).

A table, not a view: the rule pairs every exemption with every restoration, which a view would redo
on every page that lists what is in force (8 s on 10,000 announcements, over Datasette's time limit
on the home page). The Store updates, in the same transaction as an announcement's records, the rows
those records can change (``Store._replace_policies``): its own exemptions, the exemptions its new
restorations may end, and those its withdrawn restorations had ended.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable

import sqlite_utils

#: the rule above, for the exemptions (and restorations) chosen by {which}; earliest first per exemption
MATCHES = """
select e.id as policy_id, r.date as ended_at, r.id as ended_by, r.announcement_id as ended_by_announcement,
       r.evidence
from policies e
join announcements ea on ea.id = e.announcement_id
join policies r on r.kind = 'restoration' and r.announcement_id != e.announcement_id
join announcements ra on ra.id = r.announcement_id and ra.published_at > ea.published_at
where e.kind = 'exemption' and {which}
  and (r.cause is null or e.cause is null or r.cause = e.cause)
  and r.date > coalesce((select min(w.start) from policy_windows w where w.policy_id = e.id), ea.published_at)
  and exists (select 1 from policy_windows w where w.policy_id = e.id and (w."end" is null or w."end" > r.date))
  and (not exists (select 1 from policy_regions y where y.policy_id = r.id)
       or (exists (select 1 from policy_regions x where x.policy_id = e.id)
           and not exists (
             select 1 from policy_regions x where x.policy_id = e.id and not exists (
               select 1 from policy_regions y join regions g on g.code = y.region_code
               where y.policy_id = r.id
                 and substr(x.region_code, 1, case g.level when 'province' then 2 when 'city' then 4 else 6 end)
                     = substr(y.region_code, 1, case g.level when 'province' then 2 when 'city' then 4 else 6 end)))))
order by e.id, r.date, ra.published_at, r.id
"""
#: SQLite's limit on the parameters of one statement is far above this; chunks keep statements short
CHUNK = 500
#: plain SQL: sqlite-utils' insert_all reads the table's schema on every call, and reparse's writer
#: calls this for every announcement with an exemption (as Store._insert, for the same reason)
INSERT = ("insert into exemption_ends (policy_id, ended_at, ended_by, ended_by_announcement, evidence) "
          "values (:policy_id, :ended_at, :ended_by, :ended_by_announcement, :evidence)")


def create(db: sqlite_utils.Database) -> None:
    db.table("exemption_ends").create({
        "policy_id": str, "ended_at": str, "ended_by": str, "ended_by_announcement": str, "evidence": str},
        pk="policy_id", foreign_keys=[("ended_by_announcement", "announcements", "id")])
    db.table("exemption_ends").create_index(["ended_by"])


def _earliest(db: sqlite_utils.Database, which: str, params: list[str]) -> list[dict]:
    """The first match of each exemption (MATCHES is ordered earliest first per exemption)."""
    first: dict[str, dict] = {}
    for row in db.query(MATCHES.format(which=which), params):
        first.setdefault(row["policy_id"], row)
    return list(first.values())


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i:i + CHUNK]


def link_all(db: sqlite_utils.Database) -> int:
    """Every link from scratch (a migration, a repair); the number of exemptions ended."""
    db.execute("delete from exemption_ends")
    rows = _earliest(db, "1", [])
    db.conn.executemany(INSERT, rows)
    return len(rows)


def detach(db: sqlite_utils.Database, policy_ids: Collection[str]) -> set[str]:
    """Forget the links of policies about to be deleted (an exemption's end, a restoration's ends);
    the exemptions a deleted restoration had ended, whose end is to be found again."""
    orphaned: set[str] = set()
    for chunk in _chunks(policy_ids):
        marks = ", ".join("?" * len(chunk))
        orphaned |= {r["policy_id"] for r in db.query(
            f"select policy_id from exemption_ends where ended_by in ({marks})", chunk)}
        db.execute(f"delete from exemption_ends where policy_id in ({marks}) or ended_by in ({marks})",
                   [*chunk, *chunk])
    return orphaned - set(policy_ids)


def ended_by_any(db: sqlite_utils.Database, restoration_ids: Iterable[str]) -> set[str]:
    """The exemptions these restorations may end (those whose end is to be found again)."""
    found: set[str] = set()
    for chunk in _chunks(restoration_ids):
        which = f"r.id in ({', '.join('?' * len(chunk))})"
        found |= {row["policy_id"] for row in db.query(MATCHES.format(which=which), chunk)}
    return found


def relink(db: sqlite_utils.Database, exemption_ids: Iterable[str]) -> None:
    """Find again the end of each of these exemptions (none when nothing ends it)."""
    for chunk in _chunks(exemption_ids):
        marks = ", ".join("?" * len(chunk))
        db.execute(f"delete from exemption_ends where policy_id in ({marks})", chunk)
        db.conn.executemany(INSERT, _earliest(db, f"e.id in ({marks})", chunk))
