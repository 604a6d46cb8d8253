"""`policyfeed serve`: Datasette on the database with policyfeed's metadata, facets, canned queries and
templates.

Not immutable mode: the nightly crawl writes while people browse (WAL lets both happen). The bundled
metadata (data/datasette.json) is written for a database called DATABASE; it is renamed to the
served file's name, which is what Datasette calls the database. A canned query's SQL is kept in its
own file (``"sql_file"``: data/datasette/queries/NAME.sql, readable on several lines) and put into the
metadata here, built at serve time: ``{{ window_holds(WINDOW, MOMENT) }}`` in a file is the rule "the
window holds the moment" as ``scraper.check.window_holds`` writes it for ``policyfeed check``, one
condition a line (each further line's ``and`` ends where the first condition starts), so the rule
is written once. The templates in data/datasette/templates lead the home page with the exemptions in
force, head row pages with their label (an announcement's title) and show long text whole only there;
policyfeed's plugin (scraper/datasette_plugin.py) does the rest.
"""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from importlib import resources
from pathlib import Path

from .check import window_holds

#: where a canned query's SQL file takes the rule "the window holds the moment" (scraper.check)
WINDOW_HOLDS = re.compile(r"\{\{\s*window_holds\((\w+),\s*([\w.:]+)\)\s*\}\}")


def _data():
    return resources.files("policyfeed_data")


def canned_sql(text: str) -> str:
    """A canned query's SQL from its file: the rule "the window holds the moment" put in for
    ``{{ window_holds(WINDOW, MOMENT) }}``, its conditions one a line, ``and`` aligned under the
    keyword before it (``  where …`` then ``    and …``)."""
    def rule(m: re.Match[str]) -> str:
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1)
        return window_holds(m[1], m[2], joiner="\n" + " " * max(column - len("and "), 0) + "and ")

    return WINDOW_HOLDS.sub(rule, text)


def metadata_for(db_path: str | Path) -> dict:
    name = Path(db_path).stem
    text = (_data() / "datasette.json").read_text("utf-8")
    metadata = json.loads(text.replace("/DATABASE/", f"/{name}/").replace('"DATABASE"', json.dumps(name)))
    for database in metadata.get("databases", {}).values():
        for query in database.get("queries", {}).values():
            if "sql_file" in query:
                query["sql"] = canned_sql(
                    (_data() / "datasette" / "queries" / query.pop("sql_file")).read_text("utf-8"))
    return metadata


def write_metadata(db_path: str | Path, directory: str | Path | None = None) -> Path:
    target = Path(directory or tempfile.mkdtemp(prefix="policyfeed-datasette-")) / "metadata.json"
    target.write_text(json.dumps(metadata_for(db_path), ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def templates_dir() -> Path:
    return Path(str(_data() / "datasette" / "templates"))


def datasette_command(db_path: str | Path, port: int, host: str = "127.0.0.1") -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(write_metadata(db_path)),
            "--template-dir", str(templates_dir()),
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "5000"]


def serve(db_path: str | Path, port: int, host: str = "127.0.0.1") -> None:
    """Replace this process with Datasette."""
    command = datasette_command(db_path, port, host)
    os.execv(command[0], command)
