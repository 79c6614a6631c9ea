"""The shared report texts (``<shared>/reports/<folder>/<file>.txt``) and their gold annotations
(``tests/gold/reports/<id>.yaml``, each naming its text as ``text: <folder>/<file>.txt``).

``HELD_OUT_TEXTS`` are the texts kept for the final, unseen test of the extractor: code that lists
gold files for development (error lists, the baseline rows of the first-sight table) leaves them out
unless it is asked for them by name, and nothing here prints their text.

The shared folder's location is always passed in (the command line finds it next to the repository
or takes ``--shared``); this module never guesses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from loaders.text.report import decode_report, split_header

#: the twenty texts of the held-out test (paths under ``<shared>/reports``)
HELD_OUT_TEXTS = frozenset({
    "ha-tinh/ha-tinh-2025-soc-launch.txt",
    "lam-dong/lam-dong-2025-soc-launch.txt",
    "quang-ninh/quang-ninh-2025-digital-infrastructure.txt",
    "lai-chau/lai-chau-2022-city-ioc.txt",
    "phu-tho/hoa-binh-2020-ioc-launch.txt",
    "national/ndxp-2022-transactions.txt",
    "an-giang/an-giang-2025-ten-months-dms-reporting-system.txt",
    "bac-ninh/bac-ninh-2023-one-stop-lgsp.txt",
    "ca-mau/ca-mau-2025-most-working-session-shared-systems.txt",
    "can-tho/can-tho-2025-merger-information-systems-plan.txt",
    "cao-bang/cao-bang-2025-two-level-government-systems.txt",
    "dak-lak/dak-lak-2026-digital-infrastructure-igate.txt",
    "dong-nai/binh-phuoc-2021-vnpt-ioc-infrastructure.txt",
    "gia-lai/gia-lai-2025-population-data-tthc-system.txt",
    "hai-phong/hai-phong-2025-two-level-systems-1022.txt",
    "hung-yen/hung-yen-2023-dx-results-lgsp.txt",
    "nghe-an/nghe-an-2025-green-status-two-tier-systems.txt",
    "quang-tri/quang-tri-2024-digitalization-tthc-system.txt",
    "thai-nguyen/thai-nguyen-2022-ioc-digital-platforms.txt",
    "tay-ninh/long-an-2021-lgsp-soc-online-services.txt",
})


@dataclass(frozen=True)
class GoldFile:
    path: Path
    report: str
    text: str          # path under <shared>/reports
    mtime: float

    @property
    def held_out(self) -> bool:
        return self.text in HELD_OUT_TEXTS


def text_of(gold: dict) -> str:
    return str(gold.get("text") or "")


def gold_files(directory: Path) -> list[GoldFile]:
    """Every report gold file, oldest first (the order their curation finished). Only the ``report``
    and ``text`` fields are read here."""
    out = []
    for path in directory.glob("*.yaml"):
        try:
            gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            continue   # a file still being written
        if not isinstance(gold, dict) or not gold.get("text"):
            continue
        out.append(GoldFile(path, str(gold.get("report") or path.stem), text_of(gold), path.stat().st_mtime))
    return sorted(out, key=lambda g: (g.mtime, g.report))


def report_texts(shared: Path) -> list[Path]:
    return sorted((shared / "reports").glob("*/*.txt"))


def read_text(shared: Path, relative: str) -> str:
    """A shared report's text as the extractor reads it: decoded, the ``# key: value`` header blanked
    (offsets stay those of the file)."""
    path = shared / "reports" / relative
    return split_header(decode_report(path.read_bytes(), str(path)), str(path))[1]


__all__ = ["HELD_OUT_TEXTS", "GoldFile", "gold_files", "read_text", "report_texts"]
