"""The command line's preforked worker (:class:`graph.sandbox.PreforkedContext`): forked before a store opens, it
runs the first call it is handed, later ones come from the fork server, and an unused one ends with the command.
Each case runs in a new interpreter, single-threaded as a command line is (the test process may have threads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, os, sys
from graph.sandbox import _threads, preforked_context

def report(conn, value):
    conn.send((value, os.getpid()))
    conn.close()

def run(context, value):
    parent, child = context.Pipe()
    process = context.Process(target=report, name="t", daemon=True, args=(child, value))
    process.start()
    child.close()
    got = parent.recv()
    process.join(timeout=10)
    return got, process.exitcode

if __name__ == "__main__":
    out = {"threads": _threads()}
    context = preforked_context()
    out["preforked"] = context._worker.pid if context._worker is not None else None
    if sys.argv[1] == "use":
        out["first"], out["first_exit"] = run(context, "one")
        out["second"], _ = run(context, "two")
    worker = context._worker
    context.close()
    out["worker_exit"] = worker.exitcode if worker is not None else None
    out["pid"] = os.getpid()
    print(json.dumps(out))
"""


def _script(tmp_path: Path, mode: str) -> dict:
    path = tmp_path / "prefork_case.py"
    path.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(path), mode], capture_output=True, text=True, timeout=60, env=env, check=True)
    return json.loads(done.stdout)


def test_the_first_call_goes_to_the_preforked_worker_and_later_ones_elsewhere(tmp_path):
    out = _script(tmp_path, "use")
    assert out["threads"] == 1 and out["preforked"] is not None
    assert out["first"] == ["one", out["preforked"]] and out["first_exit"] == 0
    assert out["second"][0] == "two" and out["second"][1] not in (out["preforked"], out["pid"])


def test_an_unused_worker_ends_of_itself_when_closed(tmp_path):
    """Closed unused, the worker reads the end of its jobs and returns (exit 0): it is not left to the kill that
    follows a join that timed out (exit -9)."""
    out = _script(tmp_path, "keep")
    assert out["preforked"] is not None
    assert out["worker_exit"] == 0


def test_reading_what_a_check_s_worker_imports_does_not_import_the_engine():
    """``egovkg check`` reads :data:`graph.compliance.workers.WORKER_MODULES` before it forks its worker, which then
    imports them beside the command: reading it imports neither the engine nor the runner."""
    code = ("import sys; from graph.compliance.workers import WORKER_MODULES; "
            "print(sorted(m for m in sys.modules if m.startswith('graph.compliance')), list(WORKER_MODULES))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env, check=True)
    assert done.stdout.strip() == "['graph.compliance', 'graph.compliance.workers'] ['graph.compliance.runner', 'graph.sparql.lexer']"
