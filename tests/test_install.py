"""``pip install .`` (a wheel, not an editable install) ships what ``egovkg load`` needs: the curated data, the
ontology, the view's assets and the example queries. The wheel goes into a fresh virtual environment that
borrows only the third-party packages of this one, and runs from a folder outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .support.cli import run
from .support.paths import ROOT


def _clean_env() -> dict[str, str]:
    """This environment without the project's settings and without PYTHONPATH (which could put a source tree,
    or its egg-info, in front of the installed copy)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("EGOVKG_") and k != "PYTHONPATH"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``bin`` folder of a virtual environment with the project installed from a wheel."""
    base = tmp_path_factory.mktemp("install")
    wheels, venv = base / "wheels", base / "venv"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stdout}\n{build.stderr}")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120, env=_clean_env())
    python = venv / "bin" / "python"
    wheel = next(wheels.glob("egovkg-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True, timeout=600, env=_clean_env())
    # the dependencies come from this environment's site-packages, read as a plain folder: its .pth files,
    # and with them the editable install of this source tree, are not processed
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True, env=_clean_env()).stdout.strip())
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv / "bin"


def test_the_installed_package_loads_the_bundled_data(installed, tmp_path):
    env = _clean_env()
    where = subprocess.run([str(installed / "python"), "-c", "import graph, loaders; print(graph.__file__); "
                            "print(loaders.bundled_data_dir())"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout.splitlines()
    assert not where[0].startswith(str(ROOT)), "the test must run the installed copy, not the source tree"
    assert where[1].endswith("share/egovkg/data")
    proc = subprocess.run([str(installed / "egovkg"), "load", "--store", str(tmp_path / "store")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    source_tree = run("load", store=tmp_path / "source-store").stdout  # the editable install of this tree
    assert _loaded(proc.stdout) == _loaded(source_tree) and _loaded(proc.stdout) > 3
    query = subprocess.run([str(installed / "egovkg"), "query", "--store", str(tmp_path / "store"), "--format", "csv",
                            "SELECT (COUNT(*) AS ?n) WHERE { ?s a egov:LGSP }"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert query.returncode == 0 and int(query.stdout.splitlines()[1]) > 0, query.stderr


def _loaded(output: str) -> int:
    """N of the load's summary line, 'loaded N graph(s), …'."""
    line = next(line for line in output.splitlines() if line.startswith("loaded "))
    return int(line.split()[1])
