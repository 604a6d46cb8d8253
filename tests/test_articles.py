"""Every article fixture through `policyfeed parse-article`, compared exactly with the JSON beside it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
CASES = sorted(p.stem for p in ARTICLES.glob("*.html"))


@pytest.mark.parametrize("name", CASES)
def test_parse_article_fixture(name):
    meta = json.loads((ARTICLES / f"{name}.meta.json").read_text("utf-8"))
    expected = json.loads((ARTICLES / f"{name}.json").read_text("utf-8"))
    args = ["parse-article", str(ARTICLES / f"{name}.html"), "--url", meta["url"]]
    if meta.get("now"):
        args += ["--now", meta["now"]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == expected
