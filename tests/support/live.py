"""A real server on a loopback port (the app in a thread, or ``egovkg serve`` in a process), and a real
headless browser (Debian's Chromium driven by Playwright), for tests that need them; the benchmarks use
the same loopback server. Fixtures that use these live in ``conftest.py``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: flags that keep Chromium from calling out to the network on its own
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_cli(store: Path, *, time_limit: float, row_cap: int = 1_000_000) -> Iterator[tuple[str, int]]:
    """``egovkg serve`` over ``store`` on a free loopback port; yields (base URL, server pid)."""
    port = free_port()
    egovkg = shutil.which("egovkg", path=str(Path(sys.executable).parent)) or "egovkg"
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGOVKG_")}
    env.update(EGOVKG_SPARQL_TIMEOUT=str(time_limit), EGOVKG_SPARQL_ROW_CAP=str(row_cap))
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([egovkg, "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"egovkg serve exited with {proc.returncode}:\n{log.read().decode()[-2000:]}")
            try:
                if httpx.get(url + "/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("egovkg serve did not come up within 300 s")
            time.sleep(0.2)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def serve(app) -> Iterator[str]:
    """Run ``app`` with uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class PageWatch:
    """What a page did that a test may want to refuse: console errors and requests off the machine."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


def watch(page) -> PageWatch:
    w = PageWatch()
    page.on("console", lambda m: w.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.page_errors.append(str(e)))

    def on_request(request) -> None:
        url = request.url
        if not url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            w.outside_requests.append(url)

    page.on("request", on_request)
    return w
