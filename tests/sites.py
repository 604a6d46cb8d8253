"""A generated news site on a real 127.0.0.1 HTTP server, with faults on demand.

``FeedSite`` is a feed of N announcements, newest first, paged like a real list (numbered pages,
a 下一页 link), each linking to its article. It can grow (``add``) between crawls. ``SiteServer``
serves one with ETag/If-None-Match (304), optional latency, and faults injected per path: HTTP
500/503/429 (with Retry-After), connections dropped mid-body (with a Content-Length, chunked, or with
neither), slow responses, bodies trickled a byte at a time, redirects, and any body with any headers
(a gzip bomb). Every request is logged, so tests count exactly what a crawl asked for, and the most
requests handled at once is kept (``peak_concurrent``). Used by the crawler tests and ``make bench``.
"""
from __future__ import annotations

import hashlib
import html
import re
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REGIONS = ["上海市", "浙江省杭州市、宁波市", "江苏省苏州市", "四川省甘孜藏族自治州泸定县", "广东省广州市、深圳市"]
CAUSES = ["台风", "暴雨", "地震", "疫情"]


@dataclass
class FeedSite:
    """The content: announcements newest first, paged."""

    count: int = 30
    page_size: int = 10
    start: datetime = datetime(2024, 1, 1, 9, 0, 0)
    robots: str = "User-agent: *\nDisallow: /private/\n"
    encoding: str = "utf-8"
    loop_last_page: bool = False  # the last page's 下一页 points back to page 1
    external_link: str | None = None  # an extra item on page 1 linking to another host
    articles: list[int] = field(default_factory=list)  # ids, newest first

    def __post_init__(self) -> None:
        if not self.articles:
            self.articles = list(range(self.count, 0, -1))

    def add(self, n: int) -> list[int]:
        """Publish n new announcements at the top of the feed; returns their ids."""
        top = max(self.articles, default=0)
        new = list(range(top + n, top, -1))
        self.articles[:0] = new
        return new

    def published(self, article_id: int) -> datetime:
        return self.start + timedelta(hours=7 * article_id)

    def title(self, article_id: int) -> str:
        return f"平台调整受{CAUSES[article_id % len(CAUSES)]}影响地区交易发货时间（第{article_id}号公告）"

    def text(self, article_id: int) -> str:
        day = self.published(article_id)
        end = day + timedelta(days=3)
        return (f"{day.month}月{day.day}日消息，平台发布公告称，收货地址在{REGIONS[article_id % len(REGIONS)]}的订单，"
                f"付款时间在{day.year}年{day.month}月{day.day}日00:00:00到{end.year}年{end.month}月{end.day}日23:59:59的，"
                f"平台将不进行扣分和理赔处理。")

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.articles) // self.page_size))

    def list_path(self, page: int) -> str:
        return f"/news/list_{page}.html"

    def article_path(self, article_id: int) -> str:
        return f"/news/a/{article_id}.html"

    def render(self, path: str) -> bytes | None:
        if path == "/robots.txt":
            return self.robots.encode()
        m = re.fullmatch(r"/news/list_(\d+)\.html", path)
        if m and 1 <= int(m.group(1)) <= self.pages:
            return self._list_page(int(m.group(1))).encode(self.encoding)
        m = re.fullmatch(r"/news/a/(\d+)\.html", path)
        if m and int(m.group(1)) in self.articles:
            return self._article(int(m.group(1))).encode(self.encoding)
        return None

    def _head(self, title: str) -> str:
        return (f'<!DOCTYPE html><html><head><meta charset="{self.encoding}"><title>{title} - 测试站</title></head>'
                f'<body><nav><a href="/">首页</a><a href="/news/list_1.html">快讯</a><a href="/about.html">关于</a></nav>')

    def _list_page(self, page: int) -> str:
        ids = self.articles[(page - 1) * self.page_size: page * self.page_size]
        items = "".join(
            f'<li><a href="{self.article_path(i)}">{html.escape(self.title(i))}</a>'
            f'<span class="time">{self.published(i):%Y-%m-%d %H:%M:%S}</span>'
            f'<p>{html.escape(self.text(i)[:60])}…</p></li>' for i in ids)
        if page == 1 and self.external_link:
            items += (f'<li><a href="{self.external_link}">外站转载：平台发货规则解读合集</a>'
                      f'<span class="time">{self.published(ids[0]):%Y-%m-%d %H:%M:%S}</span><p>外部链接</p></li>')
        numbers = "".join(f'<span class="current">{n}</span>' if n == page else
                          f'<a href="{self.list_path(n)}">{n}</a>' for n in range(1, self.pages + 1))
        if page < self.pages:
            nxt = f'<a href="{self.list_path(page + 1)}">下一页</a>'
        elif self.loop_last_page:
            nxt = f'<a href="{self.list_path(1)}">下一页</a>'
        else:
            nxt = '<span class="disabled">下一页</span>'
        return (self._head("快讯") + f'<ul class="news-list">{items}</ul><div class="pages">{numbers}{nxt}</div>'
                '<footer>版权所有 测试站</footer></body></html>')

    def _article(self, article_id: int) -> str:
        title = html.escape(self.title(article_id))
        return (self._head(title) + f'<article><h1>{title}</h1><div class="info">'
                f'<time datetime="{self.published(article_id).isoformat()}+08:00">'
                f'{self.published(article_id):%Y-%m-%d %H:%M:%S}</time></div>'
                f'<div class="content"><p>{html.escape(self.text(article_id))}</p>'
                '<p>商家可登录工作台查看公告详情。</p></div></article>'
                '<div class="related"><h3>相关阅读</h3><ul><li><a href="/news/list_1.html">更多快讯</a></li></ul></div>'
                '<footer>版权所有 测试站</footer></body></html>')


@dataclass
class Fault:
    """Applied to the first ``times`` requests whose path matches ``pattern``.

    kinds: "status" (``status``, ``retry_after``); "drop" (half the page, then the connection closes;
    ``framing``: "length" promises the whole Content-Length, "chunked" sends no last chunk, "close"
    sends neither, so only the close ends the body); "slow" (``seconds`` before answering normally);
    "trickle" (the page's headers, then one body byte every ``seconds``); "redirect" (302 to
    ``location``); "body" (200 with ``body`` and ``headers`` instead of the page)."""

    pattern: str
    kind: str  # "status" | "drop" | "slow" | "trickle" | "redirect" | "body"
    times: int = 1
    status: int = 503
    retry_after: str | None = None
    seconds: float = 0.0
    framing: str = "length"  # "drop": "length" | "chunked" | "close"
    location: str = ""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    request_queue_size = 64  # a burst of connections does not wait a second in the listen queue
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that went away (a cap, a deadline, a refused bomb) is no server error."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class SiteServer:
    """A FeedSite on 127.0.0.1, with latency and injected faults; logs every request."""

    def __init__(self, site: FeedSite, latency: float = 0.0):
        self.site = site
        self.latency = latency
        self.faults: list[Fault] = []
        self.log: list[tuple[str, int]] = []  # (path, status sent), as responses complete
        self.arrivals: Counter = Counter()  # path -> requests received, counted on arrival
        self.concurrent = 0  # requests being handled now
        self.peak_concurrent = 0  # the most requests handled at once
        self._lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def inject(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def requests(self, pattern: str = "") -> Counter:
        """How many requests each path matching pattern received (slow ones included)."""
        with self._lock:
            return Counter({p: n for p, n in self.arrivals.items() if re.search(pattern, p)})

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and re.search(fault.pattern, path):
                    fault.times -= 1
                    return fault
        return None

    def _record(self, path: str, status: int) -> None:
        with self._lock:
            self.log.append((path, status))

    def _handler(self):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body in two sends: no delayed-ACK wait

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                with outer._lock:
                    outer.concurrent += 1
                    outer.peak_concurrent = max(outer.peak_concurrent, outer.concurrent)
                self.counted = True
                try:
                    self.respond()
                finally:
                    self._leave()

            def _leave(self) -> None:
                """No longer in flight: called just before a response's last bytes go out, since the
                client (threads of this same process) may start its next request as soon as they
                arrive, before this thread has returned; and once more, harmlessly, at the end."""
                if self.counted:
                    self.counted = False
                    with outer._lock:
                        outer.concurrent -= 1

            def respond(self) -> None:
                path = self.path.split("?")[0]
                with outer._lock:
                    outer.arrivals[path] += 1
                if outer.latency:
                    time.sleep(outer.latency)
                fault = outer._take_fault(path)
                if fault and fault.kind == "slow":
                    time.sleep(fault.seconds)
                    fault = None
                if fault and fault.kind == "status":
                    outer._record(path, fault.status)
                    self.send_response(fault.status)
                    if fault.retry_after is not None:
                        self.send_header("Retry-After", fault.retry_after)
                    self.send_header("Content-Length", "0")
                    self._leave()
                    self.end_headers()
                    return
                if fault and fault.kind == "redirect":
                    outer._record(path, 302)
                    self.send_response(302)
                    self.send_header("Location", fault.location)
                    self.send_header("Content-Length", "0")
                    self._leave()
                    self.end_headers()
                    return
                if fault and fault.kind == "body":
                    outer._record(path, 200)
                    self.send_response(200)
                    for name, value in {"Content-Type": "text/html; charset=utf-8", **fault.headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(fault.body)))
                    self.end_headers()
                    self._write(fault.body)
                    return
                body = outer.site.render(path)
                if body is None:
                    outer._record(path, 404)
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self._leave()
                    self.end_headers()
                    return
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    outer._record(path, 304)
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self._leave()
                    self.end_headers()
                    return
                self.send_response(200)
                kind = "text/plain" if path.endswith(".txt") else f"text/html; charset={outer.site.encoding}"
                self.send_header("Content-Type", kind)
                self.send_header("ETag", etag)
                framing = fault.framing if fault and fault.kind == "drop" else "length"
                if framing == "length":
                    self.send_header("Content-Length", str(len(body)))
                elif framing == "chunked":
                    self.send_header("Transfer-Encoding", "chunked")
                else:  # "close": the body ends when the connection does (HTTP/1.0 style)
                    self.send_header("Connection", "close")
                self.end_headers()
                if fault and fault.kind == "drop":  # half the body, then the connection goes away
                    outer._record(path, -1)
                    half = body[: len(body) // 2]
                    self._write(b"%x\r\n%s\r\n" % (len(half), half) if framing == "chunked" else half)
                    self.close_connection = True
                    return
                if fault and fault.kind == "trickle":  # never done before the client gives up
                    outer._record(path, -2)
                    for i in range(len(body)):
                        if not self._write(body[i:i + 1]):
                            return
                        time.sleep(fault.seconds)
                    return
                outer._record(path, 200)
                self._leave()
                self._write(body)

            def _write(self, data: bytes) -> bool:
                """False when the client has gone away (a timeout, a deadline, a cap)."""
                try:
                    self.wfile.write(data)
                    self.wfile.flush()
                    return True
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                    return False

        return Handler
