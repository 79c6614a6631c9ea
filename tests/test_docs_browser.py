"""``/docs`` with the network blocked: every request that leaves 127.0.0.1 is aborted, and the page still lists the
API's operations from the app's own copy of Swagger UI, with no failed request. There is no ``/redoc`` (404)."""

from __future__ import annotations

import httpx

from .support.offline import block_outside


def test_docs_page_names_only_local_assets(server_url):
    html = httpx.get(server_url + "/docs").text
    assert "/static/api-docs/swagger-ui-bundle.js" in html and "/static/api-docs/swagger-ui.css" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert httpx.get(server_url + "/redoc").status_code == 404
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert httpx.get(f"{server_url}/static/api-docs/{asset}").status_code == 200


def test_swagger_ui_lists_the_operations_offline(page, server_url):
    failed = block_outside(page)
    page.goto(server_url + "/docs")
    page.locator(".opblock").first.wait_for(timeout=20_000)
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    paths = {s.replace("\u200b", "").strip() for s in summaries}
    spec = httpx.get(server_url + "/openapi.json").json()
    assert paths and paths <= set(spec["paths"]) and "/health" in paths and "/sparql" in paths
    assert len(summaries) >= len(spec["paths"])
    assert page.locator(".information-container .title").inner_text().startswith("egovkg")
    tags = {t.split("\n")[0].strip() for t in page.locator(".opblock-tag").all_inner_texts()}
    assert {"health", "sparql", "systems", "provinces", "compliance", "extract"} <= tags and "default" not in tags
    assert failed == [] and page.watch.outside_requests == []
    assert page.watch.page_errors == []
