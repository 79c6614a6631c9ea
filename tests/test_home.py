"""The home page: a search box to the explorer, what the graph holds (from graph.network.coverage), and where to
start; every link on it answers, and in Chromium it renders with no request leaving 127.0.0.1."""

from __future__ import annotations

import re

import httpx


def test_home_page_holds_search_figures_and_starts(server_url):
    html = httpx.get(server_url + "/").text
    assert re.search(r'<form class="home-search" method="get" action="/explore"', html)
    assert 'name="q"' in html
    assert "What the graph holds" in html and "Where to start" in html
    assert re.search(r"<b>3[0-4]</b> of 34 provinces", html)  # the curated data cover at least 30 of the 34
    assert "Quảng Trị" in html and "Đà Nẵng" in html and "Hồ Chí Minh City" in html  # names keep their diacritics
    vi = httpx.get(server_url + "/", params={"lang": "vi"}).text
    assert "Đồ thị chứa gì" in vi and re.search(r"<b>3[0-4]</b> trên 34 tỉnh, thành phố", vi) and "Thành phố Hồ Chí Minh" in vi
    for start in ("/explore", "/explore/national", "/compliance", "/query", "/docs", "/sparql"):
        assert f'href="{start}"' in html


def test_every_link_on_the_home_page_answers(server_url):
    html = httpx.get(server_url + "/").text
    links = sorted(set(re.findall(r'href="(/[^"]*)"', html)))
    assert any(link.startswith("/explore/provinces/") for link in links)
    bad = []
    for link in links:
        r = httpx.get(server_url + link, timeout=60)
        if r.status_code != 200 and not (link == "/sparql" and r.status_code == 400):
            bad.append(f"{r.status_code} {link}")
    assert bad == []


def test_home_page_search_box_leads_to_the_explorer(page, server_url):
    page.goto(server_url + "/")
    page.fill(".home-search input[name=q]", "qoffice")
    page.click(".home-search button")
    page.wait_for_url("**/explore?q=qoffice")
    assert page.locator("ol.hits li").count() >= 1
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.outside_requests == []
