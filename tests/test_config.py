"""The feeds TOML contract: what is accepted, the defaults, and the errors that say what to fix."""
from __future__ import annotations

import pytest

from scraper.config import ConfigError, load_config, parse_config

MINIMAL = """
[[feeds]]
name = "a"
start_urls = ["https://www.example.com/news?page=1"]
"""


def test_defaults_follow_design_md():
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
