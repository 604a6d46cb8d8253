"""Accuracy: `policyfeed eval`'s precision/recall/F1 per field on both development sets, next to
the same fields predicted with JioNLP and cpca-new (bench/wrappers.py), scored by the same code
(extract.scoring.score, the rules of docs/annotation.md#how-eval-scores: must/may, micro over announcements).

Anchors: JioNLP for effective dates, windows, regions and hours; cpca-new for regions; for the
exemption flag, which neither tool predicts, the trivial baseline "every announcement is an
exemption" (its F1 is what the class prevalence alone gives).

Caveat printed in the README's Benchmarks section: these are the sets policyfeed was developed against, so its figures
here are not an estimate of accuracy on unseen announcements.
"""
from __future__ import annotations

from extract.scoring import score

from . import Row, dev_rows, log
from .wrappers import cpca_predict, jionlp_predict, policyfeed_predict

NAME = "accuracy"
JIONLP_FIELDS = ("effective_dates", "windows", "regions", "hours")


def _prf(s) -> dict:
    return {"must": s.must, "predicted": s.predicted, "hits": s.hits, "misses": s.misses,
            "false_alarms": s.false_alarms, "precision": s.precision, "recall": s.recall, "f1": s.f1}


def _f1(s) -> float:
    return s.f1 if s.f1 is not None else 0.0


def run(quick: bool = False) -> list[Row]:
    out = []
    for set_name, rows in dev_rows().items():
        log(f"{NAME}: {set_name} ({len(rows)} announcements)")
        ours = score(rows, {r["id"]: policyfeed_predict(r["text"], r["published"], r.get("title")) for r in rows})
        jio = score(rows, {r["id"]: jionlp_predict(r["text"], r["published"]) for r in rows})
        cp = score(rows, {r["id"]: cpca_predict(r["text"]) for r in rows})
        always = score(rows, {r["id"]: {"exemption": True} for r in rows})
        label = f"{set_name} ({len(rows)} ann.)"
        for field in JIONLP_FIELDS:
            s, a = ours.fields[field], jio.fields[field]
            out.append(Row(NAME, f"{label} {field} F1; P/R {_p(s)}/{_r(s)} vs {_p(a)}/{_r(a)}",
                           _f1(s), "JioNLP", _f1(a), "F1", target="higher",
                           passed=_f1(s) > _f1(a), details={"policyfeed": _prf(s), "jionlp": _prf(a)}))
        s, a = ours.fields["regions"], cp.fields["regions"]
        out.append(Row(NAME, f"{label} regions F1; P/R {_p(s)}/{_r(s)} vs {_p(a)}/{_r(a)}", _f1(s),
                       "cpca-new", _f1(a), "F1", target="higher", passed=_f1(s) > _f1(a),
                       details={"policyfeed": _prf(s), "cpca": _prf(a)}))
        s, a = ours.exemption, always.exemption
        out.append(Row(NAME, f"{label} exemption F1; P/R {_p(s)}/{_r(s)} vs {_p(a)}/{_r(a)}", _f1(s),
                       "always true", _f1(a), "F1", target="higher", passed=_f1(s) > _f1(a),
                       details={"policyfeed": _prf(s), "always_true": _prf(a)}))
    return out


def _p(s) -> str:
    return "-" if s.precision is None else f"{s.precision:.2f}"


def _r(s) -> str:
    return "-" if s.recall is None else f"{s.recall:.2f}"
