"""The first-sight table: the extractor's precision and recall on each shared report text, scored
before any rule was changed because of that text (``docs/first-sight.tsv``, shown in
``docs/first-sight.md`` and by ``egovkg extract-eval --first-sight``).

One row per curated text, in the order its gold file was finished (the gold file's modification time
when the row was first written; a later edit of the gold file does not move the row). Each row keeps
the raw counts (candidates right / candidates, gold found / gold) so averages over rows are
micro-averages, and the version of the extractor that produced it:

- the development texts' rows come from the extractor as it was before this work began, run from a
  checkout of that commit (``extractions_at``): a separate Python process imports the extractor from
  that checkout, extracts each text (the same text, header blanked, that the current code reads) and
  returns the candidates as JSON, which are scored here by the current scorer
  (``loaders.text.evaluate``);
- the held-out texts' rows come from the extractor of the working tree, run once, after the last rule
  change.

This module reads gold files and texts and writes only the table it is asked to write.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from pathlib import Path

import yaml

from loaders.text.candidates import (
    Extraction,
    FigureCandidate,
    LinkCandidate,
    Span,
    SystemCandidate,
)
from loaders.text.corpus import GoldFile
from loaders.text.evaluate import (
    ReportScore,
    Score,
    evaluate_gold,
    gold_meta,
    read_gold_text,
)
from ontology import IRIs

#: how many rows the head and tail averages cover (the issue's "first 20 vs last 20 texts")
WINDOW = 20
WHATS = ("systems", "links", "figures")


@dataclass
class Row:
    finished: str          # UTC time the gold file was finished (first seen)
    report: str
    text: str
    language: str
    held_out: bool
    systems: tuple[int, int, int, int]   # right, candidates, found, gold
    links: tuple[int, int, int, int]
    figures: tuple[int, int, int, int]
    version: str

    def score(self, what: str) -> Score:
        tp_pred, pred, tp_gold, gold = getattr(self, what)
        return Score(tp_pred, pred, tp_gold, gold)


def row_of(gold_file: GoldFile, gold: dict, score: ReportScore, version: str, finished: str | None = None) -> Row:
    def counts(s: Score) -> tuple[int, int, int, int]:
        return (s.tp_pred, s.pred, s.tp_gold, s.gold)

    when = finished or dt.datetime.fromtimestamp(gold_file.mtime, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Row(when, gold_file.report, gold_file.text, str(gold.get("language") or "?"), gold_file.held_out,
               counts(score.systems), counts(score.links), counts(score.figures), version)


# -- scoring ------------------------------------------------------------------------------------------

_RUNNER = """
import json, sys
import loaders.text as lt
from loaders.text import extract_text
from loaders.text.report import ReportMeta, parse_period
from ontology import IRIs
assert lt.__file__.startswith(sys.argv[1]), lt.__file__
iris = IRIs()
out = []
for job in json.load(sys.stdin):
    start, end = parse_period(job["period"])
    meta = ReportMeta(province=job["province"], period_start=start, period_end=end, id=job["id"])
    try:
        out.append(extract_text(job["text"], meta, iris).as_json())
    except Exception as exc:  # that version crashes on this text: it found nothing
        out.append({"crashed": f"{type(exc).__name__}: {exc}"})
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def extractions_at(code_dir: Path, jobs: list[tuple[dict, str]], iris: IRIs) -> list[Extraction | str]:
    """The candidates the extractor in the checkout ``code_dir`` finds in each (gold, text), scored-ready,
    or the error it crashed with (then it found nothing)."""
    code = str(code_dir.resolve())
    payload = [{"text": text, "province": str(gold["province"]), "period": str(gold["period"]), "id": gold["report"]}
               for gold, text in jobs]
    env = {**os.environ, "PYTHONPATH": code}
    done = subprocess.run([sys.executable, "-c", _RUNNER, code], input=json.dumps(payload), capture_output=True,
                          text=True, cwd=code, env=env, check=False)
    if done.returncode:
        raise RuntimeError(f"the extractor in {code} failed:\n{done.stderr[-2000:]}")
    return [items["crashed"] if isinstance(items, dict) else from_json(items, gold_meta(gold), iris)
            for items, (gold, _) in zip(json.loads(done.stdout), jobs)]


def from_json(items: list[dict], meta, iris: IRIs) -> Extraction:
    """An Extraction back from ``Extraction.as_json()`` (what the scorer needs of it)."""
    def local(iri: str) -> str:
        return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def span(d: dict) -> Span:
        return Span(d["text"], d["start"], d["end"])

    systems: dict[str, SystemCandidate] = {}
    links, figures = [], []
    for d in items:
        if d["kind"] == "system":
            systems[d["id"]] = SystemCandidate(d["id"], local(d["type"]), local(d["node"]) if d["node"] else None,
                                               d["label"], span(d["evidence"]), span(d["mention"]),
                                               [span(m) for m in d["mentions"]], d["confidence"])
    for d in items:
        if d["kind"] == "link":
            links.append(LinkCandidate(d["id"], local(d["type"]), systems[d["subject_id"]], systems[d["object_id"]],
                                       span(d["evidence"]), d["confidence"]))
        elif d["kind"] == "figure":
            figures.append(FigureCandidate(
                d["id"], Decimal(str(d["value"])), local(d["measure"]), d["unit"], span(d["evidence"]),
                span(d["number"]), d["confidence"],
                out_of=Decimal(str(d["out_of"])) if d["out_of"] is not None else None))
    return Extraction(meta, iris, list(systems.values()), links, figures)


def score_rows(gold_files: list[GoldFile], shared: Path, *, iris: IRIs, version: str,
               code_at: Path | None = None, finished: dict[str, str] | None = None) -> list[Row]:
    """A row for each gold file: extracted by this code, or by the checkout ``code_at``."""
    golds = [yaml.safe_load(g.path.read_text(encoding="utf-8")) for g in gold_files]
    texts = [read_gold_text(gold, shared) for gold in golds]
    made = extractions_at(code_at, list(zip(golds, texts)), iris) if code_at else [None] * len(golds)
    finished = finished or {}
    rows = []
    for g, gold, ex in zip(gold_files, golds, made):
        label = version
        if isinstance(ex, str):
            # a crash is scored as no candidates at all (recall 0), and the row says so
            label = f"{version}; crashed ({ex.split(':', 1)[0]}), scored as no candidates"
            ex = Extraction(gold_meta(gold), iris, [], [], [])
        rows.append(row_of(g, gold, evaluate_gold(gold, shared, iris=iris, extraction=ex), label,
                           finished.get(g.report)))
    return rows


def commit_of(code_dir: Path) -> str:
    done = subprocess.run(["git", "-C", str(code_dir), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, check=False)
    return done.stdout.strip() or "unknown"


# -- the table ----------------------------------------------------------------------------------------

_COLUMNS = [f.name for f in fields(Row)]


def read_rows(path: Path) -> list[Row]:
    if not path.is_file():
        return []
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for d in csv.DictReader(fh, delimiter="\t"):
            systems, links, figures = (_counts(d[w]) for w in WHATS)
            rows.append(Row(d["finished"], d["report"], d["text"], d["language"], d["held_out"] == "yes",
                            systems, links, figures, d["version"]))
    return rows


def _counts(cell: str) -> tuple[int, int, int, int]:
    right, candidates, found, gold = (int(x) for x in cell.split("/"))
    return right, candidates, found, gold


def write_rows(path: Path, rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(_COLUMNS)
        for r in rows:
            d = asdict(r)
            out.writerow([*(d[c] for c in _COLUMNS[:4]), "yes" if r.held_out else "no",
                          *("/".join(map(str, d[w])) for w in WHATS), r.version])


def merge(old: list[Row], new: list[Row]) -> list[Row]:
    """``new`` rows replace old rows of the same report (keeping the old row's place); the rest are
    added by the time their gold file was finished."""
    by_report = {r.report: r for r in old}
    for r in new:
        if r.report in by_report:
            r.finished = by_report[r.report].finished
        by_report[r.report] = r
    return sorted(by_report.values(), key=lambda r: (r.finished, r.report))


def total_of(rows: list[Row]) -> dict[str, Score]:
    out = {w: Score() for w in WHATS}
    for r in rows:
        for w in WHATS:
            out[w].add(r.score(w))
    return out


def _cells(scores: dict[str, Score]) -> list[str]:
    cells = []
    for w in WHATS:
        s = scores[w]
        cells += [f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.gold}"]
    return cells


def format_markdown(rows: list[Row]) -> str:
    head = ["#", "text", "language", "systems P", "R", "(n)", "links P", "R", "(n)", "figures P", "R", "(n)",
            "extractor version"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for i, r in enumerate(rows, 1):
        cells = _cells({w: r.score(w) for w in WHATS})
        text = r.text + (" (held-out)" if r.held_out else "")
        lines.append("| " + " | ".join([str(i), text, r.language, *cells, r.version]) + " |")
    return "\n".join(lines)


def averages(rows: list[Row], window: int = WINDOW) -> list[tuple[str, dict[str, Score]]]:
    """Micro-averaged scores: the first and last ``window`` rows, all rows, and the held-out rows by
    language."""
    out = [(f"first {min(window, len(rows))} rows", total_of(rows[:window])),
           (f"last {min(window, len(rows))} rows", total_of(rows[-window:])),
           (f"all {len(rows)} rows", total_of(rows))]
    held = [r for r in rows if r.held_out]
    if held:
        out.append((f"held-out ({len(held)})", total_of(held)))
        for language in sorted({r.language for r in held}):
            part = [r for r in held if r.language == language]
            out.append((f"held-out, {language} ({len(part)})", total_of(part)))
    return out


def format_averages(rows: list[Row]) -> str:
    head = ["rows (micro-averaged)", "systems P", "R", "(n)", "links P", "R", "(n)", "figures P", "R", "(n)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for label, scores in averages(rows):
        lines.append("| " + " | ".join([label, *_cells(scores)]) + " |")
    return "\n".join(lines)


__all__ = ["Row", "averages", "commit_of", "extractions_at", "format_averages", "format_markdown", "merge",
           "read_rows", "score_rows", "write_rows"]
