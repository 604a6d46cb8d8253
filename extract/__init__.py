"""policyfeed's extraction library: announcement text and publication time in, policy records out.

Pure: no network, no database, no imports from ``scraper``. The gazetteer and jieba load lazily,
once, on the first text that needs them; the extractors themselves load on first use of a name
below, so that a module that needs only a piece (``scraper.pages`` uses ``extract.dateparts``) does
not compile every extractor's patterns.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .extraction import EXTRACTOR_VERSION, Extraction, InvalidPublished, Record, extract, parse_published
    from .values import Duration, EffectiveDate, Exemption, PolicyValue, Region, Window

__all__ = ["EXTRACTOR_VERSION", "Duration", "EffectiveDate", "Exemption", "Extraction", "InvalidPublished",
           "PolicyValue", "Record", "Region", "Window", "extract", "parse_published"]

#: the module that defines each public name
_HOMES = {name: ".values" if name in ("Duration", "EffectiveDate", "Exemption", "PolicyValue", "Region", "Window")
          else ".extraction" for name in __all__}


def __getattr__(name: str) -> Any:
    """A public name, its module imported on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'extract' has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value
