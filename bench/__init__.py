"""policyfeed's benchmark suite (`make bench`, i.e. ``python -m bench``).

Every figure is measured next to an anchor taken in the same run on the same inputs (a competing
library, a theoretical floor, a smaller run of the same work, a trivial baseline), and reported as
both: the absolute value, the anchor's value and their ratio. These are measurements, never tests:
nothing here asserts a timing. See docs/benchmarks.md.

Shared helpers live here: the result row, the one table printed on stdout, the development sets,
and a subprocess runner that reports a child's own wall time and peak RSS.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
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
    widths = [max(_width(x) for x in col) for col in zip(head, *body, strict=False)]
    right = {2, 4, 5}

    def line(cells: list[str]) -> str:
        out = []
        for i, (c, w) in enumerate(zip(cells, widths, strict=False)):
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
    wall: float  # seconds, from the child's start to its exit
    maxrss_mb: float  # the child's own peak resident set size (the largest of the processes it waited for)
    stdout: str
    stderr: str
    #: with sample_tree: the largest sum, over samples every TREE_SAMPLE_SECONDS, of the resident set
    #: sizes (RSS; PSS: shared pages divided among their sharers) of every process the child ran
    tree_rss_mb: float | None = None
    tree_pss_mb: float | None = None
    tree_processes: int | None = None


#: how often the process tree of a child is sampled (run_child(sample_tree=True))
TREE_SAMPLE_SECONDS = 0.1


def _descendants(root: int) -> list[int]:
    """Every process below root (not root), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            out.append(pid)
            todo.append(pid)
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB; (0, 0) when it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class _TreeSampler(threading.Thread):
    """Samples the summed memory of every process below a pid (the launcher's measured command and
    whatever it starts: a fork server, worker processes), keeping the peaks."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.stop = threading.Event()
        self.rss_kb = self.pss_kb = self.processes = 0

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _descendants(self.root)
            sizes = [_memory_kb(pid) for pid in pids]
            self.rss_kb = max(self.rss_kb, sum(r for r, _ in sizes))
            self.pss_kb = max(self.pss_kb, sum(p for _, p in sizes))
            self.processes = max(self.processes, sum(1 for r, _ in sizes if r))
            self.stop.wait(TREE_SAMPLE_SECONDS)


#: a small fresh parent for each measured child: getrusage(RUSAGE_CHILDREN) there is that child's peak
LAUNCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as f:
    json.dump({"code": code, "wall": wall, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, f)
"""


def run_child(cmd: list[str], *, stdin: str | None = None, cwd: Path = ROOT, env: dict | None = None,
              timeout: float = 900.0, sample_tree: bool = False) -> ChildRun:
    """Run cmd in a child process; report its wall time and its own peak RSS.

    The child is started by a small launcher process, and its peak RSS is
    getrusage(RUSAGE_CHILDREN).ru_maxrss read in that launcher. Measured from this process it would
    be wrong twice: RUSAGE_CHILDREN here is the maximum over every child so far, and Linux counts in
    a child's ru_maxrss the resident size of the parent it was forked from (kept across exec), so any
    child of this process, once JioNLP is loaded (~2 GB), would report ~2 GB.

    ru_maxrss is one process's peak. A command that runs several processes at once (reparse's
    workers, which a fork server starts and reaps) is measured with sample_tree=True: the summed
    RSS and PSS of all its processes, sampled every TREE_SAMPLE_SECONDS (Linux /proc).
    """
    with tempfile.TemporaryDirectory(prefix="policyfeed-bench-child-") as tmp:
        report = Path(tmp) / "rusage.json"
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(report), *cmd], cwd=cwd, env=env,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        sampler = _TreeSampler(proc.pid) if sample_tree else None
        if sampler is not None:
            sampler.start()
        try:
            out, err = proc.communicate(stdin.encode("utf-8") if stdin is not None else None, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            return ChildRun(-9, timeout, 0.0, out.decode("utf-8", "replace"),
                            err.decode("utf-8", "replace") + f"\n[bench] killed after {timeout:.0f} s")
        finally:
            if sampler is not None:
                sampler.stop.set()
                sampler.join()
        if not report.exists():
            return ChildRun(proc.returncode or -1, 0.0, 0.0, out.decode("utf-8", "replace"),
                            err.decode("utf-8", "replace"))
        measured = json.loads(report.read_text())
        run = ChildRun(measured["code"], measured["wall"], measured["maxrss_kb"] / 1024,
                       out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
        if sampler is not None:
            run.tree_rss_mb, run.tree_pss_mb = sampler.rss_kb / 1024, sampler.pss_kb / 1024
            run.tree_processes = sampler.processes
        return run


def median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def rows_as_json(rows: list[Row]) -> list[dict]:
    return [asdict(r) for r in rows]
