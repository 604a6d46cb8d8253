"""Accuracy, tuned and blind, labelled as such.

Every set scored here is a development set: its failures were fixed after it was first measured, so
its figure today (TUNED) says how well policyfeed fits data it was corrected on, not how it does on
announcements or pages it has not seen. The estimate of the latter is each set's FIRST PASS: the
score of the code of the commit before the set was tuned on, on that set (the table FIRST_PASS,
recomputed from the git history with ``python -m bench.accuracy --first-pass``).

Extraction (`policyfeed eval`'s scoring, extract.scoring.score: must/may, micro over announcements),
per field, on tests/data/seed_gold.jsonl and dev2..dev5_gold.jsonl, and on ../shared/realtext/
dev_gold.jsonl (30 real notices nobody on the project wrote, read from beside the repository, never
copied into it). Anchors, same texts: the composite of the other tools (JioNLP's time extraction for
dates, windows and hours, cpca-new's regions; bench.wrappers.composite_predict) and, for the
exemption flag that neither predicts, the trivial baseline "every announcement is an exemption".

Pages: ../shared/realpages/ (73 third-party article pages and 9 list pages) scored in-process with
that corpus's own scorer functions (score_realpages.py, imported as tests/test_realpages.py does):
title, published, text recall, leakage, list item F1, next; beside each, the first pass.

A set that is not there (../shared absent) is skipped with a note row.
"""
from __future__ import annotations

import importlib.util
import json
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

from extract.scoring import FIELDS, score

from . import ROOT, Row, load_jsonl, log
from .wrappers import composite_predict, jionlp_regions, policyfeed_predict

NAME = "accuracy"
SHARED = ROOT.parent / "shared"
REALTEXT = SHARED / "realtext" / "dev_gold.jsonl"
REALPAGES = SHARED / "realpages"
COMPOSITE = "JioNLP time + cpca-new regions"

#: the extraction development sets, in the order they were added
SETS = {
    "seed": ROOT / "tests" / "data" / "seed_gold.jsonl",
    "dev2": ROOT / "tests" / "data" / "dev2_gold.jsonl",
    "dev3": ROOT / "tests" / "data" / "dev3_gold.jsonl",
    "dev4": ROOT / "tests" / "data" / "dev4_gold.jsonl",
    "dev5": ROOT / "tests" / "data" / "dev5_gold.jsonl",
    "realtext": REALTEXT,
}

#: realpages' first pass (FIRST_PASS["realpages"]): the code before the first real-page change
#: (3f3cd6e, 50a3c27, aa5424f … tuned on the corpus); the held-out part, added later, was blind at
#: 66ca284^: title 0.79, published 0.87, recall 0.95
REALPAGES_FIRST_PASS: dict = {"commit": "277191f", "tuned_in": "3f3cd6e", "note": "third-party pages",
                              "scores": {"title": 0.548, "published": 0.317, "recall": 0.595, "leakage": 0.047,
                                         "list_f1": 0.376, "next": 7}}

#: Each set's first pass: the code of `commit` (the one before the set was tuned on, in `tuned_in`)
#: on the set's gold as it is now (unchanged since it was added). Recomputed with
#: `python -m bench.accuracy --first-pass` (git archive of the commit, its own extractor, parsers and
#: scorer); the figures agree with the commit messages that give one (fd1f3ac: regions 0.86,
#: exemption 0.87; add2d79: every field 1.00 but exemption 0.96). F1 per field; for realpages the
#: corpus scorer's measures. None: there is no first pass (seed: the extractor was written against it).
FIRST_PASS: dict[str, dict | None] = {
    "seed": None,
    "dev2": {"commit": "d291538", "tuned_in": "17694f4", "note": "gold written by the project, not blind",
             "f1": {"effective_dates": 0.973, "windows": 0.973, "regions": 0.944, "hours": 1.0,
                    "exemption": 0.966}},
    "dev3": {"commit": "0cbb947", "tuned_in": "5c5ce03", "note": "blind annotators",
             "f1": {"effective_dates": 0.921, "windows": 0.967, "regions": 0.880, "hours": 0.980,
                    "exemption": 0.905}},
    "dev4": {"commit": "0992c5f", "tuned_in": "fd1f3ac", "note": "blind annotators",
             "f1": {"effective_dates": 1.0, "windows": 0.943, "regions": 0.865, "hours": 0.963,
                    "exemption": 0.867}},
    "dev5": {"commit": "bcce5e4", "tuned_in": "add2d79", "note": "blind annotators",
             "f1": {"effective_dates": 1.0, "windows": 1.0, "regions": 1.0, "hours": 1.0, "exemption": 0.96}},
    # first measured at 61c70f4 (the same at d320940: nothing was tuned on it before 069af6b)
    "realtext": {"commit": "61c70f4", "tuned_in": "069af6b",
                 "note": "real notices, blind annotators; one false exemption",
                 "f1": {"effective_dates": 0.966, "windows": 0.765, "regions": 0.828, "hours": 0.941,
                        "exemption": 0.0}},
    "realpages": REALPAGES_FIRST_PASS,
}


def _f1(s) -> float:
    return s.f1 if s.f1 is not None else 0.0


def _prf(s) -> dict:
    return {"must": s.must, "predicted": s.predicted, "hits": s.hits, "misses": s.misses,
            "false_alarms": s.false_alarms, "precision": s.precision, "recall": s.recall, "f1": s.f1}


def _label(name: str, rows: list[dict]) -> str:
    return f"{name} ({len(rows)}, TUNED on)"


def _blind(name: str, field: str) -> str:
    first = FIRST_PASS.get(name)
    if first is None:
        return "blind: none (written against it)"
    value = first["f1"].get(field)
    return "blind: not recorded" if value is None else f"blind {value:.2f} @{first['commit']}"


def extraction_rows(name: str, rows: list[dict]) -> list[Row]:
    log(f"{NAME}: {name} ({len(rows)} announcements)")
    ours = score(rows, {r["id"]: policyfeed_predict(r["text"], r["published"], r.get("title")) for r in rows})
    comp = score(rows, {r["id"]: composite_predict(r["text"], r["published"]) for r in rows})
    jio_regions = score(rows, {r["id"]: {"regions": [{"code": c} for c in jionlp_regions(r["text"])]} for r in rows})
    always = score(rows, {r["id"]: {"exemption": True} for r in rows})
    label = _label(name, rows)
    out = []
    for field in FIELDS:
        s, a = ours.fields[field], comp.fields[field]
        details = {"policyfeed": _prf(s), "composite": _prf(a), "first_pass": FIRST_PASS.get(name)}
        if field == "regions":
            details["jionlp_location"] = _prf(jio_regions.fields["regions"])
        out.append(Row(NAME, f"{label} {field} F1; {_blind(name, field)}", _f1(s), COMPOSITE, _f1(a), "F1",
                       target="higher", passed=_f1(s) > _f1(a), details=details))
    s, a = ours.exemption, always.exemption
    extra = f" ({s.false_alarms} false of {len(rows)}, no true one in gold)" if s.must == 0 else ""
    out.append(Row(NAME, f"{label} exemption F1{extra}; {_blind(name, 'exemption')}", _f1(s), "always true",
                   _f1(a), "F1", target="higher" if s.must else "", passed=_f1(s) > _f1(a) if s.must else None,
                   details={"policyfeed": _prf(s), "always_true": _prf(a), "first_pass": FIRST_PASS.get(name)}))
    return out


def _realpages_scorer():
    spec = importlib.util.spec_from_file_location("score_realpages", REALPAGES / "score_realpages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def realpages_scores() -> dict:
    """The corpus's measures for the current parsers, in-process (as tests/test_realpages.py)."""
    from scraper.pages.article import parse_article
    from scraper.pages.encoding import decode
    from scraper.pages.listpage import parse_list

    from .parsing import load_real_pages

    sc = _realpages_scorer()
    quiet = logging.getLogger("scraper.pages.encoding")
    level, quiet.level = quiet.level, logging.ERROR  # the corpus's wrong charsets are known (its README)
    try:
        articles = load_jsonl(REALPAGES / "articles.jsonl")
        titles = dated = dates = must = hits = mustnot = leaks = 0
        for record in articles:
            html, _ = decode((REALPAGES / record["path"]).read_bytes())
            article = parse_article(html, record["url"])
            text = sc.ws(article.text)
            titles += sc.tnorm(article.title) == sc.tnorm(record["title"])
            if record["published"] is not None:
                dated += 1
                dates += sc.date_ok(article.published, record["published"])
            must += len(record["text_must"])
            hits += sum(sc.ws(p) in text for p in record["text_must"])
            mustnot += len(record["text_mustnot"])
            leaks += sum(sc.ws(p) in text for p in record["text_mustnot"])
        lists = load_real_pages()
        tp = predicted = gold = nexts = 0
        for real in lists:
            record = real["gold"]
            page = parse_list(real["html"], real["url"], real["now"])
            items = [vars(i) for i in page.items]
            tp += sc.match_items(items, record["items"])
            predicted += len(items)
            gold += len(record["items"])
            nexts += page.next == record.get("next")
    finally:
        quiet.setLevel(level)
    return {"articles": len(articles), "lists": len(lists), "title": titles / len(articles),
            "published": dates / dated, "recall": hits / must, "leakage": leaks / mustnot,
            "list_f1": 2 * tp / (predicted + gold), "next": nexts}


def realpages_rows() -> list[Row]:
    log(f"{NAME}: realpages (73 articles, 9 list pages, parsed in-process)")
    now = realpages_scores()
    first = REALPAGES_FIRST_PASS
    label = f"realpages ({now['articles']} articles, {now['lists']} lists, TUNED on)"
    anchor = f"first pass @{first['commit']}"
    out = []
    for key, measure in (("title", "title"), ("published", "published"), ("recall", "text recall"),
                         ("leakage", "leakage (lower is better)"), ("list_f1", "list item F1")):
        out.append(Row(NAME, f"{label} {measure}", now[key], anchor, first["scores"][key], "F1",
                       details={"now": now, "first_pass": first}))
    out.append(Row(NAME, f"{label} next link right, of {now['lists']}", now["next"], anchor,
                   first["scores"]["next"], "", details={"now": now, "first_pass": first}))
    return out


def run(quick: bool = False) -> list[Row]:
    out = []
    for name, path in SETS.items():
        if not path.is_file():
            out.append(Row(NAME, f"{name}: SKIPPED, {path} not found (../shared is not beside the repository)",
                           None, "-", None))
            continue
        out.extend(extraction_rows(name, load_jsonl(path)))
    if (REALPAGES / "score_realpages.py").is_file():
        out.extend(realpages_rows())
    else:
        out.append(Row(NAME, f"realpages: SKIPPED, {REALPAGES} not found", None, "-", None))
    return out


# --- recomputing FIRST_PASS from the git history ------------------------------------------------------

OLD_EVAL = """
import json, sys
from extract import extract
from extract.scoring import score
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
result = score(rows, {r["id"]: extract(r["text"], r["published"], r.get("title")).as_dict() for r in rows})
out = {name: result.fields[name].f1 for name in result.fields}
out["exemption"] = result.exemption.f1
print(json.dumps(out))
"""


def _old_tree(commit: str, where: Path) -> Path:
    """The repository at commit, unpacked (git archive: the working tree and index are not touched),
    with its data/ importable as policyfeed_data ahead of the installed one."""
    tree = where / commit
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        subprocess.run(["cp", "-r", str(tree / "data"), str(tree / "policyfeed_data")], check=True)
    return tree


def recompute_first_pass() -> dict:
    """FIRST_PASS, recomputed: each commit's own code on each set (about two minutes)."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="policyfeed-first-pass-") as tmp:
        for name, first in FIRST_PASS.items():
            if first is None or not (name == "realpages" or SETS[name].is_file()):
                continue
            tree = _old_tree(first["commit"], Path(tmp))
            env = {"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}
            if name == "realpages":
                if not (REALPAGES / "score_realpages.py").is_file():
                    continue
                done = subprocess.run([sys.executable, str(REALPAGES / "score_realpages.py"), "--cmd",
                                       f"{sys.executable} -m scraper.cli"], cwd=tree, env=env,
                                      capture_output=True, text=True)
                out[name] = done.stdout.strip()
            else:
                done = subprocess.run([sys.executable, "-c", OLD_EVAL, str(SETS[name])], cwd=tree, env=env,
                                      capture_output=True, text=True)
                out[name] = json.loads(done.stdout) if done.returncode == 0 else done.stderr[-500:]
            log(f"first pass of {name} at {first['commit']}: {out[name]}")
    return out


if __name__ == "__main__":
    if sys.argv[1:] == ["--first-pass"]:
        print(json.dumps(recompute_first_pass(), indent=2, ensure_ascii=False))
    else:
        sys.exit("usage: python -m bench.accuracy --first-pass  (recomputes FIRST_PASS from the git history)")
