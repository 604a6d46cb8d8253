"""Every list-page fixture through `policyfeed parse-list`, compared exactly with the JSON beside it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli

LISTPAGES = Path(__file__).parent / "fixtures" / "listpages"
CASES = sorted(p.stem for p in LISTPAGES.glob("*.html"))


@pytest.mark.parametrize("name", CASES)
def test_parse_list_fixture(name):
    meta = json.loads((LISTPAGES / f"{name}.meta.json").read_text("utf-8"))
    expected = json.loads((LISTPAGES / f"{name}.json").read_text("utf-8"))
    args = ["parse-list", str(LISTPAGES / f"{name}.html"), "--url", meta["url"]]
    if meta.get("now"):
        args += ["--now", meta["now"]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == expected
