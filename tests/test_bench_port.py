"""The parsing benchmark's anchor (bench/bs4_listpage.py, scraper.pages.listpage ported to
BeautifulSoup + lxml) must stay a faithful port: its output equals parse_list's on every list
fixture. When the list parser changes, this fails until the port gets the same change, so
`make bench` never times a parser against an older algorithm."""
from __future__ import annotations

import pytest

pytest.importorskip("bs4", reason="beautifulsoup4 is in the test extra: pip install -e '.[test]'")
pytest.importorskip("lxml", reason="lxml is in the test extra: pip install -e '.[test]'")

from bench import bs4_listpage  # noqa: E402
from bench.parsing import FOLDERS, load_pages  # noqa: E402
from scraper.pages.listpage import parse_list  # noqa: E402

PAGES = load_pages()


def test_every_list_fixture_folder_is_included():
    assert {"listpages", "listpages_forums"} <= set(FOLDERS)
    assert len(PAGES) >= 66


@pytest.mark.parametrize("page", PAGES, ids=[p["name"] for p in PAGES])
def test_the_port_agrees_with_parse_list(page):
    ours = parse_list(page["html"], page["url"], page["now"]).as_dict()
    port = bs4_listpage.parse_list(page["html"], page["url"], page["now"]).as_dict()
    assert port == ours
