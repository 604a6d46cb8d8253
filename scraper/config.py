"""The feeds configuration (TOML, the contract in docs/contracts.md): what to crawl and how politely."""
from __future__ import annotations

import codecs
import sys
from dataclasses import MISSING, dataclass, fields
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from .fetch import DEFAULT_USER_AGENT, FetchSettings, origin_of
from .pages.listpage import Selectors

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SELECTOR_KEYS = {"item", "title", "date", "summary", "next"}
FEED_KEYS = {"name", "start_urls", "allowed_hosts", "allowed_origins", "delay_seconds", "concurrency",
             "fetch_articles", "max_pages", "response_deadline_seconds", "selectors"}


class ConfigError(ValueError):
    """A feeds file that cannot be used; the message says which file, which feed and what to fix."""


@dataclass(frozen=True)
class Feed:
    name: str
    start_urls: tuple[str, ...]
    allowed_hosts: tuple[str, ...]  # the hosts of allowed_origins (recorded in the feeds table)
    allowed_origins: tuple[str, ...] = ()  # "scheme://host:port", what the crawl may request
    delay_seconds: float = FetchSettings.delay  # the fetch layer's defaults, where it has one
    concurrency: int = 2
    fetch_articles: bool = True
    max_pages: int = 50
    response_deadline_seconds: float = FetchSettings.response_deadline
    selectors: Selectors | None = None


# a feeds file leaving a key out gets Feed's default: the defaults are written on Feed only
FEED_DEFAULTS = {f.name: f.default for f in fields(Feed) if f.default is not MISSING}


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


def _split_origin(origin: str) -> tuple[str, str, str]:
    """("https", "www.example.com", "443") from an origin_of() string."""
    scheme, rest = origin.split("://", 1)
    host, port = rest.rsplit(":", 1)
    return scheme, host, port


def _host_origins(entry: object, starts: list[str], where: str) -> set[str]:
    """An allowed_hosts entry (the older key) as origins: the host, or host:port, on the schemes of
    the start URLs, and on their ports unless it names its own."""
    if not isinstance(entry, str) or not entry.strip() or any(c in entry for c in "/@?#"):
        raise ConfigError(f"{where}: allowed_hosts entry {entry!r} is not a host name like www.example.com "
                          f"(write full origins such as https://www.example.com:8443 under allowed_origins)")
    not_a_host = f"{where}: allowed_hosts entry {entry!r} is not a host name like www.example.com"
    try:
        parsed = httpx.URL(f"http://{entry.strip()}")
        name = parsed.host  # decoded here: idna.IDNAError (a UnicodeError) for a label such as xn--
    except (httpx.InvalidURL, UnicodeError):
        raise ConfigError(not_a_host) from None
    if not name:
        raise ConfigError(not_a_host)  # ":8080": a port without a host
    host = f"[{name}]" if ":" in name else name
    origins = set()
    for start in starts:
        scheme, _, start_port = _split_origin(start)
        origin = origin_of(f"{scheme}://{host}:{parsed.port or start_port}")
        if origin is None:
            raise ConfigError(not_a_host)
        origins.add(origin)
    return origins


def _origin(entry: object, where: str) -> str:
    """An allowed_origins entry: scheme, host and optional port, nothing more."""
    if isinstance(entry, str):
        origin = origin_of(entry)
        if origin is not None:
            parts = urlsplit(entry.strip())
            if parts.path in ("", "/") and not parts.query and not parts.fragment:
                return origin
    raise ConfigError(f"{where}: allowed_origins entry {entry!r} is not an origin like https://www.example.com "
                      f"or http://127.0.0.1:8080 (scheme, host and optional port; no path)")


def feed_origins(start_urls: list[str], hosts: list | None, origins: list | None, where: str) -> tuple[str, ...]:
    """What a feed may request: its start URLs' origins, plus allowed_origins as written, plus each
    allowed_hosts entry on the start URLs' schemes and ports (a bare host used to mean any port of it;
    now another port must be listed under allowed_origins)."""
    start_origins: set[str] = set()
    for url in start_urls:
        origin = origin_of(url)
        if origin is None:  # never from a feeds file: _feed refuses such a start URL first
            raise ConfigError(f"{where}: start URL {url!r} is not an absolute http(s) URL")
        start_origins.add(origin)
    starts = sorted(start_origins)
    allowed = set(starts)
    for entry in hosts or []:
        allowed |= _host_origins(entry, starts, where)
    for entry in origins or []:
        allowed.add(_origin(entry, where))
    return tuple(sorted(allowed))


def _selectors(raw: object, where: str) -> Selectors:
    """[feeds.selectors], each one compiled now (on an empty document) so that a typo is reported at
    load time with its feed and key, not as a crash in the middle of a crawl."""
    if not isinstance(raw, dict) or set(raw) - SELECTOR_KEYS:
        raise ConfigError(f"{where}: [feeds.selectors] takes only {sorted(SELECTOR_KEYS)}")
    empty = LexborHTMLParser("")
    for key, selector in raw.items():
        if not isinstance(selector, str) or not selector.strip():
            raise ConfigError(f"{where}: [feeds.selectors] {key} must be a CSS selector string, got {selector!r}")
        try:
            empty.css(selector)
        except SelectolaxError as e:
            raise ConfigError(f"{where}: [feeds.selectors] {key} = {selector!r} is not a valid CSS selector "
                              f"({e}); fix it, or remove the line to let detection find it") from None
    return Selectors(**raw)


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
        if parts.scheme not in ("http", "https") or not parts.netloc or origin_of(url) is None:
            raise ConfigError(f"{where}: start URL {url!r} is not an absolute http(s) URL")
    for key in ("allowed_hosts", "allowed_origins"):
        if not isinstance(raw.get(key, []), list):
            raise ConfigError(f"{where}: {key} must be a list of strings")
    origins = feed_origins(urls, raw.get("allowed_hosts"), raw.get("allowed_origins"), where)
    hosts = sorted({_split_origin(o)[1].strip("[]") for o in origins})
    selectors = raw.get("selectors")
    if selectors is not None:
        selectors = _selectors(selectors, where)
    try:
        feed = Feed(name=name, start_urls=tuple(urls), allowed_hosts=tuple(hosts), allowed_origins=origins,
                    delay_seconds=float(raw.get("delay_seconds", FEED_DEFAULTS["delay_seconds"])),
                    concurrency=int(raw.get("concurrency", FEED_DEFAULTS["concurrency"])),
                    fetch_articles=bool(raw.get("fetch_articles", FEED_DEFAULTS["fetch_articles"])),
                    max_pages=int(raw.get("max_pages", FEED_DEFAULTS["max_pages"])),
                    response_deadline_seconds=float(raw.get("response_deadline_seconds",
                                                            FEED_DEFAULTS["response_deadline_seconds"])),
                    selectors=selectors)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"{where}: {e}") from None
    if feed.delay_seconds < 0 or feed.concurrency < 1 or feed.max_pages < 1:
        raise ConfigError(f"{where}: delay_seconds must be >= 0, concurrency and max_pages >= 1")
    if not feed.response_deadline_seconds > 0:
        raise ConfigError(f"{where}: response_deadline_seconds must be > 0 (the longest one response may take)")
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
        data = Path(path).read_bytes()
    except OSError as e:
        raise ConfigError(f"cannot read the feeds file {path}: {e.strerror}") from None
    return parse_config(decode_config(data, str(path)), str(path))


def decode_config(data: bytes, source: str) -> str:
    """The feeds file as text: UTF-8 (TOML's encoding), a leading BOM tolerated (Windows editors
    write one); anything else is an error naming the first bad byte, so it can be found and fixed."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        offset = bom + e.start
        line = data.count(b"\n", 0, offset) + 1
        raise ConfigError(f"{source}: not UTF-8: byte 0x{data[offset]:02x} at offset {offset} (line {line}) is not "
                          f"valid UTF-8; save the file as UTF-8 (e.g. iconv -f GBK -t UTF-8)") from None
