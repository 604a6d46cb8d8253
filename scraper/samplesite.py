"""The bundled sample site (data/sample-site), served on 127.0.0.1 for the demo and the tests.

A plain static server: it sends Last-Modified and answers If-Modified-Since with 304, as the
real site's web server would, so the incremental crawl behaves here as it does in production.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

#: tried first so that repeated demo runs see the same URLs (ids come from URLs); any free port otherwise
PREFERRED_PORT = 8689


def sample_site_dir() -> Path:
    return Path(str(resources.files("policyfeed_data") / "sample-site"))


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


def _bind(handler, port: int) -> ThreadingHTTPServer:
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


@contextmanager
def serve_sample_site(directory: Path | None = None, port: int | None = PREFERRED_PORT) -> Iterator[str]:
    """Serve directory on 127.0.0.1; yields the base URL (no trailing slash)."""
    handler = functools.partial(QuietHandler, directory=str(directory or sample_site_dir()))
    try:
        server = _bind(handler, port or 0)
    except OSError:
        server = _bind(handler, 0)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="sample-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
