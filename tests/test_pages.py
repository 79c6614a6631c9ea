"""Pages in a real headless browser against the real server."""

from __future__ import annotations


def test_home_page_renders_offline(page, server_url):
    page.goto(server_url + "/")
    assert page.locator("h1").inner_text().startswith("egovkg")
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.outside_requests == []
