"""The notebooks run from top to bottom in a fresh kernel (each builds its own store in a temporary
folder); a cell that fails fails the test, with the cell's error. Then what they printed is checked."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from .support.paths import ROOT


def run_notebook(name: str, tmp_path) -> tuple[str, list[dict], list[str]]:
    """Execute ``notebooks/<name>``; return its printed text, its HTML outputs and its SVG ones."""
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    # The kernel sends what a cell prints in chunks, flushed by a timer that may fire in the middle of a line (one
    # `print` of several values is several writes): the chunks of each stream are joined back before any check.
    NotebookClient(notebook, timeout=300, kernel_name="python3", coalesce_streams=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    text = "\n".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
    drawn = [o for o in outputs if "text/html" in o.get("data", {})]
    svgs = [o["data"]["image/svg+xml"] for o in outputs if "image/svg+xml" in o.get("data", {})]
    return text, drawn, ["".join(x) if isinstance(x, list) else x for x in svgs]


def test_the_explore_notebook_runs(tmp_path):
    text, drawn, svgs = run_notebook("01_explore.ipynb", tmp_path)
    assert "quang-nam/qoffice —exchangesDataVia→ quang-nam/lgsp —connectsTo→ ndxp" in text
    assert "loses national reach" in text
    assert len(drawn) == 4 and all("srcdoc=" in o["data"]["text/html"] for o in drawn)
    # the layered diagram, the same SVG as the province page's: Quảng Nam as its 2020 sources stated it
    assert len(svgs) == 1 and 'class="layered"' in svgs[0] and "as stated by 2020" in svgs[0]
    assert 'class="box pilot" data-id="quang-nam/ioc"' in svgs[0]


def test_the_compliance_notebook_runs(tmp_path):
    text, drawn, _ = run_notebook("02_compliance.ipynb", tmp_path)
    assert "kien-giang  as of 2018-12-31" in text and "violation 2" in text
    assert "VIOLATION VNEAF-INT-02 [stated]" in text and "vẫn chưa hoàn thành trong năm 2018" in text
    assert "2025-10-22 VNEAF-INT-03: warning" in text and "merged into 'da-nang'" in text
    assert "quang-nam/ho-so-suc-khoe-dien-tu —queriesDataFrom→ population-db" in text
    assert "sh:ValidationReport" in text
    assert len(drawn) == 1 and "srcdoc=" in drawn[0]["data"]["text/html"]
