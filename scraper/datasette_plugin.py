"""policyfeed's Datasette plugin (entry point ``datasette: policyfeed``).

Datasette's search box sends ``escape_fts(:search)`` to FTS5. Its own ``escape_fts`` quotes what was
typed as one term, which finds nothing when the index holds jieba words and the user typed an
unsegmented phrase (受台风影响). This plugin installs ``scraper.store.search.fts_query`` under that name, so
the box segments Chinese the same way the index was built. It is registered last (``trylast``) so it
replaces the built-in function on every connection. A query without a word (punctuation, ``*``)
finds nothing, as in Datasette.

An empty search box means no search: Datasette's table form sends ``_search=`` with every filter
applied, and Datasette 0.65 turns that into ``match ''``, a 400 (fts5 syntax error). The ASGI wrapper
drops blank ``_search`` and ``_search_COLUMN`` parameters, so the table shows what the other filters
select, as if there were no search box.

Readable pages (the HTML only; the JSON and CSV keep the stored values):
- a ``title`` cell links to its announcement's page, a ``policy_id`` cell to its record's;
- a JSON list reads as text (``["no_compensation", "no_penalty"]`` -> no compensation claims, no
  penalty points), and the coded cause and address of a record read as words (extract/vocabulary.py);
- long text is wrapped so that the stylesheet shows its first lines in tables and all of it on a
  row page (where the template lays a row out one field a line);
- ``canonical_url`` equal to ``url`` reads "same as url";
- a canned query's notice (unknown region, not a time) stands out;
- the stylesheet (``/-/policyfeed.css``, data/datasette/policyfeed.css) sets column widths;
- the home page and the database page lead with the exemptions in force now (the ``in_force``
  canned query, run here for the templates in data/datasette/templates), and an exemption's page
  says in words where, when and what;
- a map of China that draws without the network (``/DATABASE/-/map``, with the shipped outlines under
  ``/-/outlines/``), shading the regions where an exemption is in force: scraper/datasette_map.py.
"""
from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from importlib import resources
from typing import Any
from urllib.parse import unquote_to_bytes

from datasette import hookimpl
from datasette.utils import is_url, tilde_encode, urlsafe_components
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from extract.vocabulary import ADDRESS, CAUSE

from . import datasette_map
from .browse import JOINERS, TERMS, words
from .check import NO_END_ANNOUNCED_DAYS
from .store.search import fts_query

#: text longer than this many characters is wrapped for the stylesheet to shorten in tables
LONG_TEXT = 60
#: how the canned queries (data/datasette/queries) say that a region or a moment was not understood
NOTICES = ("unknown region: ", "not a time: ")
#: the home page's table of exemptions in force shows at most this many (the query page shows all)
IN_FORCE_ON_HOME = 20

ASGIApp = Callable[[dict, Callable[[], Awaitable[Any]], Callable[[dict], Awaitable[None]]], Awaitable[None]]


@hookimpl(trylast=True)
def prepare_connection(conn) -> None:
    conn.create_function("escape_fts", 1, fts_query)
    conn.create_function("policyfeed_fts_query", 1, fts_query)


@hookimpl
def asgi_wrapper(datasette) -> Callable[[ASGIApp], ASGIApp]:
    def wrap(app: ASGIApp) -> ASGIApp:
        async def blank_search_is_no_search(scope: dict, receive, send) -> None:
            query_string = scope.get("query_string", b"")
            if scope.get("type") == "http" and b"_search" in query_string:
                scope = {**scope, "query_string": drop_blank_search(query_string)}
            await app(scope, receive, send)

        return blank_search_is_no_search

    return wrap


def drop_blank_search(query_string: bytes) -> bytes:
    """The query string without ``_search``/``_search_COLUMN`` parameters that hold only blanks
    (U+3000, the ideographic space of Chinese input, included); everything else kept byte for byte."""
    kept = []
    for part in query_string.split(b"&"):
        key, _, value = part.partition(b"=")
        key = unquote_to_bytes(key.replace(b"+", b" "))
        blank = not unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8", "replace").strip()
        if blank and (key == b"_search" or key.startswith(b"_search_")):
            continue
        kept.append(part)
    return b"&".join(kept)


# --- readable pages ------------------------------------------------------------------------------

def _keys(row) -> list[str]:
    try:
        return list(row.keys())
    except AttributeError:
        return []


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """How a cell reads in HTML; None leaves it to Datasette (numbers, expanded foreign keys, blanks)."""
    if not isinstance(value, str) or not value:
        return None
    keys = _keys(row)
    if column in ("region", "regions") and value.startswith(NOTICES):
        return Markup('<strong class="pf-notice">{}</strong>').format(value)
    if column == "title":
        if table == "announcements":
            ann_id = row["id"]
        else:
            ann_id = row["announcement_id"] if "announcement_id" in keys else None
        if isinstance(ann_id, str) and ann_id:
            return _link(datasette.urls.row(database, "announcements", tilde_encode(ann_id)), value)
    if column == "policy_id" and table not in ("policies", "policy_regions", "policy_windows", "policy_events"):
        return _link(datasette.urls.row(database, "policies", tilde_encode(value)), value)
    if column == "announcement_id" and table != "announcements":
        return _link(datasette.urls.row(database, "announcements", tilde_encode(value)), value)
    if column == "canonical_url" and "url" in keys and row["url"] == value:
        return Markup('<span class="pf-same">same as url</span>')
    if value.startswith("[") and value.endswith("]"):
        listed = _json_list(value)
        if listed is not None:
            return _list_words(column, listed)
    if column in (CAUSE, ADDRESS) and value in TERMS[column]:
        return Markup('<span title="{}">{}</span>').format(value, words(column, value))
    if len(value) > LONG_TEXT and not is_url(value.strip()):
        return Markup('<div class="pf-long">{}</div>').format(value)
    return None


def _link(href: str, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


def _json_list(value: str) -> list | None:
    try:
        listed = json.loads(value)
    except ValueError:
        return None
    if not isinstance(listed, list) or any(isinstance(item, (list, dict)) for item in listed):
        return None
    return listed


def _list_words(column: str, listed: list) -> Markup:
    if not listed:
        return Markup('<span class="pf-none">none</span>')
    items = [words(column, str(item)) if column in TERMS else str(item) for item in listed]
    parts = [_link(item, item) if is_url(item) else escape(item) for item in items]
    text = Markup(escape(JOINERS.get(column, ", "))).join(parts)
    if sum(len(item) for item in items) > LONG_TEXT:
        return Markup('<div class="pf-long">{}</div>').format(text)
    return text


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/-/policyfeed.css")]


@hookimpl
def register_routes():
    async def stylesheet():
        css = (resources.files("policyfeed_data") / "datasette" / "policyfeed.css").read_text("utf-8")
        return Response(css, content_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=60"})

    return [(r"^/-/policyfeed\.css$", stylesheet), *datasette_map.routes()]


@hookimpl
def extra_template_vars(template, database, table, request, datasette):
    """The exemptions in force now, for the home and database pages; an exemption's regions and
    windows in words, for its row page (data/datasette/templates)."""
    if template in ("index.html", "database.html"):
        async def in_force() -> dict:
            return {"in_force": await _in_force_now(datasette, database)}

        return in_force
    if template == "row.html" and table == "policies" and request is not None:
        async def exemption() -> dict:
            policy_id = (urlsafe_components(request.url_vars.get("pks", "")) or [""])[0]
            try:
                rows = await datasette.get_database(database).execute(
                    "select regions, windows, cause, relief, time_basis, address from exemptions where policy_id = ?",
                    [policy_id])
            except Exception:  # noqa: BLE001 - not policyfeed's schema: the page shows without it
                return {"exemption": None}
            row = rows.first()
            return {"exemption": dict(row) if row else None}

        return exemption
    return {}


async def _in_force_now(datasette, database: str | None) -> dict | None:
    names = [database] if database else [name for name in datasette.databases if not name.startswith("_")]
    for name in names:
        query = await datasette.get_canned_query(name, "in_force", None)
        if not query:
            continue
        try:
            results = await datasette.get_database(name).execute(query["sql"], {"at": ""})
        except Exception:  # noqa: BLE001 - the page must show even if this query cannot run (an old schema)
            return None
        rows = [dict(zip(results.columns, row, strict=False)) for row in results.rows]
        for row in rows:
            if row.get("announcement_id"):
                row["link"] = datasette.urls.row(name, "announcements", tilde_encode(row["announcement_id"]))
        return {"database": name, "at": datetime.now().strftime("%Y-%m-%d %H:%M"),
                "rows": rows[:IN_FORCE_ON_HOME], "more": max(0, len(rows) - IN_FORCE_ON_HOME),
                "url": datasette.urls.query(name, "in_force"), "no_end_days": NO_END_ANNOUNCED_DAYS,
                "covering_url": datasette.urls.query(name, "exemptions_covering"),
                "map_url": datasette.urls.database(name) + "/-/map"}
    return None
