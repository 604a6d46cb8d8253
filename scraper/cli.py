"""The `policyfeed` command: parses arguments and calls the library, nothing more.

Exit codes (DESIGN.md): 0 ok; 1 finished but some pages failed; 2 usage or configuration error;
3 another run holds the lock.
"""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from pathlib import Path

import click

from extract import InvalidPublished, extract, parse_published
from extract.scoring import format_table, score

from .config import ConfigError, load_config
from .crawl import CrawlLocked, CrawlSummary, run_crawl
from .pages.encoding import decode

DEFAULT_DB = "data/policyfeed.db"


def _dump(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def _now(value: str | None) -> datetime:
    if value is None:
        return datetime.now().replace(microsecond=0)
    try:
        return parse_published(value)
    except InvalidPublished as e:
        raise click.BadParameter(str(e), param_hint="--now") from None


def _read_html(path: str) -> str:
    try:
        body = Path(path).read_bytes()
    except OSError as e:
        raise click.FileError(path, e.strerror) from None
    return decode(body, source=path)[0]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, help="SQLite file to write.")
@click.pass_context
def demo(ctx: click.Context, db_path: str) -> None:
    """Crawl the bundled sample site (served on 127.0.0.1) into --db and summarise."""
    from .demo import run_demo

    try:
        result = run_demo(db_path, progress=_progress(ctx))
    except CrawlLocked as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(3)
    click.echo(f"sample site:        {result.base_url} (feeds config written to {result.config_path})")
    _print_crawl(result.crawl)
    click.echo(f"announcements:      {result.announcements} stored in {db_path}")
    kinds = ", ".join(f"{k} {n}" for k, n in result.policies_by_kind.items()) or "none"
    click.echo(f"policy records:     {kinds}")
    click.echo(f"browse:             policyfeed serve --db {db_path}   (then open http://127.0.0.1:8001/)")
    sys.exit(1 if result.crawl.errors else 0)


@cli.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Feeds TOML (default: bundled).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
@click.option("--feed", "feed_name", help="Crawl only this feed.")
@click.option("--full", is_flag=True, help="Re-walk every page, ignoring what is known.")
@click.option("--max-pages", type=click.IntRange(min=1), help="List pages per feed at most.")
@click.pass_context
def crawl(ctx: click.Context, config_path: str | None, db_path: str, feed_name: str | None, full: bool,
          max_pages: int | None) -> None:
    """The nightly incremental crawl."""
    try:
        config = load_config(config_path)
        summary = run_crawl(config, db_path, feed_name=feed_name, full=full, max_pages=max_pages,
                            progress=_progress(ctx))
    except ConfigError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    except CrawlLocked as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(3)
    _print_crawl(summary)
    sys.exit(1 if summary.errors else 0)


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
def reparse(db_path: str) -> None:
    """Re-parse the stored pages and re-extract, offline (after an upgrade)."""
    from .reparse import reparse as run_reparse

    if not Path(db_path).exists():
        raise click.BadParameter(f"{db_path} does not exist; crawl first", param_hint="--db")
    try:
        summary = run_reparse(db_path)
    except CrawlLocked as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(3)
    click.echo(f"list pages: {summary.list_pages} ({summary.items} items)")
    click.echo(f"articles:   {summary.articles} ({summary.policies} policy records)")
    for error in summary.errors:
        click.echo(f"failed:     {error}")
    sys.exit(1 if summary.errors else 0)


@cli.command()
@click.option("--region", required=True, help="Region code (330106) or name (杭州市, 杭州).")
@click.option("--at", "at", required=True, help="The order's time, YYYY-MM-DD[THH:MM:SS].")
@click.option("--basis", type=click.Choice(["paid", "ship_due", "any"]), default="any", show_default=True,
              help="Which time --at is: payment, shipping due, or either.")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
def check(region: str, at: str, basis: str, db_path: str) -> None:
    """Which exemptions cover an order in REGION at a time; JSON list (empty when none)."""
    from extract.regions import UnknownRegion, gazetteer

    from .check import covering_exemptions
    from .store import Store

    try:
        resolved = gazetteer().resolve(region)
    except UnknownRegion as e:
        raise click.BadParameter(str(e), param_hint="--region") from None
    moment = _now(at)
    if not Path(db_path).exists():
        raise click.BadParameter(f"{db_path} does not exist; crawl first (or give --db)", param_hint="--db")
    store = Store(db_path)
    try:
        _dump(covering_exemptions(store.db, resolved, moment, basis))
    finally:
        store.close()


@cli.command()
@click.option("--since", "since", type=int, help="Crawl run id (crawl_runs.id): changes from its start on.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
def export(since: int | None, fmt: str, db_path: str) -> None:
    """Policy changes (new, updated, replaced, withdrawn) since a crawl run, for other services."""
    from .export import UnknownRun, changes_since, to_csv, to_jsonl
    from .store import Store

    if not Path(db_path).exists():
        raise click.BadParameter(f"{db_path} does not exist; crawl first (or give --db)", param_hint="--db")
    store = Store(db_path)
    try:
        lines = (to_csv if fmt == "csv" else to_jsonl)(changes_since(store.db, since))
        for line in lines:
            click.echo(line)
    except UnknownRun as e:
        raise click.BadParameter(str(e), param_hint="--since") from None
    finally:
        store.close()


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(db_path: str, port: int, host: str) -> None:
    """Browse the database in Datasette, with policyfeed's metadata, facets and canned queries."""
    from .serve import serve as run_serve
    from .store import Store

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
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
def reindex(db_path: str) -> None:
    """Rebuild the full-text indexes (after a jieba or gazetteer change)."""
    from .search import rebuild
    from .store import Store

    store = Store(db_path)
    try:
        click.echo(f"indexed {rebuild(store.db)} announcements")
    finally:
        store.close()


@cli.command("extract")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--published", help="Publication time, YYYY-MM-DD[THH:MM:SS] (single text).")
@click.option("--title", help="The announcement's title (single text).")
@click.option("--jsonl", "jsonl_path", type=click.Path(dir_okay=False, allow_dash=True),
              help='Batch: one {"id", "text", "published", "title"?} a line; one result a line out.')
def extract_command(file: str | None, published: str | None, title: str | None, jsonl_path: str | None) -> None:
    """Extract policy records from one text (FILE or stdin) or a JSONL batch."""
    if jsonl_path:
        _extract_batch(jsonl_path)
        return
    if not published:
        raise click.UsageError("--published is required for a single text (or use --jsonl)")
    text = click.open_file(file or "-", encoding="utf-8").read()
    try:
        result = extract(text, published, title)
    except InvalidPublished as e:
        raise click.BadParameter(str(e), param_hint="--published") from None
    _dump(result.as_dict())


def _extract_batch(path: str) -> None:
    with click.open_file(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, published, title = row["text"], row["published"], row.get("title")
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise click.ClickException(f"{path}:{n}: expected a JSON object with id, text, published "
                                           f"({type(e).__name__}: {e})") from None
            try:
                result = extract(text, published, title)
            except InvalidPublished as e:
                raise click.ClickException(f"{path}:{n}: {e}") from None
            out = {"id": row.get("id"), **result.as_dict()}
            click.echo(json.dumps(out, ensure_ascii=False))


@cli.command("eval")
@click.argument("gold_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--errors", is_flag=True, help="List misses and false alarms per announcement.")
def eval_command(gold_path: str, errors: bool) -> None:
    """Precision/recall/F1 per field of the extractor against GOLD.jsonl."""
    gold, predictions = [], {}
    with open(gold_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                gold.append(row)
                predictions[row["id"]] = extract(row["text"], row["published"], row.get("title")).as_dict()
            except (json.JSONDecodeError, KeyError, InvalidPublished) as e:
                raise click.ClickException(f"{gold_path}:{n}: not a gold line ({type(e).__name__}: {e})") from None
    result = score(gold, predictions)
    click.echo(f"{gold_path}: {len(gold)} announcements")
    click.echo(format_table(result))
    if errors:
        for err in result.errors:
            click.echo(json.dumps(err, ensure_ascii=False))


@cli.command("parse-list")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--url", required=True, help="The URL the page was fetched from (resolves links).")
@click.option("--now", help="Fetch time for relative and year-less dates (default: now).")
def parse_list_command(file: str, url: str, now: str | None) -> None:
    """Items and next link of a saved list page, as JSON."""
    from .pages.listpage import parse_list

    _dump(parse_list(_read_html(file), url, _now(now)).as_dict())


@cli.command("parse-article")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--url", required=True, help="The URL the page was fetched from.")
@click.option("--now", help="Fetch time for relative dates (default: now).")
def parse_article_command(file: str, url: str, now: str | None) -> None:
    """Title, canonical URL, publication time and main text of a saved article page, as JSON."""
    from .pages.article import parse_article

    _dump(parse_article(_read_html(file), url, _now(now)).as_dict())


if __name__ == "__main__":  # pragma: no cover
    cli()
