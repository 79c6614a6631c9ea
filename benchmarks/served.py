"""The HTTP side of the benchmark: the real server (``egovkg serve``) on a loopback port, the architect
queries through ``/sparql``, the endpoint's own overhead, and the load test.

The load test runs ``wrk`` (Debian package ``wrk``) when it is installed: 32 connections for 60 s
send the architect query mix, and a share of slow queries that must hit the server's time limit
(``EGOVKG_SPARQL_TIMEOUT``) without stalling the rest. A light probe (one request every 200 ms)
measures the small query's latency while that goes on, and the server's memory (with its worker
processes) is sampled every second. Without wrk, an asyncio client does the same (it takes CPU
from the server on a 2-core machine; the figures say which tool made them). Loopback only.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from urllib.parse import quote

import httpx

from tests.support.live import free_port, serve_cli as serve  # noqa: F401 (re-exported: the loopback harness the tests use too)

#: results as SPARQL JSON, graphs (CONSTRUCT) as N-Triples: what a client of the query mix asks for
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def query_timings(url: str, queries: dict[str, str], small: str, repeat: int) -> dict:
    """Each query through GET /sparql, warm-up first, then ``repeat`` runs (the small one 50 times)."""
    out: dict[str, dict] = {}
    with httpx.Client(base_url=url, timeout=600) as client:
        for name, sparql in [*queries.items(), ("small", small)]:
            runs: list[float] = []
            for i in range((50 if name == "small" else repeat) + 1):
                started = time.perf_counter()
                response = client.get("/sparql", params={"query": sparql}, headers={"Accept": ACCEPT})
                response.read()
                if i:
                    runs.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise RuntimeError(f"{name}: HTTP {response.status_code} {response.text[:300]}")
            out[name] = {"runs": runs}
    return out


# -- load test -------------------------------------------------------------------------------------
WRK_SCRIPT = """
local paths = { %(paths)s }
local slow = "%(slow)s"
local slow_every = %(slow_every)d
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = 0; ok = 0; limited = 0; other = 0 end
function request()
  n = n + 1
  if slow_every > 0 and n %% slow_every == 0 then
    return wrk.format("GET", slow, { ["Accept"] = "%(json)s" })
  end
  return wrk.format("GET", paths[(n %% #paths) + 1], { ["Accept"] = "%(json)s" })
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 503 or status == 504 then limited = limited + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local o, l, x = 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); l = l + t:get("limited"); x = x + t:get("other") end
  io.write(string.format("EGOVKG ok=%%d limited=%%d other=%%d\\n", o, l, x))
  io.write(string.format("EGOVKG requests=%%d connect=%%d read=%%d write=%%d timeout=%%d\\n", summary.requests,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  for _, p in ipairs({ 50, 90, 99 }) do io.write(string.format("EGOVKG p%%d=%%d\\n", p, latency:percentile(p))) end
  io.write(string.format("EGOVKG max=%%d\\n", latency.max))
end
"""


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc), in MiB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue  # the process ended meanwhile
    return total / 2**20


class Sampler:
    """Samples the server's resident memory (its own and its children's) every second."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(rss_mb(self.pid))
            self._stop.wait(1.0)

    def __enter__(self) -> "Sampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class Probe:
    """One request of the small query every 200 ms: the latency a user sees while the load runs."""

    def __init__(self, url: str, small: str) -> None:
        self.url, self.small = url, small
        self.latencies: list[float] = []
        self.errors = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=60) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    ok = client.get("/sparql", params={"query": self.small}, headers={"Accept": ACCEPT}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.latencies.append(time.perf_counter() - started)
                self.errors += not ok
                self._stop.wait(0.2)

    def __enter__(self) -> "Probe":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def load_test(url: str, pid: int, mix: list[str], slow: str, small: str, *, clients: int, seconds: float,
              slow_every: int) -> dict:
    with Sampler(pid) as sampler, Probe(url, small) as probe:
        if shutil.which("wrk"):
            result = _wrk(url, mix, slow, clients=clients, seconds=seconds, slow_every=slow_every)
        else:
            result = asyncio.run(_asyncio_load(url, mix, slow, clients=clients, seconds=seconds, slow_every=slow_every))
    lat = sorted(probe.latencies)
    result["probe"] = {
        "n": len(lat), "errors": probe.errors,
        "p50_ms": 1000 * statistics.median(lat) if lat else None,
        "p99_ms": 1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))] if lat else None,
        "max_ms": 1000 * lat[-1] if lat else None,
    }
    result["memory_mb"] = {"first": sampler.samples[0] if sampler.samples else None,
                           "last": sampler.samples[-1] if sampler.samples else None,
                           "max": max(sampler.samples) if sampler.samples else None}
    return result


def _path(sparql: str) -> str:
    return "/sparql?query=" + quote(sparql, safe="")


def _wrk(url: str, mix: list[str], slow: str, *, clients: int, seconds: float, slow_every: int) -> dict:
    script = WRK_SCRIPT % {
        "paths": ", ".join(f'"{_path(q)}"' for q in mix), "slow": _path(slow), "slow_every": slow_every,
        "json": ACCEPT,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    try:
        proc = subprocess.run(
            ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds:g}s", "--timeout", "60s", "-s", fh.name, url],
            capture_output=True, text=True, timeout=seconds + 180,
        )
    finally:
        os.unlink(fh.name)
    values = {}
    for line in proc.stdout.splitlines():
        if line.startswith("EGOVKG "):
            for pair in line.split()[1:]:
                key, value = pair.split("=")
                values[key] = int(value)
    if "requests" not in values:
        raise RuntimeError(f"wrk failed:\n{proc.stdout}\n{proc.stderr}")
    socket_errors = sum(values[k] for k in ("connect", "read", "write", "timeout"))
    return {
        "tool": "wrk", "seconds": seconds, "clients": clients, "requests": values["requests"],
        "throughput": values["requests"] / seconds, "ok": values["ok"], "limited": values["limited"],
        "errors": values["other"] + socket_errors, "p50_ms": values["p50"] / 1000, "p90_ms": values["p90"] / 1000,
        "p99_ms": values["p99"] / 1000, "max_ms": values["max"] / 1000,
        "slow_sent": values["requests"] // slow_every if slow_every else 0,
    }


async def _asyncio_load(url: str, mix: list[str], slow: str, *, clients: int, seconds: float, slow_every: int) -> dict:
    latencies: list[float] = []
    counts = {"ok": 0, "limited": 0, "errors": 0, "slow_sent": 0}
    stop = time.monotonic() + seconds
    paths = [_path(q) for q in mix]

    async def client(i: int, http: httpx.AsyncClient) -> None:
        n = i
        while time.monotonic() < stop:
            n += 1
            is_slow = slow_every > 0 and n % slow_every == 0
            counts["slow_sent"] += is_slow
            started = time.perf_counter()
            try:
                r = await http.get(_path(slow) if is_slow else paths[n % len(paths)], headers={"Accept": ACCEPT})
                key = "ok" if r.status_code == 200 else "limited" if r.status_code in (503, 504) else "errors"
            except httpx.HTTPError:
                key = "errors"
            counts[key] += 1
            latencies.append(time.perf_counter() - started)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        await asyncio.gather(*(client(i, http) for i in range(clients)))
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return 1000 * lat[min(len(lat) - 1, int(p * len(lat)))]

    return {"tool": "asyncio (httpx)", "seconds": seconds, "clients": clients, "requests": len(lat),
            "throughput": len(lat) / seconds, **counts, "p50_ms": pct(0.5), "p90_ms": pct(0.9), "p99_ms": pct(0.99),
            "max_ms": 1000 * lat[-1]}
