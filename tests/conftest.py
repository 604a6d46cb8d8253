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


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site crawled once, as `policyfeed demo` does, for the tests that serve or read the
    demo database (Datasette, the feeds, the map, the browser); a test that writes works on a copy."""
    from scraper.crawl import run_crawl
    from scraper.demo import demo_config

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with serve_sample_site(port=None) as base:
        run_crawl(demo_config(base, delay=0), db)
    return db


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "policyfeed.db"
