"""Shared fixtures: the bundled sample site on a real 127.0.0.1 server, temporary databases."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.samplesite import serve_sample_site

DATA = Path(__file__).parent / "data"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def seed_gold() -> list[dict]:
    """The development set, kept in the repository (tests/data/seed_gold.jsonl)."""
    return [json.loads(line) for line in (DATA / "seed_gold.jsonl").read_text("utf-8").splitlines() if line]


@pytest.fixture
def sample_site():
    """The sample site on a free port of 127.0.0.1; yields its base URL."""
    with serve_sample_site(port=None) as base:
        yield base


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "policyfeed.db"
