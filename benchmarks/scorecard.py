"""The compliance pages against the real server: every province's scorecard (``/scorecard/{slug}``) cold and warm,
for the 34 provinces of today and the 63 of 30/6/2025, and the national picture (``/compliance``). The target is
a warm scorecard under 1 s. Run by hand: ``python -m benchmarks.scorecard --store PATH`` (or ``--url`` of a server
already running). Loopback only."""

from __future__ import annotations

import argparse
import re
import statistics
import time
from contextlib import nullcontext
from pathlib import Path

import httpx

from tests.support.live import serve_cli

DATES = ("", "2025-06-30")


def _get(client: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    r = client.get(path)
    elapsed = time.perf_counter() - started
    if r.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {r.status_code}")
    return elapsed


def measure(url: str) -> dict:
    out: dict = {}
    with httpx.Client(base_url=url, timeout=600) as client:
        for day in DATES:
            suffix = f"?as_of={day}" if day else ""
            national = [_get(client, "/compliance" + suffix) for _ in range(2)]
            # every province valid on the date (a tile each on the national page), covered by a report or not
            slugs = re.findall(r'<a class="tile [^"]*" data-province="([^"]+)"', client.get("/compliance" + suffix).text)
            everyone = slugs
            cold, warm = [], []
            for slug in slugs:
                cold.append(_get(client, f"/scorecard/{slug}{suffix}"))
                warm.append(min(_get(client, f"/scorecard/{slug}{suffix}") for _ in range(3)))
            out[day or "today"] = {"national_cold": national[0], "national_warm": national[1], "provinces": len(everyone),
                                   "cold": cold, "warm": warm, "slowest": slugs[warm.index(max(warm))]}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, help="a loaded store: the benchmark serves it itself")
    parser.add_argument("--url", help="a server already running (instead of --store)")
    args = parser.parse_args()
    if not args.url and not args.store:
        parser.error("give --store or --url")
    with (serve_cli(args.store, time_limit=30) if not args.url else nullcontext((args.url, None))) as (url, _pid):
        results = measure(url)
    print("| as of | provinces | national cold / warm (s) | scorecard cold median / max (s) | warm median / max (s) | slowest warm |")
    print("|---|---|---|---|---|---|")
    for day, r in results.items():
        print(f"| {day} | {r['provinces']} | {r['national_cold']:.2f} / {r['national_warm']:.2f} | "
              f"{statistics.median(r['cold']):.2f} / {max(r['cold']):.2f} | {statistics.median(r['warm']):.3f} / {max(r['warm']):.3f} "
              f"| {r['slowest']} |")


if __name__ == "__main__":
    main()
