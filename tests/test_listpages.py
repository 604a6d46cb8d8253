"""Every list-page fixture through `policyfeed parse-list`, compared exactly with the JSON beside it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
# listpages_blind*/ were written by someone who never saw the parser, then added here once measured
CASES = sorted((p.parent, p.stem) for folder in ("listpages", "listpages_blind", "listpages_blind2", "listpages_blind3")
               for p in (FIXTURES / folder).glob("*.html"))


@pytest.mark.parametrize("folder, name", CASES, ids=[f"{f.name}/{n}" for f, n in CASES])
def test_parse_list_fixture(folder, name):
    meta = json.loads((folder / f"{name}.meta.json").read_text("utf-8"))
    expected = json.loads((folder / f"{name}.json").read_text("utf-8"))
    args = ["parse-list", str(folder / f"{name}.html"), "--url", meta["url"]]
    if meta.get("now"):
        args += ["--now", meta["now"]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == expected
