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
import json, os, sys, time
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
    started = time.monotonic()
    context.close()
    out["close_s"] = time.monotonic() - started
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


def test_an_unused_worker_ends_at_once_when_closed(tmp_path):
    out = _script(tmp_path, "keep")
    assert out["preforked"] is not None
    assert out["close_s"] < 1.0


def test_the_command_line_preloads_what_the_runner_s_children_do():
    """``egovkg check`` forks its worker before it may import the runner: its list of what the worker imports is
    written out, and must not drift from the runner's."""
    from egovkg.cli.compliance import WORKER_MODULES
    from graph.compliance.runner import WORKER_MODULES as RUNNER_MODULES

    assert tuple(WORKER_MODULES) == RUNNER_MODULES
