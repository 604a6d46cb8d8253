"""The `policyfeed` command: parses arguments and calls the library, nothing more.

Exit codes (README): 0 ok; 1 finished but some pages failed; 2 usage, configuration or input error;
3 another run holds the lock; 4 the database cannot be used (StoreError). Errors are one line on
stderr, never a traceback.
"""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from extract import InvalidPublished, extract, parse_published
from extract.scoring import FIELDS, format_table, gold_values, score
from extract.vocabulary import ANY_BASIS

from .check import BASES
from .config import ConfigError, load_config
from .crawl import CrawlSummary, run_crawl
from .pages.encoding import decode
from .store import CrawlLocked, Store, StoreError
from .store import reindex as rebuild_indexes

DEFAULT_DB = "data/policyfeed.db"
EXIT_LOCKED = 3
EXIT_STORE = 4


# --- options that several commands share, each defined once (as sqlite-utils does) ---------------
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def db_option(help: str | None = None) -> Decorator:
    """``--db PATH`` (``db_path``), defaulting to data/policyfeed.db, for every command that opens it."""
    return click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, help=help)


def url_option(help: str) -> Decorator:
    """``--url``: the URL a saved page was fetched from."""
    return click.option("--url", required=True, help=help)


def now_option(help: str) -> Decorator:
    """``--now``: the fetch time a saved page's relative dates are read against."""
    return click.option("--now", help=help)


#: a saved page to parse (parse-list, parse-article)
saved_page_argument = click.argument("file", type=click.Path(exists=True, dir_okay=False))


class InputError(click.ClickException):
    """An input file or line that cannot be used: exit 2, like a usage error."""

    exit_code = 2


class Locked(click.ClickException):
    """Another crawl, reparse or reindex holds the database's lock."""

    exit_code = EXIT_LOCKED


class StoreUnusable(click.ClickException):
    """The database cannot be opened for the work (a set-up problem), not pages that failed (1)."""

    exit_code = EXIT_STORE


class BadLine(ValueError):
    """A JSONL input line that is not what the command reads; the message says why."""


class PolicyfeedGroup(click.Group):
    """Turns the library's set-up errors, whichever command meets them, into their exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as e:
            raise InputError(str(e)) from None
        except CrawlLocked as e:
            raise Locked(str(e)) from None
        except StoreError as e:
            raise StoreUnusable(str(e)) from None


def _dump(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def _now(value: str | None, option: str = "--now") -> datetime:
    if value is None:
        return datetime.now().replace(microsecond=0)
    try:
        return parse_published(value)
    except InvalidPublished:
        raise click.BadParameter(f"{value!r} is not an ISO date or date-time (YYYY-MM-DD or "
                                 f"YYYY-MM-DDTHH:MM:SS)", param_hint=option) from None


def _read_bytes(path: str) -> bytes:
    """All of a file (stdin for -); an unreadable file is an input error, not a traceback."""
    try:
        with click.open_file(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None


def _utf8(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadLine(f"{where} is not UTF-8 text (byte {e.start}: {e.reason}); convert it first, "
                      f"e.g. iconv -f GB18030 -t UTF-8") from None


def _read_html(path: str) -> str:
    return decode(_read_bytes(path), source=path)[0]


def _jsonl(path: str) -> Iterator[tuple[int, bytes]]:
    """(line number, line) of a JSONL file or stdin, blank lines skipped; undecoded, so that a line
    that is not UTF-8 is one bad line, not the end of the batch."""
    try:
        with click.open_file(path, "rb") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    yield n, line
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None


def _text_line(line: bytes) -> dict:
    """One {"id", "text", "published", "title"?} line, checked, so extract() gets what it expects."""
    try:
        row = json.loads(_utf8(line, "the line"))
    except json.JSONDecodeError as e:
        raise BadLine(f"not JSON ({e})") from None
    if not isinstance(row, dict):
        raise BadLine(f'expected a JSON object with "id", "text", "published", not {type(row).__name__}')
    missing = [key for key in ("id", "text", "published") if row.get(key) is None]
    if missing:
        raise BadLine(f"no {', '.join(repr(k) for k in missing)} (every line needs id, text and published)")
    if not isinstance(row["id"], (str, int)):
        raise BadLine(f'"id" must be a string or a number, not {type(row["id"]).__name__}')
    for key in ("text", "published", "title"):
        if row.get(key) is not None and not isinstance(row[key], str):
            raise BadLine(f'"{key}" must be a string, not {type(row[key]).__name__}')
    return row


def _check_gold(row: dict) -> None:
    """A gold line's "gold" in the form scoring reads: {"exemption": bool, FIELD: {"must": [...],
    "may": [...]}}, windows as [start, end] pairs."""
    gold = row.get("gold")
    if not isinstance(gold, dict):
        raise BadLine('no "gold" object (expected {"exemption": ..., "windows": {"must": [...], "may": [...]}, ...})'
                      if gold is None else f'"gold" must be an object, not {type(gold).__name__}')
    for name in FIELDS:
        spec = gold.get(name) or {}
        if not isinstance(spec, dict):
            raise BadLine(f'gold "{name}" must be an object with "must" and "may" lists, not {type(spec).__name__}')
        for key in ("must", "may"):
            values = spec.get(key) or []
            if not isinstance(values, list):
                raise BadLine(f'gold "{name}" "{key}" must be a list, not {type(values).__name__}')
            if name == "windows" and not all(isinstance(w, list) and len(w) == 2 for w in values):
                raise BadLine(f'gold "windows" "{key}" must hold [start, end] pairs')
            try:
                gold_values(name, values)
            except (TypeError, ValueError) as e:
                raise BadLine(f'gold "{name}" "{key}": {e}') from None


def _require_db(db_path: str) -> None:
    """Commands that read or rework a crawl refuse a --db that is not there (rather than create it)."""
    if not Path(db_path).exists():
        raise click.BadParameter(f"{db_path} does not exist; crawl first (or give --db)", param_hint="--db")


def _open_to_write(db_path: str) -> None:
    """Open --db once before a run takes the lock file beside it: an unusable path is reported as
    such (StoreError, exit 4), not as an OSError from creating the lock."""
    Store(db_path).close()


@click.group(cls=PolicyfeedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policyfeed")
@click.option("-v", "--verbose", is_flag=True, help="Log every request, retry and page.")
@click.option("-q", "--quiet", is_flag=True, help="Log only errors; no progress.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """policyfeed: Chinese e-commerce policy announcements into SQLite."""
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.INFO if verbose else logging.WARNING)
    if not quiet:  # one line per page under cron; a live status line on a terminal instead
        logging.getLogger("policyfeed.progress").setLevel(logging.INFO)
    ctx.obj = {"quiet": quiet}


def _progress(ctx: click.Context):
    from .progress import Progress

    return Progress(quiet=bool(ctx.obj and ctx.obj.get("quiet")))


def _print_crawl(summary: CrawlSummary) -> None:
    click.echo(f"feeds:              {', '.join(summary.feeds)}")
    click.echo(f"list pages fetched: {summary.pages_fetched} (not modified: {summary.not_modified})")
    click.echo(f"articles fetched:   {summary.articles_fetched}")
    click.echo(f"items new/updated:  {summary.new_items}/{summary.updated_items}")
    click.echo(f"requests:           {summary.requests}")
    if summary.errors:
        click.echo(f"failed:             {len(summary.errors)}")
        for error in summary.errors:
            click.echo(f"  {error}")


@cli.command()
@db_option(help="SQLite file to write.")
@click.pass_context
def demo(ctx: click.Context, db_path: str) -> None:
    """Crawl the bundled sample site (served on 127.0.0.1) into --db and summarise."""
    from .demo import DemoPortTaken, run_demo

    try:
        result = run_demo(db_path, progress=_progress(ctx))
    except CrawlLocked as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(3)
    except DemoPortTaken as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    click.echo(f"sample site:        {result.base_url} (feeds config written to {result.config_path})")
    _print_crawl(result.crawl)
    click.echo(f"announcements:      {result.announcements} stored in {db_path}")
    kinds = ", ".join(f"{k} {n}" for k, n in result.policies_by_kind.items()) or "none"
    click.echo(f"policy records:     {kinds}")
    click.echo(f"browse:             policyfeed serve --db {db_path}   (then open http://127.0.0.1:8001/)")
    sys.exit(1 if result.crawl.errors else 0)


@cli.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Feeds TOML (default: bundled).")
@db_option()
@click.option("--feed", "feed_name", help="Crawl only this feed.")
@click.option("--full", is_flag=True, help="Re-walk every page, ignoring what is known.")
@click.option("--max-pages", type=click.IntRange(min=1), help="List pages per feed at most.")
@click.pass_context
def crawl(ctx: click.Context, config_path: str | None, db_path: str, feed_name: str | None, full: bool,
          max_pages: int | None) -> None:
    """The nightly incremental crawl."""
    config = load_config(config_path)
    _open_to_write(db_path)
    summary = run_crawl(config, db_path, feed_name=feed_name, full=full, max_pages=max_pages,
                        progress=_progress(ctx))
    _print_crawl(summary)
    sys.exit(1 if summary.errors else 0)


@cli.command()
@db_option()
@click.option("--jobs", type=click.IntRange(min=1),
              help="Worker processes that parse and extract; 1: all in this process  [default: one per core]")
def reparse(db_path: str, jobs: int | None) -> None:
    """Re-parse the stored pages and re-extract, offline (after an upgrade)."""
    from .reparse import reparse as run_reparse

    _require_db(db_path)
    _open_to_write(db_path)
    summary = run_reparse(db_path, jobs=jobs)
    click.echo(f"list pages: {summary.list_pages} ({summary.items} items)")
    click.echo(f"articles:   {summary.articles} ({summary.policies} policy records)")
    for error in summary.errors:
        click.echo(f"failed:     {error}")
    sys.exit(1 if summary.errors else 0)


@cli.command()
@click.option("--region", required=True, help="Region code (330106) or name (杭州市, 杭州).")
@click.option("--at", "at", required=True, help="The order's time, YYYY-MM-DD[THH:MM:SS].")
@click.option("--basis", type=click.Choice(BASES), default=ANY_BASIS, show_default=True,
              help="Which time --at is: payment, shipping due, or either.")
@db_option()
def check(region: str, at: str, basis: str, db_path: str) -> None:
    """Which exemptions cover an order in REGION at a time; JSON list (empty when none)."""
    from extract.regions import UnknownRegion, gazetteer


    try:
        resolved = gazetteer().resolve(region)
    except UnknownRegion as e:
        raise click.BadParameter(str(e), param_hint="--region") from None
    moment = _now(at, "--at")
    _require_db(db_path)
    with Store(db_path, readonly=True) as store:
        _dump(store.covering_exemptions(resolved, moment, basis))


@cli.command()
@click.option("--since", "since", type=int, help="Crawl run id (crawl_runs.id): changes from its start on.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@db_option()
def export(since: int | None, fmt: str, db_path: str) -> None:
    """Policy changes (new, updated, replaced, withdrawn) since a crawl run, for other services."""
    from .export import UnknownRun, to_csv, to_jsonl

    _require_db(db_path)
    with Store(db_path, readonly=True) as store:
        try:
            for line in (to_csv if fmt == "csv" else to_jsonl)(store.changes_since(since)):
                click.echo(line)
        except UnknownRun as e:
            raise click.BadParameter(str(e), param_hint="--since") from None


@cli.command()
@db_option()
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(db_path: str, port: int, host: str) -> None:
    """Browse the database in Datasette, with policyfeed's metadata, facets and canned queries."""
    from .serve import serve as run_serve

    if not Path(db_path).exists():
        raise click.BadParameter(f"{db_path} does not exist; run `policyfeed demo` or a crawl first",
                                 param_hint="--db")
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise click.ClickException("Datasette is not installed: pip install 'policyfeed[datasette]'") from None
    Store(db_path).close()  # bring the schema up to date before serving
    run_serve(db_path, port, host)


@cli.command()
@db_option()
def reindex(db_path: str) -> None:
    """Rebuild the full-text indexes (after a jieba or gazetteer change); not during a crawl (exit 3)."""
    _require_db(db_path)
    _open_to_write(db_path)
    click.echo(f"indexed {rebuild_indexes(db_path)} announcements")


@cli.command("extract")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--published", help="Publication time, YYYY-MM-DD[THH:MM:SS] (single text).")
@click.option("--title", help="The announcement's title (single text).")
@click.option("--jsonl", "jsonl_path", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help='Batch: one {"id", "text", "published", "title"?} a line; one result a line out.')
def extract_command(file: str | None, published: str | None, title: str | None, jsonl_path: str | None) -> None:
    """Extract policy records from one text (FILE or stdin) or a JSONL batch.

    In a batch, a bad line is reported on stderr (line number and why) and skipped; the others are
    extracted; the exit code is 2 if any line was bad."""
    if jsonl_path:
        _extract_batch(jsonl_path)
        return
    if not published:
        raise click.UsageError("--published is required for a single text (or use --jsonl)")
    try:
        text = _utf8(_read_bytes(file or "-"), "stdin" if file in (None, "-") else file)
    except BadLine as e:
        raise InputError(str(e)) from None
    try:
        result = extract(text, published, title)
    except InvalidPublished as e:
        raise click.BadParameter(str(e), param_hint="--published") from None
    _dump(result.as_dict())


def _extract_batch(path: str) -> None:
    bad = lines = 0
    for n, line in _jsonl(path):
        lines += 1
        try:
            row = _text_line(line)
            result = extract(row["text"], row["published"], row.get("title"))
        except (BadLine, InvalidPublished) as e:
            click.echo(f"Error: {path}:{n}: {e}", err=True)
            bad += 1
            continue
        click.echo(json.dumps({"id": row["id"], **result.as_dict()}, ensure_ascii=False))
    if bad:
        raise InputError(f"{bad} of {lines} lines of {path} could not be extracted (listed above)")


@cli.command("eval")
@click.argument("gold_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--errors", is_flag=True, help="List misses and false alarms per announcement.")
def eval_command(gold_path: str, errors: bool) -> None:
    """Precision/recall/F1 per field of the extractor against GOLD.jsonl."""
    gold, predictions = [], {}
    for n, line in _jsonl(gold_path):
        try:
            row = _text_line(line)
            _check_gold(row)
            predictions[row["id"]] = extract(row["text"], row["published"], row.get("title")).as_dict()
        except (BadLine, InvalidPublished) as e:  # scores over part of the set would mislead: stop
            raise InputError(f"{gold_path}:{n}: {e}") from None
        gold.append(row)
    result = score(gold, predictions)
    click.echo(f"{gold_path}: {len(gold)} announcements")
    click.echo(format_table(result))
    if errors:
        for err in result.errors:
            click.echo(json.dumps(err, ensure_ascii=False))


@cli.command("parse-list")
@saved_page_argument
@url_option("The URL the page was fetched from (resolves links).")
@now_option("Fetch time for relative and year-less dates (default: now).")
def parse_list_command(file: str, url: str, now: str | None) -> None:
    """Items and next link of a saved list page, as JSON."""
    from .pages.listpage import parse_list

    _dump(parse_list(_read_html(file), url, _now(now)).as_dict())


@cli.command("parse-article")
@saved_page_argument
@url_option("The URL the page was fetched from.")
@now_option("Fetch time for relative dates (default: now).")
def parse_article_command(file: str, url: str, now: str | None) -> None:
    """Title, canonical URL, publication time and main text of a saved article page, as JSON."""
    from .pages.article import parse_article

    _dump(parse_article(_read_html(file), url, _now(now)).as_dict())


if __name__ == "__main__":  # pragma: no cover
    cli()
