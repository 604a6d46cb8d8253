"""policyfeed's benchmark suite (`make bench`, i.e. ``python -m bench``).

Every figure is measured next to an anchor taken in the same run on the same inputs (a competing
library, a theoretical floor, a smaller run of the same work, a trivial baseline), and reported as
both: the absolute value, the anchor's value and their ratio. These are measurements, never tests:
nothing here asserts a timing. See bench/README.md.

Shared helpers live here: the result row, the one table printed on stdout, the development sets,
and a subprocess runner that reports a child's own wall time and peak RSS.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV_SETS = {"seed": ROOT / "tests" / "data" / "seed_gold.jsonl",
            "dev2": ROOT / "tests" / "data" / "dev2_gold.jsonl"}


@dataclass
class Row:
    """One line of the table: a figure, its anchor (same run, same inputs) and their ratio."""

    bench: str
    measure: str
    value: float | None
    anchor: str
    anchor_value: float | None
    unit: str = ""
    target: str = ""
    passed: bool | None = None  # None: no target, or not applicable
    ratio: float | None = None  # value / anchor_value unless given
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.ratio is None and self.value is not None and self.anchor_value:
            self.ratio = self.value / self.anchor_value


def fmt_num(x: float | None, unit: str = "") -> str:
    if x is None:
        return "-"
    if unit == "F1":
        return f"{x:.3f}"
    if abs(x) >= 1000 or float(x).is_integer():
        s = f"{x:,.0f}"
    elif abs(x) >= 100:
        s = f"{x:.1f}"
    elif abs(x) >= 10:
        s = f"{x:.2f}"
    else:
        s = f"{x:.3f}"
    return f"{s} {unit}" if unit else s


def format_table(rows: list[Row], title: str) -> str:
    head = ["benchmark", "measure", "policyfeed", "anchor", "anchor value", "ratio", "target", "result"]
    body = []
    for r in rows:
        result = "" if r.passed is None else ("PASS" if r.passed else "MISS")
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}x"
        body.append([r.bench, r.measure, fmt_num(r.value, r.unit), r.anchor, fmt_num(r.anchor_value, r.unit),
                     ratio, r.target, result])
    widths = [max(_width(x) for x in col) for col in zip(head, *body)]
    right = {2, 4, 5}

    def line(cells: list[str]) -> str:
        out = []
        for i, (c, w) in enumerate(zip(cells, widths)):
            pad = " " * (w - _width(c))
            out.append(pad + c if i in right else c + pad)
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([title, line(head), rule, *(line(b) for b in body)])


def _width(s: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) >= 0x1100 and not 0x2000 <= ord(ch) <= 0x206F else 1 for ch in s)


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def dev_rows() -> dict[str, list[dict]]:
    return {name: load_jsonl(path) for name, path in DEV_SETS.items()}


def log(message: str) -> None:
    """Progress goes to stderr: stdout carries only the table."""
    print(f"[bench] {message}", file=sys.__stderr__, flush=True)


@dataclass
class ChildRun:
    returncode: int
    wall: float  # seconds, fork to exit
    maxrss_mb: float  # the child's own peak resident set size
    stdout: str
    stderr: str


def run_child(cmd: list[str], *, stdin: str | None = None, cwd: Path = ROOT, env: dict | None = None,
              timeout: float = 600.0) -> ChildRun:
    """Run cmd and report its wall time and its own peak RSS.

    The peak RSS is the ru_maxrss of that one child, read with os.wait4 — what
    getrusage(RUSAGE_CHILDREN) reports in a fresh parent whose only child it is. RUSAGE_CHILDREN in
    this long-lived process would be the maximum over every child so far (JioNLP's cold start among
    them), not this child's.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
        if stdin is not None:
            proc.stdin.write(stdin.encode("utf-8"))
            proc.stdin.close()
        timer = threading.Timer(timeout, proc.kill)  # a hung child is killed, never waited on forever
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        maxrss_kb = usage.ru_maxrss  # kilobytes on Linux
        return ChildRun(proc.returncode, wall, maxrss_kb / 1024, out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"))


def median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def rows_as_json(rows: list[Row]) -> list[dict]:
    return [asdict(r) for r in rows]
