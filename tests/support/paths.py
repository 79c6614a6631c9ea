"""Where the tests find the repository and the shared folder beside it (seed reports, report texts, W3C suites)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
REPORTS = SHARED / "reports"
