"""Extraction time grows linearly with the text's length (issue 12).

Each shape below once made an extractor quadratic or worse: a run of Chinese numerals backtracked
in the normaliser, every duration was tested against every date, every region's clause was
searched for from the start of the text, blank lines were re-read at every newline, spaces
between two dates were shared out in every possible way between three ``\\s*``. Each shape, and
hypothesis mixes of the dangerous pieces, is built at 100 KB: extraction must finish within a
bound generous enough for a busy machine (a return to 20+ s fails, at the bound, without hanging),
and its CPU time at 100 KB must stay under 8 times its CPU time at 25 KB (linear gives about 4,
quadratic 16): a check that does not depend on the machine's speed.
"""
from __future__ import annotations

import gc
import json
import signal
import time
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract
from tests.conftest import DATA

PUBLISHED = datetime(2021, 7, 26, 17, 32, 11)
#: sizes in bytes of UTF-8, as the issue measured them
LARGE = 100_000
SMALL = LARGE // 4
#: far above the ~1 s these take, far below the 20+ s of the quadratic versions
BOUND_SECONDS = 10.0
#: time at LARGE over time at SMALL: ~4 when linear, ~16 when quadratic
MAX_GROWTH = 8.0
#: below this at LARGE, a ratio is mostly timer noise and fixed costs: nothing to check
GROWTH_FLOOR_SECONDS = 0.05
#: each size is timed this many times and the fastest kept: one run slowed by other load must not decide
REPEATS = 3
#: hypothesis examples: each is timed 2 x REPEATS times, a few seconds in all
MIXES = 8
#: spaces between two dates: the old range pattern took 80 s over 2,000 of them
LONG_GAP = " " * 2000
SPACE_RUN = " " * 200


def _announcement() -> str:
    """A real announcement: the seed's typhoon notice (regions, a window, relief)."""
    rows = [json.loads(line) for line in (DATA / "seed_gold.jsonl").read_text("utf-8").splitlines() if line]
    return next(r["text"] for r in rows if r["id"] == "s000-02")


SHAPES = {
    "chinese numerals": ("二", ""),
    "chinese numerals before a unit": ("二", "日"),
    "date ranges": ("1月1日-", ""),
    # begins with 、 rather than ending with it: a text whose last character is 、 reads its first
    # region as the end of a list of asides, and then the whole list is skipped
    "region list": ("、杭州市、宁波市、温州市、嘉兴市、湖州市、绍兴市", ""),
    "province and city": ("浙江省杭州市", ""),
    "newlines": ("\n", ""),
    "spaces between dates": ("1月1日" + LONG_GAP, ""),
    "announcement": (_announcement(), ""),
}

DANGEROUS = st.sampled_from([
    "二", "十", "〇", "两", "二十四", "1月1日", "2021年7月25日", "28号", "2021-07-25", "0点", "24时", "至", "-", "到",
    "、", "和", "浙江省", "杭州市", "朝阳区", "江浙沪", "泸定县", "\n", "\n\n\n", " ", SPACE_RUN, "。", "，", "；",
    "：", "起", "后", "前", "将于", "即日起", "上述区域", "的订单", "付款时间在", "不扣分", "48小时", "7天内", "台风",
])


def _build(piece: str, size: int, tail: str = "") -> str:
    """piece repeated to about size bytes of UTF-8, then tail."""
    return piece * max(1, size // len(piece.encode("utf-8"))) + tail


class TooSlow(Exception):
    pass


def _stop(signum, frame):
    raise TooSlow


def _seconds(text: str) -> float:
    """CPU seconds of one extraction (what other load on the machine changes least), stopped at
    BOUND_SECONDS of wall time: a regression fails, it does not hang (the regular expression engine
    checks for signals while it matches). The garbage collector is off meanwhile, as timeit has it:
    a full collection (jieba's dictionary is large) would land in some runs and not others."""
    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, BOUND_SECONDS)
    gc.disable()
    start = time.process_time()
    try:
        extract(text, PUBLISHED)
    except TooSlow:
        pytest.fail(f"extraction of {len(text.encode('utf-8')):,} bytes took more than {BOUND_SECONDS} s")
    finally:
        gc.enable()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.process_time() - start


def _assert_linear(piece: str, tail: str = "") -> None:
    small, large = _build(piece, SMALL, tail), _build(piece, LARGE, tail)
    small_times, large_times = [], []
    for _ in range(REPEATS):  # interleaved, so that a burst of load hits both sizes
        small_times.append(_seconds(small))
        large_times.append(_seconds(large))
    small_s, large_s = min(small_times), min(large_times)
    assert large_s < max(MAX_GROWTH * small_s, GROWTH_FLOOR_SECONDS), (
        f"{SMALL:,} bytes: {small_s:.3f} s, {LARGE:,} bytes: {large_s:.3f} s of CPU "
        f"(x{large_s / small_s:.1f}; linear is about x{LARGE / SMALL:.0f})")


@pytest.fixture(scope="module", autouse=True)
def _warm_up():
    """jieba and the gazetteer load on the first text: not part of any timing."""
    extract("收货地址在浙江省杭州市的订单，2021年7月25日起不扣分。", PUBLISHED)


@pytest.mark.parametrize("name", SHAPES)
def test_shape_extracts_in_linear_time(name):
    piece, tail = SHAPES[name]
    _assert_linear(piece, tail)


@settings(max_examples=MIXES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=st.lists(DANGEROUS, min_size=1, max_size=12).map("".join))
def test_mixes_of_dangerous_pieces_extract_in_linear_time(unit):
    _assert_linear(unit)
