"""What a user sees: a real `policyfeed serve` on the demo database, driven by headless Chromium
(Playwright from PyPI, Debian's `chromium` browser, `fonts-noto-cjk` for Chinese glyphs).

One server, one browser, a handful of pages. On each page: the document is no wider than the
window (``document.documentElement.scrollWidth <= window.innerWidth``), and its Chinese text is drawn
with real glyphs, not tofu (see ``TOFU_JS``). And page by page: the home page leads with the
exemptions in force; the in-force page at 2021-07-26T10:00:00 lists the typhoon exemption with its
regions by name; the covering query finds it for 杭州 and 浙江省杭州市西湖区; the announcements table
shows the title first and each row a few lines high; a row page is headed by the title; the cluster
map draws every exemption region that has a point; the map of China (/demo/-/map) draws its outlines
and shades the typhoon's regions asking nothing of another host; the .atom and .ics links of the exemption feed and
calendar for 杭州 give what feedparser and icalendar read. Requests to anywhere but the server (the map's tiles)
are refused, so the test needs no network.

Each page's screenshot and measurements (pages.json) go to a temporary folder; with
$POLICYFEED_SCREENSHOTS set (`make screenshots`: docs/screenshots) the README's two pictures are
copied there. Without Chromium, its CJK fonts or Playwright the tests are skipped, and the reason says
what to install (with $POLICYFEED_SCREENSHOTS set they fail instead).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.test_datasette import TYPHOON, serving

INSTALL = "apt-get install -y chromium fonts-noto-cjk"
SCREENSHOTS = os.environ.get("POLICYFEED_SCREENSHOTS")
#: the pictures the README shows (docs/screenshots), made by `make screenshots`
README_PICTURES = ("home.png", "in-force.png", "map.png")
VIEWPORT = {"width": 1280, "height": 800}
#: without these, Chromium's own background connections are refused by a closed network and slow it
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

#: Tofu: a character no installed font has is drawn as the same empty box (the .notdef glyph),
#: whatever the character. So each distinct Han character of the element's text is drawn on a canvas
#: in the element's own font (the browser's font fallback applies as on the page), and its pixels
#: compared: with real glyphs the characters all differ from each other and from an unassigned code
#: point (U+0378, which no font has: the tofu box itself); with tofu they are all the same box.
TOFU_JS = """(el) => {
  const style = getComputedStyle(el);
  const chars = [...new Set([...el.innerText].filter(c => /\\p{Script=Han}/u.test(c)))].slice(0, 40);
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 48;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const draw = (c) => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.font = `${style.fontWeight} 32px ${style.fontFamily}`;
    ctx.textBaseline = "top";
    ctx.fillText(c, 8, 8);
    return ctx.getImageData(0, 0, 48, 48).data.join(",");
  };
  const missing = draw("\\u0378");
  const drawn = chars.map(draw);
  return {chars: chars.join(""), distinct: new Set(drawn).size,
          like_missing: chars.filter((c, i) => drawn[i] === missing).join(""),
          font: style.fontFamily};
}"""


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        _unavailable(f"Chromium not found: {INSTALL}")
    if not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout.strip():
        _unavailable(f"no font with Chinese glyphs (fc-list :lang=zh is empty): {INSTALL}")
    return path


def _unavailable(why: str):
    if SCREENSHOTS:  # `make screenshots` must not pass without making them
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="module")
def playwright():
    _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: pip install -e '.[browser]' (make test does)")
    with sync_playwright() as p:
        yield p


def _launch(playwright, profile: str, **options):
    """Debian's Chromium, headless, with a fresh profile directory."""
    return playwright.chromium.launch_persistent_context(profile, executable_path=_chromium(), headless=True,
                                                         args=CHROMIUM_ARGS, viewport=VIEWPORT, **options)


@pytest.fixture(scope="module")
def browser(playwright):
    with tempfile.TemporaryDirectory(prefix="policyfeed-chromium-") as profile:
        context = _launch(playwright, profile)
        yield context
        context.close()


@pytest.fixture(scope="module")
def site(demo_db):
    with serving(demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Where screenshots and measurements go (a temporary folder; the measurements in pages.json at
    the end); with $POLICYFEED_SCREENSHOTS set, the README's pictures are copied there too."""
    folder = tmp_path_factory.mktemp("screenshots")
    measured: dict[str, dict] = {}
    yield folder, measured
    (folder / "pages.json").write_text(json.dumps(measured, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        for name in README_PICTURES:
            if (folder / name).exists():
                shutil.copyfile(folder / name, Path(SCREENSHOTS) / name)


@pytest.fixture(scope="module")
def visit(browser, site, shots):
    """Open a path in one page (kept between visits); check width and glyphs; screenshot it."""
    folder, measured = shots
    page = browser.new_page()
    refused: list[str] = []

    def route(r):
        if r.request.url.startswith(site):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)

    def go(path: str, name: str, wait_for: str | None = None, cjk: str = "table.rows-and-columns tbody") -> object:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        if wait_for:
            page.wait_for_selector(wait_for, timeout=15_000)
        size = page.evaluate("() => ({width: document.documentElement.scrollWidth, window: window.innerWidth,"
                             " height: document.documentElement.scrollHeight})")
        glyphs = page.locator(cjk).first.evaluate(TOFU_JS)
        measured[name] = {"path": path, **size, "glyphs": glyphs, "screenshot": f"{name}.png"}
        page.screenshot(path=folder / f"{name}.png")
        assert size["width"] <= size["window"], f"{path} is {size['width']} px wide in a {size['window']} px window"
        assert len(glyphs["chars"]) >= 4, (path, glyphs)  # there is Chinese to check
        assert glyphs["distinct"] == len(glyphs["chars"]) and not glyphs["like_missing"], (path, glyphs)
        return page

    go.refused = refused
    yield go
    page.close()


def test_home_page_leads_with_the_exemptions_in_force_now(visit):
    page = visit("/", "home", cjk="section.pf-in-force")
    section = page.locator("section.pf-in-force")
    assert section.locator("h2").inner_text().startswith("Exemptions in force now")
    first = page.locator("h2").nth(0)  # the section comes before the database's own heading
    assert first.inner_text().startswith("Exemptions in force now")
    # the demo's one open-ended rule (nationwide, epidemic, 2022-12-28 on) has run for years with no end
    # announced: it is listed apart, saying since when, not among today's
    apart = section.locator(".pf-no-end-table tbody tr")
    assert section.locator("h3.pf-no-end").inner_text().startswith("No end announced")
    assert apart.count() == 1 and "全国" in apart.first.inner_text()
    assert apart.first.locator("td.col-since").inner_text() == "2022-12-28 00:00:00"
    assert apart.first.locator("td.col-until").inner_text() == "open-ended"


def test_in_force_page_lists_the_typhoon_exemption_with_its_regions_by_name(visit):
    page = visit("/demo/in_force?at=2021-07-26T10:00:00", "in-force")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == 1
    regions = rows.first.locator("td.col-regions").inner_text()
    for name in ("上海市", "杭州市", "宁波市", "江苏省常州市"):
        assert name in regions
    link = rows.first.locator("td.col-title a")
    assert link.inner_text() == TYPHOON and "/demo/announcements/" in link.get_attribute("href")
    assert rows.first.locator("td.col-until").inner_text().replace("\n", " ") == "2021-07-28 23:59:59"
    assert rows.first.locator("td.col-since").inner_text().replace("\n", " ") == "2021-07-25 00:00:00"
    assert rows.first.locator("td.col-status").inner_text() == "in force"
    assert page.locator("td.col-evidence").first.is_visible()  # every column in the window, the evidence too
    box = page.locator("td.col-evidence").first.bounding_box()
    assert box["x"] + box["width"] <= 1280


@pytest.mark.parametrize("region, name", [("杭州", "covering"), ("浙江省杭州市西湖区", "covering-xihu")])
def test_covering_query_finds_the_typhoon_exemption_by_name(visit, region, name):
    page = visit(f"/demo/exemptions_covering?region={region}&at=2021-07-26T10:00:00", name)
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td.col-title").inner_text() == TYPHOON
    assert "浙江省杭州市" in rows.first.locator("td.col-region").inner_text()


def test_announcements_table_shows_title_first_and_short_rows(visit, shots):
    page = visit("/demo/announcements", "announcements")
    headers = page.locator("table.rows-and-columns thead th")
    assert headers.first.get_attribute("data-column") == "title"
    title = page.locator("table.rows-and-columns tbody tr").first.locator("td.col-title")
    assert title.bounding_box()["width"] >= 200  # not wrapped every few characters
    rows = page.locator("table.rows-and-columns tbody tr").count()
    height = shots[1]["announcements"]["height"]
    assert rows == 100 and height / rows < 120, height  # was 67,751 px for 100 rows (~680 px a row)


def test_row_page_is_headed_by_the_title_and_shows_the_whole_text(visit, shots):
    page = visit("/demo/announcements?title=" + TYPHOON, "announcements-typhoon")
    page.locator("table.rows-and-columns tbody tr td.col-title a").first.click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=shots[0] / "announcement.png")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("h1").inner_text() == TYPHOON
    body = page.locator("td.col-body")
    assert "商家可在1688商家工作台的公告栏查看完整公告内容" in body.inner_text()  # the last line, not cut


def test_tables_fit_the_window(visit):
    for path, name in (("/demo/policies", "policies"), ("/demo/announcement_list", "announcement-list"),
                       ("/demo/exemptions", "exemptions")):
        visit(path, name)


def test_map_draws_every_exemption_region_with_a_point(visit, shots):
    page = visit("/demo/exemptions_by_region", "exemptions-by-region",
                 wait_for=".leaflet-container .leaflet-marker-icon")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-marker-icon').length > 0")
    page.wait_for_timeout(500)  # the cluster layer settles
    singles = page.locator(".leaflet-marker-icon:not(.marker-cluster)").count()
    clustered = sum(int(t) for t in page.locator(".marker-cluster span").all_inner_texts())
    expected = page.evaluate("""async () => {
        const r = await fetch(location.pathname + '.json?_shape=array&_size=max&latitude__notblank=1');
        return (await r.json()).length; }""")
    assert singles + clustered == expected > 10
    the_map = page.locator(".leaflet-container")
    the_map.scroll_into_view_if_needed()
    the_map.screenshot(path=shots[0] / "cluster-map.png")
    assert any("tile.openstreetmap.org" in url for url in visit.refused)  # tiles: the browser's internet


def test_map_of_china_draws_offline_and_shades_the_exemptions_in_force(visit, shots):
    """/demo/-/map: outlines shipped with policyfeed, Leaflet from datasette-leaflet, nothing asked of
    another host. At the typhoon's moment its ten prefectures (上海市, 江苏省常州市…, 浙江省杭州市…) are
    shaded and its regions marked, a marker's popup links the announcement, and map tiles are asked
    for only once their layer is switched on. The README's map.png is this page."""
    before = len(visit.refused)
    page = visit("/demo/-/map?at=2021-07-26T10:00:00", "map", wait_for=".pf-map.pf-map-ready",
                 cjk="table.pf-map-list tbody")
    assert visit.refused[before:] == []  # no tiles, no CDN: the page is whole offline
    assert page.locator(".pf-map path.pf-outline").count() >= 30
    assert page.locator(".pf-map path.pf-province").count() == 34
    shaded = page.locator(".pf-map path.pf-prefecture.pf-in-force")
    assert shaded.count() == 10
    assert float(shaded.first.get_attribute("fill-opacity")) > 0 and shaded.first.get_attribute("d")
    assert page.locator(".pf-map path.pf-nationwide").count() == 0
    markers = page.locator(".pf-map path.pf-marker")
    assert markers.count() == 10
    page.screenshot(path=shots[0] / "map.png", full_page=True)  # the README's: the map and the list under it
    markers.first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    assert popup.locator("a").first.inner_text() == TYPHOON
    assert popup.locator("a").first.get_attribute("href").startswith("/demo/announcements/")
    page.get_by_label("Map tiles from openstreetmap.org (needs internet)").check()
    page.wait_for_function("() => document.querySelectorAll('.leaflet-tile').length > 0")
    assert any("tile.openstreetmap.org" in url for url in visit.refused[before:])  # only when asked for


def test_the_tofu_check_sees_tofu(playwright, tmp_path):
    """The glyph check itself: with fontconfig limited to fonts without Chinese (DejaVu), the same
    Chinese text is drawn as tofu, and TOFU_JS says so."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("needs DejaVu (fonts-dejavu-core) as the font without Chinese")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>{dejavu}</dir>'
                    f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>', encoding="utf-8")
    context = _launch(playwright, str(tmp_path / "profile"), env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    try:
        page = context.new_page()
        page.set_content(f"<h1>{TYPHOON}</h1>")
        glyphs = page.locator("h1").evaluate(TOFU_JS)
    finally:
        context.close()
    assert glyphs["distinct"] == 1 and glyphs["like_missing"] == glyphs["chars"], glyphs


@pytest.mark.parametrize("query, extension", [("exemption_feed", "atom"), ("exemption_calendar", "ics")])
def test_the_feed_and_the_calendar_are_linked_and_parse(browser, site, query, extension):
    """From the canned query's page for 杭州, the browser follows its .atom (.ics) link - what a person
    copies into a feed reader (calendar app) - and what comes back parses with feedparser (icalendar):
    the typhoon announcement is in it."""
    import feedparser
    import icalendar

    page = browser.new_page()
    try:
        page.goto(f"{site}/demo/{query}?region=杭州")
        link = page.locator(f'a[href*=".{extension}?"]').first
        href = link.get_attribute("href")
        assert href.startswith(f"/demo/{query}.{extension}?region="), href
        response = page.request.get(site + href)
        assert response.ok, response.status
        body = response.body()
    finally:
        page.close()
    if extension == "atom":
        parsed = feedparser.parse(body)
        assert not parsed.bozo and any("台风" in e.title and "浙江省杭州市" in e.title for e in parsed.entries)
        assert parsed.entries[0].link.startswith("http")
    else:
        events = icalendar.Calendar.from_ical(body).walk("VEVENT")
        assert any("台风" in str(e["SUMMARY"]) and "浙江省杭州市" in str(e["SUMMARY"]) for e in events)
        assert len({str(e["UID"]) for e in events}) == len(events)
