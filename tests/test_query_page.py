"""The query page in a real headless browser against the real server: run an example, see its rows
with labels and links, see a syntax error located, download results — with no console error and no
request leaving 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlencode

from graph.endpoint.examples import example_queries

IOC_TITLE = "Which provinces have an IOC"


def label(kg, iri: str, lang: str = "en") -> str:
    rows = kg.query(f"SELECT ?l WHERE {{ <{iri}> rdfs:label ?l FILTER(LANG(?l) = '{lang}') }} ORDER BY ?l").rows
    return rows[0][0].value


def test_every_example_runs_and_answers(kg):
    examples = example_queries()
    assert len(examples) >= 4 and len({e.slug for e in examples}) == len(examples)
    titles = {e.title for e in examples}
    assert {IOC_TITLE, "Which systems connect to the LGSP of Quảng Nam", "Qoffice users by year",
            "Systems that reach a national database without the LGSP"} <= titles
    for example in examples:
        assert example.title_vi and example.description
        assert kg.query(example.text).rows, f"{example.slug} answers nothing on the bundled data"


def test_examples_answer_what_the_reports_say(kg):
    by_slug = {e.slug: e for e in example_queries()}
    # Quảng Nam 2020: "… với số lượng user là 27.500"
    users = kg.query(by_slug["qoffice-users-by-year"].text).values()
    assert {(r["year"], r["users"]) for r in users} >= {("2020", "27500")}
    # the Quảng Nam (2020, 2022) and Sơn La (2023) reports each describe the province's IOC
    provinces = {r["province"].rsplit("/", 1)[1] for r in kg.query(by_slug["provinces-with-ioc"].text).values()}
    assert {"quang-nam", "son-la"} <= provinces
    # Quảng Nam 2022: the LGSP "đã kết nối với nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)"
    links = kg.query(by_slug["lgsp-quang-nam"].text).values()
    assert any(r["system"].endswith("/system/ndxp") and r["direction"] == "from the LGSP" for r in links)


def test_run_an_example_and_see_labelled_rows(page, server_url, kg):
    page.goto(server_url + "/query")
    assert page.locator("nav a[aria-current=page]").inner_text() == "Query"
    page.get_by_role("button", name=IOC_TITLE).click()
    page.wait_for_selector("#result-table tbody tr")
    example = next(e for e in example_queries() if e.title == IOC_TITLE)
    expected = kg.query(example.text).rows
    rows = page.locator("#result-table tbody tr")
    assert rows.count() == len(expected)
    assert page.locator("#result-table thead th").all_inner_texts() == ["province", "ioc", "report"]
    first_province = page.locator("#result-table tbody tr").first.locator("td").first.locator("a")
    assert first_province.inner_text() == label(kg, expected[0][0].value)  # the label, not the IRI
    assert first_province.get_attribute("title") == expected[0][0].value
    assert first_province.get_attribute("href") == "/explore/provinces/" + expected[0][0].value.rsplit("/", 1)[1]
    assert page.locator("#status").inner_text().startswith(f"{len(expected)} rows in ")
    page.select_option("#label-lang", "vi")
    assert first_province.inner_text() == label(kg, expected[0][0].value, "vi")
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.outside_requests == []


def test_syntax_error_is_shown_with_its_position(page, server_url):
    page.goto(server_url + "/query")
    page.fill("#query", "SELECT ?s WHERE {\n  ?s ?p }")
    page.click("#run")
    error = page.locator("#error")
    error.wait_for(state="visible")
    assert "line 2" in error.inner_text()
    assert page.locator("#gutter").inner_text().split() == ["1", "2"]
    assert page.watch.page_errors == [] and page.watch.outside_requests == []


def test_download_and_graph_results(page, server_url):
    page.goto(server_url + "/query")
    page.get_by_role("button", name=IOC_TITLE).click()
    page.wait_for_selector("#result-table tbody tr")
    with page.expect_download() as download:
        page.click("#download-buttons button[data-format=csv]")
    path = download.value.path()
    assert download.value.suggested_filename == "results.csv"
    assert path.read_text(encoding="utf-8").splitlines()[0] == "province,ioc,report"
    page.fill("#query", "CONSTRUCT { ?s a egov:LGSP } WHERE { ?s a egov:LGSP }")
    page.focus("#query")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("pre.graph")
    assert "egov:LGSP" in page.locator("pre.graph").inner_text()
    formats = page.locator("#download-buttons button").evaluate_all("bs => bs.map(b => b.dataset.format)")
    assert formats == ["turtle", "ntriples", "jsonld", "rdfxml"]
    with page.expect_download() as download:
        page.click("#download-buttons button[data-format=ntriples]")
    assert download.value.suggested_filename == "results.nt"
    assert page.watch.console_errors == [] and page.watch.outside_requests == []


def test_a_linked_query_opens_and_runs(page, server_url):
    # the explorer pages link here with ?query=…
    ask = "ASK { <https://w3id.org/egovkg/id/system/quang-nam/lgsp> egov:connectsTo system:ndxp }"
    page.goto(server_url + "/query?" + urlencode({"query": ask}))
    page.wait_for_selector("p.ask")
    assert page.locator("p.ask").inner_text() == "Yes (true)"
    assert page.input_value("#query") == ask
    assert page.watch.console_errors == [] and page.watch.outside_requests == []
