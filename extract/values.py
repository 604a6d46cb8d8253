"""The values of policy records, one dataclass per kind.

Code that stores, checks or exports a record reads typed fields (``exemption.windows[1].end``), not
keys of a dict; ``as_dict`` gives the JSON form of ``policyfeed extract``'s contract.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EffectiveDate:
    """The day a rule takes effect (ISO date)."""

    date: str

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date}


@dataclass(frozen=True)
class Window:
    """A span of time, as ISO date-times; a bound is None when the text leaves it open."""

    start: str | None
    end: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Duration:
    """A service promise or deadline, in hours (48小时发货 -> 48.0)."""

    hours: float

    def as_dict(self) -> dict[str, Any]:
        return {"hours": self.hours}


@dataclass(frozen=True)
class Region:
    """A GB/T 2260 region."""

    code: str
    name: str
    level: str

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "level": self.level}


@dataclass(frozen=True)
class Exemption:
    """Relief granted for orders in some regions during some windows: no penalty, no compensation…"""

    regions: tuple[Region, ...]
    windows: tuple[Window, ...]
    cause: str | None
    relief: tuple[str, ...]
    address: str | None
    time_basis: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"regions": [r.as_dict() for r in self.regions], "windows": [w.as_dict() for w in self.windows],
                "cause": self.cause, "relief": list(self.relief), "address": self.address,
                "time_basis": list(self.time_basis)}


@dataclass(frozen=True)
class Restoration:
    """The normal rules apply again from a moment, for a cause and regions (none: everywhere): the end
    of earlier relief that gave no end of its own (恢复正常考核, 取消…临时调整)."""

    start: str
    cause: str | None
    regions: tuple[Region, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "cause": self.cause, "regions": [r.as_dict() for r in self.regions]}


PolicyValue = EffectiveDate | Window | Duration | Region | Exemption | Restoration
