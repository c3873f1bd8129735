"""The tutorial notebook runs from top to bottom (at a small size) with nbclient."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "experiments" / "tutorial.ipynb"


def test_tutorial_notebook_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("COPROD_TUTORIAL_SMALL", "1")
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel draws inline PNGs
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={
        "metadata": {"path": str(tmp_path)}
    }).execute()  # fmt: skip
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "100 citizens, 8 weeks" in text
    assert "'done': 6" in text  # the 3 x 2 grid, one replication each
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert os.environ["COPROD_TUTORIAL_SMALL"] == "1"
