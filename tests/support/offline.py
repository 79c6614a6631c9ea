"""A browser page with the network blocked: every request that leaves 127.0.0.1 is aborted and recorded."""

from __future__ import annotations


def block_outside(page) -> list[str]:
    """Abort every request off the machine; return the list that collects failed requests (and 4xx/5xx answers)."""
    failed: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else route.abort())
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return failed
