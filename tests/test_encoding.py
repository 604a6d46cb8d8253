"""Decoding pages from the bytes as well as the labels: BOM, UTF-8 bytes whatever the label, then the
header's charset, <meta>, detection; GBK/GB2312 read as GB18030; an overruled label is a warning."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from scraper.pages.encoding import decode

TEXT = "关于台风影响地区订单发货的公告：浙江省杭州市、宁波市"


@pytest.mark.parametrize("body, content_type, expected_encoding", [
    (TEXT.encode("gbk"), "text/html; charset=gbk", "gb18030"),
    (TEXT.encode("gb18030"), "text/html; charset=GB2312", "gb18030"),
    (f'<meta charset="gbk"><p>{TEXT}</p>'.encode("gbk"), "text/html", "gb18030"),
    (f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>{TEXT}</p>'.encode("gbk"),
     None, "gb18030"),
    (f"<p>{TEXT}</p>".encode(), None, "utf-8"),
    (b"\xef\xbb\xbf" + f"<p>{TEXT}</p>".encode(), "text/html; charset=gbk", "utf-8"),  # BOM wins
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
    """Binary junk under a utf-8 label: the page decodes (to something) instead of raising."""
    text, _ = decode(b"\xff\xfe\x00garbage\x80\x81", "text/html; charset=utf-8")
    assert "garbage" in text


@pytest.mark.parametrize("declared", ["gb2312", "gbk", "GB18030"])
def test_utf8_bytes_under_a_gb_meta_are_utf8(declared, caplog):
    """A page re-saved as UTF-8 that still says gb2312 in its <meta>: mojibake (5鏈�20鏃) if obeyed."""
    body = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}"><h1>{TEXT}</h1>'.encode()
    with caplog.at_level(logging.WARNING, logger="scraper.pages.encoding"):
        text, encoding = decode(body, None, source="https://news.example.cn/a.html")
    assert encoding == "utf-8" and TEXT in text
    assert "declared gb18030" in caplog.text and "https://news.example.cn/a.html" in caplog.text


def test_gbk_bytes_labelled_utf8_are_gb18030(caplog):
    """GBK bytes behind a UTF-8 header: read as GB18030 (not a page of U+FFFD), with a warning."""
    body = f'<meta charset="utf-8"><p>{TEXT * 3}</p>'.encode("gbk")
    with caplog.at_level(logging.WARNING, logger="scraper.pages.encoding"):
        text, encoding = decode(body, "text/html; charset=UTF-8")
    assert encoding == "gb18030" and TEXT in text and "\ufffd" not in text
    assert "declared utf-8" in caplog.text


def test_a_stray_bad_byte_leaves_a_utf8_page_utf8():
    body = f"<p>{TEXT * 40}</p>".encode() + b"\xff" + f"<p>{TEXT}</p>".encode()
    text, encoding = decode(body, "text/html; charset=gbk")
    assert encoding == "utf-8" and text.count(TEXT) == 41


def test_undeclared_gbk_with_a_bad_byte_is_not_read_as_a_cyrillic_code_page():
    """An old forum page: no charset anywhere, GBK with one invalid byte (unrestricted detection
    said ptcp154 and the title came out as ЦчМв)."""
    body = ("<title>主题：【2005年中国革命历史巨作】【太行山上】</title><p>" + TEXT * 20).encode("gbk") + b"\xc7\x21</p>"
    text, encoding = decode(body)
    assert encoding == "gb18030" and "太行山上" in text


def test_labels_agreeing_with_the_bytes_give_no_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="scraper.pages.encoding"):
        decode(f'<meta charset="gbk"><p>{TEXT}</p>'.encode("gbk"), "text/html; charset=GB2312")
        decode(b'<meta charset="gbk"><p>ascii only</p>', "text/html; charset=utf-8")
    assert caplog.text == ""


REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages" / "pages"


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="../shared/realpages is not beside the repository")
@pytest.mark.parametrize("page, words", [
    ("gerapy/list/netease_rolling_news.html", "网易新闻"),         # UTF-8 bytes under <meta charset=gb2312>
    ("gerapy/list/netease_international_news.html", "国际新闻"),   # UTF-8 bytes under <meta charset=gbk>
    ("gerapy/list/rtfund_xxpl.html", "信息披露"),                  # UTF-8 bytes under <meta charset=gb2312>
])
def test_real_pages_with_a_wrong_meta_charset(page, words):
    text, encoding = decode((REALPAGES / page).read_bytes())
    assert encoding == "utf-8" and words in text


def test_unknown_declared_charset_falls_back():
    text, _ = decode(TEXT.encode("utf-8"), "text/html; charset=x-no-such-charset")
    assert TEXT in text
