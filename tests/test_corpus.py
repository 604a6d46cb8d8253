"""Every extractor against its table of examples in extract/corpus/ (the specification), run through
the one production pipeline (``extract.extract``) wherever the pipeline outputs the field: numbers
and dates are its inner steps and are run alone."""
from __future__ import annotations

import importlib

import pytest

from extract import extract
from extract.dates import find_dates
from extract.extraction import parse_published
from extract.numbers import normalize


def _records(text, published, title=None):
    """The one production pipeline (extract.extract), as the crawl and `policyfeed extract` run it."""
    return extract(text, published, title)


def run_numbers(text, published, title=None):
    return normalize(text).text


def run_dates(text, published, title=None):
    return [m.value for m in find_dates(normalize(text).text, published)]


def run_windows(text, published, title=None):
    return [[r.value.start, r.value.end] for r in _records(text, published, title).windows]


def run_effective(text, published, title=None):
    return [r.value.date for r in _records(text, published, title).effective_dates]


def run_durations(text, published, title=None):
    out = []
    for r in _records(text, published, title).durations:
        if r.value.hours not in out:
            out.append(r.value.hours)
    return out


def run_regions(text, published, title=None):
    return sorted(r.value.code for r in _records(text, published, title).regions)


def run_exemptions(text, published, title=None):
    return [
        {"regions": sorted(r.code for r in x.value.regions),
         "windows": [[w.start, w.end] for w in x.value.windows],
         "cause": x.value.cause, "relief": list(x.value.relief), "address": x.value.address,
         "time_basis": list(x.value.time_basis)}
        for x in _records(text, published, title).exemptions
    ]


def run_restorations(text, published, title=None):
    return [{"start": r.value.start, "cause": r.value.cause, "regions": sorted(x.code for x in r.value.regions)}
            for r in _records(text, published, title).restorations]


RUNNERS = {"numbers": run_numbers, "dates": run_dates, "windows": run_windows,
           "effective": run_effective, "durations": run_durations, "regions": run_regions,
           "exemptions": run_exemptions, "restorations": run_restorations}


def _cases():
    for name in RUNNERS:
        corpus = importlib.import_module(f"extract.corpus.{name}")
        for i, example in enumerate(corpus.EXAMPLES):
            text, expected = example[0], example[1]
            published = example[2] if len(example) > 2 else corpus.PUBLISHED
            title = example[3] if len(example) > 3 else None  # the announcement's title, when it matters
            yield pytest.param(name, text, expected, published, title, id=f"{name}-{i:02d}")


@pytest.mark.parametrize("name, text, expected, published, title", list(_cases()))
def test_corpus(name, text, expected, published, title):
    assert RUNNERS[name](text, parse_published(published), title) == expected
