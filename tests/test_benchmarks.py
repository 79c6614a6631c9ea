"""The benchmark suite is run by hand; this smoke run (a tiny graph, one run each, 3 s of load) keeps
it from rotting: every stage runs for real, against a real server, and prints its table."""

from __future__ import annotations

import subprocess
import sys

from .support.paths import ROOT


def test_the_suite_runs_end_to_end(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--data-dir", str(tmp_path), "--json", str(tmp_path / "r.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for row in ("load: `egovkg load`", "`oxigraph load`", "load: peak memory", "the first `egovkg neighbours` right after the load",
                "the first `egovkg impact`", "neighbours of a system", "3-hop reachability", "CONSTRUCT of a province",
                "HTTP: endpoint overhead", "peak memory", "Load test"):
        assert row in out, f"missing row {row!r}:\n{out}"
    assert "answers differ" not in out, out  # egovkg and rdflib found the same rows
    assert "| errors (neither 200 nor a time-limit answer) | 0 |" in out, out
    assert (tmp_path / "r.json").stat().st_size > 0
