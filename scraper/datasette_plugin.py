"""policyfeed's Datasette plugin (entry point ``datasette: policyfeed``).

Datasette's search box sends ``escape_fts(:search)`` to FTS5. Its own ``escape_fts`` quotes what was
typed as one term, which finds nothing when the index holds jieba words and the user typed an
unsegmented phrase (受台风影响). This plugin installs ``scraper.search.fts_query`` under that name, so
the box segments Chinese the same way the index was built. It is registered last (``trylast``) so it
replaces the built-in function on every connection. A query without a word (punctuation, ``*``)
finds nothing, as in Datasette.

An empty search box means no search: Datasette's table form sends ``_search=`` with every filter
applied, and Datasette 0.65 turns that into ``match ''``, a 400 (fts5 syntax error). The ASGI wrapper
drops blank ``_search`` and ``_search_COLUMN`` parameters, so the table shows what the other filters
select, as if there were no search box.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable
from urllib.parse import unquote_to_bytes

from datasette import hookimpl

from .search import fts_query

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
