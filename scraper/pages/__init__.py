"""The pure page parsers: bytes to text (``encoding``), the shared tree (``dom``), publication times
(``pubdate``), article pages (``article``) and list pages (``listpage``). HTML in, dataclasses out; no
I/O. Their weights, thresholds and vocabularies live in ``settings``."""
