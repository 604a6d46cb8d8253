"""policyfeed's extraction library: announcement text and publication time in, policy records out.

Pure: no network, no database, no imports from ``scraper``. The gazetteer and jieba load lazily,
once, on the first text that needs them.
"""
from .extraction import EXTRACTOR_VERSION, Extraction, InvalidPublished, Record, extract, parse_published
from .values import Duration, EffectiveDate, Exemption, PolicyValue, Region, Window

__all__ = ["EXTRACTOR_VERSION", "Duration", "EffectiveDate", "Exemption", "Extraction", "InvalidPublished",
           "PolicyValue", "Record", "Region", "Window", "extract", "parse_published"]
