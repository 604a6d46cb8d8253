"""policyfeed's I/O side: configuration, HTTP, HTML parsing, the SQLite store, the CLI and the demo."""
__version__ = "0.1.0"
