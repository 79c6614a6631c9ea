"""A load killed (SIGKILL) at evenly spread points must leave the store as it was before the load or after it."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

from graph.store import OxigraphStore

from .cli import EGOVKG


def state(store_dir: Path) -> tuple:
    """The named graphs and their sizes, the union's size, and how many of the store's own graphs are left."""
    store = OxigraphStore(store_dir)  # opening recovers an interrupted load
    try:
        leftovers = [g for g in store._store.named_graphs() if g.value.startswith("urn:egovkg:")]
        return (tuple((g.value, store.count(g)) for g in store.named_graphs()), store._default_triples(), len(leftovers))
    finally:
        store.close()


def kill_load_at_points(work_root: Path, base: Path, data: Path, *, points: int, first: float, timeout: float) -> None:
    """`egovkg load` of ``data`` into copies of the store at ``base``, once to the end, then killed at ``points``
    moments spread over that run (the first ``first`` seconds in): each kill leaves the old or the new state."""
    before = state(base)
    after_dir = work_root / "after"
    shutil.copytree(base, after_dir)
    started = time.monotonic()
    subprocess.run([EGOVKG, "load", "--store", str(after_dir), str(data)], check=True, capture_output=True, timeout=timeout)
    duration = time.monotonic() - started
    after = state(after_dir)
    assert before != after and before[2] == after[2] == 0
    outcomes = []
    for i in range(points):
        work = work_root / f"kill-{i}"
        shutil.copytree(base, work)
        proc = subprocess.Popen([EGOVKG, "load", "--store", str(work), str(data)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(first + duration * i / (points - 1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = state(work)
        assert now in (before, after), f"kill point {i}: neither the old nor the new state"
        outcomes.append("before" if now == before else "after")
        shutil.rmtree(work)
    assert "before" in outcomes  # the kill points did fall inside the load
