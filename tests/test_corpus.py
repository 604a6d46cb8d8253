"""Every extractor against its table of examples in extract/corpus/ (the specification)."""
from __future__ import annotations

import importlib

import pytest

from extract.dates import find_dates
from extract.durations import find_durations
from extract.effective import find_effective_dates
from extract.exemptions import find_exemptions
from extract.extraction import parse_published
from extract.dates import find_moments
from extract.numbers import normalize
from extract.regions import find_regions
from extract.windows import find_windows


def _iso(moment):
    return moment.isoformat() if moment is not None else None


def _analyse(text, published):
    norm = normalize(text).text
    moments = find_moments(norm, published)
    return norm, moments, find_windows(norm, moments, published)


def run_numbers(text, published):
    return normalize(text).text


def run_dates(text, published):
    return [m.value for m in find_dates(normalize(text).text, published)]


def run_windows(text, published):
    _, _, windows = _analyse(text, published)
    return [[_iso(w.begins), _iso(w.ends)] for w in windows]


def run_effective(text, published):
    norm, moments, windows = _analyse(text, published)
    return [e.day.isoformat() for e in find_effective_dates(norm, moments, windows, published)]


def run_durations(text, published):
    norm, moments, _ = _analyse(text, published)
    out = []
    for d in find_durations(norm, moments):
        if d.hours not in out:
            out.append(d.hours)
    return out


def run_regions(text, published):
    return sorted(m.region.code for m in find_regions(normalize(text).text))


def run_exemptions(text, published):
    norm, moments, windows = _analyse(text, published)
    return [
        {"regions": sorted(m.region.code for m in x.regions),
         "windows": [[_iso(w.begins), _iso(w.ends)] for w in x.windows],
         "cause": x.cause, "relief": x.relief, "address": x.address, "time_basis": x.time_basis}
        for x in find_exemptions(norm, find_regions(norm), windows)
    ]


RUNNERS = {"numbers": run_numbers, "dates": run_dates, "windows": run_windows,
           "effective": run_effective, "durations": run_durations, "regions": run_regions,
           "exemptions": run_exemptions}


def _cases():
    for name in RUNNERS:
        corpus = importlib.import_module(f"extract.corpus.{name}")
        for i, example in enumerate(corpus.EXAMPLES):
            text, expected = example[0], example[1]
            published = example[2] if len(example) > 2 else corpus.PUBLISHED
            yield pytest.param(name, text, expected, published, id=f"{name}-{i:02d}")


@pytest.mark.parametrize("name, text, expected, published", list(_cases()))
def test_corpus(name, text, expected, published):
    assert RUNNERS[name](text, parse_published(published)) == expected
