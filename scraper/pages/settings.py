"""The page parsers' weights, thresholds and vocabularies, in one place.

Every number here was set on real pages (``../shared/realpages/``) and the fixtures under
``tests/fixtures/``; change one and run both.
"""
from __future__ import annotations

# --- encoding ------------------------------------------------------------------------------------

#: how far into a page to look for <meta charset>
SNIFF_BYTES = 4096
#: labels read as another codec: the GBK family as its superset GB18030, ASCII as UTF-8, Latin-1 as
#: Windows-1252 (what browsers do)
ENCODING_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "cp936": "gb18030", "ascii": "utf-8", "us-ascii": "utf-8", "iso-8859-1": "cp1252"}
#: what charset-normalizer may choose from for a page that declares nothing
DETECTION_CANDIDATES = ("utf_8", "gb18030", "big5", "cp1252", "shift_jis", "euc_jp", "euc_kr")
#: when detection has no answer
FALLBACK_ENCODING = "gb18030"
#: undecodable sequences per non-ASCII character that still leave a page UTF-8 (a stray byte)
UTF8_STRAY_BYTES = 0.01
