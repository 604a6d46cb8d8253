"""`policyfeed check`: which exemptions cover an order shipped from or to a region at a moment.

Containment goes by code: an exemption for 杭州市 (330100) or 浙江省 (330000) covers an order in
杭州市西湖区 (330106); an exemption for 泸定县 does not cover all of 甘孜州. An exemption that names no
region (a nationwide holiday rule) covers every region. An exemption covers the moment when one of its
windows does (an exemption can have several: 7月20日至22日，以及8月1日至3日); a window covers the
moment when the moment is within it (an open bound is unbounded). ``basis`` narrows to exemptions
whose time basis is the order's payment time (paid) or its shipping-due time (ship_due); exemptions
that do not say which time counts match any basis.

An exemption a later announcement ended (恢复正常考核, 取消…临时调整: the table exemption_ends) does not
cover moments from its end on; one still open after NO_END_ANNOUNCED_DAYS is marked "no end announced".

The rules "a window holds the moment", "not ended by then" and "no end announced" are written once
(``window_holds``, ``not_ended``, ``no_end_announced``): this module's query and the canned queries
in_force and exemptions_covering (data/datasette/queries/*.sql, where ``{{ window_holds(w, m.at) }}``
and the like stand for them; ``scraper.serve`` puts them in) all use them.
"""
from __future__ import annotations

import json
from datetime import datetime

import sqlite_utils

from extract.regions import Region, gazetteer
from extract.vocabulary import ANY_BASIS, ORDER_BASES

#: what ``basis`` can be: the time of the order the moment is (payment, shipping due), or either
BASES = (*ORDER_BASES, ANY_BASIS)
#: an open-ended exemption that has run this long with no end announced is listed apart ("no end
#: announced"), not mixed with today's: relief for a 2022 epidemic is rarely still meant in 2026
NO_END_ANNOUNCED_DAYS = 180


def window_holds(window: str, at: str, joiner: str = " and ") -> str:
    """The SQL condition "the window holds the moment": the policy_windows row called ``window``
    holds the moment ``at`` (an SQL expression: ``:at``, ``m.at``) when it is bounded on at least one
    side and the moment is within it, an open bound unbounded. ``joiner`` joins the three conditions
    (``"\\n    and "`` lays them out one a line)."""
    return joiner.join((f'({window}.start is not null or {window}."end" is not null)',
                        f"({window}.start is null or {window}.start <= {at})",
                        f'({window}."end" is null or {window}."end" >= {at})'))


def not_ended(policy: str, at: str) -> str:
    """The SQL condition "no later announcement ended the exemption ``policy`` (an SQL expression: its
    id) by the moment ``at``" (table exemption_ends: restorations such as 恢复正常考核)."""
    return f"not exists (select 1 from exemption_ends x where x.policy_id = {policy} and x.ended_at <= {at})"


def no_end_announced(window: str, since: str, at: str) -> str:
    """The SQL condition "the window is open-ended and has run NO_END_ANNOUNCED_DAYS or more by ``at``"
    (``since``: when it began, an SQL expression)."""
    return (f'({window}."end" is null and {since} <= '
            f"strftime('%Y-%m-%dT%H:%M:%S', {at}, '-{NO_END_ANNOUNCED_DAYS} days'))")


def region_asked(region: str) -> str:
    """Common table expressions for a canned query: ``asked(code)``, the region the parameter
    ``region`` (``:region``) names, looked up in region_names as ``check --region`` resolves it, and
    ``up(code)``, that region and every region containing it (the codes an exemption covering it names)."""
    return (f"asked(code) as (\n"
            f"  select code from region_names where name = trim({region}) order by rank limit 1\n"
            f"),\n"
            f"up(code) as (\n"
            f"  select code from asked\n"
            f"  union\n"
            f"  select r.parent from regions r join up on r.code = up.code where coalesce(r.parent, '') != ''\n"
            f")")


def cause_asked(cause: str) -> str:
    """A common table expression ``cause_asked(value)``: the cause the parameter ``cause`` names, by
    its code (typhoon) or its words (台风, typhoon) in terms."""
    return (f"cause_asked(value) as (\n"
            f"  select value from terms where field = 'cause' and trim({cause}) in (value, chinese, words)\n"
            f")")


def region_and_ancestors(region: Region) -> list[str]:
    return [region.code, *gazetteer().ancestors(region.code)]


def covering_exemptions(db: sqlite_utils.Database, region: Region, at: datetime, basis: str = ANY_BASIS) -> list[dict]:
    """The exemptions that cover an order in region at the moment at, oldest announcement first; those
    with no end announced (NO_END_ANNOUNCED_DAYS) after the rest, as the canned queries list them."""
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
    codes = region_and_ancestors(region)
    params = {"at": at.replace(microsecond=0).isoformat(), **{f"c{i}": code for i, code in enumerate(codes)}}
    marks = ", ".join(f":c{i}" for i in range(len(codes)))
    # since: as the exemptions view says it (the first window's start, else the publication)
    since = "coalesce((select min(v.start) from policy_windows v where v.policy_id = p.id), a.published_at)"
    rows = db.query(f"""
        select p.*, a.title, a.url, a.published_at, w.start as window_start, w."end" as window_end,
               {since} as since, {no_end_announced('w', since, ':at')} as no_end_announced,
               ends.ended_at, e.title as ended_by_title, e.url as ended_by_url
        from policies p join announcements a on a.id = p.announcement_id
        join policy_windows w on w.policy_id = p.id
        left join exemption_ends ends on ends.policy_id = p.id
        left join announcements e on e.id = ends.ended_by_announcement
        where p.kind = 'exemption'
          and w.position = (select min(v.position) from policy_windows v where v.policy_id = p.id
                            and {window_holds('v', ':at')})
          and {not_ended('p.id', ':at')}
          and (not exists (select 1 from policy_regions x where x.policy_id = p.id)
               or exists (select 1 from policy_regions x where x.policy_id = p.id and x.region_code in ({marks})))
        order by a.published_at, p.id""", params)
    out = []
    for row in rows:
        time_basis = json.loads(row["time_basis"] or "[]")
        if basis != ANY_BASIS and time_basis and basis not in time_basis:
            continue
        regions = [r["region_code"] for r in db.query(
            "select region_code from policy_regions where policy_id = ? order by region_code", [row["id"]])]
        windows = [{"start": w["start"], "end": w["end"]} for w in db.query(
            'select start, "end" from policy_windows where policy_id = ? order by position', [row["id"]])]
        out.append({
            "policy_id": row["id"], "announcement": {"title": row["title"], "url": row["url"],
                                                     "published": row["published_at"]},
            "window": {"start": row["window_start"], "end": row["window_end"]}, "windows": windows,
            "regions": regions,
            "cause": row["cause"], "relief": json.loads(row["relief"] or "[]"), "address": row["address"],
            "time_basis": time_basis, "evidence": row["evidence"],
            "since": row["since"], "no_end_announced": bool(row["no_end_announced"]),
            "ends": ({"at": row["ended_at"], "announcement": {"title": row["ended_by_title"],
                                                             "url": row["ended_by_url"]}}
                     if row["ended_at"] else None)})
    return sorted(out, key=lambda x: x["no_end_announced"])  # stable: each part stays oldest first
