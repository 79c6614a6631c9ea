"""notebooks/02_compliance.ipynb runs from top to bottom in a fresh kernel; a cell that fails fails the test."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "02_compliance.ipynb"


def test_the_compliance_notebook_runs(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    text = "\n".join(
        output.get("text", "") for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
    )
    assert "kien-giang  as of 2018-12-31" in text and "violation 2" in text
    assert "VIOLATION VNEAF-INT-02 [stated]" in text and "vẫn chưa hoàn thành trong năm 2018" in text
    assert "2025-10-22 VNEAF-INT-03: warning" in text and "merged into 'da-nang'" in text
    assert "quang-nam/ho-so-suc-khoe-dien-tu —queriesDataFrom→ population-db" in text
    assert "sh:ValidationReport" in text
    drawn = [o for cell in notebook.cells for o in cell.get("outputs", []) if "text/html" in o.get("data", {})]
    assert len(drawn) == 1 and "srcdoc=" in drawn[0]["data"]["text/html"]
