"""A real server on a loopback port, and a real headless browser (Debian's Chromium driven by
Playwright), for tests that need them. Fixtures that use these live in ``conftest.py``."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn

from benchmarks.served import free_port

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: flags that keep Chromium from calling out to the network on its own
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
]


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
