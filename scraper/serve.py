"""`policyfeed serve`: Datasette on the database with policyfeed's metadata, facets, canned queries and
templates.

Not immutable mode: the nightly crawl writes while people browse (WAL lets both happen). The bundled
metadata (data/datasette.json) is written for a database called DATABASE; it is renamed to the
served file's name, which is what Datasette calls the database. A canned query's SQL is kept in its
own file (``"sql_file"``: data/datasette/queries/NAME.sql, readable on several lines) and put into the
metadata here, built at serve time: ``{{ window_holds(WINDOW, MOMENT) }}`` in a file is the rule "the
window holds the moment" as ``scraper.check.window_holds`` writes it for ``policyfeed check``, one
condition a line (each further line's ``and`` ends where the first condition starts), and
``{{ not_ended(POLICY, MOMENT) }}``, ``{{ no_end_announced(WINDOW, SINCE, MOMENT) }}`` likewise, and
``{{ region_asked(:region) }}``, ``{{ cause_asked(:cause) }}`` the common table expressions of the
queries that take a region or a cause, so each rule is written once (scraper/check.py).
The templates in data/datasette/templates lead the home page with the exemptions in
force, head row pages with their label (an announcement's title) and show long text whole only there;
policyfeed's plugin (scraper/datasette_plugin.py) does the rest.
"""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from .check import cause_asked, no_end_announced, not_ended, region_asked, window_holds

#: where a canned query's SQL file takes one of the rules of scraper.check: {{ window_holds(w, m.at) }}
RULE = re.compile(r"\{\{\s*(\w+)\(([^(){}]*)\)\s*\}\}")
#: the rules a canned query can name besides window_holds (each writes an SQL condition from SQL expressions)
RULES: dict[str, Callable[..., str]] = {"not_ended": not_ended, "no_end_announced": no_end_announced,
                                        "region_asked": region_asked, "cause_asked": cause_asked}


def _data():
    return resources.files("policyfeed_data")


def canned_sql(text: str) -> str:
    """A canned query's SQL from its file: the rule "the window holds the moment" put in for
    ``{{ window_holds(WINDOW, MOMENT) }}``, its conditions one a line, ``and`` aligned under the
    keyword before it (``  where …`` then ``    and …``)."""
    def rule(m: re.Match[str]) -> str:
        name, args = m[1], [arg.strip() for arg in m[2].split(",")]  # names and :params, no brackets
        if name == "window_holds":
            column = m.start() - (text.rfind("\n", 0, m.start()) + 1)
            return window_holds(args[0], args[1], joiner="\n" + " " * max(column - len("and "), 0) + "and ")
        if name not in RULES:
            raise ValueError(f"unknown rule {{{{ {name}(…) }}}} in a canned query: use window_holds or "
                             f"{', '.join(RULES)}")
        return RULES[name](*args)

    return RULE.sub(rule, text)



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
