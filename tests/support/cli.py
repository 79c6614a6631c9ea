"""The installed ``egovkg`` console script, run as a user runs it (a subprocess)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

EGOVKG = shutil.which("egovkg", path=str(Path(sys.executable).parent)) or "egovkg"


def run(*args: str, store: Path | None = None, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("EGOVKG_")}
    full_env.update(env or {})
    cmd = [EGOVKG, *args] + (["--store", str(store)] if store else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, env=full_env, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"{cmd} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc
