"""Extraction throughput: announcements/s of policyfeed against JioNLP and cpca-new, same texts.

The target is set against the best pipeline a user would assemble from these anchors: JioNLP's time
extraction for dates, windows and hours plus cpca-new's regions (bench.wrappers.composite_predict).
Most of JioNLP's own cost is its location model, which the composite leaves out; JioNLP alone stays
as a second line.

The texts are the 85 development-set announcements (tests/data/*_gold.jsonl) repeated to ~2,000.
Each tool first runs once over the 85 texts (its warm-up: jieba and the gazetteer, JioNLP's
dictionaries and location model, cpca's matcher, all loaded); those first outputs are also scored
(micro F1 over the fields JioNLP predicts), because the target reads "faster at higher F1". Then
the timed passes over the ~2,000 texts, in this process, interleaved: 24 blocks of the 85 texts,
each block run by each tool in turn, so that other load on the machine hits all tools alike.

- policyfeed: extract.extract(text, published).as_dict() — the same input the others get (text and
  publication time). A second line times extract(text, published, title), as `policyfeed eval` and
  the crawl call it (the title is extracted too, and merged).
- JioNLP: bench.wrappers.jionlp_predict — jionlp.ner.extract_time with parsing (jionlp.parse_time
  on every time expression) + jionlp.recognize_location, turned into windows/dates/hours/codes.
- cpca-new: bench.wrappers.cpca_predict — regions only.
- composite: bench.wrappers.composite_predict — JioNLP's time extraction + cpca-new's regions.

Long text: the cold-start text below (the dev-set announcement with the most regions and windows)
repeated to 1 MB of UTF-8, extracted once, timed against the same text repeated to 100 KB: time
that grows linearly with the text gives a ratio of 10 (a quadratic step would give 100).

Cold start: `policyfeed extract` on one text in a fresh process (wall time, median of 5, after one
untimed run that fills the OS file cache and jieba's cache), against a fresh process doing the same
text with the JioNLP wrapper (median of 3: each one loads JioNLP's models); and the peak RSS of
those processes (bench.run_child).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from extract.scoring import FieldScore, score

from . import ROOT, Row, dev_rows, log, median, run_child
from .wrappers import composite_predict, cpca_predict, jionlp_predict, policyfeed_predict

NAME = "extraction"
TARGET_RATIO = 20.0
#: the long-text line: bytes of UTF-8, and the anchor's size as a fraction of it
LONG_TEXT_BYTES = 1_000_000
LONG_TEXT_BYTES_QUICK = 200_000
LONG_TEXT_SCALE = 10
#: the ratio at most that still reads as linear (10 is linear, n log n ~12, quadratic 100)
LONG_TEXT_TARGET = 15.0
COMPARED_FIELDS = ("effective_dates", "windows", "regions", "hours")  # what JioNLP predicts too


def micro_f1(scores, fields=COMPARED_FIELDS) -> float:
    total = FieldScore()
    for name in fields:
        s = scores.fields[name]
        total.must += s.must
        total.predicted += s.predicted
        total.hits += s.hits
        total.misses += s.misses
    return total.f1 or 0.0


def _time_pass(fn, inputs) -> float:
    start = time.perf_counter()
    for args in inputs:
        fn(*args)
    return time.perf_counter() - start


def _policyfeed_command() -> list[str]:
    script = Path(sys.executable).parent / "policyfeed"
    return [str(script)] if script.exists() else [sys.executable, "-m", "scraper.cli"]


def repeated_to(text: str, size: int) -> str:
    """text repeated (whole copies) to about size bytes of UTF-8."""
    return text * max(1, size // len(text.encode("utf-8")))


def long_text_seconds(row: dict, size: int) -> dict:
    """Seconds of extract() (text only) on row's text repeated to size bytes and to a tenth of it."""
    out = {}
    for label, n in (("large", size), ("anchor", size // LONG_TEXT_SCALE)):
        text = repeated_to(row["text"], n)
        out[label] = {"bytes": len(text.encode("utf-8")), "chars": len(text),
                      "seconds": _time_pass(policyfeed_predict, [(text, row["published"])])}
    return out


COLD_JIONLP = """
import sys
from bench.wrappers import jionlp_predict
jionlp_predict(sys.stdin.read(), sys.argv[1])
"""


def cold_start(row: dict, runs: int, anchor_runs: int) -> dict[str, list]:
    """Fresh processes on one text: wall seconds and peak RSS (MB) of each run, both tools."""
    cmd = _policyfeed_command() + ["extract", "--published", row["published"], "--title", row["title"]]
    warm = run_child(cmd, stdin=row["text"])
    if warm.returncode != 0:
        raise RuntimeError(f"policyfeed extract failed: {warm.stderr[-2000:]}")
    ours = [run_child(cmd, stdin=row["text"]) for _ in range(runs)]
    jio_cmd = [sys.executable, "-c", COLD_JIONLP, row["published"]]
    theirs = []
    for _ in range(anchor_runs):
        child = run_child(jio_cmd, stdin=row["text"], cwd=ROOT)
        if child.returncode != 0:
            raise RuntimeError(f"JioNLP cold start failed: {child.stderr[-2000:]}")
        theirs.append(child)
    return {"policyfeed_s": [c.wall for c in ours], "jionlp_s": [c.wall for c in theirs],
            "policyfeed_mb": [c.maxrss_mb for c in ours], "jionlp_mb": [c.maxrss_mb for c in theirs]}


def run(quick: bool = False) -> list[Row]:
    sets = dev_rows()
    rows = [r for rs in sets.values() for r in rs]
    target_n = 400 if quick else 2000
    reps = -(-target_n // len(rows))
    n = len(rows) * reps

    log(f"{NAME}: warm-up and first pass over {len(rows)} texts (JioNLP's location model takes a while)")
    firsts = {
        "policyfeed": {r["id"]: policyfeed_predict(r["text"], r["published"]) for r in rows},
        "policyfeed_title": {r["id"]: policyfeed_predict(r["text"], r["published"], r.get("title")) for r in rows},
        "jionlp": {r["id"]: jionlp_predict(r["text"], r["published"]) for r in rows},
        "cpca": {r["id"]: cpca_predict(r["text"], r["published"]) for r in rows},
        "composite": {r["id"]: composite_predict(r["text"], r["published"]) for r in rows},
    }
    f1 = {name: micro_f1(score(rows, preds)) for name, preds in firsts.items() if name != "cpca"}
    f1_regions = {name: score(rows, preds).fields["regions"].f1 or 0.0 for name, preds in firsts.items()}

    log(f"{NAME}: timing {n} texts per tool, in {reps} interleaved blocks of {len(rows)}")
    text_only = [(r["text"], r["published"]) for r in rows]
    tools = {"policyfeed": (policyfeed_predict, text_only),
             "policyfeed_title": (policyfeed_predict, [(r["text"], r["published"], r.get("title")) for r in rows]),
             "jionlp": (jionlp_predict, text_only),
             "cpca": (cpca_predict, text_only),
             "composite": (composite_predict, text_only)}
    seconds = dict.fromkeys(tools, 0.0)
    for _ in range(reps):  # block by block, each tool in turn: a load that comes and goes hits all alike
        for name, (fn, inputs) in tools.items():
            seconds[name] += _time_pass(fn, inputs)
    rate = {name: n / t for name, t in seconds.items()}

    sample = max(rows, key=lambda r: len(r["gold"]["regions"]["must"]) + len(r["gold"]["windows"]["must"]))
    long_size = LONG_TEXT_BYTES_QUICK if quick else LONG_TEXT_BYTES
    log(f"{NAME}: one announcement repeated to {long_size:,} bytes")
    long_text = long_text_seconds(sample, long_size)
    long_ratio = long_text["large"]["seconds"] / long_text["anchor"]["seconds"]

    log(f"{NAME}: cold start (fresh processes)")
    cold = cold_start(sample, 2 if quick else 5, 1 if quick else 3)

    chars = reps * sum(len(r["text"]) for r in rows)
    ratio = rate["policyfeed"] / rate["composite"]
    passed = ratio >= TARGET_RATIO and f1["policyfeed"] > f1["composite"]
    details = {"texts": n, "chars": chars, "seconds": seconds, "per_second": rate,
               "ms_per_text": {name: 1000 * t / n for name, t in seconds.items()},
               "ratio_to": {name: rate["policyfeed"] / rate[name] for name in rate if name != "policyfeed"},
               "f1_micro_dev_sets": {**f1, "fields": COMPARED_FIELDS}, "f1_regions_dev_sets": f1_regions}
    composite = "JioNLP time + cpca-new regions"
    return [
        Row(NAME, f"announcements/s, text only, {n} texts ({len(rows)} dev x{reps})", rate["policyfeed"],
            composite, rate["composite"], "ann/s", target=f">= {TARGET_RATIO:.0f}x, F1 higher",
            passed=passed, details=details),
        Row(NAME, f"F1 (micro: dates, windows, regions, hours), text only, {len(rows)} dev (tuned on)",
            f1["policyfeed"], composite, f1["composite"], "F1", target="higher",
            passed=f1["policyfeed"] > f1["composite"]),
        Row(NAME, "announcements/s, text only (JioNLP alone: time + location model)", rate["policyfeed"],
            "JioNLP (time + location)", rate["jionlp"], "ann/s"),
        Row(NAME, f"F1 (micro), text only, {len(rows)} dev (JioNLP alone)", f1["policyfeed"],
            "JioNLP (time + location)", f1["jionlp"], "F1"),
        Row(NAME, "announcements/s, text + title (as eval and the crawl call it)", rate["policyfeed_title"],
            composite, rate["composite"], "ann/s"),
        Row(NAME, "announcements/s, text only (cpca: regions only)", rate["policyfeed"], "cpca-new", rate["cpca"],
            "ann/s"),
        Row(NAME, f"seconds, text only, 1 announcement repeated to {long_size / 1e6:g} MB",
            long_text["large"]["seconds"], f"the same at {long_size / LONG_TEXT_SCALE / 1e3:g} KB",
            long_text["anchor"]["seconds"], "s", target=f"< {LONG_TEXT_TARGET:.0f}x ({LONG_TEXT_SCALE}x = linear)",
            passed=long_ratio < LONG_TEXT_TARGET, details={**long_text, "text_id": sample["id"]}),
        Row(NAME, f"cold start `policyfeed extract`, 1 text, median of {len(cold['policyfeed_s'])}",
            median(cold["policyfeed_s"]), f"JioNLP, fresh process, median of {len(cold['jionlp_s'])}",
            median(cold["jionlp_s"]), "s", details={"runs": cold, "text_id": sample["id"]}),
        Row(NAME, "peak RSS of that process", max(cold["policyfeed_mb"]), "JioNLP, fresh process",
            max(cold["jionlp_mb"]), "MB"),
    ]
