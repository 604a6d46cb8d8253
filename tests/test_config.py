"""The feeds TOML contract: what is accepted, the defaults, and the errors that say what to fix."""
from __future__ import annotations

import pytest

from scraper.config import ConfigError, load_config, parse_config

MINIMAL = """
[[feeds]]
name = "a"
start_urls = ["https://www.example.com/news?page=1"]
"""


def test_defaults_follow_the_documented_contract():
    config = parse_config(MINIMAL)
    feed = config.feeds[0]
    assert feed.allowed_hosts == ("www.example.com",)
    assert (feed.delay_seconds, feed.concurrency, feed.fetch_articles, feed.max_pages) == (1.0, 2, True, 50)
    assert feed.selectors is None
    assert config.user_agent.startswith("policyfeed/")


def test_selectors_are_read():
    config = parse_config(MINIMAL + '[feeds.selectors]\nitem = "ol.news > li"\ndate = "span.time"\n')
    assert config.feeds[0].selectors.item == "ol.news > li"
    assert config.feeds[0].selectors.date == "span.time"


def test_bundled_config_loads():
    config = load_config()
    assert config.feeds and all(f.start_urls for f in config.feeds)


@pytest.mark.parametrize("text, message", [
    ("feeds = 3", "no [[feeds]]"),
    ("[[feeds]\n", "not valid TOML"),
    ('[[feeds]]\nstart_urls = ["https://x.cn/"]\n', "needs a name"),
    ('[[feeds]]\nname = "a"\n', "start_urls must be a non-empty list"),
    ('[[feeds]]\nname = "a"\nstart_urls = ["/relative"]\n', "not an absolute http(s) URL"),
    ('[[feeds]]\nname = "a"\nstart_urls = ["https://x.cn/"]\ndelay = 1\n', "unknown key"),
    ('[[feeds]]\nname = "a"\nstart_urls = ["https://x.cn/"]\nconcurrency = 0\n', "concurrency"),
    ('[[feeds]]\nname = "a"\nstart_urls = ["https://x.cn/"]\ndelay_seconds = "slow"\n', "feed 'a'"),
    (MINIMAL + MINIMAL, "unique"),
    (MINIMAL + '[feeds.selectors]\nrow = "li"\n', "selectors"),
])
def test_bad_configs_say_what_to_fix(text, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        parse_config(text, "feeds.toml")


def test_unknown_feed_name_lists_the_feeds():
    with pytest.raises(ConfigError, match="the feeds are: a"):
        parse_config(MINIMAL).select("b")


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the feeds file"):
        load_config(tmp_path / "nope.toml")


# -- origins (issue 12: other ports of an allowed host) ---------------------------------------------

def test_default_origins_are_exactly_the_start_urls_origins():
    """Tried: start URLs on https (default port) and on http://127.0.0.1:8080 -> exactly those two origins,
    the port always written."""
    config = parse_config('[[feeds]]\nname = "a"\nstart_urls = ["https://www.example.com/news?page=1", '
                          '"http://127.0.0.1:8080/list"]\n')
    assert config.feeds[0].allowed_origins == ("http://127.0.0.1:8080", "https://www.example.com:443")


def test_allowed_hosts_is_still_read_as_hosts_on_the_start_urls_scheme_and_port():
    """Tried: the older allowed_hosts key with a bare host, a host:port and a mixed-case host, start URL on
    http://127.0.0.1:8080 -> each host on http and port 8080 unless it names its own port."""
    config = parse_config('[[feeds]]\nname = "a"\nstart_urls = ["http://127.0.0.1:8080/list"]\n'
                          'allowed_hosts = ["Files.Example.com", "127.0.0.1:9000"]\n')
    assert config.feeds[0].allowed_origins == ("http://127.0.0.1:8080", "http://127.0.0.1:9000",
                                               "http://files.example.com:8080")
    assert config.feeds[0].allowed_hosts == ("127.0.0.1", "files.example.com")


def test_allowed_origins_are_added_to_the_start_origins():
    """Tried: allowed_origins with an explicit port and one with a trailing slash -> normalised, added."""
    config = parse_config(MINIMAL + 'allowed_origins = ["https://cdn.example.com:8443", "HTTP://Files.example.com/"]\n')
    assert config.feeds[0].allowed_origins == ("http://files.example.com:80", "https://cdn.example.com:8443",
                                               "https://www.example.com:443")


@pytest.mark.parametrize("key, value, message", [
    ("allowed_origins", '["www.example.com"]', "not an origin like"),
    ("allowed_origins", '["https://www.example.com/news"]', "no path"),
    ("allowed_origins", '["ftp://www.example.com"]', "not an origin like"),
    ("allowed_origins", '"https://www.example.com"', "must be a list"),
    ("allowed_hosts", '["https://www.example.com"]', "use allowed_origins|under allowed_origins"),
    ("allowed_hosts", '[":8080"]', "not a host name"),  # a port without a host (was a TypeError)
    ("allowed_hosts", '["xn--"]', "not a host name"),  # an invalid IDNA label (was an uncaught IDNAError)
])
def test_bad_origins_say_what_to_write(key, value, message):
    """Tried: a bare host, a path, another scheme under allowed_origins, a string instead of a list, a URL
    under allowed_hosts -> ConfigError naming the feed and the right form."""
    with pytest.raises(ConfigError, match=message) as info:
        parse_config(MINIMAL + f"{key} = {value}\n", "feeds.toml")
    assert "feed 'a'" in str(info.value)


# -- response deadline ------------------------------------------------------------------------------

def test_response_deadline_defaults_to_60_and_is_per_feed():
    """Tried: no key, then response_deadline_seconds = 5 -> 60.0, then 5.0; 0 is refused."""
    assert parse_config(MINIMAL).feeds[0].response_deadline_seconds == 60.0
    assert parse_config(MINIMAL + "response_deadline_seconds = 5\n").feeds[0].response_deadline_seconds == 5.0
    with pytest.raises(ConfigError, match="response_deadline_seconds must be > 0"):
        parse_config(MINIMAL + "response_deadline_seconds = 0\n")


# -- files that are not UTF-8, selectors that are not CSS -------------------------------------------

def test_a_gbk_feeds_file_names_the_file_the_byte_and_the_fix(tmp_path):
    """Tried: a feeds file saved as GBK (a Chinese comment) -> ConfigError with the path, the first bad
    byte's offset and line, and "save the file as UTF-8"; not a UnicodeDecodeError traceback."""
    text = MINIMAL + "# 1688 快讯\n"
    path = tmp_path / "feeds.toml"
    path.write_bytes(text.encode("gbk"))
    offset = text.encode("gbk").index("快".encode("gbk"))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message and f"offset {offset}" in message and "line 5" in message
    assert "save the file as UTF-8" in message


def test_a_utf8_file_with_a_bom_loads(tmp_path):
    """Tried: the same file as UTF-8 with a BOM (as Windows editors save it) -> loads."""
    path = tmp_path / "feeds.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (MINIMAL + "# 1688 快讯\n").encode("utf-8"))
    assert load_config(path).feeds[0].name == "a"


@pytest.mark.parametrize("key, selector", [
    ("item", "ol.news >"),
    ("title", "a:contains(台风)"),
    ("next", "a[rel=next]::"),
    ("date", ""),
])
def test_an_invalid_selector_names_the_feed_the_key_and_the_selector(key, selector):
    """Tried: selectors selectolax cannot compile (a dangling combinator, a jQuery pseudo-class, a stray
    pseudo-element, an empty string) -> ConfigError at load time naming feed 'a', the key and the selector."""
    with pytest.raises(ConfigError) as info:
        parse_config(MINIMAL + f'[feeds.selectors]\n{key} = "{selector}"\n', "feeds.toml")
    message = str(info.value)
    assert "feeds.toml" in message and "feed 'a'" in message and f"{key}" in message and repr(selector) in message


def test_a_non_string_selector_is_a_config_error():
    """Tried: item = 3 -> ConfigError, not a TypeError from selectolax mid-crawl."""
    with pytest.raises(ConfigError, match="item must be a CSS selector string"):
        parse_config(MINIMAL + "[feeds.selectors]\nitem = 3\n")


def test_config_errors_exit_2_without_a_traceback(tmp_path):
    """Tried: `policyfeed crawl` with a GBK file, then with a bad selector -> exit 2, the message, no traceback."""
    from click.testing import CliRunner

    from scraper.cli import cli

    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes((MINIMAL + "# 快讯\n").encode("gbk"))
    bad = tmp_path / "bad.toml"
    bad.write_text(MINIMAL + '[feeds.selectors]\nitem = "li >"\n', encoding="utf-8")
    for path, message in ((gbk, "not UTF-8"), (bad, "not a valid CSS selector")):
        result = CliRunner().invoke(cli, ["crawl", "--config", str(path), "--db", str(tmp_path / "x.db")])
        assert result.exit_code == 2, result.output
        assert message in result.output and "Traceback" not in result.output
