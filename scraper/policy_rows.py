"""Policy records to database rows: one function per kind, from the typed values in ``extract.values``.

A record becomes one ``policies`` row, one ``policy_windows`` row per window (an exemption can have
several: 7月20日至22日，以及8月1日至3日) and one ``policy_regions`` row per region (an exemption's or a
restoration's). ``policies.start``
and ``end`` keep the first window for readers of the older schema; ``policy_windows`` holds them all.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extract import Record
from extract.values import Duration, EffectiveDate, Exemption, PolicyValue, Region, Restoration, Window

Row = dict[str, Any]


@dataclass
class PolicyRows:
    policy: Row
    windows: list[Row] = field(default_factory=list)
    regions: list[Row] = field(default_factory=list)


def stable_id(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def policy_id(announcement_id: str, record: Record) -> str:
    """Stable across runs: the same record in the same place of the same announcement keeps its id."""
    ev = record.evidence
    return stable_id(announcement_id, record.kind, ev.source, ev.start, ev.end,
                     json.dumps(record.value.as_dict(), ensure_ascii=False, sort_keys=True))


def _base(announcement_id: str, record: Record, version: str) -> Row:
    ev = record.evidence
    return {"id": policy_id(announcement_id, record), "announcement_id": announcement_id, "kind": record.kind,
            "date": None, "start": None, "end": None, "hours": None, "cause": None, "relief": None,
            "address": None, "time_basis": None, "evidence": ev.text, "span_start": ev.start, "span_end": ev.end,
            "source": ev.source, "extractor_version": version}


def _window_rows(pid: str, windows: tuple[Window, ...]) -> list[Row]:
    return [{"policy_id": pid, "position": i, "start": w.start, "end": w.end} for i, w in enumerate(windows)]


def _region_rows(pid: str, regions: tuple[Region, ...]) -> list[Row]:
    return [{"policy_id": pid, "region_code": r.code} for r in regions]


def effective_date_rows(announcement_id: str, record: Record, value: EffectiveDate, version: str) -> PolicyRows:
    return PolicyRows({**_base(announcement_id, record, version), "date": value.date})


def window_rows(announcement_id: str, record: Record, value: Window, version: str) -> PolicyRows:
    policy = {**_base(announcement_id, record, version), "start": value.start, "end": value.end}
    return PolicyRows(policy, _window_rows(policy["id"], (value,)))


def duration_rows(announcement_id: str, record: Record, value: Duration, version: str) -> PolicyRows:
    return PolicyRows({**_base(announcement_id, record, version), "hours": value.hours})


def exemption_rows(announcement_id: str, record: Record, value: Exemption, version: str) -> PolicyRows:
    first = value.windows[0] if value.windows else Window(None, None)
    policy = {**_base(announcement_id, record, version), "start": first.start, "end": first.end,
              "cause": value.cause, "relief": json.dumps(list(value.relief)), "address": value.address,
              "time_basis": json.dumps(list(value.time_basis))}
    return PolicyRows(policy, _window_rows(policy["id"], value.windows), _region_rows(policy["id"], value.regions))


def restoration_rows(announcement_id: str, record: Record, value: Restoration, version: str) -> PolicyRows:
    """``date`` holds the moment the normal rules apply again (a date-time)."""
    policy = {**_base(announcement_id, record, version), "date": value.start, "cause": value.cause}
    return PolicyRows(policy, regions=_region_rows(policy["id"], value.regions))


ROWS_OF: dict[type, Callable[..., PolicyRows]] = {
    EffectiveDate: effective_date_rows, Window: window_rows, Duration: duration_rows, Exemption: exemption_rows,
    Restoration: restoration_rows,
}


def rows_of(announcement_id: str, record: Record, version: str) -> PolicyRows:
    """The rows of one record; a region record is no policy (see ``announcement_region_rows``)."""
    value: PolicyValue = record.value
    try:
        to_rows = ROWS_OF[type(value)]
    except KeyError:
        raise TypeError(f"no policy rows for a {type(value).__name__} value ({record.kind} record)") from None
    return to_rows(announcement_id, record, value, version)


def announcement_region_rows(announcement_id: str, records: list[Record]) -> list[Row]:
    """The regions found for a whole announcement, each with where it was first found."""
    rows: dict[str, Row] = {}
    for record in records:
        value = record.value
        if isinstance(value, Region) and value.code not in rows:
            ev = record.evidence
            rows[value.code] = {"announcement_id": announcement_id, "region_code": value.code, "evidence": ev.text,
                                "span_start": ev.start, "span_end": ev.end, "source": ev.source}
    return list(rows.values())
