"""Decoding pages: header charset, then <meta>, then detection; GBK/GB2312 read as GB18030."""
from __future__ import annotations

import pytest

from scraper.pages.encoding import decode

TEXT = "关于台风影响地区订单发货的公告：浙江省杭州市、宁波市"


@pytest.mark.parametrize("body, content_type, expected_encoding", [
    (TEXT.encode("gbk"), "text/html; charset=gbk", "gb18030"),
    (TEXT.encode("gb18030"), "text/html; charset=GB2312", "gb18030"),
    (f'<meta charset="gbk"><p>{TEXT}</p>'.encode("gbk"), "text/html", "gb18030"),
    (f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>{TEXT}</p>'.encode("gbk"),
     None, "gb18030"),
    (f"<p>{TEXT}</p>".encode("utf-8"), None, "utf-8"),
    (b"\xef\xbb\xbf" + f"<p>{TEXT}</p>".encode("utf-8"), "text/html; charset=gbk", "utf-8"),  # BOM wins
    (f"<p>{TEXT * 5}</p>".encode("gbk"), None, None),  # nothing declared: detected
])
def test_decode(body, content_type, expected_encoding):
    text, encoding = decode(body, content_type)
    assert TEXT in text
    if expected_encoding:
        assert encoding == expected_encoding


def test_gb18030_only_characters_survive_a_gb2312_label():
    """Sites that say gb2312 use characters outside it (here 𠀀 and 镕); GB18030 keeps them."""
    text = "朱镕基 𠀀 台风"
    text_out, _ = decode(text.encode("gb18030"), "text/html; charset=gb2312")
    assert text_out == text


def test_undecodable_bytes_are_replaced_not_fatal():
    """Binary junk under a utf-8 label: the page decodes with U+FFFD instead of raising."""
    text, encoding = decode(b"\xff\xfe\x00garbage\x80\x81", "text/html; charset=utf-8")
    assert encoding == "utf-8" and "garbage" in text and "\ufffd" in text


def test_unknown_declared_charset_falls_back():
    text, _ = decode(TEXT.encode("utf-8"), "text/html; charset=x-no-such-charset")
    assert TEXT in text
