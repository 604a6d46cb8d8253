"""Precision, recall and F1 per field against gold annotations (docs/annotation.md#how-eval-scores).

Per announcement and field: hits = predicted & (must | may); misses = must - predicted; false alarms
= predicted - (must | may); summed over announcements (micro). The exemption flag is scored as a
boolean with true as the positive class.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("effective_dates", "windows", "regions", "hours")
#: a comparable value of a field: an ISO date, a (start, end) pair, a region code, a number of hours
FieldValue = str | int | float | tuple[str | None, ...]


@dataclass
class FieldScore:
    must: int = 0
    predicted: int = 0
    hits: int = 0
    misses: int = 0
    false_alarms: int = 0

    @property
    def precision(self) -> float | None:
        return self.hits / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return (self.must - self.misses) / self.must if self.must else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return 0.0 if p == 0 or r == 0 else None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    exemption: FieldScore = field(default_factory=FieldScore)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _num(x: Any) -> float | int:
    f = float(x)
    return int(f) if f.is_integer() else f


def predicted_values(field_name: str, prediction: dict[str, Any]) -> set[FieldValue]:
    """The comparable values of one field of a ``policyfeed extract`` output line."""
    if field_name == "effective_dates":
        return {d["date"] for d in prediction.get("effective_dates", [])}
    if field_name == "windows":
        return {(w.get("start"), w.get("end")) for w in prediction.get("windows", [])}
    if field_name == "regions":
        return {str(r["code"]) for r in prediction.get("regions", [])}
    return {_num(d["hours"]) for d in prediction.get("durations", [])}


def gold_values(field_name: str, values: Iterable[Any]) -> set[FieldValue]:
    if field_name == "windows":
        return {tuple(w) for w in values}
    if field_name == "hours":
        return {_num(h) for h in values}
    return {str(v) for v in values}


def score(gold: list[dict[str, Any]], predictions: dict[str, dict[str, Any]]) -> Scores:
    out = Scores()
    for g in gold:
        p = predictions.get(g["id"], {})
        for name in FIELDS:
            spec = g["gold"].get(name) or {}
            must, may = gold_values(name, spec.get("must", [])), gold_values(name, spec.get("may", []))
            got = predicted_values(name, p)
            s = out.fields[name]
            s.must += len(must)
            s.predicted += len(got)
            s.hits += len(got & (must | may))
            s.misses += len(must - got)
            s.false_alarms += len(got - (must | may))
            if must - got or got - (must | may):
                out.errors.append({"id": g["id"], "field": name, "misses": sorted(must - got, key=str),
                                   "false_alarms": sorted(got - (must | may), key=str)})
        truth, guess = bool(g["gold"].get("exemption")), bool(p.get("exemption"))
        e = out.exemption
        e.must += truth
        e.predicted += guess
        e.hits += truth and guess
        e.misses += truth and not guess
        e.false_alarms += guess and not truth
        if truth != guess:
            out.errors.append({"id": g["id"], "field": "exemption", "gold": truth, "pred": guess})
    return out


def format_table(scores: Scores) -> str:
    def fmt(x: float | None) -> str:
        return "    -" if x is None else f"{x:5.2f}"

    lines = [f"{'field':16} {'must':>5} {'pred':>5} {'hits':>5} {'miss':>5} {'FA':>5} {'P':>5} {'R':>5} {'F1':>5}"]
    for name, s in [*scores.fields.items(), ("exemption", scores.exemption)]:
        lines.append(f"{name:16} {s.must:5} {s.predicted:5} {s.hits:5} {s.misses:5} {s.false_alarms:5} "
                     f"{fmt(s.precision)} {fmt(s.recall)} {fmt(s.f1)}")
    return "\n".join(lines)
