"""`policyfeed serve`: Datasette on the database with policyfeed's metadata, facets and canned queries.

Not immutable mode: the nightly crawl writes while people browse (WAL lets both happen). The bundled
metadata (data/datasette.json) is written for a database called DATABASE; it is renamed to the
served file's name, which is what Datasette calls the database.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path


def metadata_for(db_path: str | Path) -> dict:
    name = Path(db_path).stem
    text = (resources.files("policyfeed_data") / "datasette.json").read_text("utf-8")
    return json.loads(text.replace("/DATABASE/", f"/{name}/").replace('"DATABASE"', json.dumps(name)))


def write_metadata(db_path: str | Path, directory: str | Path | None = None) -> Path:
    target = Path(directory or tempfile.mkdtemp(prefix="policyfeed-datasette-")) / "metadata.json"
    target.write_text(json.dumps(metadata_for(db_path), ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def datasette_command(db_path: str | Path, port: int, host: str = "127.0.0.1") -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(write_metadata(db_path)),
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "5000"]


def serve(db_path: str | Path, port: int, host: str = "127.0.0.1") -> None:
    """Replace this process with Datasette."""
    command = datasette_command(db_path, port, host)
    os.execv(command[0], command)
