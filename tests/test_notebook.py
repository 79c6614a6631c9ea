"""notebooks/01_explore.ipynb runs from top to bottom in a fresh kernel (it builds its own store in a
temporary folder); a cell that fails fails the test, with the cell's error."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "01_explore.ipynb"


def test_the_explore_notebook_runs(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    text = "\n".join(
        output.get("text", "") for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
    )
    assert "quang-nam/qoffice —exchangesDataVia→ quang-nam/lgsp —connectsTo→ ndxp" in text
    assert "loses national reach" in text
    drawn = [o for cell in notebook.cells for o in cell.get("outputs", []) if "text/html" in o.get("data", {})]
    assert len(drawn) == 4 and all("srcdoc=" in o["data"]["text/html"] for o in drawn)
