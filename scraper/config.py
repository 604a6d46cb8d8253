"""The feeds configuration (TOML, the contract in DESIGN.md): what to crawl and how politely."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from .pages.listpage import Selectors

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_USER_AGENT = "policyfeed/0.1 (+https://github.com/policyfeed/policyfeed)"
SELECTOR_KEYS = {"item", "title", "date", "summary", "next"}
FEED_KEYS = {"name", "start_urls", "allowed_hosts", "delay_seconds", "concurrency", "fetch_articles",
             "max_pages", "selectors"}


class ConfigError(ValueError):
    """A feeds file that cannot be used; the message says which file, which feed and what to fix."""


@dataclass(frozen=True)
class Feed:
    name: str
    start_urls: tuple[str, ...]
    allowed_hosts: tuple[str, ...]
    delay_seconds: float = 1.0
    concurrency: int = 2
    fetch_articles: bool = True
    max_pages: int = 50
    selectors: Selectors | None = None


@dataclass(frozen=True)
class Config:
    feeds: tuple[Feed, ...]
    user_agent: str = DEFAULT_USER_AGENT
    source: str = "<bundled>"

    def select(self, name: str | None) -> tuple[Feed, ...]:
        if name is None:
            return self.feeds
        for feed in self.feeds:
            if feed.name == name:
                return (feed,)
        known = ", ".join(f.name for f in self.feeds)
        raise ConfigError(f"{self.source}: no feed named {name!r}; the feeds are: {known}")


def _feed(raw: dict, where: str) -> Feed:
    unknown = set(raw) - FEED_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(FEED_KEYS)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: every [[feeds]] needs a name = \"...\"")
    where = f"{where} (feed {name!r})"
    urls = raw.get("start_urls")
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise ConfigError(f"{where}: start_urls must be a non-empty list of URLs")
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"{where}: start URL {url!r} is not an absolute http(s) URL")
    hosts = raw.get("allowed_hosts") or sorted({urlsplit(u).hostname or "" for u in urls})
    selectors = raw.get("selectors")
    if selectors is not None:
        if not isinstance(selectors, dict) or set(selectors) - SELECTOR_KEYS:
            raise ConfigError(f"{where}: [feeds.selectors] takes only {sorted(SELECTOR_KEYS)}")
        selectors = Selectors(**selectors)
    try:
        feed = Feed(name=name, start_urls=tuple(urls), allowed_hosts=tuple(hosts),
                    delay_seconds=float(raw.get("delay_seconds", 1.0)),
                    concurrency=int(raw.get("concurrency", 2)),
                    fetch_articles=bool(raw.get("fetch_articles", True)),
                    max_pages=int(raw.get("max_pages", 50)), selectors=selectors)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"{where}: {e}") from None
    if feed.delay_seconds < 0 or feed.concurrency < 1 or feed.max_pages < 1:
        raise ConfigError(f"{where}: delay_seconds must be >= 0, concurrency and max_pages >= 1")
    return feed


def parse_config(text: str, source: str = "<string>") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{source}: not valid TOML ({e})") from None
    feeds = data.get("feeds")
    if not isinstance(feeds, list) or not feeds:
        raise ConfigError(f"{source}: no [[feeds]] tables; see the configuration section of the README")
    parsed = tuple(_feed(raw, f"{source}: feeds[{i}]") for i, raw in enumerate(feeds))
    names = [f.name for f in parsed]
    if len(set(names)) != len(names):
        raise ConfigError(f"{source}: feed names must be unique, got {names}")
    return Config(parsed, data.get("user_agent") or DEFAULT_USER_AGENT, source)


def load_config(path: str | Path | None = None) -> Config:
    """The feeds file at path, or the bundled default (data/feeds.toml)."""
    if path is None:
        return parse_config((resources.files("policyfeed_data") / "feeds.toml").read_text("utf-8"),
                            "<bundled feeds.toml>")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read the feeds file {path}: {e.strerror}") from None
    return parse_config(text, str(path))
