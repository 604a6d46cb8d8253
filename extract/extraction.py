"""One announcement in, its policy records out: the extractors run in their order of dependence.

In a text that grants relief, the reported regions are those of its exemption scopes.

simplify (traditional script) -> normalise -> moments (dates, times) -> windows -> effective dates,
durations -> regions -> exemptions.
Spans in the records point into the original text (or the title, when ``source`` is "title");
values found only in the title are kept too, marked so: the gold sets count a title-only mention
as arguable (docs/annotation.md#must-and-may), and a user browsing records wants to see it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from .dates import find_moments
from .durations import find_durations
from .effective import find_effective_dates
from .exemptions import find_exemptions
from .numbers import Normalized, normalize
from .regions import RegionMention, find_regions, gazetteer
from .restorations import find_restorations
from .script import to_simplified
from .values import Duration, EffectiveDate, Exemption, PolicyValue, Region, Restoration, Window
from .windows import Window as FoundWindow
from .windows import find_windows

EXTRACTOR_VERSION = "0.1.0"

#: the kind of a record, one per class of ``values``
RecordKind = Literal["effective_date", "window", "duration", "region", "exemption", "restoration"]
#: where a record was found: the announcement's text or its title
Source = Literal["text", "title"]


class InvalidPublished(ValueError):
    """A publication time that is not an ISO date or date-time."""


def parse_published(value: str | date | datetime) -> datetime:
    """Publication time as a datetime: 2022-09-07, 2022-09-07T17:08:39 or 2022-09-07 17:08:39."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value).strip().replace("Z", "")).replace(tzinfo=None)
    except ValueError:
        raise InvalidPublished(f"published must be an ISO date or date-time such as "
                               f"2022-09-07 or 2022-09-07T17:08:39, not {value!r}") from None


@dataclass(frozen=True)
class Evidence:
    """Where a record came from: the words, their span, and which field (text or title)."""

    text: str
    start: int
    end: int
    source: Source = "text"

    def as_dict(self) -> dict[str, Any]:
        return {"evidence": self.text, "span": [self.start, self.end], "source": self.source}


@dataclass(frozen=True)
class Record:
    """One extracted fact: its kind, its typed value (``values``) and its evidence."""

    kind: RecordKind
    value: PolicyValue
    evidence: Evidence
    version: str = EXTRACTOR_VERSION

    def as_dict(self) -> dict[str, Any]:
        return {**self.value.as_dict(), **self.evidence.as_dict(), "extractor_version": self.version}


@dataclass
class Extraction:
    """Everything found in one announcement."""

    effective_dates: list[Record] = field(default_factory=list)
    windows: list[Record] = field(default_factory=list)
    regions: list[Record] = field(default_factory=list)
    durations: list[Record] = field(default_factory=list)
    exemptions: list[Record] = field(default_factory=list)
    restorations: list[Record] = field(default_factory=list)
    version: str = EXTRACTOR_VERSION

    @property
    def exemption(self) -> bool:
        return bool(self.exemptions)

    def records(self) -> list[Record]:
        return [*self.effective_dates, *self.windows, *self.durations, *self.exemptions, *self.restorations]

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract of ``policyfeed extract`` (docs/contracts.md), with spans and extra keys."""
        return {
            "exemption": self.exemption,
            "effective_dates": [r.as_dict() for r in self.effective_dates],
            "windows": [r.as_dict() for r in self.windows],
            "regions": [r.as_dict() for r in self.regions],
            "durations": [r.as_dict() for r in self.durations],
            "exemptions": [r.as_dict() for r in self.exemptions],
            "restorations": [r.as_dict() for r in self.restorations],
            "extractor_version": self.version,
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _region_value(m: RegionMention) -> Region:
    return Region(m.region.code, m.region.name, m.region.level)


def _window_value(w: FoundWindow) -> Window:
    return Window(_iso(w.begins), _iso(w.ends))


def _extract_one(original: str, published: datetime, source: Source, title: str = "") -> Extraction:
    norm: Normalized = normalize(to_simplified(original))  # same length: spans stay on the original
    text = norm.text

    def evidence(start: int, end: int) -> Evidence:
        s, e = norm.span(start, end)
        return Evidence(original[s:e], s, e, source)

    moments = find_moments(text, published)
    windows = find_windows(text, moments, published)
    effective = find_effective_dates(text, moments, windows, published)
    durations = find_durations(text, moments)
    regions = find_regions(text)
    # the title often names the cause (受台风影响…) when the text does not
    title_text = normalize(to_simplified(title)).text
    exemptions = find_exemptions(text, regions, windows, title_text, moments) if source == "text" else []
    restorations = (find_restorations(text, moments, [e.day for e in effective], published, regions, title_text)
                    if source == "text" else [])
    out = Extraction()
    out.effective_dates = [Record("effective_date", EffectiveDate(e.day.isoformat()), evidence(e.start, e.end))
                           for e in effective]
    out.windows = [Record("window", _window_value(w), evidence(w.start, w.end)) for w in windows]
    out.durations = [Record("duration", Duration(d.hours), evidence(d.start, d.end)) for d in durations]
    if exemptions:  # where relief is granted, the places it covers are the policy's regions; the rest
        # of the text (where the typhoon landed, earlier measures, the platform's seat) is background
        in_scope = {id(m) for x in exemptions for m in x.regions}
        regions = [m for m in regions if id(m) in in_scope]
    out.regions = [Record("region", _region_value(m), evidence(m.start, m.end)) for m in _first_of_each(regions)]
    for x in exemptions:
        value = Exemption(regions=tuple(_region_value(m) for m in _first_of_each(x.regions)),
                          windows=tuple(_window_value(w) for w in x.windows), cause=x.cause,
                          relief=tuple(x.relief), address=x.address, time_basis=tuple(x.time_basis))
        out.exemptions.append(Record("exemption", value, evidence(x.start, x.end)))
    out.restorations = [
        Record("restoration", Restoration(r.moment.isoformat(), r.cause, tuple(_region_value(m) for m in
                                                                                _first_of_each(r.regions))),
               evidence(r.start, r.end)) for r in restorations]
    return out


def _first_of_each(mentions: list[RegionMention]) -> list[RegionMention]:
    seen: set[str] = set()
    first: list[RegionMention] = []
    for m in mentions:
        if m.region.code not in seen:
            seen.add(m.region.code)
            first.append(m)
    return first


def _region_code(record: Record) -> str:
    """The code of a region record (``Extraction.regions`` holds no other kind)."""
    if not isinstance(record.value, Region):
        raise TypeError(f"not a region record: {record.kind}")
    return record.value.code


def extract(text: str, published: str | date | datetime, title: str | None = None) -> Extraction:
    """Policy records of one announcement: text and publication time in, records out."""
    when = parse_published(published)
    result = _extract_one(text or "", when, "text", title or "")
    if title:
        from_title = _extract_one(title, when, "title")
        for name in ("effective_dates", "windows", "regions", "durations"):
            have = {r.value for r in getattr(result, name)}
            getattr(result, name).extend(r for r in getattr(from_title, name) if r.value not in have)
        # a title's 北京 is only the container of the text's 北京市朝阳区; and where the text grants
        # relief, its scopes say where, so a title's places add nothing
        containers = {a for r in result.regions for a in gazetteer().ancestors(_region_code(r))}
        result.regions = [r for r in result.regions if not (r.evidence.source == "title" and (
            _region_code(r) in containers or result.exemptions))]
    return result
