"""The Scrapy side of the crawl benchmark, run as `scrapy runspider bench/scrapy_spider.py`.

A spider written the way a Scrapy user would write one for this site (tests/sites.py's FeedSite):
start at list page 1, follow each item to its article and the 下一页 link to the next list page, read
every list item and every article with parsel (Scrapy's selectors). It extracts nothing and stores
nothing (no item pipeline, no feed export): it does strictly less work per article than the
policyfeed crawl, which parses, extracts and writes SQLite. The crawl settings (robots.txt,
concurrency, delay) come from the command line (bench/crawling.py) so both tools get the same ones.

On close it writes a JSON summary to the path given with ``-a out=PATH``: items, list pages, the
crawl's wall time from spider_opened to spider_closed, and Scrapy's own request count.
"""
from __future__ import annotations

import json
import time

import scrapy
from scrapy import signals


class FeedSpider(scrapy.Spider):
    name = "feed"

    def __init__(self, start_url: str, out: str, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start_url]
        self.out = out
        self.items = 0
        self.list_pages = 0
        self.opened_at: float | None = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        return spider

    def _opened(self, spider) -> None:
        self.opened_at = time.perf_counter()

    def parse(self, response):
        """A list page: every item's article, then the next list page."""
        self.list_pages += 1
        for li in response.css("ul.news-list > li"):
            item = {"list_title": li.css("a::text").get(), "list_published": li.css("span.time::text").get(),
                    "summary": li.css("p::text").get()}
            yield response.follow(li.css("a::attr(href)").get(), self.parse_article, cb_kwargs={"item": item})
        next_href = response.xpath('//a[normalize-space(.)="下一页"]/@href').get()
        if next_href:
            yield response.follow(next_href, self.parse)

    def parse_article(self, response, item):
        self.items += 1
        yield {**item, "url": response.url, "title": response.css("article h1::text").get(),
               "published": response.css("article time::attr(datetime)").get(),
               "text": "".join(response.css("div.content ::text").getall()).strip()}

    def closed(self, reason: str) -> None:
        wall = time.perf_counter() - self.opened_at if self.opened_at else None
        stats = self.crawler.stats.get_stats()
        with open(self.out, "w", encoding="utf-8") as f:
            json.dump({"wall": wall, "items": self.items, "list_pages": self.list_pages, "reason": reason,
                       "requests": stats.get("downloader/request_count"),
                       "responses": stats.get("downloader/response_count")}, f)
