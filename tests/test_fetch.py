"""Unit tests of the crawl's fetch policy (scraper/fetch/), with httpx mocked by respx.

No test touches the network or really sleeps: every Fetcher gets ``sleep=sleeps.append`` (the
waits it *would* have slept are recorded in ``sleeps``), ``delay=0`` and a tiny backoff.
The robots.txt rules follow RFC 9309 (redirects followed; 5xx or unreachable means disallow).
"""
from __future__ import annotations

import email.utils
import gzip
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st

from scraper.fetch import (
    DECODE_STEP,
    MAX_REDIRECTS,
    DisallowedURL,
    Fetcher,
    FetchError,
    FetchSettings,
    RetryableError,
    backoff_delay,
    capped_crawl_delay,
    close_delimited,
    content_decoders,
    decode_body,
    html_cut_short,
    origin_of,
    parse_retry_after,
    robots_refusal,
    within_deadline,
)

# -- helpers --------------------------------------------------------------------------------------

UA = "policyfeed-test/0.1 (+https://example.org/bot)"
HOST = "news.example.org"
BASE = f"https://{HOST}"
ROBOTS = f"{BASE}/robots.txt"
OTHER_HOST = "files.example.org"  # a second allowed host
EVIL = "https://evil.example.net"  # never allowed

BACKOFF_BASE = 0.01
BACKOFF_CAP = 0.05


@pytest.fixture
def router():
    """respx router for the test; unmocked requests fail, unused routes are fine."""
    with respx.mock(assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def sleeps() -> list[float]:
    """Every wait the Fetcher asked for, in order (nothing is really slept)."""
    return []


@pytest.fixture
def make_fetcher(sleeps):
    """make_fetcher(**options) -> a Fetcher with test defaults; closed after the test."""
    made: list[Fetcher] = []

    def make(**overrides) -> Fetcher:
        settings = FetchSettings(user_agent=UA, allowed_origins=(BASE, f"https://{OTHER_HOST}"), delay=0,
                                 backoff_base=BACKOFF_BASE, backoff_cap=BACKOFF_CAP, obey_robots=False)
        fetcher = Fetcher(replace(settings, **overrides), sleep=sleeps.append)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


def mock_robots(router, text: str | None = None, *, base: str = BASE, status: int | None = None):
    """Mock base/robots.txt: 200 with text, or 404 when text is None (or the given status)."""
    if status is None:
        status = 404 if text is None else 200
    return router.get(f"{base}/robots.txt").respond(status, text=text or "")


def always(status: int, **kwargs):
    """side_effect answering every request with a fresh httpx.Response(status, **kwargs)."""
    return lambda request: httpx.Response(status, **kwargs)


def chunks(total: int, size: int = 10):
    """A body of `total` bytes as a generator: streamed, so sent without Content-Length."""
    def gen():
        left = total
        while left > 0:
            n = min(size, left)
            left -= n
            yield b"x" * n
    return gen()


class TruncatedBody(httpx.SyncByteStream):
    """A body cut off mid-transfer, reported the way httpcore reports it."""

    def __iter__(self):
        yield b"<html>partial"
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


def http_date(when: datetime) -> str:
    return email.utils.format_datetime(when.astimezone(UTC), usegmt=True)


# -- 1. retry decisions ---------------------------------------------------------------------------

@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retryable_status_is_retried_then_succeeds(router, make_fetcher, sleeps, status):
    """Tried: 429/500/502/503/504 twice, then 200 -> 3 calls, success, 2 backoff sleeps <= cap."""
    route = router.get(f"{BASE}/page").mock(side_effect=[
        httpx.Response(status), httpx.Response(status), httpx.Response(200, text="ok")])
    response = make_fetcher().get(f"{BASE}/page")
    assert (response.status, response.content, response.attempts) == (200, b"ok", 3)
    assert route.call_count == 3
    assert len(sleeps) == 2 and all(0 <= s <= BACKOFF_CAP for s in sleeps)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_client_error_is_not_retried(router, make_fetcher, sleeps, status):
    """Tried: 400/401/403/404/410 -> FetchError with .status, exactly one call, no sleep."""
    route = router.get(f"{BASE}/page").mock(side_effect=always(status))
    with pytest.raises(FetchError) as info:
        make_fetcher().get(f"{BASE}/page")
    assert not isinstance(info.value, DisallowedURL)
    assert info.value.status == status
    assert f"HTTP {status}" in str(info.value)
    assert "gave up" not in str(info.value)
    assert route.call_count == 1
    assert sleeps == []


TRANSPORT_FAILURES = {
    "ConnectError": lambda: httpx.ConnectError("connection refused"),
    "ReadTimeout": lambda: httpx.ReadTimeout("read timed out"),
    "ConnectTimeout": lambda: httpx.ConnectTimeout("connect timed out"),
    "RemoteProtocolError (truncated body)": lambda: httpx.Response(200, stream=TruncatedBody()),
}


@pytest.mark.parametrize("failure", TRANSPORT_FAILURES.values(), ids=TRANSPORT_FAILURES.keys())
def test_transport_failure_is_retried(router, make_fetcher, sleeps, failure):
    """Tried: ConnectError, ReadTimeout, ConnectTimeout, a body cut short -> then 200: 2 calls, success."""
    route = router.get(f"{BASE}/page").mock(side_effect=[failure(), httpx.Response(200, text="whole")])
    response = make_fetcher().get(f"{BASE}/page")
    assert (response.status, response.content, response.attempts) == (200, b"whole", 2)
    assert route.call_count == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize("max_attempts", [1, 2, 4])
@pytest.mark.parametrize("failure, reason", [
    pytest.param(always(503), "HTTP 503", id="HTTP 503"),
    pytest.param(httpx.ConnectError("connection refused"), "ConnectError: connection refused", id="ConnectError"),
    pytest.param(httpx.ReadTimeout("read timed out"), "timeout (ReadTimeout)", id="ReadTimeout"),
    pytest.param(httpx.ConnectTimeout("connect timed out"), "timeout (ConnectTimeout)", id="ConnectTimeout"),
    pytest.param(lambda request: httpx.Response(200, stream=TruncatedBody()), "RemoteProtocolError",
                 id="truncated body"),
])
def test_gives_up_after_max_attempts(router, make_fetcher, sleeps, failure, reason, max_attempts):
    """Tried: a failure that never clears, max_attempts 1/2/4 -> FetchError naming the last failure and
    "gave up after N attempts", N calls, N-1 backoff sleeps."""
    route = router.get(f"{BASE}/page").mock(side_effect=failure)
    with pytest.raises(FetchError) as info:
        make_fetcher(max_attempts=max_attempts).get(f"{BASE}/page")
    assert reason in str(info.value)
    assert f"gave up after {max_attempts} attempts" in str(info.value)
    assert route.call_count == max_attempts
    assert len(sleeps) == max_attempts - 1


def test_gave_up_error_keeps_the_last_status(router, make_fetcher):
    """Tried: 503 forever -> the final FetchError carries .status 503."""
    router.get(f"{BASE}/page").mock(side_effect=always(503))
    with pytest.raises(FetchError) as info:
        make_fetcher(max_attempts=2).get(f"{BASE}/page")
    assert info.value.status == 503


# -- 2. Retry-After -------------------------------------------------------------------------------

@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("seconds", ["2", "7"])
def test_retry_after_seconds_is_honoured(router, make_fetcher, sleeps, status, seconds):
    """Tried: 429/503 with Retry-After "2"/"7", then 200 -> the one backoff sleep is >= that many seconds."""
    route = router.get(f"{BASE}/page").mock(side_effect=[
        httpx.Response(status, headers={"Retry-After": seconds}), httpx.Response(200)])
    assert make_fetcher().get(f"{BASE}/page").status == 200
    assert route.call_count == 2
    assert len(sleeps) == 1
    assert int(seconds) <= sleeps[0] <= int(seconds) + BACKOFF_CAP


def test_retry_after_http_date_is_honoured(router, make_fetcher, sleeps):
    """Tried: 503 with Retry-After = HTTP date of now+3s, then 200 -> sleep >= the time left to that date."""
    when = (datetime.now(UTC) + timedelta(seconds=3)).replace(microsecond=0)
    router.get(f"{BASE}/page").mock(side_effect=[
        httpx.Response(503, headers={"Retry-After": http_date(when)}), httpx.Response(200)])
    assert make_fetcher().get(f"{BASE}/page").status == 200
    left_after_the_call = (when - datetime.now(UTC)).total_seconds()
    assert len(sleeps) == 1
    assert left_after_the_call <= sleeps[0] <= 3.0


@pytest.mark.parametrize("retry_after, shown", [
    ("600", "600s"),
    (http_date(datetime.now(UTC) + timedelta(hours=1)), "longer than 60s"),
], ids=["seconds", "http-date"])
def test_retry_after_longer_than_max_gives_up_at_once(router, make_fetcher, sleeps, retry_after, shown):
    """Tried: 503 with Retry-After 600s / a date 1h ahead, max_retry_after=60 -> FetchError at once:
    one call, no sleep, the message names the Retry-After and the limit."""
    route = router.get(f"{BASE}/page").mock(side_effect=always(503, headers={"Retry-After": retry_after}))
    with pytest.raises(FetchError) as info:
        make_fetcher(max_retry_after=60).get(f"{BASE}/page")
    message = str(info.value)
    assert "Retry-After" in message and "longer than 60s" in message and shown in message
    assert info.value.status == 503
    assert route.call_count == 1
    assert sleeps == []


NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("value, expected", [
    ("120", 120.0),
    ("0", 0.0),
    (" 7 ", 7.0),
    ("Wed, 01 May 2024 12:01:30 GMT", 90.0),  # an HTTP date 90 s after NOW
    (http_date(NOW + timedelta(seconds=5)), 5.0),
    ("Wed, 01 May 2024 11:00:00 GMT", 0.0),  # a date in the past: no wait
    ("soon", None),
    ("1.5", None),  # delta-seconds are whole numbers
    ("-5", None),
    ("", None),
    (None, None),
])
def test_parse_retry_after(value, expected):
    """Tried: delta-seconds, HTTP dates (future, past), garbage, empty and None."""
    assert parse_retry_after(value, now=NOW) == expected


def test_parse_retry_after_http_date_against_the_clock():
    """Tried: an HTTP date 120 s ahead with the real clock -> about 120."""
    value = http_date(datetime.now(UTC) + timedelta(seconds=120))
    assert 118 <= parse_retry_after(value) <= 120


def test_parse_retry_after_unicode_digit_is_garbage():
    """Tried: "²" (a latin-1 byte 0xB2 a server could send) -> should be None like other garbage."""
    assert parse_retry_after("²") is None


def test_garbage_retry_after_header_does_not_crash_get(router, make_fetcher):
    """Tried: 503 with raw header Retry-After: b'\\xb2', then 200 -> should retry and succeed."""
    router.get(f"{BASE}/page").mock(side_effect=[
        httpx.Response(503, headers=[(b"Retry-After", b"\xb2")]), httpx.Response(200)])
    assert make_fetcher().get(f"{BASE}/page").status == 200


# -- 3. backoff bounds ----------------------------------------------------------------------------

@pytest.mark.parametrize("attempt, base, cap, expected", [
    (1, 1.0, 30.0, 1.0),
    (2, 1.0, 30.0, 2.0),
    (3, 1.0, 30.0, 4.0),
    (5, 1.0, 30.0, 16.0),
    (6, 1.0, 30.0, 30.0),  # 32 capped
    (20, 1.0, 30.0, 30.0),
    (3, 0.25, 10.0, 1.0),
    (4, 0.5, 3.0, 3.0),
])
def test_backoff_upper_bound_is_capped_exponential(attempt, base, cap, expected):
    """Tried: rand() = 1.0 (the top of the jitter) -> exactly min(cap, base * 2**(attempt-1))."""
    assert backoff_delay(attempt, base, cap, rand=lambda: 1.0) == expected
    assert expected == min(cap, base * 2 ** (attempt - 1))


@pytest.mark.parametrize("attempt", range(1, 21))
def test_backoff_with_zero_jitter_is_zero(attempt):
    """Tried: rand() = 0.0 for attempts 1..20 -> 0."""
    assert backoff_delay(attempt, 1.0, 30.0, rand=lambda: 0.0) == 0.0


@pytest.mark.parametrize("rand", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("retry_after", [0.0, 5.0, 100.0])  # 100 is above the cap of 30
@pytest.mark.parametrize("attempt", [1, 3, 10])
def test_backoff_is_at_least_retry_after(attempt, retry_after, rand):
    """Tried: attempts 1/3/10 x Retry-After 0/5/100 (above the cap) x rand 0/0.5/1 -> max(jitter, Retry-After)."""
    delay = backoff_delay(attempt, 1.0, 30.0, retry_after=retry_after, rand=lambda: rand)
    assert delay >= retry_after
    assert delay == max(retry_after, rand * min(30.0, 2.0 ** (attempt - 1)))


@given(attempt=st.integers(1, 20), base=st.floats(0.001, 10.0), cap=st.floats(0.001, 60.0),
       r=st.floats(0.0, 1.0))
def test_backoff_never_exceeds_cap_without_retry_after(attempt, base, cap, r):
    """Tried (hypothesis): any attempt 1..20, base, cap and rand() in [0, 1] -> 0 <= delay <= cap."""
    assert 0.0 <= backoff_delay(attempt, base, cap, rand=lambda: r) <= cap


# -- 4. size cap ----------------------------------------------------------------------------------

CAP = 100


def test_declared_content_length_over_cap_is_refused(router, make_fetcher, sleeps):
    """Tried: Content-Length 101 with max_bytes=100 -> FetchError naming the cap; not retried."""
    route = router.get(f"{BASE}/big").mock(side_effect=always(200, content=b"x" * (CAP + 1)))
    with pytest.raises(FetchError) as info:
        make_fetcher(max_bytes=CAP).get(f"{BASE}/big")
    assert f"body of {CAP + 1} bytes is over the {CAP}-byte cap" in str(info.value)
    assert route.call_count == 1 and sleeps == []


@pytest.mark.parametrize("make_response, message", [
    pytest.param(lambda: httpx.Response(200, content=chunks(CAP * 3)), f"body over the {CAP}-byte cap",
                 id="chunked, no content-length"),
    pytest.param(lambda: httpx.Response(200, content=gzip.compress(b"\0" * 10_000),
                                        headers={"Content-Encoding": "gzip"}),
                 f"body larger than {CAP} bytes once decoded", id="small gzip, big body"),
])
def test_streamed_body_growing_past_cap_is_refused(router, make_fetcher, make_response, message):
    """Tried: a chunked body of 300 bytes with no Content-Length; a gzip body whose Content-Length is under
    the cap but which inflates to 10 kB -> FetchError naming the cap (raw, or once decoded); not retried."""
    route = router.get(f"{BASE}/big").mock(side_effect=[make_response()])
    with pytest.raises(FetchError) as info:
        make_fetcher(max_bytes=CAP).get(f"{BASE}/big")
    assert message in str(info.value)
    assert route.call_count == 1
    assert "content-length" not in route.calls.last.response.headers or \
        int(route.calls.last.response.headers["content-length"]) <= CAP


@pytest.mark.parametrize("make_response", [
    pytest.param(lambda: httpx.Response(200, content=b"x" * CAP), id="content-length == cap"),
    pytest.param(lambda: httpx.Response(200, content=chunks(CAP)), id="streamed == cap"),
])
def test_body_exactly_at_cap_passes(router, make_fetcher, make_response):
    """Tried: exactly max_bytes, declared and streamed -> accepted whole."""
    router.get(f"{BASE}/page").mock(side_effect=[make_response()])
    response = make_fetcher(max_bytes=CAP).get(f"{BASE}/page")
    assert response.status == 200 and len(response.content) == CAP


# -- 5. redirects ---------------------------------------------------------------------------------

@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("location", ["/new", f"{BASE}/new", f"https://{OTHER_HOST}/new"])
def test_redirect_within_allowed_hosts_is_followed(router, make_fetcher, status, location):
    """Tried: 301/302/303/307/308 to a relative path, an absolute URL, another allowed host
    -> followed; Response.url is the final URL."""
    target = location if location.startswith("http") else BASE + location
    router.get(f"{BASE}/old").respond(status, headers={"Location": location})
    final = router.get(target).respond(200, text="moved here")
    response = make_fetcher().get(f"{BASE}/old")
    assert response.url == target
    assert (response.status, response.content) == (200, b"moved here")
    assert final.call_count == 1


@pytest.mark.parametrize("location", [f"{EVIL}/x", "//evil.example.net/x", f"https://{HOST}@evil.example.net/x"])
def test_redirect_off_allowed_hosts_is_refused(router, make_fetcher, sleeps, location):
    """Tried: 302 to an absolute off-site URL, a scheme-relative one, and one with the allowed host as userinfo
    -> DisallowedURL "redirected off the allowed origins"; the off-site URL is never requested; not retried."""
    router.get(f"{BASE}/old").respond(302, headers={"Location": location})
    offsite = router.route(host="evil.example.net").respond(200)
    with pytest.raises(DisallowedURL) as info:
        make_fetcher().get(f"{BASE}/old")
    assert "redirected off the allowed origins" in str(info.value)
    assert info.value.status == 302
    assert offsite.call_count == 0
    assert all(call.request.url.host == HOST for call in router.calls)
    assert sleeps == []


def test_redirect_off_allowed_hosts_with_robots_never_touches_the_other_host(router, make_fetcher):
    """Tried: obey_robots=True, 302 off-site -> not even the off-site robots.txt is requested."""
    mock_robots(router)
    router.get(f"{BASE}/old").respond(302, headers={"Location": f"{EVIL}/x"})
    offsite = router.route(host="evil.example.net").respond(200)
    with pytest.raises(DisallowedURL, match="redirected off the allowed origins"):
        make_fetcher(obey_robots=True).get(f"{BASE}/old")
    assert offsite.call_count == 0


def test_redirect_loop_is_cut_after_max_redirects(router, make_fetcher):
    """Tried: /loop -> 302 /loop forever -> FetchError "more than 5 redirects" after 6 requests."""
    route = router.get(f"{BASE}/loop").mock(side_effect=always(302, headers={"Location": "/loop"}))
    with pytest.raises(FetchError) as info:
        make_fetcher().get(f"{BASE}/loop")
    assert f"more than {MAX_REDIRECTS} redirects" in str(info.value)
    assert route.call_count == MAX_REDIRECTS + 1


def test_chain_of_exactly_max_redirects_is_followed(router, make_fetcher):
    """Tried: /r0 -> /r1 -> ... -> /r5 (5 redirects) then 200 -> followed to /r5."""
    for i in range(MAX_REDIRECTS):
        router.get(f"{BASE}/r{i}").respond(302, headers={"Location": f"/r{i + 1}"})
    router.get(f"{BASE}/r{MAX_REDIRECTS}").respond(200, text="end")
    response = make_fetcher().get(f"{BASE}/r0")
    assert response.url == f"{BASE}/r{MAX_REDIRECTS}" and response.content == b"end"


def test_redirect_to_a_robots_disallowed_path_is_refused(router, make_fetcher):
    """Tried: 302 from an allowed path to a path robots.txt disallows -> DisallowedURL, target never requested."""
    mock_robots(router, "User-agent: *\nDisallow: /private/\n")
    router.get(f"{BASE}/old").respond(302, headers={"Location": "/private/doc"})
    target = router.get(f"{BASE}/private/doc").respond(200)
    with pytest.raises(DisallowedURL, match="disallowed by robots.txt"):
        make_fetcher(obey_robots=True).get(f"{BASE}/old")
    assert target.call_count == 0


# -- 6. hosts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    f"{EVIL}/page",
    f"https://{HOST}.evil.example.net/page",  # the allowed host as a prefix
    f"https://sub.{HOST}/page",  # a subdomain is another host
    f"https://{HOST}@evil.example.net/page",  # the allowed host as userinfo
    f"{EVIL}/?u={HOST}",
    f"ftp://{HOST}/file",  # not http(s)
])
@pytest.mark.parametrize("obey_robots", [True, False])
def test_url_outside_allowed_hosts_is_refused_without_request(router, make_fetcher, url, obey_robots):
    """Tried: other hosts, look-alikes, userinfo tricks, a non-http scheme (with and without robots)
    -> DisallowedURL, and no request at all (not even robots.txt)."""
    router.route().respond(200)
    fetcher = make_fetcher(obey_robots=obey_robots)
    with pytest.raises(DisallowedURL, match=r"is not in allowed_origins|not an http\(s\) URL"):
        fetcher.get(url)
    assert router.calls.call_count == 0
    assert fetcher.requests == 0


def test_allowed_origins_are_case_insensitive(router, make_fetcher):
    """Tried: allowed_origins ["HTTPS://News.Example.ORG"], URL in lower case, and vice versa -> both allowed."""
    router.get(f"{BASE}/page").respond(200)
    assert make_fetcher(allowed_origins=("HTTPS://News.Example.ORG",)).get(f"{BASE}/page").status == 200
    assert make_fetcher().get("https://NEWS.example.org/page").status == 200


# -- 7. robots.txt and politeness -----------------------------------------------------------------

ROBOTS_RULES = (
    "User-agent: *\n"
    "Disallow: /private/\n"
    "\n"
    "User-agent: someotherbot\n"
    "Disallow: /\n"
)


@pytest.mark.parametrize("robots, path, allowed", [
    (ROBOTS_RULES, "/private/doc", False),
    (ROBOTS_RULES, "/private/", False),
    (ROBOTS_RULES, "/public/doc", True),
    (ROBOTS_RULES, "/privateer", True),
    ("User-agent: policyfeed-test\nDisallow: /news/\n\nUser-agent: *\nDisallow:\n", "/news/1", False),
    ("User-agent: policyfeed-test\nDisallow: /news/\n\nUser-agent: *\nDisallow:\n", "/other", True),
    ("User-agent: *\nDisallow: /\n", "/anything", False),
    ("User-agent: *\nDisallow: /\nAllow: /open/\n", "/open/page", True),
])
def test_robots_rules_decide_what_may_be_requested(router, make_fetcher, robots, path, allowed):
    """Tried: Disallow for *, a group for our own UA token, Disallow: / with an Allow -> a disallowed path
    raises DisallowedURL and is never requested; an allowed one is fetched."""
    mock_robots(router, robots)
    page = router.get(BASE + path).respond(200)
    fetcher = make_fetcher(obey_robots=True)
    if allowed:
        assert fetcher.get(BASE + path).status == 200
        assert page.call_count == 1
    else:
        with pytest.raises(DisallowedURL, match="disallowed by robots.txt"):
            fetcher.get(BASE + path)
        assert page.call_count == 0


def test_robots_fetched_once_per_host(router, make_fetcher):
    """Tried: 3 gets on one host and 2 on another -> each host's robots.txt requested once, before its pages."""
    robots_a = mock_robots(router, ROBOTS_RULES)
    robots_b = mock_robots(router, base=f"https://{OTHER_HOST}")
    router.route(host=HOST, path__startswith="/p").respond(200)
    router.route(host=OTHER_HOST, path__startswith="/p").respond(200)
    fetcher = make_fetcher(obey_robots=True)
    for i in range(3):
        fetcher.get(f"{BASE}/p{i}")
    for i in range(2):
        fetcher.get(f"https://{OTHER_HOST}/p{i}")
    assert robots_a.call_count == 1 and robots_b.call_count == 1
    paths = [(c.request.url.host, c.request.url.path) for c in router.calls]
    assert paths[0] == (HOST, "/robots.txt")
    assert paths[4] == (OTHER_HOST, "/robots.txt")


@pytest.mark.parametrize("status", [404, 410])
def test_missing_robots_allows_everything(router, make_fetcher, status):
    """Tried: robots.txt 404 / 410 -> any path may be fetched; no crawl delay."""
    mock_robots(router, status=status)
    router.get(f"{BASE}/private/doc").respond(200)
    fetcher = make_fetcher(obey_robots=True)
    assert fetcher.get(f"{BASE}/private/doc").status == 200
    assert fetcher.crawl_delay(f"{BASE}/private/doc") == 0.0


@pytest.mark.parametrize("status", [401, 403])
def test_forbidden_robots_disallows_everything(router, make_fetcher, status):
    """Tried: robots.txt 401 / 403 -> treated as "Disallow: /": DisallowedURL, page never requested."""
    mock_robots(router, status=status)
    page = router.get(f"{BASE}/page").respond(200)
    with pytest.raises(DisallowedURL):
        make_fetcher(obey_robots=True).get(f"{BASE}/page")
    assert page.call_count == 0


def test_robots_server_error_disallows_everything(router, make_fetcher):
    """Tried: robots.txt 503 on every attempt -> the page is refused, never requested, and the refusal
    says robots.txt was unavailable (not that it disallowed the page)."""
    mock_robots(router, status=503)
    page = router.get(f"{BASE}/page").respond(200)
    with pytest.raises(DisallowedURL) as info:
        make_fetcher(obey_robots=True).get(f"{BASE}/page")
    assert "robots.txt unavailable (HTTP 503)" in str(info.value)
    assert "disallowed by robots.txt" not in str(info.value)
    assert page.call_count == 0


def test_redirected_robots_is_followed(router, make_fetcher):
    """Tried: both origins allowed; http://host/robots.txt -> 301 https://host/robots.txt ("Disallow: /")
    -> the http page is refused by those rules, never requested."""
    router.get(f"http://{HOST}/robots.txt").respond(301, headers={"Location": ROBOTS})
    robots = mock_robots(router, "User-agent: *\nDisallow: /\n")
    page = router.get(f"http://{HOST}/page").respond(200)
    with pytest.raises(DisallowedURL, match="disallowed by robots.txt"):
        make_fetcher(obey_robots=True, allowed_origins=(f"http://{HOST}", BASE)).get(f"http://{HOST}/page")
    assert robots.call_count == 1 and page.call_count == 0


def test_robots_redirected_to_another_origin_is_not_followed(router, make_fetcher):
    """Tried: only http://host allowed; its robots.txt -> 301 https://host/robots.txt -> the https robots.txt
    is never requested, and the page is refused as "robots.txt unavailable (redirected off the allowed
    origins ...)"."""
    router.get(f"http://{HOST}/robots.txt").respond(301, headers={"Location": ROBOTS})
    robots = mock_robots(router, "User-agent: *\nDisallow:\n")
    page = router.get(f"http://{HOST}/page").respond(200)
    with pytest.raises(DisallowedURL, match=r"robots.txt unavailable \(redirected off the allowed origins"):
        make_fetcher(obey_robots=True, allowed_origins=(f"http://{HOST}",)).get(f"http://{HOST}/page")
    assert robots.call_count == 0 and page.call_count == 0


def test_crawl_delay_spaces_requests(router, make_fetcher, sleeps):
    """Tried: robots "Crawl-delay: 2", delay=0 -> crawl_delay(url) == 2; the first page needs no wait, the
    second waits about 2 s (recorded by the fake sleep, computed from time.monotonic)."""
    mock_robots(router, "User-agent: *\nCrawl-delay: 2\n")
    router.route(host=HOST, path__startswith="/p").respond(200)
    fetcher = make_fetcher(obey_robots=True)
    assert fetcher.crawl_delay(f"{BASE}/p1") == 2.0
    fetcher.get(f"{BASE}/p1")
    assert sleeps == []
    fetcher.get(f"{BASE}/p2")
    assert len(sleeps) == 1
    assert sleeps[0] == pytest.approx(2.0, abs=0.5) and sleeps[0] <= 2.0


def test_crawl_delay_for_our_user_agent_group(router, make_fetcher):
    """Tried: Crawl-delay 5 for our UA token, 1 for * -> ours (5) applies; other hosts are unaffected."""
    mock_robots(router, "User-agent: policyfeed-test\nCrawl-delay: 5\n\nUser-agent: *\nCrawl-delay: 1\n")
    mock_robots(router, base=f"https://{OTHER_HOST}")
    fetcher = make_fetcher(obey_robots=True)
    assert fetcher.crawl_delay(f"{BASE}/x") == 5.0
    assert fetcher.crawl_delay(f"https://{OTHER_HOST}/x") == 0.0


def test_crawl_delay_is_zero_when_robots_not_obeyed(router, make_fetcher):
    """Tried: obey_robots=False -> crawl_delay is 0 and robots.txt is never requested."""
    robots = mock_robots(router, "User-agent: *\nCrawl-delay: 9\n")
    assert make_fetcher(obey_robots=False).crawl_delay(f"{BASE}/x") == 0.0
    assert robots.call_count == 0


def test_per_host_delay_spaces_requests(router, make_fetcher, sleeps):
    """Tried: delay=1.5, no robots -> two gets on one host: the second waits about 1.5 s; a get on another
    host right after does not wait."""
    router.route(host=HOST).respond(200)
    router.route(host=OTHER_HOST).respond(200)
    fetcher = make_fetcher(delay=1.5)
    fetcher.get(f"{BASE}/a")
    fetcher.get(f"{BASE}/b")
    fetcher.get(f"https://{OTHER_HOST}/c")
    assert len(sleeps) == 1 and sleeps[0] == pytest.approx(1.5, abs=0.5) and sleeps[0] <= 1.5


# -- 8. conditional GET ---------------------------------------------------------------------------

ETAG = '"abc123"'
LAST_MODIFIED = "Wed, 01 May 2024 12:00:00 GMT"


@pytest.mark.parametrize("etag, last_modified", [
    (ETAG, None), (None, LAST_MODIFIED), (ETAG, LAST_MODIFIED), (None, None)])
def test_conditional_headers_are_sent(router, make_fetcher, etag, last_modified):
    """Tried: etag only, last_modified only, both, neither -> If-None-Match / If-Modified-Since sent exactly
    when given; a 304 answer comes back with .not_modified and no content."""
    route = router.get(f"{BASE}/page").respond(304 if (etag or last_modified) else 200)
    response = make_fetcher().get(f"{BASE}/page", etag=etag, last_modified=last_modified)
    sent = route.calls.last.request.headers
    assert sent.get("If-None-Match") == etag
    assert sent.get("If-Modified-Since") == last_modified
    assert response.not_modified == bool(etag or last_modified)
    if response.not_modified:
        assert response.status == 304 and response.content == b""


def test_304_is_neither_error_nor_retry(router, make_fetcher, sleeps):
    """Tried: 304 with obey_robots=True -> one page request, no sleep, .not_modified True."""
    mock_robots(router)
    route = router.get(f"{BASE}/page").respond(304, headers={"ETag": ETAG})
    response = make_fetcher(obey_robots=True).get(f"{BASE}/page", etag=ETAG)
    assert response.not_modified and response.attempts == 1
    assert route.call_count == 1 and sleeps == []


def test_validators_of_a_200_are_returned(router, make_fetcher):
    """Tried: 200 with ETag, Last-Modified, Content-Type -> exposed on the Response for the next crawl."""
    router.get(f"{BASE}/page").respond(200, text="<p>hi</p>", headers={
        "ETag": ETAG, "Last-Modified": LAST_MODIFIED, "Content-Type": "text/html; charset=utf-8"})
    response = make_fetcher().get(f"{BASE}/page")
    assert (response.etag, response.last_modified) == (ETAG, LAST_MODIFIED)
    assert response.content_type == "text/html; charset=utf-8"
    assert not response.not_modified


def test_conditional_headers_survive_retries_and_redirects(router, make_fetcher):
    """Tried: etag given; 503, then 302, then 304 -> every page request carried If-None-Match."""
    router.get(f"{BASE}/old").mock(side_effect=[
        httpx.Response(503), httpx.Response(302, headers={"Location": "/new"})])
    router.get(f"{BASE}/new").respond(304)
    response = make_fetcher().get(f"{BASE}/old", etag=ETAG)
    assert response.not_modified and response.url == f"{BASE}/new"
    assert [c.request.headers.get("If-None-Match") for c in router.calls] == [ETAG] * 3


# -- 9. User-Agent --------------------------------------------------------------------------------

def test_user_agent_on_every_request(router, make_fetcher):
    """Tried: robots.txt, a 503 retry, a redirect, a final 200, a second host's robots.txt -> every request
    carries exactly the configured User-Agent."""
    mock_robots(router, ROBOTS_RULES)
    mock_robots(router, base=f"https://{OTHER_HOST}")
    router.get(f"{BASE}/old").mock(side_effect=[
        httpx.Response(503), httpx.Response(302, headers={"Location": f"https://{OTHER_HOST}/new"})])
    router.get(f"https://{OTHER_HOST}/new").respond(200)
    make_fetcher(obey_robots=True).get(f"{BASE}/old")
    assert router.calls.call_count == 5
    assert [c.request.headers["User-Agent"] for c in router.calls] == [UA] * 5


# -- 10. request counting -------------------------------------------------------------------------

def test_requests_counts_robots_retries_and_redirects(router, make_fetcher):
    """Tried: robots.txt + (503, 502, 302 -> 200) + a second get -> fetcher.requests equals every request sent."""
    mock_robots(router)
    router.get(f"{BASE}/old").mock(side_effect=[
        httpx.Response(503), httpx.Response(502), httpx.Response(302, headers={"Location": "/new"})])
    router.get(f"{BASE}/new").respond(200)
    fetcher = make_fetcher(obey_robots=True)
    fetcher.get(f"{BASE}/old")
    assert fetcher.requests == 5  # robots, 503, 502, 302, 200
    fetcher.get(f"{BASE}/new")
    assert fetcher.requests == 6  # robots.txt is not fetched again
    assert fetcher.requests == router.calls.call_count


@pytest.mark.parametrize("scenario, expected", [
    ("robots refuses the page", 1),  # only robots.txt
    ("transport errors then give up", 1 + 3),
    ("4xx", 1 + 1),
    ("over the size cap", 1 + 1),
])
def test_requests_counts_failed_fetches_too(router, make_fetcher, scenario, expected):
    """Tried: a robots refusal, 3 ConnectErrors (max_attempts=3), a 404, an oversized body -> requests counts
    every request actually sent, equal to what respx saw."""
    mock_robots(router, "User-agent: *\nDisallow: /private/\n")
    router.get(f"{BASE}/private/x").respond(200)
    router.get(f"{BASE}/down").mock(side_effect=httpx.ConnectError("refused"))
    router.get(f"{BASE}/gone").respond(404)
    router.get(f"{BASE}/big").mock(side_effect=always(200, content=b"x" * 1000))
    url = {"robots refuses the page": "/private/x", "transport errors then give up": "/down",
           "4xx": "/gone", "over the size cap": "/big"}[scenario]
    fetcher = make_fetcher(obey_robots=True, max_attempts=3, max_bytes=100)
    with pytest.raises(FetchError):
        fetcher.get(BASE + url)
    assert fetcher.requests == expected == router.calls.call_count


# -- 11. hostile input, pure parts (issue 12; the real-server tests are in test_hostile_http.py) ----

@pytest.mark.parametrize("url, origin", [
    ("https://News.Example.ORG/page", "https://news.example.org:443"),
    ("http://127.0.0.1:8080/x?y", "http://127.0.0.1:8080"),
    ("http://127.0.0.1/x", "http://127.0.0.1:80"),
    ("https://a.org:443/", "https://a.org:443"),
    ("http://[::1]:8/x", "http://[::1]:8"),
    (f"https://{HOST}@evil.example.net/x", "https://evil.example.net:443"),  # userinfo is not the host
    ("http://a.com\\@b.com/", "http://b.com:80"),  # as httpx will send it
    ("ftp://a.org/", None),
    ("/relative", None),
    ("http://", None),
])
def test_origin_of(url, origin):
    """Tried: case, explicit and default ports, IPv6, userinfo and backslash tricks, other schemes, junk."""
    assert origin_of(url) == origin


@pytest.mark.parametrize("error, refusal", [
    (FetchError("u", "HTTP 404", 404), None),
    (FetchError("u", "HTTP 410", 410), None),
    (FetchError("u", "HTTP 403", 403), "robots.txt forbidden (HTTP 403)"),
    (FetchError("u", "HTTP 500 (gave up after 4 attempts)", 500), "robots.txt unavailable (HTTP 500)"),
    (FetchError("u", "HTTP 429 (gave up after 4 attempts)", 429), "robots.txt unavailable (HTTP 429)"),
    (FetchError("u", "ConnectError: refused (gave up after 4 attempts)", None, unreachable=True),
     "host unreachable: ConnectError: refused (gave up after 4 attempts)"),
    (FetchError("u", "timeout (ReadTimeout) (gave up after 4 attempts)"),
     "robots.txt unavailable (timeout (ReadTimeout) (gave up after 4 attempts))"),
    (FetchError("u", "redirected off the allowed origins to http://x:1/robots.txt", 302),
     "robots.txt unavailable (redirected off the allowed origins to http://x:1/robots.txt)"),
])
def test_robots_refusal_says_what_happened(error, refusal):
    """Tried: robots.txt failures -> 4xx none, 401/403 forbidden, 5xx and 429 unavailable with the status,
    a connection failure "host unreachable", anything else unavailable with the reason."""
    assert robots_refusal(error) == refusal


@pytest.mark.parametrize("value, expected", [
    (None, (0.0, False)), (2.0, (2.0, False)), (120.0, (120.0, False)), (86400.0, (120.0, True)),
    (float("inf"), (120.0, True)), (float("nan"), (0.0, False)), (-1.0, (0.0, False)),
])
def test_capped_crawl_delay(value, expected):
    """Tried: none, small, at the cap, a day, infinity, NaN, negative -> (delay, capped?)."""
    assert capped_crawl_delay(value, 120.0) == expected


def test_within_deadline_caps_every_wait():
    """Tried: 15 s read, 5 s connect, no pool limit, deadline 2 s -> every wait at most 2 s."""
    timeout = within_deadline(httpx.Timeout(15.0, connect=5.0, pool=None), 2.0)
    assert (timeout.connect, timeout.read, timeout.write, timeout.pool) == (2.0, 2.0, 2.0, 2.0)


@pytest.mark.parametrize("headers, expected", [
    ({}, True), ({"Connection": "close"}, True), ({"Content-Length": "10"}, False),
    ({"Transfer-Encoding": "chunked"}, False), ({"Transfer-Encoding": "gzip, Chunked"}, False),
])
def test_close_delimited(headers, expected):
    """Tried: no framing, Connection: close, a length, chunked (any case, after another coding)."""
    assert close_delimited(httpx.Headers(headers)) is expected


@pytest.mark.parametrize("body, cut", [
    (b"<!DOCTYPE html><HTML lang=zh><body>half", True),
    (b"<!DOCTYPE html><html><body>whole</body></html>\n", False),
    (b"<html><body>whole</BODY></HTML >", False),
    (b"<p>a fragment, never opened", False),
    (b"\xef\xbb\xbf<!-- c --><html>" + b"x" * 100, True),
    (b" " * 5000 + b"<html>late opening", False),  # beyond HTML_OPEN_WITHIN: not judged
    (b"User-agent: *\nDisallow:", False),
])
def test_html_cut_short(body, cut):
    """Tried: an opened document without its end, whole ones (any case), fragments, a BOM and a comment
    first, a late <html>, a robots.txt."""
    assert html_cut_short(body) is cut


def test_decode_body_is_bounded_and_lazy():
    """Tried: 64 MB of zeros gzipped twice, decoded by pulling only 10 pieces -> each piece at most a
    step, and only those pieces were produced (the rest was never inflated)."""
    inner = gzip.compress(b"\0" * (64 << 20))
    pieces = decode_body(iter([gzip.compress(inner)]), content_decoders(["gzip, gzip"]))
    first = [next(pieces) for _ in range(10)]
    assert all(0 < len(p) <= DECODE_STEP for p in first)
    assert sum(map(len, first)) <= 10 * DECODE_STEP


@pytest.mark.parametrize("coding, data", [
    ("gzip", gzip.compress(b"hello " * 1000)),
    ("deflate", zlib.compress(b"hello " * 1000)),
    ("deflate", zlib.compress(b"hello " * 1000)[2:-4]),  # raw deflate, as some servers send it
    ("x-gzip, identity", gzip.compress(b"hello " * 1000)),
])
def test_decode_body_round_trips(coding, data):
    """Tried: gzip, zlib deflate, raw deflate, x-gzip with identity -> the original bytes, fed a byte at a time."""
    assert b"".join(decode_body((data[i:i + 1] for i in range(len(data))), content_decoders([coding]))) == \
        b"hello " * 1000


def test_decode_body_refuses_a_cut_stream():
    """Tried: a gzip stream missing its last 8 bytes (CRC and length) -> RetryableError "cut short"."""
    with pytest.raises(RetryableError, match="cut short"):
        b"".join(decode_body([gzip.compress(b"x" * 1000)[:-8]], content_decoders(["gzip"])))


@pytest.mark.parametrize("coding", ["zstd", "compress", "snappy"])
def test_unsupported_content_encoding_is_refused_not_retried(router, make_fetcher, sleeps, coding):
    """Tried: a 200 with Content-Encoding zstd / compress / an unknown one -> FetchError naming it, one call."""
    route = router.get(f"{BASE}/page").mock(side_effect=always(200, content=b"??", headers={"Content-Encoding": coding}))
    with pytest.raises(FetchError, match="is not supported"):
        make_fetcher().get(f"{BASE}/page")
    assert route.call_count == 1 and sleeps == []


def test_a_url_outside_the_origins_is_refused_even_without_check(router, make_fetcher):
    """Tried: the internal request path (_retrying with check=False, as robots.txt uses) to another port
    -> DisallowedURL, nothing sent: every request passes the origin gate."""
    router.route().respond(200)
    fetcher = make_fetcher()
    with pytest.raises(DisallowedURL):
        fetcher._retrying(f"https://{HOST}:8443/robots.txt", {}, check=False)
    assert router.calls.call_count == 0


# -- settings ---------------------------------------------------------------------------------------

def test_feed_and_fetch_defaults_are_written_once():
    """Tried: a feed written without its optional keys -> Feed's defaults, whose delay and response
    deadline are FetchSettings' own; FetchSettings is frozen."""
    from dataclasses import FrozenInstanceError

    from scraper.config import DEFAULT_USER_AGENT, Feed, parse_config

    settings = FetchSettings()
    config = parse_config('[[feeds]]\nname = "a"\nstart_urls = ["https://x.cn/1"]\n')
    feed = config.feeds[0]
    assert (feed.delay_seconds, feed.response_deadline_seconds) == (settings.delay, settings.response_deadline)
    assert (feed.concurrency, feed.max_pages, feed.fetch_articles) == (Feed.concurrency, Feed.max_pages, True)
    assert config.user_agent == DEFAULT_USER_AGENT == settings.user_agent
    assert within_deadline(settings.timeout, settings.response_deadline) == settings.client_timeout
    with pytest.raises(FrozenInstanceError):
        settings.delay = 0
