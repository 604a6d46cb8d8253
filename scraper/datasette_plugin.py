"""policyfeed's Datasette plugin (entry point ``datasette: policyfeed``).

Datasette's search box sends ``escape_fts(:search)`` to FTS5. Its own ``escape_fts`` quotes what was
typed as one term, which finds nothing when the index holds jieba words and the user typed an
unsegmented phrase (受台风影响). This plugin installs ``scraper.search.fts_query`` under that name, so
the box segments Chinese the same way the index was built. It is registered last (``trylast``) so it
replaces the built-in function on every connection.
"""
from __future__ import annotations

from datasette import hookimpl

from .search import fts_query


@hookimpl(trylast=True)
def prepare_connection(conn) -> None:
    conn.create_function("escape_fts", 1, fts_query)
    conn.create_function("policyfeed_fts_query", 1, fts_query)
